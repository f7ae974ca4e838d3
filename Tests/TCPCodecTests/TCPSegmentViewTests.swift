import TCPCodec
import XCTest

final class TCPSegmentViewTests: XCTestCase {
    /// The fixed-header fields of a segment, as tcpdump printed them (sequence numbers made absolute).
    struct Expected {
        let fixture: CaptureSegment
        let sourcePort: UInt16
        let destinationPort: UInt16
        let sequenceNumber: UInt32
        let acknowledgmentNumber: UInt32
        let flags: String
        let window: UInt16
        let urgentPointer: UInt16
        let payloadLength: Int
    }

    // Relative numbers in tcpdump's output are made absolute from the first segment tcpdump printed of the
    // connection (its `seq`, or its `ack` for the other direction), as noted beside each.
    static let expected: [Expected] = [
        Expected(fixture: CaptureFixtures.sshSYN, sourcePort: 62146, destinationPort: 22,
                 sequenceNumber: 4_082_233_688, acknowledgmentNumber: 0, flags: "S", window: 65535,
                 urgentPointer: 0, payloadLength: 0),
        Expected(fixture: CaptureFixtures.sshSYNACK, sourcePort: 22, destinationPort: 62146,
                 sequenceNumber: 2_455_219_014, acknowledgmentNumber: 4_082_233_689, flags: "S.", window: 28960,
                 urgentPointer: 0, payloadLength: 0),
        // ack 5186 relative to the SYN's 4082233688; tcpdump shows no seq for a bare ACK (0x9257B836 on the wire).
        Expected(fixture: CaptureFixtures.sshSACK, sourcePort: 22, destinationPort: 62146,
                 sequenceNumber: 0x9257_B836, acknowledgmentNumber: 4_082_233_688 + 5186, flags: ".", window: 340,
                 urgentPointer: 0, payloadLength: 0),
        Expected(fixture: CaptureFixtures.mptcpV1CapableSYN, sourcePort: 33306, destinationPort: 10004,
                 sequenceNumber: 2_180_756_989, acknowledgmentNumber: 0, flags: "S", window: 65535,
                 urgentPointer: 0, payloadLength: 0),
        Expected(fixture: CaptureFixtures.mptcpV1CapableSYNACK, sourcePort: 10004, destinationPort: 33306,
                 sequenceNumber: 791_415_661, acknowledgmentNumber: 2_180_756_990, flags: "S.", window: 65535,
                 urgentPointer: 0, payloadLength: 0),
        // seq 10269 and ack 8193, relative to 2180756989 and 791415661.
        Expected(fixture: CaptureFixtures.mptcpV1DataFIN, sourcePort: 33306, destinationPort: 10004,
                 sequenceNumber: 2_180_756_989 + 10269, acknowledgmentNumber: 791_415_661 + 8193, flags: "F.",
                 window: 323, urgentPointer: 0, payloadLength: 0),
        // Frame 1 of this capture printed seq 1, ack 2176696966 for the same numbers.
        Expected(fixture: CaptureFixtures.mptcpTCPReset, sourcePort: 55739, destinationPort: 8080,
                 sequenceNumber: 1, acknowledgmentNumber: 2_176_696_966, flags: "R.", window: 256,
                 urgentPointer: 0, payloadLength: 0),
        Expected(fixture: CaptureFixtures.tfoCookieRequest, sourcePort: 13047, destinationPort: 13054,
                 sequenceNumber: 218_476_388, acknowledgmentNumber: 0, flags: "S", window: 1400,
                 urgentPointer: 0, payloadLength: 0),
        Expected(fixture: CaptureFixtures.tfoSYNWithData, sourcePort: 13048, destinationPort: 13054,
                 sequenceNumber: 936_732_547, acknowledgmentNumber: 0, flags: "S", window: 1400,
                 urgentPointer: 0, payloadLength: 4),
        Expected(fixture: CaptureFixtures.accecnSYN, sourcePort: 16433, destinationPort: 80,
                 sequenceNumber: 1_948_076_589, acknowledgmentNumber: 0, flags: "SEWe", window: 65535,
                 urgentPointer: 0, payloadLength: 0),
        Expected(fixture: CaptureFixtures.accecnSYNACK, sourcePort: 80, destinationPort: 16433,
                 sequenceNumber: 2_972_234_643, acknowledgmentNumber: 1_948_076_590, flags: "S.W", window: 65160,
                 urgentPointer: 0, payloadLength: 0),
        // seq 1216 and ack 1, relative to frame 1's seq 2419279130 and ack 1593006533 (ack 1 is that ack).
        Expected(fixture: CaptureFixtures.bgpMD5, sourcePort: 179, destinationPort: 50651,
                 sequenceNumber: 2_419_279_130 + 1216, acknowledgmentNumber: 1_593_006_533, flags: "P.",
                 window: 31761, urgentPointer: 0, payloadLength: 819),
        // seq 1:24 and ack 23, relative to frame 1's ack 742445183 and seq 3973869487.
        Expected(fixture: CaptureFixtures.ipv6, sourcePort: 179, destinationPort: 37754,
                 sequenceNumber: 742_445_183, acknowledgmentNumber: 3_973_869_487 + 23, flags: "P.", window: 501,
                 urgentPointer: 0, payloadLength: 23),
    ]

