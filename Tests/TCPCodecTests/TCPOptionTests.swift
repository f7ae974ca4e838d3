import TCPCodec
import XCTest

final class TCPOptionTests: XCTestCase {
    private func data(_ bytes: [UInt8]) -> TCPOptionData {
        try! TCPOptionData(bytes)
    }

    private func mptcp(_ subtype: MPTCPSubtype, _ bits: UInt8, _ hex: String) -> TCPOption {
        .multipath(MPTCPOption(subtype: subtype, subtypeBits: bits, data: data(hexBytes(hex))))
    }

    // MARK: - Known answers from captures

    func testOptionsOfCapturedSegmentsMatchTcpdump() throws {
        let nop = TCPOption.noOperation
        let expected: [(CaptureSegment, [TCPOption])] = [
            // [mss 1460,nop,wscale 6,nop,nop,TS val 1948436430 ecr 0,sackOK,eol]
            (CaptureFixtures.sshSYN, [
                .maximumSegmentSize(1460), nop, .windowScale(6), nop, nop,
                .timestamps(value: 1_948_436_430, echoReply: 0), .sackPermitted, .endOfOptionList,
            ]),
            // [mss 1460,sackOK,nop x 11,wscale 7]
            (CaptureFixtures.sshSYNACK, [.maximumSegmentSize(1460), .sackPermitted]
                + [TCPOption](repeating: nop, count: 11) + [.windowScale(7)]),
            // [nop x 14,sack 1 {5282:5283}], relative to the SYN's 4082233688
            (CaptureFixtures.sshSACK, [TCPOption](repeating: nop, count: 14) + [
                .sack(try TCPSACKBlocks([TCPSACKBlock(
                    left: SequenceNumber(4_082_233_688 + 5282), right: SequenceNumber(4_082_233_688 + 5283))])),
            ]),
            // [mss 1460,sackOK,TS val 464494241 ecr 0,nop,wscale 8,mptcp 4 capable v1 flags [H]]
            (CaptureFixtures.mptcpV1CapableSYN, [
                .maximumSegmentSize(1460), .sackPermitted, .timestamps(value: 464_494_241, echoReply: 0), nop,
                .windowScale(8), mptcp(.capable, 1, "01"),
            ]),
            // [...,mptcp 12 capable v1 flags [H] {0x29a6c86981ad933c}]
            (CaptureFixtures.mptcpV1CapableSYNACK, [
                .maximumSegmentSize(1460), .sackPermitted,
                .timestamps(value: 3_275_212_179, echoReply: 464_494_241), nop, .windowScale(8),
                mptcp(.capable, 1, "01 29a6c86981ad933c"),
            ]),
            // [nop,nop,TS val 464494241 ecr 3275212179,mptcp 22 capable v1 flags [H] {...,data_len=8192},nop,nop]
            (CaptureFixtures.mptcpV1CapableWithData, [
                nop, nop, .timestamps(value: 464_494_241, echoReply: 3_275_212_179),
                mptcp(.capable, 1, "01 1fdb5df328bc3def 29a6c86981ad933c 2000"), nop, nop,
            ]),
            // [nop,nop,TS val 4294943474 ecr 4294943152,mptcp 8 add-addr v0-ip4 id 1 10.1.2.2,
            //  mptcp 20 dss ack 3576348362 seq 3518592144 subseq 1 len 41 csum 0x82f]
            (CaptureFixtures.mptcpV0AddAddressAndDSS, [
                nop, nop, .timestamps(value: 4_294_943_474, echoReply: 4_294_943_152),
                mptcp(.addAddress, 4, "01 0a010202"),
                mptcp(.dataSequenceSignal, 0, "05 d52abeca d1b97490 00000001 0029 082f"),
            ]),
            // [...,mptcp 12 join id 0 token 0xe47f0142 nonce 0x1b665a18]
            (CaptureFixtures.mptcpV0JoinSYN, [
                .maximumSegmentSize(1460), .sackPermitted, .timestamps(value: 4_294_943_168, echoReply: 0), nop,
                .windowScale(6), mptcp(.join, 0, "00 e47f0142 1b665a18"),
            ]),
            // [...,mptcp 16 join id 1 hmac 0x5ab680c7884af03d nonce 0x33abe9d5]
            (CaptureFixtures.mptcpV0JoinSYNACK, [
                .maximumSegmentSize(1460), .sackPermitted,
                .timestamps(value: 4_294_943_474, echoReply: 4_294_943_168), nop, .windowScale(5),
                mptcp(.join, 0, "01 5ab680c7884af03d 33abe9d5"),
            ]),
            // [nop,nop,TS ...,mptcp 24 join hmac 0xcb7b87f5e5f0502f43b535fb70ef6607df2e6c7a]
            (CaptureFixtures.mptcpV0JoinACK, [
                nop, nop, .timestamps(value: 4_294_943_168, echoReply: 4_294_943_474),
                mptcp(.join, 0, "00 cb7b87f5e5f0502f43b535fb70ef6607df2e6c7a"),
            ]),
            // [nop,nop,TS ...,mptcp 16 add-addr v1 id 1 192.168.136.225 hmac 0x669928744366716c,
            //  mptcp 12 dss ack 17186763219675866581]
            (CaptureFixtures.mptcpAddAddressWithHMAC, [
                nop, nop, .timestamps(value: 938_671_166, echoReply: 2_070_301_967),
                mptcp(.addAddress, 0, "01 c0a888e1 669928744366716c"),
                mptcp(.dataSequenceSignal, 0, "03 ee83a616c38765d5"),
            ]),
            // [nop,nop,TS ...,mptcp 8 add-addr v1-echo id 1 10.0.2.1,mptcp 12 dss ack 17984156407873109865]
            (CaptureFixtures.mptcpAddAddressEcho, [
                nop, nop, .timestamps(value: 373_322_532, echoReply: 4_275_366_718),
                mptcp(.addAddress, 1, "01 0a000201"), mptcp(.dataSequenceSignal, 0, "03 f9948ef804577f69"),
            ]),
            // [nop,nop,TS val 38734 ecr 4294943250,mptcp 12 fast-close key 0xd005b1ab34bad344]
            (CaptureFixtures.mptcpFastClose, [
                nop, nop, .timestamps(value: 38734, echoReply: 4_294_943_250),
                mptcp(.fastClose, 0, "00 d005b1ab34bad344"),
            ]),
            // [mptcp 4 tcprst flags [T] reason MPTCP-specific error]
            (CaptureFixtures.mptcpTCPReset, [mptcp(.tcpReset, 1, "01")]),
            // [exp-tfo cookiereq]
            (CaptureFixtures.tfoCookieRequest, [
                .experimental(TCPExperimentalOption(kind: 254, experimentID: 0xF989, data: data([]))),
            ]),
            // [exp-tfo cookie 090909090000,nop,nop]
            (CaptureFixtures.tfoCookie, [
                .experimental(TCPExperimentalOption(
                    kind: 254, experimentID: TCPExperimentalOption.fastOpenExperimentID,
                    data: data([9, 9, 9, 9, 0, 0]))),
                nop, nop,
            ]),
            // [mss 1460,sackOK,TS val 2783239876 ecr 112147477,exp-acc0,wscale 7]: AccECN's experimental form
            (CaptureFixtures.accecnSYNACK, [
                .maximumSegmentSize(1460), .sackPermitted,
                .timestamps(value: 2_783_239_876, echoReply: 112_147_477),
                .experimental(TCPExperimentalOption(
                    kind: 254, experimentID: 0xACC0, data: data(hexBytes("000001 000000 000000")))),
                .windowScale(7),
            ]),
            // [nop,nop,TS val 112147698 ecr 2783239876,exp-acc0,eol]
            (CaptureFixtures.accecnACK, [
                nop, nop, .timestamps(value: 112_147_698, echoReply: 2_783_239_876),
                .experimental(TCPExperimentalOption(
                    kind: 254, experimentID: 0xACC0, data: data(hexBytes("000000 ffffff ffffff")))),
                .endOfOptionList,
            ]),
            // [md5 0b82e9255cf2e845365aae9b7e70555e,eol]
            (CaptureFixtures.bgpMD5, [
                .md5Signature(data(hexBytes("0b82e9255cf2e845365aae9b7e70555e"))), .endOfOptionList,
            ]),
            // [md5 4acfb1877b3726db7a34342ce97845fb,eol]
            (CaptureFixtures.bgpMD5NonZeroPadding, [
                .md5Signature(data(hexBytes("4acfb1877b3726db7a34342ce97845fb"))), .endOfOptionList,
            ]),
            // [nop,nop,TS val 1816734726 ecr 1477990677]
            (CaptureFixtures.ipv6, [nop, nop, .timestamps(value: 1_816_734_726, echoReply: 1_477_990_677)]),
        ]
        for (fixture, options) in expected {
            XCTAssertEqual(try strictOptions(fixture.bytes), options, fixture.name)
            // Framing-only checking reads well-formed options the same way.
            XCTAssertEqual(try strictOptions(fixture.bytes, checking: .framing), options, fixture.name)
        }
    }

