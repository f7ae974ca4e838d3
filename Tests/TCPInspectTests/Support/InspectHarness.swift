import CaptureTestSupport
import Foundation
import PacketCapture
import TCPCodec
import TCPInspectCore

/// Runs the inspector over capture bytes written to a temporary file.
enum InspectHarness {
    /// What one run produced.
    struct Run {
        var output: String
        var statistics: InspectStatistics?
        var error: InspectError?
        /// The sentences the command prints on standard error at the end (``Inspector/closingNotes``).
        var notes: [String] = []

        /// The output's lines.
        var lines: [String] { output.split(separator: "\n").map(String.init) }
    }

    /// Writes `bytes` to a temporary file and inspects it.
    static func run(_ bytes: [UInt8], configuration: InspectConfiguration = InspectConfiguration(),
                    name: String = "test.pcap") throws -> Run {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tcp-inspect-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return run(path: file.path, configuration: configuration, displayName: name)
    }

    /// Inspects a file.
    static func run(path: String, configuration: InspectConfiguration = InspectConfiguration(),
                    displayName: String? = nil) -> Run {
        let output = OutputBuffer(destination: .memory)
        let inspector = Inspector(configuration: configuration, output: output)
        do {
            let statistics = try inspector.run(path: path, displayName: displayName)
            return Run(output: output.text, statistics: statistics, error: nil, notes: inspector.closingNotes)
        } catch {
            return Run(output: output.text, statistics: nil, error: error)
        }
    }

    /// A TCP header with options and payload and a correct checksum for 192.0.2.1 -> 198.51.100.2 (IPv4) or
    /// 2001:db8::1 -> 2001:db8::2 (IPv6).
    static func segment(
        flags: UInt16 = 0x002, sequence: UInt32 = 1000, acknowledgment: UInt32 = 0, options: [UInt8] = [],
        payload: [UInt8] = [], ipv6: Bool = false, dataOffset: UInt8? = nil, validChecksum: Bool = true,
        sourcePort: UInt16 = 47001, destinationPort: UInt16 = 80
    ) -> [UInt8] {
        precondition(options.count % 4 == 0)
        let offset = dataOffset ?? UInt8(5 + options.count / 4)
        var bytes = FrameBuilder.be16(sourcePort) + FrameBuilder.be16(destinationPort)  // ports
            + FrameBuilder.be32(sequence) + FrameBuilder.be32(acknowledgment)
            + [offset << 4 | UInt8(flags >> 8), UInt8(flags & 0xFF)]  // data offset, flags
            + FrameBuilder.be16(64_240)  // window
            + [0, 0]  // checksum, filled in below
            + [0, 0]  // urgent pointer
            + options + payload
        let pseudoHeader = ipv6
            ? try! FrameBuilder.ipv6Source.withUnsafeBytes { source in
                try FrameBuilder.ipv6Destination.withUnsafeBytes { destination in
                    try TCPPseudoHeader(source: source, destination: destination)
                }
            }
            : TCPPseudoHeader(ipv4Source: 0xC000_0201, destination: 0xC633_6402)
        bytes.withUnsafeMutableBytes { raw in
            _ = TCPChecksum.fill(segment: raw, pseudoHeader: pseudoHeader)
            if !validChecksum {
                raw[17] ^= 0xFF
            }
        }
        return bytes
    }

    /// A pcap file of Ethernet frames, one per IPv4 TCP segment.
    static func ethernetPcap(_ segments: [[UInt8]], seconds: [UInt32]? = nil) -> [UInt8] {
        var pcap = PcapBuilder()
        for (index, tcp) in segments.enumerated() {
            pcap.record(seconds: seconds?[index] ?? 1_700_000_000, fraction: UInt32(index % 1_000_000),
                        FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(payload: tcp)))
        }
        return pcap.bytes
    }
}
