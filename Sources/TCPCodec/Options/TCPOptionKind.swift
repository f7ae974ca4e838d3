/// The option kinds the codec gives a typed value (IANA "TCP Option Kind Numbers"), and the length rule of every
/// kind, ``lengthRule(of:)``.
public enum TCPOptionKind {
    /// End of option list (RFC 9293 section 3.2).
    public static let endOfOptionList: UInt8 = 0
    /// No-operation (RFC 9293 section 3.2).
    public static let noOperation: UInt8 = 1
    /// Maximum segment size (RFC 9293 section 3.2).
    public static let maximumSegmentSize: UInt8 = 2
    /// Window scale (RFC 7323 section 2.2).
    public static let windowScale: UInt8 = 3
    /// SACK permitted (RFC 2018 section 2).
    public static let sackPermitted: UInt8 = 4
    /// SACK (RFC 2018 section 3).
    public static let sack: UInt8 = 5
    /// Timestamps (RFC 7323 section 3.2).
    public static let timestamps: UInt8 = 8
    /// MD5 signature (RFC 2385).
    public static let md5Signature: UInt8 = 19
    /// User timeout (RFC 5482).
    public static let userTimeout: UInt8 = 28
    /// TCP Authentication Option (RFC 5925 section 2.2).
    public static let authentication: UInt8 = 29
    /// Multipath TCP (RFC 8684 section 3).
    public static let multipath: UInt8 = 30
    /// TCP Fast Open cookie (RFC 7413 section 4.1.1).
    public static let fastOpenCookie: UInt8 = 34
    /// Accurate ECN order 0 (RFC 9768 section 3.2.3).
    public static let accurateECN0: UInt8 = 172
    /// Accurate ECN order 1 (RFC 9768 section 3.2.3).
    public static let accurateECN1: UInt8 = 174
    /// Experimental option 1, with a 16-bit experiment identifier (RFC 6994).
    public static let experimental1: UInt8 = 253
    /// Experimental option 2, with a 16-bit experiment identifier (RFC 6994).
    public static let experimental2: UInt8 = 254

    /// The lengths an option of `kind` may have, kind and length bytes included: the one table of option length
    /// rules, which strict decoding applies (RFC 9293 section 3.2 and each kind's RFC, cited beside its rule).
    ///
    /// A kind without a rule of its own allows any length the framing allows (``TCPOptionLengthRule/any``).
    ///
    /// - Parameter kind: the option kind.
    /// - Returns: the kind's length rule.
    @inlinable @inline(__always)
    public static func lengthRule(of kind: UInt8) -> TCPOptionLengthRule {
        switch kind {
        case endOfOptionList, noOperation: return .kindOnly
        case maximumSegmentSize: return .maximumSegmentSize
        case windowScale: return .windowScale
        case sackPermitted: return .sackPermitted
        case sack: return .sack
        case timestamps: return .timestamps
        case md5Signature: return .md5Signature
        case userTimeout: return .userTimeout
        case authentication: return .authentication
        case multipath: return .multipath
        case fastOpenCookie: return .fastOpenCookie
        case accurateECN0, accurateECN1: return .accurateECN
        case experimental1, experimental2: return .experimental
        default: return .any
        }
    }
}

// The rules of the kinds that have one, named so that a fast path that reads one kind can take its rule without a
// lookup; ``TCPOptionKind/lengthRule(of:)`` maps each kind to its rule. Inlinable computed values, so that a test
// against a rule folds to a test against its constants.
extension TCPOptionLengthRule {
    /// MSS, RFC 9293 section 3.2: kind, length 4, a 16-bit segment size.
    @inlinable static var maximumSegmentSize: Self { .exactly(4) }

    /// Window scale, RFC 7323 section 2.2: kind, length 3, the shift count.
    @inlinable static var windowScale: Self { .exactly(3) }

    /// SACK permitted, RFC 2018 section 2: kind and length 2.
    @inlinable static var sackPermitted: Self { .exactly(2) }

    /// SACK, RFC 2018 section 3: kind, length, then n blocks of two 32-bit edges, 2 + 8n bytes, as many blocks as
    /// ``TCPSACKBlocks/capacity`` holds. At least one block: an option of length 2 breaks the rule (see
    /// ``sackWithoutBlocks``).
    @inlinable static var sack: Self { .repeating(base: 2, step: 8, counts: 1 ... TCPSACKBlocks.capacity) }

    /// A SACK option with no block: kind and length 2, which RFC 2018 section 3 forbids (``sack``) and some servers
    /// send. Strict checking rejects it like any length its kind's rule forbids; framing checking reads it as
    /// ``TCPOption/sack(_:)`` with no block rather than as ``TCPOption/malformed(kind:data:)``, since its length
    /// is the rule's own form with zero blocks (Linux's `tcp_parse_options` skips it as SACK information and goes
    /// on).
    @inlinable static var sackWithoutBlocks: Self { .exactly(sack.length(itemCount: 0)) }

    /// Timestamps, RFC 7323 section 3.2: kind, length 10, TSval and TSecr.
    @inlinable static var timestamps: Self { .exactly(10) }

    /// MD5 signature, RFC 2385 section 3.0: kind, length 18, a 16-byte digest.
    @inlinable static var md5Signature: Self { .exactly(18) }

    /// User timeout, RFC 5482 section 2: kind, length 4, the granularity bit and a 15-bit timeout.
    @inlinable static var userTimeout: Self { .exactly(4) }

    /// TCP-AO, RFC 5925 section 2.2: kind, length, KeyID and RNextKeyID, then the MAC ("MUST be >= 4").
    @inlinable static var authentication: Self { .atLeast(4) }

    /// Multipath TCP, RFC 8684 section 3: kind, length and the subtype nibble, then each subtype's own lengths.
    @inlinable static var multipath: Self { .bySubtype(atLeast: 3) }

    /// TCP Fast Open cookie, RFC 7413 section 4.1.1: kind and length 2 (a cookie request), or a cookie of 4 to 16
    /// bytes.
    @inlinable static var fastOpenCookie: Self { .emptyOrWithin(6 ... 18) }

    /// Accurate ECN, both orders, RFC 9768 section 3.2.3: kind, length, then 0 to 3 24-bit counters: 2, 5, 8 or
    /// 11 bytes.
    @inlinable static var accurateECN: Self { .repeating(base: 2, step: 3, counts: 0 ... 3) }

    /// The experimental kinds, RFC 6994 section 3: kind, length and a 16-bit experiment identifier, then the
    /// experiment's bytes.
    @inlinable static var experimental: Self { .atLeast(4) }
}
