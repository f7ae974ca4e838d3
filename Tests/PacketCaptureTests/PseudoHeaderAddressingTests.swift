import CaptureTestSupport
import PacketCapture
import TCPCodec
import XCTest

/// Known answers for the checksum pseudo-header `PacketDissector` works out (`PseudoHeaderAddressing`): IPv4 source
/// routes (RFC 791 section 3.1), IPv6 routing headers (RFC 8200 section 8.1, RFC 6275, RFC 6554, RFC 8754) and
/// the Home Address option (RFC 6275 section 6.3).
///
/// Each frame is built twice, its checksum computed by the codec over the right pseudo-header and over the IP
/// header's own addresses: the first verifies, the second does not (or, where the route is complete, the other
/// way round). Where the pseudo-header cannot be known both are unverifiable, with the reason.
final class PseudoHeaderAddressingTests: XCTestCase {
    // IPv4: the source, the next hop in the header, a hop of the route and its final destination.
    private let ipv4Source = IPAddress(ipv4: 0xC000_0201)  // 192.0.2.1, FrameBuilder's default
    private let ipv4NextHop = IPAddress(ipv4: 0xC633_6402)  // 198.51.100.2, FrameBuilder's default
    private let ipv4Hop = IPAddress(ipv4: 0xCB00_7107)  // 203.0.113.7
    private let ipv4Final = IPAddress(ipv4: 0xCB00_7109)  // 203.0.113.9

