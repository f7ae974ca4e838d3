import TCPCodec
import XCTest

@testable import TCPValidation

/// `TCPFlowEndpoint`: text and order (the address itself is `IPAddress`, tested with the codec).
final class TCPFlowEndpointTests: XCTestCase {
    func testText() {
        XCTAssertEqual(TCPFlowEndpoint(address: IPAddress(ipv4: 0xC000_0201), port: 80).description, "192.0.2.1:80")
        let endpoint = TCPFlowEndpoint(address: IPAddress(ipv6High: 0x2001_0db8_0000_0000, low: 2), port: 443)
        XCTAssertEqual(endpoint.description, "[2001:db8::2]:443")
    }

    /// `write(to:)` appends the same text to what a sink already holds (a `String` here), and the longest endpoint,
    /// an IPv6 address of eight four-digit groups with port 65535, is `maximumTextLength` bytes.
    func testWrittenTextAndItsLongest() {
        let longest = TCPFlowEndpoint(address: IPAddress(ipv6High: ~0, low: ~0), port: 65535)
        XCTAssertEqual(longest.description, "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535")
        XCTAssertEqual(longest.description.utf8.count, TCPFlowEndpoint.maximumTextLength)
        var text = "flow "
        TCPFlowEndpoint(address: IPAddress(ipv4: 0xC000_0201), port: 0).write(to: &text)
        text += " > "
        TCPFlowEndpoint(address: IPAddress(ipv6High: 0, low: 0xFFFF_C000_0202), port: 47001).write(to: &text)
        XCTAssertEqual(text, "flow 192.0.2.1:0 > [::ffff:192.0.2.2]:47001")
    }

    func testOrdering() {
        let v4 = IPAddress(ipv4: 0xFFFF_FFFF)
        XCTAssertLessThan(TCPFlowEndpoint(address: v4, port: 1), TCPFlowEndpoint(address: v4, port: 2))
        XCTAssertLessThan(
            TCPFlowEndpoint(address: v4, port: 9), TCPFlowEndpoint(address: IPAddress(ipv6High: 0, low: 0), port: 1),
            "the address before the port")
    }

    func testTheOldNameIsTheSameType() {
        let old: TCPAddress = IPAddress(ipv4: 1)
        XCTAssertEqual(old, IPAddress(ipv4: 1))
    }
}
