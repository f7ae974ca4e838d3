/// The lengths an option kind allows, its kind and length bytes included (RFC 9293 section 3.2 and the RFC of
/// each kind).
///
/// ``TCPOptionKind/lengthRule(of:)`` gives the rule of every kind. It is the one table of length rules: the strict
/// decoder's validating walk, its one-pass iterator and its inline fast paths all read it, and so may printers and
/// checkers that need to know what a kind allows.
@frozen
public enum TCPOptionLengthRule: Hashable, Sendable {
    /// The kind byte alone, with no length byte: 1 byte (EOL and NOP, RFC 9293 section 3.2).
    case kindOnly
    /// Any length the framing allows, 2 or more: a kind with no rule of its own.
    case any
    /// Exactly this many bytes.
    case exactly(Int)
    /// This many bytes or more.
    case atLeast(Int)
    /// `base + step * n` bytes for an `n` in `counts`: a fixed part, then `n` items of `step` bytes each.
    case repeating(base: Int, step: Int, counts: ClosedRange<Int>)
    /// 2 bytes, the kind and length with no value (a request, say), or a length in the range.
    case emptyOrWithin(ClosedRange<Int>)
    /// At least this many bytes, then whatever the option's subtype allows, which its length alone cannot tell
    /// (Multipath TCP: the subtypes of ``MPTCPOption``, RFC 8684 section 3).
    case bySubtype(atLeast: Int)

    /// Whether an option may be `length` bytes long under this rule, as far as the length tells.
    ///
    /// For ``bySubtype(atLeast:)`` this says whether some subtype may be that long; the decoder then applies the
    /// subtype's own rule to the option's bytes.
    ///
    /// - Parameter length: the option's length, kind and length bytes included.
    /// - Returns: `true` when the rule allows the length.
    @inlinable @inline(__always)
    public func allows(_ length: Int) -> Bool {
        switch self {
        case .kindOnly:
            return length == 1
        case .any:
            return length >= 2
        case .exactly(let required):
            return length == required
        case .atLeast(let minimum), .bySubtype(let minimum):
            return length >= minimum
        case .repeating(let base, let step, let counts):
            // Unsigned, so that a length below `base` wraps to a number past every count, and one comparison
            // checks both ends of the count range. Rules hold small positive numbers: nothing here overflows.
            let items = UInt(bitPattern: length &- base)
            let count = items / UInt(bitPattern: step)
            return items % UInt(bitPattern: step) == 0
                && count &- UInt(bitPattern: counts.lowerBound)
                    <= UInt(bitPattern: counts.upperBound &- counts.lowerBound)
        case .emptyOrWithin(let range):
            return length == 2 || range.contains(length)
        }
    }

    /// The shortest length the rule allows.
    @inlinable
    public var minimumLength: Int {
        switch self {
        case .kindOnly: return 1
        case .any: return 2
        case .exactly(let length), .atLeast(let length), .bySubtype(let length): return length
        case .repeating(let base, let step, let counts): return base + step * counts.lowerBound
        case .emptyOrWithin(let range): return Swift.min(2, range.lowerBound)
        }
    }

    /// Whether the length alone decides the rule: `false` only for ``bySubtype(atLeast:)``.
    @inlinable
    public var isDecidedByLength: Bool {
        if case .bySubtype = self { return false }
        return true
    }

    /// The kind and the one length of an ``exactly(_:)`` rule as one 16-bit value, the kind high: a fast path tests an
    /// option's kind and length byte against it with one comparison.
    @inlinable @inline(__always)
    internal func kindAndExactLength(_ kind: UInt8) -> UInt16 {
        assert(self == .exactly(minimumLength), "not a rule of one length")
        return UInt16(kind) &<< 8 | UInt16(truncatingIfNeeded: minimumLength)
    }

    /// The length of an option of a ``repeating(base:step:counts:)`` rule with `count` items, whether or not the
    /// rule allows that many; for any other rule, ``minimumLength``.
    @inlinable @inline(__always)
    internal func length(itemCount count: Int) -> Int {
        if case .repeating(let base, let step, _) = self { return base + step * count }
        return minimumLength
    }
}
