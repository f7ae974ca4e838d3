import TCPCodec

// Header prediction, the receiving half: the segment an established endpoint expects next, and what `receive(_:)`
// does with it, written with the same rules (`failsPAWS`, `updateTimestampRecent`, `TCPAckAcceptability.check`,
// `updateSendWindow`, `takeData`) so that each rule stays in one place. `TCPFlowObserver` uses both.
extension TCPEndpoint {
    /// Whether a segment is the one this endpoint expects next on an established connection, so that
    /// ``receivePredicted(_:anomalies:)`` changes exactly what ``receive(_:)`` would (RFC 9293 section 3.10.7.4
    /// reduced to its common case, as Linux's header prediction in `tcp_rcv_established` does).
    ///
    /// ESTABLISHED with no FIN of the peer pending; SEG.SEQ = RCV.NXT with all the data inside RCV.WND (so the
    /// sequence test passes, for data and not only for control); a TSval that passes PAWS when both SYNs carried
    /// timestamps; an ACK that acknowledges nothing unsent and goes back behind nothing
    /// (``TCPAckAcceptability/advances`` or ``TCPAckAcceptability/duplicate``, and not past SND.NXT by
    /// ``acknowledgesBeyondSent(_:)``, the capture rules' test). The segment's own shape is the
    /// caller's to check: the flags ACK, or ACK and PSH, and nothing else; no TCP-MD5 or TCP-AO option; a header
    /// the capture did not cut.
    ///
    /// - Parameter segment: a segment from the peer, of that shape.
    /// - Returns: whether ``receivePredicted(_:anomalies:)`` may take it in place of ``receive(_:)``.
    @inline(__always)
    internal func expects(_ segment: TCPSegmentSummary) -> Bool {
        state == .established && pendingFINSequence == nil && expectsWhenEstablished(segment)
    }

    /// ``expects(_:)`` for an endpoint already known to be ESTABLISHED with no FIN pending (header prediction's
    /// flow conditions, `TCPFlowObserver.FlowState.allowsPrediction`): the segment's own tests.
    @inline(__always)
    internal func expectsWhenEstablished(_ segment: TCPSegmentSummary) -> Bool {
        assert(state == .established && pendingFINSequence == nil)
        // An acknowledgment past SND.NXT is one the capture rules judge (bytes the capture missed), whatever the ACK
        // test says: when SND.NXT - SND.UNA exceeds 2^31 (a SYN claiming a huge payload) the two tests disagree.
        guard segment.sequenceNumber == receiveNext && segment.payloadLength <= receiveWindow
            && !acknowledgesBeyondSent(segment.acknowledgmentNumber)
        else { return false }
        if timestampsEnabled {
            guard let value = segment.timestampValue, !failsPAWS(value) else { return false }
        }
        switch TCPAckAcceptability.check(
            segment.acknowledgmentNumber, sendUnacknowledged: sendUnacknowledged, sendNext: sendNext,
            maximumSendWindow: maximumSendWindow)
        {
        case .advances, .duplicate: return true
        case .old, .tooOld, .unsent, .undefined: return false
        }
    }

    /// What ``receive(_:)`` does with a segment that ``expects(_:)`` allows, and nothing else: TS.Recent, SND.UNA,
    /// the send window (its update rule, a retracted edge reported), the data and Last.ACK.sent. The state stays
    /// ESTABLISHED and the verdict is ``TCPVerdict/accepted``.
    ///
    /// - Parameters:
    ///   - segment: a segment that ``expects(_:)`` allows (an assertion).
    ///   - anomalies: gets ``TCPAnomaly/windowRetraction`` when the segment retracts the window's right edge.
    /// - Returns: the response: ``TCPResponse/ack`` for a segment with data, ``TCPResponse/none`` for a pure ACK.
    @_transparent
    internal mutating func receivePredicted(
        _ segment: TCPSegmentSummary, anomalies: inout TCPAnomalySet
    ) -> TCPResponse {
        assert(expects(segment), "not the segment the endpoint expects")
        assert(TCPSegmentAcceptability.check(segment, receiveNext: receiveNext, receiveWindow: receiveWindow)
            == .acceptable)
        updateTimestampRecent(segment)
        // SND.UNA < SEG.ACK =< SND.NXT moves SND.UNA; SEG.ACK = SND.UNA leaves it where it is.
        let advances = segment.acknowledgmentNumber != sendUnacknowledged
        sendUnacknowledged = segment.acknowledgmentNumber
        updateSendWindow(segment, acknowledgmentAdvances: advances, anomalies: &anomalies)
        wasSynchronized = true
        guard segment.payloadLength > 0 else { return .none }
        takeData(segment)
        lastACKSent = receiveNext
        return .ack
    }
}
