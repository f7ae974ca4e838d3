import XCTest

@testable import TCPValidation

final class TCPAddressTests: XCTestCase {
    func testIPv4() {
        let address = TCPAddress(bytes: [192, 0, 2, 1])!
        XCTAssertEqual(address, TCPAddress(ipv4: 0xC000_0201))
        XCTAssertEqual(address.description, "192.0.2.1")
        XCTAssertTrue(address.isIPv4)
        XCTAssertNil(TCPAddress(bytes: [1, 2, 3]))
        XCTAssertEqual(TCPFlowEndpoint(address: address, port: 80).description, "192.0.2.1:80")
    }

    func testIPv6Text() {
        func text(_ groups: [UInt16]) -> String {
            TCPAddress(bytes: groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })!.description
        }
        XCTAssertEqual(text([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]), "2001:db8::1")
        XCTAssertEqual(text([0, 0, 0, 0, 0, 0, 0, 1]), "::1")
        XCTAssertEqual(text([0, 0, 0, 0, 0, 0, 0, 0]), "::")
        XCTAssertEqual(text([0x2001, 0xdb8, 0, 1, 0, 0, 0, 1]), "2001:db8:0:1::1", "the longest run")
        XCTAssertEqual(text([0x2001, 0xdb8, 1, 2, 3, 4, 5, 6]), "2001:db8:1:2:3:4:5:6")
        XCTAssertEqual(text([0x2001, 0, 1, 2, 3, 4, 5, 6]), "2001:0:1:2:3:4:5:6", "a single zero is not shortened")
        XCTAssertEqual(text([0xfe80, 0, 0, 0, 0, 0, 0, 0]), "fe80::")
        let endpoint = TCPFlowEndpoint(address: TCPAddress(ipv6High: 0x2001_0db8_0000_0000, low: 2), port: 443)
        XCTAssertEqual(endpoint.description, "[2001:db8::2]:443")
    }

    func testOrdering() {
        let v4 = TCPAddress(ipv4: 0xFFFF_FFFF)
        let v6 = TCPAddress(ipv6High: 0, low: 0)
        XCTAssertLessThan(v4, v6)
        XCTAssertLessThan(TCPAddress(ipv4: 1), TCPAddress(ipv4: 2))
        XCTAssertLessThan(TCPFlowEndpoint(address: v4, port: 1), TCPFlowEndpoint(address: v4, port: 2))
    }
}
