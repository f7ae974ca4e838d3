import CaptureTestSupport
import Foundation
import PacketCapture
import TCPInspectCore
import XCTest

/// Every supported file format and link type, and bad files of each kind, through the whole inspector.
final class InspectorInputTests: XCTestCase {
    let syn = InspectHarness.segment(options: [2, 4, 0x05, 0xB4])  // MSS 1460
    let expectedIPv4 = "IP 192.0.2.1.47001 > 198.51.100.2.80: Flags [S], seq 1000, win 64240, "
        + "options [mss 1460], length 0"
    let expectedIPv6 = "IP6 2001:db8::1.47001 > 2001:db8::2.80: Flags [S], seq 1000, win 64240, "
        + "options [mss 1460], length 0"

    /// The frame of each link type that carries `ipPacket`.
    func linkFrames(ipPacket: [UInt8], ipv6: Bool) -> [(String, UInt32, [UInt8])] {
        let etherType: UInt16 = ipv6 ? 0x86DD : 0x0800
        let family: UInt32 = ipv6 ? 24 : 2
        let sll = FrameBuilder.be16(0) + FrameBuilder.be16(1) + FrameBuilder.be16(6)  // packet type, ARPHRD, addr len
            + [UInt8](repeating: 0xAB, count: 8) + FrameBuilder.be16(etherType)  // address, protocol
        let sll2 = FrameBuilder.be16(etherType) + [0, 0]  // protocol, reserved
            + FrameBuilder.be32(2) + FrameBuilder.be16(1) + [0, 6]  // ifindex, ARPHRD, packet type, addr len
            + [UInt8](repeating: 0xAB, count: 8)  // address
        var frames: [(String, UInt32, [UInt8])] = [
            ("ethernet", 1, FrameBuilder.ethernet(etherType: etherType, payload: ipPacket)),
            ("802.1Q", 1, FrameBuilder.ethernet(etherType: etherType, tags: [(0x8100, 10)], payload: ipPacket)),
            ("QinQ", 1, FrameBuilder.ethernet(
                etherType: etherType, tags: [(0x88A8, 100), (0x8100, 10)], payload: ipPacket)),
            ("raw", 101, ipPacket),
            ("SLL", 113, sll + ipPacket),
            ("SLL2", 276, sll2 + ipPacket),
            ("null, little-endian", 0, withUnsafeBytes(of: family.littleEndian) { Array($0) } + ipPacket),
            ("null, big-endian", 0, FrameBuilder.be32(family) + ipPacket),
            ("LOOP", 108, FrameBuilder.be32(family) + ipPacket),
        ]
        frames.append(ipv6 ? ("raw IPv6", 229, ipPacket) : ("raw IPv4", 228, ipPacket))
        return frames
    }

    /// A capture already open (here from memory) reads as the same file read by path does, in every view, and a
    /// capture damaged part-way reports its frames before the error.
    func testCaptureAlreadyOpenReadsAsTheFile() throws {
        let path = FixturePaths.captures.appendingPathComponent("linux-session-ipv4.pcap").path
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for configuration in [
            InspectConfiguration(), InspectConfiguration(json: true), InspectConfiguration(view: .flows),
            InspectConfiguration(view: .summary),
        ] {
            let byPath = InspectHarness.run(path: path, configuration: configuration)
            let output = OutputBuffer(destination: .memory)
            let inspector = Inspector(configuration: configuration, output: output)
            let statistics = try inspector.run(try CaptureReader(bytes: bytes), name: "memory")
            XCTAssertEqual(output.text, byPath.output)
            XCTAssertEqual(statistics, byPath.statistics)
        }
        let damaged = Array(bytes.prefix(bytes.count - 7))
        let output = OutputBuffer(destination: .memory)
        let inspector = Inspector(configuration: InspectConfiguration(), output: output)
        XCTAssertThrowsError(try inspector.run(try CaptureReader(bytes: damaged), name: "cut")) { error in
            XCTAssertEqual((error as? InspectError)?.file, "cut")
        }
        XCTAssertEqual(output.text.split(separator: "\n").count, 25, "the frames before the damage")
    }

