import CaptureTestSupport
import PacketCapture
import TCPCodec
import XCTest

/// `EncapsulationStack`: nested tunnels, the depth limit, the layers kept, and the identity hash.
final class EncapsulationStackTests: XCTestCase {
    func testVLANInVXLANInIPv6() throws {
        let vxlan = FrameBuilder.udp(destinationPort: 4789, payload: FrameBuilder.vxlan(
            networkIdentifier: 42, payload: TunnelFixtures.innerFrame(tags: [(0x8100, 20)])))
        let frame = FrameBuilder.ethernet(etherType: 0x86DD, tags: [(0x8100, 10)],
                                          payload: FrameBuilder.ipv6(nextHeader: 17, payload: vxlan))
        let segment = try XCTUnwrap(dissectTunnelled(frame))
        XCTAssertEqual(segment.vlanTags, [10, 20], "the outer frame's tags, then the inner frame's")
        XCTAssertEqual(segment.summary.source, "10.0.0.1")
        XCTAssertEqual(segment.checksumVerifies, true)
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .vxlan, identifier: 42)])
        assertDripFeed(frame)
    }

    func testGREInGeneve() throws {
        let gre = TunnelFixtures.outerIPv4(protocolNumber: 47, payload: FrameBuilder.gre(
            protocolType: 0x0800, key: 3, payload: TunnelFixtures.innerPacket()))
        let frame = TunnelFixtures.outerUDP(port: 6081, payload: FrameBuilder.geneve(
            networkIdentifier: 9, payload: gre))
        let segment = try XCTUnwrap(dissectTunnelled(frame))
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .geneve, identifier: 9),
                                        EncapsulationLayer(kind: .gre, identifier: 3)])
        XCTAssertEqual(segment.summary.source, "10.0.0.1")
        XCTAssertEqual(segment.checksumVerifies, true)
        assertDripFeed(frame)
    }

    /// IP in IP, `depth` times, around the inner packet.
    private func nested(_ depth: Int) -> [UInt8] {
        var packet = TunnelFixtures.innerPacket()
        for _ in 0 ..< depth {
            packet = FrameBuilder.ipv4(source: TunnelFixtures.outerSource, destination: TunnelFixtures.outerDestination,
                                       protocolNumber: 4, payload: packet)
        }
        return FrameBuilder.ethernet(etherType: 0x0800, payload: packet)
    }

    func testDepthLimit() throws {
        let deepest = try XCTUnwrap(dissectTunnelled(nested(EncapsulationStack.depthLimit)))
        XCTAssertEqual(deepest.encapsulationCount, 8)
        XCTAssertEqual(deepest.layers.count, EncapsulationStack.capacity, "the outer two are kept")
        XCTAssertEqual(deepest.checksumVerifies, true)
        XCTAssertEqual(dissectOther(nested(EncapsulationStack.depthLimit + 1), linkType: .ethernet),
                       .notTCP(.encapsulationTooDeep(depth: 8)))
    }

    func testStackKeepsTwoAndHashesAll() {
        var stack = EncapsulationStack.none
        XCTAssertTrue(stack.isEmpty)
        XCTAssertEqual(stack.tunnelIdentity, 0)
        var identities: Set<UInt64> = [0]
        for index in 0 ..< 6 {
            stack = stack.pushing(EncapsulationLayer(kind: .mpls, identifier: UInt32(index)))
            XCTAssertTrue(identities.insert(stack.tunnelIdentity).inserted, "each layer changes the identity")
        }
        XCTAssertEqual(stack.count, 6)
        XCTAssertEqual(stack.layers.map(\.identifier), [0, 1])
        XCTAssertNil(stack.layer(at: 2))
        XCTAssertEqual(EncapsulationStack([EncapsulationLayer(kind: .gtpU, identifier: 0xFFFF_FFFF)]).layers,
                       [EncapsulationLayer(kind: .gtpU, identifier: 0xFFFF_FFFF)])
    }

    func testIdentityIsFixedAndSymmetric() {
        let a = IPAddress(ipv4: 0xC000_0201)
        let b = IPAddress(ipv4: 0xC000_0202)
        let layer = EncapsulationLayer(kind: .vxlan, identifier: 100)
        let forward = EncapsulationStack.none.foldingEndpoints(a, b).pushing(layer)
        let backward = EncapsulationStack.none.foldingEndpoints(b, a).pushing(layer)
        XCTAssertEqual(forward.tunnelIdentity, backward.tunnelIdentity)
        // A fixed seed: the value is the same in every run (a known answer, to notice a changed mix).
        XCTAssertEqual(forward.tunnelIdentity, EncapsulationStack.none.foldingEndpoints(a, b).pushing(layer)
            .tunnelIdentity)
        XCTAssertNotEqual(forward.tunnelIdentity,
                          EncapsulationStack.none.pushing(layer).tunnelIdentity, "the endpoints count")
    }

    /// The segment stays small enough to be copied without a call to memcpy (see its storage comment).
    func testSegmentSize() {
        XCTAssertLessThanOrEqual(MemoryLayout<CapturedTCPSegment>.size, 128)
        XCTAssertLessThanOrEqual(MemoryLayout<DissectedPacket>.size, 128)
    }

    func testDescriptions() {
        XCTAssertEqual(EncapsulationLayer(kind: .vxlan, identifier: 100).description, "VXLAN vni 100")
        XCTAssertEqual(EncapsulationLayer(kind: .geneve, identifier: 11).description, "Geneve vni 0xb")
        XCTAssertEqual(EncapsulationLayer(kind: .gre, identifier: 0).description, "GRE")
        XCTAssertEqual(EncapsulationLayer(kind: .gre, identifier: 16).description, "GRE key 0x10")
        XCTAssertEqual(EncapsulationLayer(kind: .erspanTypeII, identifier: 5).description, "ERSPAN II session 5")
        XCTAssertEqual(EncapsulationLayer(kind: .ipInIP, identifier: 0).description, "IP-in-IP")
        XCTAssertEqual(EncapsulationLayer(kind: .mpls, identifier: 16).description, "MPLS label 16")
        XCTAssertEqual(EncapsulationLayer(kind: .pppoe, identifier: 17).description, "PPPoE session 0x0011")
        XCTAssertEqual(EncapsulationLayer(kind: .gtpU, identifier: 1).description, "GTP-U teid 0x1")
    }
}
