import CaptureTestSupport
import Foundation
import PacketCapture
import TCPInspectCore
import XCTest

/// The text and JSON views of well-formed and malformed headers.
final class SegmentOutputTests: XCTestCase {
    let prefix = "IP 192.0.2.1.47001 > 198.51.100.2.80: "

    /// The TCP part of each line (after the addresses), without the validator's marks.
    func tcpParts(_ segments: [[UInt8]], configuration: InspectConfiguration = InspectConfiguration(validates: false))
        throws
        -> [String]
    {
        let run = try InspectHarness.run(InspectHarness.ethernetPcap(segments), configuration: configuration)
        XCTAssertNil(run.error)
        return run.lines.map { line in
            guard let range = line.range(of: prefix) else { return line }
            return String(line[range.upperBound...])
        }
    }

    func testMalformedHeadersAreReportedOnTheirLineAndTheToolGoesOn() throws {
        let good = InspectHarness.segment(flags: 0x010, acknowledgment: 1)
        let lines = try tcpParts([
            InspectHarness.segment(dataOffset: 4),  // data offset below 5
            InspectHarness.segment(options: [2, 0, 0, 0]),  // option length 0
            InspectHarness.segment(options: [1, 1, 8, 10]),  // timestamps running past the header
            InspectHarness.segment(options: [2, 3, 5, 1]),  // MSS of length 3, then a NOP
            InspectHarness.segment(options: [4, 2, 30, 3, 0x20, 0, 0, 0]),  // sackOK, MPTCP DSS of length 3, EOL
            good,
        ])
        XCTAssertEqual(lines, [
            " tcp 4 [bad hdr length 16 - too short, < 20] (invalid)",
            "Flags [S], seq 1000, win 64240, options [[bad opt]",
            "Flags [S], seq 1000, win 64240, options [nop,nop,[bad opt]]",
            "Flags [S], seq 1000, win 64240, options [mss 1281[len 3]], length 0",  // the NOP was read as data
            "Flags [S], seq 1000, win 64240, options [sackOK,mptcp 3 dss[bad opt]]",
            "Flags [.], ack 1, win 64240, length 0",
        ])
        let marked = try tcpParts(
            [InspectHarness.segment(dataOffset: 4), InspectHarness.segment(options: [2, 0, 0, 0])],
            configuration: InspectConfiguration())
        XCTAssertEqual(marked, [
            " tcp 4 [bad hdr length 16 - too short, < 20] (invalid) [anomalies: data-offset-error (violation)]",
            // The same SYN as the first, which the observer took despite its header.
            "Flags [S], seq 1000, win 64240, options [[bad opt] [roles: retransmission]"
                + " [anomalies: option-error (violation)]",
        ])
    }