    // MARK: - Each kind, valid

    func testEveryKindDecodesItsValue() throws {
        let cases: [(String, TCPOption, UInt8)] = [
            ("020405b4", .maximumSegmentSize(1460), 2),
            ("02040000", .maximumSegmentSize(0), 2),
            ("0303 0e", .windowScale(14), 3),
            ("0303 ff", .windowScale(255), 3),
            ("0402", .sackPermitted, 4),
            ("050a 00000001 00000002", .sack(try TCPSACKBlocks([TCPSACKBlock(
                left: SequenceNumber(1), right: SequenceNumber(2))])), 5),
            ("0522 ffffffff 00000005 00000010 00000020 00000030 00000040 00000050 00000060",
             .sack(try TCPSACKBlocks([
                 TCPSACKBlock(left: SequenceNumber(0xFFFF_FFFF), right: SequenceNumber(5)),
                 TCPSACKBlock(left: SequenceNumber(0x10), right: SequenceNumber(0x20)),
                 TCPSACKBlock(left: SequenceNumber(0x30), right: SequenceNumber(0x40)),
                 TCPSACKBlock(left: SequenceNumber(0x50), right: SequenceNumber(0x60)),
             ])), 5),
            ("080a 01020304 a0b0c0d0", .timestamps(value: 0x0102_0304, echoReply: 0xA0B0_C0D0), 8),
            ("1312 000102030405060708090a0b0c0d0e0f",
             .md5Signature(data(Array(0 ... 15))), 19),
            // User timeout: G bit set, 0x7FFF minutes; then G clear, 300 seconds.
            ("1c04 ffff", .userTimeout(TCPUserTimeout(granularityIsMinutes: true, timeout: 0x7FFF)), 28),
            ("1c04 012c", .userTimeout(TCPUserTimeout(granularityIsMinutes: false, timeout: 300)), 28),
            // TCP-AO: key ID 7, RNextKeyID 9, 12-byte MAC; and the shortest, with no MAC.
            ("1d10 07 09 a1a2a3a4a5a6a7a8a9aaabac", .authentication(TCPAuthenticationOption(
                keyID: 7, receiveNextKeyID: 9, mac: data(hexBytes("a1a2a3a4a5a6a7a8a9aaabac")))), 29),
            ("1d04 01 02", .authentication(TCPAuthenticationOption(keyID: 1, receiveNextKeyID: 2, mac: data([]))), 29),
            // TFO: a cookie request (length 2) and an 8-byte cookie.
            ("2202", .fastOpenCookie(data([])), 34),
            ("220a 1122334455667788", .fastOpenCookie(data(hexBytes("1122334455667788"))), 34),
            // AccECN order 0 with no, one and three counters; order 1 with two.
            ("ac02", .accurateECN(TCPAccurateECNOption(order: 0, counterCount: 0)), 172),
            ("ac05 000102", .accurateECN(TCPAccurateECNOption(order: 0, counterCount: 1, first: 0x102)), 172),
            ("ac0b 010203 040506 ffffff", .accurateECN(TCPAccurateECNOption(
                order: 0, counterCount: 3, first: 0x01_0203, second: 0x04_0506, third: 0xFF_FFFF)), 172),
            ("ae08 000010 000020", .accurateECN(TCPAccurateECNOption(
                order: 1, counterCount: 2, first: 0x10, second: 0x20)), 174),
            // RFC 6994 experimental options of both kinds.
            ("fd04 abcd", .experimental(TCPExperimentalOption(kind: 253, experimentID: 0xABCD, data: data([]))), 253),
            ("fe07 1234 010203", .experimental(TCPExperimentalOption(
                kind: 254, experimentID: 0x1234, data: data([1, 2, 3]))), 254),
            // Unknown kinds keep their bytes.
            ("1404 0102", .unknown(kind: 20, data: data([1, 2])), 20),
            ("ff02", .unknown(kind: 255, data: data([])), 255),
        ]
        for (hex, option, kind) in cases {
            let bytes = hexBytes(hex)
            let options = try strictOptions(segment(options: padded(bytes)))
            XCTAssertEqual(options.first, option, hex)
            XCTAssertEqual(option.kind, kind, hex)
            XCTAssertEqual(option.encodedLength, bytes.count, hex)
            // The EOL bytes that pad the area follow.
            XCTAssertEqual(Array(options.dropFirst()), bytes.count % 4 == 0 ? [] : [.endOfOptionList], hex)
        }
    }

