import TCPCodec

// Header prediction (Linux's `tcp_rcv_established` fast path, after Van Jacobson's): a segment of an established
// flow that is exactly what both endpoint models expect is judged with the few updates the full path would make
// for it, and any other segment goes the full path. What decides it is read before anything moves; the updates are
// the full path's own functions (`TCPEndpoint.receivePredicted`, `TCPEndpoint.record(sent:anomalies:)`,
// `SideSeen.note`, the window tracker, the counters, `finish`'s `recordOutcome`).
extension TCPFlowObserver {
    /// Judges a segment of a flow by header prediction, in place, if
    /// ``isPredicted(_:fromClient:checksumIsValid:anomalies:flow:)`` allows it; otherwise changes nothing and
    /// returns `false`, and `process` judges it.
    ///
    /// The steps are `process`'s for such a segment, in its order: the flow and direction, conntrack's window check
    /// (the handshake is over), the counters, the roles
    /// (``judgePredicted(_:sender:receiver:senderSeen:peerEnd:observation:)`` in place of `judge`, the milestones,
    /// which would note nothing, and the sender's notes), and `finish` less what cannot change for such a segment (no
    /// state milestone, as both ends stay ESTABLISHED; no one-sidedness, as both directions were captured): the
    /// flow's last-seen time and `recordOutcome`, 23 instructions fewer per segment than calling `finish` (923.5 ->
    /// 900.2 by callgrind on the benchmark's trace). `HeaderPredictionTests` hold the result to the full path's.
    ///
    /// `@_transparent`, as are ``judgePredicted(_:sender:receiver:senderSeen:peerEnd:observation:)`` and
    /// `TCPEndpoint.receivePredicted`: inlined into `observe` rather than calls with a dozen arguments, 38
    /// instructions fewer per segment by callgrind (962.3 -> 923.5 on the benchmark's trace). `@inline(__always)`
    /// left them calls once `observe` was large; making `isPredicted`, `summarize`, `checkAcknowledgment`, `finish`
    /// or `record(sent:)` transparent as well cost more than it saved (the optimizer then left something else out
    /// of line, or the full path grew).
    ///
    /// - Parameters:
    ///   - flow: the flow's state, in its slot.
    ///   - segment: the segment.
    ///   - fromClient: whether the flow's client sent it.
    ///   - time: the capture time in nanoseconds.
    ///   - checksumIsValid: the caller's checksum verdict.
    ///   - observation: the observation so far (the stateless anomalies), completed when predicted.
    /// - Returns: whether the segment was predicted, and judged.
    @_transparent
    static func processPredicted(
        _ flow: inout FlowState, segment: TCPSegmentSummary, fromClient: Bool, time: UInt64,
        checksumIsValid: Bool?, observation: inout TCPObservation
    ) -> Bool {
        guard isPredicted(
            segment, fromClient: fromClient, checksumIsValid: checksumIsValid, anomalies: observation.anomalies,
            flow: &flow)
        else { return false }
        observation.flowID = flow.record.id
        observation.direction = fromClient ? .clientToServer : .serverToClient
        // Not mid-stream, the handshake established, ACK without SYN or RST (isPredicted): the window check of
        // such a segment.
        observation.windowCheck = flow.tracker.checkAcknowledgment(segment, fromClient: fromClient)
        flow.count(segment, fromClient: fromClient)
        if fromClient {
            judgePredicted(
                segment, sender: &flow.record.clientEndpoint, receiver: &flow.record.serverEndpoint,
                senderSeen: &flow.clientSeen, peerEnd: flow.serverSeen.highestEnd, observation: &observation)
        } else {
            judgePredicted(
                segment, sender: &flow.record.serverEndpoint, receiver: &flow.record.clientEndpoint,
                senderSeen: &flow.serverSeen, peerEnd: flow.clientSeen.highestEnd, observation: &observation)
        }
        // `finish`, less what cannot change here: both ends were ESTABLISHED before and are after (no milestone
        // to note; `recordOutcome` asserts it), and both directions were captured (the handshake was seen), so the
        // flow is not one-sided.
        assert(
            !flow.oneSidedNoted && flow.record.clientToServer.segments > 0 && flow.record.serverToClient.segments > 0)
        flow.record.milestones.lastSeen = time
        recordOutcome(&flow, fromClient: fromClient, observation: &observation, bothEstablished: true)
        return true
    }

    /// Whether the full path would judge a segment as the next one of an established flow, in sequence both ways,
    /// with no role to recognise and nothing pending, so that
    /// ``judgePredicted(_:sender:receiver:senderSeen:peerEnd:observation:)`` changes exactly what `judge` and the
    /// rest of `process` would.
    ///
    /// The segment: the flags ACK, or ACK and PSH, and nothing else; no stateless anomaly; a whole header; no TCP-MD5
    /// or TCP-AO option; a checksum not checked, or right from a side already seen with a right one (so that
    /// `process` would note nothing). The flow: its handshake seen and established (not picked up mid-stream), no
    /// claim about bytes the capture did not see. The roles follow in
    /// ``predicts(_:sender:receiver:senderSeen:receiverSeen:)``.
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - fromClient: whether the client sent it.
    ///   - checksumIsValid: the caller's checksum verdict.
    ///   - anomalies: the segment's stateless anomalies.
    ///   - flow: the flow, before the segment; read only (`inout` so that it is read where it is held, not copied).
    /// - Returns: whether the segment takes the predicted path.
    @inline(__always)
    static func isPredicted(
        _ segment: TCPSegmentSummary, fromClient: Bool, checksumIsValid: Bool?, anomalies: TCPAnomalySet,
        flow: inout FlowState
    ) -> Bool {
        let flags = segment.flags
        // ACK, or ACK and PSH (`union` rather than an array literal, which allocates in unoptimized builds).
        guard flags == .ack || flags == TCPFlags.ack.union(.psh), anomalies.isEmpty, !segment.headerCutByCapture,
            !segment.hasAuthenticationOption, flow.predictionReady
        else { return false }
        assert(flow.allowsPrediction, "predictionReady is stale")
        if let valid = checksumIsValid {
            guard valid && (fromClient ? flow.clientSeen.checksumSeenRight : flow.serverSeen.checksumSeenRight)
            else { return false }
        }
        if fromClient {
            return predicts(
                segment, sender: &flow.record.clientEndpoint, receiver: &flow.record.serverEndpoint,
                senderSeen: &flow.clientSeen, receiverSeen: &flow.serverSeen)
        }
        return predicts(
            segment, sender: &flow.record.serverEndpoint, receiver: &flow.record.clientEndpoint,
            senderSeen: &flow.serverSeen, receiverSeen: &flow.clientSeen)
    }

