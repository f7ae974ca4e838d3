import CaptureTestSupport
import PacketCapture
import TCPInspectCore
import XCTest

/// tcp-inspect on fragmented segments: reassembled by default, shown whole on the frame that completed the datagram.
final class FragmentOutputTests: XCTestCase {
    /// A SYN with MSS and 24 payload bytes (48 bytes of TCP), cut at byte `split` into two IPv4 fragments, or
    /// into an IPv6 pair; frame 1 is the first fragment unless `reversed`.
    private func capture(split: Int, ipv6: Bool = false, reversed: Bool = false, secondSeconds: UInt32 = 0) -> [UInt8] {
        let tcp = InspectHarness.segment(
            flags: 0x002, options: [2, 4, 0x05, 0xB4], payload: [UInt8](repeating: 0x61, count: 24), ipv6: ipv6)
        func frame(_ range: Range<Int>, more: Bool) -> [UInt8] {
            let data = Array(tcp[range])
            if ipv6 {
                return FrameBuilder.ipv6(
                    nextHeader: 44,
                    payload: FrameBuilder.ipv6FragmentHeader(offset: range.lowerBound, moreFragments: more) + data)
            }
            return FrameBuilder.ipv4(fragmentField: (more ? 0x2000 : 0) | UInt16(range.lowerBound / 8), payload: data)
        }
        var frames = [frame(0 ..< split, more: true), frame(split ..< tcp.count, more: false)]
        if reversed { frames.reverse() }
        var pcap = PcapBuilder(linkType: 101)
        pcap.record(seconds: 0, fraction: 0, frames[0])
        pcap.record(seconds: secondSeconds, fraction: 0, frames[1])
        return pcap.bytes
    }

    private let whole = "IP 192.0.2.1.47001 > 198.51.100.2.80: Flags [S], seq 1000:1024, win 64240, "
        + "options [mss 1460], length 24"

    func testReassembledSegmentText() throws {
        let run = try InspectHarness.run(
            capture(split: 16), configuration: InspectConfiguration(absoluteSequenceNumbers: true))
        XCTAssertEqual(run.lines.count, 2, run.output)
        XCTAssertTrue(run.lines[0].hasPrefix("    1  1970-01-01 00:00:00.000000 IP 192.0.2.1.47001 > 198.51.100.2.80"))
        XCTAssertTrue(
            run.lines[0].hasSuffix(
                " [first fragment: length counts its bytes only; held for reassembly]"
                    + " [tiny-fragment: the TCP header is cut across fragments]"), run.lines[0])
        XCTAssertEqual(
            run.lines[1],
            "    2  1970-01-01 00:00:00.000000 " + whole + " [anomalies: syn-with-data (info)]"
                + " [reassembled from frames 1, 2]")
        // The observer judged the whole segment once, not the first fragment.
        XCTAssertEqual(run.statistics?.anomalies["syn-with-data"], 1)
        let statistics = try XCTUnwrap(run.statistics)
        XCTAssertEqual(statistics.reassembledDatagrams, 1)
        XCTAssertEqual(statistics.tcpSegments, 1)
        XCTAssertEqual(statistics.heldFirstFragments, 1)
        XCTAssertEqual(statistics.tinyFragments, 1)
        XCTAssertEqual(statistics.badChecksums, 0)
        XCTAssertEqual(statistics.uncheckedChecksums, 0)
    }

    /// The first fragment arriving last completes the datagram: one line, the whole segment.
    func testFirstFragmentLastIPv6() throws {
        let run = try InspectHarness.run(
            capture(split: 24, ipv6: true, reversed: true),
            configuration: InspectConfiguration(absoluteSequenceNumbers: true))
        XCTAssertEqual(run.lines.count, 2, run.output)
        XCTAssertEqual(
            run.lines[0],
            "    1  1970-01-01 00:00:00.000000 IPv6 fragment at offset 24 of a TCP segment: no header; "
                + "held for reassembly")
        XCTAssertTrue(
            run.lines[1].hasSuffix(", length 24 [anomalies: syn-with-data (info)] [reassembled from frames 1, 2]"),
            run.lines[1])
        XCTAssertTrue(run.lines[1].contains("IP6 2001:db8::1.47001 > 2001:db8::2.80"), run.lines[1])
    }

