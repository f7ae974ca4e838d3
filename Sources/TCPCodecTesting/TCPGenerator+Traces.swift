import TCPCodec

/// Builds a trace segment by segment, keeping each endpoint's SND.NXT and RCV.NXT (RFC 9293 section 3.3.1).
internal struct TCPTraceBuilder {
    var ports: (initiator: UInt16, responder: UInt16)
    var windows: (initiator: UInt16, responder: UInt16)
    var sendNext: (initiator: SequenceNumber, responder: SequenceNumber)
    var receiveNext: (initiator: SequenceNumber, responder: SequenceNumber)
    var segments: [TCPTraceSegment] = []
    var timeline: [TCPTraceStep] = []

    init(ports: (UInt16, UInt16), windows: (UInt16, UInt16), isns: (SequenceNumber, SequenceNumber)) {
        self.ports = ports
        self.windows = windows
        self.sendNext = isns
        self.receiveNext = (SequenceNumber(0), SequenceNumber(0))
    }

    func sendNext(_ role: TCPTraceRole) -> SequenceNumber {
        role == .initiator ? sendNext.initiator : sendNext.responder
    }

    mutating func setSendNext(_ role: TCPTraceRole, _ value: SequenceNumber) {
        if role == .initiator { sendNext.initiator = value } else { sendNext.responder = value }
    }

    func receiveNext(_ role: TCPTraceRole) -> SequenceNumber {
        role == .initiator ? receiveNext.initiator : receiveNext.responder
    }

    mutating func setReceiveNext(_ role: TCPTraceRole, _ value: SequenceNumber) {
        if role == .initiator { receiveNext.initiator = value } else { receiveNext.responder = value }
    }

    /// Sends a segment from `sender` at its SND.NXT, acknowledging its RCV.NXT when `flags` has ACK, and
    /// advances SND.NXT. The peer's RCV.NXT moves only when the segment is delivered.
    ///
    /// - Returns: the segment's index.
    mutating func make(
        _ sender: TCPTraceRole, _ flags: TCPFlags, payload: [UInt8] = [], options: TCPOptionList = TCPOptionList(),
        sequenceNumber: SequenceNumber? = nil, acknowledgmentNumber: SequenceNumber? = nil
    ) -> Int {
        let seq = sequenceNumber ?? sendNext(sender)
        let ack = flags.contains(.ack) ? (acknowledgmentNumber ?? receiveNext(sender)) : SequenceNumber(0)
        let header = TCPHeader(
            sourcePort: sender == .initiator ? ports.initiator : ports.responder,
            destinationPort: sender == .initiator ? ports.responder : ports.initiator,
            sequenceNumber: seq, acknowledgmentNumber: ack, flags: flags,
            window: flags.contains(.rst) ? 0 : (sender == .initiator ? windows.initiator : windows.responder),
            options: options)
        let segment = TCPTraceSegment(sender: sender, header: header, payload: payload)
        let end = seq + segment.sequenceLength
        if end.isAfter(sendNext(sender)) { setSendNext(sender, end) }
        segments.append(segment)
        timeline.append(.sent(segments.count - 1))
        return segments.count - 1
    }

    /// Delivers a segment already sent: the receiver's RCV.NXT moves past it.
    mutating func deliver(_ index: Int) {
        timeline.append(.delivered(index))
        let segment = segments[index]
        let receiver = segment.sender.peer
        // A SYN sets RCV.NXT (RFC 9293 section 3.10.7.3); other segments advance it when they arrive in order.
        if segment.header.flags.contains(.syn) || segment.header.sequenceNumber == receiveNext(receiver) {
            setReceiveNext(receiver, segment.header.sequenceNumber + segment.sequenceLength)
        }
    }

    /// Makes and delivers a segment.
    mutating func send(
        _ sender: TCPTraceRole, _ flags: TCPFlags, payload: [UInt8] = [], options: TCPOptionList = TCPOptionList()
    ) {
        deliver(make(sender, flags, payload: payload, options: options))
    }
}

extension TCPGenerator {
    /// A legal trace of any scenario.
    ///
    /// - Returns: the trace; logged as one line per segment.
    public func trace() -> TCPTrace {
        trace(element(of: TCPTraceScenario.allCases))
    }

