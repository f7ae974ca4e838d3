import CaptureTestSupport
import Foundation
import PacketCapture
import TCPCodec
import TCPInspectCore
import XCTest

/// The flows view and the summary keep everything: segments of no tracked flow, new connections on a reused
/// 4-tuple, flows on different VLANs, counts by severity, and reports for a file damaged part-way.
final class FlowReportCompletenessTests: XCTestCase {
    /// A pcap of Ethernet frames, each an IPv4 TCP segment under the given VLAN tags.
    func taggedPcap(_ frames: [(tags: [(UInt16, UInt16)], tcp: [UInt8])]) -> [UInt8] {
        var pcap = PcapBuilder()
        for (index, frame) in frames.enumerated() {
            pcap.record(
                seconds: 1_700_000_000, fraction: UInt32(index),
                FrameBuilder.ethernet(
                    etherType: 0x0800, tags: frame.tags, payload: FrameBuilder.ipv4(payload: frame.tcp)))
        }
        return pcap.bytes
    }

    /// A handshake, a reset, then a new handshake on the same 4-tuple, with a RST of no session in between.
    func reuseCapture() -> [UInt8] {
        var pcap = PcapBuilder()
        let frames = [
            FrameBuilder.ipv4(payload: InspectHarness.segment(flags: 0x002, sequence: 1000)),  // SYN
            // RST: resets the half-open connection
            FrameBuilder.ipv4(payload: InspectHarness.segment(flags: 0x004, sequence: 1001)),
            // A RST of no session (other addresses)
            FrameBuilder.ipv6(payload: InspectHarness.segment(flags: 0x004, sequence: 7, ipv6: true)),
            // A new SYN on the first 4-tuple
            FrameBuilder.ipv4(payload: InspectHarness.segment(flags: 0x002, sequence: 90_000)),
        ]
        for (index, packet) in frames.enumerated() {
            let etherType: UInt16 = packet[0] >> 4 == 6 ? 0x86DD : 0x0800
            pcap.record(seconds: 1_700_000_000, fraction: UInt32(index),
                        FrameBuilder.ethernet(etherType: etherType, payload: packet))
        }
        return pcap.bytes
    }

    func testUntrackedSegmentsAndReusedTuplesAreFlowsInBothViews() throws {
        let capture = reuseCapture()
        let flows = try InspectHarness.run(
            capture, configuration: InspectConfiguration(view: .flows, json: true, listsFlowFrames: true))
        XCTAssertNil(flows.error)
        let objects = try flows.lines.map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        XCTAssertEqual(objects.count, 3, flows.output)
        XCTAssertEqual(
            objects.map { ($0["frames"] as? [String: Any])?["list"] as? [Int] ?? [] }, [[1, 2], [3], [4]],
            flows.output)
        let stray = objects[1]
        let strayAnomalies = try XCTUnwrap(stray["anomalies"] as? [[String: Any]])
        XCTAssertEqual(strayAnomalies.first?["name"] as? String, "rst-no-session")
        XCTAssertEqual(strayAnomalies.first?["severity"] as? String, "capture")
        XCTAssertEqual((stray["severities"] as? [String: Int])?["capture"], 1)
        let summary = try InspectHarness.run(capture, configuration: InspectConfiguration(view: .summary))
        XCTAssertEqual(summary.statistics?.flows, 3, "the summary counts the flows the flows view reports")
        XCTAssertEqual(flows.statistics?.flows, 3)
        // Without the observer, flows are address and port pairs.
        let plain = try InspectHarness.run(
            capture, configuration: InspectConfiguration(view: .summary, validates: false))
        XCTAssertEqual(plain.statistics?.flows, 2)
    }

