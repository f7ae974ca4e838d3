import TCPCodec

/// The two ends of a connection in a trace: the one that sent the first SYN, and the other.
public enum TCPTraceRole: String, CaseIterable, Hashable, Sendable {
    /// The endpoint that opens the connection (the client; in a simultaneous open, the first to send SYN).
    case initiator
    /// The other endpoint.
    case responder

    /// The other role.
    public var peer: TCPTraceRole { self == .initiator ? .responder : .initiator }
}

/// What a generated trace shows (RFC 9293 section 3.5 and 3.6).
public enum TCPTraceScenario: String, CaseIterable, Hashable, Sendable {
    /// Three-way handshake, data both ways, four-way close (or a three-way close with FIN+ACK) by either side.
    case normal
    /// Both ends send SYN at once and each answers with SYN+ACK (RFC 9293 figure 7), then data and a close.
    case simultaneousOpen
    /// Both ends send FIN at once and each acknowledges the other's (RFC 9293 figure 13).
    case simultaneousClose
    /// One end closes; the other keeps sending data from CLOSE-WAIT, which is acknowledged, then closes too.
    case halfClose
    /// The responder refuses the SYN with RST+ACK (RFC 9293 section 3.5.2, figure 9).
    case refused
    /// An established connection aborted by a RST from either end (RFC 9293 section 3.5.2).
    case reset
}

/// One segment of a trace: who sent it, its header and its payload.
public struct TCPTraceSegment: Hashable, Sendable, CustomStringConvertible {
    /// The endpoint that sent it.
    public var sender: TCPTraceRole
    /// The header; its checksum is filled in when the trace is encoded.
    public var header: TCPHeader
    /// The payload bytes.
    public var payload: [UInt8]

    /// Creates a segment.
    ///
    /// - Parameters:
    ///   - sender: the endpoint that sent it.
    ///   - header: the header.
    ///   - payload: the payload.
    public init(sender: TCPTraceRole, header: TCPHeader, payload: [UInt8] = []) {
        self.sender = sender
        self.header = header
        self.payload = payload
    }

    /// SEG.LEN (RFC 9293 section 3.4): payload bytes plus one for SYN and one for FIN.
    public var sequenceLength: UInt32 {
        UInt32(payload.count) + (header.flags.contains(.syn) ? 1 : 0) + (header.flags.contains(.fin) ? 1 : 0)
    }

    /// A tcpdump-like line: `initiator > responder [S.] seq 1 ack 2 win 65535 length 0`.
    public var description: String {
        let arrow = sender == .initiator ? "initiator > responder" : "responder > initiator"
        var line = "\(arrow) [\(header.flags)] seq \(header.sequenceNumber)"
        if header.flags.contains(.ack) { line += " ack \(header.acknowledgmentNumber)" }
        return line + " win \(header.window) length \(payload.count)"
    }
}

/// A legal exchange of segments between two endpoints, as an observer between them sees it, in order.
///
/// Plain data: the validator (or any TCP implementation under test) is fed the segments one by one. Sequence and
/// acknowledgment numbers follow RFC 9293 exactly from the two initial sequence numbers, which may lie anywhere,
/// just below 2^32 included, so that numbers wrap inside the trace.
public struct TCPTrace: Hashable, Sendable, CustomStringConvertible {
    /// What the trace shows.
    public var scenario: TCPTraceScenario
    /// The initiator's initial sequence number.
    public var initiatorISN: SequenceNumber
    /// The responder's initial sequence number.
    public var responderISN: SequenceNumber
    /// The pseudo-header of segments from the initiator; the responder's has the addresses swapped.
    public var initiatorPseudoHeader: TCPPseudoHeader
    /// The pseudo-header of segments from the responder.
    public var responderPseudoHeader: TCPPseudoHeader
    /// The segments in the order they are sent, which is the order an observer on the path sees them.
    public var segments: [TCPTraceSegment]
    /// When each segment is sent and when it is delivered: a segment is usually delivered at once, but in a
    /// simultaneous open or close two segments cross, both sent before either arrives.
    public var timeline: [TCPTraceStep]

