/// An IPv4 or IPv6 address held inline (no heap storage): the one address type of the package, used by the
/// pseudo-header, the flow observer's keys and the capture layer.
///
/// The 16 bytes of an IPv6 address are kept as two big-endian words; an IPv4 address uses the top 32 bits of
/// the first. `description` prints IPv4 as a dotted quad and IPv6 in the canonical form of RFC 5952 section 4
/// (lowercase, no leading zeros, the longest run of two or more zero groups as `::`, the first on a tie), with
/// IPv4-mapped addresses as `::ffff:192.0.2.1` (RFC 5952 section 5). Addresses order IPv4 before IPv6, then by
/// value (byte by byte).
@frozen
public struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address family.
    public let version: IPVersion
    /// Bytes 0 ..< 8 of the address as a big-endian number (IPv4: the address in the top 32 bits, the rest zero).
    public let high: UInt64
    /// Bytes 8 ..< 16 of an IPv6 address as a big-endian number; 0 for IPv4.
    public let low: UInt64

    /// Makes an IPv4 address from its 32-bit value, `0xC0000201` for 192.0.2.1.
    ///
    /// - Parameter ipv4: the address in host order, most significant byte first when written out.
    @inlinable
    public init(ipv4: UInt32) {
        self.version = .v4
        self.high = UInt64(ipv4) << 32
        self.low = 0
    }

    /// Makes an IPv6 address from its two 64-bit halves.
    ///
    /// - Parameters:
    ///   - high: bytes 0 ..< 8 as a big-endian number.
    ///   - low: bytes 8 ..< 16 as a big-endian number.
    @inlinable
    public init(ipv6High high: UInt64, low: UInt64) {
        self.version = .v6
        self.high = high
        self.low = low
    }

    /// Reads an address from 4 (IPv4) or 16 (IPv6) bytes in network order.
    ///
    /// - Parameter bytes: exactly 4 or 16 bytes.
    /// - Returns: the address, or `nil` for any other length.
    @inlinable
    public init?(bytes: UnsafeRawBufferPointer) {
        switch bytes.count {
        case 4:
            // SAFETY: count == 4.
            self.init(ipv4: UInt32(bigEndian: bytes.loadUnaligned(as: UInt32.self)))
        case 16:
            // SAFETY: count == 16, the two loads cover bytes 0 ..< 16.
            self.init(
                ipv6High: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        default:
            return nil
        }
    }

    /// Reads an address from 4 (IPv4) or 16 (IPv6) bytes in network order, from any collection of bytes
    /// (a convenience for tests and tools; the buffer-pointer initializer is the one for hot paths).
    ///
    /// - Parameter bytes: exactly 4 or 16 bytes.
    /// - Returns: the address, or `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var count = 0
        for byte in bytes {
            guard count < 16 else { return nil }
            if count < 8 {
                high = high << 8 | UInt64(byte)
            } else {
                low = low << 8 | UInt64(byte)
            }
            count += 1
        }
        switch count {
        case 4: self.init(ipv4: UInt32(truncatingIfNeeded: high))
        case 16: self.init(ipv6High: high, low: low)
        default: return nil
        }
    }

    /// Whether this is an IPv4 address.
    @inlinable
    public var isIPv4: Bool { version == .v4 }

    /// The IPv4 address as a 32-bit number, or `nil` for IPv6.
    @inlinable
    public var ipv4Value: UInt32? {
        version == .v4 ? UInt32(truncatingIfNeeded: high >> 32) : nil
    }

    /// The number of address bytes: 4 or 16.
    @inlinable
    public var byteCount: Int {
        version == .v4 ? 4 : 16
    }

    /// Calls `body` with the address bytes in network order (4 or 16 of them).
    ///
    /// - Parameter body: receives the bytes; the pointer must not escape the call.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws; nothing of its own.
    @inlinable
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let words = (high.bigEndian, low.bigEndian)
        return try Swift.withUnsafeBytes(of: words) { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[0..<byteCount]))
        }
    }

    /// Orders IPv4 before IPv6, then by value, as the bytes compare in network order.
    ///
    /// - Parameters:
    ///   - lhs: one address.
    ///   - rhs: another.
    /// - Returns: whether `lhs` sorts first.
    @inlinable @inline(__always)
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        if lhs.version != rhs.version { return lhs.version == .v4 }
        if lhs.high != rhs.high { return lhs.high < rhs.high }
        return lhs.low < rhs.low
    }
}
