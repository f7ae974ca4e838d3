/// The pseudo-header that the TCP checksum covers besides the segment itself.
///
/// IPv4 (RFC 9293 section 3.1): source address, destination address, a zero byte, protocol 6 and the 16-bit
/// TCP length, 12 bytes. IPv6 (RFC 8200 section 8.1): source address, destination address, the 32-bit
/// upper-layer length, three zero bytes and next header 6, 40 bytes.
public struct TCPPseudoHeader: Hashable, Sendable {
    /// The source address of the IP header.
    public var source: IPAddress
    /// The destination address of the IP header (the final one for IPv6; a routing header is not followed).
    public var destination: IPAddress
    /// The TCP length (header plus payload) the IP header declares. For IPv4 only the low 16 bits are
    /// written; a larger value arises only from segmentation offload, whose checksum is not meaningful.
    public var tcpLength: UInt32

    /// Makes a pseudo-header. The two addresses must be of the same version.
    ///
    /// - Parameters:
    ///   - source: the source address.
    ///   - destination: the destination address.
    ///   - tcpLength: the TCP header plus payload length.
    @inlinable
    public init(source: IPAddress, destination: IPAddress, tcpLength: UInt32) {
        precondition(source.version == destination.version, "pseudo-header addresses of different versions")
        self.source = source
        self.destination = destination
        self.tcpLength = tcpLength
    }

    /// The size of the pseudo-header in bytes: 12 for IPv4, 40 for IPv6.
    @inlinable
    public var byteCount: Int {
        source.version == .v4 ? 12 : 40
    }

    /// Calls `body` with the pseudo-header bytes, written out in network order.
    ///
    /// - Parameter body: receives the 12 or 40 bytes; the pointer must not escape the call.
    /// - Returns: what `body` returns.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        var storage: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        return try Swift.withUnsafeMutableBytes(of: &storage) { raw in
            let count = byteCount
            let addressLength = source.byteCount
            // SAFETY: 2 * addressLength + (4 or 8) == count <= 40 == raw.count.
            source.withUnsafeBytes { raw.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: addressLength) }
            destination.withUnsafeBytes {
                (raw.baseAddress! + addressLength).copyMemory(from: $0.baseAddress!, byteCount: addressLength)
            }
            let tail = 2 * addressLength
            if source.version == .v4 {
                raw[tail] = 0
                raw[tail + 1] = 6
                raw.storeBytes(of: UInt16(truncatingIfNeeded: tcpLength).bigEndian, toByteOffset: tail + 2,
                    as: UInt16.self)
            } else {
                raw.storeBytes(of: tcpLength.bigEndian, toByteOffset: tail, as: UInt32.self)
                raw[tail + 7] = 6
            }
            return try body(UnsafeRawBufferPointer(rebasing: raw[0..<count]))
        }
    }

    /// The one's complement sum of the pseudo-header's 16-bit words (RFC 1071), not yet folded to 16 bits.
    ///
    /// Add the segment's own 16-bit words, fold the carries and complement to get the TCP checksum.
    public var sum: UInt32 {
        withUnsafeBytes { bytes in
            var total: UInt32 = 0
            var index = 0
            while index + 1 < bytes.count {
                // At most 20 words of at most 0xFFFF: the total stays far below UInt32.max.
                total += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
                index += 2
            }
            return total
        }
    }
}
