/// The outcome of conntrack's window tracking for one segment (Guido van Rooij, "Real Stateful TCP Packet
/// Filtering in IP Filter"; Linux `nf_conntrack_proto_tcp.c` `tcp_in_window`): which of the four bounds failed,
/// tested in Linux's order (I, III, II, IV), and whether conntrack marks the segment INVALID or lets it through.
///
/// Linux differs from the paper's bounds, and this follows Linux (as measured on Linux 6.18 by
/// `Captures/record-conntrack-oracle.sh`): a segment failing bound II or IV is not INVALID but ignored (let through,
/// the flow's state unchanged), and one that fails bound I by no more than the receiver's largest window, all else
/// holding, is let through too and moves the sender's end to it (``sequenceOverrun``).
@frozen
public enum TCPWindowCheck: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// All four bounds hold.
    case passed
    /// Not checked: conntrack's state table lets the segment through without its window check and changes nothing
    /// (a SYN or SYN-ACK resent after the handshake moved on, the server's ACK before its SYN-ACK, a SYN that
    /// goes back on its predecessor's sequence number; the kernel logs each as ignored).
    case ignored
    /// Not checked: a flag combination conntrack refuses before any window check (``TCPFlagProfile/conntrack``):
    /// INVALID, and changes nothing.
    case invalidFlags
    /// Not checked: a segment conntrack's state table refuses in the connection's state (``TCPConntrackState``;
    /// an ACK from the client before the SYN-ACK, a SYN-ACK from the client, a segment that cannot start a
    /// connection): INVALID, and changes nothing.
    case invalidState
    /// Not checked: a RST whose SEQ is below the highest acknowledgment its receiver has sent (conntrack's
    /// `invalid rst`): INVALID, and changes nothing.
    case invalidReset
    /// The bounds failed, but conntrack tracks the connection liberally (it picked it up without its SYN,
    /// `nf_conntrack_tcp_loose`): let through, the flow's state moving as for a segment that passed.
    case liberal
    /// Bound I: SEG.SEQ is beyond the highest end the peer allowed (`seq <= td_maxend`), by more than conntrack
    /// tolerates: INVALID.
    case sequenceAboveWindow
    /// Bound I failed, but by no more than the receiver's largest window, with the segment's end inside the
    /// receiver's window and its acknowledgment within bounds III and IV: conntrack takes it as a stack that sent
    /// more than the window allowed, lets it through and moves the sender's end to the segment's (so that the
    /// receiver's acknowledgment of those bytes is not over bound III), updating nothing else.
    case sequenceOverrun
    /// Bound II: the segment ends before what the sender already sent minus the peer's largest window
    /// (`end >= td_end - receiver.td_maxwin`): ignored.
    case sequenceBelowWindow
    /// Bound III: the (SACK-extended) acknowledgment is beyond what the peer sent (`ack <= receiver.td_end`):
    /// INVALID.
    case acknowledgmentAboveSent
    /// Bound IV: the acknowledgment is further back than the larger of the sender's largest window and 66,000
    /// bytes (`ack >= receiver.td_end - MAXACKWINDOW`): ignored.
    case acknowledgmentBelowWindow

    /// The conntrack-style name: `ok`, `ignored`, `invalid-flags`, `invalid-state`, `invalid-rst`, `liberal`,
    /// `seq-over-upper-bound`, `bytes-more-than-expected`, `seq-under-lower-bound`, `ack-over-upper-bound`,
    /// `ack-under-lower-bound`.
    public var description: String {
        switch self {
        case .passed: return "ok"
        case .ignored: return "ignored"
        case .invalidFlags: return "invalid-flags"
        case .invalidState: return "invalid-state"
        case .invalidReset: return "invalid-rst"
        case .liberal: return "liberal"
        case .sequenceAboveWindow: return "seq-over-upper-bound"
        case .sequenceOverrun: return "bytes-more-than-expected"
        case .sequenceBelowWindow: return "seq-under-lower-bound"
        case .acknowledgmentAboveSent: return "ack-over-upper-bound"
        case .acknowledgmentBelowWindow: return "ack-under-lower-bound"
        }
    }

    /// Whether conntrack marks the segment INVALID (what a ruleset's `ct state invalid drop` drops): bounds I
    /// (beyond what it tolerates) and III, flags it refuses, what its state table refuses, and a RST below what its
    /// receiver acknowledged. A segment failing another bound is let through, and the flow's state stays as it
    /// was (but for an overrun's end).
    public var isInvalid: Bool {
        self == .sequenceAboveWindow || self == .acknowledgmentAboveSent || self == .invalidFlags
            || self == .invalidState || self == .invalidReset
    }

    /// The anomaly a failed check reports: out of window for I (an overrun too) and II, ACK of unsent data for III,
    /// invalid ACK for IV, invalid flags; `nil` when passed or ignored, and for what the state table refuses (the
    /// endpoint models name what is wrong with such a segment).
    public var anomaly: TCPAnomaly? {
        switch self {
        case .passed, .ignored, .invalidState, .invalidReset, .liberal: return nil
        case .invalidFlags: return .invalidFlags
        case .sequenceAboveWindow, .sequenceOverrun, .sequenceBelowWindow: return .outOfWindow
        case .acknowledgmentAboveSent: return .ackOfUnsentData
        case .acknowledgmentBelowWindow: return .invalidACK
        }
    }
}
