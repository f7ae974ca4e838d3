import CaptureTestSupport
import PacketCapture
import TCPCodec
import XCTest

/// Inner packets with correct TCP checksums, outer headers around them, and what a test compares of a tunnelled
/// segment.
enum TunnelFixtures {
    /// The inner IPv4 addresses: 10.0.0.1 -> 10.0.0.2.
    static let innerSource: UInt32 = 0x0A00_0001
    static let innerDestination: UInt32 = 0x0A00_0002
    /// The outer IPv4 addresses: 203.0.113.1 -> 203.0.113.2.
    static let outerSource: UInt32 = 0xCB00_7101
    static let outerDestination: UInt32 = 0xCB00_7102

    /// A TCP segment with 3 payload bytes and a correct checksum for the inner addresses.
    static func tcp(ipv6: Bool = false, sourcePort: UInt16 = 40_000, destinationPort: UInt16 = 443) -> [UInt8] {
        var segment = FrameBuilder.tcp(sourcePort: sourcePort, destinationPort: destinationPort, payload: [1, 2, 3])
        let pseudoHeader = ipv6
            ? try! TCPPseudoHeader(
                source: IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1),
                destination: IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 2))
            : TCPPseudoHeader(ipv4Source: innerSource, destination: innerDestination)
        segment.withUnsafeMutableBytes { _ = TCPChecksum.fill(segment: $0, pseudoHeader: pseudoHeader) }
        return segment
    }

    /// The inner IPv4 packet (10.0.0.1 -> 10.0.0.2) or IPv6 packet (2001:db8::1 -> 2001:db8::2) around `tcp`.
    static func innerPacket(ipv6: Bool = false, sourcePort: UInt16 = 40_000) -> [UInt8] {
        let segment = tcp(ipv6: ipv6, sourcePort: sourcePort)
        return ipv6
            ? FrameBuilder.ipv6(payload: segment)
            : FrameBuilder.ipv4(source: innerSource, destination: innerDestination, payload: segment)
    }

    /// An inner Ethernet frame around `innerPacket`.
    static func innerFrame(ipv6: Bool = false, tags: [(UInt16, UInt16)] = [], sourcePort: UInt16 = 40_000)
        -> [UInt8] {
        FrameBuilder.ethernet(
            etherType: ipv6 ? 0x86DD : 0x0800, tags: tags, payload: innerPacket(ipv6: ipv6, sourcePort: sourcePort))
    }

    /// An outer Ethernet frame with IPv4 (203.0.113.1 -> 203.0.113.2) carrying `payload` as `protocolNumber`.
    static func outerIPv4(protocolNumber: UInt8, source: UInt32 = outerSource, destination: UInt32 = outerDestination,
                          payload: [UInt8]) -> [UInt8] {
        FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(
            source: source, destination: destination, protocolNumber: protocolNumber, payload: payload))
    }

    /// An outer Ethernet frame with IPv4 and UDP to `port`.
    static func outerUDP(port: UInt16, source: UInt32 = outerSource, destination: UInt32 = outerDestination,
                         payload: [UInt8]) -> [UInt8] {
        outerIPv4(protocolNumber: 17, source: source, destination: destination,
                  payload: FrameBuilder.udp(destinationPort: port, payload: payload))
    }
}

/// What a test compares of a tunnelled segment.
struct TunnelledSegment {
    var summary: TCPSummary
    var layers: [EncapsulationLayer]
    var encapsulationCount: Int
    var tunnelIdentity: UInt64
    var vlanTags: [UInt16]
    var sourcePort: UInt16?
    var destinationPort: UInt16?
    var checksumVerifies: Bool?
}

/// Dissects `frame` and returns the tunnelled segment, or fails.
func dissectTunnelled(_ frame: [UInt8], linkType: LinkType = .ethernet, file: StaticString = #filePath,
                      line: UInt = #line) -> TunnelledSegment? {
    frame.withUnsafeBytes { raw in
        let result = PacketDissector.dissect(raw, linkType: linkType)
        guard case .tcp(let segment) = result else {
            XCTFail("expected TCP, got \(result)", file: file, line: line)
            return nil
        }
        let view = try? TCPSegmentView(segment.bytes)
        return TunnelledSegment(
            summary: TCPSummary(segment), layers: segment.encapsulation.layers,
            encapsulationCount: segment.encapsulation.count, tunnelIdentity: segment.tunnelIdentity,
            vlanTags: segment.vlanTags.identifiers, sourcePort: view?.sourcePort,
            destinationPort: view?.destinationPort,
            checksumVerifies: segment.verifyChecksum())
    }
}

/// Feeds every prefix of `frame` to the dissector: none traps; a prefix that ends before the inner TCP header is
/// not TCP, a longer one is a truncated segment, and only the whole frame is a whole segment.
func assertDripFeed(_ frame: [UInt8], linkType: LinkType = .ethernet, file: StaticString = #filePath,
                    line: UInt = #line) {
    guard let whole = dissectTunnelled(frame, linkType: linkType, file: file, line: line) else { return }
    for length in 0 ..< frame.count {
        let prefix = Array(frame.prefix(length))
        prefix.withUnsafeBytes { raw in
            let result = PacketDissector.dissect(raw, linkType: linkType, originalLength: frame.count)
            switch result {
            case .tcp(let segment):
                XCTAssertGreaterThanOrEqual(length, whole.summary.tcpOffset, "prefix \(length)", file: file, line: line)
                XCTAssertTrue(segment.isTruncated, "prefix \(length)", file: file, line: line)
            case .notTCP, .malformed:
                XCTAssertLessThan(
                    length, whole.summary.tcpOffset, "prefix \(length): \(result)", file: file, line: line)
            }
        }
    }
}
