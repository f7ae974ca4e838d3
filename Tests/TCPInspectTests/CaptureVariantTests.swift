import CaptureTestSupport
import Foundation
import PacketCapture
import TCPInspectCore
import XCTest

/// The real Linux recordings in `Captures/`, and every capture artifact made from them, judged by the inspector's
/// flow observer: no `violation` anomaly, ever.
///
/// Each variant removes or cuts what a real capture can miss (the start of a flow, frames here and there, one
/// direction, the bytes past a snapshot length, everything but the control segments) and is written to a temporary
/// pcap with the original link type, timestamps and wire lengths. What was removed must show as `capture`
/// anomalies, never as a violation. A variant that produces one is kept on disk (its path is in the failure message,
/// with the offending lines of `tcp-inspect`'s segment view) so that it can be replayed with `swift run tcp-inspect`.
final class CaptureVariantTests: XCTestCase {
    /// One frame of a recording, copied out of the reader's buffer.
    struct Frame {
        /// The 1-based frame number in the recording.
        var number: Int
        var seconds: UInt32
        var fraction: UInt32
        var bytes: [UInt8]
        var originalLength: UInt32
    }

    /// A recording: its pcap file header fields and its frames.
    struct Recording {
        var name: String
        var linkType: UInt32
        var snapLength: UInt32
        var nanosecond: Bool
        var bigEndian: Bool
        var frames: [Frame]
    }

    /// The recordings of `Captures/README.md`.
    static let recordingNames = [
        "linux-session-ipv4.pcap", "linux-session-ipv6.pcap", "linux-tfo.pcap", "linux-mptcp.pcap",
        "linux-lossy-bulk.pcap", "linux-window-shrink.pcap", "linux-reset-paths.pcap", "linux-reordering-ipv6.pcap",
        "linux-slow-reader.pcap", "linux-bidir-loss.pcap", "linux-usec-synack-loss.pcap", "linux-usec-lossy.pcap",
        "linux-usec-reordering-ipv6.pcap", "linux-nots-bidir-loss.pcap", "linux-nots-reordering-ipv6.pcap",
        "linux-nots-slow-reader.pcap", "linux-nots-nosack-bidir-loss.pcap", "linux-nots-mixed.pcap",
        "linux-offloads.pcap", "linux-offloads-lossy.pcap",
    ]

    /// Variants of the recordings whose violations are known to be false and not yet told from the capture's doing,
    /// with their exact counts by anomaly name, keyed by the variant's label (`"name.pcap [variant]"`): the test fails
    /// if they change, and when they are gone (so that the entry is removed). None at present: the last ones, pure
    /// ACKs of the server's overtaken by an acknowledgment of its data in captures without timestamps and without
    /// data segments, went with the rule that such a pure ACK proves nothing unless it acknowledges bytes sent after
    /// the acknowledgment.
    static let knownFalseViolations: [String: [String: UInt64]] = [:]

