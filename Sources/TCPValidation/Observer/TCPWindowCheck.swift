/// The outcome of conntrack's window tracking for one segment (Guido van Rooij, "Real Stateful TCP Packet
/// Filtering in IP Filter"; Linux `nf_conntrack_proto_tcp.c` `tcp_in_window`): which of the four bounds failed.
@frozen
public enum TCPWindowCheck: Hashable, Sendable, CustomStringConvertible {
    /// All four bounds hold.
    case passed
    /// Bound I: SEG.SEQ is beyond the highest end the peer allowed (`seq <= td_maxend`).
    case sequenceAboveWindow
    /// Bound II: the segment ends before what the sender already sent minus the peer's largest window
    /// (`end >= td_end - receiver.td_maxwin`).
    case sequenceBelowWindow
    /// Bound III: the (SACK-extended) acknowledgment is beyond what the peer sent (`ack <= receiver.td_end`).
    case acknowledgmentAboveSent
    /// Bound IV: the acknowledgment is older than the sender's largest window allows
    /// (`ack >= receiver.td_end - MAXACKWINDOW`).
    case acknowledgmentBelowWindow

    /// The conntrack-style name: `ok`, `seq-over-upper-bound`, `seq-under-lower-bound`, `ack-over-upper-bound`,
    /// `ack-under-lower-bound`.
    public var description: String {
        switch self {
        case .passed: return "ok"
        case .sequenceAboveWindow: return "seq-over-upper-bound"
        case .sequenceBelowWindow: return "seq-under-lower-bound"
        case .acknowledgmentAboveSent: return "ack-over-upper-bound"
        case .acknowledgmentBelowWindow: return "ack-under-lower-bound"
        }
    }

    /// The anomaly a failed bound reports: out of window for I and II, ACK of unsent data for III, invalid ACK
    /// for IV; `nil` when passed.
    public var anomaly: TCPAnomaly? {
        switch self {
        case .passed: return nil
        case .sequenceAboveWindow, .sequenceBelowWindow: return .outOfWindow
        case .acknowledgmentAboveSent: return .ackOfUnsentData
        case .acknowledgmentBelowWindow: return .invalidACK
        }
    }
}
