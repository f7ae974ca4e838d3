import CaptureTestSupport
import PacketCapture
import TCPCodec
import XCTest

/// IPv6 (RFC 8200) header and extension-header handling in `PacketDissector`.
final class IPv6DissectionTests: XCTestCase {
    private let tcp = FrameBuilder.tcp(payload: [9, 9, 9, 9])
    private let padding6 = [UInt8](repeating: 0, count: 6)  // a PadN-free 6-byte body: six Pad1 options

    func testPlain() throws {
        let summary = try XCTUnwrap(dissectTCP(FrameBuilder.ipv6(payload: tcp), linkType: .raw))
        XCTAssertEqual(summary.tcpOffset, 40)
        XCTAssertEqual(summary.bytes, tcp)
        XCTAssertEqual(summary.declaredLength, tcp.count)
        XCTAssertEqual(summary.lengthSource, .ipHeader)
    }

    /// Hop-by-hop, destination options, routing, AH and destination options again, then TCP.
    func testExtensionHeaderChain() throws {
        let hopByHop = FrameBuilder.extensionHeader(next: 60, body: padding6)
        let destination = FrameBuilder.extensionHeader(
            next: 43, body: [1, 4] + [0, 0, 0, 0] + [UInt8](repeating: 0, count: 8))  // PadN, then Pad1s
        let routing = FrameBuilder.extensionHeader(next: 51, body: [0, 0, 0, 0, 0, 0])
        let authentication: [UInt8] = [60, 4]  // next header, payload length: (4 + 2) * 4 = 24 bytes
            + [0, 0]  // reserved
            + [0, 0, 1, 0]  // SPI
            + [0, 0, 0, 1]  // sequence number
            + [UInt8](repeating: 0xAB, count: 12)  // ICV
        let destination2 = FrameBuilder.extensionHeader(next: 6, body: [1, 4, 0, 0, 0, 0])  // PadN
        let extensions = hopByHop + destination + routing + authentication + destination2
        let packet = FrameBuilder.ipv6(nextHeader: 0, payload: extensions + tcp)
        let summary = try XCTUnwrap(dissectTCP(packet, linkType: .raw))
        XCTAssertEqual(summary.tcpOffset, 40 + extensions.count)
        XCTAssertEqual(summary.declaredLength, tcp.count)
        XCTAssertEqual(summary.bytes, tcp)
    }

    func testOtherNextHeaders() {
        XCTAssertEqual(dissectOther(FrameBuilder.ipv6(nextHeader: 59, payload: []), linkType: .raw),
                       .notTCP(.ipProtocol(version: .v6, protocolNumber: 59)))
        let udp = FrameBuilder.ipv6(nextHeader: 60, payload: FrameBuilder.extensionHeader(next: 17, body: padding6))
        XCTAssertEqual(dissectOther(udp, linkType: .raw), .notTCP(.ipProtocol(version: .v6, protocolNumber: 17)))
    }

    func testFragmentHeader() throws {
        let firstFragment: [UInt8] = [6, 0]  // next header TCP, reserved
            + [0x00, 0x01]  // offset 0, M = 1
            + [0, 0, 0, 42]  // identification
        let summary = try XCTUnwrap(dissectTCP(FrameBuilder.ipv6(nextHeader: 44, payload: firstFragment + tcp),
                                               linkType: .raw))
        XCTAssertTrue(summary.isFirstFragment)
        XCTAssertEqual(summary.tcpOffset, 48)
        XCTAssertEqual(summary.declaredLength, tcp.count)

        let atomic: [UInt8] = [6, 0, 0x00, 0x00, 0, 0, 0, 42]  // offset 0, M = 0: an atomic fragment
        XCTAssertFalse(try XCTUnwrap(dissectTCP(FrameBuilder.ipv6(nextHeader: 44, payload: atomic + tcp),
                                                linkType: .raw)).isFirstFragment)

        let later: [UInt8] = [6, 0, 0x05, 0xC8, 0, 0, 0, 42]  // offset 1480 (0x5C8 & 0xFFF8 = 0x5C8), M = 0
        XCTAssertEqual(dissectOther(FrameBuilder.ipv6(nextHeader: 44, payload: later + tcp), linkType: .raw),
                       .notTCP(.nonFirstFragment(version: .v6, fragmentOffset: 1480)))
        let laterUDP: [UInt8] = [17, 0, 0x05, 0xC8, 0, 0, 0, 42]
        XCTAssertEqual(dissectOther(FrameBuilder.ipv6(nextHeader: 44, payload: laterUDP + tcp), linkType: .raw),
                       .notTCP(.ipProtocol(version: .v6, protocolNumber: 17)))
    }

