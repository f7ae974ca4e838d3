import CaptureTestSupport
import PacketCapture
import XCTest

/// VXLAN (RFC 7348): UDP port 4789 (and 8472), an 8-byte header with the I flag and a 24-bit VNI, inner Ethernet.
final class VXLANDissectionTests: XCTestCase {
    private func frame(port: UInt16 = 4789, flags: UInt8 = 0x08, vni: UInt32 = 100, inner: [UInt8]? = nil)
        -> [UInt8] {
        TunnelFixtures.outerUDP(port: port, payload: FrameBuilder.vxlan(
            flags: flags, networkIdentifier: vni, payload: inner ?? TunnelFixtures.innerFrame()))
    }

    func testInnerSegment() throws {
        let segment = try XCTUnwrap(dissectTunnelled(frame()))
        XCTAssertEqual(segment.summary.source, "10.0.0.1")
        XCTAssertEqual(segment.summary.destination, "10.0.0.2")
        // Outer Ethernet 14, IPv4 20, UDP 8, VXLAN 8, inner Ethernet 14.
        XCTAssertEqual(segment.summary.ipHeaderOffset, 64)
        XCTAssertEqual(segment.summary.tcpOffset, 84)
        XCTAssertEqual(segment.summary.declaredLength, 23)
        XCTAssertEqual(segment.sourcePort, 40_000)
        XCTAssertEqual(segment.destinationPort, 443)
        XCTAssertEqual(segment.checksumVerifies, true)
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .vxlan, identifier: 100)])
        XCTAssertNotEqual(segment.tunnelIdentity, 0)
    }

    func testLinuxPortAndInnerIPv6() throws {
        let segment = try XCTUnwrap(dissectTunnelled(frame(port: 8472, inner: TunnelFixtures.innerFrame(ipv6: true))))
        XCTAssertEqual(segment.summary.source, "2001:db8::1")
        XCTAssertEqual(segment.checksumVerifies, true)
        XCTAssertEqual(segment.layers.map(\.kind), [.vxlan])
    }

    func testOtherUDPIsNotFollowed() {
        XCTAssertEqual(dissectOther(frame(port: 53), linkType: .ethernet),
                       .notTCP(.ipProtocol(version: .v4, protocolNumber: 17)))
        // A UDP header cut short is not a tunnel either.
        let cut = Array(frame().prefix(14 + 20 + 5))
        XCTAssertEqual(dissectOther(cut, linkType: .ethernet), .notTCP(.ipProtocol(version: .v4, protocolNumber: 17)))
        // A fragment's tunnel is not followed.
        let fragment = FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(
            protocolNumber: 17, fragmentField: 0x2000,
            payload: FrameBuilder.udp(destinationPort: 4789, payload: [UInt8](repeating: 0, count: 60))))
        XCTAssertEqual(dissectOther(fragment, linkType: .ethernet),
                       .notTCP(.ipProtocol(version: .v4, protocolNumber: 17)))
    }

    func testMalformedHeaders() {
        XCTAssertEqual(dissectOther(frame(flags: 0), linkType: .ethernet),
                       .malformed(.vxlanInstanceFlagClear(flags: 0), offset: 42))
        XCTAssertEqual(dissectOther(Array(frame().prefix(42 + 5)), linkType: .ethernet),
                       .malformed(.truncatedEncapsulation(.vxlan, needed: 8, available: 5), offset: 42))
        XCTAssertEqual(dissectOther(Array(frame().prefix(50 + 10)), linkType: .ethernet),
                       .malformed(.truncatedLinkHeader(needed: 14, available: 10), offset: 50))
    }

    func testTwoNetworksAreTwoIdentities() throws {
        let first = try XCTUnwrap(dissectTunnelled(frame(vni: 100)))
        let second = try XCTUnwrap(dissectTunnelled(frame(vni: 200)))
        XCTAssertNotEqual(first.tunnelIdentity, second.tunnelIdentity)
        // Both directions between the same tunnel endpoints agree.
        let reverse = TunnelFixtures.outerUDP(
            port: 4789, source: TunnelFixtures.outerDestination, destination: TunnelFixtures.outerSource,
            payload: FrameBuilder.vxlan(networkIdentifier: 100, payload: TunnelFixtures.innerFrame()))
        XCTAssertEqual(try XCTUnwrap(dissectTunnelled(reverse)).tunnelIdentity, first.tunnelIdentity)
        // Other tunnel endpoints, another identity.
        let elsewhere = TunnelFixtures.outerUDP(
            port: 4789, source: 0xCB00_7109, payload: FrameBuilder.vxlan(
                networkIdentifier: 100, payload: TunnelFixtures.innerFrame()))
        XCTAssertNotEqual(try XCTUnwrap(dissectTunnelled(elsewhere)).tunnelIdentity, first.tunnelIdentity)
    }

    func testDripFeed() {
        assertDripFeed(frame())
        assertDripFeed(frame(inner: TunnelFixtures.innerFrame(ipv6: true, tags: [(0x8100, 7)])))
    }
}
