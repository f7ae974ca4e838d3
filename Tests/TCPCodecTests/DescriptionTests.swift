import TCPCodec
import XCTest

// Known answers for the values' `description` (one tcpdump-style line) and `debugDescription` (every field).

/// Reads a segment leniently, as a packet printer does, so that broken fixtures can be shown too.
private func lenientView<Result>(_ bytes: [UInt8], _ body: (TCPSegmentView) throws -> Result) throws -> Result {
    try bytes.withUnsafeBytes { try body(try TCPSegmentView(lenient: $0)) }
}

/// The one option `hex` holds, read with framing checking so that a malformed one comes out as `.malformed`.
private func option(_ hex: String) throws -> TCPOption {
    var bytes = [UInt8](repeating: 0, count: 20)
    let area = hexBytes(hex)
    bytes[12] = UInt8((20 + area.count + 3) / 4) << 4
    bytes += area + [UInt8](repeating: 0, count: (4 - area.count % 4) % 4)
    return try lenientView(bytes) { view in
        var iterator = view.options(checking: .framing).makeIterator()
        return try XCTUnwrap(iterator.next(), "no option in \(hex)")
    }
}

final class SequenceNumberDescriptionTests: XCTestCase {
    func testDecimalAndDebug() {
        XCTAssertEqual(SequenceNumber(0).description, "0")
        XCTAssertEqual(SequenceNumber(4_294_967_295).description, "4294967295")
        XCTAssertEqual(SequenceNumber(1).debugDescription, "SequenceNumber(1)")
        XCTAssertEqual(String(reflecting: SequenceNumber(4_294_967_295)), "SequenceNumber(4294967295)")
    }
}

final class TCPFlagsDescriptionTests: XCTestCase {
    /// tcpdump's letters, in its order, as tcp-inspect prints them between `Flags [` and `]`.
    func testLetters() {
        XCTAssertEqual(TCPFlags([.syn, .ack]).description, "S.")
        XCTAssertEqual(TCPFlags([]).description, "none")
        XCTAssertEqual(TCPFlags.all.description, "FSRP.UEWe")
        XCTAssertEqual(TCPFlags([.ae, .fin, .reserved2]).description, "Fe")
        XCTAssertEqual(TCPFlags.reserved.description, "none")
        XCTAssertEqual("\(TCPFlags([.psh, .ack]))", "P.")
    }

    /// Every bit by name, the reserved ones too; bits above the twelfth as a raw value.
    func testDebugNamesEveryBit() {
        XCTAssertEqual(TCPFlags([.syn, .ack]).debugDescription, "TCPFlags([.syn, .ack])")
        XCTAssertEqual(TCPFlags([]).debugDescription, "TCPFlags([])")
        XCTAssertEqual(
            TCPFlags.all.debugDescription,
            "TCPFlags([.fin, .syn, .rst, .psh, .ack, .urg, .ece, .cwr, .ae, .reserved1, .reserved2, .reserved3])")
        XCTAssertEqual(TCPFlags(rawValue: 0x1012).debugDescription, "TCPFlags(rawValue: 0x1012)")
        XCTAssertEqual(TCPFlags(rawValue: 0xF000).debugDescription, "TCPFlags(rawValue: 0xf000)")
    }
}

final class TCPSACKBlocksDescriptionTests: XCTestCase {
    private func blocks(_ edges: [(UInt32, UInt32)]) throws -> TCPSACKBlocks {
        try TCPSACKBlocks(edges.map { TCPSACKBlock(left: SequenceNumber($0.0), right: SequenceNumber($0.1)) })
    }

    /// Only the blocks held, as tcpdump prints them after `sack N `.
    func testBlocksPresent() throws {
        XCTAssertEqual(try blocks([(1000, 2000)]).description, "{1000:2000}")
        XCTAssertEqual(
            try blocks([(1, 2), (3, 4), (5, 6), (4_294_967_295, 7)]).description, "{1:2}{3:4}{5:6}{4294967295:7}")
        XCTAssertEqual(TCPSACKBlocks().description, "")
    }

