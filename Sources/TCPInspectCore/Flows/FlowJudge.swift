import PacketCapture
import TCPCodec
import TCPValidation

/// Runs every segment through `TCPValidation`'s flow observer: the anomalies of each segment, and, when asked, the
/// frames, anomalies and milestones of each flow for the flows view.
///
/// The observer's table is bounded; a flow it pushes out (for room, or because its 4-tuple was reused) is kept
/// here as a finished record, so the flows view reports every flow of the capture.
public struct FlowJudge {
    /// What the flows view needs of one flow besides the observer's record.
    public struct FlowLog {
        /// The frames of the flow, in order.
        public var frames: [UInt64] = []
        /// Each anomaly with the frame it was found on.
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
    }

    private var observer: TCPFlowObserver
    private let keepsLogs: Bool
    private var logs: [UInt64: FlowLog] = [:]
    private var retired: [Flow] = []
    private var lastTime: UInt64 = 0

    /// Makes a judge.
    ///
    /// - Parameters:
    ///   - keepsLogs: keep each flow's frames and milestones (the flows view); memory then grows with the capture.
    ///   - capacity: the most flows the observer holds at once.
    public init(keepsLogs: Bool, capacity: Int = 16384) {
        observer = TCPFlowObserver(configuration: TCPFlowObserver.Configuration(capacity: capacity))
        self.keepsLogs = keepsLogs
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
    /// - Returns: the anomalies the observer found.
    public mutating func judge(_ view: TCPSegmentView, segment: InspectedSegment) -> TCPAnomalySet {
        if let timestamp = segment.timestamp, timestamp.seconds >= 0 {
            // The observer's clock must not go backwards: out-of-order capture times are held at the last one.
            let time = UInt64(timestamp.seconds) &* 1_000_000_000 &+ timestamp.nanoseconds
            lastTime = Swift.max(lastTime, time)
        }
        let source = Self.address(segment.source)
        let destination = Self.address(segment.destination)
        let observation = observer.observe(view, from: source, to: destination, at: lastTime)
        guard keepsLogs else {
            return observation.anomalies
        }
        if observation.retiredFlow, let gone = observer.lastRetiredFlow {
            retired.append(Flow(record: gone, log: logs.removeValue(forKey: gone.id) ?? FlowLog()))
        }
        guard let flowID = observation.flowID else {
            return observation.anomalies
        }
        var log = logs[flowID] ?? FlowLog()
        let frame = segment.frame
        log.frames.append(frame)
        for anomaly in observation.anomalies {
            log.anomalies.append((frame, anomaly))
        }
        let sourceEndpoint = TCPFlowEndpoint(address: source, port: view.sourcePort)
        let destinationEndpoint = TCPFlowEndpoint(address: destination, port: view.destinationPort)
        if let record = observer.flow(between: sourceEndpoint, and: destinationEndpoint) {
            let milestones = record.milestones
            func mark(_ reached: UInt64?, _ slot: inout UInt64?) {
                if reached != nil && slot == nil {
                    slot = frame
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
        logs[flowID] = log
        return observation.anomalies
    }

    /// Every flow seen, finished ones and those still held, in order of creation.
    ///
    /// - Returns: the flows, each with what the judge logged about it, ordered by flow ID.
    public func allFlows() -> [Flow] {
        var flows = retired
        for record in observer.flows {
            flows.append(Flow(record: record, log: logs[record.id] ?? FlowLog()))
        }
        return flows.sorted { $0.record.id < $1.record.id }
    }
}
