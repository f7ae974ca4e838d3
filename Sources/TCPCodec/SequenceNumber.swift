/// A TCP sequence or acknowledgment number: a point on the circle of 2^32 values.
///
/// RFC 9293 section 3.4 defines all sequence arithmetic modulo 2^32, and RFC 1982 defines the order:
/// `a` is before `b` when the forward distance from `a` to `b` is between 1 and 2^31 - 1. When the two are
/// exactly 2^31 apart the order is undefined, and this type says so (``Order/undefined``) instead of guessing.
///
/// Because that order is not transitive, `SequenceNumber` deliberately does not conform to `Comparable`:
/// use ``compare(_:)``, ``isBefore(_:)``, ``isAfter(_:)``, ``between(_:_:)`` or ``isInWindow(start:size:)``.
@frozen
public struct SequenceNumber: RawRepresentable, Hashable, Sendable {
    /// The number as it appears on the wire (host byte order).
    public var rawValue: UInt32

    /// Wraps a raw 32-bit value.
    ///
    /// - Parameter rawValue: the number as carried in the header.
    @inlinable
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Wraps a raw 32-bit value.
    ///
    /// - Parameter value: the number as carried in the header.
    @inlinable
    public init(_ value: UInt32) {
        self.rawValue = value
    }

    /// The result of comparing two sequence numbers under RFC 1982 serial number arithmetic.
    @frozen
    public enum Order: Hashable, Sendable {
        /// The left number comes before the right one (forward distance 1 ..< 2^31).
        case before
        /// The two numbers are equal.
        case equal
        /// The left number comes after the right one (backward distance 1 ..< 2^31).
        case after
        /// The numbers are exactly 2^31 apart: RFC 1982 section 3.2 leaves their order undefined.
        case undefined
    }

    /// Adds a byte count, wrapping modulo 2^32 (RFC 9293 section 3.4).
    ///
    /// - Parameters:
    ///   - lhs: the starting number.
    ///   - rhs: how many sequence numbers to advance.
    /// - Returns: `lhs + rhs` modulo 2^32.
    @inlinable
    public static func + (lhs: SequenceNumber, rhs: UInt32) -> SequenceNumber {
        // Wrapping is the meaning: sequence space is modulo 2^32.
        SequenceNumber(rawValue: lhs.rawValue &+ rhs)
    }

    /// Subtracts a byte count, wrapping modulo 2^32 (RFC 9293 section 3.4).
    ///
    /// - Parameters:
    ///   - lhs: the starting number.
    ///   - rhs: how many sequence numbers to go back.
    /// - Returns: `lhs - rhs` modulo 2^32.
    @inlinable
    public static func - (lhs: SequenceNumber, rhs: UInt32) -> SequenceNumber {
        // Wrapping is the meaning: sequence space is modulo 2^32.
        SequenceNumber(rawValue: lhs.rawValue &- rhs)
    }

    /// The forward distance from `rhs` to `lhs` modulo 2^32, so that `(a + n) - a == n` for every `n`.
    ///
    /// - Parameters:
    ///   - lhs: the later number.
    ///   - rhs: the earlier number.
    /// - Returns: the number of sequence numbers from `rhs` up to `lhs`, in `0 ..< 2^32`.
    @inlinable
    public static func - (lhs: SequenceNumber, rhs: SequenceNumber) -> UInt32 {
        // Wrapping is the meaning: the distance is taken modulo 2^32.
        lhs.rawValue &- rhs.rawValue
    }

    /// Advances in place, wrapping modulo 2^32.
    ///
    /// - Parameters:
    ///   - lhs: the number to advance.
    ///   - rhs: how many sequence numbers to advance.
    @inlinable
    public static func += (lhs: inout SequenceNumber, rhs: UInt32) {
        lhs = lhs + rhs
    }

