import CaptureTestSupport
import PacketCapture
import XCTest

/// Geneve (RFC 8926): UDP port 6081, version 0, options skipped by their length, inner Ethernet or IP.
final class GeneveDissectionTests: XCTestCase {
    /// One option: class 0x0102, type 0x80, 4 bytes of data.
    private let option: [UInt8] = [0x01, 0x02, 0x80, 0x01, 0xDE, 0xAD, 0xBE, 0xEF]

    private func frame(version: UInt8 = 0, options: [UInt8] = [], protocolType: UInt16 = 0x6558,
                       inner: [UInt8] = TunnelFixtures.innerFrame()) -> [UInt8] {
        TunnelFixtures.outerUDP(port: 6081, payload: FrameBuilder.geneve(
            version: version, options: options, protocolType: protocolType, networkIdentifier: 0xB, payload: inner))
    }

    func testInnerEthernetWithOptions() throws {
        let segment = try XCTUnwrap(dissectTunnelled(frame(options: option)))
        // Outer 14 + 20 + 8, Geneve 8 + 8 of options, inner Ethernet 14.
        XCTAssertEqual(segment.summary.ipHeaderOffset, 72)
        XCTAssertEqual(segment.summary.source, "10.0.0.1")
        XCTAssertEqual(segment.sourcePort, 40_000)
        XCTAssertEqual(segment.checksumVerifies, true)
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .geneve, identifier: 0xB)])
    }

    func testInnerIP() throws {
        let v4 = try XCTUnwrap(dissectTunnelled(frame(protocolType: 0x0800, inner: TunnelFixtures.innerPacket())))
        XCTAssertEqual(v4.summary.ipHeaderOffset, 50)
        XCTAssertEqual(v4.checksumVerifies, true)
        let v6 = try XCTUnwrap(dissectTunnelled(
            frame(protocolType: 0x86DD, inner: TunnelFixtures.innerPacket(ipv6: true))))
        XCTAssertEqual(v6.summary.destination, "2001:db8::2")
        XCTAssertEqual(v6.checksumVerifies, true)
        XCTAssertEqual(dissectOther(frame(protocolType: 0x0800, inner: TunnelFixtures.innerPacket(ipv6: true)),
                                    linkType: .ethernet),
                       .malformed(.badIPVersion(6), offset: 50))
    }

    func testUnfollowedVariants() {
        XCTAssertEqual(dissectOther(frame(version: 1), linkType: .ethernet),
                       .notTCP(.encapsulationVersion(.geneve, version: 1)))
        XCTAssertEqual(dissectOther(frame(protocolType: 0x0806), linkType: .ethernet),
                       .notTCP(.encapsulatedProtocol(.geneve, protocolType: 0x0806)))
    }

    func testOptionsCutShort() {
        let cut = Array(frame(options: option).prefix(42 + 12))
        XCTAssertEqual(dissectOther(cut, linkType: .ethernet),
                       .malformed(.truncatedEncapsulation(.geneve, needed: 16, available: 12), offset: 42))
    }

    func testDripFeed() {
        assertDripFeed(frame(options: option))
        assertDripFeed(frame(protocolType: 0x86DD, inner: TunnelFixtures.innerPacket(ipv6: true)))
    }
}
