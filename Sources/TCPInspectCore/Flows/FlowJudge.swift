import PacketCapture
import TCPCodec
import TCPValidation

/// Runs every segment through `TCPValidation`'s flow observer: the anomalies of each segment, and, when asked, the
/// frames, anomalies and milestones of each flow for the flows view.
///
/// The observer's table is bounded; a flow it pushes out (for room, or because its 4-tuple was reused) is kept
/// here as a finished record, so the flows view reports every flow of the capture. Segments that belong to no
/// tracked flow (a RST or FIN with no connection known for it, a segment refused a place in a full table) become
/// flows of their own, one per 4-tuple, so that the flows view and the summary count the same flows.
public struct FlowJudge {
    /// What the flows view needs of one flow besides the observer's record.
    public struct FlowLog {
        /// The frames of the flow, in order.
        public var frames: [UInt64] = []
        /// Each anomaly with the frame it was found on (an anomaly a later frame proved of an earlier one is
        /// listed under the earlier frame).
        public var anomalies: [(frame: UInt64, anomaly: TCPAnomaly)] = []
        /// The frames at which the flow reached its milestones.
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
    }

    /// One flow for the report: the observer's record and the log.
    public struct Flow {
        /// The observer's record (endpoints, states, counts, anomalies).
        public var record: TCPFlowRecord
        /// Frames, anomalies by frame, milestone frames.
        public var log: FlowLog

        /// The anomalies of the flow's segments and its capture notes, counted by severity (indexed by
        /// `TCPAnomalySeverity.rawValue`).
        public var severityCounts: [UInt64] {
            var counts = [UInt64](repeating: 0, count: TCPAnomalySeverity.allCases.count)
            for entry in log.anomalies { counts[Int(entry.anomaly.severity.rawValue)] += 1 }
            for note in record.captureNotes where !log.anomalies.contains(where: { $0.anomaly == note }) {
                counts[Int(note.severity.rawValue)] += 1
            }
            return counts
        }
    }

    private var observer: TCPFlowObserver
    private let keepsLogs: Bool
    private var logs: [UInt64: FlowLog] = [:]
    private var retired: [Flow] = []
    private var lastTime: UInt64 = 0
    /// Flows of segments the observer did not track, by 4-tuple.
    private var strayIDs: [FlowKey: UInt64] = [:]
    private var strayRecords: [UInt64: TCPFlowRecord] = [:]
    /// Flow notes of flows that ended, by raw value (counted for the summary without logs).
    private var retiredNotes = [UInt64](repeating: 0, count: 256)

    /// The capture notes that are kept per flow rather than per segment.
    static let flowNotes: [TCPAnomaly] = [.oneDirectionOnly, .checksumOffload]

    /// Makes a judge.
    ///
    /// - Parameters:
    ///   - keepsLogs: keep each flow's frames and milestones (the flows view); memory then grows with the capture.
    ///   - capacity: the most flows the observer holds at once.
    public init(keepsLogs: Bool, capacity: Int = 16384) {
        observer = TCPFlowObserver(configuration: TCPFlowObserver.Configuration(capacity: capacity))
        self.keepsLogs = keepsLogs
    }

    /// The number of flows: those the observer created, each new connection on a reused 4-tuple included, and the
    /// flows of untracked segments.
    public var flowCount: UInt64 { observer.statistics.flowsCreated + UInt64(strayIDs.count) }

    /// The number of flows, finished or held, with each flow note (``TCPAnomaly/oneDirectionOnly``,
    /// ``TCPAnomaly/checksumOffload``).
    public var flowNoteCounts: [(anomaly: TCPAnomaly, flows: UInt64)] {
        Self.flowNotes.map { note in
            (note, retiredNotes[Int(note.rawValue)]
                + UInt64(observer.flows.filter { $0.captureNotes.contains(note) }.count))
        }
    }

    /// The observer's address form of a capture address.
    static func address(_ address: IPAddress) -> TCPAddress {
        if let value = address.ipv4Value {
            return TCPAddress(ipv4: value)
        }
        return address.withUnsafeBytes { TCPAddress($0) } ?? TCPAddress(ipv4: 0)
    }

