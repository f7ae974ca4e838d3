import Foundation
import TCPInspectCore
import XCTest

/// A TCP session through a real Linux VXLAN tunnel (Captures/record-tunnels.sh: two namespaces, VNI 100, checksum
/// offload off), read as the inner connections: every segment followed through the tunnel, every checksum right,
/// nothing judged wrong.
final class RecordedTunnelTests: XCTestCase {
    private let path = FixturePaths.captures.appendingPathComponent("linux-tunnel-vxlan.pcap").path

    func testTheInnerSessionsAreReadWhole() throws {
        let summary = try XCTUnwrap(
            InspectHarness.run(path: path, configuration: InspectConfiguration(view: .summary)).statistics)
        // record-session.py's three connections: a session with both FINs, a reset one, a refused one.
        XCTAssertEqual(summary.tcpSegments, 24)
        XCTAssertEqual(summary.flows, 3)
        XCTAssertEqual(summary.badChecksums, 0)
        XCTAssertEqual(summary.uncheckedChecksums, 0)
        XCTAssertEqual(summary.anomalies, [:], "a clean recording: no anomaly of any severity")
        // What is not TCP is the underlay's own neighbour discovery and ARP, none of it UDP to the tunnel port.
        XCTAssertNil(summary.skipped.counts[.ipProtocol(version: .v4, protocolNumber: 17)])
    }

    func testEverySegmentNamesItsTunnel() throws {
        let run = InspectHarness.run(path: path, configuration: InspectConfiguration(json: true))
        XCTAssertNil(run.error)
        XCTAssertEqual(run.lines.count, 24)
        for line in run.lines {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let layers = try XCTUnwrap(object["layers"] as? [[String: Any]], line)
            XCTAssertEqual(layers.count, 1, line)
            XCTAssertEqual(layers.first?["type"] as? String, "vxlan", line)
            XCTAssertEqual(layers.first?["vni"] as? Int, 100, line)
            XCTAssertEqual(object["csum_ok"] as? Bool, true, line)
            XCTAssertTrue((object["src"] as? String)?.hasPrefix("10.9.0.") ?? false, "inner addresses: \(line)")
        }
    }

    func testTheFlowsCloseAsRecorded() {
        let flows = InspectHarness.run(path: path, configuration: InspectConfiguration(view: .flows))
        XCTAssertNil(flows.error)
        XCTAssertTrue(flows.output.contains("close: client FIN (frame 24), server FIN (frame 31), closed (frame 32)"),
                      flows.output)
        XCTAssertEqual(flows.output.components(separatedBy: "anomalies: none").count - 1, 3, flows.output)
    }
}
