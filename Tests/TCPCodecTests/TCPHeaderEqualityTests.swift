import TCPCodec
import XCTest

/// Equality of owned headers follows their encoding (a regression found by the `roundtrip` fuzz target).
final class TCPHeaderEqualityTests: XCTestCase {
    func testFlagBitsAboveTwelveDoNotCount() throws {
        // Bits 12 ... 15 of the flags are not encoded: the header decodes back without them.
        let header = TCPHeader(sourcePort: 0xF102, destinationPort: 0x3CFE, flags: TCPFlags(rawValue: 0xF012))
        var buffer = [UInt8](repeating: 0, count: 20)
        let written = try buffer.withUnsafeMutableBytes { try header.encode(into: $0) }
        XCTAssertEqual(written, 20)
        let decoded = try buffer.withUnsafeBytes { try TCPHeader(decoding: $0) }
        XCTAssertEqual(decoded.flags.rawValue, 0x0012)
        XCTAssertEqual(decoded, header)
        XCTAssertEqual(decoded.hashValue, header.hashValue)
        XCTAssertNotEqual(decoded, TCPHeader(sourcePort: 0xF102, destinationPort: 0x3CFE, flags: [.syn]))
    }
}
