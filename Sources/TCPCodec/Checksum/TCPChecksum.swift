/// The TCP checksum over a pseudo-header and a segment (RFC 9293 section 3.1).
public enum TCPChecksum {
    /// The value the checksum field of `segment` must hold, computed as if the field were zero.
    ///
    /// - Parameters:
    ///   - segment: the TCP header and payload (at least 18 bytes for the field to exist; shorter data is summed
    ///     as it is).
    ///   - pseudoHeader: the pseudo-header of the carrying packet.
    /// - Returns: the checksum field value.
    @inlinable
    public static func compute(segment: UnsafeRawBufferPointer, pseudoHeader: TCPPseudoHeader) -> UInt16 {
        let all = InternetChecksum.sum(segment, initial: pseudoHeader.sum(tcpLength: segment.count))
        let field = TCPHeaderLayout.checksum
        guard segment.count >= field.upperBound, let base = segment.baseAddress else { return ~all }
        // SAFETY: count >= 18 covers the checksum field at 16 ..< 18.
        let stored = base.loadBigEndianUInt16(field)
        // Remove the stored field from the sum: adding its complement is ones' complement subtraction.
        var sum = InternetChecksum.fold(UInt64(all) + UInt64(~stored))
        // The true sum is never +0 (the protocol word is non-zero), so +0 here stands for 0xFFFF.
        if sum == 0 { sum = 0xFFFF }
        return ~sum
    }

    /// Whether the checksum field of `segment` is right.
    ///
    /// In ones' complement arithmetic 0x0000 and 0xFFFF are both zero, so where the right field is 0x0000 a field
    /// of 0xFFFF verifies too (RFC 1071 section 1). ``compute(segment:pseudoHeader:)`` never produces 0xFFFF.
    ///
    /// - Parameters:
    ///   - segment: the TCP header and payload, the checksum field as carried.
    ///   - pseudoHeader: the pseudo-header of the carrying packet.
    /// - Returns: `true` when the sum over pseudo-header and segment is 0xFFFF.
    @inlinable
    public static func verify(segment: UnsafeRawBufferPointer, pseudoHeader: TCPPseudoHeader) -> Bool {
        InternetChecksum.sum(segment, initial: pseudoHeader.sum(tcpLength: segment.count)) == 0xFFFF
    }

    /// Whether the checksum field holds what checksum offload leaves for the network card to finish: the folded sum
    /// of the pseudo-header alone (Linux's CHECKSUM_PARTIAL, `tcp_v4_send_check` and `tcp_v6_send_check`), as a
    /// capture taken on the sending host, or on loopback, shows it.
    ///
    /// Such a field is not a wrong checksum: the right one was computed after the capture point.
    ///
    /// - Parameters:
    ///   - segment: the TCP header and payload, the checksum field as carried (at least 18 bytes, else `false`).
    ///   - pseudoHeader: the pseudo-header of the carrying packet.
    /// - Returns: `true` when the field equals the folded pseudo-header sum for the segment's length.
    @inlinable
    public static func isOffloadPlaceholder(segment: UnsafeRawBufferPointer, pseudoHeader: TCPPseudoHeader) -> Bool {
        let field = TCPHeaderLayout.checksum
        guard segment.count >= field.upperBound, let base = segment.baseAddress else { return false }
        // SAFETY: count >= 18 covers the checksum field at 16 ..< 18.
        let stored = base.loadBigEndianUInt16(field)
        return stored == InternetChecksum.fold(UInt64(pseudoHeader.sum(tcpLength: segment.count)))
    }

    /// Computes the checksum of `segment` and writes it into its checksum field.
    ///
    /// - Parameters:
    ///   - segment: the TCP header and payload; it must hold at least 18 bytes (a caller error otherwise).
    ///   - pseudoHeader: the pseudo-header of the carrying packet.
    /// - Returns: the value written.
    @inlinable @discardableResult
    public static func fill(segment: UnsafeMutableRawBufferPointer, pseudoHeader: TCPPseudoHeader) -> UInt16 {
        let field = TCPHeaderLayout.checksum
        precondition(
            segment.count >= field.upperBound, "TCPChecksum.fill needs at least the 18 bytes up to the checksum field")
        let value = compute(segment: UnsafeRawBufferPointer(segment), pseudoHeader: pseudoHeader)
        // SAFETY: count >= 18 (precondition above).
        segment.baseAddress.unsafelyUnwrapped.storeBigEndian(value, field)
        return value
    }
}
