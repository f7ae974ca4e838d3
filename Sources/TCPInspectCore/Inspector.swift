#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PacketCapture
import TCPCodec
import TCPValidation

/// What `tcp-inspect` prints and how.
public struct InspectConfiguration: Sendable {
    /// The view.
    public enum View: Sendable {
        /// One line (or JSON object) per TCP segment.
        case segments
        /// Statistics only.
        case summary
        /// One report per flow (both directions joined), at the end.
        case flows
    }

    /// The view.
    public var view: View
    /// JSON instead of text.
    public var json: Bool
    /// Absolute sequence numbers in the text view (`-S`).
    public var absoluteSequenceNumbers: Bool
    /// `seq` on every text line, as `tcpdump -vv` prints it.
    public var alwaysShowSequence: Bool
    /// Draw a progress bar on standard error (only when it is a terminal and the file is large).
    public var showProgress: Bool
    /// Run every segment through the flow observer of `TCPValidation` and mark its anomalies.
    public var validates: Bool
    /// In the flows view, list every frame of each flow (memory then grows with the flows' lengths); by default a
    /// flow's frames are given as a count, the first and the last.
    public var listsFlowFrames: Bool
    /// The most flows judged at once (the observer's table, and the table of flows of untracked segments); a flow
    /// pushed out to make room is reported as it is and counted in ``InspectStatistics/flowsEndedForRoom``.
    public var flowCapacity: Int
    /// Put fragmented IP datagrams back together (with ``IPFragmentReassembler``'s limits and overlap policy) and
    /// show their TCP segment whole, on the frame that completed it; off, a first fragment shows the TCP bytes it
    /// holds and the other fragments a note.
    public var reassemblesFragments: Bool

    /// Makes a configuration.
    ///
    /// - Parameters:
    ///   - view: segments or summary.
    ///   - json: JSON output.
    ///   - absoluteSequenceNumbers: absolute numbers in text.
    ///   - alwaysShowSequence: `seq` on every text line.
    ///   - showProgress: progress bar on a terminal.
    ///   - validates: judge segments with the flow observer (always on for the flows view).
    ///   - listsFlowFrames: list every frame of each flow in the flows view.
    ///   - flowCapacity: the most flows judged at once (16,384 by default, at least 2).
    ///   - reassemblesFragments: reassemble fragmented datagrams (on by default).
    public init(
        view: View = .segments, json: Bool = false, absoluteSequenceNumbers: Bool = false,
        alwaysShowSequence: Bool = false, showProgress: Bool = false, validates: Bool = true,
        listsFlowFrames: Bool = false, flowCapacity: Int = 16384, reassemblesFragments: Bool = true
    ) {
        self.reassemblesFragments = reassemblesFragments
        self.flowCapacity = Swift.max(2, flowCapacity)
        self.listsFlowFrames = listsFlowFrames
        self.validates = validates || view == .flows
        self.view = view
        self.json = json
        self.absoluteSequenceNumbers = absoluteSequenceNumbers
        self.alwaysShowSequence = alwaysShowSequence
        self.showProgress = showProgress
    }
}

/// Reads a capture frame by frame and writes the view the configuration asks for.
///
/// Memory is bounded whatever the file's size and the number of flows in it: the flow observer, the table of flows
/// of untracked segments and the relative sequence numbers' table each hold a fixed number of entries (the least
/// recently used make room, and the counts say how many did), the flows view writes each flow when it ends, and
/// the flow count without validation turns into an estimate past ``DistinctFlowCounter/exactLimit`` flows. Only
/// ``InspectConfiguration/listsFlowFrames`` keeps memory that grows with the capture.
public final class Inspector {
    /// The configuration.
    public let configuration: InspectConfiguration
    /// Where the view goes.
    public let output: OutputBuffer
    /// The counts so far.
    public private(set) var statistics = InspectStatistics()

    private var textFormatter: SegmentTextFormatter
    private var flowCounter = DistinctFlowCounter()
    private var judge: FlowJudge?
    /// Anomaly counts by raw value (no string work per segment).
    private var anomalyCounts = [UInt64](repeating: 0, count: 256)
    /// Segments by role.
    private var roleCounts = RoleCounts()
    /// Conntrack's verdicts other than `ok`, counted (rare: no dictionary work for a segment that passed).
    private var conntrackCounts: [TCPWindowCheck: UInt64] = [:]
    /// The datagrams being put back together, when the configuration asks for it.
    private var reassembler: IPFragmentReassembler?
    /// The duplicate detection of an IEEE 802.11 receiver, made at the first frame of a wireless link type.
    private var wirelessDuplicates: IEEE80211DuplicateFilter?
    /// The two directions of tunnelled flows whose identifiers differ by direction, paired.
    private var tunnelPairing: TunnelDirectionPairing