    func testTheSameTupleOnTwoVLANsIsTwoFlows() throws {
        let syn = InspectHarness.segment(flags: 0x002, sequence: 1000)
        let capture = taggedPcap([
            (tags: [(0x8100, 10)], tcp: syn), (tags: [(0x88A8, 100), (0x8100, 20)], tcp: syn),
            (tags: [(0x8100, 10)], tcp: syn),
        ])
        let flows = try InspectHarness.run(
            capture, configuration: InspectConfiguration(view: .flows, listsFlowFrames: true))
        XCTAssertNil(flows.error)
        XCTAssertEqual(flows.statistics?.flows, 2, flows.output)
        XCTAssertTrue(
            flows.output.contains("192.0.2.1:47001 > 198.51.100.2:80 vlan 10 (client > server)"), flows.output)
        XCTAssertTrue(flows.output.contains("vlan 100.20"), flows.output)
        XCTAssertTrue(
            flows.output.contains("frames: 2 (first 1, last 3)\n  frame list: 1, 3"),
            "the SYN sent again on VLAN 10 joins its flow")
        let json = try InspectHarness.run(capture, configuration: InspectConfiguration(view: .flows, json: true))
        let second = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.lines[1].utf8)) as? [String: Any])
        XCTAssertEqual(second["vlans"] as? [Int], [100, 20])
        let summary = try InspectHarness.run(
            capture, configuration: InspectConfiguration(view: .summary, validates: false))
        XCTAssertEqual(summary.statistics?.flows, 2, "the 4-tuple count keeps VLANs apart too")
    }

    /// A priority tag (VLAN ID 0, IEEE 802.1Q) is no VLAN: a flow tagged so in one direction only stays one flow.
    func testPriorityTagsDoNotSeparateFlows() throws {
        let syn = InspectHarness.segment(flags: 0x002, sequence: 1000)
        let capture = taggedPcap([(tags: [(0x8100, 0xA000)], tcp: syn), (tags: [], tcp: syn)])
        let flows = try InspectHarness.run(capture, configuration: InspectConfiguration(view: .flows))
        XCTAssertEqual(flows.statistics?.flows, 1, flows.output)
        XCTAssertFalse(flows.output.contains("vlan"), flows.output)
    }

    func testVLANTagStack() {
        var stack = VLANTagStack.none
        XCTAssertTrue(stack.isEmpty)
        XCTAssertEqual(stack.description, "")
        for identifier: UInt16 in [0xE00A, 20, 30, 40, 50] { stack = stack.pushing(identifier) }
        XCTAssertEqual(stack.count, 5)
        XCTAssertEqual(stack.identifiers, [10, 20, 30, 40], "the priority bits are dropped; four IDs are kept")
        XCTAssertNil(stack.identifier(at: 4))
        XCTAssertEqual(stack.description, "vlan 10.20.30.40")
        XCTAssertEqual(VLANTagStack([10, 20]), VLANTagStack.none.pushing(10).pushing(20))
        XCTAssertNotEqual(VLANTagStack([10, 20]), VLANTagStack([20, 10]))
    }

    func testSummaryCountsBySeverity() throws {
        let capture = InspectHarness.ethernetPcap([
            InspectHarness.segment(flags: 0x003),  // SYN+FIN: invalid-flags (violation)
            InspectHarness.segment(flags: 0x002, sequence: 1000, payload: [1, 2]),  // SYN with data (info)
        ])
        let text = try InspectHarness.run(capture, configuration: InspectConfiguration(view: .summary))
        let statistics = try XCTUnwrap(text.statistics)
        XCTAssertEqual(statistics.anomaliesBySeverity["violation"], 1)
        XCTAssertEqual(statistics.anomaliesBySeverity["info"], 1)
        XCTAssertTrue(text.output.contains("  violation           1\n"), text.output)
        XCTAssertTrue(text.output.contains("  invalid-flags       1 (violation)\n"), text.output)
        let json = try InspectHarness.run(capture, configuration: InspectConfiguration(view: .summary, json: true))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        XCTAssertEqual(object["severities"] as? [String: Int],
                       ["violation": 1, "discouraged": 0, "capture": 0, "info": 1])
    }

    func testADamagedFileStillGetsItsReportThenTheError() throws {
        let whole = try Data(contentsOf: FixturePaths.captures.appendingPathComponent("linux-session-ipv4.pcap"))
        // Cut inside the last record: the frames before it are read, the last one is not.
        let cut = [UInt8](whole.prefix(whole.count - 10))
        for view in [InspectConfiguration.View.flows, .summary] {
            let run = try InspectHarness.run(cut, configuration: InspectConfiguration(view: view))
            let error = try XCTUnwrap(run.error, "\(view)")
            XCTAssertTrue("\(error)".contains("frame 26"), "\(error)")
            if view == .flows {
                XCTAssertTrue(run.output.hasPrefix("flow 1: "), run.output)
                XCTAssertTrue(run.output.contains("flow 3: "), run.output)
            } else {
                XCTAssertTrue(run.output.contains("segments              25\n"), run.output)
            }
        }
    }

    /// A segment whose checksum field holds the pseudo-header sum (offload) is counted apart and judged as right; a
    /// corrupt one from a side whose checksums were right is dropped as `bad-checksum`.
    func testOffloadedChecksumsAreNotBadOnes() throws {
        func withChecksum(_ segment: [UInt8], _ value: UInt16) -> [UInt8] {
            var copy = segment
            copy[16] = UInt8(value >> 8)
            copy[17] = UInt8(value & 0xFF)
            return copy
        }
        let pseudo = TCPPseudoHeader(ipv4Source: 0xC000_0201, destination: 0xC633_6402)
        let syn = InspectHarness.segment(flags: 0x002, sequence: 1000)
        let data = InspectHarness.segment(flags: 0x018, sequence: 1001, acknowledgment: 1, payload: [1, 2, 3])
        let placeholder = InternetChecksum.fold(UInt64(pseudo.sum(tcpLength: data.count)))
        let capture = InspectHarness.ethernetPcap([syn, withChecksum(data, placeholder)])
        let run = try InspectHarness.run(capture, configuration: InspectConfiguration(view: .summary))
        XCTAssertEqual(run.statistics?.badChecksums, 1)
        XCTAssertEqual(run.statistics?.offloadChecksums, 1)
        XCTAssertNil(run.statistics?.anomalies["bad-checksum"], run.output)
        let corrupt = InspectHarness.ethernetPcap([syn, withChecksum(data, placeholder &+ 1)])
        let bad = try InspectHarness.run(corrupt, configuration: InspectConfiguration(view: .summary))
        XCTAssertEqual(bad.statistics?.offloadChecksums, 0)
        XCTAssertEqual(bad.statistics?.anomalies["bad-checksum"], 1, bad.output)
    }
}