    /// Goes back in place, wrapping modulo 2^32.
    ///
    /// - Parameters:
    ///   - lhs: the number to move.
    ///   - rhs: how many sequence numbers to go back.
    @inlinable
    public static func -= (lhs: inout SequenceNumber, rhs: UInt32) {
        lhs = lhs - rhs
    }

    /// The forward distance from this number to `other`, modulo 2^32.
    ///
    /// - Parameter other: the target number.
    /// - Returns: how far `other` lies ahead of `self` going forward, in `0 ..< 2^32`.
    @inlinable
    public func distance(to other: SequenceNumber) -> UInt32 {
        other.rawValue &- rawValue
    }

    /// The signed distance from this number to `other` (RFC 1982), or `nil` when they are exactly 2^31 apart.
    ///
    /// - Parameter other: the target number.
    /// - Returns: a positive value when `other` is after `self`, negative when before, zero when equal, and
    ///   `nil` when the direction is undefined.
    @inlinable
    public func signedDistance(to other: SequenceNumber) -> Int32? {
        let forward = other.rawValue &- rawValue
        if forward == 0x8000_0000 { return nil }
        return Int32(bitPattern: forward)
    }

    /// Compares two numbers under RFC 1982 serial number arithmetic.
    ///
    /// - Parameter other: the number to compare with.
    /// - Returns: whether `self` is before, equal to, after `other`, or ``Order/undefined`` at exactly 2^31.
    @inlinable
    public func compare(_ other: SequenceNumber) -> Order {
        let forward = other.rawValue &- rawValue
        if forward == 0 { return .equal }
        if forward == 0x8000_0000 { return .undefined }
        return forward < 0x8000_0000 ? .before : .after
    }

    /// Whether this number comes strictly before `other` (RFC 9293's `<`).
    ///
    /// - Parameter other: the number to compare with.
    /// - Returns: `true` only for ``Order/before``; `false` for equal, after and undefined.
    @inlinable @inline(__always)
    public func isBefore(_ other: SequenceNumber) -> Bool {
        // `compare(other) == .before`: a forward distance in 1 ..< 2^31 (wrapping is the meaning).
        let forward = other.rawValue &- rawValue
        return forward != 0 && forward < 0x8000_0000
    }

    /// Whether this number comes strictly after `other` (RFC 9293's `>`).
    ///
    /// - Parameter other: the number to compare with.
    /// - Returns: `true` only for ``Order/after``; `false` for equal, before and undefined.
    @inlinable @inline(__always)
    public func isAfter(_ other: SequenceNumber) -> Bool {
        // `compare(other) == .after`: a forward distance in 2^31 + 1 ..< 2^32 (wrapping is the meaning).
        (other.rawValue &- rawValue) > 0x8000_0000
    }

    /// Whether `lo <= self <= hi` going forward around the circle from `lo` (RFC 9293 window tests).
    ///
    /// The interval is taken from `lo` forward to `hi`; when `hi` is before `lo` the interval wraps past 2^32.
    ///
    /// - Parameters:
    ///   - lo: the inclusive start of the interval.
    ///   - hi: the inclusive end of the interval.
    /// - Returns: `true` when the forward distance from `lo` to `self` does not exceed that from `lo` to `hi`.
    @inlinable
    public func between(_ lo: SequenceNumber, _ hi: SequenceNumber) -> Bool {
        (rawValue &- lo.rawValue) <= (hi.rawValue &- lo.rawValue)
    }

    /// Whether `start <= self < start + size` modulo 2^32 (the receive-window test of RFC 9293 section 3.10.7.4).
    ///
    /// - Parameters:
    ///   - start: the first number of the window.
    ///   - size: the number of sequence numbers in the window; `0` makes every number fall outside.
    /// - Returns: `true` when the forward distance from `start` to `self` is less than `size`.
    @inlinable
    public func isInWindow(start: SequenceNumber, size: UInt32) -> Bool {
        (rawValue &- start.rawValue) < size
    }
}
