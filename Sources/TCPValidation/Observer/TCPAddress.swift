/// An IPv4 or IPv6 address held inline (16 bytes and a length): no allocation, usable as part of a flow key.
@frozen
public struct TCPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The first 8 bytes, big-endian (for IPv4, the 4 address bytes in the top half, the rest zero).
    public let high: UInt64
    /// The last 8 bytes, big-endian (zero for IPv4).
    public let low: UInt64
    /// 4 for IPv4, 16 for IPv6.
    public let byteCount: UInt8

    /// An IPv4 address from its 32-bit value (host byte order, e.g. `0xC000_0201` for 192.0.2.1).
    ///
    /// - Parameter ipv4: the address.
    @inlinable
    public init(ipv4: UInt32) {
        high = UInt64(ipv4) << 32
        low = 0
        byteCount = 4
    }

    /// An IPv6 address from its two 64-bit halves (host byte order).
    ///
    /// - Parameters:
    ///   - ipv6High: the first 8 bytes.
    ///   - low: the last 8 bytes.
    @inlinable
    public init(ipv6High: UInt64, low: UInt64) {
        high = ipv6High
        self.low = low
        byteCount = 16
    }

    /// An address from its bytes in network order, as found in an IP header.
    ///
    /// - Parameter bytes: 4 bytes (IPv4) or 16 bytes (IPv6).
    /// - Returns: `nil` for any other length.
    @inlinable
    public init?(_ bytes: UnsafeRawBufferPointer) {
        switch bytes.count {
        case 4:
            var value: UInt32 = 0
            for byte in bytes { value = value << 8 | UInt32(byte) }
            self.init(ipv4: value)
        case 16:
            var high: UInt64 = 0
            var low: UInt64 = 0
            for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
            for index in 8..<16 { low = low << 8 | UInt64(bytes[index]) }
            self.init(ipv6High: high, low: low)
        default:
            return nil
        }
    }

    /// An address from a byte sequence in network order (convenience for tests and tools).
    ///
    /// - Parameter bytes: 4 or 16 bytes.
    /// - Returns: `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard let address = Array(bytes).withUnsafeBytes({ TCPAddress($0) }) else { return nil }
        self = address
    }

    /// Whether this is an IPv4 address.
    @inlinable
    public var isIPv4: Bool { byteCount == 4 }

    /// Orders IPv4 before IPv6, then by value.
    public static func < (lhs: TCPAddress, rhs: TCPAddress) -> Bool {
        if lhs.byteCount != rhs.byteCount { return lhs.byteCount < rhs.byteCount }
        if lhs.high != rhs.high { return lhs.high < rhs.high }
        return lhs.low < rhs.low
    }

    /// Dotted decimal for IPv4, RFC 5952 text (lower case, longest zero run as `::`) for IPv6.
    public var description: String {
        if isIPv4 {
            let value = UInt32(truncatingIfNeeded: high >> 32)
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        }
        var groups = [UInt16]()
        for half in [high, low] {
            for shift in stride(from: 48, through: 0, by: -16) {
                groups.append(UInt16(truncatingIfNeeded: half >> UInt64(shift)))
            }
        }
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            if groups[index] == 0 {
                var end = index
                while end < 8 && groups[end] == 0 { end += 1 }
                if end - index > bestLength {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        func hex(_ range: Range<Int>) -> String {
            range.map { String(groups[$0], radix: 16) }.joined(separator: ":")
        }
        if bestStart < 0 { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
}
