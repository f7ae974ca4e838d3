import TCPCodec

/// Which flag combinations count as valid.
///
/// ``conntrack`` is Linux conntrack's table (`tcp_valid_flags` in `nf_conntrack_proto_tcp.c`): once PSH, ECE,
/// CWR and AE are masked off, only SYN, SYN|URG, SYN|ACK, RST, RST|ACK, FIN|ACK, FIN|ACK|URG, ACK and ACK|URG are
/// valid. ``strict`` also refuses what OpenBSD pf's scrub (`pf_normalize_tcp`) drops: PSH or URG without ACK
/// (SYN|PSH, SYN|URG, RST|PSH), and any segment without SYN that has neither ACK nor RST.
@frozen
public enum TCPFlagProfile: Hashable, Sendable {
    /// Linux conntrack's valid set (RFC 9293 section 3.1 read as conntrack does).
    case conntrack
    /// Conntrack's set minus what pf's scrub refuses.
    case strict

    /// The classic flags that take part in the conntrack table: FIN, SYN, RST, ACK and URG.
    @usableFromInline
    internal static let tableMask: UInt16 = 0x001 | 0x002 | 0x004 | 0x010 | 0x020

    /// Whether conntrack's table accepts `flags` (PSH, ECE, CWR, AE and reserved bits ignored).
    ///
    /// - Parameter flags: the segment's flags.
    /// - Returns: `true` for SYN, SYN|URG, SYN|ACK, RST, RST|ACK, FIN|ACK, FIN|ACK|URG, ACK, ACK|URG.
    @inlinable
    public static func conntrackAccepts(_ flags: TCPFlags) -> Bool {
        switch flags.rawValue & tableMask {
        case 0x002, 0x022, 0x012, 0x004, 0x014, 0x011, 0x031, 0x010, 0x030: return true
        default: return false
        }
    }

    /// Whether pf's scrub accepts `flags`: no SYN|RST, no segment without SYN lacking both ACK and RST, and
    /// no FIN, PSH or URG without ACK.
    ///
    /// - Parameter flags: the segment's flags.
    /// - Returns: `true` when pf's normalizer would let the flags through (it clears FIN on a SYN; that
    ///   combination is refused anyway by conntrack's table).
    @inlinable
    public static func scrubAccepts(_ flags: TCPFlags) -> Bool {
        if flags.contains(.syn) {
            if flags.contains(.rst) { return false }
        } else if !flags.contains(.ack) && !flags.contains(.rst) {
            return false
        }
        if !flags.contains(.ack) && (flags.contains(.fin) || flags.contains(.psh) || flags.contains(.urg)) {
            return false
        }
        return true
    }

    /// Whether this profile accepts `flags`.
    ///
    /// - Parameter flags: the segment's flags.
    /// - Returns: `true` when valid under this profile.
    @inlinable
    public func accepts(_ flags: TCPFlags) -> Bool {
        switch self {
        case .conntrack: return Self.conntrackAccepts(flags)
        case .strict: return Self.conntrackAccepts(flags) && Self.scrubAccepts(flags)
        }
    }
}
