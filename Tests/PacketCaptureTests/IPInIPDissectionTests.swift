import CaptureTestSupport
import PacketCapture
import XCTest

/// IP in IP: IPv4 or IPv6 inside IPv4 (protocol 4, 41) or IPv6 (next header 4, 41).
final class IPInIPDissectionTests: XCTestCase {
    func testEveryCombination() throws {
        for (outerIPv6, innerIPv6) in [(false, false), (false, true), (true, false), (true, true)] {
            let inner = TunnelFixtures.innerPacket(ipv6: innerIPv6)
            let protocolNumber: UInt8 = innerIPv6 ? 41 : 4
            let frame = outerIPv6
                ? FrameBuilder.ethernet(etherType: 0x86DD, payload: FrameBuilder.ipv6(
                    nextHeader: protocolNumber, payload: inner))
                : TunnelFixtures.outerIPv4(protocolNumber: protocolNumber, payload: inner)
            let segment = try XCTUnwrap(dissectTunnelled(frame))
            XCTAssertEqual(segment.summary.ipHeaderOffset, outerIPv6 ? 54 : 34)
            XCTAssertEqual(segment.summary.ipVersion, innerIPv6 ? .v6 : .v4)
            XCTAssertEqual(segment.summary.source, innerIPv6 ? "2001:db8::1" : "10.0.0.1")
            XCTAssertEqual(segment.sourcePort, 40_000)
            XCTAssertEqual(segment.checksumVerifies, true)
            XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .ipInIP, identifier: 0)])
            assertDripFeed(frame)
        }
    }

    func testVersionMustMatchTheProtocol() {
        let frame = TunnelFixtures.outerIPv4(protocolNumber: 4, payload: TunnelFixtures.innerPacket(ipv6: true))
        XCTAssertEqual(dissectOther(frame, linkType: .ethernet), .malformed(.badIPVersion(6), offset: 34))
    }

    func testOuterAddressesAreTheTunnel() throws {
        let first = try XCTUnwrap(dissectTunnelled(
            TunnelFixtures.outerIPv4(protocolNumber: 4, payload: TunnelFixtures.innerPacket())))
        let second = try XCTUnwrap(dissectTunnelled(TunnelFixtures.outerIPv4(
            protocolNumber: 4, source: 0xCB00_7105, payload: TunnelFixtures.innerPacket())))
        XCTAssertNotEqual(first.tunnelIdentity, second.tunnelIdentity)
    }
}