    private func jumboHopByHop(value: UInt32, next: UInt8 = 6) -> [UInt8] {
        [next, 0]  // next header, length 0: 8 bytes
            + [0xC2, 4] + FrameBuilder.be32(value)  // Jumbo Payload option
    }

    /// RFC 2675: payload length 0 and a Jumbo Payload option give the length.
    func testJumbogram() throws {
        let packet = FrameBuilder.ipv6(nextHeader: 0, payloadLength: 0, payload: jumboHopByHop(value: 100_008) + tcp)
        let summary = try XCTUnwrap(dissectTCP(packet, linkType: .raw))
        XCTAssertEqual(summary.lengthSource, .jumboPayload)
        XCTAssertEqual(summary.declaredLength, 100_000)
        XCTAssertEqual(summary.bytes, tcp)
        XCTAssertTrue(summary.isTruncated)
        let sums = packet.withUnsafeBytes { raw -> (UInt32, UInt32)? in
            guard case .tcp(let segment) = PacketDissector.dissect(raw, linkType: .raw),
                let pseudoHeader = segment.pseudoHeader
            else { return nil }
            return (pseudoHeader.sum(tcpLength: segment.declaredLength), pseudoHeader.sum(tcpLength: 0))
        }
        let (full, lengthless) = try XCTUnwrap(sums)
        XCTAssertEqual(full - lengthless, 0x0001 + 0x86A0)  // the 32-bit length 100000 as two 16-bit words
    }

    func testBadJumbograms() {
        let small = FrameBuilder.ipv6(nextHeader: 0, payloadLength: 0, payload: jumboHopByHop(value: 1000) + tcp)
        XCTAssertEqual(dissectOther(small, linkType: .raw),
                       .malformed(.invalidJumboPayload(length: 4, value: 1000), offset: 40))
        let withLength = FrameBuilder.ipv6(nextHeader: 0, payload: jumboHopByHop(value: 100_000) + tcp)
        XCTAssertEqual(dissectOther(withLength, linkType: .raw),
                       .malformed(.jumboPayloadWithPayloadLength(UInt16(8 + tcp.count)), offset: 0))
        let overrun: [UInt8] = [6, 0, 0xC2, 9, 0, 0, 0, 0]  // option length 9 in an 8-byte header
        XCTAssertEqual(dissectOther(FrameBuilder.ipv6(nextHeader: 0, payload: overrun + tcp), linkType: .raw),
                       .malformed(.hopByHopOptionOverrun(optionType: 0xC2), offset: 40))
    }

    /// BIG TCP without a jumbo option: payload length 0, the length comes from the frame.
    func testBigTCPWithoutJumbo() throws {
        let payload = FrameBuilder.tcp(payload: Array(repeating: 1, count: 70_000))
        let packet = FrameBuilder.ipv6(payloadLength: 0, payload: payload)
        let summary = try XCTUnwrap(dissectTCP(packet, linkType: .raw))
        XCTAssertEqual(summary.lengthSource, .frame)
        XCTAssertEqual(summary.declaredLength, payload.count)
        XCTAssertEqual(summary.bytes.count, payload.count)
    }

    func testMalformedHeaders() {
        let packet = FrameBuilder.ipv6(payload: tcp)
        XCTAssertEqual(dissectOther(Array(packet.prefix(39)), linkType: .raw),
                       .malformed(.truncatedIPHeader(needed: 40, available: 39), offset: 0))
        let chain = FrameBuilder.ipv6(nextHeader: 60, payload: FrameBuilder.extensionHeader(next: 6, body: padding6))
        XCTAssertEqual(dissectOther(Array(chain.prefix(44)), linkType: .raw),
                       .malformed(.truncatedIPHeader(needed: 8, available: 4), offset: 40))
        let long = FrameBuilder.ipv6(nextHeader: 60, payload: [6, 3] + [UInt8](repeating: 0, count: 14))
        XCTAssertEqual(dissectOther(long, linkType: .raw),
                       .malformed(.truncatedIPHeader(needed: 32, available: 16), offset: 40))
        let lying = FrameBuilder.ipv6(nextHeader: 60, payloadLength: 4,
                                      payload: FrameBuilder.extensionHeader(next: 6, body: padding6) + tcp)
        XCTAssertEqual(dissectOther(lying, linkType: .raw),
                       .malformed(.extensionHeadersExceedPayload(extensionLength: 8, payloadLength: 4), offset: 0))
    }
}