    /// Makes an inspector.
    ///
    /// - Parameters:
    ///   - configuration: what to print.
    ///   - output: where to print it.
    public init(configuration: InspectConfiguration, output: OutputBuffer) {
        self.configuration = configuration
        self.output = output
        self.textFormatter = SegmentTextFormatter(
            absoluteSequenceNumbers: configuration.absoluteSequenceNumbers,
            alwaysShowSequence: configuration.alwaysShowSequence)
        if configuration.reassemblesFragments {
            reassembler = IPFragmentReassembler()
        }
        tunnelPairing = TunnelDirectionPairing(capacity: configuration.flowCapacity)
        if configuration.validates {
            judge = FlowJudge(
                keepsLogs: configuration.view == .flows, keepsFrameLists: configuration.listsFlowFrames,
                capacity: configuration.flowCapacity)
        }
    }

    /// Inspects a capture file, or standard input for `-`.
    ///
    /// Output written before an error stays written (and is flushed); the summary or the flows, if asked for, are
    /// written for the frames read before the error is thrown, as tshark does.
    ///
    /// - Parameters:
    ///   - path: the file's path, or `-`.
    ///   - displayName: the name to use in messages; the path by default.
    /// - Returns: the counts.
    /// - Throws: `InspectError` naming the file, the frame and the problem when the file cannot be read to its end.
    @discardableResult
    public func run(path: String, displayName: String? = nil) throws(InspectError) -> InspectStatistics {
        let name = displayName ?? path
        let reader: CaptureReader
        do {
            reader = try CaptureReader(path: path)
        } catch {
            throw InspectError(file: name, frame: 1, reason: error)
        }
        let progress = configuration.showProgress ? ProgressBar(path: path) : nil
        defer {
            progress?.finish()
            output.flush()
        }
        return try run(reader, name: name, progress: progress)
    }

    /// Inspects a capture already open, to its end: every frame, then the closing report of the view.
    ///
    /// - Parameters:
    ///   - reader: the capture, read from its next record on.
    ///   - name: how errors name the capture.
    /// - Returns: the counts.
    /// - Throws: ``InspectError`` when the capture is damaged; the frames before the damage are reported first.
    @discardableResult
    public func run(_ reader: CaptureReader, name: String) throws(InspectError) -> InspectStatistics {
        defer { output.flush() }
        return try run(reader, name: name, progress: nil)
    }

    /// ``run(_:name:)`` with a progress bar to move; the callers flush the output.
    private func run(
        _ reader: CaptureReader, name: String, progress: ProgressBar?
    ) throws(InspectError) -> InspectStatistics {
        var failure: InspectError?
        do {
            while let record = try reader.nextRecord() {
                handle(record)
                if record.frameNumber & 0xFFFF == 0 {
                    progress?.update(offset: record.fileOffset)
                    // Output that cannot be written (a full disk, a closed pipe) ends the run: the caller reads
                    // `output.writeError` and says so.
                    if output.writeError != nil { break }
                }
            }
        } catch {
            failure = InspectError(file: name, frame: statistics.frames + 1, reason: error)
        }
        finishReassembly()
        finishCounts()
        // A file damaged part-way still gets its report for the frames read, then the error (as tshark does).
        switch configuration.view {
        case .summary:
            writeSummary()
        case .flows:
            writeFlows()
        case .segments:
            break
        }
        if let failure { throw failure }
        return statistics
    }

    /// Sentences for standard error at the end of a run: where bounded memory cost exactness (flows ended to make
    /// room, relative sequence numbers forgotten, a flow count estimated). Empty when nothing was lost.
    public var closingNotes: [String] {
        var notes: [String] = []
        if statistics.flowsEndedForRoom > 0 {
            notes.append(
                "\(statistics.flowsEndedForRoom) flows ended early to make room (more flows at once than the "
                    + "tables hold); a later segment of one started a new flow")
        }
        if statistics.relativeSequenceEvictions > 0 {
            notes.append(
                "\(statistics.relativeSequenceEvictions) connections left the relative sequence number table (more "
                    + "than \(RelativeSequenceTable.capacity) at once); a later segment of one showed absolute numbers")
        }
        if statistics.flowsAreEstimated {
            notes.append(
                "the flow count is an estimate (more than \(DistinctFlowCounter.exactLimit) flows; about 1 % error)")
        }
        let dropped = statistics.droppedDatagrams.values.reduce(0, +)
        if dropped > 0 {
            let reasons = statistics.droppedDatagrams.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            let datagrams = dropped == 1 ? "datagram" : "datagrams"
            notes.append(
                "\(dropped) fragmented \(datagrams) not reassembled: \(reasons.joined(separator: ", ")); their "
                    + "first fragments were shown alone")
        }
        if configuration.view != .summary, statistics.notTCP > 0 {
            notes.append(Self.skippedNote(statistics))
        }
        return notes
    }

