import PacketCapture
import XCTest

/// `IPAddress` text forms: dotted quad and RFC 5952 canonical IPv6.
final class IPAddressTests: XCTestCase {
    private func v6(_ groups: [UInt16]) -> IPAddress {
        precondition(groups.count == 8)
        let high = groups[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = groups[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return IPAddress(ipv6High: high, low: low)
    }

    func testIPv4() {
        XCTAssertEqual(IPAddress(ipv4: 0xC000_0201).description, "192.0.2.1")
        XCTAssertEqual(IPAddress(ipv4: 0).description, "0.0.0.0")
        XCTAssertEqual(IPAddress(ipv4: 0xFFFF_FFFF).description, "255.255.255.255")
        let parsed = [10, 0, 0, 255].withUnsafeBytes { IPAddress(bytes: UnsafeRawBufferPointer($0)) }
        XCTAssertNil(parsed, "an [Int] is not 4 bytes")
        let bytes: [UInt8] = [10, 0, 0, 255]
        XCTAssertEqual(bytes.withUnsafeBytes { IPAddress(bytes: $0) }?.description, "10.0.0.255")
        XCTAssertEqual(IPAddress(ipv4: 0x0A00_00FF).withUnsafeBytes { Array($0) }, bytes)
    }

    func testRFC5952CanonicalForm() {
        let cases: [([UInt16], String)] = [
            ([0, 0, 0, 0, 0, 0, 0, 0], "::"),
            ([0, 0, 0, 0, 0, 0, 0, 1], "::1"),
            ([1, 0, 0, 0, 0, 0, 0, 0], "1::"),
            ([0x2001, 0xDB8, 0, 0, 0, 0, 2, 1], "2001:db8::2:1"),  // section 4.2.1: shorten as much as possible
            ([0x2001, 0xDB8, 0, 1, 1, 1, 1, 1], "2001:db8:0:1:1:1:1:1"),  // 4.2.2: one zero group is not "::"
            ([0x2001, 0, 0, 1, 0, 0, 0, 1], "2001:0:0:1::1"),  // 4.2.3: the longest run
            ([0x2001, 0xDB8, 0, 0, 1, 0, 0, 1], "2001:db8::1:0:0:1"),  // 4.2.3: the first of equal runs
            ([0x2001, 0xDB8, 0xAAAA, 0xBBBB, 0xCCCC, 0xDDDD, 0xEEEE, 0xAAAA],
             "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa"),  // 4.3: lowercase
            ([0xFE80, 0, 0, 0, 0x0202, 0xB3FF, 0xFE1E, 0x8329], "fe80::202:b3ff:fe1e:8329"),  // 4.1: no leading zeros
            ([0, 0, 0, 0, 0, 0xFFFF, 0xC000, 0x0201], "::ffff:192.0.2.1"),  // section 5: IPv4-mapped
            ([0, 0, 0, 0, 0, 0, 0xC000, 0x0201], "::c000:201"),
            ([1, 0, 1, 0, 1, 0, 1, 0], "1:0:1:0:1:0:1:0"),
        ]
        for (groups, text) in cases {
            XCTAssertEqual(v6(groups).description, text)
        }
    }

    func testBytesRoundTrip() {
        let bytes: [UInt8] = [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xAB, 0xCD]
        let address = bytes.withUnsafeBytes { IPAddress(bytes: $0) }
        XCTAssertEqual(address?.description, "2001:db8::abcd")
        XCTAssertEqual(address?.version, .v6)
        XCTAssertEqual(address?.byteCount, 16)
        XCTAssertEqual(address?.withUnsafeBytes { Array($0) }, bytes)
        XCTAssertNil(address?.ipv4Value)
    }
}
