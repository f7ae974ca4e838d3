import TCPCodec

/// The states of Linux's connection tracking for TCP (`enum tcp_conntrack`, `nf_conntrack_proto_tcp.c`), which
/// ``TCPWindowTracker`` keeps: what decides, before the window check, whether conntrack takes a segment, ignores it
/// or marks it INVALID.
@frozen
public enum TCPConntrackState: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// No connection.
    case none = 0
    /// The original direction's SYN seen.
    case synSent
    /// The reply direction's SYN-ACK seen.
    case synReceived
    /// The handshake's ACK seen (or the connection picked up mid-stream).
    case established
    /// A FIN seen.
    case finWait
    /// A FIN acknowledged.
    case closeWait
    /// FINs seen in both directions.
    case lastAck
    /// The last FIN acknowledged.
    case timeWait
    /// A RST seen.
    case close
    /// A SYN from the reply direction answering the original SYN (a simultaneous open).
    case synSent2

    /// conntrack's name: `NONE`, `SYN_SENT`, `SYN_RECV`, `ESTABLISHED`, `FIN_WAIT`, `CLOSE_WAIT`, `LAST_ACK`,
    /// `TIME_WAIT`, `CLOSE`, `SYN_SENT2`.
    public var description: String {
        switch self {
        case .none: return "NONE"
        case .synSent: return "SYN_SENT"
        case .synReceived: return "SYN_RECV"
        case .established: return "ESTABLISHED"
        case .finWait: return "FIN_WAIT"
        case .closeWait: return "CLOSE_WAIT"
        case .lastAck: return "LAST_ACK"
        case .timeWait: return "TIME_WAIT"
        case .close: return "CLOSE"
        case .synSent2: return "SYN_SENT2"
        }
    }
}

/// conntrack's state table (`tcp_conntracks`, Linux 6.x): the next state for a segment by its direction, its kind
/// and the current state, or that the segment is ignored or INVALID.
@usableFromInline
internal enum TCPConntrackTable {
    /// The kind of segment the table is indexed by (`get_conntrack_index`): RST first, then SYN with or without
    /// ACK, then FIN, then ACK.
    @usableFromInline
    internal enum Kind: UInt8, Sendable {
        case syn = 0, synAck, fin, ack, rst, none

        /// The kind of a segment with these flags.
        @inlinable
        init(_ flags: TCPFlags) {
            if flags.contains(.rst) {
                self = .rst
            } else if flags.contains(.syn) {
                self = flags.contains(.ack) ? .synAck : .syn
            } else if flags.contains(.fin) {
                self = .fin
            } else {
                self = flags.contains(.ack) ? .ack : .none
            }
        }
    }

    /// What the table says of a segment.
    @usableFromInline
    internal enum Outcome: Equatable, Sendable {
        /// The state the connection moves to once the segment passes the window check.
        case next(TCPConntrackState)
        /// Let through unchecked, nothing changed (`sIG`).
        case ignored
        /// INVALID (`sIV`).
        case invalid
    }

    /// The table's entry. Each row is one direction and kind, a nibble per current state in the order of
    /// ``TCPConntrackState`` (lowest nibble: NONE): 0...9 the next state, 0xA INVALID, 0xB ignored.
    ///
    /// ```
    ///                 NONE SS   SR   ES   FW   CW   LA   TW   CL   SS2
    /// original SYN    SS   SS   IG   IG   IG   IG   IG   SS   SS   SS2
    ///          SYNACK IV   IV   SR   IV   IV   IV   IV   IV   IV   SR
    ///          FIN    IV   IV   FW   FW   LA   LA   LA   TW   CL   IV
    ///          ACK    ES   IV   ES   ES   CW   CW   TW   TW   CL   IV
    ///          RST    IV   CL   CL   CL   CL   CL   CL   CL   CL   CL
    /// reply    SYN    IV   SS2  IV   IV   IV   IV   IV   SS   IV   SS2
    ///          SYNACK IV   SR   IG   IG   IG   IG   IG   IG   IG   SR
    ///          FIN    IV   IV   FW   FW   LA   LA   LA   TW   CL   IV
    ///          ACK    IV   IG   SR   ES   CW   CW   TW   TW   CL   IG
    ///          RST    IV   CL   CL   CL   CL   CL   CL   CL   CL   CL
    /// (no flags: INVALID in every state)
    /// ```
    @inlinable
    static func outcome(original: Bool, kind: Kind, state: TCPConntrackState) -> Outcome {
        let row: UInt64
        switch (original, kind) {
        case (true, .syn): row = 0x91_1BBB_BB11
        case (true, .synAck): row = 0x2A_AAAA_A2AA
        case (true, .fin), (false, .fin): row = 0xA8_7666_44AA
        case (true, .ack): row = 0xA8_7755_33A3
        case (true, .rst), (false, .rst): row = 0x88_8888_888A
        case (false, .syn): row = 0x9A_1AAA_AA9A
        case (false, .synAck): row = 0x2B_BBBB_BB2A
        case (false, .ack): row = 0xB8_7755_32BA
        case (_, .none): row = 0xAA_AAAA_AAAA
        }
        let entry = UInt8(truncatingIfNeeded: row >> (UInt64(state.rawValue) &* 4)) & 0xF
        switch entry {
        case 0xA: return .invalid
        case 0xB: return .ignored
        // The rows hold nibbles 0...0xB only: 0...9 name a state.
        default: return .next(TCPConntrackState(rawValue: entry) ?? .none)
        }
    }
}
