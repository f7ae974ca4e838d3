/// The Internet checksum: the 16-bit ones' complement of the ones' complement sum of 16-bit words (RFC 1071),
/// and its incremental update (RFC 1624).
///
/// The sum is computed over native-order words with SIMD lanes and a wide accumulator, folded once at the end,
/// and byte-swapped on little-endian machines (RFC 1071 section 2, "byte order independence").
public enum InternetChecksum {
    /// The ones' complement sum of `bytes` taken as big-endian 16-bit words (an odd last byte is padded with a
    /// zero byte), added to `initial`, folded to 16 bits; not complemented (RFC 1071 section 4.1).
    ///
    /// The result is `0` only when every word and `initial` are zero; otherwise it lies in `1 ... 0xFFFF`.
    ///
    /// - Parameters:
    ///   - bytes: the data.
    ///   - initial: a sum to add in (e.g. a pseudo-header's), any 32-bit value.
    /// - Returns: the folded sum.
    @inlinable
    public static func sum(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0) -> UInt16 {
        let native = nativeSum(bytes)
        let folded = fold(native)
        // Little-endian loads summed natively give the byte-swapped big-endian sum (RFC 1071 section 2 (B)).
        let bigEndianSum = UInt16(bigEndian: folded)
        return fold(UInt64(bigEndianSum) &+ UInt64(initial))
    }

    /// The Internet checksum of `bytes`: the complement of ``sum(_:initial:)``.
    ///
    /// - Parameters:
    ///   - bytes: the data.
    ///   - initial: a sum to add in, e.g. a pseudo-header's.
    /// - Returns: the value a checksum field holds.
    @inlinable
    public static func checksum(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0) -> UInt16 {
        ~sum(bytes, initial: initial)
    }

    /// Folds a wide ones' complement accumulator to 16 bits with end-around carries.
    ///
    /// - Parameter value: the accumulator.
    /// - Returns: the folded sum, `0` only when `value` is `0`.
    @inlinable @inline(__always)
    public static func fold(_ value: UInt64) -> UInt16 {
        // Each step adds the high part back into the low part (end-around carry); none can overflow.
        var sum = (value & 0xFFFF_FFFF) + (value >> 32)
        sum = (sum & 0xFFFF) + (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16)
        return UInt16(truncatingIfNeeded: sum)
    }