    /// A legal trace of `scenario`: ISNs anywhere (just below 2^32 about one time in eight), ports, windows,
    /// SYN options (MSS, window scale, SACK permitted), data in either direction, each segment acknowledged, and
    /// the closing side chosen at random.
    ///
    /// - Parameter scenario: what the trace shows.
    /// - Returns: the trace; logged as one line per segment.
    public func trace(_ scenario: TCPTraceScenario) -> TCPTrace {
        logged("trace") { makeTrace(scenario) } describe: { $0.description }
    }

    /// An initial sequence number: uniform, or just below 2^32 so the trace wraps, or another edge.
    ///
    /// - Returns: the ISN.
    public func initialSequenceNumber() -> SequenceNumber {
        chance(15) ? SequenceNumber(UInt32.max - UInt32(int(in: 0 ... 300))) : SequenceNumber(edgyUInt32())
    }

    internal func makeTrace(_ scenario: TCPTraceScenario) -> TCPTrace {
        let initiatorISN = initialSequenceNumber()
        let responderISN = initialSequenceNumber()
        let ports = (UInt16(int(in: 1_024 ... 65_535)), element(of: [80, 443, 22, 25, UInt16(int(in: 1 ... 65_535))]))
        let windowChoices: [UInt16] = [65_535, 64_240, 29_200, 8_192, 16_384]
        var builder = TCPTraceBuilder(
            ports: ports, windows: (element(of: windowChoices), element(of: windowChoices)),
            isns: (initiatorISN, responderISN))
        let (initiatorPseudoHeader, responderPseudoHeader) = pseudoHeaderPair()

        switch scenario {
        case .normal, .halfClose, .simultaneousClose, .reset:
            openNormally(&builder)
        case .simultaneousOpen:
            let synA = builder.make(.initiator, [.syn], options: synOptions())
            let synB = builder.make(.responder, [.syn], options: synOptions())
            builder.deliver(synA)
            builder.deliver(synB)
            // Each end answers with SYN+ACK carrying its ISN again (RFC 9293 figure 7).
            builder.deliver(builder.make(.initiator, [.syn, .ack], sequenceNumber: initiatorISN))
            builder.deliver(builder.make(.responder, [.syn, .ack], sequenceNumber: responderISN))
        case .refused:
            builder.send(.initiator, [.syn], options: synOptions())
            // RFC 9293 section 3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
            builder.deliver(builder.make(.responder, [.rst, .ack], sequenceNumber: SequenceNumber(0)))
        }

        if scenario != .refused {
            exchangeData(&builder, rounds: int(in: 0 ... 3))
        }
        let closer: TCPTraceRole = bool() ? .responder : .initiator
        switch scenario {
        case .normal, .simultaneousOpen:
            closeNormally(&builder, closer: closer)
        case .simultaneousClose:
            let finA = builder.make(.initiator, [.fin, .ack])
            let finB = builder.make(.responder, [.fin, .ack])
            builder.deliver(finA)
            builder.deliver(finB)
            builder.send(.initiator, [.ack])
            builder.send(.responder, [.ack])
        case .halfClose:
            builder.send(closer, [.fin, .ack])
            builder.send(closer.peer, [.ack])
            for _ in 0 ..< int(in: 1 ... 3) {
                builder.send(closer.peer, [.psh, .ack], payload: rawBytes(int(in: 1 ... 200)))
                builder.send(closer, [.ack])
            }
            builder.send(closer.peer, [.fin, .ack])
            builder.send(closer, [.ack])
        case .reset:
            builder.send(closer, bool() ? [.rst, .ack] : [.rst])
        case .refused:
            break
        }
        return TCPTrace(
            scenario: scenario, initiatorISN: initiatorISN, responderISN: responderISN,
            initiatorPseudoHeader: initiatorPseudoHeader, responderPseudoHeader: responderPseudoHeader,
            segments: builder.segments, timeline: builder.timeline)
    }