    func testHeaderCutShortByTheCapture() throws {
        let full = InspectHarness.segment(options: [2, 4, 5, 0xB4, 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0])
        var pcap = PcapBuilder()
        for cut in [3, 10, 30, 34] {
            let frame = FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(payload: full))
            pcap.record(seconds: 0, fraction: 0, Array(frame.prefix(34 + cut)), originalLength: UInt32(frame.count))
        }
        let run = try InspectHarness.run(pcap.bytes, configuration: InspectConfiguration(validates: false))
        XCTAssertEqual(run.lines.map { $0.dropFirst(34) }, [
            "IP 192.0.2.1 > 198.51.100.2: [|tcp]",
            prefix + " [|tcp]",
            prefix + "Flags [S], seq 1000, win 64240, options [mss 1460,nop,nop,TS [|tcp]",
            prefix + "Flags [S], seq 1000, win 64240, options [mss 1460,nop,nop,TS [|tcp]",
        ])
        XCTAssertEqual(run.statistics?.truncatedSegments, 4)
        XCTAssertEqual(run.statistics?.uncheckedChecksums, 4)
    }

    /// A header of fewer than 20 bytes says whose doing it is: the capture's snapshot length (tcpdump's `[|tcp]`
    /// alone), the packet's IP length, or a frame that ended on the wire.
    func testShortHeaderSaysWhy() throws {
        let full = InspectHarness.segment()
        var pcap = PcapBuilder()
        // 1: cut by the snapshot length, 12 of 20 bytes captured.
        let whole = FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(payload: full))
        pcap.record(seconds: 0, fraction: 0, Array(whole.prefix(34 + 12)), originalLength: UInt32(whole.count))
        // 2: the IP total length (20 + 12) leaves 12 bytes for TCP, all of them captured.
        let declared = FrameBuilder.ethernet(
            etherType: 0x0800, payload: FrameBuilder.ipv4(totalLength: 32, payload: Array(full.prefix(12))))
        pcap.record(seconds: 0, fraction: 0, declared)
        // 3: the IP header declares 20 bytes of TCP, the frame on the wire held 12.
        let runt = FrameBuilder.ethernet(
            etherType: 0x0800, payload: FrameBuilder.ipv4(totalLength: 40, payload: Array(full.prefix(12))))
        pcap.record(seconds: 0, fraction: 0, runt)
        let text = try InspectHarness.run(pcap.bytes, configuration: InspectConfiguration(validates: false))
        XCTAssertEqual(text.lines.map { $0.dropFirst(34) }, [
            prefix + " [|tcp]",
            prefix + " [|tcp] [the IP length leaves 12 bytes for TCP, fewer than a 20-byte header]",
            prefix + " [|tcp] [the frame ended on the wire after 12 bytes of TCP, fewer than a 20-byte header]"
                + " [IP length exceeds frame: TCP length cut to 12]",
        ])
        let json = try InspectHarness.run(
            pcap.bytes, configuration: InspectConfiguration(json: true, validates: false))
        let reasons = try json.lines.map { line -> String? in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return object["truncated_by"] as? String
        }
        XCTAssertEqual(reasons, ["snapshot", "ip_length", "frame"])
    }

    func testBadChecksumMark() throws {
        let lines = try tcpParts([InspectHarness.segment(validChecksum: false)])
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].hasPrefix("Flags [S], cksum 0x"), lines[0])
        XCTAssertTrue(lines[0].contains(" (incorrect -> 0x"), lines[0])
    }

    func testRelativeAndAbsoluteSequenceNumbers() throws {
        let path = FixturePaths.captures.appendingPathComponent("linux-session-ipv4.pcap").path
        let relative = InspectHarness.run(path: path)
        XCTAssertTrue(relative.lines[3].hasSuffix(
            "192.0.2.1.33650 > 192.0.2.2.47001: Flags [P.], seq 1:34, ack 1, win 63, "
                + "options [nop,nop,TS val 3481983253 ecr 94733594], length 33"), relative.lines[3])
        let absolute = InspectHarness.run(
            path: path, configuration: InspectConfiguration(absoluteSequenceNumbers: true))
        XCTAssertTrue(absolute.lines[3].contains("seq 4037445380:4037445413, ack 3504570248,"), absolute.lines[3])
    }

    func testSACKBlocksAreRelativeToThePeersBase() throws {
        let path = FixturePaths.tcpdump.appendingPathComponent("ssh.pcap").path
        let run = InspectHarness.run(path: path)
        let sack = try XCTUnwrap(run.lines.first { $0.contains("sack 1 {") })
        XCTAssertTrue(sack.contains("options [nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,sack 1 {"),
                      sack)
    }

    // MARK: - JSON

    func jsonObjects(path: String) throws -> [[String: Any]] {
        let run = InspectHarness.run(path: path, configuration: InspectConfiguration(json: true))
        XCTAssertNil(run.error)
        return try run.lines.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try XCTUnwrap(object as? [String: Any], line)
        }
    }

    static let schemaKeys: Set<String> = [
        "frame", "sport", "dport", "seq", "ack", "hlen", "flags", "win", "csum", "csum_ok", "urp", "opts", "payload",
    ]

    func testJSONSchemaOnARealSession() throws {
        let path = FixturePaths.captures.appendingPathComponent("linux-session-ipv4.pcap").path
        let objects = try jsonObjects(path: path)
        XCTAssertEqual(objects.count, 26)
        for object in objects {
            XCTAssertTrue(Self.schemaKeys.isSubset(of: Set(object.keys)), "\(object.keys.sorted())")
            XCTAssertNil(object["error"])
            XCTAssertEqual(object["csum_ok"] as? Bool, true)
        }
        let syn = objects[0]
        XCTAssertEqual(syn["frame"] as? Int, 1)
        XCTAssertEqual(syn["sport"] as? Int, 33650)
        XCTAssertEqual(syn["dport"] as? Int, 47001)
        XCTAssertEqual(syn["seq"] as? Int, 4_037_445_379)
        XCTAssertEqual(syn["ack"] as? Int, 0)
        XCTAssertEqual(syn["hlen"] as? Int, 40)
        XCTAssertEqual(syn["flags"] as? Int, 0x002)
        XCTAssertEqual(syn["win"] as? Int, 64240)
        XCTAssertEqual(syn["urp"] as? Int, 0)
        XCTAssertEqual(syn["payload"] as? Int, 0)
        let options = try XCTUnwrap(syn["opts"] as? [[String: Int]])
        XCTAssertEqual(options, [
            ["kind": 2, "len": 4, "mss": 1460], ["kind": 4, "len": 2],
            ["kind": 8, "len": 10, "tsval": 3_481_983_253, "tsecr": 0], ["kind": 1], ["kind": 3, "len": 3, "shift": 10],
        ])
        XCTAssertEqual(objects[3]["payload"] as? Int, 33)
        XCTAssertEqual(objects[3]["flags"] as? Int, 0x018)
        XCTAssertEqual(objects[3]["ack"] as? Int, 3_504_570_248)  // absolute in JSON
    }

    func testJSONSACKBlocksAndChecksumVerdicts() throws {
        let ssh = try jsonObjects(path: FixturePaths.tcpdump.appendingPathComponent("ssh.pcap").path)
        let withSACK = try XCTUnwrap(ssh.first { object in
            (object["opts"] as? [[String: Any]])?.contains { $0["kind"] as? Int == 5 } == true
        })
        let sack = try XCTUnwrap((withSACK["opts"] as? [[String: Any]])?.first { $0["kind"] as? Int == 5 })
        XCTAssertEqual(sack["len"] as? Int, 10)
        let blocks = try XCTUnwrap(sack["blocks"] as? [[Int]])
        XCTAssertEqual(blocks.count, 1)
        XCTAssertEqual(blocks[0].count, 2)
        let flags = try jsonObjects(path: FixturePaths.tcpdump.appendingPathComponent("print-flags.pcap").path)
        XCTAssertEqual(flags.filter { $0["csum_ok"] as? Bool == false }.count, 2)
        XCTAssertEqual(flags.filter { $0["csum_ok"] as? Bool == true }.count, 8)
    }

    func testJSONErrorsKeepWhatCouldBeRead() throws {
        let overflow = try jsonObjects(
            path: FixturePaths.tcpdump.appendingPathComponent("heapoverflow-tcp_print.pcap").path)
        XCTAssertEqual(overflow.count, 1)
        let object = overflow[0]
        XCTAssertEqual(object["flags"] as? Int, 0xD30)
        XCTAssertNotNil(object["error"] as? String)
        XCTAssertTrue(object["csum_ok"] is NSNull)
        XCTAssertEqual((object["opts"] as? [Any])?.count, 0)

        let cut = try jsonObjects(
            path: FixturePaths.tcpdump.appendingPathComponent("tcp_header_heapoverflow.pcap").path)
        XCTAssertEqual(cut.count, 1)
        XCTAssertEqual(cut[0]["sport"] as? Int, 12336)
        XCTAssertNil(cut[0]["win"])
        XCTAssertTrue(cut[0]["csum_ok"] is NSNull)
        XCTAssertTrue((cut[0]["error"] as? String)?.contains("truncated header") == true)
    }

    func testJSONOfMalformedOptionsListsTheGoodOnes() throws {
        let run = try InspectHarness.run(
            InspectHarness.ethernetPcap([InspectHarness.segment(options: [2, 4, 5, 0xB4, 1, 8, 12, 0])]),
            configuration: InspectConfiguration(json: true))
        let object = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        XCTAssertEqual(object["opts"] as? [[String: Int]], [["kind": 2, "len": 4, "mss": 1460], ["kind": 1]])
        XCTAssertTrue((object["error"] as? String)?.isEmpty == false)
        XCTAssertEqual(object["csum_ok"] as? Bool, true)
    }

    // MARK: - A SACK option with no block

    /// A SACK option of length 2, with no block, between NOPs and before the timestamps.
    static let sackWithoutBlocks = InspectHarness.segment(flags: 0x010, acknowledgment: 1, options: [
        0x01, 0x01,  // NOP, NOP
        0x05, 0x02,  // SACK, length 2: no block
        0x01, 0x01,  // NOP, NOP
        0x08, 0x0A, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,  // timestamps, TSval 1, TSecr 2
    ])

    /// The text shows it as tcpdump does (`sack 0 `: the block count, then the space before the blocks, of which
    /// there are none) and goes on with the options after it.
    func testSACKWithoutBlocksAsTcpdumpPrintsIt() throws {
        XCTAssertEqual(try tcpParts([Self.sackWithoutBlocks]), [
            "Flags [.], ack 1, win 64240, options [nop,nop,sack 0 ,nop,nop,TS val 1 ecr 2], length 0",
        ])
    }

    /// The observer reads options as Linux does: the empty SACK option is reported as what it is (discouraged),
    /// not as a malformed header (a violation), and the timestamps after it are read.
    func testObserverJudgesSACKWithoutBlocksAsLinuxDoes() throws {
        let lines = try tcpParts([Self.sackWithoutBlocks], configuration: InspectConfiguration())
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].contains("sack-without-blocks (discouraged)"), lines[0])
        XCTAssertFalse(lines[0].contains("option-error"), lines[0])
        // A rule-breaking MSS (length 3) before the timestamps: still an option error under framing checking.
        let breaking = InspectHarness.segment(flags: 0x010, acknowledgment: 1, options: [
            0x02, 0x03, 0x05,  // MSS, length 3: breaks its kind's rule (4)
            0x01,  // NOP
            0x08, 0x0A, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,  // timestamps, TSval 1, TSecr 2
            0x01, 0x01,  // NOP, NOP
        ])
        let judged = try tcpParts([breaking], configuration: InspectConfiguration())
        XCTAssertTrue(judged[0].contains("option-error (violation)"), judged[0])
    }

    /// The JSON writes it as any SACK option, with an empty block list, and the options after it; the header does
    /// not decode strictly (RFC 2018 section 3 requires a block), which `error` says.
    func testJSONSACKWithoutBlocks() throws {
        let run = try InspectHarness.run(
            InspectHarness.ethernetPcap([Self.sackWithoutBlocks]), configuration: InspectConfiguration(json: true))
        XCTAssertNil(run.error)
        XCTAssertTrue(
            run.output.contains(#""opts":[{"kind":1},{"kind":1},{"kind":5,"len":2,"blocks":[]},{"kind":1},"#
                + #"{"kind":1},{"kind":8,"len":10,"tsval":1,"tsecr":2}]"#),
            run.output)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let options = try XCTUnwrap(object["opts"] as? [[String: Any]])
        XCTAssertEqual(options.count, 6)
        XCTAssertEqual(options[2]["kind"] as? Int, 5)
        XCTAssertEqual(options[2]["len"] as? Int, 2)
        XCTAssertEqual(options[2]["blocks"] as? [[Int]], [])
        XCTAssertEqual(object["error"] as? String, "option kind 5 at offset 22 has invalid length 2 for its kind")
        XCTAssertEqual(object["csum_ok"] as? Bool, true)
        // A SACK option with blocks after one with none: both are listed.
        let both = try InspectHarness.run(
            InspectHarness.ethernetPcap([InspectHarness.segment(flags: 0x010, acknowledgment: 1, options: [
                0x05, 0x02,  // SACK, length 2: no block
                0x05, 0x0A, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x14,  // SACK, one block: 10 to 20
            ])]),
            configuration: InspectConfiguration(json: true))
        XCTAssertTrue(both.output.contains(
            #""opts":[{"kind":5,"len":2,"blocks":[]},{"kind":5,"len":10,"blocks":[[10,20]]}]"#), both.output)
    }

    // MARK: - Summary

    func testSummary() throws {
        let path = FixturePaths.captures.appendingPathComponent("linux-session-ipv6.pcap").path
        let text = InspectHarness.run(path: path, configuration: InspectConfiguration(view: .summary))
        XCTAssertTrue(text.lines.contains("segments              26"), text.output)
        XCTAssertTrue(text.lines.contains("flows                 3"), text.output)
        XCTAssertTrue(text.lines.contains("bad checksums         0"), text.output)
        let json = InspectHarness.run(path: path, configuration: InspectConfiguration(view: .summary, json: true))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        XCTAssertEqual(object["segments"] as? Int, 26)
        XCTAssertEqual(object["flows"] as? Int, 3)
        XCTAssertNotNil(object["anomalies"] as? [String: Any])
    }
}
