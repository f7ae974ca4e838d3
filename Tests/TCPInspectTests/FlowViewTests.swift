import Foundation
import TCPInspectCore
import XCTest

/// The flows view and the anomaly marks, on `TCPValidation`'s flow observer.
final class FlowViewTests: XCTestCase {
    func testFlowsAsJSON() throws {
        let path = FixturePaths.captures.appendingPathComponent("linux-session-ipv6.pcap").path
        let run = InspectHarness.run(path: path, configuration: InspectConfiguration(view: .flows, json: true))
        XCTAssertNil(run.error)
        let flows = try run.lines.map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        XCTAssertEqual(flows.count, 3)
        let first = flows[0]
        XCTAssertEqual(first["client"] as? String, "[2001:db8::1]:38110")
        XCTAssertEqual(first["server"] as? String, "[2001:db8::2]:47101")
        XCTAssertEqual(first["frames"] as? [String: Int], ["count": 16, "first": 1, "last": 16])
        XCTAssertEqual(first["states"] as? [String: String], ["client": "TIME-WAIT", "server": "CLOSED"])
        XCTAssertEqual((first["anomalies"] as? [Any])?.count, 0)
        XCTAssertEqual(first["segments"] as? [String: Int], ["client": 9, "server": 7])
        XCTAssertEqual((first["handshake"] as? [String: Any])?["established"] as? Int, 3)
        XCTAssertEqual((flows[1]["close"] as? [String: Any])?["reset"] as? Int, 24)
        XCTAssertEqual(flows[2]["states"] as? [String: String], ["client": "CLOSED", "server": "CLOSED"])
        XCTAssertEqual(flows[2]["mid_stream"] as? Bool, false)
    }

    func testAnomaliesAreMarkedOnSegmentsAndListedPerFlow() throws {
        let capture = InspectHarness.ethernetPcap([
            InspectHarness.segment(flags: 0x003),  // SYN+FIN
            InspectHarness.segment(flags: 0x012, sequence: 5000, acknowledgment: 1001),
        ])
        let text = try InspectHarness.run(capture)
        XCTAssertTrue(text.lines[0].contains("Flags [FS], seq 1000, win 64240, length 0 [anomalies: "), text.output)
        XCTAssertTrue(text.lines[0].contains("invalid-flags"), text.output)
        let json = try InspectHarness.run(capture, configuration: InspectConfiguration(json: true))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.lines[0].utf8)) as? [String: Any])
        let marks = try XCTUnwrap(object["anomalies"] as? [[String: String]], json.lines[0])
        XCTAssertTrue(marks.contains { $0["name"] == "invalid-flags" && $0["severity"] == "violation" }, json.lines[0])
        let flows = try InspectHarness.run(capture, configuration: InspectConfiguration(view: .flows))
        XCTAssertTrue(flows.output.contains("invalid-flags (violation, frame 1)"), flows.output)
        XCTAssertTrue(flows.output.contains("by severity: "), flows.output)
        let summary = try XCTUnwrap(flows.statistics)
        XCTAssertEqual(summary.anomalies["invalid-flags"], 1)
        XCTAssertGreaterThanOrEqual(summary.anomaliesBySeverity["violation"] ?? 0, 1)
        let quiet = try InspectHarness.run(capture, configuration: InspectConfiguration(validates: false))
        XCTAssertFalse(quiet.output.contains("anomalies"))
    }

    func testMidStreamFlowSaysHowTheClientWasChosen() throws {
        let capture = InspectHarness.ethernetPcap([
            InspectHarness.segment(flags: 0x018, sequence: 7000, acknowledgment: 9000, payload: [1, 2, 3]),
        ])
        let run = try InspectHarness.run(capture, configuration: InspectConfiguration(view: .flows))
        XCTAssertTrue(run.output.hasPrefix("flow 1: 192.0.2.1:47001 > 198.51.100.2:80 (client > server; "
            + "picked up mid-stream; roles guessed: the lower port is the server)"), run.output)
    }
}
