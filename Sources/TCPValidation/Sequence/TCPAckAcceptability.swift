import TCPCodec

/// Where an acknowledgment number falls relative to what was sent: RFC 9293 section 3.10.7.4 (fifth check)
/// bounded below as RFC 5961 section 5.2 requires.
///
/// An ACK is acceptable when SND.UNA - MAX.SND.WND =< SEG.ACK =< SND.NXT, MAX.SND.WND being the largest window
/// the peer ever offered (so the range is bounded by what could really have been in flight). Numbers exactly
/// 2^31 from SND.NXT or SND.UNA have no order (RFC 1982 section 3.2): ``undefined``, never guessed.
@frozen
public enum TCPAckAcceptability: Hashable, Sendable {
    /// SND.UNA < SEG.ACK =< SND.NXT: acknowledges new data.
    case advances
    /// SEG.ACK = SND.UNA: a duplicate (or pure window update).
    case duplicate
    /// SND.UNA - MAX.SND.WND =< SEG.ACK < SND.UNA: old but acceptable (RFC 5961 section 5.2).
    case old
    /// SEG.ACK < SND.UNA - MAX.SND.WND: invalid, discard and send an ACK (RFC 5961 section 5.2).
    case tooOld
    /// SEG.ACK > SND.NXT: acknowledges data never sent; discard and send an ACK (RFC 9293 section 3.10.7.4).
    case unsent
    /// Exactly 2^31 from SND.NXT or SND.UNA: the order is undefined (RFC 1982 section 3.2).
    case undefined

    /// Whether the ACK is acceptable (``advances``, ``duplicate`` or ``old``).
    @inlinable
    public var isAcceptable: Bool {
        switch self {
        case .advances, .duplicate, .old: return true
        case .tooOld, .unsent, .undefined: return false
        }
    }

    /// Classifies SEG.ACK in a synchronized state (RFC 5961 section 5.2).
    ///
    /// - Parameters:
    ///   - acknowledgmentNumber: SEG.ACK.
    ///   - sendUnacknowledged: SND.UNA.
    ///   - sendNext: SND.NXT.
    ///   - maximumSendWindow: MAX.SND.WND, the largest window the peer has offered (scaled).
    /// - Returns: the classification.
    @inlinable
    public static func check(
        _ acknowledgmentNumber: SequenceNumber, sendUnacknowledged: SequenceNumber, sendNext: SequenceNumber,
        maximumSendWindow: UInt32
    ) -> TCPAckAcceptability {
        if acknowledgmentNumber.between(sendUnacknowledged, sendNext) {
            return acknowledgmentNumber == sendUnacknowledged ? .duplicate : .advances
        }
        if acknowledgmentNumber.compare(sendUnacknowledged) == .undefined { return .undefined }
        switch acknowledgmentNumber.compare(sendNext) {
        case .undefined: return .undefined
        case .after: return .unsent
        case .before, .equal: break
        }
        let floor = sendUnacknowledged - maximumSendWindow
        return acknowledgmentNumber.between(floor, sendUnacknowledged) ? .old : .tooOld
    }

    /// Classifies SEG.ACK in SYN-SENT, where only SND.UNA < SEG.ACK =< SND.NXT is acceptable and SEG.ACK =< ISS
    /// or SEG.ACK > SND.NXT gets a reset (RFC 9293 section 3.10.7.3).
    ///
    /// - Parameters:
    ///   - acknowledgmentNumber: SEG.ACK.
    ///   - initialSendSequence: ISS (SND.UNA in SYN-SENT).
    ///   - sendNext: SND.NXT.
    /// - Returns: ``advances`` when acceptable, ``tooOld`` for SEG.ACK =< ISS, ``unsent`` beyond SND.NXT, or
    ///   ``undefined`` at exactly 2^31.
    @inlinable
    public static func checkSynSent(
        _ acknowledgmentNumber: SequenceNumber, initialSendSequence: SequenceNumber, sendNext: SequenceNumber
    ) -> TCPAckAcceptability {
        if acknowledgmentNumber != initialSendSequence && acknowledgmentNumber.between(initialSendSequence, sendNext) {
            return .advances
        }
        switch acknowledgmentNumber.compare(sendNext) {
        case .undefined: return .undefined
        case .after: return .unsent
        case .before, .equal: return .tooOld
        }
    }
}
