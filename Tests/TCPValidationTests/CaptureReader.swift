import Foundation
import TCPCodec
@testable import TCPValidation

/// One TCP segment read from a capture: time, addresses and the segment bytes (IP payload, padding cut off).
struct CapturedSegment {
    var time: UInt64
    var source: TCPAddress
    var destination: TCPAddress
    var bytes: [UInt8]
    /// The payload length on the wire (from the IP length), which a snapshot length may have cut.
    var payloadLength: Int
}

/// A minimal pcap reader for the fixtures: Ethernet or Linux cooked links, IPv4 and IPv6 (no extension headers).
enum CaptureReader {
    /// The repository's `Captures` folder.
    static var capturesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Captures")
    }

    static func read(_ name: String) throws -> [CapturedSegment] {
        let data = [UInt8](try Data(contentsOf: capturesDirectory.appendingPathComponent(name)))
        return try parse(data)
    }

    /// This test target's own fixtures (Tests/TCPValidationTests/Fixtures, recorded by its record.sh).
    static func readFixture(_ name: String) throws -> [CapturedSegment] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
            .appendingPathComponent(name)
        return try parse([UInt8](try Data(contentsOf: url)))
    }

    struct Malformed: Error {}

    static func parse(_ data: [UInt8]) throws -> [CapturedSegment] {
        guard data.count >= 24 else { throw Malformed() }
        func u32le(_ at: Int) -> UInt32 {
            UInt32(data[at]) | UInt32(data[at + 1]) << 8 | UInt32(data[at + 2]) << 16 | UInt32(data[at + 3]) << 24
        }
        let magic = u32le(0)
        let nanoseconds: Bool
        switch magic {
        case 0xA1B2_C3D4: nanoseconds = false
        case 0xA1B2_3C4D: nanoseconds = true
        default: throw Malformed()
        }
        let linkType = u32le(20)
        var offset = 24
        var segments = [CapturedSegment]()
        while offset + 16 <= data.count {
            let seconds = UInt64(u32le(offset))
            let fraction = UInt64(u32le(offset + 4))
            let length = Int(u32le(offset + 8))
            offset += 16
            guard offset + length <= data.count else { throw Malformed() }
            let frame = Array(data[offset..<offset + length])
            offset += length
            let time = seconds * 1_000_000_000 + (nanoseconds ? fraction : fraction * 1000)
            var ip: Int
            var etherType: Int
            guard frame.count >= 18 else { continue }
            switch linkType {
            case 1:
                ip = 14
                etherType = Int(frame[12]) << 8 | Int(frame[13])
                if etherType == 0x8100 {
                    etherType = Int(frame[16]) << 8 | Int(frame[17])
                    ip = 18
                }
            case 113:
                ip = 16
                etherType = Int(frame[14]) << 8 | Int(frame[15])
            default:
                throw Malformed()
            }
            if etherType == 0x0800 {
                guard frame.count >= ip + 20 else { continue }
                let headerLength = Int(frame[ip] & 0x0F) * 4
                let total = Int(frame[ip + 2]) << 8 | Int(frame[ip + 3])
                guard frame[ip + 9] == 6, total >= headerLength + 20, frame.count >= ip + headerLength + 20 else {
                    continue
                }
                let source = TCPAddress(bytes: frame[(ip + 12)..<(ip + 16)])!
                let destination = TCPAddress(bytes: frame[(ip + 16)..<(ip + 20)])!
                let bytes = Array(frame[(ip + headerLength)..<min(ip + total, frame.count)])
                segments.append(CapturedSegment(
                    time: time, source: source, destination: destination, bytes: bytes,
                    payloadLength: total - headerLength - Int(bytes[12] >> 4) * 4))
            } else if etherType == 0x86DD {
                guard frame.count >= ip + 60 else { continue }
                let payloadLength = Int(frame[ip + 4]) << 8 | Int(frame[ip + 5])
                guard frame[ip + 6] == 6, payloadLength >= 20 else { continue }
                let source = TCPAddress(bytes: frame[(ip + 8)..<(ip + 24)])!
                let destination = TCPAddress(bytes: frame[(ip + 24)..<(ip + 40)])!
                let bytes = Array(frame[(ip + 40)..<min(ip + 40 + payloadLength, frame.count)])
                segments.append(CapturedSegment(
                    time: time, source: source, destination: destination, bytes: bytes,
                    payloadLength: payloadLength - Int(bytes[12] >> 4) * 4))
            }
        }
        return segments
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
