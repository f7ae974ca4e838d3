/// The Internet checksum computed the plain way, as a reference for the fast implementation (RFC 1071 section 4.1).
///
/// It adds the data as big-endian 16-bit words, one byte pair at a time, pads an odd last byte with a zero byte,
/// and folds the carries back in at the end. It is slow on purpose: nothing in it can share a bug with
/// `InternetChecksum`'s wide loads and byte-order tricks.
public enum ReferenceChecksum {
    /// The ones' complement sum of `bytes`, folded to 16 bits, with `initial` added in (RFC 1071 section 4.1).
    ///
    /// - Parameters:
    ///   - bytes: the data; an odd last byte is padded with a zero byte.
    ///   - initial: a partial sum to add, e.g. a pseudo-header's.
    /// - Returns: the folded sum; 0 only when the data and `initial` are all zero.
    public static func sum(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0) -> UInt16 {
        var total = UInt64(initial)
        var index = 0
        while index + 1 < bytes.count {
            total += UInt64(bytes[index]) << 8 | UInt64(bytes[index + 1])
            index += 2
        }
        if index < bytes.count {
            total += UInt64(bytes[index]) << 8
        }
        return fold(total)
    }

    /// Folds a wide sum to 16 bits by adding the carries back in, one 16-bit step at a time.
    ///
    /// - Parameter value: the wide sum.
    /// - Returns: the folded sum.
    public static func fold(_ value: UInt64) -> UInt16 {
        var total = value
        while total > 0xFFFF {
            total = (total & 0xFFFF) + (total >> 16)
        }
        return UInt16(total)
    }

    /// The pseudo-header's partial sum written out field by field (RFC 9293 section 3.1, RFC 8200 section 8.1).
    ///
    /// - Parameters:
    ///   - source: the source address, 4 or 16 bytes.
    ///   - destination: the destination address, as long as `source`.
    ///   - tcpLength: the TCP length (header plus payload).
    /// - Returns: the unfolded sum of addresses, protocol number and length.
    public static func pseudoHeaderSum(
        source: UnsafeRawBufferPointer, destination: UnsafeRawBufferPointer, tcpLength: Int
    ) -> UInt32 {
        let length = UInt32(truncatingIfNeeded: tcpLength)
        var total = UInt32(sum(source)) + UInt32(sum(destination)) + 6
        if source.count == 4 {
            // IPv4 carries a 16-bit TCP length.
            total += length & 0xFFFF
        } else {
            // IPv6 carries a 32-bit upper-layer packet length.
            total += (length >> 16) + (length & 0xFFFF)
        }
        return total
    }
}
