import CaptureTestSupport
import PacketCapture
import XCTest

/// IEEE 802.3 frames (an Ethernet type field that is a length) with an 802.2 LLC header and SNAP (RFC 1042), and
/// the LLC header of Linux cooked capture's protocol 4.
final class LogicalLinkControlDissectionTests: XCTestCase {
    private func snapFrame(tags: [(UInt16, UInt16)] = [], ipv6: Bool = false) -> [UInt8] {
        FrameBuilder.ieee8023(tags: tags, payload: FrameBuilder.logicalLinkControl(
            protocolIdentifier: ipv6 ? 0x86DD : 0x0800, payload: TunnelFixtures.innerPacket(ipv6: ipv6)))
    }

    func testSNAPCarriesIPv4AndIPv6() throws {
        // MACs 12, length 2, LLC 3, SNAP 5: the IP header at 22.
        let v4 = try XCTUnwrap(dissectTunnelled(snapFrame()))
        XCTAssertEqual(v4.summary.ipHeaderOffset, 22)
        XCTAssertEqual(v4.summary.source, "10.0.0.1")
        XCTAssertEqual(v4.checksumVerifies, true)
        let v6 = try XCTUnwrap(dissectTunnelled(snapFrame(ipv6: true)))
        XCTAssertEqual(v6.summary.ipHeaderOffset, 22)
        XCTAssertEqual(v6.checksumVerifies, true)
    }

    func testTagsBeforeTheLengthAndAfterSNAP() throws {
        // A tag, then the length; SNAP's EtherType is a tag again, then IPv4.
        let inner = FrameBuilder.be16(20) + FrameBuilder.be16(0x0800) + TunnelFixtures.innerPacket()  // VLAN 20, IPv4
        let frame = FrameBuilder.ieee8023(tags: [(0x8100, 10)], payload: FrameBuilder.logicalLinkControl(
            protocolIdentifier: 0x8100, payload: inner))
        let segment = try XCTUnwrap(dissectTunnelled(frame))
        XCTAssertEqual(segment.summary.ipHeaderOffset, 30)
        XCTAssertEqual(segment.vlanTags, [10, 20])
        XCTAssertEqual(segment.checksumVerifies, true)
    }

    func testBridgeTunnelOrganization() throws {
        let frame = FrameBuilder.ieee8023(payload: FrameBuilder.logicalLinkControl(
            organization: 0x00_00F8, payload: TunnelFixtures.innerPacket()))
        XCTAssertEqual(try XCTUnwrap(dissectTunnelled(frame)).summary.ipHeaderOffset, 22)
    }

    func testInsideVXLAN() throws {
        let frame = TunnelFixtures.outerUDP(port: 4789, payload: FrameBuilder.vxlan(
            networkIdentifier: 5, payload: snapFrame()))
        let segment = try XCTUnwrap(dissectTunnelled(frame))
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .vxlan, identifier: 5)])
        XCTAssertEqual(segment.checksumVerifies, true)
    }

    func testLinuxCookedLogicalLinkControl() throws {
        // SLL: packet type, ARPHRD type, address length, address (8), protocol 4 (802.2 LLC).
        let header: [UInt8] = [0, 0] + [0, 1] + [0, 6] + [UInt8](repeating: 0x11, count: 8) + [0, 4]
        let frame = header + FrameBuilder.logicalLinkControl(payload: TunnelFixtures.innerPacket())
        XCTAssertEqual(try XCTUnwrap(dissectTunnelled(frame, linkType: .linuxSLL)).summary.ipHeaderOffset, 24)
        // Protocol 1 (Novell 802.3) is no LLC header.
        let novell = Array(header.dropLast(2)) + [0, 1] + [0xFF, 0xFF]
        XCTAssertEqual(dissectOther(novell, linkType: .linuxSLL), .notTCP(.etherType(1)))
    }

    func testOtherAccessPointsAndOrganizations() {
        // Spanning tree: DSAP and SSAP 0x42, control 0x03.
        let stp = FrameBuilder.ieee8023(payload: FrameBuilder.logicalLinkControl(
            destination: 0x42, source: 0x42, payload: [0, 0, 0, 0]))
        XCTAssertEqual(dissectOther(stp, linkType: .ethernet),
                       .notTCP(.logicalLinkControl(destination: 0x42, source: 0x42, control: 0x03)))
        // SNAP access points with another control byte.
        let test = FrameBuilder.ieee8023(payload: [0xAA, 0xAA, 0xE3] + [0, 0, 0, 8, 0])
        XCTAssertEqual(dissectOther(test, linkType: .ethernet),
                       .notTCP(.logicalLinkControl(destination: 0xAA, source: 0xAA, control: 0xE3)))
        // CDP: organization 00-00-0C, protocol 0x2000.
        let cdp = FrameBuilder.ieee8023(payload: FrameBuilder.logicalLinkControl(
            organization: 0x00_000C, protocolIdentifier: 0x2000, payload: [2, 180]))
        XCTAssertEqual(dissectOther(cdp, linkType: .ethernet),
                       .notTCP(.snapProtocol(organization: 0x00_000C, protocolIdentifier: 0x2000)))
        // A SNAP protocol identifier that is a length is not followed.
        let nested = FrameBuilder.ieee8023(payload: FrameBuilder.logicalLinkControl(
            protocolIdentifier: 0x0010, payload: [0xAA, 0xAA, 0x03]))
        XCTAssertEqual(dissectOther(nested, linkType: .ethernet),
                       .notTCP(.snapProtocol(organization: 0, protocolIdentifier: 0x0010)))
        // SNAP with OUI 0 and ARP: the EtherType path.
        let arp = FrameBuilder.ieee8023(payload: FrameBuilder.logicalLinkControl(
            protocolIdentifier: 0x0806, payload: [0, 1]))
        XCTAssertEqual(dissectOther(arp, linkType: .ethernet), .notTCP(.etherType(0x0806)))
        // 1536 - 1: neither length nor EtherType.
        XCTAssertEqual(dissectOther(FrameBuilder.ethernet(etherType: 0x05FF, payload: [0xAA, 0xAA, 0x03]),
                                    linkType: .ethernet), .notTCP(.etherType(0x05FF)))
    }

    func testMalformed() {
        let packet = TunnelFixtures.innerPacket()
        XCTAssertEqual(dissectOther(FrameBuilder.ieee8023(length: 2, payload: FrameBuilder.logicalLinkControl(
            payload: packet)), linkType: .ethernet),
                       .malformed(.ieee8023LengthTooSmall(length: 2, minimum: 3), offset: 12))
        XCTAssertEqual(dissectOther(FrameBuilder.ieee8023(length: 7, payload: FrameBuilder.logicalLinkControl(
            payload: packet)), linkType: .ethernet),
                       .malformed(.ieee8023LengthTooSmall(length: 7, minimum: 8), offset: 12))
        XCTAssertEqual(dissectOther(FrameBuilder.ieee8023(length: 100, payload: [0xAA, 0xAA]), linkType: .ethernet),
                       .malformed(.truncatedLogicalLinkControl(needed: 3, available: 2), offset: 14))
        XCTAssertEqual(dissectOther(FrameBuilder.ieee8023(length: 100, payload: [0xAA, 0xAA, 0x03, 0, 0]),
                                    linkType: .ethernet),
                       .malformed(.truncatedLogicalLinkControl(needed: 8, available: 5), offset: 14))
    }

    func testDripFeed() {
        assertDripFeed(snapFrame(tags: [(0x8100, 7)]))
        assertDripFeed(snapFrame(ipv6: true))
    }
}