    func testDebugShowsRanges() throws {
        XCTAssertEqual(try blocks([(1000, 2000), (3000, 4000)]).debugDescription,
                       "TCPSACKBlocks([1000..<2000, 3000..<4000])")
        XCTAssertEqual(TCPSACKBlocks().debugDescription, "TCPSACKBlocks([])")
    }
}

final class TCPOptionDescriptionTests: XCTestCase {
    /// Each kind as tcpdump names and prints it, typed values and values read from bytes alike.
    func testKnownKinds() throws {
        let cases: [(TCPOption, String)] = [
            (.endOfOptionList, "eol"),
            (.noOperation, "nop"),
            (.maximumSegmentSize(1460), "mss 1460"),
            (.windowScale(7), "wscale 7"),
            (.windowScale(15), "wscale 15"),
            (.sackPermitted, "sackOK"),
            (.timestamps(value: 1, echoReply: 2), "TS val 1 ecr 2"),
            (.timestamps(value: 4_294_967_295, echoReply: 0), "TS val 4294967295 ecr 0"),
            (.sack(try TCPSACKBlocks([TCPSACKBlock(left: SequenceNumber(1), right: SequenceNumber(2))])),
             "sack 1 {1:2}"),
            // A SACK option with no block, which framing decoding yields: tcpdump's `sack 0 `.
            (.sack(TCPSACKBlocks()), "sack 0 "),
            (.md5Signature(try TCPOptionData(Array(0 ..< 16) as [UInt8])), "md5 000102030405060708090a0b0c0d0e0f"),
            // tcpdump shows the raw field and takes the granularity from its low bit.
            (.userTimeout(TCPUserTimeout(granularityIsMinutes: false, timeout: 300)), "uto 0x12c 150"),
            (.userTimeout(TCPUserTimeout(granularityIsMinutes: true, timeout: 1)), "uto 0x8001 983040"),
            (.authentication(TCPAuthenticationOption(keyID: 1, receiveNextKeyID: 2, mac: TCPOptionData())),
             "tcp-ao keyid 1 rnextkeyid 2"),
            (.authentication(TCPAuthenticationOption(
                keyID: 48, receiveNextKeyID: 49, mac: try TCPOptionData([0xAB, 0xCD] as [UInt8]))),
             "tcp-ao keyid 48 rnextkeyid 49 mac 0xabcd"),
            (.fastOpenCookie(TCPOptionData()), "tfo  cookiereq"),
            (.fastOpenCookie(try TCPOptionData([9, 9, 9, 9, 0, 0] as [UInt8])), "tfo  cookie 090909090000"),
            (.fastOpenCookie(try TCPOptionData([1, 2, 3] as [UInt8])), "tfo  (invalid)"),
            (.experimental(TCPExperimentalOption(
                kind: 254, experimentID: TCPExperimentalOption.fastOpenExperimentID, data: TCPOptionData())),
             "exp-tfo cookiereq"),
            (.experimental(TCPExperimentalOption(kind: 254, experimentID: 0xACC0, data: TCPOptionData())),
             "exp-acc0"),
            // Kind 253 has no tcpdump name, nor has Accurate ECN: unknown kinds, with their bytes.
            (.experimental(TCPExperimentalOption(kind: 253, experimentID: 0x1234, data: TCPOptionData())),
             "unknown-253 0x1234"),
            (.accurateECN(TCPAccurateECNOption(order: 0, counterCount: 1, first: 0x010203)),
             "unknown-172 0x010203"),
            (.unknown(kind: 99, data: try TCPOptionData([1, 2] as [UInt8])), "unknown-99 0x0102"),
            (.unknown(kind: 99, data: TCPOptionData()), "unknown-99"),
            // The obsolete kinds tcpdump reads a fixed value of.
            (.unknown(kind: 6, data: try TCPOptionData([0, 0, 0x30, 0x39] as [UInt8])), "echo 12345"),
            (.unknown(kind: 11, data: try TCPOptionData([0, 0, 0, 7] as [UInt8])), "cc 7"),
            (.unknown(kind: 13, data: try TCPOptionData([0, 0, 0, 7] as [UInt8])), " 7"),
            (.unknown(kind: 20, data: try TCPOptionData([0x01, 0x02] as [UInt8])), "scps cap 01 id 2"),
        ]
        for (value, text) in cases {
            XCTAssertEqual(value.description, text, value.debugDescription)
        }
    }