    func testFieldsMatchWhatTcpdumpPrinted() throws {
        for expected in Self.expected {
            let fixture = expected.fixture
            try fixture.bytes.withUnsafeBytes { raw in
                let view = try TCPSegmentView(raw)
                XCTAssertNil(view.problem, fixture.name)
                XCTAssertEqual(view.sourcePort, expected.sourcePort, fixture.name)
                XCTAssertEqual(view.destinationPort, expected.destinationPort, fixture.name)
                XCTAssertEqual(view.sequenceNumber.rawValue, expected.sequenceNumber, fixture.name)
                XCTAssertEqual(view.acknowledgmentNumber.rawValue, expected.acknowledgmentNumber, fixture.name)
                XCTAssertEqual(view.flags.description, expected.flags, fixture.name)
                XCTAssertEqual(view.window, expected.window, fixture.name)
                XCTAssertEqual(view.urgentPointer, expected.urgentPointer, fixture.name)
                XCTAssertEqual(view.payload.count, expected.payloadLength, fixture.name)
                XCTAssertEqual(view.headerLength, fixture.headerLength, fixture.name)
                XCTAssertEqual(view.dataOffset * 4, view.headerLength, fixture.name)
                XCTAssertEqual(view.headerBytes.count, fixture.headerLength, fixture.name)
                XCTAssertEqual(view.bytes.count, fixture.bytes.count, fixture.name)
                XCTAssertEqual(Array(view.payload), Array(fixture.bytes[fixture.headerLength...]), fixture.name)
                XCTAssertEqual(view.checksum, UInt16(fixture.bytes[16]) << 8 | UInt16(fixture.bytes[17]))
            }
        }
    }

    func testChecksumFieldsMatchTcpdump() throws {
        // tcpdump -v printed these checksum fields.
        let printed: [(CaptureSegment, UInt16)] = [
            (CaptureFixtures.accecnSYN, 0x209C), (CaptureFixtures.accecnSYNACK, 0x22A8),
            (CaptureFixtures.accecnACK, 0x20A4), (CaptureFixtures.bgpMD5, 0xE2AB),
            (CaptureFixtures.bgpMD5NonZeroPadding, 0x2643), (CaptureFixtures.ipv6WrongChecksum, 0x6AF3),
            (CaptureFixtures.ipv6, 0xCBCD),
        ]
        for (fixture, checksum) in printed {
            try fixture.bytes.withUnsafeBytes { raw in
                XCTAssertEqual(try TCPSegmentView(raw).checksum, checksum, fixture.name)
            }
        }
    }

