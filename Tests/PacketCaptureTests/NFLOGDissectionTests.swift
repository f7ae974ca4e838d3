import CaptureTestSupport
import PacketCapture
import XCTest

/// Linux NFLOG records (link type 239): the packet in the NFULA_PAYLOAD attribute (type 9), attribute lengths and
/// types in either byte order.
final class NFLOGDissectionTests: XCTestCase {
    /// NFULA_PACKET_HDR (type 1): hardware protocol 0x0800, hook 1, pad.
    private static let packetHeader: (type: UInt16, length: UInt16?, value: [UInt8]) = (1, nil, [0x08, 0x00, 1, 0])
    /// NFULA_PREFIX (type 10): "in" and its terminating zero, 3 bytes, padded to 4.
    private static let prefix: (type: UInt16, length: UInt16?, value: [UInt8]) = (10, nil, [0x69, 0x6E, 0x00])

    private func record(ipv6: Bool = false, littleEndian: Bool = true) -> [UInt8] {
        FrameBuilder.nflog(
            family: ipv6 ? 10 : 2,
            attributes: [Self.packetHeader, Self.prefix, (9, nil, TunnelFixtures.innerPacket(ipv6: ipv6))],
            littleEndian: littleEndian)
    }

    func testIPv4AndIPv6InBothByteOrders() throws {
        for littleEndian in [true, false] {
            // Header 4, packet header attribute 8, prefix attribute 8 (7 and padding), payload attribute header 4.
            let v4 = try XCTUnwrap(dissectTunnelled(record(littleEndian: littleEndian), linkType: .nflog))
            XCTAssertEqual(v4.summary.ipHeaderOffset, 24)
            XCTAssertEqual(v4.summary.source, "10.0.0.1")
            XCTAssertEqual(v4.checksumVerifies, true)
            let v6 = try XCTUnwrap(dissectTunnelled(record(ipv6: true, littleEndian: littleEndian), linkType: .nflog))
            XCTAssertEqual(v6.summary.ipHeaderOffset, 24)
            XCTAssertEqual(v6.summary.destination, "2001:db8::2")
            XCTAssertEqual(v6.checksumVerifies, true)
        }
    }

    func testAttributesAfterThePayloadAreNotPartOfThePacket() throws {
        // The payload first, then a 32-bit mark (type 2): the packet ends with its attribute.
        let frame = FrameBuilder.nflog(
            family: 2, attributes: [(9, nil, TunnelFixtures.innerPacket()), (2, nil, [0, 0, 0, 7])])
        let segment = try XCTUnwrap(dissectTunnelled(frame, linkType: .nflog))
        XCTAssertEqual(segment.summary.ipHeaderOffset, 8)
        XCTAssertEqual(segment.summary.bytes.count, TunnelFixtures.tcp().count)
        XCTAssertEqual(segment.checksumVerifies, true)
    }

    func testNotTCPAndMalformed() {
        XCTAssertEqual(dissectOther(FrameBuilder.nflog(family: 7, attributes: []), linkType: .nflog),
                       .notTCP(.nflogAddressFamily(7)))
        XCTAssertEqual(dissectOther(FrameBuilder.nflog(family: 2, version: 1, attributes: []), linkType: .nflog),
                       .notTCP(.nflogVersion(1)))
        XCTAssertEqual(dissectOther(FrameBuilder.nflog(family: 2, attributes: [Self.packetHeader, Self.prefix]),
                                    linkType: .nflog),
                       .notTCP(.nflogWithoutPayload))
        XCTAssertEqual(dissectOther(FrameBuilder.nflog(family: 2, attributes: [(1, 2, [0, 0, 0, 0])]),
                                    linkType: .nflog),
                       .malformed(.nflogAttributeLengthTooSmall(length: 2), offset: 4))
        XCTAssertEqual(dissectOther(FrameBuilder.nflog(family: 2, attributes: [(1, 12, [0, 0, 0, 0])]),
                                    linkType: .nflog),
                       .malformed(.truncatedLinkHeader(needed: 16, available: 12), offset: 0))
        let ipv4InIPv6Record = FrameBuilder.nflog(family: 10, attributes: [(9, nil, TunnelFixtures.innerPacket())])
        XCTAssertEqual(dissectOther(ipv4InIPv6Record, linkType: .nflog),
                       .malformed(.badIPVersion(4), offset: 8))
        XCTAssertEqual(dissectOther([2, 0, 0], linkType: .nflog),
                       .malformed(.truncatedLinkHeader(needed: 4, available: 3), offset: 0))
    }

    func testDripFeed() {
        // The records without the payload's padding, so that only the whole record holds the whole segment.
        assertDripFeed(Array(record().prefix(24 + TunnelFixtures.innerPacket().count)), linkType: .nflog)
        let ipv6Length = 24 + TunnelFixtures.innerPacket(ipv6: true).count
        assertDripFeed(Array(record(ipv6: true, littleEndian: false).prefix(ipv6Length)), linkType: .nflog)
    }
}
