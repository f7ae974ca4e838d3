import TCPCodec
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `IPAddress`: its initializers, order and text forms (dotted quad, RFC 5952 canonical IPv6).
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

    /// The bytes `write(to:)` gives a text output.
    private func written(_ address: IPAddress) -> String {
        struct Collector: TCPTextOutput {
            var bytes: [UInt8] = []
            mutating func writeBytes(_ bytes: UnsafeRawBufferPointer) { self.bytes.append(contentsOf: bytes) }
        }
        var collector = Collector()
        address.write(to: &collector)
        return String(decoding: collector.bytes, as: UTF8.self)
    }

    func testWriteToTextOutputIsTheDescription() {
        let addresses = [
            IPAddress(ipv4: 0), IPAddress(ipv4: 0xC000_0201), IPAddress(ipv4: 0xFFFF_FFFF),
            v6([0, 0, 0, 0, 0, 0, 0, 0]), v6([0, 0, 0, 0, 0, 0xFFFF, 0xC000, 0x0201]),
            v6([0x2001, 0xDB8, 0, 0, 1, 0, 0, 1]), v6([1, 0, 1, 0, 1, 0, 1, 0]),
        ]
        XCTAssertEqual(addresses.map(written), [
            "0.0.0.0", "192.0.2.1", "255.255.255.255", "::", "::ffff:192.0.2.1", "2001:db8::1:0:0:1",
            "1:0:1:0:1:0:1:0",
        ])
        XCTAssertEqual(addresses.map(\.description), addresses.map(written))
    }

    func testLongestTextIsTheMaximumLength() {
        let longest = v6([0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF])
        XCTAssertEqual(longest.description, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
        XCTAssertEqual(longest.description.utf8.count, IPAddress.maximumTextLength)
        XCTAssertEqual(v6([0, 0, 0, 0, 0, 0xFFFF, 0xFFFF, 0xFFFF]).description, "::ffff:255.255.255.255")
    }

    /// Random addresses, with zero groups common so that every run length and position occurs: the text is never
    /// longer than `maximumTextLength`, and reads back to the address (`inet_pton`, where the C library has it).
    func testRandomAddressesReadBack() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
        for _ in 0..<20_000 {
            let groups = (0..<8).map { _ -> UInt16 in
                let bits = next() >> 33
                return bits % 3 == 0 ? UInt16(truncatingIfNeeded: bits >> 8) : 0
            }
            let address = v6(groups)
            let text = address.description
            XCTAssertLessThanOrEqual(text.utf8.count, IPAddress.maximumTextLength, text)
            XCTAssertEqual(written(address), text)
            #if canImport(Glibc)
            var parsed = [UInt8](repeating: 0, count: 16)
            let status = parsed.withUnsafeMutableBytes { inet_pton(AF_INET6, text, $0.baseAddress) }
            XCTAssertEqual(status, 1, text)
            XCTAssertEqual(IPAddress(bytes: parsed), address, text)
            #endif
        }
    }

    /// A `String` is a text sink: the address is appended to what it holds.
    func testAStringCollectsText() {
        var text = "from "
        IPAddress(ipv4: 0xC000_0201).write(to: &text)
        text += " to "
        v6([0x2001, 0xDB8, 0, 0, 0, 0, 0, 1]).write(to: &text)
        XCTAssertEqual(text, "from 192.0.2.1 to 2001:db8::1")
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

    func testFromAnyCollectionOfBytes() {
        XCTAssertEqual(IPAddress(bytes: [192, 0, 2, 1] as [UInt8]), IPAddress(ipv4: 0xC000_0201))
        XCTAssertEqual(IPAddress(bytes: ([9, 192, 0, 2, 1] as [UInt8]).dropFirst()), IPAddress(ipv4: 0xC000_0201))
        XCTAssertNil(IPAddress(bytes: [1, 2, 3] as [UInt8]))
        XCTAssertNil(IPAddress(bytes: [UInt8](repeating: 1, count: 17)), "17 bytes are not an address")
        XCTAssertNil(IPAddress(bytes: [UInt8](repeating: 1, count: 5)))
        let sixteen: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [2]
        XCTAssertEqual(IPAddress(bytes: sixteen), IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 2))
        XCTAssertEqual(IPAddress(bytes: sixteen), sixteen.withUnsafeBytes { IPAddress(bytes: $0) })
        XCTAssertTrue(IPAddress(ipv4: 1).isIPv4)
        XCTAssertFalse(IPAddress(ipv6High: 0, low: 1).isIPv4)
    }

    func testOrdering() {
        XCTAssertLessThan(IPAddress(ipv4: 0xFFFF_FFFF), IPAddress(ipv6High: 0, low: 0), "IPv4 before IPv6")
        XCTAssertLessThan(IPAddress(ipv4: 1), IPAddress(ipv4: 2))
        XCTAssertLessThan(IPAddress(ipv6High: 1, low: 0xFFFF), IPAddress(ipv6High: 2, low: 0), "first word first")
        XCTAssertLessThan(IPAddress(ipv6High: 1, low: 1), IPAddress(ipv6High: 1, low: 2))
        XCTAssertFalse(IPAddress(ipv4: 7) < IPAddress(ipv4: 7))
        // The order is that of the bytes in network order.
        let addresses = [IPAddress(ipv4: 0x0A00_0002), IPAddress(ipv4: 0x0900_00FF), IPAddress(ipv4: 0x0A00_0001)]
        let byBytes = addresses.sorted { a, b in
            a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.lexicographicallyPrecedes(y) } }
        }
        XCTAssertEqual(addresses.sorted(), byBytes)
    }

    func testPseudoHeaderFromAddresses() throws {
        let v4 = try TCPPseudoHeader(source: IPAddress(ipv4: 0xC000_0201), destination: IPAddress(ipv4: 0xC000_0202))
        XCTAssertEqual(v4, TCPPseudoHeader(ipv4Source: 0xC000_0201, destination: 0xC000_0202))
        let a = IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1)
        let b = IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 2)
        let v6 = try TCPPseudoHeader(source: a, destination: b)
        let fromBytes = try a.withUnsafeBytes { x in
            try b.withUnsafeBytes { y in try TCPPseudoHeader(source: x, destination: y) }
        }
        XCTAssertEqual(v6, fromBytes)
        XCTAssertEqual(v6.family, .ipv6)
        XCTAssertEqual(v6.sourceAddress, a)
        XCTAssertEqual(v6.destinationAddress, b)
        XCTAssertEqual(v4.sourceAddress, IPAddress(ipv4: 0xC000_0201))
        XCTAssertEqual(v4.destinationAddress.description, "192.0.2.2")
        // The sum is over the addresses' 16-bit words and the protocol: 2001 + 0db8 + 0001 twice, 0002, 6.
        XCTAssertEqual(v6.sum(tcpLength: 0), 2 * (0x2001 + 0x0DB8) + 1 + 2 + 6)
        XCTAssertThrowsError(try TCPPseudoHeader(source: a, destination: IPAddress(ipv4: 1))) { error in
            XCTAssertEqual(error as? TCPPseudoHeaderError, .invalidAddressLength(source: 16, destination: 4))
        }
    }
}