    func testEveryFieldAtItsOffset() throws {
        let bytes = hexBytes("""
            1234 abcd     # source port 0x1234, destination port 0xabcd
            89abcdef      # sequence number
            fedcba98      # acknowledgment number
            5f ff         # data offset 5, flags 0xFFF (all twelve bits)
            7654          # window
            3210          # checksum
            0f0e          # urgent pointer
            c0ffee        # payload
            """)
        try bytes.withUnsafeBytes { raw in
            let view = try TCPSegmentView(raw)
            XCTAssertEqual(view.sourcePort, 0x1234)
            XCTAssertEqual(view.destinationPort, 0xABCD)
            XCTAssertEqual(view.sequenceNumber, SequenceNumber(0x89AB_CDEF))
            XCTAssertEqual(view.acknowledgmentNumber, SequenceNumber(0xFEDC_BA98))
            XCTAssertEqual(view.dataOffset, 5)
            XCTAssertEqual(view.headerLength, 20)
            XCTAssertEqual(view.flags, .all)
            XCTAssertEqual(view.window, 0x7654)
            XCTAssertEqual(view.checksum, 0x3210)
            XCTAssertEqual(view.urgentPointer, 0x0F0E)
            XCTAssertTrue(view.options.isEmpty)
            XCTAssertEqual(Array(view.payload), [0xC0, 0xFF, 0xEE])
            XCTAssertEqual(view.optionChecking, .strict)
            // SYN and FIN each take one sequence number besides the 3 payload bytes.
            XCTAssertEqual(view.sequenceLength, 5)
        }
    }

    func testSequenceLengthCountsSYNAndFIN() throws {
        for (flags, payload, expected): (UInt16, Int, UInt32) in [
            (0x010, 0, 0), (0x002, 0, 1), (0x001, 0, 1), (0x003, 0, 2), (0x018, 7, 7), (0x011, 7, 8),
        ] {
            let bytes = segment(options: [], flags: flags, payload: [UInt8](repeating: 0xAA, count: payload))
            try bytes.withUnsafeBytes { raw in
                XCTAssertEqual(try TCPSegmentView(raw).sequenceLength, expected, "flags \(flags)")
            }
        }
        // tfo-5c1fa7f9ae91.pcap frame 13: tcpdump printed seq 936732547:936732551 for the SYN with 4 data bytes.
        try CaptureFixtures.tfoSYNWithData.bytes.withUnsafeBytes { raw in
            XCTAssertEqual(try TCPSegmentView(raw).sequenceLength, 5)
        }
    }

    func testEveryDataOffset() throws {
        for dataOffset in 0 ... 15 {
            var bytes = [UInt8](repeating: 0x01, count: 60)  // NOPs fill any option area
            bytes.replaceSubrange(0 ..< 20, with: segment(options: []))
            bytes[12] = UInt8(dataOffset << 4)
            let error = strictError(bytes)
            if dataOffset < 5 {
                XCTAssertEqual(error, .dataOffsetTooSmall(dataOffset: dataOffset))
                XCTAssertEqual(error?.offset, 12)
                let lenient = try lenientWalk(bytes)
                XCTAssertEqual(lenient.problem, .dataOffsetTooSmall(dataOffset: dataOffset))
                XCTAssertEqual(lenient.steps, [])
            } else {
                XCTAssertNil(error, "data offset \(dataOffset)")
                try bytes.withUnsafeBytes { raw in
                    let view = try TCPSegmentView(raw)
                    XCTAssertEqual(view.headerLength, dataOffset * 4)
                    XCTAssertEqual(view.payload.count, 60 - dataOffset * 4)
                    XCTAssertEqual(Array(view.options).count, dataOffset * 4 - 20)
                }
                // With only the 20-byte fixed header in the buffer the header runs past it.
                let short = Array(bytes[0 ..< 20])
                if dataOffset > 5 {
                    XCTAssertEqual(strictError(short),
                                   .headerExceedsBuffer(headerLength: dataOffset * 4, available: 20))
                }
            }
        }
    }