    /// Multipath TCP options as tcpdump prints them; with no segment around them, every exchange step is allowed.
    func testMultipath() throws {
        let cases: [(String, String)] = [
            ("1e 0c 01 81 1234567890abcdef", "mptcp 12 capable v1 flags [AH] csum {0x1234567890abcdef}"),
            ("1e 04 01 01", "mptcp 4 capable v1 flags [H]"),
            ("1e 0c 10 00 e47f0142 1b665a18", "mptcp 12 join id 0 token 0xe47f0142 nonce 0x1b665a18"),
            ("1e 08 20 01 00000005", "mptcp 8 dss ack 5"),
            ("1e 08 30 01 0a010202", "mptcp 8 add-addr v1 id 1 10.1.2.2"),
            ("1e 16 30 02 20010db8000000000000000000000001 0050",
             "mptcp 22 add-addr v1 id 2 2001:db8::1:80"),
            ("1e 05 40 01 02", "mptcp 5 rem-addr id 1 2"),
            ("1e 04 51 07", "mptcp 4 prio backup id 7"),
            ("1e 0c 70 00 d005b1ab34bad344", "mptcp 12 fast-close key 0xd005b1ab34bad344"),
            ("1e 04 81 01", "mptcp 4 tcprst flags [T] reason MPTCP-specific error"),
            ("1e 04 89 2a", "mptcp 4 tcprst flags [UT] reason unknown (0x2a)"),
            ("1e 03 f0", "mptcp 3 unknown"),
            // A DSS of length 3 has no flags byte: malformed.
            ("1e 03 20", "mptcp 3 dss[bad opt]"),
        ]
        for (hex, text) in cases {
            XCTAssertEqual(try option(hex).description, text, hex)
        }
    }

    /// Malformed options read as tcpdump reads their bytes: the value a kind reads whatever the length says, then
    /// `[len N]` and the rest; `[bad opt]` where the value does not fit.
    func testMalformedOptions() throws {
        let cases: [(String, String)] = [
            ("02 03 05", "mss[bad opt]"),
            ("02 05 05b4 00", "mss 1460[len 5],eol"),
            ("03 02", "wscale[bad opt]"),
            ("08 06 00000001", "TS[bad opt]"),
            ("05 06 00000001", "sack invalid sack"),
            ("04 03 00", "sackOK[len 3],eol"),
            ("1c 03 00", "uto[bad opt]"),
            ("1d 03 01", "tcp-ao (invalid)"),
            ("22 03 01", "tfo  (invalid)"),
        ]
        for (hex, text) in cases {
            let value = try option(hex)
            guard case .malformed = value else {
                XCTFail("\(hex) reads as \(value.debugDescription)")
                continue
            }
            XCTAssertEqual(value.description, text, hex)
        }
    }

    /// A value too long for any option area has no wire form to read.
    func testOptionTooLongToEncode() throws {
        let data = try TCPOptionData([UInt8](repeating: 0xAA, count: 40))
        XCTAssertEqual(TCPOption.unknown(kind: 99, data: data).description, "unknown-99 (cannot be encoded)")
    }

