import TCPCodec
import XCTest

final class TCPSegmentMutableViewTests: XCTestCase {
    /// Applies `change` through a mutable view of `bytes` and checks that the checksum stays as right (or as
    /// wrong) as it was, and that a right one equals a full recompute.
    private func check(_ bytes: [UInt8], _ pseudo: TCPPseudoHeader, _ label: String,
                       file: StaticString = #filePath, line: UInt = #line,
                       _ change: (TCPSegmentMutableView) -> Void) throws -> [UInt8] {
        var copy = bytes
        let wasValid = copy.withUnsafeBytes { TCPChecksum.verify(segment: $0, pseudoHeader: pseudo) }
        let offsetBefore = copy.withUnsafeBytes { Self.error(of: $0, pseudo) }
        try copy.withUnsafeMutableBytes { raw in
            let view = try TCPSegmentMutableView(raw)
            change(view)
        }
        copy.withUnsafeBytes { raw in
            XCTAssertEqual(TCPChecksum.verify(segment: raw, pseudoHeader: pseudo), wasValid, label,
                           file: file, line: line)
            if wasValid {
                XCTAssertEqual(UInt16(copy[16]) << 8 | UInt16(copy[17]),
                               TCPChecksum.compute(segment: raw, pseudoHeader: pseudo), label, file: file, line: line)
            }
            XCTAssertEqual(Self.error(of: raw, pseudo), offsetBefore, "wrong by the same amount: \(label)",
                           file: file, line: line)
        }
        return copy
    }

    /// How far the stored checksum is from the right one, modulo 0xFFFF.
    private static func error(of raw: UnsafeRawBufferPointer, _ pseudo: TCPPseudoHeader) -> UInt32 {
        let stored = UInt32(raw[16]) << 8 | UInt32(raw[17])
        let right = UInt32(TCPChecksum.compute(segment: raw, pseudoHeader: pseudo))
        return (stored + 0xFFFF - right) % 0xFFFF
    }

    func testEverySetterKeepsTheChecksum() throws {
        var generator = SplitMix64(seed: 0x5E77)
        // All whole segments but the DSS of length 3, which a mutable view refuses (strict checking).
        for fixture in CaptureFixtures.wholeSegments where fixture.name != CaptureFixtures.mptcpShortDSS.name {
            let pseudo = fixture.pseudoHeader
            for _ in 0 ..< 4 {
                let port = UInt16.random(in: 0 ... .max, using: &generator)
                let number = UInt32.random(in: 0 ... .max, using: &generator)
                let word = UInt16.random(in: 0 ... .max, using: &generator)
                let flags = TCPFlags(rawValue: UInt16.random(in: 0 ... 0xFFF, using: &generator))
                var result = try check(fixture.bytes, pseudo, "\(fixture.name) source port") { $0.sourcePort = port }
                XCTAssertEqual(Array(result[0 ..< 2]), [UInt8(port >> 8), UInt8(truncatingIfNeeded: port)])
                result = try check(fixture.bytes, pseudo, "\(fixture.name) destination port") {
                    $0.destinationPort = port
                    XCTAssertEqual($0.destinationPort, port)
                }
                result = try check(fixture.bytes, pseudo, "\(fixture.name) sequence number") {
                    $0.sequenceNumber = SequenceNumber(number)
                    XCTAssertEqual($0.sequenceNumber, SequenceNumber(number))
                }
                result = try check(fixture.bytes, pseudo, "\(fixture.name) acknowledgment number") {
                    $0.acknowledgmentNumber = SequenceNumber(number)
                    XCTAssertEqual($0.view.acknowledgmentNumber, SequenceNumber(number))
                }
                result = try check(fixture.bytes, pseudo, "\(fixture.name) flags") { $0.flags = flags }
                XCTAssertEqual(result[12] >> 4, fixture.bytes[12] >> 4, "the data offset is kept")
                XCTAssertEqual(UInt16(result[12] & 0x0F) << 8 | UInt16(result[13]), flags.rawValue)
                result = try check(fixture.bytes, pseudo, "\(fixture.name) window") {
                    $0.window = word
                    XCTAssertEqual($0.window, word)
                }
                result = try check(fixture.bytes, pseudo, "\(fixture.name) urgent pointer") {
                    $0.urgentPointer = word
                    XCTAssertEqual($0.urgentPointer, word)
                }
                // Option setters: each returns whether the option was there.
                let options = try strictOptions(fixture.bytes, checking: .framing)
                result = try check(fixture.bytes, pseudo, "\(fixture.name) options") { view in
                    XCTAssertEqual(view.setMaximumSegmentSize(word),
                                   options.contains { if case .maximumSegmentSize = $0 { true } else { false } })
                    XCTAssertEqual(view.setWindowScale(UInt8(truncatingIfNeeded: word)),
                                   options.contains { if case .windowScale = $0 { true } else { false } })
                    XCTAssertEqual(view.setTimestamps(value: number, echoReply: ~number),
                                   options.contains { if case .timestamps = $0 { true } else { false } })
                    XCTAssertEqual(view.setSACKBlock(at: 0, to: TCPSACKBlock(left: SequenceNumber(number),
                                                                             right: SequenceNumber(~number))),
                                   options.contains { if case .sack = $0 { true } else { false } })
                }
                _ = result
            }
        }
    }