    /// The roles' part of ``isPredicted(_:fromClient:checksumIsValid:anomalies:flow:)``, by role as `judge` works.
    ///
    /// The sender: ESTABLISHED, no handshake inferred, no FIN pending or unconfirmed, and SEG.SEQ = SND.NXT (so the
    /// segment is no keep-alive, retransmission or capture gap, which all lie elsewhere relative to SND.NXT, and no
    /// zero-window probe, since ``TCPEndpoint/expects(_:)`` wants its data inside a non-zero window); no challenge
    /// ACK pending from it; a pure ACK that moves its acknowledgment (no duplicate ACK, window update or challenge
    /// ACK); not the sender's first TSval captured (a side whose handshake agreed no timestamps may still send one),
    /// which the full path notes with its capture time (`FlowState.noteSent`). The receiver: no handshake inferred,
    /// no FIN unconfirmed, every TSecr it was echoed captured, and the segment the one it expects
    /// (``TCPEndpoint/expects(_:)``), whose acknowledgment then covers nothing the capture missed.
    ///
    /// - Parameters:
    ///   - segment: the segment, of the shape `isPredicted` checks.
    ///   - sender: the sender's model.
    ///   - receiver: the receiver's model.
    ///   - senderSeen: what was seen from the sender.
    ///   - receiverSeen: what was seen from the receiver.
    ///   (All four read only, `inout` so that they are read where they are held, not copied.)
    /// - Returns: whether both models and the capture notes would take the segment as predicted.
    @inline(__always)
    static func predicts(
        _ segment: TCPSegmentSummary, sender: inout TCPEndpoint, receiver: inout TCPEndpoint,
        senderSeen: inout SideSeen, receiverSeen: inout SideSeen
    ) -> Bool {
        // The flow's own conditions (both ESTABLISHED, no handshake inferred, no FIN pending) are `predictionReady`.
        segment.sequenceNumber == sender.sendNext
            && !senderSeen.challengePending
            && (senderSeen.hasTimestamp || segment.timestampValue == nil)
            && (segment.payloadLength > 0 || !senderSeen.repeatsAcknowledgment(of: segment))
            && !receiverSeen.isEchoedBeyondCapture(by: segment)
            && receiver.expectsWhenEstablished(segment)
    }

    /// Judges a predicted segment by role: what `judge` would do for it (the receiver takes it, the sender records
    /// it) and what `process` notes of the sender afterwards; its milestones would note nothing.
    ///
    /// - Parameters:
    ///   - segment: a segment ``isPredicted(_:fromClient:checksumIsValid:anomalies:flow:)`` allowed.
    ///   - sender: the sender's model.
    ///   - receiver: the receiver's model.
    ///   - senderSeen: what was seen from the sender.
    ///   - peerEnd: the receiver's ``SideSeen/highestEnd``.
    ///   - observation: gets the response and any window retraction; the verdict stays accepted.
    @_transparent
    static func judgePredicted(
        _ segment: TCPSegmentSummary, sender: inout TCPEndpoint, receiver: inout TCPEndpoint,
        senderSeen: inout SideSeen, peerEnd: SequenceNumber, observation: inout TCPObservation
    ) {
        observation.response = receiver.receivePredicted(segment, anomalies: &observation.anomalies)
        sender.record(sent: segment, anomalies: &observation.anomalies)
        senderSeen.note(segment, peerEnd: peerEnd)
    }
}

extension TCPFlowObserver.FlowState {
    /// Whether the flow's own conditions for header prediction hold, in both directions: the handshake was captured
    /// and completed (not a pickup, no handshake inferred from acknowledgments alone), both ends are ESTABLISHED
    /// with no FIN pending or unconfirmed, and no claim of bytes the capture missed waits for its proof. What else
    /// header prediction needs depends on the segment (`TCPFlowObserver.isPredicted`).
    var allowsPrediction: Bool {
        record.milestones.established != nil && !record.isMidStream && capture.unseenClaimSide == nil
            && capture.windowClaimSide == nil && capture.beyondWindowSide == nil
            && Self.allowsPrediction(record.clientEndpoint) && Self.allowsPrediction(record.serverEndpoint)
    }

    /// One end's part of ``allowsPrediction``.
    private static func allowsPrediction(_ endpoint: TCPEndpoint) -> Bool {
        endpoint.state == .established && !endpoint.handshakeInferred && endpoint.pendingFINSequence == nil
            && endpoint.unconfirmedFINSequence == nil
    }
}