    /// Judges one segment.
    ///
    /// - Parameters:
    ///   - view: the segment (a lenient view of the captured bytes).
    ///   - segment: what the inspector worked out about it.
    /// - Returns: the anomalies the observer found, and one it proved of an earlier frame (with that frame).
    public mutating func judge(
        _ view: TCPSegmentView, segment: InspectedSegment
    ) -> (anomalies: TCPAnomalySet, earlier: (frame: UInt64, anomaly: TCPAnomaly)?) {
        if let timestamp = segment.timestamp, timestamp.seconds >= 0 {
            // The observer's clock must not go backwards: out-of-order capture times are held at the last one.
            let time = UInt64(timestamp.seconds) &* 1_000_000_000 &+ timestamp.nanoseconds
            lastTime = Swift.max(lastTime, time)
        }
        let source = Self.address(segment.source)
        let destination = Self.address(segment.destination)
        // The payload length on the wire, from the IP header: judged by it, never by the bytes a snapshot kept.
        // A data offset below 5 gives no header length to subtract: the view's own payload is taken then.
        let wirePayload = view.headerLength >= TCPSegmentView.minimumHeaderLength
            ? segment.tcpLength - view.headerLength : -1
        let observation = observer.observe(
            view, from: source, to: destination, at: lastTime, payloadLength: wirePayload >= 0 ? wirePayload : nil,
            // A checksum left to offload (the pseudo-header sum alone) says nothing about the segment.
            checksumIsValid: segment.checksumIsOffloadPlaceholder ? nil : segment.checksumIsCorrect,
            context: TCPFlowContext(rawValue: segment.vlanTags.rawValue),
            reference: segment.frame)
        let earlier = observation.earlierAnomaly.map { (frame: observation.earlierReference, anomaly: $0) }
        if observation.retiredFlow, let gone = observer.lastRetiredFlow {
            if keepsLogs {
                retired.append(Flow(record: gone, log: logs.removeValue(forKey: gone.id) ?? FlowLog()))
            }
            for note in Self.flowNotes where gone.captureNotes.contains(note) {
                retiredNotes[Int(note.rawValue)] += 1
            }
        }
        let sourceEndpoint = TCPFlowEndpoint(address: source, port: view.sourcePort)
        let destinationEndpoint = TCPFlowEndpoint(address: destination, port: view.destinationPort)
        guard let flowID = observation.flowID else {
            recordStray(
                segment, from: sourceEndpoint, to: destinationEndpoint, payload: UInt64(Swift.max(0, wirePayload)),
                anomalies: observation.anomalies)
            return (observation.anomalies, earlier)
        }
        guard keepsLogs else {
            return (observation.anomalies, earlier)
        }
        let milestones = observer.flow(
            between: sourceEndpoint, and: destinationEndpoint,
            context: TCPFlowContext(rawValue: segment.vlanTags.rawValue))?.milestones
        // Changed where the dictionary holds it: a copy taken out and stored back would copy the frame list on every
        // segment (its storage is shared with the dictionary's), which made a long flow cost quadratic time.
        Self.update(&logs[flowID, default: FlowLog()], frame: segment.frame, anomalies: observation.anomalies,
                    earlier: earlier, milestones: milestones)
        return (observation.anomalies, earlier)
    }

    /// Adds a segment's frame, anomalies and milestones to its flow's log.
    private static func update(
        _ log: inout FlowLog, frame: UInt64, anomalies: TCPAnomalySet, earlier: (frame: UInt64, anomaly: TCPAnomaly)?,
        milestones: TCPFlowMilestones?
    ) {
        log.frames.append(frame)
        if let earlier {
            let position = log.anomalies.firstIndex { $0.frame > earlier.frame } ?? log.anomalies.count
            log.anomalies.insert((earlier.frame, earlier.anomaly), at: position)
        }
        for anomaly in anomalies {
            log.anomalies.append((frame, anomaly))
        }
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
        anomalies: TCPAnomalySet
    ) {
        let key = FlowKey(
            source: segment.source, destination: segment.destination, sourcePort: source.port,
            destinationPort: destination.port, vlanTags: segment.vlanTags)
        let flowID: UInt64
        if let known = strayIDs[key] {
            flowID = known
        } else {
            flowID = observer.takeFlowID()
            strayIDs[key] = flowID
            if keepsLogs {
                var record = TCPFlowRecord(untrackedID: flowID, client: source, server: destination)
                record.context = TCPFlowContext(rawValue: segment.vlanTags.rawValue)
                strayRecords[flowID] = record
            }
        }
        guard keepsLogs, var record = strayRecords[flowID] else { return }
        if source == record.client {
            record.clientToServer.segments += 1
            record.clientToServer.payloadBytes += payload
        } else {
            record.serverToClient.segments += 1
            record.serverToClient.payloadBytes += payload
        }
        record.anomalies.formUnion(anomalies)
        strayRecords[flowID] = record
        Self.update(&logs[flowID, default: FlowLog()], frame: segment.frame, anomalies: anomalies, earlier: nil,
                    milestones: nil)
    }

    /// Every flow seen, finished ones, those still held and those of untracked segments, in order of creation.
    ///
    /// - Returns: the flows, each with what the judge logged about it, ordered by flow ID.
    public func allFlows() -> [Flow] {
        var flows = retired
        for record in observer.flows {
            flows.append(Flow(record: record, log: logs[record.id] ?? FlowLog()))
        }
        for (flowID, record) in strayRecords {
            flows.append(Flow(record: record, log: logs[flowID] ?? FlowLog()))
        }
        return flows.sorted { $0.record.id < $1.record.id }
    }
}