    /// The client's addresses in the recordings (192.0.2.1, 2001:db8::1); the server is the other end.
    static let clientAddresses: [[UInt8]] = [
        [192, 0, 2, 1], [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [1],
    ]

    /// Where variants that produced a violation are kept for replay.
    static let keptDirectory = FileManager.default.temporaryDirectory
        .appendingPathComponent("capture-variant-failures")

    // MARK: Reading and writing

    /// Reads a recording whole.
    func load(_ name: String) throws -> Recording {
        let path = FixturePaths.captures.appendingPathComponent(name).path
        let reader = try CaptureReader(path: path)
        guard case .pcap(let header) = reader.format else {
            throw XCTSkip("\(name) is not a pcap file")
        }
        var frames: [Frame] = []
        while let record = try reader.nextRecord() {
            let timestamp = record.timestamp ?? CaptureTimestamp(seconds: 0, nanoseconds: 0)
            let fraction = header.hasNanosecondTimestamps ? timestamp.nanoseconds : timestamp.nanoseconds / 1000
            frames.append(Frame(
                number: frames.count + 1, seconds: UInt32(truncatingIfNeeded: timestamp.seconds),
                fraction: UInt32(fraction), bytes: Array(record.bytes), originalLength: record.originalLength))
        }
        return Recording(
            name: name, linkType: header.linkType.rawValue, snapLength: header.snapLength,
            nanosecond: header.hasNanosecondTimestamps, bigEndian: header.byteOrder == .bigEndian, frames: frames)
    }

    /// The pcap file of `frames` with the recording's header fields (the snapshot length at most `snapLength`).
    func pcap(_ recording: Recording, _ frames: [Frame], snapLength: UInt32? = nil) -> [UInt8] {
        var builder = PcapBuilder(
            bigEndian: recording.bigEndian, nanosecond: recording.nanosecond, linkType: recording.linkType,
            snapLength: min(recording.snapLength, snapLength ?? recording.snapLength))
        for frame in frames {
            builder.record(
                seconds: frame.seconds, fraction: frame.fraction, frame.bytes, originalLength: frame.originalLength)
        }
        return builder.bytes
    }

    /// Runs the inspector (summary view, validating) over a file.
    func inspect(path: String, view: InspectConfiguration.View = .summary) -> (InspectStatistics?, Error?, String) {
        let output = OutputBuffer(destination: .memory)
        let inspector = Inspector(configuration: InspectConfiguration(view: view), output: output)
        do {
            let statistics = try inspector.run(path: path)
            return (statistics, nil, output.text)
        } catch {
            return (nil, error, output.text)
        }
    }

    /// The segment-view lines marked with `severity`, each with up to three lines before it (at most four hits).
    func markedLines(path: String, severity: String) -> String {
        let lines = inspect(path: path, view: .segments).2.split(separator: "\n").map(String.init)
        var excerpt: [String] = []
        var hits = 0
        for (index, line) in lines.enumerated() where line.contains("(\(severity))") {
            hits += 1
            guard hits <= 4 else { continue }
            excerpt.append("  ...")
            excerpt += lines[max(0, index - 3)...index].map { "  " + $0 }
        }
        if hits > 4 { excerpt.append("  (\(hits - 4) more)") }
        return excerpt.joined(separator: "\n")
    }

    /// Writes a variant, judges it, asserts no violation (and, with `maximumDiscouraged`, no more `discouraged`
    /// anomalies than that) and returns the statistics; a failing variant is kept and its lines are quoted.
    @discardableResult
    func judge(
        _ recording: Recording, _ frames: [Frame], variant: String, snapLength: UInt32? = nil,
        maximumDiscouraged: UInt64? = nil, file: StaticString = #filePath, line: UInt = #line
    ) throws -> InspectStatistics? {
        let label = "\(recording.name) [\(variant)]"
        let fileName = recording.name.replacingOccurrences(of: ".pcap", with: "")
            + "-" + variant.map { $0.isLetter || $0.isNumber ? $0 : "-" } + ".pcap"
        try FileManager.default.createDirectory(at: Self.keptDirectory, withIntermediateDirectories: true)
        let url = Self.keptDirectory.appendingPathComponent(fileName)
        try Data(pcap(recording, frames, snapLength: snapLength)).write(to: url)
        let (statistics, error, _) = inspect(path: url.path)
        XCTAssertNil(error, "\(label): \(String(describing: error))", file: file, line: line)
        guard let statistics else { return nil }
        let names = statistics.anomalies.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", ")
        var keep = false
        let known = Self.knownFalseViolations[label]
        if let known, statistics.anomaliesBySeverity["violation"] != known.values.reduce(0, +)
            || known.contains(where: { statistics.anomalies[$0.key] != $0.value })
        {
            XCTFail(
                "\(label): the known false violations \(known) changed (\(names)): update or remove the entry",
                file: file, line: line)
        }
        if let violations = statistics.anomaliesBySeverity["violation"], known == nil {
            keep = true
            XCTFail(
                "\(label): \(violations) violations (\(names)), \(frames.count) frames, kept at \(url.path)\n"
                    + markedLines(path: url.path, severity: "violation"), file: file, line: line)
        }
        if let maximumDiscouraged, let discouraged = statistics.anomaliesBySeverity["discouraged"],
            discouraged > maximumDiscouraged
        {
            keep = true
            XCTFail(
                "\(label): \(discouraged) discouraged (\(names)), kept at \(url.path)\n"
                    + markedLines(path: url.path, severity: "discouraged"), file: file, line: line)
        }
        if !keep { try? FileManager.default.removeItem(at: url) }
        return statistics
    }

