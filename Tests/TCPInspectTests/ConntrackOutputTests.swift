import CaptureTestSupport
import Foundation
import PacketCapture
import TCPCodec
import TCPInspectCore
import XCTest

/// What Linux's conntrack would decide of each segment, in every view: the segment's mark (text) and member
/// (JSON), the flow's count of INVALID segments, and the summary's counts.
final class ConntrackOutputTests: XCTestCase {
    /// The JSON objects of a run, one per line.
    static func objects(_ run: InspectHarness.Run) throws -> [[String: Any]] {
        try run.lines.map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
        }
    }

    /// Frame number -> conntrack's check and whether it is INVALID, for the segments whose check is not `ok`.
    static func checksByFrame(_ objects: [[String: Any]]) throws -> [Int: (check: String, invalid: Bool)] {
        var checks: [Int: (check: String, invalid: Bool)] = [:]
        for object in objects {
            guard let conntrack = object["conntrack"] as? [String: Any] else { continue }
            let frame = try XCTUnwrap(object["frame"] as? Int)
            checks[frame] = (
                try XCTUnwrap(conntrack["check"] as? String), try XCTUnwrap(conntrack["invalid"] as? Bool)
            )
        }
        return checks
    }

    func testEveryViewShowsConntracksVerdicts() throws {
        let path = FixturePaths.captures.appendingPathComponent("linux-oracle.pcap").path
        let json = InspectHarness.run(path: path, configuration: InspectConfiguration(json: true))
        let checks = try Self.checksByFrame(Self.objects(json))
        // Frames whose verdicts `ConntrackOracleTests` and the oracle's kernel log settle: an acknowledgment of
        // data never sent (INVALID), one too far back (let through, state unchanged).
        XCTAssertEqual(checks[105]?.check, "ack-over-upper-bound")
        XCTAssertEqual(checks[105]?.invalid, true)
        XCTAssertEqual(checks[52]?.check, "ack-under-lower-bound")
        XCTAssertEqual(checks[52]?.invalid, false)
        XCTAssertNil(checks[1], "a SYN that opens a connection passes")

        let text = InspectHarness.run(path: path)
        let marked = text.lines.filter { $0.contains(" [conntrack: ") }
        XCTAssertEqual(marked.count, checks.count)
        for line in marked {
            let frame = try XCTUnwrap(line.split(separator: " ").first.flatMap { Int($0) }, line)
            let check = try XCTUnwrap(checks[frame], line)
            XCTAssertTrue(
                line.hasSuffix(" [conntrack: \(check.check)\(check.invalid ? " (invalid)" : "")]"), line)
        }

        // The summary counts what the segments say.
        let summary = InspectHarness.run(path: path, configuration: InspectConfiguration(view: .summary, json: true))
        let object = try XCTUnwrap(Self.objects(summary).first)
        let conntrack = try XCTUnwrap(object["conntrack"] as? [String: Any])
        let invalid = checks.values.filter(\.invalid).count
        XCTAssertGreaterThan(invalid, 0)
        XCTAssertEqual(conntrack["invalid"] as? Int, invalid)
        let counted = Dictionary(grouping: checks.values, by: \.check).mapValues(\.count)
        XCTAssertEqual(conntrack["checks"] as? [String: Int], counted)
        XCTAssertEqual(summary.statistics?.conntrackInvalid, UInt64(invalid))
        let summaryText = InspectHarness.run(path: path, configuration: InspectConfiguration(view: .summary))
        XCTAssertTrue(summaryText.lines.contains("conntrack invalid     \(invalid)"), summaryText.output)
        XCTAssertTrue(
            summaryText.lines.contains("  ack-over-upper-bound \(counted["ack-over-upper-bound"] ?? 0) (invalid)"))
        XCTAssertTrue(summaryText.lines.contains("  ignored             \(counted["ignored"] ?? 0) (let through)"))

        // The flows view: each flow's INVALID segments, the first one's frame among them.
        let flows = try Self.objects(
            InspectHarness.run(path: path, configuration: InspectConfiguration(view: .flows, json: true)))
        var total = 0
        for flow in flows {
            let count = try XCTUnwrap(flow["conntrack_invalid"] as? Int)
            total += count
            if count > 0 {
                let first = try XCTUnwrap(flow["conntrack_first_invalid"] as? Int)
                XCTAssertEqual(checks[first]?.invalid, true, "flow \(flow["id"] ?? "?")")
            } else {
                XCTAssertNil(flow["conntrack_first_invalid"])
            }
        }
        XCTAssertEqual(total, invalid)
        let flowText = InspectHarness.run(path: path, configuration: InspectConfiguration(view: .flows))
        XCTAssertTrue(flowText.lines.contains("  conntrack: 1 segment invalid (frame 105)"), flowText.output)
    }

    func testACleanSessionHasNoConntrackMark() throws {
        let path = FixturePaths.captures.appendingPathComponent("linux-session-ipv4.pcap").path
        let json = InspectHarness.run(path: path, configuration: InspectConfiguration(json: true))
        XCTAssertFalse(json.lines.isEmpty)
        XCTAssertTrue(try Self.checksByFrame(Self.objects(json)).isEmpty)
        XCTAssertFalse(InspectHarness.run(path: path).output.contains("[conntrack:"))
        let summary = try XCTUnwrap(Self.objects(
            InspectHarness.run(path: path, configuration: InspectConfiguration(view: .summary, json: true))).first)
        let conntrack = try XCTUnwrap(summary["conntrack"] as? [String: Any])
        XCTAssertEqual(conntrack["invalid"] as? Int, 0)
        XCTAssertEqual(conntrack["checks"] as? [String: Int], [:])
        let flows = try Self.objects(
            InspectHarness.run(path: path, configuration: InspectConfiguration(view: .flows, json: true)))
        XCTAssertFalse(flows.isEmpty)
        XCTAssertTrue(flows.allSatisfy { $0["conntrack_invalid"] as? Int == 0 })
        XCTAssertFalse(
            InspectHarness.run(path: path, configuration: InspectConfiguration(view: .flows)).output
                .contains("conntrack:"))
    }

    /// Without the validator there is no verdict: no mark, and nothing counted.
    func testNoValidationNoVerdict() throws {
        let path = FixturePaths.captures.appendingPathComponent("linux-oracle.pcap").path
        let run = InspectHarness.run(path: path, configuration: InspectConfiguration(json: true, validates: false))
        XCTAssertTrue(try Self.checksByFrame(Self.objects(run)).isEmpty)
        XCTAssertEqual(run.statistics?.conntrackInvalid, 0)
        XCTAssertEqual(run.statistics?.conntrack, [:])
    }

    /// The router of `Captures/record-conntrack-oracle.sh` dropped what its conntrack found INVALID: a capture of
    /// what reached the router, both directions merged in time order, must have `"invalid": true` on exactly the
    /// segments that did not come out on the other side.
    func testInvalidMarksWhatTheLinuxRouterDropped() throws {
        let prober = IPAddress(ipv4: 0xC000_0201)  // 192.0.2.1
        let server = IPAddress(ipv4: 0xC633_6402)  // 198.51.100.2
        struct Frame {
            var time: UInt64
            var bytes: [UInt8]
            var tcp: [UInt8]
            var source: IPAddress
        }
        func frames(_ name: String) throws -> [Frame] {
            let reader = try CaptureReader(path: FixturePaths.captures.appendingPathComponent(name).path)
            var frames: [Frame] = []
            while let record = try reader.nextRecord() {
                guard case .tcp(let segment) = record.dissect() else { continue }
                let timestamp = try XCTUnwrap(record.timestamp)
                let source = try XCTUnwrap(segment.source.withUnsafeBytes { IPAddress(bytes: $0) })
                frames.append(Frame(
                    time: UInt64(timestamp.seconds) * 1_000_000_000 + timestamp.nanoseconds,
                    bytes: Array(record.bytes), tcp: Array(segment.bytes.prefix(segment.declaredLength)),
                    source: source))
            }
            return frames
        }
        let clientSide = try frames("conntrack-oracle-client.pcap")
        let serverSide = try frames("conntrack-oracle-server.pcap")
        let arrived = (clientSide.filter { $0.source == prober } + serverSide.filter { $0.source == server })
            .enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        // The router changes the IP header only: a forwarded segment has the same TCP bytes.
        var left: [[UInt8]: Int] = [:]
        for frame in clientSide.filter({ $0.source == server }) + serverSide.filter({ $0.source == prober }) {
            left[frame.tcp, default: 0] += 1
        }
        var pcap = PcapBuilder(nanosecond: true)
        for frame in arrived {
            pcap.record(
                seconds: UInt32(frame.time / 1_000_000_000), fraction: UInt32(frame.time % 1_000_000_000), frame.bytes)
        }
        let run = try InspectHarness.run(pcap.bytes, configuration: InspectConfiguration(json: true))
        let objects = try Self.objects(run)
        XCTAssertEqual(objects.count, arrived.count)
        let checks = try Self.checksByFrame(objects)
        var dropped = 0
        var disagreements: [String] = []
        for (index, frame) in arrived.enumerated() {
            let forwarded = (left[frame.tcp] ?? 0) > 0
            if forwarded { left[frame.tcp]! -= 1 } else { dropped += 1 }
            let invalid = checks[index + 1]?.invalid ?? false
            if invalid == forwarded {
                disagreements.append(
                    "frame \(index + 1): \(checks[index + 1]?.check ?? "ok"), forwarded \(forwarded)")
            }
        }
        XCTAssertEqual(disagreements, [])
        // What the recording holds: drops, and segments let through unchecked or ignored.
        XCTAssertGreaterThan(dropped, 20)
        XCTAssertGreaterThan(checks.values.filter { !$0.invalid }.count, 10)
    }
}