    func testDebugNamesEveryField() throws {
        let cases: [(TCPOption, String)] = [
            (.endOfOptionList, "TCPOption.endOfOptionList"),
            (.noOperation, "TCPOption.noOperation"),
            (.maximumSegmentSize(1460), "TCPOption.maximumSegmentSize(1460)"),
            (.windowScale(7), "TCPOption.windowScale(7)"),
            (.sackPermitted, "TCPOption.sackPermitted"),
            (.timestamps(value: 1, echoReply: 2), "TCPOption.timestamps(value: 1, echoReply: 2)"),
            (.sack(try TCPSACKBlocks([TCPSACKBlock(left: SequenceNumber(1), right: SequenceNumber(2))])),
             "TCPOption.sack(TCPSACKBlocks([1..<2]))"),
            (.sack(TCPSACKBlocks()), "TCPOption.sack(TCPSACKBlocks([]))"),
            (.md5Signature(try TCPOptionData([0xAB] as [UInt8])), "TCPOption.md5Signature(0xab)"),
            (.userTimeout(TCPUserTimeout(granularityIsMinutes: true, timeout: 5)),
             "TCPOption.userTimeout(TCPUserTimeout(granularityIsMinutes: true, timeout: 5))"),
            (.authentication(TCPAuthenticationOption(keyID: 1, receiveNextKeyID: 2, mac: TCPOptionData())),
             "TCPOption.authentication(TCPAuthenticationOption(keyID: 1, receiveNextKeyID: 2, mac: []))"),
            (.multipath(MPTCPOption(subtype: .capable, subtypeBits: 1, data: try TCPOptionData([0x81] as [UInt8]))),
             "TCPOption.multipath(MPTCPOption(subtype: .capable, subtypeBits: 1, data: 0x81))"),
            (.multipath(MPTCPOption(subtype: MPTCPSubtype(rawValue: 9), subtypeBits: 0, data: TCPOptionData())),
             "TCPOption.multipath(MPTCPOption(subtype: MPTCPSubtype(rawValue: 9), subtypeBits: 0, data: []))"),
            (.fastOpenCookie(TCPOptionData()), "TCPOption.fastOpenCookie([])"),
            (.accurateECN(TCPAccurateECNOption(order: 1, counterCount: 2, first: 5, second: 6)),
             "TCPOption.accurateECN(TCPAccurateECNOption(order: 1, counterCount: 2, first: 5, second: 6, third: 0))"),
            (.experimental(TCPExperimentalOption(kind: 254, experimentID: 0xF989, data: TCPOptionData())),
             "TCPOption.experimental(TCPExperimentalOption(kind: 254, experimentID: 0xf989, data: []))"),
            (.unknown(kind: 99, data: try TCPOptionData([1, 2] as [UInt8])),
             "TCPOption.unknown(kind: 99, data: 0x0102)"),
            (.malformed(kind: 2, data: try TCPOptionData([5] as [UInt8])), "TCPOption.malformed(kind: 2, data: 0x05)"),
        ]
        for (value, text) in cases {
            XCTAssertEqual(value.debugDescription, text)
        }
    }
}

final class TCPOptionListDescriptionTests: XCTestCase {
    func testBracketedList() throws {
        let list: TCPOptionList = [
            .maximumSegmentSize(1460), .sackPermitted, .timestamps(value: 1, echoReply: 0), .noOperation,
            .windowScale(7),
        ]
        XCTAssertEqual(list.description, "[mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]")
        XCTAssertEqual(TCPOptionList().description, "[]")
        // The list's description is its options' descriptions, joined as tcpdump joins them.
        XCTAssertEqual(list.description, "[" + list.map(\.description).joined(separator: ",") + "]")
    }

    /// After an EOL the padding is not shown; a malformed option ends the list as it ends tcpdump's.
    func testPaddingAndMalformedTail() throws {
        let padded = hexBytes("""
            01        # NOP
            00        # EOL
            0000      # padding
            """)
        XCTAssertEqual(TCPOptionList(rawBytes: try TCPOptionData(padded)).description, "[nop,eol]")
        let broken = hexBytes("""
            020405b4  # MSS 1460
            0302      # window scale of length 2: its shift does not fit
            """)
        XCTAssertEqual(TCPOptionList(rawBytes: try TCPOptionData(broken)).description, "[mss 1460,wscale[bad opt]]")
        let brokenFirst = hexBytes("0201")  // a length below 2
        XCTAssertEqual(TCPOptionList(rawBytes: try TCPOptionData(brokenFirst)).description, "[[bad opt]")
        // A SACK option with no block is read on past, as tcpdump reads it.
        let emptySACK = hexBytes("0502 0101")
        XCTAssertEqual(TCPOptionList(rawBytes: try TCPOptionData(emptySACK)).description, "[sack 0 ,nop,nop]")
    }