    func testOptionRewritesAtOddOffsets() throws {
        // Every option starts at an odd offset, so every value does too.
        let area = hexBytes("""
            01                                            # NOP (20)
            020405b4                                      # MSS 1460 (21; value at 23)
            030307                                        # window scale 7 (25; value at 27)
            01                                            # NOP (28)
            080a 00000001 00000002                        # timestamps (29; values at 31 and 35)
            0512 00000010 00000020 00000030 00000040      # SACK, two blocks (39; blocks at 41 and 49)
            010101                                        # NOPs to the end of the 40-byte area
            """)
        let bytes = segment(options: area, payload: [0xAB, 0xCD, 0xEF])
        let pseudo = TCPPseudoHeader(ipv4Source: 0xC0A8_0001, destination: 0xC0A8_0002)
        var filled = bytes
        filled.withUnsafeMutableBytes { _ = TCPChecksum.fill(segment: $0, pseudoHeader: pseudo) }
        let result = try check(filled, pseudo, "odd offsets") { view in
            XCTAssertTrue(view.setMaximumSegmentSize(0x1234))
            XCTAssertTrue(view.setWindowScale(14))
            XCTAssertTrue(view.setTimestamps(value: 0xDEAD_BEEF, echoReply: 0x0102_0304))
            XCTAssertTrue(view.setSACKBlock(at: 1, to: TCPSACKBlock(left: SequenceNumber(0xFFFF_FFFF),
                                                                    right: SequenceNumber(0x7))))
            XCTAssertFalse(view.setSACKBlock(at: 2, to: anyBlock))
            XCTAssertFalse(view.setSACKBlock(at: -1, to: anyBlock))
        }
        XCTAssertEqual(try strictOptions(result), [
            .noOperation, .maximumSegmentSize(0x1234), .windowScale(14), .noOperation,
            .timestamps(value: 0xDEAD_BEEF, echoReply: 0x0102_0304),
            .sack(try TCPSACKBlocks([
                TCPSACKBlock(left: SequenceNumber(0x10), right: SequenceNumber(0x20)),
                TCPSACKBlock(left: SequenceNumber(0xFFFF_FFFF), right: SequenceNumber(0x7)),
            ])),
            .noOperation, .noOperation, .noOperation,
        ])
        XCTAssertEqual(Array(result[(result.count - 3)...]), [0xAB, 0xCD, 0xEF])
    }

    private let anyBlock = TCPSACKBlock(left: SequenceNumber(1), right: SequenceNumber(2))

    func testMissingOptionsChangeNothing() throws {
        var bytes = segment(options: [1, 1, 1, 1])
        let original = bytes
        try bytes.withUnsafeMutableBytes { raw in
            let view = try TCPSegmentMutableView(raw)
            XCTAssertFalse(view.setMaximumSegmentSize(1))
            XCTAssertFalse(view.setWindowScale(1))
            XCTAssertFalse(view.setTimestamps(value: 1, echoReply: 1))
            XCTAssertFalse(view.setSACKBlock(at: 0, to: anyBlock))
        }
        XCTAssertEqual(bytes, original)
    }

    func testChecksumSetterWritesTheValueAsGiven() throws {
        var bytes = CaptureFixtures.sshSYN.bytes
        try bytes.withUnsafeMutableBytes { raw in
            let view = try TCPSegmentMutableView(raw)
            view.checksum = 0xFFFF
            XCTAssertEqual(view.checksum, 0xFFFF)
        }
        XCTAssertEqual(Array(bytes[16 ..< 18]), [0xFF, 0xFF])
        XCTAssertEqual(Array(bytes[0 ..< 16]), Array(CaptureFixtures.sshSYN.bytes[0 ..< 16]))
        // A mutable view checks strictly, like TCPSegmentView.
        var short = CaptureFixtures.mptcpShortDSS.bytes
        XCTAssertThrowsError(try short.withUnsafeMutableBytes { try TCPSegmentMutableView($0) }) {
            XCTAssertEqual($0 as? TCPDecodingError, .invalidOptionLength(kind: 30, offset: 36, length: 3))
        }
    }