    /// `120 frames without TCP skipped: IPv4 protocol 17 (UDP) 103, EtherType 0x0806 (ARP) 17`: the reasons with
    /// the most frames first, at most five of them named.
    static func skippedNote(_ statistics: InspectStatistics) -> String {
        let reasons = statistics.skipped.described
        let named = reasons.prefix(5).map { "\($0.reason) \($0.frames)" }.joined(separator: ", ")
        let more = reasons.count > 5 ? " and \(reasons.count - 5) more reasons" : ""
        let frames = statistics.notTCP == 1 ? "frame" : "frames"
        return "\(statistics.notTCP) \(frames) without TCP skipped: \(named)\(more)"
    }

    /// Fills the statistics that are known only at the end: anomalies by name and by severity, flows.
    private func finishCounts() {
        var bySeverity = [UInt64](repeating: 0, count: TCPAnomalySeverity.allCases.count)
        for anomaly in TCPAnomaly.allCases where anomalyCounts[Int(anomaly.rawValue)] > 0 {
            statistics.anomalies[anomaly.name.description] = anomalyCounts[Int(anomaly.rawValue)]
            bySeverity[Int(anomaly.severity.rawValue)] += anomalyCounts[Int(anomaly.rawValue)]
        }
        if let judge {
            // The observer's flows: each connection on a reused 4-tuple is one, and so is each 4-tuple of segments
            // that belong to no tracked flow; the same flows the flows view reports.
            statistics.flows = judge.flowCount
            statistics.flowsEndedForRoom = judge.flowsEndedForRoom
            for (note, flows) in judge.flowNoteCounts where flows > 0 {
                statistics.anomalies[note.name.description] = flows
                bySeverity[Int(note.severity.rawValue)] += flows
            }
        }
        if judge == nil && configuration.view != .segments {
            statistics.flows = flowCounter.count
            statistics.flowsAreEstimated = flowCounter.isEstimated
        }
        statistics.relativeSequenceEvictions = textFormatter.table.evictions
        for (check, segments) in conntrackCounts { statistics.conntrack[check.description] = segments }
        for (name, segments) in roleCounts.named { statistics.roles[name] = segments }
        statistics.conntrackInvalid = conntrackCounts.reduce(0) { $0 + ($1.key.isInvalid ? $1.value : 0) }
        for severity in TCPAnomalySeverity.allCases where bySeverity[Int(severity.rawValue)] > 0 {
            statistics.anomaliesBySeverity[severity.name.description] = bySeverity[Int(severity.rawValue)]
        }
    }

    /// Handles one frame: counts it and writes its line or object.
    ///
    /// - Parameter record: the frame.
    public func handle(_ record: CaptureRecord) {
        statistics.frames += 1
        // A wireless MAC's retransmission is a frame its receiver drops: not a second copy of the segment.
        if IEEE80211DuplicateFilter.reads(record.linkType) {
            if wirelessDuplicates == nil { wirelessDuplicates = IEEE80211DuplicateFilter() }
            if wirelessDuplicates!.isRetransmission(record.bytes, linkType: record.linkType) {
                countSkipped(.ieee80211Retransmission)
                writeNote(record, FrameNoteText.describe(NotTCPReason.ieee80211Retransmission) + ": not read again")
                return
            }
        }
        switch record.dissect() {
        case .tcp(let captured):
            // Fragments are rare: one test of a stored flag on the plain path.
            if captured.isFirstFragment {
                handleFragment(record, firstFragment: captured)
            } else {
                handleSegment(record, captured, fragments: .none)
            }
        case .notTCP(let reason):
            if case .nonFirstFragment(let version, let fragmentOffset) = reason {
                statistics.nonFirstFragments += 1
                if reassembler != nil {
                    handleFragment(record, firstFragment: nil)
                } else {
                    let tiny = fragmentOffset == 8
                    if tiny { statistics.tinyFragments += 1 }
                    writeNote(
                        record,
                        "\(version) fragment at offset \(fragmentOffset) of a TCP segment: no header"
                            + (tiny ? Self.tinyOffsetNote : ""))
                }
            } else if case .ieee80211AggregateMSDU = reason {
                handleSubframes(record)
            } else {
                countSkipped(reason)
            }
        case .malformed(let reason, let offset):
            noteMalformed(record, "frame", reason, at: "byte \(offset)")
        }
    }

