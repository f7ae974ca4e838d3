import CaptureTestSupport
import PacketCapture
import XCTest

/// MPLS label stacks (RFC 3032), EtherType 0x8847 and 0x8848, and the first-nibble guess of their payload.
final class MPLSDissectionTests: XCTestCase {
    private func frame(etherType: UInt16 = 0x8847, labels: [UInt32], payload: [UInt8]) -> [UInt8] {
        FrameBuilder.ethernet(etherType: etherType, payload: FrameBuilder.mpls(labels: labels, payload: payload))
    }

    func testIPv4AndIPv6ByFirstNibble() throws {
        let v4 = try XCTUnwrap(dissectTunnelled(frame(labels: [16, 17], payload: TunnelFixtures.innerPacket())))
        XCTAssertEqual(v4.summary.ipHeaderOffset, 22)
        XCTAssertEqual(v4.summary.source, "10.0.0.1")
        XCTAssertEqual(v4.checksumVerifies, true)
        XCTAssertEqual(v4.layers, [EncapsulationLayer(kind: .mpls, identifier: 17)], "one layer, the bottom label")
        let v6 = try XCTUnwrap(dissectTunnelled(frame(
            etherType: 0x8848, labels: [0xFFFFF], payload: TunnelFixtures.innerPacket(ipv6: true))))
        XCTAssertEqual(v6.summary.ipHeaderOffset, 18)
        XCTAssertEqual(v6.checksumVerifies, true)
    }

    func testEthernetPseudowireWithControlWord() throws {
        let payload = [0, 0, 0, 1] + TunnelFixtures.innerFrame(tags: [(0x8100, 9)])  // control word, sequence 1
        let segment = try XCTUnwrap(dissectTunnelled(frame(labels: [100, 200], payload: payload)))
        // Ethernet 14, two labels 8, control word 4, inner Ethernet 14 + tag 4.
        XCTAssertEqual(segment.summary.ipHeaderOffset, 44)
        XCTAssertEqual(segment.vlanTags, [9])
        XCTAssertEqual(segment.checksumVerifies, true)
        assertDripFeed(frame(labels: [100, 200], payload: payload))
    }

    func testEveryLabelTakesPartInTheIdentity() throws {
        let first = try XCTUnwrap(dissectTunnelled(frame(labels: [16, 17], payload: TunnelFixtures.innerPacket())))
        let second = try XCTUnwrap(dissectTunnelled(frame(labels: [18, 17], payload: TunnelFixtures.innerPacket())))
        XCTAssertNotEqual(first.tunnelIdentity, second.tunnelIdentity)
    }

    func testUnfollowedAndCut() {
        XCTAssertEqual(dissectOther(frame(labels: [16], payload: [0x81, 0, 0, 0]), linkType: .ethernet),
                       .notTCP(.encapsulatedProtocol(.mpls, protocolType: 8)))
        // A stack without a bottom entry runs to the end of the frame.
        let endless = FrameBuilder.ethernet(etherType: 0x8847, payload: [0x00, 0x01, 0x00, 0x40, 0x00, 0x02])
        XCTAssertEqual(dissectOther(endless, linkType: .ethernet),
                       .malformed(.truncatedEncapsulation(.mpls, needed: 8, available: 6), offset: 14))
    }

    func testDripFeed() {
        assertDripFeed(frame(labels: [16, 17, 18], payload: TunnelFixtures.innerPacket()))
    }
}
