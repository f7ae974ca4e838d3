import CaptureTestSupport
import PacketCapture
import XCTest

/// PPP link types: PPP (9), PPP_HDLC (50) and PPP_WITH_DIR (204), with or without address and control, with a one-
/// or two-byte protocol field (RFC 1661 sections 2 and 6.5, RFC 1662 section 3.1).
final class PPPDissectionTests: XCTestCase {
    func testPPPWithAndWithoutAddressAndControl() throws {
        // 0xFF 0x03, protocol 0x0021: the IPv4 header at 4.
        let framed = FrameBuilder.ppp(addressAndControl: true, protocolField: [0x00, 0x21],
                                      payload: TunnelFixtures.innerPacket())
        let segment = try XCTUnwrap(dissectTunnelled(framed, linkType: .ppp))
        XCTAssertEqual(segment.summary.ipHeaderOffset, 4)
        XCTAssertEqual(segment.summary.source, "10.0.0.1")
        XCTAssertEqual(segment.checksumVerifies, true)
        XCTAssertEqual(segment.layers, [], "a link layer is not a tunnel")
        // No address and control, protocol 0x0057: the IPv6 header at 2.
        let bare = FrameBuilder.ppp(addressAndControl: false, protocolField: [0x00, 0x57],
                                    payload: TunnelFixtures.innerPacket(ipv6: true))
        let v6 = try XCTUnwrap(dissectTunnelled(bare, linkType: .ppp))
        XCTAssertEqual(v6.summary.ipHeaderOffset, 2)
        XCTAssertEqual(v6.summary.destination, "2001:db8::2")
        XCTAssertEqual(v6.checksumVerifies, true)
    }

    func testCompressedProtocolField() throws {
        // 0xFF 0x03, then the one-byte protocol 0x21 (odd first byte): the IPv4 header at 3.
        let v4 = try XCTUnwrap(dissectTunnelled(
            FrameBuilder.ppp(addressAndControl: true, protocolField: [0x21], payload: TunnelFixtures.innerPacket()),
            linkType: .ppp))
        XCTAssertEqual(v4.summary.ipHeaderOffset, 3)
        // The one-byte protocol 0x57 alone: the IPv6 header at 1.
        let v6 = try XCTUnwrap(dissectTunnelled(
            FrameBuilder.ppp(addressAndControl: false, protocolField: [0x57],
                             payload: TunnelFixtures.innerPacket(ipv6: true)),
            linkType: .ppp))
        XCTAssertEqual(v6.summary.ipHeaderOffset, 1)
        XCTAssertEqual(v6.checksumVerifies, true)
    }

