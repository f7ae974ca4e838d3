import PacketCapture
import TCPCodec
import TCPValidation

/// Runs every segment through `TCPValidation`'s flow observer: the anomalies of each segment, and, when asked, the
/// frames, anomalies and milestones of each flow for the flows view.
///
/// Memory is bounded by the observer's capacity, never by the capture: a flow's log is a fixed-size summary (its
/// frame count, first and last frame, at most ``FlowLog/listedAnomalyLimit`` anomalies with their frames and a
/// count of the rest, milestone frames), kept only while the flow is held. A flow ends when the observer pushes it
/// out (for room, or because its 4-tuple was reused by a new connection) or expires it (closed for longer than
/// its closed timeout, in capture time; an open flow is never expired for silence alone, so that how it is judged
/// when it speaks again does not depend on the expiry); the judge then hands it over
/// once through ``takeFinishedFlows()`` and forgets it. Segments that belong to no tracked flow (a RST or FIN with
/// no connection known for it, a segment refused a place in a full table) become flows of their own, one per
/// 4-tuple and context, held in a table of the same capacity whose least recently seen half ends when it fills.
public struct FlowJudge {
    /// What the flows view needs of one flow besides the observer's record: fixed in size whatever the flow's
    /// length, unless the full frame list is asked for.
    public struct FlowLog {
        /// The most anomalies listed with their frames; further ones are counted in ``unlistedAnomalies``.
        public static let listedAnomalyLimit = 64

        /// The number of frames of the flow.
        public var frameCount: UInt64 = 0
        /// The flow's first frame (0 before any).
        public var firstFrame: UInt64 = 0
        /// The flow's last frame (0 before any).
        public var lastFrame: UInt64 = 0
        /// Every frame of the flow, in order, when the judge was asked to keep them (memory then grows with the
        /// flow); `nil` otherwise.
        public var frames: [UInt64]?
        /// Anomalies with the frame each was found on, in frame order, at most ``listedAnomalyLimit`` (an anomaly a
        /// later frame proved of an earlier one is listed under the earlier frame).
        public var anomalies: [(frame: UInt64, anomaly: TCPAnomaly)] = []
        /// The anomalies found beyond the listed ones.
        public var unlistedAnomalies: UInt64 = 0
        /// Every anomaly of the flow's segments, listed or not, counted by severity (indexed by
        /// `TCPAnomalySeverity.rawValue`).
        public var anomalyCountsBySeverity: [UInt64] = [0, 0, 0, 0]
        /// The kinds of anomaly found on the flow's segments.
        public var anomalyKinds = TCPAnomalySet()
        /// The frame of the first SYN.
        public var syn: UInt64?
        /// The frame of the SYN-ACK.
        public var synAck: UInt64?
        /// The frame that completed the handshake.
        public var established: UInt64?
        /// The frame of the client's FIN.
        public var clientFIN: UInt64?
        /// The frame of the server's FIN.
        public var serverFIN: UInt64?
        /// The frame of the first reset.
        public var reset: UInt64?
        /// The frame after which both sides were closed.
        public var closed: UInt64?
        /// The number of the flow's segments that Linux's conntrack would mark INVALID
        /// (`TCPWindowCheck.isInvalid`: what a ruleset's `ct state invalid drop` drops).
        public var conntrackInvalid: UInt64 = 0
        /// The frame of the first of them (meaningful when ``conntrackInvalid`` is not 0).
        public var firstConntrackInvalid: UInt64 = 0
        /// The flow's segments by role.
        var roleCounts = RoleCounts()

        /// The flow's segments of each role the validator recognised (`retransmission`, `duplicate-ack`, ...: the
        /// names of `TCPSegmentTraits.roles`), in the order of `TCPSegmentTraits.named`, for the roles seen; a
        /// segment with two roles counts under both.
        public var roles: [(name: String, segments: UInt64)] { roleCounts.named }

        /// An empty log.
        ///
        /// - Parameter keepsFrameList: keep every frame number (``frames``).
        public init(keepsFrameList: Bool = false) {
            frames = keepsFrameList ? [] : nil
        }

        /// Counts one anomaly found on `frame`, listing it while there is room.
        mutating func add(_ anomaly: TCPAnomaly, frame: UInt64) {
            anomalyCountsBySeverity[Int(anomaly.severity.rawValue)] += 1
            anomalyKinds.insert(anomaly)
            guard anomalies.count < Self.listedAnomalyLimit else {
                unlistedAnomalies += 1
                return
            }
            // Kept in frame order: an anomaly proved of an earlier frame goes before the later frames' ones.
            let position = anomalies.lastIndex { $0.frame <= frame }.map { $0 + 1 } ?? 0
            anomalies.insert((frame, anomaly), at: position)
        }
    }

