@testable import TCPCodec
import XCTest

/// The header layout table against a header written out in hex, and the view, the mutable view, the encoder and the
/// checksum code against the table (RFC 9293 section 3.1).
final class TCPHeaderLayoutTests: XCTestCase {
    /// A header whose fields all hold different bytes, so that a field read at a wrong offset shows.
    static let header = hexBytes("""
        c0 01         # source port 0xC001
        01 bb         # destination port 443
        11 22 33 44   # sequence number 0x11223344
        55 66 77 88   # acknowledgment number 0x55667788
        6a            # data offset 6 (24 bytes); reserved bits 101, AE 0
        f1            # CWR ECE URG ACK FIN
        fa f0         # window 64240
        9a bc         # checksum 0x9ABC
        de f1         # urgent pointer 0xDEF1
        02 04 05 b4   # MSS 1460
        """)

    /// Each fixed field of the table with its width, its value in the hex above, and how the view reads it.
    static var fields: [(name: String, range: Range<Int>, expected: UInt64, read: (TCPSegmentView) -> UInt64)] { [
        ("source port", TCPHeaderLayout.sourcePort, 0xC001, { UInt64($0.sourcePort) }),
        ("destination port", TCPHeaderLayout.destinationPort, 443, { UInt64($0.destinationPort) }),
        ("sequence number", TCPHeaderLayout.sequenceNumber, 0x1122_3344, { UInt64($0.sequenceNumber.rawValue) }),
        ("acknowledgment number", TCPHeaderLayout.acknowledgmentNumber, 0x5566_7788,
         { UInt64($0.acknowledgmentNumber.rawValue) }),
        ("window", TCPHeaderLayout.window, 64240, { UInt64($0.window) }),
        ("checksum", TCPHeaderLayout.checksum, 0x9ABC, { UInt64($0.checksum) }),
        ("urgent pointer", TCPHeaderLayout.urgentPointer, 0xDEF1, { UInt64($0.urgentPointer) }),
    ] }

    /// The big-endian number held in `bytes[range]`.
    private func number(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
        bytes[range].reduce(0) { $0 << 8 | UInt64($1) }
    }

    private func withView<Result>(_ bytes: [UInt8], _ body: (TCPSegmentView) throws -> Result) throws -> Result {
        try bytes.withUnsafeBytes { raw in try body(try TCPSegmentView(raw)) }
    }

    func testRangesTileTheFixedHeader() {
        let ranges = [
            TCPHeaderLayout.sourcePort, TCPHeaderLayout.destinationPort, TCPHeaderLayout.sequenceNumber,
            TCPHeaderLayout.acknowledgmentNumber, TCPHeaderLayout.dataOffsetAndFlags, TCPHeaderLayout.window,
            TCPHeaderLayout.checksum, TCPHeaderLayout.urgentPointer,
        ]
        XCTAssertEqual(ranges.first?.lowerBound, 0)
        for (before, after) in zip(ranges, ranges.dropFirst()) {
            XCTAssertEqual(before.upperBound, after.lowerBound, "\(before) and \(after) do not meet")
        }
        XCTAssertEqual(ranges.last?.upperBound, TCPHeaderLayout.minimumHeaderLength)
        XCTAssertEqual(ranges.map(\.count), [2, 2, 4, 4, 2, 2, 2, 2])
        XCTAssertEqual(
            TCPHeaderLayout.dataOffsetAndFlags, TCPHeaderLayout.dataOffsetByte ..< TCPHeaderLayout.flagsByte + 1)
        XCTAssertEqual(TCPHeaderLayout.minimumHeaderLength, 20)
        XCTAssertEqual(TCPHeaderLayout.maximumHeaderLength, 15 * 4)
        XCTAssertEqual(TCPHeaderLayout.maximumOptionsLength, 40)
    }

    func testPublicConstantsComeFromTheTable() {
        XCTAssertEqual(TCPSegmentView.minimumHeaderLength, TCPHeaderLayout.minimumHeaderLength)
        XCTAssertEqual(TCPSegmentView.maximumHeaderLength, TCPHeaderLayout.maximumHeaderLength)
        XCTAssertEqual(TCPOptionList.capacity, TCPHeaderLayout.maximumOptionsLength)
        XCTAssertEqual(TCPOptionData.capacity, TCPHeaderLayout.maximumOptionsLength)
        // The inline storage holds the whole option area.
        XCTAssertGreaterThanOrEqual(
            MemoryLayout<(UInt64, UInt64, UInt64, UInt64, UInt64)>.size, TCPOptionData.capacity)
    }

    func testViewReadsEachFieldAtItsRange() throws {
        let bytes = Self.header
        try withView(bytes) { view in
            for field in Self.fields {
                XCTAssertEqual(field.read(view), number(bytes, field.range), field.name)
                XCTAssertEqual(field.read(view), field.expected, field.name)
            }
            let dataOffsetByte = bytes[TCPHeaderLayout.dataOffsetByte]
            XCTAssertEqual(view.dataOffset, Int(dataOffsetByte >> 4))
            XCTAssertEqual(view.dataOffset, 6)
            XCTAssertEqual(view.headerLength, 24)
            XCTAssertEqual(
                UInt64(view.flags.rawValue),
                number(bytes, TCPHeaderLayout.dataOffsetAndFlags) & UInt64(TCPHeaderLayout.flagBits))
            XCTAssertEqual(UInt8(truncatingIfNeeded: view.flags.rawValue), bytes[TCPHeaderLayout.flagsByte])
            XCTAssertEqual(view.flags, [.cwr, .ece, .ack, .urg, .fin, TCPFlags(rawValue: 0xA00)])
            XCTAssertEqual(Array(view.options.bytes), Array(bytes[TCPHeaderLayout.minimumHeaderLength...]))
            XCTAssertEqual(Array(view.options), [.maximumSegmentSize(1460)])
        }
    }

