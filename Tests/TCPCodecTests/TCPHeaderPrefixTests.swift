import TCPCodec
import XCTest

/// `TCPHeaderPrefix`: the fields of a header cut short, each present exactly when all its bytes are.
final class TCPHeaderPrefixTests: XCTestCase {
    /// A fixed header, field by field.
    let header: [UInt8] = [
        0x1F, 0x90,  // source port 8080
        0x00, 0x50,  // destination port 80
        0x01, 0x02, 0x03, 0x04,  // sequence number
        0xA0, 0xB0, 0xC0, 0xD0,  // acknowledgment number
        0x60, 0x12,  // data offset 6, AE clear, SYN+ACK (0x012)
        0xFA, 0xF0,  // window 64240
        0xBE, 0xEF,  // checksum
        0x00, 0x07,  // urgent pointer 7
    ]

    /// Every prefix of the header, from none to all 20 bytes.
    func testEveryPrefixHoldsTheFieldsItCovers() {
        for count in 0 ... header.count {
            let prefix = Array(header.prefix(count)).withUnsafeBytes { TCPHeaderPrefix($0) }
            XCTAssertEqual(prefix.capturedLength, count)
            XCTAssertEqual(prefix.sourcePort, count >= 2 ? 8080 : nil, "\(count) bytes")
            XCTAssertEqual(prefix.destinationPort, count >= 4 ? 80 : nil, "\(count) bytes")
            XCTAssertEqual(prefix.sequenceNumber?.rawValue, count >= 8 ? 0x0102_0304 : nil, "\(count) bytes")
            XCTAssertEqual(prefix.acknowledgmentNumber?.rawValue, count >= 12 ? 0xA0B0_C0D0 : nil, "\(count) bytes")
            XCTAssertEqual(prefix.dataOffset, count >= 13 ? 6 : nil, "\(count) bytes")
            XCTAssertEqual(prefix.headerLength, count >= 13 ? 24 : nil, "\(count) bytes")
            XCTAssertEqual(prefix.flags, count >= 14 ? [.syn, .ack] : nil, "\(count) bytes")
            XCTAssertEqual(prefix.window, count >= 16 ? 64240 : nil, "\(count) bytes")
            XCTAssertEqual(prefix.checksum, count >= 18 ? 0xBEEF : nil, "\(count) bytes")
            XCTAssertEqual(prefix.urgentPointer, count >= 20 ? 7 : nil, "\(count) bytes")
        }
    }

    /// On a whole header the prefix agrees with the view, field by field; reserved flag bits are kept.
    func testAWholeHeaderAgreesWithTheView() throws {
        var bytes = header
        bytes[12] = 0x5F  // data offset 5, reserved bits and AE set
        try bytes.withUnsafeBytes { raw in
            let view = try TCPSegmentView(lenient: raw)
            let prefix = TCPHeaderPrefix(raw)
            XCTAssertEqual(prefix.sourcePort, view.sourcePort)
            XCTAssertEqual(prefix.destinationPort, view.destinationPort)
            XCTAssertEqual(prefix.sequenceNumber, view.sequenceNumber)
            XCTAssertEqual(prefix.acknowledgmentNumber, view.acknowledgmentNumber)
            XCTAssertEqual(prefix.dataOffset, view.dataOffset)
            XCTAssertEqual(prefix.flags, view.flags)
            XCTAssertEqual(prefix.window, view.window)
            XCTAssertEqual(prefix.checksum, view.checksum)
            XCTAssertEqual(prefix.urgentPointer, view.urgentPointer)
        }
    }
}
