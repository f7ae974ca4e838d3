import CaptureTestSupport
import PacketCapture
import XCTest

/// GTP-U version 1 (3GPP TS 29.281) over UDP port 2152: optional fields, extension headers, G-PDUs.
final class GTPUDissectionTests: XCTestCase {
    /// A PDU session container's content: 2 bytes (QFI), so that with length and next type it is 4 bytes.
    private let container: [UInt8] = [0x00, 0x09]

    private func frame(_ gtp: [UInt8]) -> [UInt8] {
        TunnelFixtures.outerUDP(port: 2152, payload: gtp)
    }

    func testPlainGPDU() throws {
        let segment = try XCTUnwrap(dissectTunnelled(frame(FrameBuilder.gtpU(
            endpointIdentifier: 0xABCD, payload: TunnelFixtures.innerPacket()))))
        XCTAssertEqual(segment.summary.ipHeaderOffset, 50)
        XCTAssertEqual(segment.summary.source, "10.0.0.1")
        XCTAssertEqual(segment.checksumVerifies, true)
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .gtpU, identifier: 0xABCD)])
    }

    func testOptionalFieldsAndExtensionHeaders() throws {
        let gtp = FrameBuilder.gtpU(
            endpointIdentifier: 1, sequence: 5, extensionHeaders: [container, container + [0, 0, 0, 0]],
            payload: TunnelFixtures.innerPacket(ipv6: true))
        let segment = try XCTUnwrap(dissectTunnelled(frame(gtp)))
        // Outer 42, GTP-U 8 + 4 optional + 4 + 8 of extension headers.
        XCTAssertEqual(segment.summary.ipHeaderOffset, 66)
        XCTAssertEqual(segment.summary.source, "2001:db8::1")
        XCTAssertEqual(segment.checksumVerifies, true)
        assertDripFeed(frame(gtp))
    }

    func testUnfollowedAndMalformed() {
        XCTAssertEqual(dissectOther(frame(FrameBuilder.gtpU(messageType: 1, endpointIdentifier: 0, payload: [])),
                                    linkType: .ethernet),
                       .notTCP(.encapsulatedProtocol(.gtpU, protocolType: 1)))
        XCTAssertEqual(dissectOther(frame(FrameBuilder.gtpU(version: 2, endpointIdentifier: 0, payload: [])),
                                    linkType: .ethernet),
                       .notTCP(.encapsulationVersion(.gtpU, version: 2)))
        let short = FrameBuilder.gtpU(endpointIdentifier: 1, sequence: 5, length: 2,
                                      payload: TunnelFixtures.innerPacket())
        XCTAssertEqual(dissectOther(frame(short), linkType: .ethernet),
                       .malformed(.encapsulationLengthTooSmall(.gtpU, length: 2, minimum: 4), offset: 42))
        var zeroLength = FrameBuilder.gtpU(endpointIdentifier: 1, extensionHeaders: [container],
                                           payload: TunnelFixtures.innerPacket())
        zeroLength[12] = 0  // the extension header's length
        XCTAssertEqual(dissectOther(frame(zeroLength), linkType: .ethernet),
                       .malformed(.encapsulationLengthTooSmall(.gtpU, length: 0, minimum: 1), offset: 54))
    }
}