    func testNATRewriteForIPv4AndIPv6() throws {
        for fixture in CaptureFixtures.wholeSegments where fixture.checksumIsValid == true {
            var bytes = fixture.bytes
            let old = fixture.pseudoHeader
            let newSource: [UInt8] = fixture.source.count == 4
                ? [198, 51, 100, 7] : hexBytes("2001 0db8 ffff 0000 0000 0000 0000 0042")
            let new = newSource.withUnsafeBytes { source in
                fixture.destination.withUnsafeBytes { try! TCPPseudoHeader(source: source, destination: $0) }
            }
            try bytes.withUnsafeMutableBytes { raw in
                try TCPSegmentMutableView(raw).updateChecksum(from: old, to: new)
            }
            bytes.withUnsafeBytes { raw in
                XCTAssertTrue(TCPChecksum.verify(segment: raw, pseudoHeader: new), fixture.name)
                XCTAssertFalse(TCPChecksum.verify(segment: raw, pseudoHeader: old), fixture.name)
            }
            XCTAssertEqual(UInt16(bytes[16]) << 8 | UInt16(bytes[17]),
                           referenceChecksum(segment: bytes, source: newSource, destination: fixture.destination))
        }
    }

    /// RFC 1624: a setter that brings the checksum to 0x0000 must give 0x0000, as a full recompute does.
    func testSetterReachingZeroChecksum() throws {
        let pseudo = TCPPseudoHeader(ipv4Source: 0x0A00_0001, destination: 0x0A00_0002)
        var bytes = segment(options: [])
        bytes.withUnsafeMutableBytes { _ = TCPChecksum.fill(segment: $0, pseudoHeader: pseudo) }
        // The window that makes the checksum 0x0000: the sum without the window must be made 0xFFFF.
        let window = UInt16(bytes[14]) << 8 | UInt16(bytes[15])
        let checksum = UInt16(bytes[16]) << 8 | UInt16(bytes[17])
        // sum = ~checksum; sum - window + newWindow = 0xFFFF (ones' complement).
        let sumWithoutWindow = InternetChecksum.fold(UInt64(~checksum) + UInt64(~window))
        let zeroing = 0xFFFF - sumWithoutWindow
        var result = try check(bytes, pseudo, "to zero") { $0.window = zeroing }
        XCTAssertEqual(Array(result[16 ..< 18]), [0, 0])
        XCTAssertEqual(result.withUnsafeBytes { TCPChecksum.compute(segment: $0, pseudoHeader: pseudo) }, 0)
        // And away from zero again, and through a no-op rewrite.
        result = try check(result, pseudo, "from zero") { $0.window = zeroing &+ 1 }
        result = try check(result, pseudo, "back to zero") {
            $0.window = zeroing
            $0.window = zeroing
        }
        XCTAssertEqual(Array(result[16 ..< 18]), [0, 0])
    }
}

extension TCPSegmentMutableViewTests {
    /// A SACK block index beyond the four an option can hold is refused, not computed with.
    func testSACKBlockIndexOutOfRangeIsRefused() throws {
        var segment: [UInt8] = [
            0x9C, 0x40, 0x01, 0xBB, 0, 0, 0, 1, 0, 0, 0, 1,  // ports, seq 1, ack 1
            0x80, 0x10, 0xFA, 0xF0, 0, 0, 0, 0,  // data offset 8, ACK, window, checksum, urgent pointer
            0x01, 0x01, 0x05, 0x0A, 0, 0, 0, 10, 0, 0, 0, 20,  // NOP NOP SACK {10:20}
        ]
        try segment.withUnsafeMutableBytes { raw in
            let view = try TCPSegmentMutableView(raw)
            let block = TCPSACKBlock(left: SequenceNumber(1), right: SequenceNumber(2))
            XCTAssertFalse(view.setSACKBlock(at: Int.max, to: block))
            XCTAssertFalse(view.setSACKBlock(at: 1, to: block))
            XCTAssertTrue(view.setSACKBlock(at: 0, to: block))
        }
    }
}
