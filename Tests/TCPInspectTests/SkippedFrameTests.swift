import CaptureTestSupport
import PacketCapture
import TCPInspectCore
import XCTest

/// Frames without TCP are counted by why, said in `--summary` (text and JSON) and in a note at the end of the other
/// views: nothing is dropped without a word.
final class SkippedFrameTests: XCTestCase {
    func testReasonsInWords() {
        XCTAssertEqual(FrameNoteText.describe(.etherType(0x0806)), "EtherType 0x0806 (ARP)")
        XCTAssertEqual(FrameNoteText.describe(.etherType(0x1234)), "EtherType 0x1234")
        XCTAssertEqual(FrameNoteText.describe(.etherType(0x88CC)), "EtherType 0x88cc (LLDP)")
        XCTAssertEqual(FrameNoteText.describe(.etherType(46)), "IEEE 802.3 frame (length field 46)")
        XCTAssertEqual(FrameNoteText.describe(.ipProtocol(version: .v4, protocolNumber: 17)), "IPv4 protocol 17 (UDP)")
        XCTAssertEqual(
            FrameNoteText.describe(.ipProtocol(version: .v6, protocolNumber: 58)), "IPv6 protocol 58 (ICMPv6)")
        XCTAssertEqual(FrameNoteText.describe(.ipProtocol(version: .v4, protocolNumber: 253)), "IPv4 protocol 253")
        XCTAssertEqual(FrameNoteText.describe(.unsupportedLinkType(LinkType(rawValue: 147))), "link type 147")
        XCTAssertEqual(FrameNoteText.describe(.addressFamily(7)), "loopback address family 7")
    }

    func testCounterOrdersByFramesAndIsBounded() {
        var counter = SkippedFrameCounter()
        counter.add(.etherType(0x0806))
        for _ in 0 ..< 3 { counter.add(.ipProtocol(version: .v4, protocolNumber: 17)) }
        counter.add(.etherType(0x88CC))
        XCTAssertEqual(counter.total, 5)
        XCTAssertEqual(counter.described.map(\.reason), [
            "IPv4 protocol 17 (UDP)", "EtherType 0x0806 (ARP)", "EtherType 0x88cc (LLDP)",
        ], "most frames first, then by text")
        for family in UInt32(0) ..< 300 { counter.add(.addressFamily(family)) }
        XCTAssertEqual(counter.counts.count, SkippedFrameCounter.capacity, "distinct reasons are bounded")
        XCTAssertEqual(counter.overflow, 300 - UInt64(SkippedFrameCounter.capacity - 3))
        XCTAssertEqual(counter.total, 305, "no frame is lost from the count")
        XCTAssertEqual(counter.described.last?.reason, "other reasons")
    }

    /// Two ARP frames, three UDP datagrams and one TCP segment.
    private func mixedCapture() -> [UInt8] {
        var pcap = PcapBuilder(linkType: 1)
        let arp = FrameBuilder.ethernet(etherType: 0x0806, payload: [UInt8](repeating: 0, count: 28))
        let udp = FrameBuilder.ethernet(
            etherType: 0x0800, payload: FrameBuilder.ipv4(protocolNumber: 17, payload: [0, 53, 0, 53, 0, 8, 0, 0]))
        let tcp = FrameBuilder.ethernet(
            etherType: 0x0800, payload: FrameBuilder.ipv4(payload: InspectHarness.segment()))
        for frame in [arp, udp, tcp, udp, arp, udp] {
            pcap.record(seconds: 0, fraction: 0, frame)
        }
        return pcap.bytes
    }

    func testSummarySaysWhatWasSkipped() throws {
        let text = try InspectHarness.run(mixedCapture(), configuration: InspectConfiguration(view: .summary))
        XCTAssertTrue(
            text.output.contains(
                "not tcp               5\n  IPv4 protocol 17 (UDP): 3 frames\n  EtherType 0x0806 (ARP): 2 frames\n"),
            text.output)
        XCTAssertEqual(text.statistics?.notTCP, 5)
        XCTAssertEqual(text.statistics?.skipped.total, 5)
        XCTAssertTrue(text.notes.isEmpty, "the summary says it itself")
        let json = try InspectHarness.run(
            mixedCapture(), configuration: InspectConfiguration(view: .summary, json: true))
        let object = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let skipped = try XCTUnwrap(object["skipped"] as? [String: Int])
        XCTAssertEqual(skipped, ["IPv4 protocol 17 (UDP)": 3, "EtherType 0x0806 (ARP)": 2])
    }

