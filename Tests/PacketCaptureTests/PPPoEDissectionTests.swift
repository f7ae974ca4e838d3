import CaptureTestSupport
import PacketCapture
import XCTest

/// PPPoE sessions (RFC 2516), EtherType 0x8864, carrying IPv4 (PPP 0x0021) or IPv6 (0x0057), tagged or not.
final class PPPoEDissectionTests: XCTestCase {
    private func frame(tags: [(UInt16, UInt16)] = [], versionAndType: UInt8 = 0x11, pppProtocol: UInt16 = 0x0021,
                       length: UInt16? = nil, payload: [UInt8] = TunnelFixtures.innerPacket()) -> [UInt8] {
        FrameBuilder.ethernet(etherType: 0x8864, tags: tags, payload: FrameBuilder.pppoeSession(
            versionAndType: versionAndType, session: 0x11, pppProtocol: pppProtocol, length: length,
            payload: payload))
    }

    func testIPv4AndIPv6() throws {
        let v4 = try XCTUnwrap(dissectTunnelled(frame()))
        XCTAssertEqual(v4.summary.ipHeaderOffset, 22)
        XCTAssertEqual(v4.summary.source, "10.0.0.1")
        XCTAssertEqual(v4.checksumVerifies, true)
        XCTAssertEqual(v4.layers, [EncapsulationLayer(kind: .pppoe, identifier: 0x11)])
        let v6 = try XCTUnwrap(dissectTunnelled(frame(pppProtocol: 0x0057,
                                                      payload: TunnelFixtures.innerPacket(ipv6: true))))
        XCTAssertEqual(v6.summary.destination, "2001:db8::2")
        XCTAssertEqual(v6.checksumVerifies, true)
    }

    func testBehindQinQ() throws {
        let segment = try XCTUnwrap(dissectTunnelled(frame(tags: [(0x88A8, 100), (0x8100, 10)])))
        XCTAssertEqual(segment.summary.ipHeaderOffset, 30)
        XCTAssertEqual(segment.vlanTags, [100, 10])
        XCTAssertEqual(segment.checksumVerifies, true)
    }

    func testUnfollowedAndMalformed() {
        XCTAssertEqual(dissectOther(frame(pppProtocol: 0xC021, payload: [1, 2, 3, 4]), linkType: .ethernet),
                       .notTCP(.encapsulatedProtocol(.pppoe, protocolType: 0xC021)))
        XCTAssertEqual(dissectOther(frame(versionAndType: 0x21), linkType: .ethernet),
                       .notTCP(.encapsulationVersion(.pppoe, version: 0x21)))
        XCTAssertEqual(dissectOther(frame(length: 1), linkType: .ethernet),
                       .malformed(.encapsulationLengthTooSmall(.pppoe, length: 1, minimum: 2), offset: 14))
        XCTAssertEqual(dissectOther(FrameBuilder.ethernet(etherType: 0x8863, payload: [0x11, 0x09]),
                                    linkType: .ethernet), .notTCP(.etherType(0x8863)), "discovery is not a session")
    }

    func testDripFeed() {
        assertDripFeed(frame(tags: [(0x8100, 3)]))
    }
}
