/// The byte layout of the TCP header (RFC 9293 section 3.1): where each fixed field lies, counted from the header's
/// first byte, how the data offset and the flags share bytes 12 and 13, and the header's size limits.
///
/// This is the one place these numbers are written. The view, the mutable view, the encoder and the checksum code
/// read their offsets here; the layout tests check every range against a header written out in hex.
///
/// Every member is a computed, inlinable constant rather than a stored `static let`, so that a read folds into the
/// code that uses it, in this module and in the modules that inline the codec's accessors (a stored global is read
/// from another module through an accessor call).
@usableFromInline
internal enum TCPHeaderLayout {
    /// The source port, 16 bits.
    @inlinable static var sourcePort: Range<Int> { 0 ..< 2 }

    /// The destination port, 16 bits.
    @inlinable static var destinationPort: Range<Int> { 2 ..< 4 }

    /// The sequence number, 32 bits.
    @inlinable static var sequenceNumber: Range<Int> { 4 ..< 8 }

    /// The acknowledgment number, 32 bits.
    @inlinable static var acknowledgmentNumber: Range<Int> { 8 ..< 12 }

    /// The byte whose high nibble is the data offset (in 32-bit words) and whose low nibble holds the three
    /// reserved bits and AE.
    @inlinable static var dataOffsetByte: Int { 12 }

    /// The byte of the eight classic flags, CWR ... FIN.
    @inlinable static var flagsByte: Int { 13 }

    /// The 16-bit word of the data offset (its top 4 bits) and the 12 flag bits (the rest).
    @inlinable static var dataOffsetAndFlags: Range<Int> { dataOffsetByte ..< flagsByte + 1 }

    /// The 12 flag bits of ``dataOffsetAndFlags``.
    @inlinable static var flagBits: UInt16 { 0x0FFF }

    /// How far the data offset sits above bit 0 in ``dataOffsetByte``.
    @inlinable static var dataOffsetShiftInByte: UInt8 { 4 }

    /// How far the data offset sits above bit 0 in ``dataOffsetAndFlags``.
    @inlinable static var dataOffsetShiftInWord: UInt16 { 12 }

    /// The window, 16 bits.
    @inlinable static var window: Range<Int> { 14 ..< 16 }

    /// The checksum, 16 bits.
    @inlinable static var checksum: Range<Int> { 16 ..< 18 }

    /// The urgent pointer, 16 bits.
    @inlinable static var urgentPointer: Range<Int> { 18 ..< 20 }

    /// The size of the fixed header in bytes, and so where the options start: the end of the urgent pointer.
    @inlinable static var minimumHeaderLength: Int { urgentPointer.upperBound }

    /// The largest header in bytes: a data offset of 15 words, the most its 4 bits hold.
    @inlinable static var maximumHeaderLength: Int { 60 }

    /// The largest option area in bytes.
    @inlinable static var maximumOptionsLength: Int { maximumHeaderLength - minimumHeaderLength }

    /// The data offset in 32-bit words that the header at `header` carries: the high nibble of its
    /// ``dataOffsetByte``. The caller guarantees that byte is readable.
    @inlinable @inline(__always)
    static func dataOffset(of header: UnsafeRawPointer) -> Int {
        Int(header.loadByte(at: dataOffsetByte) &>> dataOffsetShiftInByte)
    }

    /// The header length in bytes that the data offset of the header at `header` announces: 4 bytes a word. The
    /// caller guarantees its ``dataOffsetByte`` is readable.
    @inlinable @inline(__always)
    static func headerLength(of header: UnsafeRawPointer) -> Int {
        dataOffset(of: header) &<< 2
    }

    /// The ``dataOffsetAndFlags`` word for a header of `headerLength` bytes (a multiple of 4, at most
    /// ``maximumHeaderLength``) and the given flags, of which only the 12 ``flagBits`` are kept.
    @inlinable @inline(__always)
    static func dataOffsetAndFlagsWord(headerLength: Int, flags: UInt16) -> UInt16 {
        UInt16(truncatingIfNeeded: headerLength &>> 2) &<< dataOffsetShiftInWord | (flags & flagBits)
    }
}

extension UnsafeRawPointer {
    /// Reads the big-endian 16-bit field at `field`, a range of ``TCPHeaderLayout``. The caller guarantees
    /// `field.upperBound` bytes are readable.
    @inlinable @inline(__always)
    func loadBigEndianUInt16(_ field: Range<Int>) -> UInt16 {
        assert(field.count == 2, "not a 16-bit field")
        return loadBigEndianUInt16(at: field.lowerBound)
    }

    /// Reads the big-endian 32-bit field at `field`, a range of ``TCPHeaderLayout``. The caller guarantees
    /// `field.upperBound` bytes are readable.
    @inlinable @inline(__always)
    func loadBigEndianUInt32(_ field: Range<Int>) -> UInt32 {
        assert(field.count == 4, "not a 32-bit field")
        return loadBigEndianUInt32(at: field.lowerBound)
    }
}

extension UnsafeMutableRawPointer {
    /// Writes a big-endian 16-bit value into `field`, a range of ``TCPHeaderLayout``. The caller guarantees
    /// `field.upperBound` bytes are writable.
    @inlinable @inline(__always)
    func storeBigEndian(_ value: UInt16, _ field: Range<Int>) {
        assert(field.count == 2, "not a 16-bit field")
        storeBigEndian(value, at: field.lowerBound)
    }

    /// Writes a big-endian 32-bit value into `field`, a range of ``TCPHeaderLayout``. The caller guarantees
    /// `field.upperBound` bytes are writable.
    @inlinable @inline(__always)
    func storeBigEndian(_ value: UInt32, _ field: Range<Int>) {
        assert(field.count == 4, "not a 32-bit field")
        storeBigEndian(value, at: field.lowerBound)
    }
}