    func testFramingCheckingYieldsMalformedOptions() throws {
        // MSS of length 3, then a NOP: strict decoding refuses it, framing decoding yields it as malformed.
        let bytes = segment(options: [0x02, 0x03, 0x05, 0x01])
        XCTAssertEqual(strictError(bytes), .invalidOptionLength(kind: 2, offset: 20, length: 3))
        XCTAssertNil(strictError(bytes, checking: .framing))
        let options = try strictOptions(bytes, checking: .framing)
        XCTAssertEqual(options, [.malformed(kind: 2, data: try TCPOptionData([0x05])), .noOperation])
        try bytes.withUnsafeBytes { raw in
            XCTAssertEqual(try TCPSegmentView(raw, optionChecking: .framing).optionChecking, .framing)
        }
        // Framing errors stay errors with either checking.
        let broken = segment(options: [0x02, 0x01, 0x00, 0x00])
        XCTAssertEqual(strictError(broken, checking: .framing), .optionLengthTooSmall(kind: 2, offset: 20, length: 1))
    }

    func testCaptureWithShortDSSUnderEachChecking() throws {
        // mptcp-dss-oobr.pcap frame 1: tcpdump printed `mptcp 3 dss[bad opt]` after mss, sackOK and TS.
        let fixture = CaptureFixtures.mptcpShortDSS
        XCTAssertEqual(strictError(fixture.bytes), .invalidOptionLength(kind: 30, offset: 36, length: 3))
        let framed = try strictOptions(fixture.bytes, checking: .framing)
        XCTAssertEqual(framed, [
            .maximumSegmentSize(16396), .sackPermitted, .timestamps(value: 597_120_308, echoReply: 0),
            .malformed(kind: 30, data: try TCPOptionData([0x20])), .endOfOptionList,
        ])
        let lenient = try lenientWalk(fixture.bytes)
        XCTAssertEqual(lenient.problem, .invalidOptionLength(kind: 30, offset: 36, length: 3))
        XCTAssertEqual(lenient.steps, [
            .option(.maximumSegmentSize(16396), offset: 20), .option(.sackPermitted, offset: 24),
            .option(.timestamps(value: 597_120_308, echoReply: 0), offset: 26),
            .malformed(.invalidOptionLength(kind: 30, offset: 36, length: 3)),
        ])
    }

    func testLenientViewOfCapturesCutInsideTheHeader() throws {
        // tcp-auth-heapoverflow.pcap: tcpdump printed `Flags [.U] ... tcp-ao keyid 48 rnextkeyid 48 mac
        // 0x303030303030 [|tcp]`: 30 bytes of a 52-byte header, an AO option of length 21 at offset 20.
        let auth = CaptureFixtures.tcpAuthenticationTruncated
        XCTAssertEqual(strictError(auth.bytes), .headerExceedsBuffer(headerLength: 52, available: 30))
        try auth.bytes.withUnsafeBytes { raw in
            let view = try TCPSegmentView(lenient: raw)
            XCTAssertEqual(view.problem, .headerExceedsBuffer(headerLength: 52, available: 30))
            XCTAssertEqual(view.flags, [.ack, .urg, .reserved2, .reserved3])
            XCTAssertEqual(view.flags.description, ".U")
            XCTAssertEqual(view.sourcePort, 12336)
            XCTAssertEqual(view.sequenceNumber, SequenceNumber(808_464_432))
            XCTAssertEqual(view.acknowledgmentNumber, SequenceNumber(808_464_432))
            XCTAssertEqual(view.window, 12336)
            XCTAssertEqual(view.urgentPointer, 12336)
            XCTAssertEqual(view.headerLength, 52)
            XCTAssertEqual(view.headerBytes.count, 30)
            XCTAssertEqual(view.payload.count, 0)
            XCTAssertEqual(Array(view.options.walk()), [
                .malformed(.optionExceedsHeader(kind: 29, offset: 20, length: 21, available: 10)),
            ])
        }
        // heapoverflow-tcp_print.pcap: `Flags [.Ue] ... options [unknown-48 0x3030303030303030 [|tcp]`.
        let reserved = CaptureFixtures.reservedBitsTruncated
        XCTAssertEqual(strictError(reserved.bytes), .headerExceedsBuffer(headerLength: 60, available: 30))
        try reserved.bytes.withUnsafeBytes { raw in
            let view = try TCPSegmentView(lenient: raw)
            XCTAssertEqual(view.problem, .headerExceedsBuffer(headerLength: 60, available: 30))
            XCTAssertEqual(view.flags.rawValue, 0xD30)
            XCTAssertEqual(view.flags.description, ".Ue")
            XCTAssertTrue(view.flags.contains(.reserved2) && view.flags.contains(.reserved3))
            XCTAssertFalse(view.flags.contains(.reserved1))
            XCTAssertEqual(Array(view.options.walk()), [
                .malformed(.optionExceedsHeader(kind: 48, offset: 20, length: 40, available: 10)),
            ])
        }
    }

