import TCPCodec

/// Whether a segment falls in the receive window: RFC 9293 section 3.10.7.4, first check, with its four cases
/// of SEG.LEN x RCV.WND (SYN and FIN count one each in SEG.LEN).
///
/// | SEG.LEN | RCV.WND | test |
/// | --- | --- | --- |
/// | 0 | 0 | SEG.SEQ = RCV.NXT |
/// | 0 | > 0 | RCV.NXT =< SEG.SEQ =< RCV.NXT + RCV.WND (RFC 9293: < RCV.NXT + RCV.WND; Linux takes the right edge) |
/// | > 0 | 0 | not acceptable |
/// | > 0 | > 0 | RCV.NXT =< SEG.SEQ < RCV.NXT + RCV.WND, or RCV.NXT =< SEG.SEQ + SEG.LEN - 1 < RCV.NXT + RCV.WND |
///
/// "Acceptable for control" is separated from "acceptable for data": when RCV.WND is zero, a segment with
/// data at SEG.SEQ = RCV.NXT is not acceptable, yet "special allowance should be made to accept valid ACKs,
/// URGs, and RSTs" (the same section); that is ``controlOnly``. A segment that starts before RCV.NXT and ends
/// after the window's right edge (it covers the whole window) is taken as acceptable, as Linux does
/// (`tcp_sequence`): its in-window part is new. Windows are at most 2^30 (RFC 7323 section 2.3), so these tests
/// never meet the 2^31 ambiguity.
@frozen
public enum TCPSegmentAcceptability: Hashable, Sendable {
    /// The segment is in the window: process its control bits and its data.
    case acceptable
    /// Zero window, segment at RCV.NXT with data: process ACK, URG and RST, but not the data.
    case controlOnly
    /// Outside the window: send an ACK (unless RST) and drop.
    case unacceptable

    /// Whether ACK, URG and RST are to be processed.
    @inlinable
    public var acceptsControl: Bool { self != .unacceptable }

    /// Whether the segment's text is to be processed.
    @inlinable
    public var acceptsData: Bool { self == .acceptable }

    /// Applies the four-case test.
    ///
    /// - Parameters:
    ///   - sequenceNumber: SEG.SEQ.
    ///   - length: SEG.LEN (payload plus SYN plus FIN).
    ///   - receiveNext: RCV.NXT.
    ///   - receiveWindow: RCV.WND, scaled.
    /// - Returns: the acceptability.
    @inlinable
    public static func check(
        sequenceNumber: SequenceNumber, length: UInt32, receiveNext: SequenceNumber, receiveWindow: UInt32
    ) -> TCPSegmentAcceptability {
        if length == 0 {
            if receiveWindow == 0 { return sequenceNumber == receiveNext ? .acceptable : .unacceptable }
            // Linux takes SEG.SEQ = RCV.NXT + RCV.WND too (`tcp_sequence`: not after the right edge): a pure ACK
            // of a sender that has filled the window sits exactly there.
            return sequenceNumber.isInWindow(start: receiveNext, size: receiveWindow)
                || sequenceNumber == receiveNext + receiveWindow ? .acceptable : .unacceptable
        }
        if receiveWindow == 0 { return sequenceNumber == receiveNext ? .controlOnly : .unacceptable }
        let last = sequenceNumber + (length &- 1)
        if sequenceNumber.isInWindow(start: receiveNext, size: receiveWindow)
            || last.isInWindow(start: receiveNext, size: receiveWindow)
        {
            return .acceptable
        }
        // Covers the whole window: starts before RCV.NXT, ends at or past its right edge.
        let startsBefore = sequenceNumber.isBefore(receiveNext)
        let endsAfter = !(last.isBefore(receiveNext + receiveWindow))
        if startsBefore && endsAfter && (receiveNext - sequenceNumber) < length { return .acceptable }
        return .unacceptable
    }

    /// Applies the four-case test to a segment.
    ///
    /// - Parameters:
    ///   - segment: the segment's facts.
    ///   - receiveNext: RCV.NXT.
    ///   - receiveWindow: RCV.WND, scaled.
    /// - Returns: the acceptability.
    @inlinable
    public static func check(
        _ segment: TCPSegmentSummary, receiveNext: SequenceNumber, receiveWindow: UInt32
    ) -> TCPSegmentAcceptability {
        check(
            sequenceNumber: segment.sequenceNumber, length: segment.sequenceLength, receiveNext: receiveNext,
            receiveWindow: receiveWindow)
    }
}