    /// Counts a packet without TCP under its reason.
    private func countSkipped(_ reason: NotTCPReason) {
        statistics.notTCP += 1
        statistics.skipped.add(reason)
    }

    /// Counts a malformed packet and notes it on its frame's line: `malformed frame: <reason> (at byte 34)`.
    ///
    /// - Parameters:
    ///   - record: the frame.
    ///   - what: what was malformed (`frame`, `A-MSDU subframe 2`, `reassembled datagram`).
    ///   - reason: why.
    ///   - place: where (`byte 34`, `byte 8 of its payload`).
    private func noteMalformed(_ record: CaptureRecord, _ what: String, _ reason: MalformedReason, at place: String) {
        statistics.malformedFrames += 1
        writeNote(record, "malformed \(what): \(FrameNoteText.describe(reason)) (at \(place))")
    }

    /// Handles each subframe of an IEEE 802.11 A-MSDU as a frame of its own would be handled, but for fragments:
    /// a first fragment is shown alone and the others noted, none reassembled. A subframe without TCP is counted
    /// under its reason as a frame would be.
    private func handleSubframes(_ record: CaptureRecord) {
        let count = record.dissectSubframes { index, result in
            let number = index + 1
            switch result {
            case .tcp(let captured):
                var fragments = FragmentMark.none
                if captured.isFirstFragment {
                    let tiny = captured.declaredLength < TCPSegmentView.minimumHeaderLength
                    if tiny { statistics.tinyFragments += 1 }
                    fragments = .firstFragment(held: false, tiny: tiny)
                }
                handleSegment(record, captured, fragments: fragments, subframe: number)
            case .notTCP(.nonFirstFragment(let version, let fragmentOffset)):
                statistics.nonFirstFragments += 1
                let tiny = fragmentOffset == 8
                if tiny { statistics.tinyFragments += 1 }
                writeNote(
                    record,
                    "A-MSDU subframe \(number): \(version) fragment at offset \(fragmentOffset) of a TCP segment: "
                        + "no header; not reassembled" + (tiny ? Self.tinyOffsetNote : ""))
            case .notTCP(let reason):
                countSkipped(reason)
            case .malformed(let reason, let offset):
                noteMalformed(record, "A-MSDU subframe \(number)", reason, at: "byte \(offset)")
            }
        }
        if count == 0 {
            countSkipped(.ieee80211AggregateMSDU)
        }
    }

    /// What a segment line says about fragments.
    private enum FragmentMark {
        /// An unfragmented segment.
        case none
        /// A first fragment shown alone: its TCP bytes only; `held` when its datagram is being reassembled (the
        /// observer then judges the whole segment later), `tiny` when it cuts the TCP header.
        case firstFragment(held: Bool, tiny: Bool)
        /// A segment reassembled from the fragments of these frames.
        case reassembled(frames: [UInt64])
    }

    /// ` [tiny-fragment: ...]`: the note of a fragment at offset 8, which overlaps the TCP header (RFC 1858).
    static let tinyOffsetNote = " [tiny-fragment: at offset 8, inside the TCP header]"

    /// Feeds a fragment to the reassembler (or, without one, shows a first fragment alone) and shows the
    /// datagram's segment when this fragment completes it.
    ///
    /// - Parameters:
    ///   - record: the frame.
    ///   - firstFragment: the beginning of the segment, for a first fragment; `nil` for the others.
    private func handleFragment(_ record: CaptureRecord, firstFragment: CapturedTCPSegment?) {
        let tinyFirst = firstFragment.map { $0.declaredLength < TCPSegmentView.minimumHeaderLength } ?? false
        if tinyFirst { statistics.tinyFragments += 1 }
        guard reassembler != nil,
            let fragment = PacketDissector.fragment(
                in: record.bytes, linkType: record.linkType, originalLength: Int(record.originalLength))
        else {
            if let firstFragment {
                handleSegment(record, firstFragment, fragments: .firstFragment(held: false, tiny: tinyFirst))
            }
            return
        }
        let tinyOffset = fragment.offset == 8
        if tinyOffset { statistics.tinyFragments += 1 }
        let time = record.timestamp ?? CaptureTimestamp(seconds: 0, nanoseconds: 0)
        switch reassembler!.add(fragment, time: time, tag: record.frameNumber) {
        case .completed(let datagram):
            statistics.reassembledDatagrams += 1
            datagram.withDissectedPacket { packet in
                switch packet {
                case .tcp(let whole):
                    handleSegment(record, whole, fragments: .reassembled(frames: datagram.fragmentTags))
                case .notTCP(let reason):
                    countSkipped(reason)
                case .malformed(let reason, let offset):
                    noteMalformed(record, "reassembled datagram", reason, at: "byte \(offset) of its payload")
                }
            }
        case .dropped:
            // Its datagram was given up at once (a fragment the capture cut, an overlap ...): a first fragment is
            // shown, judged and counted alone, as without reassembly.
            if let firstFragment {
                handleSegment(record, firstFragment, fragments: .firstFragment(held: false, tiny: tinyFirst))
            } else {
                writeNote(
                    record,
                    "\(fragment.ipVersion) fragment at offset \(fragment.offset) of a TCP segment: no header"
                        + (tinyOffset ? Self.tinyOffsetNote : ""))
            }
        case .pending:
            if let firstFragment {
                statistics.heldFirstFragments += 1
                handleSegment(record, firstFragment, fragments: .firstFragment(held: true, tiny: tinyFirst))
            } else {
                writeNote(
                    record,
                    "\(fragment.ipVersion) fragment at offset \(fragment.offset) of a TCP segment: "
                        + "no header; held for reassembly" + (tinyOffset ? Self.tinyOffsetNote : ""))
            }
        }
    }