    /// Asserts that the variant's removal shows as `capture` anomalies when the capture can tell: when a frame that
    /// took sequence space (data, SYN or FIN) was removed. A pure ACK that a later one covers leaves no trace.
    func assertCaptureNoted(
        _ statistics: InspectStatistics?, _ label: String, kept: [Frame], of recording: Recording,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let statistics else { return }
        let keptNumbers = Set(kept.map(\.number))
        let removed = recording.frames.filter { !keptNumbers.contains($0.number) }
        // Only a connection with frames both kept and removed misses something: one removed whole is not seen at all
        // (a cut between two connections leaves the later ones whole).
        let keptConnections = Set(kept.compactMap { Self.connection($0.bytes) })
        guard removed.contains(where: { frame in
            Self.takesSequenceSpace(frame.bytes) && Self.connection(frame.bytes).map(keptConnections.contains) == true
        })
        else { return }
        XCTAssertGreaterThan(
            statistics.anomaliesBySeverity["capture"] ?? 0, 0,
            "\(label): no capture anomaly (\(statistics.anomalies))", file: file, line: line)
    }

    // MARK: What the variants need to know of a frame (Ethernet, dissected by PacketCapture)

    /// A frame's TCP segment as the full recorded frame (before any cut) holds it.
    struct SegmentFacts {
        /// The offset of the TCP header in the frame.
        var tcpOffset: Int
        /// The TCP flags byte (CWR ... FIN), or `nil` when it was not captured.
        var flags: UInt8?
        /// The TCP header's length from its data offset, or `nil` when that was not captured.
        var headerLength: Int?
        /// The TCP length (header and payload) the IP header declares.
        var declaredLength: Int
        /// The IP source address.
        var source: [UInt8]
    }

    /// The TCP segment of a recorded frame, or `nil` when the frame carries none.
    static func segment(_ bytes: [UInt8]) -> SegmentFacts? {
        bytes.withUnsafeBytes { raw in
            guard case .tcp(let segment) = PacketDissector.dissect(raw, linkType: .ethernet) else { return nil }
            let tcp = segment.bytes
            return SegmentFacts(
                tcpOffset: segment.tcpOffset, flags: tcp.count > 13 ? tcp[13] : nil,
                headerLength: tcp.count > 12 ? Int(tcp[12] >> 4) * 4 : nil, declaredLength: segment.declaredLength,
                source: segment.source.withUnsafeBytes { Array($0) })
        }
    }

    /// The connection of the recording a frame belongs to, by its ports (the client's in the high half; the client is
    /// the end at one of ``clientAddresses``), or `nil` for a frame without the TCP ports.
    static func connection(_ bytes: [UInt8]) -> UInt32? {
        bytes.withUnsafeBytes { raw in
            guard case .tcp(let segment) = PacketDissector.dissect(raw, linkType: .ethernet), segment.bytes.count >= 4
            else { return nil }
            let tcp = segment.bytes
            let source = UInt32(tcp[0]) << 8 | UInt32(tcp[1])
            let destination = UInt32(tcp[2]) << 8 | UInt32(tcp[3])
            let fromClient = clientAddresses.contains(segment.source.withUnsafeBytes { Array($0) })
            return fromClient ? source << 16 | destination : destination << 16 | source
        }
    }

    /// Whether the segment takes sequence space: payload on the wire, SYN or FIN.
    static func takesSequenceSpace(_ bytes: [UInt8]) -> Bool {
        guard let segment = segment(bytes), let flags = segment.flags, let header = segment.headerLength else {
            return false
        }
        return flags & 0x03 != 0 || segment.declaredLength > header
    }

    /// Frames sent by the client (`fromClient`) or by the server.
    static func oneSide(_ frames: [Frame], fromClient: Bool) -> [Frame] {
        frames.filter { frame in
            guard let source = segment(frame.bytes)?.source else { return false }
            return clientAddresses.contains(source) == fromClient
        }
    }

    /// Every frame but each `k`-th (1-based).
    static func droppingEvery(_ k: Int, _ frames: [Frame]) -> [Frame] {
        frames.enumerated().filter { ($0.offset + 1) % k != 0 }.map(\.element)
    }

    /// Each frame with its captured bytes cut to `length` (the wire length stays).
    static func cut(_ frames: [Frame], to length: Int) -> [Frame] {
        frames.map { frame in
            var cut = frame
            cut.bytes = Array(frame.bytes.prefix(length))
            return cut
        }
    }

