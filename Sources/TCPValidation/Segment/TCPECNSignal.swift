import TCPCodec

/// What the ECN-related flags (AE, CWR, ECE) of a SYN or SYN-ACK say about ECN negotiation.
///
/// ECN must not be mistaken for an attack: every combination is legal on a SYN or SYN-ACK, and this value names
/// the negotiation it is (RFC 3168 section 6.1.1; RFC 9768 sections 3.1.1 to 3.1.3). On other segments the
/// flags are congestion feedback, not negotiation, and the signal is ``notNegotiation``.
@frozen
public enum TCPECNSignal: Hashable, Sendable, CustomStringConvertible {
    /// Not a SYN: the bits carry feedback (RFC 3168 section 6.1.2, RFC 9768 section 3.2).
    case notNegotiation
    /// SYN with AE, CWR, ECE = 000: ECN not requested.
    case synNoECN
    /// SYN with CWR and ECE (011): an RFC 3168 ECN-setup SYN (RFC 3168 section 6.1.1).
    case synClassicECN
    /// SYN with AE, CWR and ECE (111): an AccECN setup SYN (RFC 9768 section 3.1.1).
    case synAccurateECN
    /// A SYN with another combination (001, 010, 100, 101, 110). An AccECN server treats those with AE or
    /// other than 000/011 as AccECN requests for forward compatibility (RFC 9768 section 3.1.3); a classic
    /// server sees no ECN setup. The bits are kept (AE = 4, CWR = 2, ECE = 1).
    case synOther(bits: UInt8)
    /// SYN-ACK 000: no ECN (RFC 3168 section 6.1.1; RFC 9768 section 3.1.1 Table 2).
    case synAckNoECN
    /// SYN-ACK 001 (ECE only): classic ECN agreed (RFC 3168 section 6.1.1; RFC 9768 section 3.1.1).
    case synAckClassicECN
    /// SYN-ACK 010, 011, 100 or 110: AccECN agreed, the bits reflecting the IP-ECN field of the SYN
    /// (RFC 9768 section 3.1.1 Table 2 and section 3.1.2 Table 3).
    case synAckAccurateECN(synIPECN: TCPIPECNCodepoint)
    /// SYN-ACK 101: the codepoint that RFC 3540's nonce used, reserved; a client enables AccECN as if it were
    /// 010 (RFC 9768 section 3.1.2 and 3.1.3).
    case synAckReservedNonce
    /// SYN-ACK 111: a broken server reflecting the SYN's flags; no ECN (RFC 9768 section 3.1.1 Table 2).
    case synAckBroken

    /// Reads the signal from a segment's flags.
    ///
    /// - Parameter flags: the segment's flags.
    /// - Returns: the negotiation signal, or ``notNegotiation`` without SYN.
    @inlinable @inline(__always)
    public init(flags: TCPFlags) {
        // Every segment but a SYN says this, inline; a SYN's bits are read out of line.
        self = flags.contains(.syn) ? Self.negotiation(flags) : .notNegotiation
    }

    /// The signal of a SYN or SYN-ACK (``init(flags:)`` for a segment with SYN).
    @usableFromInline @inline(never)
    internal static func negotiation(_ flags: TCPFlags) -> TCPECNSignal {
        let bits: UInt8 =
            (flags.contains(.ae) ? 4 : 0) | (flags.contains(.cwr) ? 2 : 0) | (flags.contains(.ece) ? 1 : 0)
        if flags.contains(.ack) {
            switch bits {
            case 0b000: return .synAckNoECN
            case 0b001: return .synAckClassicECN
            case 0b010: return .synAckAccurateECN(synIPECN: .notECT)
            case 0b011: return .synAckAccurateECN(synIPECN: .ect1)
            case 0b100: return .synAckAccurateECN(synIPECN: .ect0)
            case 0b110: return .synAckAccurateECN(synIPECN: .ce)
            case 0b101: return .synAckReservedNonce
            default: return .synAckBroken
            }
        } else {
            switch bits {
            case 0b000: return .synNoECN
            case 0b011: return .synClassicECN
            case 0b111: return .synAccurateECN
            default: return .synOther(bits: bits)
            }
        }
    }

    /// A short display name, e.g. `accecn-syn`.
    public var description: String {
        switch self {
        case .notNegotiation: return "none"
        case .synNoECN: return "syn-no-ecn"
        case .synClassicECN: return "ecn-setup-syn"
        case .synAccurateECN: return "accecn-syn"
        case .synOther(let bits): return "syn-ecn-bits-\(bits)"
        case .synAckNoECN: return "syn-ack-no-ecn"
        case .synAckClassicECN: return "ecn-setup-syn-ack"
        case .synAckAccurateECN(let codepoint): return "accecn-syn-ack-\(codepoint)"
        case .synAckReservedNonce: return "syn-ack-reserved-nonce"
        case .synAckBroken: return "syn-ack-broken-ecn"
        }
    }
}

/// The two-bit ECN field of an IP header (RFC 3168 section 5).
@frozen
public enum TCPIPECNCodepoint: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// 00: not ECN-capable transport.
    case notECT = 0
    /// 01: ECN-capable transport, codepoint 1.
    case ect1 = 1
    /// 10: ECN-capable transport, codepoint 0.
    case ect0 = 2
    /// 11: congestion experienced.
    case ce = 3

    /// `not-ect`, `ect1`, `ect0` or `ce`.
    public var description: String {
        switch self {
        case .notECT: return "not-ect"
        case .ect1: return "ect1"
        case .ect0: return "ect0"
        case .ce: return "ce"
        }
    }
}
