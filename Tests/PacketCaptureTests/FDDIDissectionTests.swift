import CaptureTestSupport
import PacketCapture
import XCTest

/// FDDI (link type 10): a 13-byte header, then IEEE 802.2 LLC and SNAP.
final class FDDIDissectionTests: XCTestCase {
    private func frame(frameControl: UInt8 = 0x50, ipv6: Bool = false) -> [UInt8] {
        FrameBuilder.fddi(frameControl: frameControl, payload: FrameBuilder.logicalLinkControl(
            protocolIdentifier: ipv6 ? 0x86DD : 0x0800, payload: TunnelFixtures.innerPacket(ipv6: ipv6)))
    }

    func testIPv4AndIPv6() throws {
        // Header 13, LLC 3, SNAP 5: the IP header at 21.
        let v4 = try XCTUnwrap(dissectTunnelled(frame(), linkType: .fddi))
        XCTAssertEqual(v4.summary.ipHeaderOffset, 21)
        XCTAssertEqual(v4.summary.source, "10.0.0.1")
        XCTAssertEqual(v4.checksumVerifies, true)
        // Frame control 0x51: LLC, priority 1.
        let v6 = try XCTUnwrap(dissectTunnelled(frame(frameControl: 0x51, ipv6: true), linkType: .fddi))
        XCTAssertEqual(v6.summary.ipHeaderOffset, 21)
        XCTAssertEqual(v6.checksumVerifies, true)
    }

    func testOtherFramesAndMalformed() {
        // 0x41: an SMT frame.
        XCTAssertEqual(dissectOther(frame(frameControl: 0x41), linkType: .fddi), .notTCP(.fddiFrameControl(0x41)))
        XCTAssertEqual(dissectOther(FrameBuilder.fddi(payload: [0x42, 0x42, 0x03]), linkType: .fddi),
                       .notTCP(.logicalLinkControl(destination: 0x42, source: 0x42, control: 0x03)))
        XCTAssertEqual(dissectOther(Array(frame().prefix(12)), linkType: .fddi),
                       .malformed(.truncatedLinkHeader(needed: 13, available: 12), offset: 0))
        XCTAssertEqual(dissectOther(Array(frame().prefix(18)), linkType: .fddi),
                       .malformed(.truncatedLogicalLinkControl(needed: 8, available: 5), offset: 13))
    }

    func testDripFeed() {
        assertDripFeed(frame(), linkType: .fddi)
        assertDripFeed(frame(ipv6: true), linkType: .fddi)
    }
}