    /// Creates a trace.
    ///
    /// - Parameters:
    ///   - scenario: what it shows.
    ///   - initiatorISN: the initiator's ISN.
    ///   - responderISN: the responder's ISN.
    ///   - initiatorPseudoHeader: the pseudo-header of the initiator's segments.
    ///   - responderPseudoHeader: the pseudo-header of the responder's segments.
    ///   - segments: the segments, in the order they are sent.
    ///   - timeline: when each segment is sent and delivered; `nil` for each delivered as soon as it is sent.
    public init(
        scenario: TCPTraceScenario, initiatorISN: SequenceNumber, responderISN: SequenceNumber,
        initiatorPseudoHeader: TCPPseudoHeader, responderPseudoHeader: TCPPseudoHeader, segments: [TCPTraceSegment],
        timeline: [TCPTraceStep]? = nil
    ) {
        self.scenario = scenario
        self.initiatorISN = initiatorISN
        self.responderISN = responderISN
        self.initiatorPseudoHeader = initiatorPseudoHeader
        self.responderPseudoHeader = responderPseudoHeader
        self.segments = segments
        self.timeline = timeline ?? segments.indices.flatMap { [TCPTraceStep.sent($0), .delivered($0)] }
    }

    /// Whether the responder starts in LISTEN (a passive open). In a simultaneous open both ends start CLOSED and
    /// open actively (RFC 9293 section 3.5); in a refusal nothing listens, and CLOSED answers the SYN with a RST
    /// (section 3.10.7.1).
    public var responderStartsListening: Bool { scenario != .simultaneousOpen && scenario != .refused }

    /// The pseudo-header of segments sent by `role`.
    ///
    /// - Parameter role: the sender.
    /// - Returns: its pseudo-header.
    public func pseudoHeader(for role: TCPTraceRole) -> TCPPseudoHeader {
        role == .initiator ? initiatorPseudoHeader : responderPseudoHeader
    }

    /// The trace as one endpoint lives it: each segment it sends or receives, in the order of ``timeline``
    /// (every segment is delivered, so each endpoint sees every segment once).
    ///
    /// - Parameter role: the endpoint.
    /// - Returns: one event per segment.
    public func events(for role: TCPTraceRole) -> [TCPTraceEvent] {
        timeline.compactMap { step in
            switch step {
            case .sent(let index):
                return segments[index].sender == role ? .sent(segments[index]) : nil
            case .delivered(let index):
                return segments[index].sender == role ? nil : .received(segments[index])
            }
        }
    }

    /// Each segment encoded with its checksum filled in over its direction's pseudo-header.
    ///
    /// - Returns: one byte array per segment, in order.
    public func encodedSegments() -> [[UInt8]] {
        segments.map { segment in
            TCPGenerator.encoded(
                segment.header, payload: segment.payload, pseudoHeader: pseudoHeader(for: segment.sender))
        }
    }

    /// The scenario, the ISNs and one line per segment.
    public var description: String {
        var text = "\(scenario) trace, ISNs \(initiatorISN) and \(responderISN):"
        for (index, segment) in segments.enumerated() { text += "\n  \(index): \(segment)" }
        return text
    }
}

/// One step of a trace's timeline, naming a segment by its index in ``TCPTrace/segments``.
public enum TCPTraceStep: Hashable, Sendable {
    /// The segment leaves its sender.
    case sent(Int)
    /// The segment reaches its receiver.
    case delivered(Int)
}

/// A segment as one endpoint of a trace sees it.
public enum TCPTraceEvent: Hashable, Sendable {
    /// The endpoint sends the segment.
    case sent(TCPTraceSegment)
    /// The endpoint receives the segment.
    case received(TCPTraceSegment)

    /// The segment.
    public var segment: TCPTraceSegment {
        switch self {
        case .sent(let segment), .received(let segment): return segment
        }
    }
}

/// One field of one segment of a trace, changed.
public struct TCPTraceMutation: Hashable, Sendable, CustomStringConvertible {
    /// The trace after the change.
    public var trace: TCPTrace
    /// The index of the changed segment.
    public var segmentIndex: Int
    /// The changed field.
    public var field: TCPHeaderField
    /// The segment's header before the change.
    public var original: TCPHeader

    /// Creates a value.
    ///
    /// - Parameters:
    ///   - trace: the trace after the change.
    ///   - segmentIndex: the changed segment.
    ///   - field: the changed field.
    ///   - original: the header before the change.
    public init(trace: TCPTrace, segmentIndex: Int, field: TCPHeaderField, original: TCPHeader) {
        self.trace = trace
        self.segmentIndex = segmentIndex
        self.field = field
        self.original = original
    }

    /// Which field of which segment changed, from what to what.
    public var description: String {
        let mutated = trace.segments[segmentIndex]
        var before = TCPTraceSegment(sender: mutated.sender, header: original, payload: mutated.payload)
        before.header = original
        return "segment \(segmentIndex) \(field): \(before) -> \(mutated)"
    }
}
