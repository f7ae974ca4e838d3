import TCPCodec

/// Conntrack's window-tracking state for one direction of a flow (Linux `struct ip_ct_tcp_state`).
@frozen
public struct TCPWindowBounds: Hashable, Sendable {
    /// td_end: the highest SEG.SEQ + SEG.LEN this direction has sent.
    public var end: SequenceNumber
    /// td_maxend: the highest SEG.ACK + SEG.WND the other direction has offered (what this one may send up to).
    public var maximumEnd: SequenceNumber
    /// td_maxwin: the largest window this direction has offered, scaled (at least 1 once initialized).
    public var maximumWindow: UInt32
    /// td_scale: this direction's window scale shift, 0 unless both SYNs carried the option.
    public var scale: UInt8
    /// Whether this direction's SYN carried the window scale option.
    public var sentWindowScale: Bool
    /// Whether this direction's SYN carried SACK-permitted.
    public var sentSACKPermitted: Bool
    /// td_maxack: the highest acknowledgment this direction has sent in a segment that passed (meaningful once
    /// ``sentAcknowledgment``): a RST from the other direction below it is INVALID.
    public var maximumAcknowledgment: SequenceNumber
    /// Whether this direction has sent an acknowledgment that passed (`IP_CT_TCP_FLAG_MAXACK_SET`).
    public var sentAcknowledgment: Bool

    /// Nothing seen yet (td_maxwin = 0).
    @inlinable
    public init() {
        end = SequenceNumber(0)
        maximumEnd = SequenceNumber(0)
        maximumWindow = 0
        scale = 0
        sentWindowScale = false
        sentSACKPermitted = false
        maximumAcknowledgment = SequenceNumber(0)
        sentAcknowledgment = false
    }

    /// Whether this direction has been seen (td_maxwin != 0).
    @inlinable
    public var isInitialized: Bool { maximumWindow != 0 }
}