    /// One flow for the report: the observer's record and the log.
    public struct Flow {
        /// The observer's record (endpoints, states, counts, anomalies).
        public var record: TCPFlowRecord
        /// Frames, anomalies by frame, milestone frames.
        public var log: FlowLog

        /// The anomalies of the flow's segments and its capture notes, counted by severity (indexed by
        /// `TCPAnomalySeverity.rawValue`); a capture note of a kind also found on a segment is not counted twice.
        public var severityCounts: [UInt64] {
            var counts = log.anomalyCountsBySeverity
            for note in record.captureNotes where !log.anomalyKinds.contains(note) {
                counts[Int(note.severity.rawValue)] += 1
            }
            return counts
        }
    }

    /// A flow of segments no tracked flow took.
    private struct StrayFlow {
        var record: TCPFlowRecord
        var lastFrame: UInt64
    }

    private var observer: TCPFlowObserver
    private let keepsLogs: Bool
    private let keepsFrameLists: Bool
    private let strayCapacity: Int
    private var logs: [UInt64: FlowLog] = [:]
    /// Flows that ended and were not yet taken.
    private var finished: [Flow] = []
    private var lastTime: UInt64 = 0
    /// The capture time at which the observer's flows are next expired.
    private var nextExpiry: UInt64 = 0
    /// Flows of segments the observer did not track, by 4-tuple and context.
    private var strays: [TCPFlowKey: StrayFlow] = [:]
    /// The number of stray flows made so far, ended ones included.
    private var strayFlowsMade: UInt64 = 0
    /// Flow notes of flows that ended, by raw value (counted for the summary without logs).
    private var endedNotes = [UInt64](repeating: 0, count: 256)

    /// The number of flows that ended because a table was full (the observer's evictions for room, and stray
    /// flows pushed out): each such flow is reported on its own, and a later segment of it starts a new flow.
    public private(set) var flowsEndedForRoom: UInt64 = 0

    /// The capture notes that are kept per flow rather than per segment.
    static let flowNotes: [TCPAnomaly] = [.oneDirectionOnly, .checksumOffload]

    /// How often, in capture time, the observer's flows are checked for expiry: 10 seconds.
    static let expiryInterval: UInt64 = 10_000_000_000

    /// Makes a judge.
    ///
    /// - Parameters:
    ///   - keepsLogs: keep each flow's log (the flows view) and hand over ended flows.
    ///   - keepsFrameLists: keep every frame number of each flow in its log (memory then grows with the flows'
    ///     lengths).
    ///   - capacity: the most flows the observer holds at once, and the most stray flows held at once.
    public init(keepsLogs: Bool, keepsFrameLists: Bool = false, capacity: Int = 16384) {
        observer = TCPFlowObserver(configuration: TCPFlowObserver.Configuration(capacity: capacity))
        self.keepsLogs = keepsLogs
        self.keepsFrameLists = keepsLogs && keepsFrameLists
        strayCapacity = Swift.max(2, capacity)
    }

    /// The number of flows: those the observer created, each new connection on a reused 4-tuple included, and the
    /// flows of untracked segments.
    public var flowCount: UInt64 { observer.statistics.flowsCreated + strayFlowsMade }

    /// The number of flows, ended or held, with each flow note (``TCPAnomaly/oneDirectionOnly``,
    /// ``TCPAnomaly/checksumOffload``).
    public var flowNoteCounts: [(anomaly: TCPAnomaly, flows: UInt64)] {
        Self.flowNotes.map { note in
            (note, endedNotes[Int(note.rawValue)]
                + UInt64(observer.flows.filter { $0.captureNotes.contains(note) }.count))
        }
    }