    /// The sum of `bytes` in native byte order in a 64-bit ones' complement accumulator (not folded).
    ///
    /// Buffers of 17 bytes or more are summed 16 bytes at a time in SIMD lanes (64 bytes at a time above 64),
    /// and their last 1 ... 16 bytes without a branch on the length: one 16-byte load that ends at the buffer's
    /// end, its lanes already counted set to zero, plus the odd last byte if there is one. The only branch that
    /// depends on the length is the loop's end.
    @inlinable
    internal static func nativeSum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard let start = bytes.baseAddress else { return 0 }
        let count = bytes.count
        if count < 17 { return shortNativeSum(start, count: count) }
        var pointer = start
        var remaining = count
        // Lanes of 64 bits, each adding at most 2^32 - 1 per 16 bytes: no overflow below 2^36 bytes per call.
        var lanes = SIMD2<UInt64>(repeating: 0)
        if remaining > 64 {
            var accumulatorA = SIMD8<UInt64>(repeating: 0)
            var accumulatorB = SIMD8<UInt64>(repeating: 0)
            repeat {
                // SAFETY: remaining > 64 bytes are readable at pointer.
                let words = pointer.loadUnaligned(as: SIMD16<UInt32>.self)
                accumulatorA &+= SIMD8<UInt64>(truncatingIfNeeded: words.lowHalf)
                accumulatorB &+= SIMD8<UInt64>(truncatingIfNeeded: words.highHalf)
                pointer += 64
                remaining -= 64
            } while remaining > 64
            // Each lane is below 2^32 per 64 bytes, so these sums cannot overflow for any buffer in memory.
            let eight = accumulatorA &+ accumulatorB
            let four = eight.lowHalf &+ eight.highHalf
            lanes &+= four.lowHalf &+ four.highHalf
        }
        while remaining > 16 {
            // SAFETY: remaining > 16 bytes are readable at pointer.
            lanes &+= widenedPairs(pointer.loadUnaligned(as: SIMD4<UInt32>.self))
            pointer += 16
            remaining -= 16
        }
        // The last 1 ... 16 bytes, pointer ..< start + count. The 16-byte load starts at an even offset from
        // `start` (count - 16, less one when count is odd) so that its words line up with the buffer's; it ends
        // at start + count, or one byte short when count is odd, and that byte is added on its own.
        let odd = count & 1
        let loadOffset = count &- 16 &- odd
        // SAFETY: count >= 17, so 0 <= loadOffset and loadOffset + 16 <= count.
        let tail = start.loadUnaligned(fromByteOffset: loadOffset, as: SIMD16<UInt8>.self)
        // Lanes before pointer were counted already: loadOffset <= pointer - start <= loadOffset + 16.
        let counted = UInt8(truncatingIfNeeded: (pointer - start) &- loadOffset)
        let fresh = tail.replacing(with: 0, where: laneIndices .< SIMD16<UInt8>(repeating: counted))
        lanes &+= widenedPairs(unsafeBitCast(fresh, to: SIMD4<UInt32>.self))
        // SAFETY: count >= 17, so byte count - 1 is readable. An odd last byte is padded with a zero byte after
        // it, in memory order; it is masked to zero when count is even.
        let last = UInt16(start.load(fromByteOffset: count &- 1, as: UInt8.self)) << 8
        let lastWord = UInt64(UInt16(bigEndian: last)) & (0 &- UInt64(odd))
        return addWithCarry(addWithCarry(lanes[0], lanes[1]), lastWord)
    }

    /// 0, 1, ... 15: lane numbers, to mask the lanes of a 16-byte load.
    @inlinable
    internal static var laneIndices: SIMD16<UInt8> {
        SIMD16<UInt8>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
    }

    /// Four 32-bit words widened to 64 bits and added in pairs: lanes (0 + 2, 1 + 3).
    @inlinable @inline(__always)
    internal static func widenedPairs(_ words: SIMD4<UInt32>) -> SIMD2<UInt64> {
        SIMD2<UInt64>(truncatingIfNeeded: words.lowHalf) &+ SIMD2<UInt64>(truncatingIfNeeded: words.highHalf)
    }

    /// The native-order sum of a buffer shorter than 17 bytes: 8, 4, 2 and 1 bytes at a time.
    @inlinable
    internal static func shortNativeSum(_ start: UnsafeRawPointer, count: Int) -> UInt64 {
        var pointer = start
        var remaining = count
        var total: UInt64 = 0
        while remaining >= 8 {
            // SAFETY: remaining >= 8.
            total = addWithCarry(total, pointer.loadUnaligned(as: UInt64.self))
            pointer += 8
            remaining -= 8
        }
        if remaining >= 4 {
            // SAFETY: remaining >= 4.
            total = addWithCarry(total, UInt64(pointer.loadUnaligned(as: UInt32.self)))
            pointer += 4
            remaining -= 4
        }
        if remaining >= 2 {
            // SAFETY: remaining >= 2.
            total = addWithCarry(total, UInt64(pointer.loadUnaligned(as: UInt16.self)))
            pointer += 2
            remaining -= 2
        }
        if remaining == 1 {
            // SAFETY: one byte remains. Padded with a zero byte after it, in memory order.
            let byte = pointer.load(as: UInt8.self)
            total = addWithCarry(total, UInt64(UInt16(bigEndian: UInt16(byte) << 8)))
        }
        return total
    }

    /// Adds two 64-bit values with an end-around carry (ones' complement addition on 64 bits).
    @inlinable @inline(__always)
    internal static func addWithCarry(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        // The carry out of bit 63 wraps around to bit 0; `sum` is at most 2^64 - 2 after an overflow.
        return sum &+ (overflow ? 1 : 0)
    }

    /// Updates a checksum for one 16-bit word changed from `old` to `new` (RFC 1624 equation 3).
    ///
    /// The result equals a full recompute, including the 0x0000 versus 0xFFFF distinction: a TCP checksum is the
    /// complement of a sum that is never zero, so it is never 0xFFFF, and the update keeps it so.
    ///
    /// - Parameters:
    ///   - checksum: the current checksum field.
    ///   - old: the word's old value.
    ///   - new: the word's new value.
    /// - Returns: the new checksum field.
    @inlinable
    public static func update(_ checksum: UInt16, replacing old: UInt16, with new: UInt16) -> UInt16 {
        updated(checksum, removing: UInt64(~old), adding: UInt64(new))
    }

    /// Updates a checksum for a 32-bit field (two words) changed from `old` to `new` (RFC 1624 equation 3).
    ///
    /// - Parameters:
    ///   - checksum: the current checksum field.
    ///   - old: the field's old value.
    ///   - new: the field's new value.
    /// - Returns: the new checksum field.
    @inlinable
    public static func update(_ checksum: UInt16, replacing old: UInt32, with new: UInt32) -> UInt16 {
        let removed = UInt64(~UInt16(truncatingIfNeeded: old >> 16)) + UInt64(~UInt16(truncatingIfNeeded: old))
        let added = UInt64(UInt16(truncatingIfNeeded: new >> 16)) + UInt64(UInt16(truncatingIfNeeded: new))
        return updated(checksum, removing: removed, adding: added)
    }

    /// Updates a checksum for bytes changed in place, e.g. an IPv4 or IPv6 address rewritten by NAT
    /// (RFC 1624 equation 3 applied word by word).
    ///
    /// - Parameters:
    ///   - checksum: the current checksum field.
    ///   - old: the bytes before the change.
    ///   - new: the bytes after the change; the same count as `old` (a caller error otherwise).
    ///   - startsAtOddOffset: `true` when the bytes start at an odd offset from the start of the checksummed data,
    ///     so that each byte falls in the other half of its 16-bit word.
    /// - Returns: the new checksum field.
    @inlinable
    public static func update(
        _ checksum: UInt16, replacing old: UnsafeRawBufferPointer, with new: UnsafeRawBufferPointer,
        startsAtOddOffset: Bool = false
    ) -> UInt16 {
        precondition(old.count == new.count, "InternetChecksum.update needs old and new of the same length")
        var oldSum = sum(old)
        var newSum = sum(new)
        if startsAtOddOffset {
            oldSum = oldSum.byteSwapped
            newSum = newSum.byteSwapped
        }
        return updated(checksum, removing: UInt64(~oldSum), adding: UInt64(newSum))
    }

    /// HC' = ~(~HC + removed + added), where `removed` holds the complements of the old words.
    @inlinable @inline(__always)
    internal static func updated(_ checksum: UInt16, removing removed: UInt64, adding added: UInt64) -> UInt16 {
        var sum = fold(UInt64(~checksum) + removed + added)
        // A real sum over a TCP segment and pseudo-header is never +0 (the protocol word is non-zero), so the
        // ones' complement representation of zero it can reach is 0xFFFF.
        if sum == 0 { sum = 0xFFFF }
        return ~sum
    }

    /// Accumulates the sum of data given in pieces of any length, as if they were contiguous.
    ///
    /// RFC 1071 section 2 (B): a piece that starts at an odd offset contributes its byte-swapped sum.
    @frozen
    public struct Accumulator: Sendable {
        @usableFromInline
        internal var total: UInt64

        @usableFromInline
        internal var isOdd: Bool

        /// An empty accumulator, optionally seeded with a sum (e.g. a pseudo-header's).
        ///
        /// - Parameter initial: the starting sum.
        @inlinable
        public init(initial: UInt32 = 0) {
            total = UInt64(initial)
            isOdd = false
        }

        /// Adds the next piece of data.
        ///
        /// - Parameter bytes: the bytes that follow the ones already added.
        @inlinable
        public mutating func add(_ bytes: UnsafeRawBufferPointer) {
            var piece = InternetChecksum.sum(bytes)
            if isOdd { piece = piece.byteSwapped }
            total &+= UInt64(piece)
            if bytes.count & 1 == 1 { isOdd.toggle() }
        }

        /// The folded sum of everything added.
        @inlinable
        public var sum: UInt16 { InternetChecksum.fold(total) }

        /// The checksum of everything added: the complement of ``sum``.
        @inlinable
        public var checksum: UInt16 { ~sum }
    }
}