    // MARK: The tests

    /// As recorded: no violation, and nothing discouraged but the one window retraction of the shrink recording.
    func testRecordingsAsRecorded() throws {
        for name in Self.recordingNames {
            let recording = try load(name)
            let allowed: UInt64 = name == "linux-window-shrink.pcap" ? 1 : 0
            let statistics = try judge(recording, recording.frames, variant: "as-recorded", maximumDiscouraged: allowed)
            if name == "linux-window-shrink.pcap" {
                XCTAssertEqual(statistics?.anomalies["window-retraction"], 1, name)
                XCTAssertEqual(statistics?.anomaliesBySeverity["discouraged"], 1, name)
            }
        }
    }

    /// The first N frames not captured: the flows they started are picked up mid-stream.
    func testMidStreamPickups() throws {
        for name in Self.recordingNames {
            let recording = try load(name)
            var counts = [1, 2, 3, 5, recording.frames.count / 3]
            counts = counts.enumerated().filter { !counts[..<$0.offset].contains($0.element) }.map(\.element)
            for count in counts {
                let variant = "mid-stream-\(count)"
                let frames = Array(recording.frames.dropFirst(count))
                let statistics = try judge(recording, frames, variant: variant)
                assertCaptureNoted(statistics, "\(name) [\(variant)]", kept: frames, of: recording)
            }
        }
    }

    /// Every k-th frame not captured: gaps, ACKs of unseen bytes.
    func testGaps() throws {
        for name in Self.recordingNames {
            let recording = try load(name)
            for k in [3, 5, 7] {
                let frames = Self.droppingEvery(k, recording.frames)
                let statistics = try judge(recording, frames, variant: "drop-every-\(k)")
                assertCaptureNoted(statistics, "\(name) [drop-every-\(k)]", kept: frames, of: recording)
            }
        }
    }

    /// One frame in ten not captured, at random (seed 0x5EED_CA97).
    func testRandomThinning() throws {
        for name in Self.recordingNames {
            let recording = try load(name)
            var random = SplitMix64(seed: 0x5EED_CA97)
            let kept = recording.frames.filter { _ in random.next() % 10 != 0 }
            guard kept.count < recording.frames.count else { continue }
            let statistics = try judge(recording, kept, variant: "thinned-10pct")
            assertCaptureNoted(statistics, "\(name) [thinned-10pct]", kept: kept, of: recording)
        }
    }

    /// Only the client's frames, or only the server's: every answered flow is noted `one-direction-only`. Then the
    /// same from a third of the way in: no violation either.
    func testOneSided() throws {
        for name in Self.recordingNames {
            let recording = try load(name)
            for fromClient in [true, false] {
                let variant = fromClient ? "client-only" : "server-only"
                let frames = Self.oneSide(recording.frames, fromClient: fromClient)
                XCTAssertFalse(frames.isEmpty, "\(name) [\(variant)]: no frame")
                let statistics = try judge(recording, frames, variant: variant)
                XCTAssertGreaterThan(
                    statistics?.anomalies["one-direction-only"] ?? 0, 0,
                    "\(name) [\(variant)]: \(statistics?.anomalies ?? [:])")
                // One side, and from the middle of the capture on (an asymmetric route seen after a restart).
                let later = Self.oneSide(Array(recording.frames.dropFirst(recording.frames.count / 3)),
                                         fromClient: fromClient)
                guard !later.isEmpty else { continue }
                _ = try judge(recording, later, variant: variant + "-mid-stream")
            }
        }
    }

