import CaptureTestSupport
import PacketCapture
import XCTest

/// Cisco HDLC (link type C_HDLC, 104): address, control 0, and a protocol from the EtherType space.
final class CiscoHDLCDissectionTests: XCTestCase {
    func testIPv4AndIPv6() throws {
        // Unicast address 0x0F, control 0, protocol 0x0800: the IPv4 header at 4.
        let v4 = try XCTUnwrap(dissectTunnelled(
            FrameBuilder.ciscoHDLC(protocolType: 0x0800, payload: TunnelFixtures.innerPacket()),
            linkType: .ciscoHDLC))
        XCTAssertEqual(v4.summary.ipHeaderOffset, 4)
        XCTAssertEqual(v4.summary.source, "10.0.0.1")
        XCTAssertEqual(v4.checksumVerifies, true)
        // Broadcast address 0x8F, protocol 0x86DD.
        let v6 = try XCTUnwrap(dissectTunnelled(
            FrameBuilder.ciscoHDLC(address: 0x8F, protocolType: 0x86DD,
                                   payload: TunnelFixtures.innerPacket(ipv6: true)),
            linkType: .ciscoHDLC))
        XCTAssertEqual(v6.summary.ipHeaderOffset, 4)
        XCTAssertEqual(v6.summary.destination, "2001:db8::2")
        XCTAssertEqual(v6.checksumVerifies, true)
    }

    func testMPLSIsFollowed() throws {
        // Protocol 0x8847, one label, then IPv4: the EtherType path carries on as after Ethernet.
        let frame = FrameBuilder.ciscoHDLC(
            protocolType: 0x8847, payload: FrameBuilder.mpls(labels: [16], payload: TunnelFixtures.innerPacket()))
        let segment = try XCTUnwrap(dissectTunnelled(frame, linkType: .ciscoHDLC))
        XCTAssertEqual(segment.summary.ipHeaderOffset, 8)
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .mpls, identifier: 16)])
    }

    func testOtherProtocolsAndMalformed() {
        // SLARP (0x8035).
        XCTAssertEqual(dissectOther(FrameBuilder.ciscoHDLC(protocolType: 0x8035, payload: [0, 0, 0, 1]),
                                    linkType: .ciscoHDLC), .notTCP(.etherType(0x8035)))
        XCTAssertEqual(dissectOther(FrameBuilder.ciscoHDLC(address: 0xFF, control: 0x03, protocolType: 0x0800,
                                                           payload: TunnelFixtures.innerPacket()),
                                    linkType: .ciscoHDLC),
                       .malformed(.hdlcAddressControl(address: 0xFF, control: 0x03), offset: 0))
        XCTAssertEqual(dissectOther(FrameBuilder.ciscoHDLC(control: 0x01, protocolType: 0x0800,
                                                           payload: TunnelFixtures.innerPacket()),
                                    linkType: .ciscoHDLC),
                       .malformed(.hdlcAddressControl(address: 0x0F, control: 0x01), offset: 0))
        XCTAssertEqual(dissectOther([0x0F, 0x00, 0x08], linkType: .ciscoHDLC),
                       .malformed(.truncatedLinkHeader(needed: 4, available: 3), offset: 0))
    }

    func testDripFeed() {
        assertDripFeed(FrameBuilder.ciscoHDLC(protocolType: 0x0800, payload: TunnelFixtures.innerPacket()),
                       linkType: .ciscoHDLC)
    }
}
