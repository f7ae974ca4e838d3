import Foundation
import PacketCapture
import TCPCodec
import XCTest

@testable import TCPValidation

/// One TCP segment read from a capture: time, addresses and the segment bytes (IP payload, padding cut off).
struct CapturedSegment {
    var time: UInt64
    var source: IPAddress
    var destination: IPAddress
    var bytes: [UInt8]
    /// The payload length on the wire (from the IP length), which a snapshot length may have cut.
    var payloadLength: Int
}

/// The captures of the package's `Captures` folder, read with `PacketCapture`, and the observer run over them.
enum RecordedTraffic {
    /// The package's `Captures` folder, found from this file's path.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TCPValidationTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("Captures")

    /// The TCP segments of a capture, in frame order; frames without a whole fixed TCP header are skipped.
    ///
    /// - Parameter name: the file's path inside `Captures`, e.g. `linux-session-ipv4.pcap` or `tcpdump/ssh.pcap`.
    static func read(_ name: String) throws -> [CapturedSegment] {
        let reader = try CaptureReader(path: directory.appendingPathComponent(name).path)
        var segments: [CapturedSegment] = []
        while let record = try reader.nextRecord() {
            guard case .tcp(let segment) = record.dissect(), segment.bytes.count >= 20 else { continue }
            let timestamp = try XCTUnwrap(record.timestamp, "\(name) frame \(record.frameNumber)")
            let headerLength = Int(segment.bytes[12] >> 4) * 4
            segments.append(CapturedSegment(
                time: UInt64(timestamp.seconds) * 1_000_000_000 + timestamp.nanoseconds,
                source: try address(segment.source), destination: try address(segment.destination),
                bytes: Array(segment.bytes), payloadLength: segment.declaredLength - headerLength))
        }
        return segments
    }

    /// The observer's form of a dissected address.
    static func address(_ address: IPAddress) throws -> IPAddress {
        try XCTUnwrap(address.withUnsafeBytes { IPAddress(bytes: $0) }, "\(address)")
    }

    /// Runs an observer over segments; returns each segment's observation and the observer.
    static func observe(
        _ segments: [CapturedSegment], configuration: TCPFlowObserver.Configuration = .init()
    ) throws -> ([TCPObservation], TCPFlowObserver) {
        var observer = TCPFlowObserver(configuration: configuration)
        var observations = [TCPObservation]()
        for segment in segments {
            let observation = try segment.bytes.withUnsafeBytes { raw in
                observer.observe(try TCPSegmentView(lenient: raw), from: segment.source, to: segment.destination,
                                 at: segment.time, payloadLength: segment.payloadLength)
            }
            observations.append(observation)
        }
        return (observations, observer)
    }
}