    /// A Wi-Fi capture (radiotap, link type 127): the TCP segments of data frames are shown and judged; a beacon,
    /// an encrypted data frame and a frame the radio header says failed its FCS check are counted by name. The FCS
    /// the capture kept ends no segment.
    func testRadiotapCapture() throws {
        let flagsWithFCS: [UInt8] = [0, 0, 18, 0, 0x03, 0x08, 0, 0] + [UInt8](repeating: 0, count: 8) + [0x10, 0]
        let flagsBadFCS: [UInt8] = [0, 0, 18, 0, 0x03, 0x08, 0, 0] + [UInt8](repeating: 0, count: 8) + [0x50, 0]
        func data(_ protected: Bool, _ segment: [UInt8]) -> [UInt8] {
            [0x08, protected ? 0x41 : 0x01, 0, 0] + [UInt8](repeating: 2, count: 18) + [0, 0]
                + [0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00] + FrameBuilder.ipv4(payload: segment)
        }
        let fcs: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF]
        var pcap = PcapBuilder(linkType: 127)
        pcap.record(seconds: 1, fraction: 0, flagsWithFCS + [0x80, 0] + [UInt8](repeating: 0, count: 40) + fcs)
        pcap.record(seconds: 1, fraction: 1, flagsWithFCS + data(false, InspectHarness.segment()) + fcs)
        pcap.record(seconds: 1, fraction: 2, flagsWithFCS + data(true, [1, 2, 3, 4]) + fcs)
        pcap.record(seconds: 1, fraction: 3, flagsBadFCS + data(false, InspectHarness.segment(flags: 0x004)) + fcs)
        let run = try InspectHarness.run(pcap.bytes)
        XCTAssertEqual(run.lines.count, 1, run.output)
        XCTAssertTrue(
            run.output.contains("192.0.2.1.47001 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, length 0"),
            run.output)
        XCTAssertEqual(run.statistics?.tcpSegments, 1)
        XCTAssertEqual(run.statistics?.truncatedSegments, 0)
        XCTAssertEqual(run.statistics?.badChecksums, 0)
        XCTAssertEqual(run.notes, [
            "3 frames without TCP skipped: "
                + "IEEE 802.11 frame received with a bad frame check sequence or PHY error (corrupt) 1, "
                + "IEEE 802.11 management frame, subtype 8 1, IEEE 802.11 protected (encrypted) data frame 1",
        ])
    }

    /// A Wi-Fi A-MSDU (QoS data, the A-MSDU present bit): each subframe's segment has its line, marked with the
    /// subframe, under the frame's number; a subframe without TCP is counted as a frame would be; one segment of a
    /// flow whose next one is in the same frame is judged in order.
    func testAggregateMSDUSubframesAreSegments() throws {
        func subframe(_ packet: [UInt8], etherType: [UInt8] = [0x08, 0x00], last: Bool = false) -> [UInt8] {
            let msdu = [0xAA, 0xAA, 0x03, 0, 0, 0] + etherType + packet
            let body = [UInt8](repeating: 4, count: 12) + FrameBuilder.be16(UInt16(msdu.count)) + msdu
            return body + [UInt8](repeating: 0, count: last ? 0 : (4 - body.count % 4) % 4)
        }
        let syn = FrameBuilder.ipv4(payload: InspectHarness.segment(flags: 0x002, sequence: 1000))
        let data = FrameBuilder.ipv4(payload: InspectHarness.segment(
            flags: 0x018, sequence: 1001, acknowledgment: 7, payload: [1, 2, 3]))
        // QoS data (subtype 8), the QoS control's A-MSDU bit; radiotap without fields before it.
        let frame: [UInt8] = [0, 0, 8, 0, 0, 0, 0, 0] + [0x88, 0x01, 0, 0] + [UInt8](repeating: 2, count: 18)
            + [0x10, 0x00] + [0x80, 0x00]
            + subframe(syn) + subframe([UInt8](repeating: 0, count: 28), etherType: [0x08, 0x06])
            + subframe(data, last: true)
        var pcap = PcapBuilder(linkType: 127)
        pcap.record(seconds: 1, fraction: 0, frame)
        let run = try InspectHarness.run(pcap.bytes)
        XCTAssertEqual(run.lines.count, 2, run.output)
        XCTAssertTrue(run.lines[0].hasPrefix("    1 ") && run.lines[0].contains("Flags [S], seq 1000"), run.output)
        XCTAssertTrue(run.lines[0].hasSuffix(" [A-MSDU subframe 1]"), run.output)
        XCTAssertTrue(run.lines[1].hasPrefix("    1 ") && run.lines[1].contains("Flags [P.]"), run.output)
        XCTAssertTrue(run.lines[1].hasSuffix(" [A-MSDU subframe 3]"), run.output)
        XCTAssertEqual(run.statistics?.frames, 1)
        XCTAssertEqual(run.statistics?.tcpSegments, 2)
        XCTAssertEqual(run.notes, ["1 frame without TCP skipped: EtherType 0x0806 (ARP) 1"])
        let json = try InspectHarness.run(pcap.bytes, configuration: InspectConfiguration(json: true))
        let objects = try json.lines.map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        XCTAssertEqual(objects.map { $0["frame"] as? Int }, [1, 1])
        XCTAssertEqual(objects.map { $0["subframe"] as? Int }, [1, 3])
        // The flow has two segments in one frame: one frame in its report.
        let flows = try InspectHarness.run(
            pcap.bytes, configuration: InspectConfiguration(view: .flows, listsFlowFrames: true))
        XCTAssertTrue(
            flows.lines.contains("  client to server: 2 segments, 3 bytes; server to client: 0 segments, 0 bytes"),
            flows.output)
        XCTAssertTrue(flows.lines.contains("  frames: 1 (first 1, last 1)"), flows.output)
        XCTAssertTrue(flows.lines.contains("  frame list: 1"), flows.output)
    }

    /// A Wi-Fi MAC retransmission (the Retry flag, a sequence number captured before from the same transmitter to
    /// the same receiver) is a copy its receiver keeps once: a note, not a second segment (no TCP retransmission);
    /// a retry whose original was not captured is the segment.
    func testWirelessRetransmissionIsNotASecondSegment() throws {
        let radiotap: [UInt8] = [0, 0, 8, 0, 0, 0, 0, 0]
        func data(retry: Bool, sequence: UInt16, _ segment: [UInt8]) -> [UInt8] {
            radiotap + [0x08, retry ? 0x09 : 0x01, 0, 0] + [UInt8](repeating: 2, count: 18)
                + [UInt8(truncatingIfNeeded: sequence << 4), UInt8(sequence >> 4)]
                + [0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00] + FrameBuilder.ipv4(payload: segment)
        }
        let syn = InspectHarness.segment()
        var pcap = PcapBuilder(linkType: 127)
        pcap.record(seconds: 1, fraction: 0, data(retry: false, sequence: 40, syn))
        pcap.record(seconds: 1, fraction: 1, data(retry: true, sequence: 40, syn))
        pcap.record(seconds: 1, fraction: 2, data(retry: false, sequence: 41, syn))
        // The copy's original was not captured: the copy is the segment.
        pcap.record(seconds: 1, fraction: 3, data(retry: true, sequence: 42, syn))
        let run = try InspectHarness.run(pcap.bytes)
        XCTAssertEqual(run.statistics?.tcpSegments, 3, run.output)
        XCTAssertEqual(run.lines.count, 4, run.output)
        XCTAssertTrue(run.lines[0].hasPrefix("    1 "), run.output)
        XCTAssertTrue(run.lines[1].hasPrefix("    2 "), run.output)
        XCTAssertTrue(
            run.lines[1].hasSuffix("IEEE 802.11 retransmission (a copy its receiver keeps once): not read again"),
            run.output)
        XCTAssertTrue(run.lines[2].hasPrefix("    3 ") && run.lines[2].contains("Flags [S]"), run.output)
        XCTAssertTrue(run.lines[3].hasPrefix("    4 ") && run.lines[3].contains("Flags [S]"), run.output)
        XCTAssertEqual(run.notes, [
            "1 frame without TCP skipped: IEEE 802.11 retransmission (a copy its receiver keeps once) 1",
        ])
    }

    func testOtherViewsEndWithANote() throws {
        for configuration in [
            InspectConfiguration(), InspectConfiguration(json: true), InspectConfiguration(view: .flows),
        ] {
            let run = try InspectHarness.run(mixedCapture(), configuration: configuration)
            XCTAssertEqual(
                run.notes, ["5 frames without TCP skipped: IPv4 protocol 17 (UDP) 3, EtherType 0x0806 (ARP) 2"])
        }
        var pcap = PcapBuilder(linkType: 1)
        pcap.record(seconds: 0, fraction: 0, FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(
            payload: InspectHarness.segment())))
        XCTAssertTrue(try InspectHarness.run(pcap.bytes).notes.isEmpty, "nothing skipped, nothing said")
    }
}
