import CaptureTestSupport
import PacketCapture
import XCTest

/// GRE version 0 (RFC 2784, RFC 2890) with IP, transparent Ethernet bridging and ERSPAN types II and III.
final class GREDissectionTests: XCTestCase {
    private func frame(_ gre: [UInt8]) -> [UInt8] {
        TunnelFixtures.outerIPv4(protocolNumber: 47, payload: gre)
    }

    func testInnerIPWithEveryOptionalField() throws {
        let gre = FrameBuilder.gre(protocolType: 0x0800, checksum: 0, key: 0x1234, sequence: 9,
                                   payload: TunnelFixtures.innerPacket())
        let segment = try XCTUnwrap(dissectTunnelled(frame(gre)))
        // Outer 14 + 20, GRE 4 + checksum 4 + key 4 + sequence 4.
        XCTAssertEqual(segment.summary.ipHeaderOffset, 50)
        XCTAssertEqual(segment.summary.source, "10.0.0.1")
        XCTAssertEqual(segment.destinationPort, 443)
        XCTAssertEqual(segment.checksumVerifies, true)
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .gre, identifier: 0x1234)])
    }

    func testPlainGREAndInnerIPv6() throws {
        let gre = FrameBuilder.gre(protocolType: 0x86DD, payload: TunnelFixtures.innerPacket(ipv6: true))
        let segment = try XCTUnwrap(dissectTunnelled(frame(gre)))
        XCTAssertEqual(segment.summary.ipHeaderOffset, 38)
        XCTAssertEqual(segment.checksumVerifies, true)
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .gre, identifier: 0)])
    }

    func testKeysSeparateTunnels() throws {
        let first = try XCTUnwrap(dissectTunnelled(frame(FrameBuilder.gre(
            protocolType: 0x0800, key: 1, payload: TunnelFixtures.innerPacket()))))
        let second = try XCTUnwrap(dissectTunnelled(frame(FrameBuilder.gre(
            protocolType: 0x0800, key: 2, payload: TunnelFixtures.innerPacket()))))
        XCTAssertNotEqual(first.tunnelIdentity, second.tunnelIdentity)
    }

    func testTransparentEthernetBridging() throws {
        let gre = FrameBuilder.gre(
            protocolType: 0x6558, key: 7, payload: TunnelFixtures.innerFrame(tags: [(0x8100, 5)]))
        let segment = try XCTUnwrap(dissectTunnelled(frame(gre)))
        XCTAssertEqual(segment.vlanTags, [5])
        XCTAssertEqual(segment.checksumVerifies, true)
    }

    func testERSPAN() throws {
        let typeII = FrameBuilder.gre(protocolType: 0x88BE, sequence: 1, payload: FrameBuilder.erspanTypeII(
            session: 0x2A5, payload: TunnelFixtures.innerFrame()))
        let second = try XCTUnwrap(dissectTunnelled(frame(typeII)))
        // Outer 14 + 20, GRE 8, ERSPAN 8, mirrored Ethernet 14.
        XCTAssertEqual(second.summary.ipHeaderOffset, 64)
        XCTAssertEqual(second.checksumVerifies, true)
        XCTAssertEqual(second.layers, [EncapsulationLayer(kind: .gre, identifier: 0),
                                       EncapsulationLayer(kind: .erspanTypeII, identifier: 0x2A5)])
        for subheader in [false, true] {
            let typeIII = FrameBuilder.gre(protocolType: 0x22EB, sequence: 1, payload: FrameBuilder.erspanTypeIII(
                session: 3, platformSubheader: subheader, payload: TunnelFixtures.innerFrame()))
            let third = try XCTUnwrap(dissectTunnelled(frame(typeIII)))
            XCTAssertEqual(third.summary.ipHeaderOffset, 42 + 12 + (subheader ? 8 : 0) + 14)
            XCTAssertEqual(third.layers.last, EncapsulationLayer(kind: .erspanTypeIII, identifier: 3))
            assertDripFeed(frame(typeIII))
        }
        let wrongVersion = FrameBuilder.gre(protocolType: 0x88BE, payload: FrameBuilder.erspanTypeII(
            version: 2, session: 1, payload: TunnelFixtures.innerFrame()))
        XCTAssertEqual(dissectOther(frame(wrongVersion), linkType: .ethernet),
                       .notTCP(.encapsulationVersion(.erspanTypeII, version: 2)))
    }

    func testUnfollowedVariants() {
        let pptp = FrameBuilder.gre(version: 1, protocolType: 0x880B, key: 0, payload: [0xFF, 0x03])
        XCTAssertEqual(dissectOther(frame(pptp), linkType: .ethernet), .notTCP(.encapsulationVersion(.gre, version: 1)))
        let other = FrameBuilder.gre(protocolType: 0x0806, payload: [0, 1])
        XCTAssertEqual(dissectOther(frame(other), linkType: .ethernet),
                       .notTCP(.encapsulatedProtocol(.gre, protocolType: 0x0806)))
        let routed = FrameBuilder.gre(routing: true, protocolType: 0x0800, checksum: 0,
                                      payload: TunnelFixtures.innerPacket())
        XCTAssertEqual(dissectOther(frame(routed), linkType: .ethernet), .notTCP(.greSourceRouting))
    }

    func testHeaderCutShort() {
        let gre = FrameBuilder.gre(protocolType: 0x0800, key: 1, sequence: 2, payload: TunnelFixtures.innerPacket())
        XCTAssertEqual(dissectOther(Array(frame(gre).prefix(34 + 10)), linkType: .ethernet),
                       .malformed(.truncatedEncapsulation(.gre, needed: 12, available: 10), offset: 34))
    }

    func testDripFeed() {
        assertDripFeed(frame(FrameBuilder.gre(protocolType: 0x0800, checksum: 0, key: 5, sequence: 6,
                                              payload: TunnelFixtures.innerPacket())))
        assertDripFeed(frame(FrameBuilder.gre(protocolType: 0x88BE, payload: FrameBuilder.erspanTypeII(
            session: 1, payload: TunnelFixtures.innerFrame()))))
    }
}