    func testReassembledSegmentJSON() throws {
        let run = try InspectHarness.run(capture(split: 8), configuration: InspectConfiguration(json: true))
        XCTAssertEqual(run.lines.count, 2, run.output)
        XCTAssertTrue(run.lines[0].contains("\"first_fragment\":true,\"held_for_reassembly\":true"), run.lines[0])
        XCTAssertTrue(run.lines[0].contains("\"notes\":[\"tiny-fragment\"]"), run.lines[0])
        XCTAssertTrue(run.lines[1].contains("\"payload\":24"), run.lines[1])
        XCTAssertTrue(run.lines[1].contains("\"csum_ok\":true"), run.lines[1])
        XCTAssertTrue(run.lines[1].hasSuffix(",\"reassembled_from\":[1,2]}"), run.lines[1])
    }

    func testSummaryCountsReassembledAndDropped() throws {
        // The second fragment comes 31 s later: the datagram timed out, and the fragment alone never completes.
        var bytes = capture(split: 24, secondSeconds: 31)
        var run = try InspectHarness.run(bytes, configuration: InspectConfiguration(view: .summary))
        XCTAssertTrue(run.lines.contains("reassembled datagrams 0"), run.output)
        XCTAssertTrue(run.lines.contains("dropped datagrams     2"), run.output)
        XCTAssertTrue(run.lines.contains("  incomplete: 1 datagram"), run.output)
        XCTAssertTrue(run.lines.contains("  timed out: 1 datagram"), run.output)
        XCTAssertEqual(
            run.notes.first,
            "2 fragmented datagrams not reassembled: incomplete 1, timed_out 1; their first fragments were shown alone")
        bytes = capture(split: 24)
        run = try InspectHarness.run(bytes, configuration: InspectConfiguration(view: .summary, json: true))
        XCTAssertTrue(
            run.output.contains("\"reassembled_datagrams\":1,\"dropped_datagrams\":0,\"tiny_fragments\":0,"),
            run.output)
    }

    /// An IPv6 overlap drops the datagram at once (RFC 5722): the first fragment that caused it is shown, judged
    /// and counted alone.
    func testDroppedAtOnceIsShownAlone() throws {
        let tcp = InspectHarness.segment(options: [2, 4, 0x05, 0xB4], ipv6: true)
        var forged = tcp
        forged[23] ^= 0x01  // the MSS changed
        var pcap = PcapBuilder(linkType: 101)
        for bytes in [tcp, forged] {
            pcap.record(
                seconds: 0, fraction: 0,
                FrameBuilder.ipv6(
                    nextHeader: 44,
                    payload: FrameBuilder.ipv6FragmentHeader(offset: 0, moreFragments: true) + Array(bytes[0 ..< 16])
                        + Array(bytes[16 ..< 24])))
        }
        let run = try InspectHarness.run(pcap.bytes)
        XCTAssertEqual(run.lines.count, 2, run.output)
        XCTAssertTrue(run.lines[1].hasSuffix(" [first fragment: length counts its bytes only]"), run.lines[1])
        let statistics = try XCTUnwrap(run.statistics)
        XCTAssertEqual(statistics.tcpSegments, 1)
        XCTAssertEqual(statistics.heldFirstFragments, 1)
        XCTAssertEqual(statistics.droppedDatagrams, ["overlap": 1])
        XCTAssertEqual(
            run.notes.first, "1 fragmented datagram not reassembled: overlap 1; their first fragments were shown alone")
    }

    /// Without reassembly, the first fragment's line says its length is the fragment's share, and the observer
    /// judges it as before.
    func testNoReassembly() throws {
        let run = try InspectHarness.run(
            capture(split: 24),
            configuration: InspectConfiguration(absoluteSequenceNumbers: true, reassemblesFragments: false))
        XCTAssertEqual(run.lines.count, 2, run.output)
        XCTAssertTrue(run.lines[0].hasSuffix(", length 0 [first fragment: length counts its bytes only]"), run.lines[0])
        XCTAssertEqual(
            run.lines[1], "    2  1970-01-01 00:00:00.000000 IPv4 fragment at offset 24 of a TCP segment: no header")
        XCTAssertEqual(run.statistics?.tcpSegments, 1)
        XCTAssertEqual(run.statistics?.reassembledDatagrams, 0)
    }

    /// RFC 1858's second form: a fragment at offset 8 rewrites the header's second 8 bytes.
    func testFragmentAtOffset8IsTiny() throws {
        let run = try InspectHarness.run(
            capture(split: 8), configuration: InspectConfiguration(reassemblesFragments: false))
        XCTAssertTrue(
            run.lines[1].hasSuffix("no header [tiny-fragment: at offset 8, inside the TCP header]"), run.output)
        XCTAssertEqual(run.statistics?.tinyFragments, 2)
    }
}