    func testAccurateECNCountersByOrder() {
        let order0 = TCPAccurateECNOption(order: 0, counterCount: 3, first: 1, second: 2, third: 3)
        XCTAssertEqual(order0.kind, 172)
        XCTAssertEqual(order0.ect0Bytes, 1)
        XCTAssertEqual(order0.ceBytes, 2)
        XCTAssertEqual(order0.ect1Bytes, 3)
        let order1 = TCPAccurateECNOption(order: 1, counterCount: 3, first: 1, second: 2, third: 3)
        XCTAssertEqual(order1.kind, 174)
        XCTAssertEqual(order1.ect1Bytes, 1)
        XCTAssertEqual(order1.ceBytes, 2)
        XCTAssertEqual(order1.ect0Bytes, 3)
        let short = TCPAccurateECNOption(order: 0, counterCount: 1, first: 0x1FF_FFFF, second: 9)
        XCTAssertEqual(short.first, 0xFF_FFFF, "24 bits are kept")
        XCTAssertEqual(short.second, 0, "an absent counter is zero")
        XCTAssertNil(short.ceBytes)
        XCTAssertNil(short.ect1Bytes)
        XCTAssertEqual(TCPUserTimeout(granularityIsMinutes: false, timeout: 0xFFFF).timeout, 0x7FFF)
    }

