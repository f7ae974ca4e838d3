import CaptureTestSupport
import PacketCapture
import TCPCodec
import XCTest

/// IPv4 (RFC 791) header handling in `PacketDissector`.
final class IPv4DissectionTests: XCTestCase {
    private let tcp = FrameBuilder.tcp(payload: Array(repeating: 0x41, count: 10))

    func testOptions() throws {
        for words in 1...10 {
            let options = [UInt8](repeating: 1, count: 4 * words)  // NOPs
            let packet = FrameBuilder.ipv4(options: options, payload: tcp)
            let summary = try XCTUnwrap(dissectTCP(packet, linkType: .raw))
            XCTAssertEqual(summary.tcpOffset, 20 + 4 * words)
            XCTAssertEqual(summary.bytes, tcp)
            XCTAssertEqual(summary.declaredLength, tcp.count)
        }
    }

    func testHeaderProblems() {
        var packet = FrameBuilder.ipv4(payload: tcp)
        packet[0] = 0x44  // IHL 4
        XCTAssertEqual(dissectOther(packet, linkType: .raw), .malformed(.ipv4HeaderLengthTooSmall(4), offset: 0))
        packet[0] = 0x4F  // IHL 15: 60 bytes of header
        XCTAssertEqual(dissectOther(Array(packet.prefix(40)), linkType: .raw),
                       .malformed(.truncatedIPHeader(needed: 60, available: 40), offset: 0))
        XCTAssertEqual(dissectOther(Array(packet.prefix(19)), linkType: .raw),
                       .malformed(.truncatedIPHeader(needed: 20, available: 19), offset: 0))
        let short = FrameBuilder.ipv4(totalLength: 12, payload: tcp)
        XCTAssertEqual(dissectOther(short, linkType: .raw),
                       .malformed(.ipv4TotalLengthTooSmall(totalLength: 12, headerLength: 20), offset: 0))
    }

    func testOtherProtocol() {
        let udp = FrameBuilder.ipv4(protocolNumber: 17, payload: [0, 53, 0, 53, 0, 8, 0, 0])
        XCTAssertEqual(dissectOther(udp, linkType: .raw), .notTCP(.ipProtocol(version: .v4, protocolNumber: 17)))
    }

    /// A capture cut inside the segment: the declared length is kept, the bytes are what was captured.
    func testTruncatedCapture() throws {
        let packet = FrameBuilder.ipv4(payload: tcp)
        let summary = try XCTUnwrap(dissectTCP(Array(packet.prefix(30)), linkType: .raw))
        XCTAssertEqual(summary.bytes.count, 10)
        XCTAssertEqual(summary.declaredLength, tcp.count)
        XCTAssertTrue(summary.isTruncated)
    }

    func testFragments() throws {
        let first = FrameBuilder.ipv4(fragmentField: 0x2000, payload: tcp)  // MF, offset 0
        let summary = try XCTUnwrap(dissectTCP(first, linkType: .raw))
        XCTAssertTrue(summary.isFirstFragment)
        XCTAssertEqual(summary.bytes, tcp)

        let later = FrameBuilder.ipv4(fragmentField: 0x2000 | 185, payload: tcp)  // MF, offset 185 * 8
        XCTAssertEqual(dissectOther(later, linkType: .raw),
                       .notTCP(.nonFirstFragment(version: .v4, fragmentOffset: 1480)))
        let last = FrameBuilder.ipv4(fragmentField: 3, payload: tcp)  // no MF, offset 24
        XCTAssertEqual(dissectOther(last, linkType: .raw), .notTCP(.nonFirstFragment(version: .v4, fragmentOffset: 24)))
        let unfragmented = FrameBuilder.ipv4(fragmentField: 0x4000, payload: tcp)  // DF
        XCTAssertFalse(try XCTUnwrap(dissectTCP(unfragmented, linkType: .raw)).isFirstFragment)
    }

    /// Total length 0 (TCP segmentation offload): the length comes from the frame on the wire.
    func testSegmentationOffload() throws {
        let payload = FrameBuilder.tcp(payload: Array(repeating: 7, count: 3000))
        let packet = FrameBuilder.ipv4(totalLength: 0, payload: payload)
        let frame = FrameBuilder.ethernet(etherType: 0x0800, payload: packet)
        let whole = try XCTUnwrap(dissectTCP(frame, linkType: .ethernet))
        XCTAssertEqual(whole.lengthSource, .frame)
        XCTAssertEqual(whole.declaredLength, payload.count)
        XCTAssertEqual(whole.bytes.count, payload.count)

        // Captured with a snap length of 100: the original length still gives the segment's size.
        let cut = try XCTUnwrap(dissectTCP(Array(frame.prefix(100)), linkType: .ethernet, originalLength: frame.count))
        XCTAssertEqual(cut.declaredLength, payload.count)
        XCTAssertEqual(cut.bytes.count, 100 - 34)
        XCTAssertTrue(cut.isTruncated)
    }

    func testPseudoHeader() throws {
        let packet = FrameBuilder.ipv4(payload: tcp)
        try packet.withUnsafeBytes { raw in
            guard case .tcp(let segment) = PacketDissector.dissect(raw, linkType: .raw) else {
                return XCTFail("not TCP")
            }
            let pseudo = try XCTUnwrap(segment.pseudoHeader)
            XCTAssertEqual(segment.pseudoHeaderAddressing, .ipHeader)
            XCTAssertEqual(pseudo.family, .ipv4)
            pseudo.withSourceAddress { XCTAssertEqual(Array($0), [192, 0, 2, 1]) }
            pseudo.withDestinationAddress { XCTAssertEqual(Array($0), [198, 51, 100, 2]) }
            XCTAssertEqual(pseudo.sum(tcpLength: segment.declaredLength), 0xC000 + 0x0201 + 0xC633 + 0x6402 + 6 + 30)
            _ = try XCTUnwrap(segment.source.ipv4Value)
        }
    }
}
