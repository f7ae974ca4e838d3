import CaptureTestSupport
import Foundation
import PacketCapture
import TCPInspectCore
import XCTest

/// Tunnelled segments in tcp-inspect: their flows are keyed by the tunnel too, the text line names the tunnel
/// before the inner packet, JSON lists the layers, and unfollowed tunnels are counted in words.
final class TunnelOutputTests: XCTestCase {
    /// A frame carrying `tcp` (192.0.2.1 -> 198.51.100.2) in VXLAN `vni` between 203.0.113.1 and 203.0.113.2.
    private func vxlanFrame(vni: UInt32, _ tcp: [UInt8], reverse: Bool = false) -> [UInt8] {
        let inner = FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(
            source: reverse ? 0xC633_6402 : 0xC000_0201, destination: reverse ? 0xC000_0201 : 0xC633_6402,
            payload: tcp))
        let udp = FrameBuilder.udp(destinationPort: 4789, payload: FrameBuilder.vxlan(
            networkIdentifier: vni, payload: inner))
        return FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(
            source: reverse ? 0xCB00_7102 : 0xCB00_7101, destination: reverse ? 0xCB00_7101 : 0xCB00_7102,
            protocolNumber: 17, payload: udp))
    }

    /// A handshake in each of `vnis`, the same inner addresses and ports in all.
    private func handshakes(in vnis: [UInt32]) -> [UInt8] {
        handshakes(inPairs: vnis.map { ($0, $0) })
    }

    /// A handshake in each pair of networks, the client's segments in the first, the server's in the second (as
    /// tunnels that choose an identifier per direction send them).
    private func handshakes(inPairs pairs: [(forward: UInt32, reverse: UInt32)]) -> [UInt8] {
        var pcap = PcapBuilder()
        var time: UInt32 = 0
        for (forward, backward) in pairs {
            let syn = InspectHarness.segment(flags: 0x002, sequence: 1000)
            // The reply's checksum is not checked by the flows view; its addresses and ports are the reverse.
            let synAck = InspectHarness.segment(
                flags: 0x012, sequence: 5000, acknowledgment: 1001, sourcePort: 80, destinationPort: 47001)
            let ack = InspectHarness.segment(flags: 0x010, sequence: 1001, acknowledgment: 5001)
            for (tcp, reverse) in [(syn, false), (synAck, true), (ack, false)] {
                time += 1
                pcap.record(
                    seconds: 1_700_000_000, fraction: time,
                    vxlanFrame(vni: reverse ? backward : forward, tcp, reverse: reverse))
            }
        }
        return pcap.bytes
    }

    func testSameInnerFlowInTwoNetworksIsTwoFlows() throws {
        let two = try InspectHarness.run(
            handshakes(in: [100, 200]), configuration: InspectConfiguration(view: .flows, json: true))
        XCTAssertEqual(two.lines.count, 2, two.output)
        var tunnels: Set<String> = []
        for line in two.lines {
            let flow = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertEqual(flow["states"] as? [String: String], ["client": "ESTABLISHED", "server": "ESTABLISHED"],
                           line)
            XCTAssertNil(flow["vlans"], line)
            tunnels.insert(try XCTUnwrap(flow["tunnel"] as? String, line))
        }
        XCTAssertEqual(tunnels.count, 2, "each flow names its tunnel")
        let text = try InspectHarness.run(handshakes(in: [100, 200]), configuration: InspectConfiguration(view: .flows))
        XCTAssertEqual(text.lines.filter { $0.hasPrefix("flow ") && $0.contains(" tunnel 0x") }.count, 2, text.output)
        let one = try InspectHarness.run(
            handshakes(in: [100, 100]), configuration: InspectConfiguration(view: .flows, json: true))
        XCTAssertEqual(one.lines.count, 1, "the same network twice is one flow: \(one.output)")
    }

    /// The flows of a `--flows --json` run, as objects.
    private func flows(_ capture: [UInt8]) throws -> [[String: Any]] {
        let run = try InspectHarness.run(capture, configuration: InspectConfiguration(view: .flows, json: true))
        return try run.lines.map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
        }
    }

    func testDirectionsThroughPerDirectionIdentifiersAreOneFlow() throws {
        let paired = try flows(handshakes(inPairs: [(100, 101)]))
        XCTAssertEqual(paired.count, 1, "\(paired)")
        XCTAssertEqual(paired.first?["states"] as? [String: String],
                       ["client": "ESTABLISHED", "server": "ESTABLISHED"])
        XCTAssertTrue((paired.first?["anomalies"] as? [Any])?.isEmpty ?? true, "no unseen segments: \(paired)")
        // Two tenants, each with its own pair of identifiers, stay two flows, each whole.
        let tenants = try flows(handshakes(inPairs: [(100, 101), (200, 201)]))
        XCTAssertEqual(tenants.count, 2, "\(tenants)")
        for flow in tenants {
            XCTAssertEqual(flow["states"] as? [String: String], ["client": "ESTABLISHED", "server": "ESTABLISHED"])
        }
        XCTAssertEqual(Set(tenants.compactMap { $0["tunnel"] as? String }).count, 2)
        // Symmetric identifiers are never paired across tenants.
        XCTAssertEqual(try flows(handshakes(in: [100, 200])).count, 2)
    }

    /// A handshake through PPTP (RFC 2637): the client's segments carry the server's call ID, the server's the
    /// client's, in enhanced GRE between 203.0.113.1 and 203.0.113.2, PPP with address and control.
    private func pptpHandshake(clientCall: UInt16, serverCall: UInt16) -> [UInt8] {
        var pcap = PcapBuilder()
        let syn = InspectHarness.segment(flags: 0x002, sequence: 1000)
        let synAck = InspectHarness.segment(
            flags: 0x012, sequence: 5000, acknowledgment: 1001, sourcePort: 80, destinationPort: 47001)
        let ack = InspectHarness.segment(flags: 0x010, sequence: 1001, acknowledgment: 5001)
        for (index, (tcp, reverse)) in [(syn, false), (synAck, true), (ack, false)].enumerated() {
            let packet = [0xFF, 0x03, 0x00, 0x21] + FrameBuilder.ipv4(
                source: reverse ? 0xC633_6402 : 0xC000_0201, destination: reverse ? 0xC000_0201 : 0xC633_6402,
                payload: tcp)
            // Flags: key and sequence number present, version 1; protocol type PPP; payload length, call ID.
            let gre = FrameBuilder.be16(0x3001) + FrameBuilder.be16(0x880B) + FrameBuilder.be16(UInt16(packet.count))
                + FrameBuilder.be16(reverse ? clientCall : serverCall) + FrameBuilder.be32(UInt32(index)) + packet
            pcap.record(seconds: 1_700_000_000, fraction: UInt32(index), FrameBuilder.ethernet(
                etherType: 0x0800, payload: FrameBuilder.ipv4(
                    source: reverse ? 0xCB00_7102 : 0xCB00_7101, destination: reverse ? 0xCB00_7101 : 0xCB00_7102,
                    protocolNumber: 47, payload: gre)))
        }
        return pcap.bytes
    }

    func testPPTPCallsOfBothDirectionsAreOneFlow() throws {
        let capture = pptpHandshake(clientCall: 0x10, serverCall: 0x20)
        let paired = try flows(capture)
        XCTAssertEqual(paired.count, 1, "\(paired)")
        XCTAssertEqual(paired.first?["states"] as? [String: String],
                       ["client": "ESTABLISHED", "server": "ESTABLISHED"])
        XCTAssertTrue((paired.first?["anomalies"] as? [Any])?.isEmpty ?? true, "\(paired)")
        let text = try InspectHarness.run(capture)
        XCTAssertTrue(text.lines[0].contains(" PPTP call 32: IP 192.0.2.1.47001 > 198.51.100.2.80: Flags [S]"),
                      text.output)
        XCTAssertTrue(text.lines[1].contains(" PPTP call 16: IP 198.51.100.2.80 > 192.0.2.1.47001: Flags [S.]"),
                      text.output)
        let json = try InspectHarness.run(capture, configuration: InspectConfiguration(json: true))
        let first = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.lines[0].utf8)) as? [String: Any])
        let layers = try XCTUnwrap(first["layers"] as? [[String: Any]])
        XCTAssertEqual(layers.count, 1)
        XCTAssertEqual(layers.first?["type"] as? String, "pptp")
        XCTAssertEqual(layers.first?["call"] as? Int, 32)
    }

    func testTcpdumpsGeneveCaptureIsOneWholeFlow() throws {
        // tcpdump's geneve.pcap: an SSH connection whose client sends in VNI 0xb and whose server answers in 0xa.
        let capture = try Data(contentsOf: FixturePaths.tcpdump.appendingPathComponent("geneve.pcap"))
        let run = try InspectHarness.run(Array(capture), configuration: InspectConfiguration(view: .flows, json: true))
        XCTAssertEqual(run.lines.count, 1, run.output)
        let flow = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(flow["states"] as? [String: String], ["client": "ESTABLISHED", "server": "ESTABLISHED"])
        XCTAssertTrue((flow["anomalies"] as? [Any])?.isEmpty ?? true, run.lines[0])
    }

    func testTextNamesTheTunnel() throws {
        let run = try InspectHarness.run(handshakes(in: [100]))
        XCTAssertTrue(run.lines[0].contains(" VXLAN vni 100: IP 192.0.2.1.47001 > 198.51.100.2.80: Flags [S]"),
                      run.output)
        XCTAssertTrue(run.lines[1].contains(" VXLAN vni 100: IP 198.51.100.2.80 > 192.0.2.1.47001: Flags [S.]"),
                      run.output)
    }

    func testJSONListsTheLayersOnlyWhenTunnelled() throws {
        let run = try InspectHarness.run(handshakes(in: [100]), configuration: InspectConfiguration(json: true))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.lines[0].utf8)) as? [String: Any])
        let layers = try XCTUnwrap(object["layers"] as? [[String: Any]], run.lines[0])
        XCTAssertEqual(layers.count, 1)
        XCTAssertEqual(layers.first?["type"] as? String, "vxlan")
        XCTAssertEqual(layers.first?["vni"] as? Int, 100)
        XCTAssertEqual(object["src"] as? String, "192.0.2.1")
        let plain = try InspectHarness.run(InspectHarness.ethernetPcap([InspectHarness.segment()]),
                                           configuration: InspectConfiguration(json: true))
        XCTAssertFalse(plain.output.contains("layers"), plain.output)
    }

    func testUnfollowedTunnelsInWords() {
        XCTAssertEqual(
            FrameNoteText.describe(.encapsulationVersion(.gre, version: 1)), "GRE version 1 other than PPTP's")
        XCTAssertEqual(FrameNoteText.describe(.encapsulationWithoutPayload(.pptp)), "PPTP header without payload")
        XCTAssertEqual(FrameNoteText.describe(.encapsulationVersion(.geneve, version: 2)), "Geneve version 2")
        XCTAssertEqual(FrameNoteText.describe(.encapsulationVersion(.pppoe, version: 0x21)),
                       "PPPoE version and type 0x21")
        XCTAssertEqual(FrameNoteText.describe(.encapsulatedProtocol(.gre, protocolType: 0x880B)),
                       "GRE protocol type 0x880b")
        XCTAssertEqual(FrameNoteText.describe(.encapsulatedProtocol(.pppoe, protocolType: 0xC021)),
                       "PPPoE PPP protocol 0xc021")
        XCTAssertEqual(FrameNoteText.describe(.encapsulatedProtocol(.mpls, protocolType: 8)),
                       "MPLS payload starting with nibble 8")
        XCTAssertEqual(FrameNoteText.describe(.encapsulatedProtocol(.gtpU, protocolType: 1)), "GTP-U message type 1")
        XCTAssertEqual(FrameNoteText.describe(.greSourceRouting), "GRE with source routing (RFC 1701)")
        XCTAssertEqual(FrameNoteText.describe(.encapsulationTooDeep(depth: 8)),
                       "tunnel inside 8 others, more than are followed")
        XCTAssertEqual(FrameNoteText.describe(.truncatedEncapsulation(.vxlan, needed: 8, available: 5)),
                       "VXLAN header cut short: needed 8 bytes, 5 captured")
        XCTAssertEqual(FrameNoteText.describe(.vxlanInstanceFlagClear(flags: 0)),
                       "VXLAN header without the I flag (flags 0x00)")
        XCTAssertEqual(FrameNoteText.describe(.encapsulationLengthTooSmall(.gtpU, length: 2, minimum: 4)),
                       "GTP-U length 2 is less than 4")
    }

    func testSummaryCountsUnfollowedTunnels() throws {
        var pcap = PcapBuilder()
        // PPTP's GRE without a key is not PPTP's header; with one and LCP inside, the PPP protocol is the reason.
        let keyless = FrameBuilder.gre(version: 1, protocolType: 0x880B, payload: [0xFF, 0x03])
        let lcp = FrameBuilder.gre(
            version: 1, protocolType: 0x880B, key: 0x0004_0000, payload: [0xFF, 0x03, 0xC0, 0x21])
        for index in 0 ..< 3 {
            pcap.record(seconds: 1, fraction: UInt32(index), FrameBuilder.ethernet(
                etherType: 0x0800, payload: FrameBuilder.ipv4(protocolNumber: 47, payload: keyless)))
        }
        pcap.record(seconds: 1, fraction: 3, FrameBuilder.ethernet(
            etherType: 0x0800, payload: FrameBuilder.ipv4(protocolNumber: 47, payload: lcp)))
        let run = try InspectHarness.run(pcap.bytes, configuration: InspectConfiguration(view: .summary))
        XCTAssertTrue(run.output.contains("GRE version 1 other than PPTP's: 3 frames"), run.output)
        XCTAssertTrue(run.output.contains("PPP protocol 0xc021 (LCP): 1 frame"), run.output)
    }
}
