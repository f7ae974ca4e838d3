import TCPCodec
import XCTest

/// Equality of pseudo-headers made by different initializers (a regression found by the `checksum` fuzz target).
final class TCPPseudoHeaderEqualityTests: XCTestCase {
    func testIPv4InitializersGiveEqualValues() throws {
        // Addresses whose 16-bit halves carry when added: 0xFFFF + 0xFFFF and 0x8000 + 0x8001.
        let cases: [(UInt32, UInt32)] = [(0xFFFF_FFFF, 0x8000_8001), (0x24F1_023C, 0xFEFF_005B), (0, 0)]
        for (source, destination) in cases {
            let numeric = TCPPseudoHeader(ipv4Source: source, destination: destination)
            let fromBytes = try withUnsafeBytes(of: source.bigEndian) { sourceBytes in
                try withUnsafeBytes(of: destination.bigEndian) { destinationBytes in
                    try TCPPseudoHeader(source: sourceBytes, destination: destinationBytes)
                }
            }
            XCTAssertEqual(numeric, fromBytes, "source \(source), destination \(destination)")
            XCTAssertEqual(numeric.hashValue, fromBytes.hashValue)
            XCTAssertEqual(numeric.sum(tcpLength: 40), fromBytes.sum(tcpLength: 40))
        }
    }
}