    /// The pseudo-headers of both directions: the same two addresses, swapped.
    internal func pseudoHeaderPair() -> (TCPPseudoHeader, TCPPseudoHeader) {
        let size = bool() ? 16 : 4
        let first = rawBytes(size)
        let second = rawBytes(size)
        func make(_ source: [UInt8], _ destination: [UInt8]) -> TCPPseudoHeader {
            source.withUnsafeBytes { sourceBytes in
                destination.withUnsafeBytes { destinationBytes in
                    // Both 4 or both 16 bytes: always valid.
                    (try? TCPPseudoHeader(source: sourceBytes, destination: destinationBytes))
                        ?? TCPPseudoHeader(ipv4Source: 0, destination: 0)
                }
            }
        }
        return (make(first, second), make(second, first))
    }

    /// The options of a SYN: MSS, and sometimes window scale and SACK permitted.
    internal func synOptions() -> TCPOptionList {
        var options = TCPOptionList()
        try? options.append(.maximumSegmentSize(element(of: [1_460, 1_440, 536, 8_960] as [UInt16])))
        if bool() { try? options.append(.sackPermitted) }
        if bool() {
            try? options.append(.noOperation)
            try? options.append(.windowScale(UInt8(int(in: 0 ... 14))))
        }
        return options
    }

    internal func openNormally(_ builder: inout TCPTraceBuilder) {
        builder.send(.initiator, [.syn], options: synOptions())
        builder.send(.responder, [.syn, .ack], options: synOptions())
        builder.send(.initiator, [.ack])
    }

    internal func exchangeData(_ builder: inout TCPTraceBuilder, rounds: Int) {
        for _ in 0 ..< rounds {
            let sender: TCPTraceRole = bool() ? .responder : .initiator
            builder.send(sender, [.psh, .ack], payload: rawBytes(int(in: 1 ... 200)))
            builder.send(sender.peer, [.ack])
        }
    }

    internal func closeNormally(_ builder: inout TCPTraceBuilder, closer: TCPTraceRole) {
        builder.send(closer, [.fin, .ack])
        if chance(30) {
            // The peer acknowledges and closes in one segment (a three-way close).
            builder.send(closer.peer, [.fin, .ack])
        } else {
            builder.send(closer.peer, [.ack])
            builder.send(closer.peer, [.fin, .ack])
        }
        builder.send(closer, [.ack])
    }

    /// The trace with one field of one segment changed: the sequence or acknowledgment number moved, one control
    /// bit flipped, or a port or the window changed.
    ///
    /// Whether the result is still legal is for the caller (a validator) to judge.
    ///
    /// - Parameters:
    ///   - trace: a trace with at least one segment.
    ///   - fields: the fields that may change.
    /// - Returns: the changed trace, which segment and which field changed, and the header before.
    public func mutation(
        of trace: TCPTrace,
        fields: [TCPHeaderField] = [.sequenceNumber, .acknowledgmentNumber, .flags, .sourcePort, .destinationPort,
                                    .window]
    ) -> TCPTraceMutation {
        logged("trace mutation") {
            precondition(!trace.segments.isEmpty, "a trace mutation needs a segment to change")
            let index = int(in: 0 ... trace.segments.count - 1)
            let original = trace.segments[index].header
            var header = original
            let field = element(of: fields)
            switch field {
            case .sequenceNumber:
                header.sequenceNumber = moved(original.sequenceNumber)
            case .acknowledgmentNumber:
                header.acknowledgmentNumber = moved(original.acknowledgmentNumber)
            case .flags:
                let bits: [TCPFlags] = [.fin, .syn, .rst, .psh, .ack, .urg, .ece, .cwr, .ae]
                header.flags.formSymmetricDifference(element(of: bits))
            default:
                header = mutation(of: original, fields: [field]).header
            }
            var mutated = trace
            mutated.segments[index].header = header
            return TCPTraceMutation(trace: mutated, segmentIndex: index, field: field, original: original)
        } describe: { $0.description }
    }

    /// A sequence number moved by a small or a large non-zero amount, either way.
    internal func moved(_ number: SequenceNumber) -> SequenceNumber {
        let distance = chance(70) ? UInt32(int(in: 1 ... 3)) : max(uint32(), 1)
        return bool() ? number - distance : number + distance
    }
}