    // MARK: - Each kind, every length

    /// The lengths each kind allows (RFC 9293, 7323, 2018, 2385, 5482, 5925, 7413, 9768, 6994).
    static let allowedLengths: [(kind: UInt8, lengths: Set<Int>)] = [
        (2, [4]), (3, [3]), (4, [2]), (5, [10, 18, 26, 34]), (8, [10]), (19, [18]), (28, [4]),
        (29, Set(4 ... 40)), (34, Set([2] + Array(6 ... 18))), (172, [2, 5, 8, 11]), (174, [2, 5, 8, 11]),
        (253, Set(4 ... 40)), (254, Set(4 ... 40)),
        // Kinds without a rule of their own: only framing applies.
        (6, Set(2 ... 40)), (20, Set(2 ... 40)), (48, Set(2 ... 40)), (161, Set(2 ... 40)), (255, Set(2 ... 40)),
    ]

    func testEveryKindAtEveryLength() throws {
        for (kind, lengths) in Self.allowedLengths {
            for length in 0 ... 40 {
                checkLength(kind: kind, length: length, filler: [UInt8](repeating: 0xA5, count: max(0, length - 2)),
                            allowed: lengths.contains(length))
            }
        }
    }

    /// The MPTCP lengths per subtype (RFC 8684 section 3 and RFC 6824 for version 0).
    func testMultipathSubtypesAtEveryLength() throws {
        let rules: [(UInt8, Set<Int>)] = [
            (0, [4, 12, 20, 22, 24]), (1, [12, 16, 24]), (3, [8, 10, 16, 18, 20, 22, 28, 30]), (4, Set(4 ... 40)),
            (5, [3, 4]),
            (6, [12]), (7, [12]), (8, [4]), (9, Set(3 ... 40)), (15, Set(3 ... 40)),
        ]
        for (subtype, lengths) in rules {
            for length in 2 ... 40 {
                var filler = [UInt8](repeating: 0, count: length - 2)
                if length >= 3 { filler[0] = subtype << 4 }
                checkLength(kind: 30, length: length, filler: filler, allowed: lengths.contains(length),
                            note: "subtype \(subtype)")
            }
        }
    }

