import TCPCodec

/// The window-update rule of RFC 9293 section 3.10.7.4 (fifth check, ESTABLISHED): take SEG.WND as the send
/// window only if SND.WL1 < SEG.SEQ, or SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK, so that an old segment never
/// brings back an old window.
@frozen
public enum TCPWindowUpdate: Hashable, Sendable {
    /// The segment is newer: set SND.WND, SND.WL1 and SND.WL2 from it.
    case update
    /// The segment is older: keep the window.
    case keep
    /// SEG.SEQ is exactly 2^31 from SND.WL1 (or SEG.ACK from SND.WL2): the order is undefined.
    case undefined

    /// Applies the rule.
    ///
    /// - Parameters:
    ///   - sequenceNumber: SEG.SEQ.
    ///   - acknowledgmentNumber: SEG.ACK.
    ///   - lastUpdateSequence: SND.WL1.
    ///   - lastUpdateAcknowledgment: SND.WL2.
    /// - Returns: whether to take the segment's window.
    @inlinable
    public static func check(
        sequenceNumber: SequenceNumber, acknowledgmentNumber: SequenceNumber,
        lastUpdateSequence: SequenceNumber, lastUpdateAcknowledgment: SequenceNumber
    ) -> TCPWindowUpdate {
        switch lastUpdateSequence.compare(sequenceNumber) {
        case .before: return .update
        case .after: return .keep
        case .undefined: return .undefined
        case .equal:
            switch lastUpdateAcknowledgment.compare(acknowledgmentNumber) {
            case .before, .equal: return .update
            case .after: return .keep
            case .undefined: return .undefined
            }
        }
    }

    /// Linux's window-update rule (`tcp_may_update_window`): take SEG.WND when the acknowledgment advances SND.UNA,
    /// or SND.WL1 < SEG.SEQ, or SND.WL1 = SEG.SEQ and the window grows or is zero.
    ///
    /// It differs from RFC 9293's rule,
    /// ``check(sequenceNumber:acknowledgmentNumber:lastUpdateSequence:lastUpdateAcknowledgment:)``, where the network
    /// reorders: a duplicate acknowledgment (SEG.SEQ = SND.WL1, SEG.ACK = SND.UNA) with a smaller window, sent
    /// before a later one and delivered after it, does not shrink the window (RFC 9293 would take it); a
    /// retransmission before SND.WL1 whose acknowledgment advances SND.UNA sets the window (RFC 9293 would keep the
    /// older one). The endpoint model takes windows by this rule, and reads it for Linux's PAWS exemption of a
    /// duplicate acknowledgment delivered late (`tcp_disordered_ack_check`).
    ///
    /// - Parameters:
    ///   - acknowledgmentAdvances: SND.UNA < SEG.ACK (SND.UNA before the segment).
    ///   - sequenceNumber: SEG.SEQ.
    ///   - lastUpdateSequence: SND.WL1.
    ///   - window: SEG.WND, scaled.
    ///   - sendWindow: SND.WND.
    /// - Returns: ``update`` or ``keep``.
    @inlinable
    public static func checkAsLinux(
        acknowledgmentAdvances: Bool, sequenceNumber: SequenceNumber, lastUpdateSequence: SequenceNumber,
        window: UInt32, sendWindow: UInt32
    ) -> TCPWindowUpdate {
        acknowledgmentAdvances || sequenceNumber.isAfter(lastUpdateSequence)
            || (sequenceNumber == lastUpdateSequence && (window > sendWindow || window == 0)) ? .update : .keep
    }
}