    /// Feeds every prefix of each valid header to the strict decoder: all but the whole header must fail with the
    /// error that names the missing bytes.
    func testDripFeedStrict() throws {
        for fixture in CaptureFixtures.strictlyValid {
            let header = Array(fixture.bytes[0 ..< fixture.headerLength])
            for length in 0 ... header.count {
                let prefix = Array(header[0 ..< length])
                let error = strictError(prefix)
                if length < 20 {
                    XCTAssertEqual(error, .truncatedHeader(needed: 20, available: length), fixture.name)
                    XCTAssertEqual(error?.offset, length)
                } else if length < header.count {
                    XCTAssertEqual(error, .headerExceedsBuffer(headerLength: header.count, available: length),
                                   "\(fixture.name) prefix \(length)")
                } else {
                    XCTAssertNil(error, fixture.name)
                }
            }
        }
    }

    /// Feeds every prefix to the lenient decoder: it must record the header running past the buffer as its
    /// problem, and its walk must yield the options that fit, then the error for the option that was cut.
    func testDripFeedLenient() throws {
        for fixture in CaptureFixtures.strictlyValid {
            let header = Array(fixture.bytes[0 ..< fixture.headerLength])
            let whole = try lenientWalk(header)
            XCTAssertNil(whole.problem, fixture.name)
            for length in 0 ..< header.count {
                let prefix = Array(header[0 ..< length])
                guard length >= 20 else {
                    XCTAssertThrowsError(try lenientWalk(prefix)) { error in
                        XCTAssertEqual(error as? TCPDecodingError, .truncatedHeader(needed: 20, available: length))
                    }
                    continue
                }
                let cut = try lenientWalk(prefix)
                XCTAssertEqual(cut.problem, .headerExceedsBuffer(headerLength: header.count, available: length))
                XCTAssertEqual(cut.steps, expectedSteps(whole.steps, cutAt: length, header: header),
                               "\(fixture.name) prefix \(length)")
            }
        }
    }

    /// The walk of a header cut at `end`: the options that end by then, and then the error for the one cut.
    private func expectedSteps(_ steps: [TCPOptions.Step], cutAt end: Int, header: [UInt8]) -> [TCPOptions.Step] {
        var result: [TCPOptions.Step] = []
        for step in steps {
            guard case .option(let option, let offset) = step, offset < end else { break }
            if case .endOfOptionList = option {
                result.append(step)
                break
            }
            if offset + option.encodedLength <= end {
                result.append(step)
                continue
            }
            let kind = header[offset]
            if offset + 1 == end {
                result.append(.malformed(.optionLengthMissing(kind: kind, offset: offset)))
            } else {
                result.append(.malformed(.optionExceedsHeader(
                    kind: kind, offset: offset, length: Int(header[offset + 1]), available: end - offset)))
            }
            break
        }
        return result
    }

    func testHeaderDecodingAndMutableViewDripFeed() throws {
        for fixture in [CaptureFixtures.sshSYN, CaptureFixtures.mptcpV0JoinACK, CaptureFixtures.accecnACK] {
            for length in 0 ..< fixture.headerLength {
                var prefix = Array(fixture.bytes[0 ..< length])
                let expected: TCPDecodingError = length < 20
                    ? .truncatedHeader(needed: 20, available: length)
                    : .headerExceedsBuffer(headerLength: fixture.headerLength, available: length)
                XCTAssertThrowsError(try prefix.withUnsafeBytes { try TCPHeader(decoding: $0) }) {
                    XCTAssertEqual($0 as? TCPDecodingError, expected)
                }
                XCTAssertThrowsError(try prefix.withUnsafeMutableBytes { try TCPSegmentMutableView($0) }) {
                    XCTAssertEqual($0 as? TCPDecodingError, expected)
                }
            }
        }
    }
}