    /// Counts, judges and writes one segment.
    ///
    /// - Parameters:
    ///   - record: the frame that shows it.
    ///   - captured: the segment.
    ///   - fragments: what the line says about fragments.
    ///   - subframe: the A-MSDU subframe that holds it (from 1), `nil` for a frame's own packet.
    @inline(__always)
    private func handleSegment(
        _ record: CaptureRecord, _ captured: CapturedTCPSegment, fragments: FragmentMark, subframe: Int? = nil
    ) {
        var segment = InspectedSegment(record: record, segment: captured)
        if segment.flowTunnel != 0, let source = segment.sourceEndpoint, let destination = segment.destinationEndpoint {
            segment.flowTunnel = tunnelPairing.flowTunnel(for: segment, source: source, destination: destination)
        }
        var held = false
        if case .firstFragment(true, _) = fragments { held = true }
        if !held { count(segment) }
        var anomalies = TCPAnomalySet()
        var earlier: (frame: UInt64, anomaly: TCPAnomaly)?
        var conntrack = TCPWindowCheck.passed
        var roles = TCPSegmentTraits()
        if judge != nil, !held, let view = segment.view {
            (anomalies, earlier, conntrack, roles) = judge!.judge(view, segment: segment)
            if conntrack != .passed { conntrackCounts[conntrack, default: 0] += 1 }
            roleCounts.add(roles)
            for anomaly in anomalies {
                anomalyCounts[Int(anomaly.rawValue)] += 1
            }
            if let earlier { anomalyCounts[Int(earlier.anomaly.rawValue)] += 1 }
            if judge!.hasFinishedFlows { writeFinishedFlows() }
        }
        guard configuration.view == .segments else { return }
        if configuration.json {
            if anomalies.isEmpty && earlier == nil && conntrack == .passed && roles.isEmpty && subframe == nil,
                case .none = fragments
            {
                SegmentJSONWriter.write(segment, to: output)
            } else {
                SegmentJSONWriter.write(segment, to: output) { out in
                    Self.appendJSON(roles, to: out)
                    if !anomalies.isEmpty {
                        out.append(",\"anomalies\":[")
                        for (index, anomaly) in anomalies.enumerated() {
                            if index > 0 { out.append(UInt8(ascii: ",")) }
                            Self.appendJSON(anomaly, to: out)
                        }
                        out.append(UInt8(ascii: "]"))
                    }
                    if let earlier {
                        out.append(",\"earlier_anomaly\":{\"frame\":")
                        out.appendDecimal(earlier.frame)
                        out.append(UInt8(ascii: ","))
                        Self.appendJSONFields(earlier.anomaly, to: out)
                        out.append(UInt8(ascii: "}"))
                    }
                    Self.appendJSON(conntrack, to: out)
                    Self.appendJSON(fragments, to: out)
                    if let subframe {
                        out.append(",\"subframe\":")
                        out.appendDecimal(UInt64(subframe))
                    }
                }
            }
        } else {
            textFormatter.write(segment, to: output)
            Self.appendText(roles, to: output)
            if !anomalies.isEmpty {
                output.append(" [anomalies: ")
                for (index, anomaly) in anomalies.enumerated() {
                    if index > 0 {
                        output.append(", ")
                    }
                    Self.appendText(anomaly, to: output)
                }
                output.append(UInt8(ascii: "]"))
            }
            if let earlier {
                output.append(" [frame ")
                output.appendDecimal(earlier.frame)
                output.append(": ")
                Self.appendText(earlier.anomaly, to: output)
                output.append(UInt8(ascii: "]"))
            }
            Self.appendText(conntrack, to: output)
            Self.appendText(fragments, to: output)
            if let subframe {
                output.append(" [A-MSDU subframe ")
                output.appendDecimal(UInt64(subframe))
                output.append(UInt8(ascii: "]"))
            }
        }
        output.append(UInt8(ascii: "\n"))
        output.flushIfNeeded()
    }

