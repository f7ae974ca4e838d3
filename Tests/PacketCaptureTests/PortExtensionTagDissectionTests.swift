import CaptureTestSupport
import PacketCapture
import XCTest

/// IEEE 802.1BR E-Tags (0x893F), Cisco VN-Tags (0x8926) and Cisco FabricPath (0x8903): followed to the frame they
/// carry, each recorded as a layer whose identifier separates flows.
final class PortExtensionTagDissectionTests: XCTestCase {
    /// An E-Tag naming E-CID `extension`:`base`, then IPv4 or IPv6 with the inner TCP segment.
    private func eTagged(base: UInt16 = 0x123, extension ext: UInt8 = 0x45, ipv6: Bool = false) -> [UInt8] {
        let tag: [UInt8] = [
            0x60, 0x00,  // E-PCP 3, E-DEI 0, ingress E-CID base 0
            UInt8(base >> 8 & 0x0F), UInt8(base & 0xFF),  // reserved 0, GRP 0, E-CID base
            0x00,  // ingress E-CID extension
            ext,  // E-CID extension
        ]
        return FrameBuilder.ethernet(
            etherType: 0x893F,
            payload: tag + FrameBuilder.be16(ipv6 ? 0x86DD : 0x0800) + TunnelFixtures.innerPacket(ipv6: ipv6))
    }

    /// A VN-Tag from `source` VIF to `destination` VIF, then a VLAN tag and IPv4.
    private func vnTagged(destination: UInt16, source: UInt16) -> [UInt8] {
        let tag = FrameBuilder.be16(0x8000 | destination)  // direction 1, pointer 0, destination VIF
            + FrameBuilder.be16(source & 0x0FFF)  // looped 0, reserved, version 0, source VIF
        return FrameBuilder.ethernet(
            etherType: 0x8926,
            payload: tag + FrameBuilder.be16(0x8100) + FrameBuilder.be16(42) + FrameBuilder.be16(0x0800)
                + TunnelFixtures.innerPacket())
    }

    /// Outer switch addresses, EtherType 0x8903, FTag and TTL, then the classical Ethernet frame.
    private func fabricPath(forwardingTag: UInt16 = 5) -> [UInt8] {
        FrameBuilder.ethernet(
            etherType: 0x8903,
            payload: FrameBuilder.be16(forwardingTag << 6 | 32)  // FTag (10 bits), TTL 32
                + TunnelFixtures.innerFrame())
    }

    func testETag() throws {
        let v4 = try XCTUnwrap(dissectTunnelled(eTagged()))
        XCTAssertEqual(v4.summary.ipHeaderOffset, 22)  // Ethernet 14, E-Tag 6, EtherType 2
        XCTAssertEqual(v4.summary.source, "10.0.0.1")
        XCTAssertEqual(v4.checksumVerifies, true)
        XCTAssertEqual(v4.layers, [EncapsulationLayer(kind: .eTag, identifier: 0x45 << 12 | 0x123)])
        XCTAssertEqual(v4.layers.first?.description, "E-Tag ecid 282915")
        let v6 = try XCTUnwrap(dissectTunnelled(eTagged(ipv6: true)))
        XCTAssertEqual(v6.checksumVerifies, true)
        XCTAssertNotEqual(
            try XCTUnwrap(dissectTunnelled(eTagged(base: 1))).tunnelIdentity,
            try XCTUnwrap(dissectTunnelled(eTagged(base: 2))).tunnelIdentity, "two virtual ports, two identities")
    }

    func testVNTagIsTheSameForBothDirections() throws {
        let forward = try XCTUnwrap(dissectTunnelled(vnTagged(destination: 7, source: 900)))
        let backward = try XCTUnwrap(dissectTunnelled(vnTagged(destination: 900, source: 7)))
        XCTAssertEqual(forward.summary.ipHeaderOffset, 24)  // Ethernet 14, VN-Tag 4, 0x8100 2, VLAN TCI 2, type 2
        XCTAssertEqual(forward.vlanTags, [42])
        XCTAssertEqual(forward.checksumVerifies, true)
        XCTAssertEqual(forward.layers, [EncapsulationLayer(kind: .vnTag, identifier: 7 << 14 | 900)])
        XCTAssertEqual(forward.layers.first?.description, "VN-Tag vif 7/900")
        XCTAssertEqual(forward.tunnelIdentity, backward.tunnelIdentity)
        let other = try XCTUnwrap(dissectTunnelled(vnTagged(destination: 8, source: 900)))
        XCTAssertNotEqual(forward.tunnelIdentity, other.tunnelIdentity)
    }

    func testFabricPath() throws {
        let segment = try XCTUnwrap(dissectTunnelled(fabricPath()))
        XCTAssertEqual(segment.summary.ipHeaderOffset, 30)  // outer 14, FTag/TTL 2, classical Ethernet 14
        XCTAssertEqual(segment.checksumVerifies, true)
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .fabricPath, identifier: 5)])
        XCTAssertEqual(segment.layers.first?.description, "FabricPath ftag 5")
    }

    func testCutTags() {
        XCTAssertEqual(dissectOther(Array(eTagged().prefix(18)), linkType: .ethernet),
                       .malformed(.truncatedEncapsulation(.eTag, needed: 8, available: 4), offset: 14))
        XCTAssertEqual(dissectOther(Array(vnTagged(destination: 1, source: 2).prefix(16)), linkType: .ethernet),
                       .malformed(.truncatedEncapsulation(.vnTag, needed: 6, available: 2), offset: 14))
        XCTAssertEqual(dissectOther(Array(fabricPath().prefix(15)), linkType: .ethernet),
                       .malformed(.truncatedEncapsulation(.fabricPath, needed: 2, available: 1), offset: 14))
    }

    func testDripFeed() {
        assertDripFeed(eTagged())
        assertDripFeed(vnTagged(destination: 3, source: 4))
        assertDripFeed(fabricPath())
    }
}