extension TCPSegmentViewTests {
    /// A lenient view with framing-only checking walks past an option that breaks its kind's rule.
    func testLenientViewWithFramingChecking() throws {
        let segment: [UInt8] = [
            0x9C, 0x40, 0x01, 0xBB,  // ports 40000 -> 443
            0x00, 0x00, 0x00, 0x01,  // seq 1
            0x00, 0x00, 0x00, 0x00,  // ack 0
            0x70, 0x02,  // data offset 7, SYN
            0xFA, 0xF0, 0x00, 0x00, 0x00, 0x00,  // window, checksum, urgent pointer
            0x02, 0x03, 0x05,  // MSS with length 3: breaks MSS's rule (length 4)
            0x01,  // NOP
            0x03, 0x03, 0x07,  // window scale 7
            0x00,  // EOL
        ]
        try segment.withUnsafeBytes { raw in
            let strict = try TCPSegmentView(lenient: raw)
            XCTAssertEqual(strict.problem, .invalidOptionLength(kind: 2, offset: 20, length: 3))
            XCTAssertEqual(Array(strict.options), [])
            let framing = try TCPSegmentView(lenient: raw, optionChecking: .framing)
            XCTAssertNil(framing.problem)
            XCTAssertEqual(Array(framing.options), [
                .malformed(kind: 2, data: try TCPOptionData([0x05])), .noOperation, .windowScale(7), .endOfOptionList,
            ])
        }
    }
}

extension TCPSegmentViewTests {
    /// `options(checking:)` reads the view's option area with another checking than the view's own: framing reads
    /// on past an option that breaks only its kind's rule, strict stops there with the validating error, and each
    /// agrees with a view made with that checking.
    func testOptionsReadWithAnotherChecking() throws {
        let bytes = segment(options: hexBytes("""
            02 03 05      # MSS with length 3: breaks MSS's rule (length 4), offset 20
            01            # NOP
            05 02         # SACK, length 2: no block, offset 24
            03 03 07      # window scale 7
            00 00 00      # EOL, padding
            """))
        let rest: [TCPOption] = [.noOperation, .sack(TCPSACKBlocks()), .windowScale(7), .endOfOptionList]
        let framed = [TCPOption.malformed(kind: 2, data: try TCPOptionData([0x05]))] + rest
        let error = TCPDecodingError.invalidOptionLength(kind: 2, offset: 20, length: 3)
        try bytes.withUnsafeBytes { raw in
            let framing = try TCPSegmentView(raw, optionChecking: .framing)
            XCTAssertEqual(Array(framing.options), framed)
            XCTAssertEqual(Array(framing.options(checking: .framing)), framed)
            XCTAssertEqual(framing.options(checking: .framing).checking, .framing)
            // The offsets the framing view's walk recorded, read strictly: the first option stops the iteration.
            var strictly = framing.options(checking: .strict).makeIterator()
            XCTAssertNil(strictly.next())
            XCTAssertEqual(strictly.error, error)
            XCTAssertEqual(framing.options(checking: .strict).firstError, error)
            let lenient = try TCPSegmentView(lenient: raw)
            XCTAssertEqual(lenient.problem, error)
            XCTAssertEqual(Array(lenient.options), [])
            XCTAssertEqual(Array(lenient.options(checking: .framing)), framed)
            XCTAssertNil(lenient.options(checking: .framing).firstError)
        }
        // A strictly valid view reads the same under both.
        let valid = segment(options: [0x01, 0x03, 0x03, 0x07])
        try valid.withUnsafeBytes { raw in
            let strict = try TCPSegmentView(raw)
            XCTAssertEqual(Array(strict.options(checking: .framing)), Array(strict.options))
            XCTAssertEqual(Array(strict.options), [.noOperation, .windowScale(7)])
        }
    }
}
