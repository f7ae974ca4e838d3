/// What kind of segment the observer recognised: legal roles that are not anomalies (a retransmission, a
/// keep-alive, a zero-window probe, a challenge ACK...). An option set over 16 bits.
@frozen
public struct TCPSegmentTraits: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The bits.
    public var rawValue: UInt16

    /// Wraps bits.
    ///
    /// - Parameter rawValue: the bits.
    @inlinable
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The segment opened a new flow in the table.
    public static let newFlow = TCPSegmentTraits(rawValue: 1 << 0)
    /// The flow was picked up mid-stream (loose mode): its handshake was not seen.
    public static let midStream = TCPSegmentTraits(rawValue: 1 << 1)
    /// Sequence space already sent: a retransmission (RFC 9293 section 3.8.1).
    public static let retransmission = TCPSegmentTraits(rawValue: 1 << 2)
    /// A keep-alive: zero or one byte at SND.NXT - 1 (RFC 9293 section 3.8.4).
    public static let keepAlive = TCPSegmentTraits(rawValue: 1 << 3)
    /// A zero-window probe: new data at SND.NXT, at the edge of a zero window the peer offers (its RCV.NXT; RFC 9293
    /// section 3.8.6.1: at least one byte), or
    /// Linux's probe, a ``keepAlive`` in form (no byte at SND.UNA - 1) sent while the peer's last window was zero:
    /// such a segment has both roles.
    public static let zeroWindowProbe = TCPSegmentTraits(rawValue: 1 << 4)
    /// The RFC 5961 challenge ACK answering a suspicious RST or SYN; it changes no state.
    public static let challengeACK = TCPSegmentTraits(rawValue: 1 << 5)
    /// A pure ACK repeating the previous acknowledgment and window: a duplicate ACK (RFC 5681 section 2).
    public static let duplicateACK = TCPSegmentTraits(rawValue: 1 << 6)
    /// A pure ACK repeating the previous acknowledgment with a new window: a window update.
    public static let windowUpdate = TCPSegmentTraits(rawValue: 1 << 7)
    /// The segment was not tracked: no flow for it and none created (a RST, or the table was full).
    public static let untracked = TCPSegmentTraits(rawValue: 1 << 8)
    /// A flow was evicted or retired to make room for this segment's flow.
    public static let evictedAnother = TCPSegmentTraits(rawValue: 1 << 9)
    /// The receiving endpoint dropped the segment (its verdict).
    public static let dropped = TCPSegmentTraits(rawValue: 1 << 10)
    /// The segment reset the connection.
    public static let reset = TCPSegmentTraits(rawValue: 1 << 11)
    /// A RST from an endpoint that had sent its FIN, answering data that came after its last acknowledgment: its
    /// application closed the connection for reading too, and the reset says that data was lost (RFC 1122 section
    /// 4.2.2.13). Linux does so after `close()` in FIN-WAIT-1 and FIN-WAIT-2, not after `shutdown(SHUT_WR)`, which
    /// a capture cannot tell apart; the observer models the half-close (RFC 9293's CLOSE: the data is taken and
    /// acknowledged) and recognises this reset when it comes.
    public static let resetOnDataAfterClose = TCPSegmentTraits(rawValue: 1 << 12)

    /// The traits that name the segment's role in its connection, as a packet analyser marks it:
    /// ``retransmission``, ``keepAlive``, ``zeroWindowProbe``, ``challengeACK``, ``duplicateACK``, ``windowUpdate``
    /// and ``resetOnDataAfterClose``. The others say what the observer did with the segment (``newFlow``,
    /// ``midStream``, ``untracked``, ``evictedAnother``) or repeat its verdict (``dropped``, ``reset``).
    public static let roles: TCPSegmentTraits = [
        .retransmission, .keepAlive, .zeroWindowProbe, .challengeACK, .duplicateACK, .windowUpdate,
        .resetOnDataAfterClose,
    ]

    /// Each trait with its name (`retransmission`, `keep-alive`, `reset-on-data-after-close`...), in the order of
    /// their bits: what ``description`` and `tcp-inspect` print.
    public static let named: [(trait: TCPSegmentTraits, name: String)] = [
        (.newFlow, "new-flow"), (.midStream, "mid-stream"), (.retransmission, "retransmission"),
        (.keepAlive, "keep-alive"), (.zeroWindowProbe, "zero-window-probe"), (.challengeACK, "challenge-ack"),
        (.duplicateACK, "duplicate-ack"), (.windowUpdate, "window-update"), (.untracked, "untracked"),
        (.evictedAnother, "evicted-another"), (.dropped, "dropped"), (.reset, "reset"),
        (.resetOnDataAfterClose, "reset-on-data-after-close"),
    ]

    /// The names joined by `,` (`none` when empty), for display.
    public var description: String {
        let text = Self.named.filter { contains($0.trait) }.map(\.name).joined(separator: ",")
        return text.isEmpty ? "none" : text
    }
}
