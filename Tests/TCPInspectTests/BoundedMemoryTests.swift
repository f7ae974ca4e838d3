import CaptureTestSupport
import Foundation
import PacketCapture
import TCPValidation
@testable import TCPInspectCore
import XCTest

/// What keeps tcp-inspect's memory bounded by its tables, never by the capture: flows that end make room and are
/// reported once, a flow's log is fixed in size, the relative sequence table and the flow count are bounded, and
/// each says when exactness was traded for room.
final class BoundedMemoryTests: XCTestCase {
    private func objects(_ run: InspectHarness.Run) throws -> [[String: Any]] {
        try run.lines.map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// 100 SYNs from 100 ports into a judge that holds 8 flows: every flow is reported once, the flows that made
    /// room are counted and named in a closing note, and the summary counts the same flows.
    func testAFloodLargerThanTheTablesIsReportedFlowByFlow() throws {
        let syns = (0 ..< 100).map { InspectHarness.segment(flags: 0x002, sourcePort: 20000 + UInt16($0)) }
        let capture = InspectHarness.ethernetPcap(syns)
        let configuration = InspectConfiguration(view: .flows, json: true, flowCapacity: 8)
        let output = OutputBuffer(destination: .memory)
        let inspector = Inspector(configuration: configuration, output: output)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("flood-\(UUID().uuidString).pcap")
        try Data(capture).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let statistics = try inspector.run(path: file.path)
        let flows = try objects(InspectHarness.Run(output: output.text, statistics: statistics, error: nil))
        XCTAssertEqual(flows.count, 100)
        XCTAssertEqual(Set(flows.compactMap { $0["id"] as? Int }).count, 100, "each flow is reported once")
        XCTAssertEqual(Set(flows.compactMap { $0["client"] as? String }).count, 100)
        XCTAssertEqual(statistics.flows, 100)
        XCTAssertEqual(statistics.flowsEndedForRoom, 92, "all but the 8 held at the end made room")
        XCTAssertTrue(inspector.closingNotes.contains { $0.hasPrefix("92 flows ended early to make room") },
                      "\(inspector.closingNotes)")
        let summary = try InspectHarness.run(
            capture, configuration: InspectConfiguration(view: .summary, json: true, flowCapacity: 8))
        let counts = try XCTUnwrap(try objects(summary).first)
        XCTAssertEqual(counts["flows"] as? Int, 100)
        XCTAssertEqual(counts["flows_ended_for_room"] as? Int, 92)
        // Below the capacity nothing is said.
        let roomy = try InspectHarness.run(capture, configuration: InspectConfiguration(view: .summary, json: true))
        XCTAssertNil(try XCTUnwrap(try objects(roomy).first)["flows_ended_for_room"])
    }

    /// Segments of no tracked flow (lone RSTs from many ports) are flows of their own in a bounded table too.
    func testStrayFlowsAreBoundedAndReportedOnce() throws {
        let resets = (0 ..< 50).map {
            InspectHarness.segment(flags: 0x004, sequence: 7, sourcePort: 30000 + UInt16($0))
        }
        let capture = InspectHarness.ethernetPcap(resets + resets.prefix(1))
        let run = try InspectHarness.run(
            capture, configuration: InspectConfiguration(view: .flows, json: true, flowCapacity: 4))
        let flows = try objects(run)
        XCTAssertEqual(flows.count, run.statistics.map { Int($0.flows) })
        XCTAssertEqual(Set(flows.compactMap { $0["id"] as? Int }).count, flows.count)
        // 50 stray flows, and the first reset again after its flow made room: a flow of its own.
        XCTAssertEqual(flows.count, 51)
        let frames = flows.map { ($0["frames"] as? [String: Int])?["count"] ?? 0 }
        XCTAssertEqual(frames.reduce(0, +), 51, "every frame is in exactly one flow")
    }

    /// One flow with more anomalies than its log lists: 64 are listed with their frames, the rest counted, and the
    /// counts by severity cover all of them.
    func testALongFlowKeepsAFixedSizeLog() throws {
        var segments = [InspectHarness.segment(flags: 0x002)]
        // SYN+FIN again and again: a refused flag combination on every one.
        for index in 0 ..< 100 {
            segments.append(InspectHarness.segment(flags: 0x003, sequence: 1000 + UInt32(index)))
        }
        let run = try InspectHarness.run(
            InspectHarness.ethernetPcap(segments), configuration: InspectConfiguration(view: .flows, json: true))
        let flows = try objects(run)
        let total = flows.reduce(0) { sum, flow in
            sum + ((flow["severities"] as? [String: Int]) ?? [:]).values.reduce(0, +)
        }
        let listed = flows.reduce(0) { $0 + (($1["anomalies"] as? [Any])?.count ?? 0) }
        let unlisted = flows.reduce(0) { $0 + ($1["unlisted_anomalies"] as? Int ?? 0) }
        XCTAssertGreaterThanOrEqual(listed + unlisted, 100, run.output)
        for flow in flows {
            XCTAssertLessThanOrEqual((flow["anomalies"] as? [Any])?.count ?? 0, FlowJudge.FlowLog.listedAnomalyLimit)
            XCTAssertNil((flow["frames"] as? [String: Any])?["list"], "no frame list unless asked for")
        }
        XCTAssertGreaterThan(unlisted, 0, run.output)
        XCTAssertGreaterThanOrEqual(total, listed + unlisted, "severity counts include the unlisted anomalies")
        let text = try InspectHarness.run(
            InspectHarness.ethernetPcap(segments), configuration: InspectConfiguration(view: .flows))
        XCTAssertTrue(text.output.contains(" more\n"), text.output)
    }

    /// A closed flow ends two minutes (capture time) after it closed: a later segment of its 4-tuple is a new flow,
    /// in every view alike.
    func testClosedFlowsExpireInCaptureTime() throws {
        let segments = [
            InspectHarness.segment(flags: 0x002, sequence: 1000),
            InspectHarness.segment(flags: 0x004, sequence: 1001),  // RST: the flow is closed
            InspectHarness.segment(flags: 0x002, sequence: 5000, sourcePort: 40000),  // another flow, later on
            InspectHarness.segment(flags: 0x010, sequence: 1001, acknowledgment: 9, sourcePort: 47001),
        ]
        let start: UInt32 = 1_700_000_000
        let late = InspectHarness.ethernetPcap(segments, seconds: [start, start, start + 300, start + 301])
        let early = InspectHarness.ethernetPcap(segments, seconds: [start, start, start + 1, start + 2])
        let lateFlows = try InspectHarness.run(late, configuration: InspectConfiguration(view: .flows, json: true))
        let earlyFlows = try InspectHarness.run(early, configuration: InspectConfiguration(view: .flows, json: true))
        XCTAssertEqual(try objects(lateFlows).count, 3, lateFlows.output)
        XCTAssertEqual(try objects(earlyFlows).count, 2, earlyFlows.output)
        let lateSummary = try InspectHarness.run(late, configuration: InspectConfiguration(view: .summary))
        XCTAssertEqual(lateSummary.statistics?.flows, 3, "the summary counts the flows the flows view reports")
    }

    /// The relative sequence table forgets its least recently used half when full, and counts what it forgot.
    func testTheRelativeSequenceTableIsBounded() {
        var table = RelativeSequenceTable(capacity: 4)
        let source = IPAddress(ipv4: 0xC000_0201)
        let destination = IPAddress(ipv4: 0xC633_6402)
        func numbers(_ port: UInt16, _ sequence: UInt32) -> RelativeSequenceTable.Numbers {
            let from = TCPFlowEndpoint(address: source, port: port)
            let key = TCPFlowKey(source: from, destination: TCPFlowEndpoint(address: destination, port: 80))
            return table.numbers(key: key, from: from, sequence: sequence, acknowledgment: 1, syn: false)
        }
        for port in UInt16(1000) ..< 1004 {
            XCTAssertEqual(numbers(port, 500).sequence, 500, "the first segment of a connection is absolute")
        }
        XCTAssertEqual(numbers(1003, 510).sequence, 10)
        XCTAssertEqual(table.evictions, 0)
        XCTAssertEqual(numbers(1004, 700).sequence, 700)
        XCTAssertEqual(table.evictions, 2)
        XCTAssertLessThanOrEqual(table.count, 4)
        XCTAssertEqual(numbers(1003, 520).sequence, 20, "the most recently used connection is kept")
        XCTAssertEqual(numbers(1000, 600).sequence, 600, "a forgotten connection starts again, absolute")
        for port in UInt16(2000) ..< 3000 { _ = numbers(port, 1) }
        XCTAssertLessThanOrEqual(table.count, 4)
    }

    /// The flow count without validation: exact below the limit, then an estimate within a few percent, the same
    /// on every run.
    func testTheDistinctFlowCountIsExactThenEstimated() {
        func key(_ index: Int) -> TCPFlowKey {
            TCPFlowKey(
                source: TCPFlowEndpoint(
                    address: IPAddress(ipv4: 0x0A00_0000 | UInt32(index >> 16)),
                    port: UInt16(truncatingIfNeeded: index)),
                destination: TCPFlowEndpoint(address: IPAddress(ipv4: 0xC633_6402), port: 443))
        }
        var small = DistinctFlowCounter()
        for index in 0 ..< 1000 {
            small.insert(key(index))
            small.insert(key(index))
        }
        XCTAssertEqual(small.count, 1000)
        XCTAssertFalse(small.isEstimated)
        var large = DistinctFlowCounter()
        var again = DistinctFlowCounter()
        let total = 300_000
        for index in 0 ..< total {
            large.insert(key(index))
            again.insert(key(index))
        }
        XCTAssertTrue(large.isEstimated)
        XCTAssertEqual(large.count, again.count, "deterministic")
        let error = abs(Double(large.count) - Double(total)) / Double(total)
        XCTAssertLessThan(error, 0.03, "estimate \(large.count) of \(total)")
    }
}
