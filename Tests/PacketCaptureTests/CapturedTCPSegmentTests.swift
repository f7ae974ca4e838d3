import PacketCapture
import TCPCodec
import XCTest

/// `CapturedTCPSegment` made by hand: its packed storage gives back every value it was given, and the checksum
/// verdict follows the pseudo-header addressing.
final class CapturedTCPSegmentTests: XCTestCase {
    private let ipv4A = IPAddress(ipv4: 0xC000_0201)  // 192.0.2.1
    private let ipv4B = IPAddress(ipv4: 0xC633_6402)  // 198.51.100.2
    private let ipv6A = IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1)  // 2001:db8::1
    // fe80::200:5eff:fe00:5301
    private let ipv6B = IPAddress(ipv6High: 0xFE80_0000_0000_0000, low: 0x0200_5EFF_FE00_5301)
    private let careOf = IPAddress(ipv6High: 0x2001_0DB8_00CA_0000, low: 7)  // 2001:db8:ca::7

    /// Every reason the dissector can give.
    static let reasons: [UnknownPseudoHeaderReason] = [
        .malformedIPv4Options, .malformedSourceRoute(optionType: 131), .malformedSourceRoute(optionType: 137),
        .multipleSourceRoutes, .unknownRoutingType(0), .unknownRoutingType(253),
        .malformedRoutingHeader(routingType: 4), .multipleRoutingHeaders, .malformedDestinationOptions,
        .malformedHomeAddressOption, .multipleHomeAddressOptions,
    ]

    private func segment(
        ipVersion: IPVersion, source: IPAddress, destination: IPAddress,
        lengthSource: CapturedTCPSegment.LengthSource = .ipHeader, isFirstFragment: Bool = false,
        addressing: PseudoHeaderAddressing = .ipHeader, bytes: UnsafeRawBufferPointer = UnsafeRawBufferPointer(
            start: nil, count: 0)
    ) -> CapturedTCPSegment {
        CapturedTCPSegment(
            ipVersion: ipVersion, source: source, destination: destination, ipHeaderOffset: 14, tcpOffset: 34,
            bytes: bytes, declaredLength: bytes.count, lengthSource: lengthSource, isFirstFragment: isFirstFragment,
            pseudoHeaderAddressing: addressing)
    }

    func testFieldsRoundTrip() {
        let addressings: [PseudoHeaderAddressing] = [
            .ipHeader,
            .replaced(source: ipv4A, destination: ipv4B, changes: .sourceRoute),
            .replaced(source: ipv6B, destination: ipv6A, changes: [.routingHeader, .homeAddress]),
            .replaced(source: ipv4A, destination: ipv6A, changes: []),  // mixed versions, no change: kept as given
            .replaced(source: ipv6A, destination: ipv4B, changes: PseudoHeaderChanges(rawValue: 0xFF)),
        ] + Self.reasons.map { .unknown($0) }
        let pairs = [(ipv4A, ipv4B), (ipv6A, ipv6B), (ipv4A, ipv6B), (ipv6B, ipv4A)]
        for (source, destination) in pairs {
            for version in [IPVersion.v4, .v6] {
                for lengthSource in [CapturedTCPSegment.LengthSource.ipHeader, .frame, .jumboPayload] {
                    for isFirstFragment in [false, true] {
                        for addressing in addressings {
                            let made = segment(
                                ipVersion: version, source: source, destination: destination,
                                lengthSource: lengthSource, isFirstFragment: isFirstFragment, addressing: addressing)
                            XCTAssertEqual(made.ipVersion, version)
                            XCTAssertEqual(made.source, source)
                            XCTAssertEqual(made.destination, destination)
                            XCTAssertEqual(made.lengthSource, lengthSource)
                            XCTAssertEqual(made.isFirstFragment, isFirstFragment)
                            XCTAssertEqual(made.pseudoHeaderAddressing, addressing)
                            XCTAssertEqual(made.ipHeaderOffset, 14)
                            XCTAssertEqual(made.tcpOffset, 34)
                        }
                    }
                }
            }
        }
    }

    func testSettersChangeOneField() {
        var made = segment(ipVersion: .v4, source: ipv4A, destination: ipv4B, lengthSource: .frame,
                           isFirstFragment: true, addressing: .unknown(.multipleRoutingHeaders))
        made.source = ipv6B
        XCTAssertEqual(made.source, ipv6B)
        XCTAssertEqual(made.destination, ipv4B)
        XCTAssertEqual(made.ipVersion, .v4)
        made.ipVersion = .v6
        made.destination = ipv6A
        XCTAssertEqual(made.ipVersion, .v6)
        XCTAssertEqual(made.source, ipv6B)
        XCTAssertEqual(made.destination, ipv6A)
        made.lengthSource = .jumboPayload
        made.isFirstFragment = false
        XCTAssertEqual(made.lengthSource, .jumboPayload)
        XCTAssertFalse(made.isFirstFragment)
        XCTAssertEqual(made.pseudoHeaderAddressing, .unknown(.multipleRoutingHeaders))
        made.pseudoHeaderAddressing = .replaced(source: ipv6A, destination: ipv6B, changes: .homeAddress)
        XCTAssertEqual(made.pseudoHeaderSource, ipv6A)
        XCTAssertEqual(made.pseudoHeaderDestination, ipv6B)
        XCTAssertNil(made.unknownPseudoHeaderReason)
        XCTAssertEqual(made.source, ipv6B, "the IP header's addresses stay")
        made.pseudoHeaderAddressing = .ipHeader
        XCTAssertEqual(made.pseudoHeaderSource, ipv6B)
        XCTAssertEqual(made.pseudoHeaderDestination, ipv6A)
    }

    /// The verdict is taken over the addressing's pseudo-header, and never given when it is unknown.
    func testVerdictFollowsTheAddressing() throws {
        var tcp: [UInt8] = [0x04, 0xD2, 0x00, 0x50]  // ports 1234 > 80
            + [0, 0, 0x03, 0xE8, 0, 0, 0, 0]  // sequence 1000, acknowledgment 0
            + [0x50, 0x02, 0xFF, 0xFF]  // data offset 5, SYN, window 65535
            + [0, 0, 0, 0]  // checksum (filled below), urgent pointer
        let pseudoHeader = try TCPPseudoHeader(source: ipv6A, destination: ipv6B)
        tcp.withUnsafeMutableBytes { _ = TCPChecksum.fill(segment: $0, pseudoHeader: pseudoHeader) }
        try tcp.withUnsafeBytes { raw in
            // The IP header names a care-of address as the source (the sum is symmetric: swapped addresses verify).
            var made = segment(ipVersion: .v6, source: careOf, destination: ipv6B, bytes: raw)
            XCTAssertEqual(made.verifyChecksum(), false)
            made.pseudoHeaderAddressing = .replaced(source: ipv6A, destination: ipv6B, changes: .homeAddress)
            XCTAssertEqual(made.verifyChecksum(), true)
            XCTAssertEqual(try XCTUnwrap(made.pseudoHeader), pseudoHeader)
            for reason in Self.reasons {
                made.pseudoHeaderAddressing = .unknown(reason)
                XCTAssertNil(made.verifyChecksum(), "\(reason)")
                XCTAssertNil(made.pseudoHeader)
                XCTAssertEqual(made.unknownPseudoHeaderReason, reason)
            }
            made.pseudoHeaderAddressing = .replaced(source: ipv4A, destination: ipv6B, changes: .homeAddress)
            XCTAssertEqual(made.pseudoHeader, TCPPseudoHeader(ipv4Source: 0, destination: 0), "mixed versions")
            XCTAssertEqual(made.verifyChecksum(), false)
        }
    }
}