    /// Judges one segment.
    ///
    /// - Parameters:
    ///   - view: the segment (a lenient view of the captured bytes).
    ///   - segment: what the inspector worked out about it.
    /// - Returns: the anomalies the observer found, one it proved of an earlier frame (with that frame), what
    ///   Linux's conntrack would decide of the segment (`TCPWindowCheck.passed` for a segment of no flow), and the
    ///   segment's roles (its traits among `TCPSegmentTraits.roles`: a retransmission, a duplicate ACK...).
    public mutating func judge(
        _ view: TCPSegmentView, segment: InspectedSegment
    ) -> (
        anomalies: TCPAnomalySet, earlier: (frame: UInt64, anomaly: TCPAnomaly)?, conntrack: TCPWindowCheck,
        roles: TCPSegmentTraits
    ) {
        if let timestamp = segment.timestamp, timestamp.seconds >= 0 {
            // The observer's clock must not go backwards: out-of-order capture times are held at the last one.
            // Times past the year 2554 (beyond 2^64 nanoseconds) are held at the last one too.
            let (product, overflow) = UInt64(timestamp.seconds).multipliedReportingOverflow(by: 1_000_000_000)
            let (time, carry) = product.addingReportingOverflow(timestamp.nanoseconds)
            if !overflow && !carry { lastTime = Swift.max(lastTime, time) }
        }
        if lastTime >= nextExpiry { expireFlows() }
        let source = segment.source
        let destination = segment.destination
        // The payload length on the wire, from the IP header: judged by it, never by the bytes a snapshot kept.
        // A data offset below 5 gives no header length to subtract: the view's own payload is taken then.
        let wirePayload = view.headerLength >= TCPSegmentView.minimumHeaderLength
            ? segment.tcpLength - view.headerLength : -1
        let context = segment.flowContext
        // The observer reads options as Linux does: an option whose length breaks only its kind's rule is skipped
        // and the options after it are read (framing checking). The segment's own view is decoded strictly for
        // the writers; only the rare segment whose walk stopped at such an option is read again.
        var judged = view
        if case .invalidOptionLength = view.problem, let framed = try? TCPSegmentView(
            lenient: segment.bytes, optionChecking: .framing)
        {
            judged = framed
        }
        let observation = observer.observe(
            judged, from: source, to: destination, at: lastTime, payloadLength: wirePayload >= 0 ? wirePayload : nil,
            // A checksum left to offload (the pseudo-header sum alone) says nothing about the segment.
            checksumIsValid: segment.checksumIsOffloadPlaceholder ? nil : segment.checksumIsCorrect,
            context: context, reference: segment.frame)
        let earlier = observation.earlierAnomaly.map { (frame: observation.earlierReference, anomaly: $0) }
        let roles = observation.traits.intersection(.roles)
        let sourceEndpoint = TCPFlowEndpoint(address: source, port: view.sourcePort)
        let destinationEndpoint = TCPFlowEndpoint(address: destination, port: view.destinationPort)
        if observation.retiredFlow, let gone = observer.lastRetiredFlow {
            // Retired for room, unless this segment reused its 4-tuple.
            let reused = (gone.client == sourceEndpoint && gone.server == destinationEndpoint)
                || (gone.client == destinationEndpoint && gone.server == sourceEndpoint)
            if !gone.isClosed && observation.flowID != nil && !reused {
                flowsEndedForRoom += 1
            }
            end(gone)
        }
        guard let flowID = observation.flowID else {
            recordStray(
                segment, from: sourceEndpoint, to: destinationEndpoint, payload: UInt64(Swift.max(0, wirePayload)),
                anomalies: observation.anomalies, conntrack: observation.windowCheck)
            return (observation.anomalies, earlier, observation.windowCheck, roles)
        }
        guard keepsLogs else {
            return (observation.anomalies, earlier, observation.windowCheck, roles)
        }
        let milestones = observer.flow(between: sourceEndpoint, and: destinationEndpoint, context: context)?.milestones
        // Changed where the dictionary holds it, never copied out and back.
        Self.update(
            &logs[flowID, default: FlowLog(keepsFrameList: keepsFrameLists)], frame: segment.frame,
            anomalies: observation.anomalies, earlier: earlier, conntrack: observation.windowCheck, roles: roles,
            milestones: milestones)
        return (observation.anomalies, earlier, observation.windowCheck, roles)
    }

    /// A flow the observer no longer holds: its notes are counted and, with logs, it is handed over.
    private mutating func end(_ record: TCPFlowRecord) {
        for note in Self.flowNotes where record.captureNotes.contains(note) {
            endedNotes[Int(note.rawValue)] += 1
        }
        guard keepsLogs else { return }
        let log = logs.removeValue(forKey: record.id) ?? FlowLog(keepsFrameList: keepsFrameLists)
        finished.append(Flow(record: record, log: log))
    }

    /// Ends the observer's flows that are closed past the closed timeout. Open flows stay until the table
    /// needs their room (then they are evicted) or the capture ends, so that how a long-silent connection is
    /// judged when it speaks again does not depend on how often this runs.
    private mutating func expireFlows() {
        var expired: [TCPFlowRecord] = []
        observer.expireClosedFlows(now: lastTime) { expired.append($0) }
        for record in expired { end(record) }
        let (next, overflow) = lastTime.addingReportingOverflow(Self.expiryInterval)
        nextExpiry = overflow ? .max : next
    }