    func testMPLSIsFollowed() throws {
        // 0xFF 0x03, protocol 0x0281 (MPLS unicast), one label, then IPv4: the IP header at 8.
        let frame = FrameBuilder.ppp(addressAndControl: true, protocolField: [0x02, 0x81],
                                     payload: FrameBuilder.mpls(labels: [17], payload: TunnelFixtures.innerPacket()))
        let segment = try XCTUnwrap(dissectTunnelled(frame, linkType: .ppp))
        XCTAssertEqual(segment.summary.ipHeaderOffset, 8)
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .mpls, identifier: 17)])
        XCTAssertEqual(segment.checksumVerifies, true)
    }

    func testWithDirection() throws {
        for direction: UInt8 in [0x00, 0x01] {  // received, sent
            let frame = [direction] + FrameBuilder.ppp(addressAndControl: true, protocolField: [0x00, 0x21],
                                                       payload: TunnelFixtures.innerPacket())
            let segment = try XCTUnwrap(dissectTunnelled(frame, linkType: .pppWithDirection))
            XCTAssertEqual(segment.summary.ipHeaderOffset, 5)
            XCTAssertEqual(segment.checksumVerifies, true)
        }
    }

    func testPPPD() throws {
        // The direction (0x00 received, 0x01 sent) where HDLC-like framing has its address, the control byte, the
        // protocol: IPv4 at 4. The control byte is not checked (libpcap's filters do not read it).
        for (direction, control) in [(UInt8(0x00), UInt8(0x03)), (0x01, 0x03), (0x01, 0x00)] {
            let frame = [direction, control, 0x00, 0x21] + TunnelFixtures.innerPacket()
            let segment = try XCTUnwrap(dissectTunnelled(frame, linkType: .pppPPPD))
            XCTAssertEqual(segment.summary.ipHeaderOffset, 4)
            XCTAssertEqual(segment.checksumVerifies, true)
        }
        // IPv6 with the protocol field compressed to one byte; LCP; a header cut short.
        let v6 = try XCTUnwrap(dissectTunnelled(
            [0x00, 0x03, 0x57] + TunnelFixtures.innerPacket(ipv6: true), linkType: .pppPPPD))
        XCTAssertEqual(v6.summary.ipHeaderOffset, 3)
        XCTAssertEqual(dissectOther([0x01, 0x03, 0xC0, 0x21, 1, 2, 3, 4], linkType: .pppPPPD),
                       .notTCP(.pppProtocol(0xC021)))
        XCTAssertEqual(dissectOther([0x01], linkType: .pppPPPD),
                       .malformed(.truncatedLinkHeader(needed: 2, available: 1), offset: 0))
        XCTAssertEqual(dissectOther([0x01, 0x03], linkType: .pppPPPD),
                       .malformed(.truncatedLinkHeader(needed: 3, available: 2), offset: 0))
        XCTAssertEqual(LinkType.pppPPPD.description, "PPP_PPPD")
        assertDripFeed([0x01, 0x03, 0x00, 0x21] + TunnelFixtures.innerPacket(), linkType: .pppPPPD)
    }

    func testHDLCFraming() throws {
        let ppp = FrameBuilder.ppp(addressAndControl: true, protocolField: [0x00, 0x21],
                                   payload: TunnelFixtures.innerPacket())
        XCTAssertEqual(try XCTUnwrap(dissectTunnelled(ppp, linkType: .pppHDLC)).summary.ipHeaderOffset, 4)
        // Cisco HDLC in the same link type, told by its address 0x8F.
        let cisco = FrameBuilder.ciscoHDLC(address: 0x8F, protocolType: 0x86DD,
                                           payload: TunnelFixtures.innerPacket(ipv6: true))
        XCTAssertEqual(try XCTUnwrap(dissectTunnelled(cisco, linkType: .pppHDLC)).summary.ipHeaderOffset, 4)
        // Without address and control: malformed in this link type.
        let bare = FrameBuilder.ppp(addressAndControl: false, protocolField: [0x00, 0x21],
                                    payload: TunnelFixtures.innerPacket())
        XCTAssertEqual(dissectOther(bare, linkType: .pppHDLC),
                       .malformed(.hdlcAddressControl(address: 0x00, control: 0x21), offset: 0))
        XCTAssertEqual(dissectOther([0xFF, 0x00, 0x00, 0x21], linkType: .pppHDLC),
                       .malformed(.hdlcAddressControl(address: 0xFF, control: 0x00), offset: 0))
    }

    func testOtherProtocolsAndMalformed() {
        // LCP (0xC021).
        XCTAssertEqual(dissectOther(FrameBuilder.ppp(addressAndControl: true, protocolField: [0xC0, 0x21],
                                                     payload: [1, 2, 3, 4]), linkType: .ppp),
                       .notTCP(.pppProtocol(0xC021)))
        // A two-byte field ending in an even byte.
        XCTAssertEqual(dissectOther(FrameBuilder.ppp(addressAndControl: true, protocolField: [0x00, 0x20],
                                                     payload: [1, 2, 3, 4]), linkType: .ppp),
                       .malformed(.invalidPPPProtocol(0x0020), offset: 2))
        XCTAssertEqual(dissectOther([], linkType: .ppp),
                       .malformed(.truncatedLinkHeader(needed: 1, available: 0), offset: 0))
        XCTAssertEqual(dissectOther([0xFF, 0x03, 0x00], linkType: .ppp),
                       .malformed(.truncatedLinkHeader(needed: 4, available: 3), offset: 0))
        XCTAssertEqual(dissectOther([0x01], linkType: .pppWithDirection),
                       .malformed(.truncatedLinkHeader(needed: 2, available: 1), offset: 0))
        // Protocol IPv4 announced, IPv6 carried.
        XCTAssertEqual(dissectOther(FrameBuilder.ppp(addressAndControl: false, protocolField: [0x21],
                                                     payload: TunnelFixtures.innerPacket(ipv6: true)),
                                    linkType: .ppp),
                       .malformed(.badIPVersion(6), offset: 1))
    }

    func testDripFeed() {
        assertDripFeed(FrameBuilder.ppp(addressAndControl: true, protocolField: [0x00, 0x21],
                                        payload: TunnelFixtures.innerPacket()), linkType: .ppp)
        assertDripFeed([1] + FrameBuilder.ppp(addressAndControl: false, protocolField: [0x57],
                                              payload: TunnelFixtures.innerPacket(ipv6: true)),
                       linkType: .pppWithDirection)
        assertDripFeed(FrameBuilder.ppp(addressAndControl: true, protocolField: [0x21],
                                        payload: TunnelFixtures.innerPacket()), linkType: .pppHDLC)
    }
}