    func testEveryLinkTypeInPcap() throws {
        for ipv6 in [false, true] {
            let tcp = InspectHarness.segment(options: [2, 4, 0x05, 0xB4], ipv6: ipv6)
            let packet = ipv6 ? FrameBuilder.ipv6(payload: tcp) : FrameBuilder.ipv4(payload: tcp)
            for (name, linkType, frame) in linkFrames(ipPacket: packet, ipv6: ipv6) {
                var pcap = PcapBuilder(linkType: linkType)
                pcap.record(seconds: 1_700_000_000, fraction: 5, frame)
                let run = try InspectHarness.run(pcap.bytes)
                XCTAssertNil(run.error, name)
                XCTAssertEqual(run.lines.count, 1, name)
                let expected = ipv6 ? expectedIPv6 : expectedIPv4
                XCTAssertEqual(run.lines.first, "    1  2023-11-14 22:13:20.000005 " + expected, name)
            }
        }
    }

    func testPcapByteOrdersAndResolutions() throws {
        let frame = FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(payload: syn))
        for bigEndian in [false, true] {
            for nanosecond in [false, true] {
                var pcap = PcapBuilder(bigEndian: bigEndian, nanosecond: nanosecond)
                pcap.record(seconds: 1_700_000_000, fraction: nanosecond ? 123_456_789 : 123_456, frame)
                pcap.record(seconds: 1_700_000_001, fraction: 0, frame)
                let run = try InspectHarness.run(pcap.bytes)
                let label = "bigEndian \(bigEndian) nanosecond \(nanosecond)"
                XCTAssertEqual(run.lines, [
                    "    1  2023-11-14 22:13:20.123456 " + expectedIPv4,
                    // The same SYN again: the validator marks it.
                    "    2  2023-11-14 22:13:21.000000 " + expectedIPv4 + " [roles: retransmission]",
                ], label)
            }
        }
    }

    func testPcapNGBlocksInterfacesAndByteOrders() throws {
        let ipv4Frame = FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(payload: syn))
        let ipv6Packet = FrameBuilder.ipv6(payload: InspectHarness.segment(options: [2, 4, 0x05, 0xB4], ipv6: true))
        for bigEndian in [false, true] {
            var pcapng = PcapNGBuilder(bigEndian: bigEndian)
            pcapng.interface(linkType: 1)  // microseconds
            pcapng.interface(linkType: 101, resolution: 9)  // raw IP, nanoseconds
            pcapng.enhancedPacket(interface: 0, timestamp: 1_700_000_000_000_001, ipv4Frame)
            pcapng.enhancedPacket(interface: 1, timestamp: 1_700_000_000_000_000_002, ipv6Packet)
            pcapng.simplePacket(ipv4Frame)  // interface 0, no time
            pcapng.section(bigEndian: !bigEndian)  // a second section in the other byte order
            pcapng.interface(linkType: 276)
            pcapng.enhancedPacket(interface: 0, timestamp: 1_700_000_000_000_000, [
                0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0,
            ] + FrameBuilder.ipv4(payload: syn))
            let run = try InspectHarness.run(pcapng.bytes, name: "test.pcapng")
            XCTAssertNil(run.error)
            XCTAssertEqual(run.lines, [
                "    1  2023-11-14 22:13:20.000001 " + expectedIPv4,
                "    2  2023-11-14 22:13:20.000000 " + expectedIPv6,
                "    3  - " + expectedIPv4 + " [roles: retransmission]",
                "    4  2023-11-14 22:13:20.000000 " + expectedIPv4 + " [roles: retransmission]",
            ], "bigEndian \(bigEndian)")
        }
    }

    func testIPv6ExtensionHeaderChainAndIPv4Options() throws {
        let tcp = InspectHarness.segment(options: [2, 4, 0x05, 0xB4], ipv6: true)
        let chain = FrameBuilder.extensionHeader(next: 43, body: [0, 0, 0, 0, 0, 0])  // hop-by-hop: Pad1
            + FrameBuilder.extensionHeader(next: 60, body: [0, 0, 0, 0, 0, 0])  // routing (type 0, no segments)
            + FrameBuilder.extensionHeader(next: 6, body: [1, 4, 0, 0, 0, 0])  // destination options: PadN
        let packet = FrameBuilder.ipv6(nextHeader: 0, payload: chain + tcp)
        var pcap = PcapBuilder(linkType: 101)
        pcap.record(seconds: 0, fraction: 0, packet)
        pcap.record(seconds: 0, fraction: 0, FrameBuilder.ipv4(options: [1, 1, 1, 0], payload: syn))  // NOP NOP NOP EOL
        let run = try InspectHarness.run(pcap.bytes)
        XCTAssertEqual(run.lines, [
            "    1  1970-01-01 00:00:00.000000 " + expectedIPv6,
            "    2  1970-01-01 00:00:00.000000 " + expectedIPv4,
        ])
    }

    func testFragmentsAndOtherProtocolsAreCountedNotDecoded() throws {
        var pcap = PcapBuilder(linkType: 101)
        pcap.record(seconds: 0, fraction: 0, FrameBuilder.ipv4(fragmentField: 0x0010, payload: [1, 2, 3, 4]))  // 128
        pcap.record(seconds: 0, fraction: 0, FrameBuilder.ipv4(protocolNumber: 17, payload: [0, 53, 0, 53]))  // UDP
        pcap.record(seconds: 0, fraction: 0, FrameBuilder.ipv4(payload: syn))
        let run = try InspectHarness.run(pcap.bytes)
        XCTAssertEqual(run.lines, [
            "    1  1970-01-01 00:00:00.000000 IPv4 fragment at offset 128 of a TCP segment: no header; "
                + "held for reassembly",
            "    3  1970-01-01 00:00:00.000000 " + expectedIPv4,
        ])
        let statistics = try XCTUnwrap(run.statistics)
        XCTAssertEqual(statistics.nonFirstFragments, 1)
        XCTAssertEqual(statistics.notTCP, 1)
        XCTAssertEqual(statistics.tcpSegments, 1)
    }

    func testMalformedFrameIsReportedAndTheToolGoesOn() throws {
        var pcap = PcapBuilder(linkType: 1)
        pcap.record(seconds: 0, fraction: 0, FrameBuilder.ethernet(etherType: 0x0800, payload: [0x45, 0, 0]))
        pcap.record(seconds: 0, fraction: 0,
                    FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(payload: syn)))
        let run = try InspectHarness.run(pcap.bytes)
        XCTAssertEqual(run.lines.count, 2)
        XCTAssertEqual(run.lines.first,
                       "    1  1970-01-01 00:00:00.000000 malformed frame: IP header cut short: needed 20 bytes, "
                        + "3 captured (at byte 14)")
        XCTAssertEqual(run.statistics?.malformedFrames, 1)
    }

    // MARK: - Bad files

    /// Two good frames, so that an error's frame number shows it counted them.
    var twoFrames: PcapBuilder {
        var pcap = PcapBuilder()
        let frame = FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(payload: syn))
        pcap.record(seconds: 0, fraction: 0, frame)
        pcap.record(seconds: 0, fraction: 0, frame)
        return pcap
    }

    func assertUnreadable(_ bytes: [UInt8], name: String = "bad.pcap", frame: UInt64, goodLines: Int,
                          mentioning words: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try InspectHarness.run(bytes, name: name)
        let error = try XCTUnwrap(run.error, "no error", file: file, line: line)
        XCTAssertEqual(error.frame, frame, file: file, line: line)
        let message = error.description
        XCTAssertTrue(message.hasPrefix("\(name): "), message, file: file, line: line)
        for word in words {
            XCTAssertTrue(message.contains(word), "\(message) lacks \(word)", file: file, line: line)
        }
        XCTAssertEqual(run.lines.count, goodLines, "lines printed before the error", file: file, line: line)
    }

    func testBadPcapFiles() throws {
        try assertUnreadable([], frame: 1, goodLines: 0, mentioning: ["frame 1", "truncated", "needed"])
        try assertUnreadable([0x12, 0x34, 0x56, 0x78] + [UInt8](repeating: 0, count: 20), frame: 1, goodLines: 0,
                             mentioning: ["frame 1", "bad magic number 0x12345678"])
        try assertUnreadable(Array(twoFrames.bytes.prefix(10)), frame: 1, goodLines: 0,
                             mentioning: ["file header", "truncated"])
        var badVersion = twoFrames.bytes
        badVersion[4] = 3
        try assertUnreadable(badVersion, frame: 1, goodLines: 0, mentioning: ["version 3.4"])
        let whole = twoFrames.bytes
        try assertUnreadable(whole + [1, 2, 3], frame: 3, goodLines: 2,
                             mentioning: ["frame 3", "record header of frame 3", "truncated"])
        try assertUnreadable(Array(whole.dropLast(5)), frame: 2, goodLines: 1,
                             mentioning: ["frame 2", "record of frame 2", "truncated"])
        var huge = whole
        huge[24 + 8] = 0xFF  // incl_len of the first record: 0xFF.. bytes
        huge[24 + 11] = 0x7F
        try assertUnreadable(huge, frame: 1, goodLines: 0, mentioning: ["frame 1", "limit"])
    }

    func testBadPcapNGFiles() throws {
        var pcapng = PcapNGBuilder()
        pcapng.interface(linkType: 1)
        let frame = FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(payload: syn))
        pcapng.enhancedPacket(interface: 0, timestamp: 0, frame)
        let good = pcapng.bytes
        try assertUnreadable(Array(good.dropLast(4)), name: "bad.pcapng", frame: 1, goodLines: 0,
                             mentioning: ["frame 1", "block 3", "truncated"])
        var mismatch = good
        mismatch[mismatch.count - 1] ^= 0x01  // trailing length of the last block
        try assertUnreadable(mismatch, name: "bad.pcapng", frame: 1, goodLines: 0,
                             mentioning: ["frame 1", "block 3", "ends with"])
        var unknownInterface = PcapNGBuilder()
        unknownInterface.interface(linkType: 1)
        unknownInterface.enhancedPacket(interface: 0, timestamp: 0, frame)
        unknownInterface.enhancedPacket(interface: 4, timestamp: 0, frame)
        try assertUnreadable(unknownInterface.bytes, name: "bad.pcapng", frame: 2, goodLines: 1,
                             mentioning: ["frame 2", "interface 4"])
        var badByteOrder = good
        badByteOrder[8] = 0x99  // byte-order magic of the Section Header Block
        try assertUnreadable(badByteOrder, name: "bad.pcapng", frame: 1, goodLines: 0,
                             mentioning: ["byte-order magic"])
    }

    /// `if_tsoffset` may hold any 64-bit value: times at the ends of the Int64 range print as dates, not traps.
    func testExtremeTimestampOffsetsPrintInEveryView() throws {
        let frame = FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(payload: syn))
        let cases: [(Int64, UInt64, String)] = [
            (Int64.min, 0, "-292277022657-01-27 08:29:52.000000"),
            (Int64.max, 0, "292277026596-12-04 15:30:07.000000"),
            // The offset sum leaves the range: the record says so instead of a wrapped date.
            (Int64.max, 1_000_000, "[bad timestamp: 1 s plus if_tsoffset 9223372036854775807 s is out of range]"),
        ]
        for (offset, units, time) in cases {
            var pcapng = PcapNGBuilder()
            pcapng.interface(linkType: 1, offsetSeconds: offset)
            pcapng.enhancedPacket(interface: 0, timestamp: units, frame)
            pcapng.enhancedPacket(interface: 0, timestamp: units, Array(frame.prefix(20)))  // a malformed frame
            let views: [InspectConfiguration] = [
                InspectConfiguration(), InspectConfiguration(json: true), InspectConfiguration(view: .flows),
                InspectConfiguration(view: .summary),
            ]
            for configuration in views {
                let run = try InspectHarness.run(pcapng.bytes, configuration: configuration, name: "time.pcapng")
                XCTAssertNil(run.error, "offset \(offset)")
                XCTAssertEqual(run.statistics?.frames, 2, "offset \(offset)")
            }
            let run = try InspectHarness.run(pcapng.bytes, name: "time.pcapng")
            XCTAssertEqual(run.lines.first, "    1  \(time) " + expectedIPv4, "offset \(offset)")
            XCTAssertEqual(run.lines.count, 2, "offset \(offset)")
            XCTAssertTrue(run.lines.last?.hasPrefix("    2  \(time) malformed frame") ?? false, "offset \(offset)")
        }
    }

    /// A pcap fraction field of a second or more is said to be wrong, in place of a date with too many digits.
    func testOutOfRangeFractionsAreNamedNotPrinted() throws {
        let frame = FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(payload: syn))
        var pcap = PcapBuilder()
        pcap.record(seconds: 1_700_000_000, fraction: 0xFFFF_FFFF, frame)
        pcap.record(seconds: 1_700_000_000, fraction: 0xFFFF_FFFF, Array(frame.prefix(20)))  // a malformed frame
        pcap.record(seconds: 1_700_000_000, fraction: 999_999, frame)
        let run = try InspectHarness.run(pcap.bytes)
        XCTAssertNil(run.error)
        XCTAssertEqual(run.lines.count, 3, run.output)
        XCTAssertEqual(
            run.lines[0], "    1  [bad timestamp: microsecond field 4294967295 is a second or more] " + expectedIPv4)
        XCTAssertTrue(
            run.lines[1].hasPrefix(
                "    2  [bad timestamp: microsecond field 4294967295 is a second or more] malformed"),
            run.lines[1])
        XCTAssertTrue(run.lines[2].hasPrefix("    3  2023-11-14 22:13:20.999999 "), run.lines[2])
        XCTAssertFalse(run.output.contains("4294967295000"))
    }

    func testMissingFile() {
        let run = InspectHarness.run(path: "/nonexistent/capture.pcap")
        XCTAssertEqual(run.error?.description, "/nonexistent/capture.pcap: cannot open: no such file or directory")
    }
}