    /// DSS lengths follow its flags: A adds a 4- or 8-byte data ACK (a), M adds a 4- or 8-byte DSN (m), a 4-byte
    /// subflow number and a 2-byte length, and then a 2-byte checksum may follow (RFC 8684 section 3.3).
    func testDataSequenceSignalLengthFollowsItsFlags() throws {
        let rules: [(flags: UInt8, lengths: Set<Int>)] = [
            (0x00, [4]), (0x10, [4]), (0x02, [4]), (0x08, [4]),  // no A, no M: a and m change nothing
            (0x01, [8]), (0x03, [12]), (0x11, [8]),
            (0x04, [14, 16]), (0x0C, [18, 20]), (0x05, [18, 20]), (0x07, [22, 24]), (0x0D, [22, 24]),
            (0x0F, [26, 28]), (0x1F, [26, 28]),
        ]
        for (flags, lengths) in rules {
            for length in 2 ... 40 {
                var filler = [UInt8](repeating: 0, count: length - 2)
                if length >= 3 { filler[0] = 0x20 }
                if length >= 4 { filler[1] = flags }
                checkLength(kind: 30, length: length, filler: filler, allowed: lengths.contains(length),
                            note: "DSS flags \(flags)")
            }
        }
    }

    private func checkLength(kind: UInt8, length: Int, filler: [UInt8], allowed: Bool, note: String = "",
                             file: StaticString = #filePath, line: UInt = #line) {
        let bytes = segment(options: padded([kind, UInt8(length)] + filler))
        let label = "kind \(kind) length \(length) \(note)"
        let error = strictError(bytes)
        let framed = try? strictOptions(bytes, checking: .framing)
        if length < 2 {
            XCTAssertEqual(error, .optionLengthTooSmall(kind: kind, offset: 20, length: length), label,
                           file: file, line: line)
            XCTAssertEqual(strictError(bytes, checking: .framing), error, label, file: file, line: line)
        } else if allowed {
            XCTAssertNil(error, label, file: file, line: line)
            let option = try? strictOptions(bytes).first
            XCTAssertEqual(option?.kind, kind, label, file: file, line: line)
            XCTAssertEqual(option?.encodedLength, length, label, file: file, line: line)
            XCTAssertEqual(framed?.first, option, label, file: file, line: line)
            if case .malformed = option {
                XCTFail("strict decoding yielded malformed: \(label)", file: file, line: line)
            }
        } else {
            XCTAssertEqual(error, .invalidOptionLength(kind: kind, offset: 20, length: length), label,
                           file: file, line: line)
            // A SACK option with no block is the one rule-breaking length framing reads as its kind (RFC 2018
            // section 3 forbids it; some servers send it).
            let expected: TCPOption = kind == TCPOptionKind.sack && length == 2
                ? .sack(TCPSACKBlocks()) : .malformed(kind: kind, data: try! TCPOptionData(filler))
            XCTAssertEqual(framed?.first, expected, label, file: file, line: line)
            XCTAssertEqual(framed?.first?.encodedLength, length, label, file: file, line: line)
        }
    }

    // MARK: - Framing errors