    func testDebugShowsOptionsAndUnreadBytes() throws {
        let list: TCPOptionList = [.maximumSegmentSize(1460), .windowScale(7)]
        XCTAssertEqual(list.debugDescription, "TCPOptionList([.maximumSegmentSize(1460), .windowScale(7)])")
        XCTAssertEqual(TCPOptionList().debugDescription, "TCPOptionList([])")
        let padded = TCPOptionList(rawBytes: try TCPOptionData(hexBytes("01 00 0001")))
        XCTAssertEqual(padded.debugDescription, "TCPOptionList([.noOperation, .endOfOptionList], unread: 0x0001)")
        let broken = TCPOptionList(rawBytes: try TCPOptionData(hexBytes("020405b4 0302")))
        XCTAssertEqual(broken.debugDescription, "TCPOptionList([.maximumSegmentSize(1460)], unread: 0x0302)")
    }
}

final class TCPPseudoHeaderDescriptionTests: XCTestCase {
    private func ipv6(_ source: String, _ destination: String) throws -> TCPPseudoHeader {
        try hexBytes(source).withUnsafeBytes { sourceBytes in
            try hexBytes(destination).withUnsafeBytes { try TCPPseudoHeader(source: sourceBytes, destination: $0) }
        }
    }

    func testAddresses() throws {
        let ipv4 = TCPPseudoHeader(ipv4Source: 0xC000_0201, destination: 0xC000_0202)
        XCTAssertEqual(ipv4.description, "IP 192.0.2.1 > 192.0.2.2")
        XCTAssertEqual(ipv4.debugDescription,
                       "TCPPseudoHeader(family: .ipv4, sourceAddress: 192.0.2.1, destinationAddress: 192.0.2.2)")
        // IPv6 in RFC 5952's canonical form: the longest zero run as `::`, lowercase, IPv4-mapped as a quad.
        let v6 = try ipv6("2001 0db8 0000 0000 0000 0000 0000 0001", "fe80 0000 0000 0000 0a00 27ff fe5e d19e")
        XCTAssertEqual(v6.description, "IP6 2001:db8::1 > fe80::a00:27ff:fe5e:d19e")
        XCTAssertEqual(
            v6.debugDescription,
            "TCPPseudoHeader(family: .ipv6, sourceAddress: 2001:db8::1, destinationAddress: fe80::a00:27ff:fe5e:d19e)")
        let mapped = try ipv6("0000 0000 0000 0000 0000 ffff c000 0201", "2001 0db8 0000 0001 0000 0000 0000 0000")
        XCTAssertEqual(mapped.description, "IP6 ::ffff:192.0.2.1 > 2001:db8:0:1::")
    }
}

final class TCPHeaderDescriptionTests: XCTestCase {
    private let synACK = TCPHeader(
        sourcePort: 443, destinationPort: 51000, sequenceNumber: SequenceNumber(1),
        acknowledgmentNumber: SequenceNumber(2), flags: [.syn, .ack], window: 65535, checksum: 0x1C46,
        options: [.maximumSegmentSize(1460), .sackPermitted])

    func testLine() {
        XCTAssertEqual(
            synACK.description,
            "443 > 51000: Flags [S.], seq 1, ack 2, win 65535, options [mss 1460,sackOK,eol], length 0")
        // No payload: `seq` only with SYN, FIN or RST; `urg` with URG.
        let ack = TCPHeader(
            sourcePort: 1, destinationPort: 2, sequenceNumber: SequenceNumber(7),
            acknowledgmentNumber: SequenceNumber(9), flags: [.ack, .urg], window: 3, urgentPointer: 4)
        XCTAssertEqual(ack.description, "1 > 2: Flags [.U], ack 9, win 3, urg 4, length 0")
        // The options are padded as encoding pads them: a zero byte after the last one reads as EOL.
        let padded = TCPHeader(flags: [.rst], options: [.windowScale(7)])
        XCTAssertEqual(padded.description, "0 > 0: Flags [R], seq 0, win 0, options [wscale 7,eol], length 0")
    }