    /// Every frame cut to a snapshot length: a TCP header cut inside its options is `header-cut-by-capture`, never a
    /// malformed option, a bad data offset or a missing timestamp, and no segment is conntrack-INVALID.
    func testSnapshotLengths() throws {
        for name in Self.recordingNames {
            let recording = try load(name)
            for length in [54, 60, 66, 74, 96] {
                let variant = "snaplen-\(length)"
                // Segments whose fixed header survives but whose options do not.
                let cutInsideOptions = recording.frames.filter { frame in
                    guard let segment = Self.segment(frame.bytes), let header = segment.headerLength else {
                        return false
                    }
                    let tcp = segment.tcpOffset
                    return length >= tcp + 20 && length < tcp + header && frame.bytes.count > length
                }.count
                let statistics = try judge(
                    recording, Self.cut(recording.frames, to: length), variant: variant, snapLength: UInt32(length))
                let anomalies = statistics?.anomalies ?? [:]
                for wrong in ["option-error", "data-offset-error", "missing-timestamp"] {
                    XCTAssertNil(anomalies[wrong], "\(name) [\(variant)]: \(wrong) (\(anomalies))")
                }
                // A SYN's options cut: its window scale is unknown, and conntrack's bounds take its windows at their
                // largest, never unscaled (which made every segment beyond the unscaled window INVALID).
                XCTAssertEqual(
                    statistics?.conntrackInvalid, 0, "\(name) [\(variant)]: \(statistics?.conntrack ?? [:])")
                XCTAssertEqual(
                    anomalies["header-cut-by-capture"] ?? 0, UInt64(cutInsideOptions),
                    "\(name) [\(variant)]: \(anomalies)")
            }
        }
    }

    /// Only the control segments (SYN, FIN or RST set), as a `tcp[13] & 7 != 0` capture filter keeps them.
    func testControlSegmentsOnly() throws {
        for name in Self.recordingNames {
            let recording = try load(name)
            let kept = recording.frames.filter { (Self.segment($0.bytes)?.flags ?? 0) & 0x07 != 0 }
            XCTAssertLessThan(kept.count, recording.frames.count, name)
            let statistics = try judge(recording, kept, variant: "syn-fin-rst-only")
            assertCaptureNoted(statistics, "\(name) [syn-fin-rst-only]", kept: kept, of: recording)
        }
    }

    /// Only the segments that carry data or a SYN, FIN or RST, as a filter on the TCP payload length keeps them (pure
    /// ACKs, and with them most window updates, not captured), or only the pure ACKs and the control segments, as
    /// one on the length the other way does.
    func testDataOrAcknowledgmentsOnly() throws {
        for name in Self.recordingNames {
            let recording = try load(name)
            for keepData in [true, false] {
                let variant = keepData ? "no-pure-acks" : "no-data"
                let kept = recording.frames.filter { frame in
                    guard let segment = Self.segment(frame.bytes), let flags = segment.flags,
                        let header = segment.headerLength
                    else { return false }
                    return flags & 0x07 != 0 || (segment.declaredLength > header) == keepData
                }
                guard kept.count < recording.frames.count else { continue }
                let statistics = try judge(recording, kept, variant: variant)
                assertCaptureNoted(statistics, "\(name) [\(variant)]", kept: kept, of: recording)
            }
        }
    }

    /// Every frame captured twice, one copy right after the other, as `tcpdump -i any` records a frame crossing a
    /// bridge and its port, or a veth pair's two ends, and then with the second copies three frames late: the copies
    /// are duplicates the receiver drops, and nothing else.
    func testEveryFrameTwice() throws {
        for name in Self.recordingNames {
            let recording = try load(name)
            let doubled = recording.frames.flatMap { [$0, $0] }
            let statistics = try judge(recording, doubled, variant: "every-frame-twice")
            XCTAssertNotNil(statistics, name)
            // The second copies three frames late (a copy through a slower path).
            var late = [Frame]()
            for (index, frame) in recording.frames.enumerated() {
                late.append(frame)
                if index >= 3 { late.append(recording.frames[index - 3]) }
            }
            late += recording.frames.suffix(3)
            _ = try judge(recording, late, variant: "every-frame-twice-three-late")
        }
    }

    /// Frames recorded out of order: one pair of neighbours in ten swapped at random (seed 0x5EED_0DE2), as a capture
    /// merged from two interfaces, or taken where a multiqueue NIC delivers frames out of order, holds them. Each
    /// swap is reordering the receivers could have seen too: nothing is a violation.
    func testNeighboursSwapped() throws {
        for name in Self.recordingNames {
            let recording = try load(name)
            var random = SplitMix64(seed: 0x5EED_0DE2)
            var frames = recording.frames
            var index = 0
            while index + 1 < frames.count {
                if random.next() % 10 == 0 {
                    frames.swapAt(index, index + 1)
                    index += 2
                } else {
                    index += 1
                }
            }
            _ = try judge(recording, frames, variant: "neighbours-swapped")
        }
    }