    func testMutableViewWritesEachFieldAtItsRangeOnly() throws {
        let pseudoHeader = TCPPseudoHeader(ipv4Source: 0x0A00_0001, destination: 0x0A00_0002)
        var bytes = Self.header
        bytes.withUnsafeMutableBytes { _ = TCPChecksum.fill(segment: $0, pseudoHeader: pseudoHeader) }
        // Each setter, and the bytes it must leave behind: the new value, big-endian, at the field's range.
        let setters: [(name: String, range: Range<Int>, value: UInt64, set: (TCPSegmentMutableView) -> Void)] = [
            ("source port", TCPHeaderLayout.sourcePort, 0x0102, { $0.sourcePort = 0x0102 }),
            ("destination port", TCPHeaderLayout.destinationPort, 0x0304, { $0.destinationPort = 0x0304 }),
            ("sequence number", TCPHeaderLayout.sequenceNumber, 0x0506_0708,
             { $0.sequenceNumber = SequenceNumber(0x0506_0708) }),
            ("acknowledgment number", TCPHeaderLayout.acknowledgmentNumber, 0x090A_0B0C,
             { $0.acknowledgmentNumber = SequenceNumber(0x090A_0B0C) }),
            // The data offset stays 6; the flags become SYN with the reserved bits clear.
            ("flags", TCPHeaderLayout.dataOffsetAndFlags, 0x6002, { $0.flags = [.syn] }),
            ("window", TCPHeaderLayout.window, 0x0D0E, { $0.window = 0x0D0E }),
            ("urgent pointer", TCPHeaderLayout.urgentPointer, 0x0F10, { $0.urgentPointer = 0x0F10 }),
        ]
        for setter in setters {
            let before = bytes
            try bytes.withUnsafeMutableBytes { raw in setter.set(try TCPSegmentMutableView(raw)) }
            XCTAssertEqual(number(bytes, setter.range), setter.value, setter.name)
            for index in bytes.indices where !setter.range.contains(index)
                && !TCPHeaderLayout.checksum.contains(index) {
                XCTAssertEqual(bytes[index], before[index], "\(setter.name) changed byte \(index)")
            }
            bytes.withUnsafeBytes { raw in
                XCTAssertTrue(TCPChecksum.verify(segment: raw, pseudoHeader: pseudoHeader), setter.name)
            }
        }
        try bytes.withUnsafeMutableBytes { raw in try TCPSegmentMutableView(raw).checksum = 0x1357 }
        XCTAssertEqual(number(bytes, TCPHeaderLayout.checksum), 0x1357)
    }

    func testEncoderWritesEachFieldAtItsRange() throws {
        let header = try TCPHeader(
            sourcePort: 0xC001, destinationPort: 443, sequenceNumber: SequenceNumber(0x1122_3344),
            acknowledgmentNumber: SequenceNumber(0x5566_7788),
            flags: [.cwr, .ece, .ack, .urg, .fin, TCPFlags(rawValue: 0xA00)], window: 64240, checksum: 0x9ABC,
            urgentPointer: 0xDEF1, options: TCPOptionList([.maximumSegmentSize(1460)]))
        var buffer = [UInt8](repeating: 0xEE, count: 32)
        let written = try buffer.withUnsafeMutableBytes { try header.encode(into: $0) }
        XCTAssertEqual(written, 24)
        XCTAssertEqual(Array(buffer[0 ..< written]), Self.header)
        for field in Self.fields {
            XCTAssertEqual(number(buffer, field.range), field.expected, field.name)
        }
        // Decoded and encoded again, the header is the same bytes.
        let decoded = try Self.header.withUnsafeBytes { try TCPHeader(decoding: $0) }
        XCTAssertEqual(decoded, header)
    }

    func testChecksumCodeUsesTheChecksumRange() throws {
        let pseudoHeader = TCPPseudoHeader(ipv4Source: 0xC0A8_0001, destination: 0xC0A8_0002)
        var bytes = Self.header
        let before = bytes
        let value = bytes.withUnsafeMutableBytes { TCPChecksum.fill(segment: $0, pseudoHeader: pseudoHeader) }
        XCTAssertEqual(number(bytes, TCPHeaderLayout.checksum), UInt64(value))
        for index in bytes.indices where !TCPHeaderLayout.checksum.contains(index) {
            XCTAssertEqual(bytes[index], before[index], "fill changed byte \(index)")
        }
        // compute ignores the field as carried, so the original bytes give the same value.
        before.withUnsafeBytes { raw in
            XCTAssertEqual(TCPChecksum.compute(segment: raw, pseudoHeader: pseudoHeader), value)
        }
        // Shorter than the end of the checksum field: no field to ignore or hold a placeholder.
        let short = Array(bytes[0 ..< TCPHeaderLayout.checksum.upperBound - 1])
        short.withUnsafeBytes { raw in
            XCTAssertFalse(TCPChecksum.isOffloadPlaceholder(segment: raw, pseudoHeader: pseudoHeader))
        }
    }

    func testDataOffsetErrorPointsAtTheDataOffsetByte() {
        var bytes = Self.header
        bytes[TCPHeaderLayout.dataOffsetByte] = 0x4A
        XCTAssertEqual(strictError(bytes), .dataOffsetTooSmall(dataOffset: 4))
        XCTAssertEqual(strictError(bytes)?.offset, TCPHeaderLayout.dataOffsetByte)
        let minimum = TCPHeaderLayout.minimumHeaderLength
        XCTAssertEqual(strictError(Array(bytes[0 ..< minimum - 1])), .truncatedHeader(needed: minimum, available: 19))
    }
}