    func testDebugNamesEveryField() throws {
        XCTAssertEqual(
            synACK.debugDescription,
            "TCPHeader(sourcePort: 443, destinationPort: 51000, sequenceNumber: 1, acknowledgmentNumber: 2, "
                + "flags: [.syn, .ack], window: 65535, checksum: 0x1c46, urgentPointer: 0, "
                + "options: [.maximumSegmentSize(1460), .sackPermitted])")
        var odd = TCPHeader(flags: TCPFlags(rawValue: 0x1002), urgentPointer: 9)
        odd.options = TCPOptionList(rawBytes: try TCPOptionData(hexBytes("00 05")))
        XCTAssertEqual(
            odd.debugDescription,
            "TCPHeader(sourcePort: 0, destinationPort: 0, sequenceNumber: 0, acknowledgmentNumber: 0, "
                + "flags: TCPFlags(rawValue: 0x1002), window: 0, checksum: 0x0000, urgentPointer: 9, "
                + "options: TCPOptionList([.endOfOptionList], unread: 0x05))")
    }
}

final class TCPSegmentViewDescriptionTests: XCTestCase {
    /// The fixtures' lines as tcpdump printed them, from the ports on (their addresses and, for `-v` captures, the
    /// checksum note left out: a view knows neither).
    private let expected: [(CaptureSegment, String)] = [
        (CaptureFixtures.sshSYN,
         "62146 > 22: Flags [S], seq 4082233688, win 65535, options [mss 1460,nop,wscale 6,nop,nop,TS val 1948436430 "
            + "ecr 0,sackOK,eol], length 0"),
        (CaptureFixtures.sshSYNACK,
         "22 > 62146: Flags [S.], seq 2455219014, ack 4082233689, win 28960, options [mss 1460,sackOK,nop,nop,nop,"
            + "nop,nop,nop,nop,nop,nop,nop,nop,wscale 7], length 0"),
        (CaptureFixtures.mptcpV1CapableSYN,
         "33306 > 10004: Flags [S], seq 2180756989, win 65535, options [mss 1460,sackOK,TS val 464494241 ecr 0,nop,"
            + "wscale 8,mptcp 4 capable v1 flags [H]], length 0"),
        (CaptureFixtures.mptcpV1CapableSYNACK,
         "10004 > 33306: Flags [S.], seq 791415661, ack 2180756990, win 65535, options [mss 1460,sackOK,TS val "
            + "3275212179 ecr 464494241,nop,wscale 8,mptcp 12 capable v1 flags [H] {0x29a6c86981ad933c}], length 0"),
        (CaptureFixtures.mptcpV0JoinSYN,
         "41221 > 22: Flags [S], seq 1863826096, win 14600, options [mss 1460,sackOK,TS val 4294943168 ecr 0,nop,"
            + "wscale 6,mptcp 12 join id 0 token 0xe47f0142 nonce 0x1b665a18], length 0"),
        (CaptureFixtures.mptcpShortDSS,
         "57370 > 23: Flags [S], seq 1736820995, win 32792, options [mss 16396,sackOK,TS val 597120308 ecr 0,"
            + "mptcp 3 dss[bad opt]]"),
        (CaptureFixtures.tfoCookieRequest,
         "13047 > 13054: Flags [S], seq 218476388, win 1400, options [exp-tfo cookiereq], length 0"),
        (CaptureFixtures.tfoSYNWithData,
         "13048 > 13054: Flags [S], seq 936732547:936732551, win 1400, options [exp-tfo cookie 090909090000,nop,"
            + "nop], length 4"),
        (CaptureFixtures.accecnSYN,
         "16433 > 80: Flags [SEWe], seq 1948076589, win 65535, options [mss 1460,nop,wscale 6,sackOK,TS val "
            + "112147477 ecr 0], length 0"),
    ]

    func testTcpdumpLines() throws {
        for (fixture, line) in expected {
            XCTAssertEqual(try lenientView(fixture.bytes) { $0.description }, line, fixture.name)
        }
    }