    func testOptionRunningPastTheHeader() {
        for kind: UInt8 in [2, 3, 5, 8, 19, 29, 30, 34, 172, 254, 99] {
            // A 4-byte area holding an option that claims 10 bytes.
            let bytes = segment(options: [kind, 10, 0, 0])
            let expected = TCPDecodingError.optionExceedsHeader(kind: kind, offset: 20, length: 10, available: 4)
            XCTAssertEqual(strictError(bytes), expected, "kind \(kind)")
            XCTAssertEqual(strictError(bytes, checking: .framing), expected, "kind \(kind)")
            // Later in the area, with the payload right after: the header end, not the buffer end, is the limit.
            let later = segment(options: [1, 1, kind, 3, 1, 1, 1, 1], payload: [0, 0, 0, 0])
            XCTAssertEqual(strictError(later) == nil, kind == 3 || kind == 99, "kind \(kind)")
            let overlong = segment(options: [1, 1, 1, 1, 1, 1, kind, 4], payload: [0, 0, 0, 0])
            XCTAssertEqual(strictError(overlong),
                           .optionExceedsHeader(kind: kind, offset: 26, length: 4, available: 2), "kind \(kind)")
        }
    }

    func testMissingLengthByte() throws {
        for kind: UInt8 in [2, 3, 4, 5, 8, 19, 28, 29, 30, 34, 172, 174, 253, 254, 77] {
            let bytes = segment(options: [1, 1, 1, kind])
            let expected = TCPDecodingError.optionLengthMissing(kind: kind, offset: 23)
            XCTAssertEqual(strictError(bytes), expected, "kind \(kind)")
            XCTAssertEqual(strictError(bytes, checking: .framing), expected, "kind \(kind)")
            let lenient = try lenientWalk(bytes)
            XCTAssertEqual(lenient.problem, expected)
            XCTAssertEqual(lenient.steps, [
                .option(.noOperation, offset: 20), .option(.noOperation, offset: 21),
                .option(.noOperation, offset: 22), .malformed(expected),
            ])
        }
        // EOL and NOP have no length byte, so they may end the area.
        XCTAssertNil(strictError(segment(options: [1, 1, 1, 1])))
        XCTAssertNil(strictError(segment(options: [1, 1, 1, 0])))
    }

    func testLengthZeroAndOneAfterGoodOptions() throws {
        for length: UInt8 in [0, 1] {
            let bytes = segment(options: [2, 4, 5, 0xB4, 1, 8, length, 0])
            let expected = TCPDecodingError.optionLengthTooSmall(kind: 8, offset: 25, length: Int(length))
            XCTAssertEqual(strictError(bytes), expected)
            let lenient = try lenientWalk(bytes)
            XCTAssertEqual(lenient.problem, expected)
            XCTAssertEqual(lenient.steps, [
                .option(.maximumSegmentSize(1460), offset: 20), .option(.noOperation, offset: 24),
                .malformed(expected),
            ])
        }
    }

    func testKindAndEncodedLengthOfBuiltValues() throws {
        XCTAssertEqual(TCPOption.endOfOptionList.encodedLength, 1)
        XCTAssertEqual(TCPOption.noOperation.kind, 1)
        XCTAssertEqual(TCPOption.sack(try TCPSACKBlocks([TCPSACKBlock(
            left: SequenceNumber(1), right: SequenceNumber(2))])).encodedLength, 10)
        XCTAssertEqual(TCPOption.multipath(MPTCPOption(subtype: .priority, subtypeBits: 1, data: data([])))
            .encodedLength, 3)
        XCTAssertEqual(TCPOption.sack(TCPSACKBlocks()).encodedLength, 2)
        XCTAssertEqual(TCPOption.sack(TCPSACKBlocks()).kind, 5)
        XCTAssertEqual(TCPOption.malformed(kind: 2, data: data([1])).kind, 2)
        XCTAssertEqual(TCPOption.malformed(kind: 2, data: data([1])).encodedLength, 3)
        XCTAssertEqual(TCPOption.accurateECN(TCPAccurateECNOption(order: 1, counterCount: 2)).kind, 174)
    }
}
