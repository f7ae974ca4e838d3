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
}