    /// The header decoded from a view prints as the view of its own bytes: the same line when the segment has no
    /// payload, the line of a segment with none otherwise.
    func testHeaderFromViewPrintsAlike() throws {
        for fixture in CaptureFixtures.wholeHeaders {
            try lenientView(fixture.bytes) { view in
                let header = TCPHeader(view)
                if view.payload.isEmpty {
                    XCTAssertEqual(header.description, view.description, fixture.name)
                } else {
                    let headerOnly = try TCPSegmentView(lenient: view.headerBytes)
                    XCTAssertEqual(header.description, headerOnly.description, fixture.name)
                    XCTAssertNotEqual(header.description, view.description, fixture.name)
                }
            }
        }
    }

    /// A data segment, URG, and the broken headers a lenient view lets through.
    func testBuiltSegments() throws {
        var header = TCPHeader(
            sourcePort: 80, destinationPort: 40000, sequenceNumber: SequenceNumber(4_294_967_295),
            acknowledgmentNumber: SequenceNumber(5), flags: [.psh, .ack, .urg], window: 512, urgentPointer: 2)
        var bytes = [UInt8](repeating: 0, count: 20 + 3)
        _ = try bytes.withUnsafeMutableBytes { target in
            try [UInt8]([1, 2, 3]).withUnsafeBytes { try header.encode(into: target, payload: $0) }
        }
        // The end of the sequence range wraps like the sequence space.
        XCTAssertEqual(try lenientView(bytes) { $0.description },
                       "80 > 40000: Flags [P.U], seq 4294967295:2, ack 5, win 512, urg 2, length 3")

        header = TCPHeader(sourcePort: 1, destinationPort: 2, flags: [.syn])
        bytes = [UInt8](repeating: 0, count: 24)
        _ = try bytes.withUnsafeMutableBytes { try header.encode(into: $0) }
        // Data offset 4: below the fixed header.
        bytes[12] = 0x40
        XCTAssertEqual(try lenientView(bytes) { $0.description },
                       "1 > 2:  tcp 8 [bad hdr length 16 - too short, < 20] (invalid)")
        // Data offset 7 over 24 bytes: the header runs past the segment.
        bytes[12] = 0x70
        XCTAssertEqual(try lenientView(bytes) { $0.description },
                       "1 > 2: Flags [S] [bad hdr length 28 - too long, > 24] (invalid)")
    }
}

final class TCPTextOutputTests: XCTestCase {
    /// A sink with only the one required method: the default number writers at work.
    struct Bytes: TCPTextOutput {
        var bytes: [UInt8] = []

        mutating func writeBytes(_ bytes: UnsafeRawBufferPointer) {
            self.bytes += bytes
        }

        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    func testDefaultWriters() {
        var output = Bytes()
        output.writeDecimal(0)
        output.writeByte(UInt8(ascii: " "))
        output.writeDecimal(UInt64.max)
        output.writeText(" ")
        output.writeHex(0, width: 4)
        output.writeText(string: " ")
        output.writeHex(0xF989, width: 1)
        output.writeText(" ")
        output.writeHex(UInt64.max, width: 1)
        output.writeText(" ")
        [UInt8]([0x00, 0x0A, 0xFF]).withUnsafeBytes { output.writeHexBytes($0) }
        XCTAssertEqual(output.text, "0 18446744073709551615 0000 f989 ffffffffffffffff 000aff")
    }

    /// The segment writer with `seq` on every segment, as `tcpdump -vv` prints it, and with a checksum note.
    func testSegmentWriterOptions() throws {
        let header = TCPHeader(
            sourcePort: 1, destinationPort: 2, sequenceNumber: SequenceNumber(10),
            acknowledgmentNumber: SequenceNumber(20), flags: [.ack], window: 3, checksum: 0xABCD)
        var bytes = [UInt8](repeating: 0, count: 20)
        _ = try bytes.withUnsafeMutableBytes { try header.encode(into: $0) }
        try lenientView(bytes) { view in
            var output = Bytes()
            TCPSegmentTextWriter(alwaysShowSequence: true).writeBody(
                view, segmentLength: 25, sequenceNumber: 1, acknowledgmentNumber: 2, sackBase: 0,
                expectedChecksum: 0x0102, to: &output)
            XCTAssertEqual(
                output.text, "Flags [.], cksum 0xabcd (incorrect -> 0x0102), seq 1:6, ack 2, win 3, length 5")
        }
    }
}