    /// Frames of the two directions recorded out of order: a frame captured ahead of the two before it, both from the
    /// other direction (one place in ten where that holds, at random, seed 0x5EED_0DE3), as a switch's mirror port
    /// that copies a port's ingress and egress separately, or two taps merged with their clocks apart, holds them: an
    /// acknowledgment ahead of the segments it acknowledges, a handshake's ACK behind the server's first answer.
    /// Such an order breaks causality, which the receivers never saw; nothing may be called a violation for it.
    func testFramesAheadOfTheOtherDirection() throws {
        for name in Self.recordingNames {
            let recording = try load(name)
            let fromClient = recording.frames.map { frame in
                Self.segment(frame.bytes).map { Self.clientAddresses.contains($0.source) }
            }
            var random = SplitMix64(seed: 0x5EED_0DE3)
            var order = Array(recording.frames.indices)
            var index = 2
            while index < order.count {
                let side = fromClient[order[index]]
                if let side, fromClient[order[index - 1]] == !side, fromClient[order[index - 2]] == !side,
                    random.next() % 10 == 0
                {
                    order.insert(order.remove(at: index), at: index - 2)
                    index += 3
                } else {
                    index += 1
                }
            }
            _ = try judge(recording, order.map { recording.frames[$0] }, variant: "ahead-of-the-other-direction")
        }
    }

    /// Artifacts together: a mid-stream pickup with a 66-byte snapshot length; gaps in one direction only.
    func testCombinations() throws {
        for name in Self.recordingNames {
            let recording = try load(name)
            for count in [1, 3, recording.frames.count / 3] {
                let variant = "mid-stream-\(count)-snaplen-66"
                let frames = Self.cut(Array(recording.frames.dropFirst(count)), to: 66)
                let statistics = try judge(recording, frames, variant: variant, snapLength: 66)
                // Cut at 66 bytes, an IPv6 frame holds 12 bytes of TCP header: nothing to judge, nothing noted.
                let judged = frames.contains { frame in
                    (Self.segment(recording.frames[frame.number - 1].bytes)?.tcpOffset ?? 66) + 20 <= 66
                }
                if judged {
                    assertCaptureNoted(statistics, "\(name) [\(variant)]", kept: frames, of: recording)
                }
            }
            for fromClient in [true, false] {
                for k in [3, 5] {
                    let variant = "drop-every-\(k)-" + (fromClient ? "client-only" : "server-only")
                    let frames = Self.oneSide(Self.droppingEvery(k, recording.frames), fromClient: fromClient)
                    let statistics = try judge(recording, frames, variant: variant)
                    assertCaptureNoted(statistics, "\(name) [\(variant)]", kept: frames, of: recording)
                }
            }
        }
    }

    /// Each frame tagged with 802.1Q `tags` (tag protocol, tag control) after its MAC addresses.
    static func tagged(_ frames: [Frame], _ tags: [(UInt16, UInt16)]) -> [Frame] {
        let header = tags.flatMap { FrameBuilder.be16($0.0) + FrameBuilder.be16($0.1) }
        return frames.map { frame in
            var copy = frame
            copy.bytes = Array(frame.bytes[0..<12]) + header + Array(frame.bytes[12...])
            copy.originalLength = frame.originalLength + UInt32(header.count)
            return copy
        }
    }

    /// The same connections on two VLANs at once (one of them in QinQ), frame by frame interleaved: each keeps its
    /// own flows, so nothing is judged against the other copy.
    func testTheSameTrafficOnTwoVLANs() throws {
        for name in Self.recordingNames {
            let recording = try load(name)
            let untagged = try XCTUnwrap(try judge(recording, recording.frames, variant: "untagged"))
            let first = Self.tagged(recording.frames, [(0x8100, 10)])
            let second = Self.tagged(recording.frames, [(0x88A8, 100), (0x8100, 20)])
            let both = zip(first, second).flatMap { [$0, $1] }
            let statistics = try judge(
                recording, both, variant: "two-vlans",
                maximumDiscouraged: 2 * (untagged.anomaliesBySeverity["discouraged"] ?? 0))
            XCTAssertEqual(statistics?.flows, 2 * untagged.flows, "\(name): each VLAN keeps its own flows")
            XCTAssertEqual(statistics?.tcpSegments, 2 * untagged.tcpSegments, name)
        }
    }
}