    // IPv6: FrameBuilder's source and destination, a hop, a final destination and a home address.
    private let ipv6Source = IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1)  // 2001:db8::1
    private let ipv6NextHop = IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 2)  // 2001:db8::2
    private let ipv6Hop = IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 0xA)  // 2001:db8::a
    private let ipv6Final = IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 0x0009_0000_0000_0009)  // 2001:db8::9:0:0:9
    private let homeAddress = IPAddress(ipv6High: 0x2001_0DB8_BEEF_0000, low: 5)  // 2001:db8:beef::5

    // MARK: - Helpers

    /// The address's bytes in network order.
    private func bytes(_ address: IPAddress) -> [UInt8] {
        address.withUnsafeBytes { Array($0) }
    }

    /// A TCP segment with 5 bytes of payload whose checksum is computed over `source` and `destination`.
    private func segment(checksumOver source: IPAddress, _ destination: IPAddress) throws -> [UInt8] {
        var tcp = FrameBuilder.tcp(payload: Array("route".utf8))
        let pseudoHeader = try TCPPseudoHeader(source: source, destination: destination)
        tcp.withUnsafeMutableBytes { _ = TCPChecksum.fill(segment: $0, pseudoHeader: pseudoHeader) }
        return tcp
    }

    /// What the dissector says of a raw IP packet's segment.
    private struct Verdict {
        var checksumIsCorrect: Bool?
        var addressing: PseudoHeaderAddressing
        var source: IPAddress
        var destination: IPAddress
        var pseudoHeaderSource: IPAddress?
        var pseudoHeaderDestination: IPAddress?
        var unknownReason: UnknownPseudoHeaderReason?
    }

    private func verdict(_ packet: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> Verdict? {
        packet.withUnsafeBytes { raw in
            let result = PacketDissector.dissect(raw, linkType: .raw)
            guard case .tcp(let segment) = result else {
                XCTFail("expected TCP, got \(result)", file: file, line: line)
                return nil
            }
            return Verdict(
                checksumIsCorrect: segment.verifyChecksum(), addressing: segment.pseudoHeaderAddressing,
                source: segment.source, destination: segment.destination,
                pseudoHeaderSource: segment.pseudoHeaderSource,
                pseudoHeaderDestination: segment.pseudoHeaderDestination,
                unknownReason: segment.unknownPseudoHeaderReason)
        }
    }

    /// Builds the packet around a segment whose checksum covers `right`, which must verify, and around one whose
    /// checksum covers `wrong`, which must not; both must report `expected` and the IP header's own addresses.
    private func assertKnownAnswer(
        _ packet: ([UInt8]) -> [UInt8],
        right: (IPAddress, IPAddress),
        wrong: (IPAddress, IPAddress),
        header: (IPAddress, IPAddress),
        expected: PseudoHeaderAddressing,
        file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let good = try XCTUnwrap(verdict(packet(try segment(checksumOver: right.0, right.1)), file: file, line: line))
        XCTAssertEqual(good.checksumIsCorrect, true, "over the right pseudo-header", file: file, line: line)
        XCTAssertEqual(good.addressing, expected, file: file, line: line)
        XCTAssertEqual(good.source, header.0, "the segment keeps the IP header's source", file: file, line: line)
        XCTAssertEqual(good.destination, header.1, "the segment keeps the IP header's destination", file: file,
                       line: line)
        XCTAssertEqual(good.pseudoHeaderSource, right.0, file: file, line: line)
        XCTAssertEqual(good.pseudoHeaderDestination, right.1, file: file, line: line)
        XCTAssertNil(good.unknownReason, file: file, line: line)

        let bad = try XCTUnwrap(verdict(packet(try segment(checksumOver: wrong.0, wrong.1)), file: file, line: line))
        XCTAssertEqual(bad.checksumIsCorrect, false, "over the wrong pseudo-header", file: file, line: line)
        XCTAssertEqual(bad.addressing, expected, file: file, line: line)
    }

    /// Builds the packet around segments whose checksums cover either candidate pseudo-header: neither verdict is
    /// given, and the reason is `reason`.
    private func assertUnknown(
        _ packet: ([UInt8]) -> [UInt8],
        candidates: [(IPAddress, IPAddress)],
        reason: UnknownPseudoHeaderReason,
        file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        for (source, destination) in candidates {
            let result = try XCTUnwrap(verdict(packet(try segment(checksumOver: source, destination)), file: file,
                                               line: line))
            XCTAssertNil(result.checksumIsCorrect, "unverifiable, not bad", file: file, line: line)
            XCTAssertEqual(result.addressing, .unknown(reason), file: file, line: line)
            XCTAssertEqual(result.unknownReason, reason, file: file, line: line)
            XCTAssertNil(result.pseudoHeaderSource, file: file, line: line)
            XCTAssertNil(result.pseudoHeaderDestination, file: file, line: line)
        }
    }

    // MARK: - IPv4 source routes

    /// A Loose (131) or Strict (137) Source Route option: type, length 11, pointer, two addresses.
    private func sourceRoute(type: UInt8, pointer: UInt8) -> [UInt8] {
        [type, 11, pointer]  // type, length, pointer
            + bytes(ipv4Hop) + bytes(ipv4Final)  // route data: the last address is the final destination
    }

    func testIncompleteSourceRoutesNameTheFinalDestination() throws {
        // Pointer 4: no hop done yet; pointer 8: one done; pointer 11: inside the last address, still incomplete.
        for (type, pointer) in [(UInt8(131), UInt8(4)), (131, 8), (137, 4), (137, 8), (131, 11)] {
            let options = sourceRoute(type: type, pointer: pointer) + [0]  // End of Option List
            try assertKnownAnswer(
                { FrameBuilder.ipv4(options: options, payload: $0) },
                right: (ipv4Source, ipv4Final), wrong: (ipv4Source, ipv4NextHop), header: (ipv4Source, ipv4NextHop),
                expected: .replaced(source: ipv4Source, destination: ipv4Final, changes: .sourceRoute))
        }
    }

    func testCompleteSourceRoutesKeepTheHeaderDestination() throws {
        // Pointer 12 is past the length (11): the route is complete, the header's destination is the final one.
        for (type, pointer) in [(UInt8(131), UInt8(12)), (137, 12), (131, 255)] {
            let options = sourceRoute(type: type, pointer: pointer) + [0]  // End of Option List
            try assertKnownAnswer(
                { FrameBuilder.ipv4(options: options, payload: $0) },
                right: (ipv4Source, ipv4NextHop), wrong: (ipv4Source, ipv4Final), header: (ipv4Source, ipv4NextHop),
                expected: .ipHeader)
        }
    }

    /// Other options around the route: NOPs before it, a Record Route and a Timestamp, padding after EOL.
    func testSourceRouteAmongOtherOptions() throws {
        let options: [UInt8] = [1, 1]  // NOP, NOP
            + [7, 7, 4, 0, 0, 0, 0]  // Record Route: type, length 7, pointer 4, one empty slot
            + sourceRoute(type: 137, pointer: 4)  // SSRR, 11 bytes
            + [0x44, 8, 5, 0x01, 0, 0, 0, 0]  // Timestamp: length 8, pointer 5, overflow/flags, one slot
            + [0, 0x99, 0xFF]  // EOL, then bytes after it, never read as options
            + [0]  // to 32 bytes
        try assertKnownAnswer(
            { FrameBuilder.ipv4(options: options, payload: $0) },
            right: (ipv4Source, ipv4Final), wrong: (ipv4Source, ipv4NextHop), header: (ipv4Source, ipv4NextHop),
            expected: .replaced(source: ipv4Source, destination: ipv4Final, changes: .sourceRoute))
    }

    /// Options without a source route leave the pseudo-header to the IP header.
    func testOptionsWithoutSourceRoute() throws {
        let options: [UInt8] = [0x94, 4, 0, 0]  // Router Alert (RFC 2113): type 148, length 4, value 0
        try assertKnownAnswer(
            { FrameBuilder.ipv4(options: options, payload: $0) },
            right: (ipv4Source, ipv4NextHop), wrong: (ipv4Source, ipv4Final), header: (ipv4Source, ipv4NextHop),
            expected: .ipHeader)
    }

    func testMalformedOptionLists() throws {
        let lists: [[UInt8]] = [
            [0x44, 1, 0, 0],  // a length below 2
            [0x44, 0, 0, 0],  // a length of 0 would never move on
            [1, 1, 1, 0x44],  // the length byte is past the header
            [7, 12, 4, 0] + [0, 0, 0, 0],  // Record Route of 12 bytes in 8
            [1] + sourceRoute(type: 131, pointer: 4) + [0x44, 9, 0, 0],  // fine route, broken option after
        ]
        for options in lists {
            try assertUnknown(
                { FrameBuilder.ipv4(options: options, payload: $0) },
                candidates: [(ipv4Source, ipv4NextHop), (ipv4Source, ipv4Final)], reason: .malformedIPv4Options)
        }
    }

    func testMalformedSourceRoutes() throws {
        let routes: [([UInt8], UInt8)] = [
            ([131, 11, 3] + bytes(ipv4Hop) + bytes(ipv4Final) + [0], 131),  // pointer below 4
            ([137, 10, 4] + bytes(ipv4Hop) + [0, 0, 0] + [0, 0], 137),  // length 10: not 3 + 4n
            ([131, 2, 1, 1], 131),  // length 2: no pointer
        ]
        for (options, type) in routes {
            try assertUnknown(
                { FrameBuilder.ipv4(options: options, payload: $0) },
                candidates: [(ipv4Source, ipv4NextHop), (ipv4Source, ipv4Final)],
                reason: .malformedSourceRoute(optionType: type))
        }
        // A length of 3 with the pointer past it is a complete, empty route: the header's destination stands.
        try assertKnownAnswer(
            { FrameBuilder.ipv4(options: [131, 3, 4, 0], payload: $0) },  // type, length 3, pointer 4 > 3, EOL
            right: (ipv4Source, ipv4NextHop), wrong: (ipv4Source, ipv4Final), header: (ipv4Source, ipv4NextHop),
            expected: .ipHeader)
    }

    func testTwoSourceRoutes() throws {
        let options = sourceRoute(type: 131, pointer: 12) + sourceRoute(type: 137, pointer: 4)
            + [0, 0]  // EOL, to 24 bytes
        try assertUnknown(
            { FrameBuilder.ipv4(options: options, payload: $0) },
            candidates: [(ipv4Source, ipv4NextHop), (ipv4Source, ipv4Final)], reason: .multipleSourceRoutes)
    }

    // MARK: - IPv6 routing headers

    /// A Routing header of type 0 (RFC 2460 section 4.4): 4 reserved bytes and `addresses`.
    private func routingType0(next: UInt8 = 6, segmentsLeft: UInt8, addresses: [IPAddress]) -> [UInt8] {
        FrameBuilder.extensionHeader(
            next: next, body: [0, segmentsLeft] + [0, 0, 0, 0] + addresses.flatMap { bytes($0) })
    }

    /// A Type 2 Routing header (RFC 6275 section 6.4): 4 reserved bytes and the home address.
    private func routingType2(next: UInt8 = 6, segmentsLeft: UInt8, address: IPAddress) -> [UInt8] {
        FrameBuilder.extensionHeader(next: next, body: [2, segmentsLeft] + [0, 0, 0, 0] + bytes(address))
    }

    /// A Segment Routing Header (RFC 8754 section 2): Last Entry, Flags, Tag, then the segment list.
    private func segmentRoutingHeader(next: UInt8 = 6, segmentsLeft: UInt8, segments: [IPAddress]) -> [UInt8] {
        FrameBuilder.extensionHeader(
            next: next,
            body: [4, segmentsLeft]  // routing type, segments left
                + [UInt8(segments.count - 1), 0, 0, 0]  // Last Entry, Flags, Tag
                + segments.flatMap { bytes($0) })
    }

    func testRoutingType0() throws {
        let routing = routingType0(segmentsLeft: 2, addresses: [ipv6Hop, ipv6Final])
        try assertKnownAnswer(
            { FrameBuilder.ipv6(nextHeader: 43, payload: routing + $0) },
            right: (ipv6Source, ipv6Final), wrong: (ipv6Source, ipv6NextHop), header: (ipv6Source, ipv6NextHop),
            expected: .replaced(source: ipv6Source, destination: ipv6Final, changes: .routingHeader))
        let done = routingType0(segmentsLeft: 0, addresses: [ipv6Hop, ipv6Final])
        try assertKnownAnswer(
            { FrameBuilder.ipv6(nextHeader: 43, payload: done + $0) },
            right: (ipv6Source, ipv6NextHop), wrong: (ipv6Source, ipv6Final), header: (ipv6Source, ipv6NextHop),
            expected: .ipHeader)
    }

    func testRoutingType2() throws {
        let routing = routingType2(segmentsLeft: 1, address: homeAddress)
        try assertKnownAnswer(
            { FrameBuilder.ipv6(nextHeader: 43, payload: routing + $0) },
            right: (ipv6Source, homeAddress), wrong: (ipv6Source, ipv6NextHop), header: (ipv6Source, ipv6NextHop),
            expected: .replaced(source: ipv6Source, destination: homeAddress, changes: .routingHeader))
        let done = routingType2(segmentsLeft: 0, address: homeAddress)
        try assertKnownAnswer(
            { FrameBuilder.ipv6(nextHeader: 43, payload: done + $0) },
            right: (ipv6Source, ipv6NextHop), wrong: (ipv6Source, homeAddress), header: (ipv6Source, ipv6NextHop),
            expected: .ipHeader)
    }

    func testSegmentRoutingHeader() throws {
        // Segment List[0] is the final segment; the list is written in reverse order of the path.
        for segmentsLeft in [UInt8(1), 2] {
            let routing = segmentRoutingHeader(segmentsLeft: segmentsLeft, segments: [ipv6Final, ipv6Hop])
            try assertKnownAnswer(
                { FrameBuilder.ipv6(nextHeader: 43, payload: routing + $0) },
                right: (ipv6Source, ipv6Final), wrong: (ipv6Source, ipv6NextHop), header: (ipv6Source, ipv6NextHop),
                expected: .replaced(source: ipv6Source, destination: ipv6Final, changes: .routingHeader))
        }
        let done = segmentRoutingHeader(segmentsLeft: 0, segments: [ipv6Final, ipv6Hop])
        try assertKnownAnswer(
            { FrameBuilder.ipv6(nextHeader: 43, payload: done + $0) },
            right: (ipv6Source, ipv6NextHop), wrong: (ipv6Source, ipv6Final), header: (ipv6Source, ipv6NextHop),
            expected: .ipHeader)
    }

    /// An IPv6 packet from `source` (instead of FrameBuilder's 2001:db8::1) to 2001:db8::2.
    private func ipv6(from source: IPAddress, nextHeader: UInt8, payload: [UInt8]) -> [UInt8] {
        var packet = FrameBuilder.ipv6(nextHeader: nextHeader, payload: payload)
        packet.replaceSubrange(8 ..< 24, with: bytes(source))  // the source address field
        return packet
    }

    /// RFC 6554: addresses without the prefix they share with the IP header's destination (not its source, which
    /// has another prefix here).
    func testRPLSourceRoute() throws {
        let rplSource = IPAddress(ipv6High: 0x2001_0DB8_0005_0000, low: 1)  // 2001:db8:5::1
        // CmprI 8, CmprE 8, no padding: two addresses of 8 bytes, the prefix 2001:db8:: from the destination.
        let eightEach = FrameBuilder.extensionHeader(
            next: 6,
            body: [3, 2]  // routing type 3, segments left 2
                + [0x88, 0x00, 0, 0]  // CmprI 8, CmprE 8; Pad 0, reserved
                + Array(bytes(ipv6Hop)[8...]) + Array(bytes(ipv6Final)[8...]))  // 8 bytes each
        try assertKnownAnswer(
            { ipv6(from: rplSource, nextHeader: 43, payload: eightEach + $0) },
            right: (rplSource, ipv6Final), wrong: (rplSource, ipv6NextHop), header: (rplSource, ipv6NextHop),
            expected: .replaced(source: rplSource, destination: ipv6Final, changes: .routingHeader))

        // CmprI 15, CmprE 14, Pad 4: two one-byte addresses, the last of two bytes, then 4 bytes of padding.
        let lastTwo = IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 0xABCD)  // 2001:db8::abcd
        let compressed = FrameBuilder.extensionHeader(
            next: 6,
            body: [3, 3]  // routing type 3, segments left 3
                + [0xFE, 0x40, 0, 0]  // CmprI 15, CmprE 14; Pad 4, reserved
                + [0x0A, 0x0B]  // addresses 1 and 2: their last byte
                + [0xAB, 0xCD]  // address 3: its last two bytes
                + [0, 0, 0, 0])  // padding
        try assertKnownAnswer(
            { ipv6(from: rplSource, nextHeader: 43, payload: compressed + $0) },
            right: (rplSource, lastTwo), wrong: (rplSource, ipv6NextHop), header: (rplSource, ipv6NextHop),
            expected: .replaced(source: rplSource, destination: lastTwo, changes: .routingHeader))

        // A length that holds no whole number of addresses.
        let ragged = FrameBuilder.extensionHeader(
            next: 6, body: [3, 1] + [0x99, 0x00, 0, 0] + [UInt8](repeating: 7, count: 8))  // CmprI 9, CmprE 9
        try assertUnknown(
            { ipv6(from: rplSource, nextHeader: 43, payload: ragged + $0) },
            candidates: [(rplSource, ipv6NextHop)], reason: .malformedRoutingHeader(routingType: 3))
    }

    func testUnknownRoutingType() throws {
        for type in [UInt8(1), 5, 253] {
            let routing = FrameBuilder.extensionHeader(next: 6, body: [type, 1] + [0, 0, 0, 0] + bytes(ipv6Final))
            try assertUnknown(
                { FrameBuilder.ipv6(nextHeader: 43, payload: routing + $0) },
                candidates: [(ipv6Source, ipv6NextHop), (ipv6Source, ipv6Final)], reason: .unknownRoutingType(type))
            // With no segment left, the header's destination is the final one whatever the type.
            let done = FrameBuilder.extensionHeader(next: 6, body: [type, 0] + [0, 0, 0, 0] + bytes(ipv6Final))
            try assertKnownAnswer(
                { FrameBuilder.ipv6(nextHeader: 43, payload: done + $0) },
                right: (ipv6Source, ipv6NextHop), wrong: (ipv6Source, ipv6Final), header: (ipv6Source, ipv6NextHop),
                expected: .ipHeader)
        }
    }

    func testMalformedRoutingHeaders() throws {
        let headers: [([UInt8], UInt8)] = [
            (routingType0(segmentsLeft: 3, addresses: [ipv6Hop, ipv6Final]), 0),  // more segments than addresses
            (FrameBuilder.extensionHeader(next: 6, body: [0, 1] + [0, 0, 0, 0] + [UInt8](repeating: 0, count: 8)),
             0),  // Hdr Ext Len 1: half an address
            (routingType2(segmentsLeft: 2, address: homeAddress), 2),  // type 2 has one segment
            (FrameBuilder.extensionHeader(next: 6, body: [2, 1] + [0, 0, 0, 0] + bytes(homeAddress) + bytes(ipv6Hop)),
             2),  // type 2 of 40 bytes
            (segmentRoutingHeader(segmentsLeft: 3, segments: [ipv6Final, ipv6Hop]), 4),  // beyond Last Entry + 1
            (FrameBuilder.extensionHeader(next: 6, body: [4, 1] + [2, 0, 0, 0] + bytes(ipv6Final) + bytes(ipv6Hop)),
             4),  // Last Entry 2, but two segments
        ]
        for (routing, type) in headers {
            try assertUnknown(
                { FrameBuilder.ipv6(nextHeader: 43, payload: routing + $0) },
                candidates: [(ipv6Source, ipv6NextHop)], reason: .malformedRoutingHeader(routingType: type))
        }
    }

    func testTwoRoutingHeaders() throws {
        let first = routingType0(next: 43, segmentsLeft: 0, addresses: [ipv6Hop])
        let second = routingType2(segmentsLeft: 1, address: ipv6Final)
        try assertUnknown(
            { FrameBuilder.ipv6(nextHeader: 43, payload: first + second + $0) },
            candidates: [(ipv6Source, ipv6NextHop), (ipv6Source, ipv6Final)], reason: .multipleRoutingHeaders)
        // Two whose routes are both done change nothing.
        let secondDone = routingType2(segmentsLeft: 0, address: ipv6Final)
        try assertKnownAnswer(
            { FrameBuilder.ipv6(nextHeader: 43, payload: first + secondDone + $0) },
            right: (ipv6Source, ipv6NextHop), wrong: (ipv6Source, ipv6Final), header: (ipv6Source, ipv6NextHop),
            expected: .ipHeader)
    }

    // MARK: - The Home Address option

    /// A Destination Options header with a Home Address option at the 8n + 6 alignment RFC 6275 asks for.
    private func homeAddressOptions(next: UInt8 = 6, _ address: IPAddress) -> [UInt8] {
        FrameBuilder.extensionHeader(
            next: next,
            body: [1, 2, 0, 0]  // PadN of 4 bytes
                + [0xC9, 16] + bytes(address))  // Home Address option: type, length 16, the address
    }

    func testHomeAddressOption() throws {
        let options = homeAddressOptions(homeAddress)
        try assertKnownAnswer(
            { FrameBuilder.ipv6(nextHeader: 60, payload: options + $0) },
            right: (homeAddress, ipv6NextHop), wrong: (ipv6Source, ipv6NextHop), header: (ipv6Source, ipv6NextHop),
            expected: .replaced(source: homeAddress, destination: ipv6NextHop, changes: .homeAddress))
        // Other destination options change nothing.
        let padding = FrameBuilder.extensionHeader(next: 6, body: [1, 4, 0, 0, 0, 0])  // PadN of 6 bytes
        try assertKnownAnswer(
            { FrameBuilder.ipv6(nextHeader: 60, payload: padding + $0) },
            right: (ipv6Source, ipv6NextHop), wrong: (homeAddress, ipv6NextHop), header: (ipv6Source, ipv6NextHop),
            expected: .ipHeader)
    }

    func testHomeAddressWithRoutingHeader() throws {
        // Routing header, then the Destination Options header with the Home Address (RFC 6275 section 6.3).
        let routing = segmentRoutingHeader(next: 60, segmentsLeft: 1, segments: [ipv6Final, ipv6Hop])
        let options = homeAddressOptions(homeAddress)
        try assertKnownAnswer(
            { FrameBuilder.ipv6(nextHeader: 43, payload: routing + options + $0) },
            right: (homeAddress, ipv6Final), wrong: (ipv6Source, ipv6NextHop), header: (ipv6Source, ipv6NextHop),
            expected: .replaced(source: homeAddress, destination: ipv6Final, changes: [.routingHeader, .homeAddress]))
        // Either replacement alone is not enough.
        for (source, destination) in [(ipv6Source, ipv6Final), (homeAddress, ipv6NextHop)] {
            let tcp = try segment(checksumOver: source, destination)
            let result = try XCTUnwrap(verdict(FrameBuilder.ipv6(nextHeader: 43, payload: routing + options + tcp)))
            XCTAssertEqual(result.checksumIsCorrect, false, "over \(source) > \(destination)")
        }
    }

    func testMalformedHomeAddressOptions() throws {
        let short = FrameBuilder.extensionHeader(
            next: 6, body: [0xC9, 12] + [UInt8](repeating: 0xAA, count: 12)  // 12 bytes of address
                + [1, 6, 0, 0, 0, 0, 0, 0])  // PadN of 8 bytes
        try assertUnknown(
            { FrameBuilder.ipv6(nextHeader: 60, payload: short + $0) },
            candidates: [(ipv6Source, ipv6NextHop)], reason: .malformedHomeAddressOption)

        let twice = FrameBuilder.extensionHeader(
            next: 6, body: [1, 2, 0, 0] + [0xC9, 16] + bytes(homeAddress) + [0, 0, 0, 0, 0, 0]  // Pad1 x 6
                + [0xC9, 16] + bytes(ipv6Hop))
        try assertUnknown(
            { FrameBuilder.ipv6(nextHeader: 60, payload: twice + $0) },
            candidates: [(ipv6Source, ipv6NextHop), (homeAddress, ipv6NextHop)], reason: .multipleHomeAddressOptions)

        // One in each of two Destination Options headers (before and after a routing header).
        let before = homeAddressOptions(next: 43, homeAddress)
        let routing = routingType2(next: 60, segmentsLeft: 0, address: ipv6Hop)
        let after = homeAddressOptions(ipv6Hop)
        try assertUnknown(
            { FrameBuilder.ipv6(nextHeader: 60, payload: before + routing + after + $0) },
            candidates: [(homeAddress, ipv6NextHop)], reason: .multipleHomeAddressOptions)

        let overrun = FrameBuilder.extensionHeader(next: 6, body: [1, 2, 0, 0] + [0x1E, 3])  // option past the end
        try assertUnknown(
            { FrameBuilder.ipv6(nextHeader: 60, payload: overrun + $0) },
            candidates: [(ipv6Source, ipv6NextHop)], reason: .malformedDestinationOptions)
    }

    // MARK: - Every prefix

    /// Every prefix of frames with source routes, routing headers and home address options dissects without a
    /// trap: a cut inside the IP layer is malformed, a cut after it keeps the whole frame's pseudo-header and leaves
    /// the checksum unverified.
    func testDripFeed() throws {
        let tcp = try segment(checksumOver: ipv6Source, ipv6NextHop)
        let frames: [[UInt8]] = [
            FrameBuilder.ipv4(options: sourceRoute(type: 131, pointer: 4) + [0], payload: tcp),
            FrameBuilder.ipv4(options: sourceRoute(type: 137, pointer: 12) + [0], payload: tcp),
            FrameBuilder.ipv4(options: [0x44, 1, 0, 0], payload: tcp),
            FrameBuilder.ipv6(nextHeader: 43, payload: routingType0(segmentsLeft: 1, addresses: [ipv6Final]) + tcp),
            FrameBuilder.ipv6(nextHeader: 43, payload: routingType2(segmentsLeft: 1, address: homeAddress) + tcp),
            FrameBuilder.ipv6(
                nextHeader: 43,
                payload: segmentRoutingHeader(next: 60, segmentsLeft: 1, segments: [ipv6Final, ipv6Hop])
                    + homeAddressOptions(homeAddress) + tcp),
            FrameBuilder.ipv6(
                nextHeader: 43,
                payload: FrameBuilder.extensionHeader(next: 6, body: [3, 2, 0x88, 0, 0, 0] + [UInt8](repeating: 1,
                                                                                                   count: 16)) + tcp),
            FrameBuilder.ipv6(nextHeader: 43, payload: FrameBuilder.extensionHeader(
                next: 6, body: [9, 1, 0, 0, 0, 0]) + tcp),
        ]
        for frame in frames {
            let whole = try XCTUnwrap(verdict(frame))
            let ipLayerLength = frame.count - tcp.count
            for length in 0 ..< frame.count {
                Array(frame.prefix(length)).withUnsafeBytes { raw in
                    switch PacketDissector.dissect(raw, linkType: .raw) {
                    case .tcp(let segment):
                        XCTAssertGreaterThanOrEqual(length, ipLayerLength, "TCP from a cut IP layer")
                        XCTAssertEqual(segment.pseudoHeaderAddressing, whole.addressing, "prefix of \(length)")
                        XCTAssertNil(segment.verifyChecksum(), "prefix of \(length)")
                    case .malformed:
                        XCTAssertLessThan(length, ipLayerLength, "malformed after the IP layer")
                    case .notTCP(let reason):
                        XCTFail("prefix of \(length): not TCP, \(reason)")
                    }
                }
            }
        }
    }
}