    /// Adds a segment's frame, anomalies and milestones to its flow's log.
    private static func update(
        _ log: inout FlowLog, frame: UInt64, anomalies: TCPAnomalySet, earlier: (frame: UInt64, anomaly: TCPAnomaly)?,
        conntrack: TCPWindowCheck, roles: TCPSegmentTraits, milestones: TCPFlowMilestones?
    ) {
        log.roleCounts.add(roles)
        if conntrack.isInvalid {
            if log.conntrackInvalid == 0 { log.firstConntrackInvalid = frame }
            log.conntrackInvalid += 1
        }
        // A frame with two of the flow's segments (an A-MSDU's subframes) is one of its frames.
        if log.frameCount == 0 || frame != log.lastFrame {
            if log.frameCount == 0 { log.firstFrame = frame }
            log.frameCount += 1
            log.lastFrame = frame
            log.frames?.append(frame)
        }
        if let earlier { log.add(earlier.anomaly, frame: earlier.frame) }
        for anomaly in anomalies { log.add(anomaly, frame: frame) }
        if let milestones {
            func mark(_ reached: UInt64?, _ slot: inout UInt64?) {
                if reached != nil && slot == nil {
                    slot = frame
                } else if reached == nil {
                    slot = nil
                }
            }
            mark(milestones.syn, &log.syn)
            mark(milestones.synAck, &log.synAck)
            mark(milestones.established, &log.established)
            mark(milestones.clientFIN, &log.clientFIN)
            mark(milestones.serverFIN, &log.serverFIN)
            mark(milestones.reset, &log.reset)
            mark(milestones.closed, &log.closed)
        }
    }

    /// A segment no tracked flow took: it joins (or starts) the flow of untracked segments of its 4-tuple.
    private mutating func recordStray(
        _ segment: InspectedSegment, from source: TCPFlowEndpoint, to destination: TCPFlowEndpoint, payload: UInt64,
        anomalies: TCPAnomalySet, conntrack: TCPWindowCheck
    ) {
        let key = TCPFlowKey(source: source, destination: destination, context: segment.flowContext)
        if strays[key] == nil {
            if strays.count >= strayCapacity { endOldestStrays() }
            var record = TCPFlowRecord(untrackedID: observer.takeFlowID(), client: source, server: destination)
            record.context = segment.flowContext
            strays[key] = StrayFlow(record: record, lastFrame: segment.frame)
            strayFlowsMade += 1
        }
        guard keepsLogs else { return }
        // Changed in place in the dictionary.
        Self.addStray(&strays[key]!, from: source, payload: payload, anomalies: anomalies, frame: segment.frame)
        Self.update(
            &logs[strays[key]!.record.id, default: FlowLog(keepsFrameList: keepsFrameLists)], frame: segment.frame,
            anomalies: anomalies, earlier: nil, conntrack: conntrack, roles: [], milestones: nil)
    }

    private static func addStray(
        _ stray: inout StrayFlow, from source: TCPFlowEndpoint, payload: UInt64, anomalies: TCPAnomalySet,
        frame: UInt64
    ) {
        stray.lastFrame = frame
        if source == stray.record.client {
            stray.record.clientToServer.segments += 1
            stray.record.clientToServer.payloadBytes += payload
        } else {
            stray.record.serverToClient.segments += 1
            stray.record.serverToClient.payloadBytes += payload
        }
        stray.record.anomalies.formUnion(anomalies)
    }

    /// Ends the least recently seen half of the stray flows, to make room: amortised, each stray flow costs a
    /// constant share of one sort.
    private mutating func endOldestStrays() {
        let byAge = strays.sorted { $0.value.lastFrame < $1.value.lastFrame }
        for (key, stray) in byAge.prefix(strays.count / 2) {
            strays.removeValue(forKey: key)
            flowsEndedForRoom += 1
            end(stray.record)
        }
    }

    /// Takes the flows that ended since the last call, in the order they ended.
    ///
    /// - Returns: the flows, each with its log (empty unless the judge keeps logs).
    public mutating func takeFinishedFlows() -> [Flow] {
        guard !finished.isEmpty else { return [] }
        defer { finished.removeAll(keepingCapacity: true) }
        return finished
    }

    /// Whether flows ended since the last ``takeFinishedFlows()``.
    public var hasFinishedFlows: Bool { !finished.isEmpty }

    /// The flows still held at the end of the capture (tracked ones and those of untracked segments), with the
    /// ended flows not yet taken first; the held ones in order of creation.
    ///
    /// - Returns: the flows, each with what the judge logged about it.
    public mutating func takeRemainingFlows() -> [Flow] {
        var held: [Flow] = []
        for record in observer.flows {
            held.append(Flow(record: record, log: logs[record.id] ?? FlowLog(keepsFrameList: keepsFrameLists)))
        }
        for stray in strays.values {
            held.append(
                Flow(record: stray.record, log: logs[stray.record.id] ?? FlowLog(keepsFrameList: keepsFrameLists)))
        }
        held.sort { $0.record.id < $1.record.id }
        return takeFinishedFlows() + held
    }
}