    /// ` [roles: retransmission, duplicate-ack]`: the segment's roles in its connection, as the observer recognised
    /// them (nothing when it has none).
    static func appendText(_ roles: TCPSegmentTraits, to out: OutputBuffer) {
        guard !roles.isEmpty else { return }
        out.append(" [roles: ")
        var first = true
        for (trait, name) in TCPSegmentTraits.named where roles.contains(trait) {
            if !first { out.append(", ") }
            first = false
            out.append(string: name)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// `,"roles":["retransmission","duplicate-ack"]`: the segment's roles in its JSON object (nothing when it has
    /// none).
    static func appendJSON(_ roles: TCPSegmentTraits, to out: OutputBuffer) {
        guard !roles.isEmpty else { return }
        out.append(",\"roles\":[")
        var first = true
        for (trait, name) in TCPSegmentTraits.named where roles.contains(trait) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            SegmentJSONWriter.appendString(name, to: out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// ` [conntrack: ack-over-upper-bound (invalid)]`, ` [conntrack: ignored]`: what Linux's conntrack would
    /// decide of a segment, in the text views, when it is not `ok`; `(invalid)` marks what a ruleset's
    /// `ct state invalid drop` drops.
    static func appendText(_ conntrack: TCPWindowCheck, to out: OutputBuffer) {
        guard conntrack != .passed else { return }
        out.append(" [conntrack: ")
        out.append(string: conntrack.description)
        out.append(conntrack.isInvalid ? " (invalid)]" : "]")
    }

    /// `,"conntrack":{"check":"ack-over-upper-bound","invalid":true}`: conntrack's verdict in a segment's JSON
    /// object, when it is not `ok`.
    static func appendJSON(_ conntrack: TCPWindowCheck, to out: OutputBuffer) {
        guard conntrack != .passed else { return }
        out.append(",\"conntrack\":{\"check\":")
        SegmentJSONWriter.appendString(conntrack.description, to: out)
        out.append(conntrack.isInvalid ? ",\"invalid\":true}" : ",\"invalid\":false}")
    }

    /// ` [reassembled from frames 3, 4]`, ` [first fragment: length counts its bytes only; held for reassembly]`,
    /// ` [tiny-fragment: ...]`: the text marks of a segment that came in fragments.
    private static func appendText(_ fragments: FragmentMark, to out: OutputBuffer) {
        switch fragments {
        case .none:
            return
        case .firstFragment(let held, let tiny):
            out.append(" [first fragment: length counts its bytes only")
            out.append(held ? "; held for reassembly]" : "]")
            if tiny { out.append(" [tiny-fragment: the TCP header is cut across fragments]") }
        case .reassembled(let frames):
            out.append(" [reassembled from frames ")
            for (index, frame) in frames.enumerated() {
                if index > 0 { out.append(", ") }
                out.appendDecimal(frame)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    /// `,"first_fragment":true,"notes":["tiny-fragment"]`, `,"reassembled_from":[3,4]`: the JSON fields of a
    /// segment that came in fragments.
    private static func appendJSON(_ fragments: FragmentMark, to out: OutputBuffer) {
        switch fragments {
        case .none:
            return
        case .firstFragment(let held, let tiny):
            out.append(",\"first_fragment\":true")
            if held { out.append(",\"held_for_reassembly\":true") }
            if tiny { out.append(",\"notes\":[\"tiny-fragment\"]") }
        case .reassembled(let frames):
            out.append(",\"reassembled_from\":[")
            for (index, frame) in frames.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.appendDecimal(frame)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    /// Gives up the datagrams still incomplete at the end and copies the reassembler's counts.
    private func finishReassembly() {
        guard reassembler != nil else { return }
        reassembler!.finish()
        for reason in IPFragmentReassembler.DropReason.allCases where reassembler!.droppedDatagrams(reason) > 0 {
            statistics.droppedDatagrams[reason.description] = reassembler!.droppedDatagrams(reason)
        }
    }

    /// `out-of-window (violation)`: an anomaly's name and severity in the text views.
    static func appendText(_ anomaly: TCPAnomaly, to out: OutputBuffer) {
        out.append(anomaly.name)
        out.append(" (")
        out.append(anomaly.severity.name)
        out.append(UInt8(ascii: ")"))
    }

    /// `"name":"out-of-window","severity":"violation"`: an anomaly's fields in the JSON views.
    static func appendJSONFields(_ anomaly: TCPAnomaly, to out: OutputBuffer) {
        out.append("\"name\":\"")
        out.append(anomaly.name)
        out.append("\",\"severity\":\"")
        out.append(anomaly.severity.name)
        out.append(UInt8(ascii: "\""))
    }

    /// `{"name":"out-of-window","severity":"violation"}`.
    static func appendJSON(_ anomaly: TCPAnomaly, to out: OutputBuffer) {
        out.append(UInt8(ascii: "{"))
        appendJSONFields(anomaly, to: out)
        out.append(UInt8(ascii: "}"))
    }

    private func count(_ segment: InspectedSegment) {
        statistics.tcpSegments += 1
        if segment.bytes.count < segment.tcpLength {
            statistics.truncatedSegments += 1
        }
        switch segment.checksumIsCorrect {
        case .some(false):
            statistics.badChecksums += 1
            if segment.checksumIsOffloadPlaceholder { statistics.offloadChecksums += 1 }
        case .none: statistics.uncheckedChecksums += 1
        case .some(true): break
        }
        if !segment.headerIsWellFormed {
            statistics.malformedTCPHeaders += 1
        }
        guard let view = segment.view else { return }
        statistics.payloadBytes += UInt64(Swift.max(0, segment.tcpLength - view.headerLength))
        if configuration.view != .segments, judge == nil, let key = segment.flowKey {
            flowCounter.insert(key)
        }
    }

    /// A text line for a frame without a TCP header to show; JSON has objects only for frames that carry one.
    private func writeNote(_ record: CaptureRecord, _ note: String) {
        guard configuration.view == .segments, !configuration.json else { return }
        FrameNoteText.write(record, note: note, to: output)
        output.append(UInt8(ascii: "\n"))
        output.flushIfNeeded()
    }

    /// Writes the flows that ended at this frame (flows view only).
    private func writeFinishedFlows() {
        guard configuration.view == .flows, judge != nil else { return }
        write(judge!.takeFinishedFlows())
    }

    /// Writes the flows still held at the end of the capture.
    private func writeFlows() {
        guard judge != nil else { return }
        write(judge!.takeRemainingFlows())
    }

    private func write(_ flows: [FlowJudge.Flow]) {
        for flow in flows {
            if configuration.json {
                FlowReportWriter.writeJSON(flow, to: output)
            } else {
                FlowReportWriter.writeText(flow, to: output)
            }
            output.flushIfNeeded()
        }
    }

    /// `{"name":N,...}`: counts by name, for the summary's JSON and a flow's roles.
    ///
    /// - Parameters:
    ///   - counts: the names and their counts, in the order to write them.
    ///   - out: where the text goes.
    static func appendJSONCounts(_ counts: [(String, UInt64)], to out: OutputBuffer) {
        out.append(UInt8(ascii: "{"))
        for (index, (name, value)) in counts.enumerated() {
            if index > 0 {
                out.append(UInt8(ascii: ","))
            }
            SegmentJSONWriter.appendString(name, to: out)
            out.append(UInt8(ascii: ":"))
            out.appendDecimal(value)
        }
        out.append(UInt8(ascii: "}"))
    }

    private func writeSummary() {
        var counts: [(String, UInt64)] = [
            ("frames", statistics.frames), ("segments", statistics.tcpSegments), ("flows", statistics.flows),
            ("bad_checksums", statistics.badChecksums), ("offload_checksums", statistics.offloadChecksums),
            ("unchecked_checksums", statistics.uncheckedChecksums),
            ("truncated_segments", statistics.truncatedSegments),
            ("malformed_tcp_headers", statistics.malformedTCPHeaders),
            ("malformed_frames", statistics.malformedFrames), ("non_first_fragments", statistics.nonFirstFragments),
            ("not_tcp", statistics.notTCP), ("payload_bytes", statistics.payloadBytes),
        ]
        if statistics.flowsEndedForRoom > 0 {
            counts.insert(("flows_ended_for_room", statistics.flowsEndedForRoom), at: 3)
        }
        let droppedDatagrams = statistics.droppedDatagrams.sorted { $0.key < $1.key }
        // The fragment counts appear once a capture has fragments, after `non_first_fragments`.
        if statistics.nonFirstFragments > 0 || statistics.heldFirstFragments > 0 || statistics.tinyFragments > 0
            || statistics.reassembledDatagrams > 0 || !droppedDatagrams.isEmpty,
            let at = counts.firstIndex(where: { $0.0 == "non_first_fragments" })
        {
            counts.insert(contentsOf: [
                ("reassembled_datagrams", statistics.reassembledDatagrams),
                ("dropped_datagrams", droppedDatagrams.reduce(0) { $0 + $1.value }),
                ("tiny_fragments", statistics.tinyFragments),
            ], at: at + 1)
        }
        let anomalies = statistics.anomalies.sorted { $0.key < $1.key }
        let conntrackChecks = statistics.conntrack.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        // The roles in the library's order (retransmission first), as the segments' marks list them.
        let roles = TCPSegmentTraits.named.compactMap { trait, name in statistics.roles[name].map { (name, $0) } }
        let severities = TCPAnomalySeverity.allCases.reversed().map {
            ($0.name.description, statistics.anomaliesBySeverity[$0.name.description] ?? 0)
        }
        if configuration.json {
            output.append(UInt8(ascii: "{"))
            for (name, value) in counts {
                SegmentJSONWriter.appendString(name, to: output)
                output.append(UInt8(ascii: ":"))
                output.appendDecimal(value)
                output.append(UInt8(ascii: ","))
                if name == "flows" && statistics.flowsAreEstimated {
                    output.append("\"flows_estimated\":true,")
                }
            }
            if !droppedDatagrams.isEmpty {
                output.append("\"dropped_datagrams_by_reason\":")
                Self.appendJSONCounts(droppedDatagrams.map { ($0.key, $0.value) }, to: output)
                output.append(UInt8(ascii: ","))
            }
            output.append("\"skipped\":")
            Self.appendJSONCounts(statistics.skipped.described.map { ($0.reason, $0.frames) }, to: output)
            output.append(",\"severities\":")
            Self.appendJSONCounts(severities, to: output)
            output.append(",\"anomalies\":")
            Self.appendJSONCounts(anomalies.map { ($0.key, $0.value) }, to: output)
            output.append(",\"roles\":")
            Self.appendJSONCounts(roles, to: output)
            output.append(",\"conntrack\":{\"invalid\":")
            output.appendDecimal(statistics.conntrackInvalid)
            output.append(",\"checks\":")
            Self.appendJSONCounts(conntrackChecks, to: output)
            output.append("}}\n")
            return
        }
        for (name, value) in counts {
            output.append(string: name.replacingUnderscores().padded(to: 22))
            output.appendDecimal(value)
            if name == "flows" && statistics.flowsAreEstimated {
                output.append(" (estimated)")
            }
            output.append(UInt8(ascii: "\n"))
            if name == "dropped_datagrams" {
                // Why: `  timed out: 1 datagram`.
                for (reason, datagrams) in droppedDatagrams {
                    output.append(string: "  " + reason.replacingUnderscores() + ": ")
                    output.appendDecimal(datagrams)
                    output.append(datagrams == 1 ? " datagram\n" : " datagrams\n")
                }
            }
            if name == "not_tcp" {
                // What the frames without TCP held: `  IPv4 protocol 17 (UDP): 103 frames`.
                for (reason, frames) in statistics.skipped.described {
                    output.append(string: "  " + reason + ": ")
                    output.appendDecimal(frames)
                    output.append(frames == 1 ? " frame\n" : " frames\n")
                }
            }
        }
        output.append(string: "anomalies".padded(to: 22))
        output.appendDecimal(anomalies.reduce(0) { $0 + $1.value })
        output.append(UInt8(ascii: "\n"))
        for (name, value) in severities {
            output.append(string: ("  " + name).padded(to: 22))
            output.appendDecimal(value)
            output.append(UInt8(ascii: "\n"))
        }
        for (name, value) in anomalies {
            output.append(string: ("  " + name).padded(to: 22))
            output.appendDecimal(value)
            if let anomaly = TCPAnomaly(name: name) {
                output.append(" (")
                output.append(anomaly.severity.name)
                output.append(UInt8(ascii: ")"))
            }
            output.append(UInt8(ascii: "\n"))
        }
        if !roles.isEmpty {
            // `roles` and one line per role: segments, not a sum (a segment may have two roles).
            output.append("roles\n")
            for (name, value) in roles {
                output.append(string: ("  " + name).padded(to: 22))
                output.appendDecimal(value)
                output.append(UInt8(ascii: "\n"))
            }
        }
        output.append(string: "conntrack invalid".padded(to: 22))
        output.appendDecimal(statistics.conntrackInvalid)
        output.append(UInt8(ascii: "\n"))
        for (name, value) in conntrackChecks {
            output.append(string: ("  " + name).padded(to: 22))
            output.appendDecimal(value)
            let invalid = TCPWindowCheck.allCases.first { $0.description == name }?.isInvalid ?? false
            output.append(invalid ? " (invalid)\n" : " (let through)\n")
        }
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }

    fileprivate func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
