/// A zero-copy, read-only view of a TCP segment: the header fields, the options and the payload.
///
/// The strict initializer checks the fixed header, the data offset and every option once (RFC 9293 section 3.1
/// and each option's RFC); after that no accessor can fail and none copies. The lenient initializer accepts any
/// buffer of at least 20 bytes, so that a packet printer can show a broken header: it records the first problem
/// in ``problem``, and the option walk yields the good options before it.
///
/// This is the unsafe, escapable view: it holds a pointer, and only its rule keeps it valid. It must not outlive the
/// bytes it was made from, and they must not change while it is used (the rules of the `UnsafeRawBufferPointer` it
/// was given); nothing checks either. Prefer ``TCPSegmentSpan``, which the compiler ties to its bytes, and use this
/// view where an escapable one is needed (a value that keeps a view of bytes it knows to outlive it) or an API
/// takes one (``TCPSegmentSpan/withUnsafeView(_:)`` lends one). The checks made when the view was created are what
/// later reads rely on; to rewrite bytes in place, use ``TCPSegmentMutableView``, which keeps them valid.
///
/// The fields are read where the header layout of RFC 9293 section 3.1 puts them (bytes 0 ..< 20, one table in
/// this module), the options from byte 20 up to the header length.
@frozen
public struct TCPSegmentView: BitwiseCopyable {
    /// The size of the fixed header in bytes (RFC 9293 section 3.1).
    public static let minimumHeaderLength = TCPHeaderLayout.minimumHeaderLength
    /// The largest header in bytes: data offset 15.
    public static let maximumHeaderLength = TCPHeaderLayout.maximumHeaderLength

    @usableFromInline
    internal let base: UnsafeRawPointer

    @usableFromInline
    internal let count: Int

    /// The end of the option area: the header length, or the buffer's end if the header runs past it (lenient).
    @usableFromInline
    internal let headerEnd: Int

    /// Where the options start (bit `i`: an option starts at byte `i`), recorded by the validating walk of the strict
    /// and framing initializer, with the common layout it recognised in the top bits
    /// (``TCPCommonOptionLayout/tag``); 0 when the options were checked otherwise, and are then read with every
    /// check.
    @usableFromInline
    internal let optionStarts: UInt64

    /// The first problem found by the lenient initializer; always `nil` for a strictly decoded view.
    public let problem: TCPDecodingError?

    /// How the options were checked, and are read.
    public let optionChecking: TCPOptionChecking

    /// Decodes strictly: the fixed header, the data offset and every option must be well formed.
    ///
    /// - Parameters:
    ///   - bytes: the TCP segment, header first; payload bytes may follow.
    ///   - optionChecking: ``TCPOptionChecking/strict`` (the default) also applies each kind's length rule;
    ///     ``TCPOptionChecking/framing`` checks only the option framing and yields an option that breaks its
    ///     kind's rule as ``TCPOption/malformed(kind:data:)``.
    /// - Throws: ``TCPDecodingError`` naming the first problem and its offset.
    @inlinable @inline(__always)
    public init(_ bytes: UnsafeRawBufferPointer, optionChecking: TCPOptionChecking = .strict) throws(TCPDecodingError) {
        // The common case is checked inline in one pass with no error built; anything else goes to the precise
        // checks out of line, which throw the first problem (or accept an option whose rule needs a closer look).
        var headerLength = 0
        var isPlainlyValid = false
        var starts: UInt64 = 0
        if let base = bytes.baseAddress, bytes.count >= TCPHeaderLayout.minimumHeaderLength {
            // SAFETY: bytes.count >= 20 covers byte 12.
            headerLength = TCPHeaderLayout.headerLength(of: base)
            if headerLength >= TCPHeaderLayout.minimumHeaderLength && headerLength <= bytes.count {
                if headerLength == TCPHeaderLayout.minimumHeaderLength {
                    isPlainlyValid = true
                } else {
                    // SAFETY: the option walk reads 20 ..< headerLength, inside the buffer (checked just above);
                    // headerLength <= 60, so every start fits in the mask.
                    // The commonest area, a data segment's `NOP NOP TS`, by one compare inline; any other out of
                    // line.
                    // SAFETY: headerLength is 32 in the first test, so bytes 20 ..< 32 are inside the buffer.
                    if headerLength == TCPHeaderLayout.minimumHeaderLength &+ 12,
                       TCPCommonOptionLayout.isTimestamps(base: base, start: TCPHeaderLayout.minimumHeaderLength)
                    {
                        starts = TCPCommonOptionLayout.timestamps.taggedStarts(at: TCPHeaderLayout.minimumHeaderLength)
                    } else {
                        starts = TCPOption.outOfLinePlainlyValidStarts(
                            base: base, end: headerLength, checking: optionChecking)
                    }
                    isPlainlyValid = starts != 0
                }
            }
        }
        if _slowPath(!isPlainlyValid) {
            headerLength = try Self.checkedHeaderLength(bytes, optionChecking: optionChecking)
        }
        // Either path proved: a base address, bytes.count >= 20, 20 <= headerLength <= bytes.count, options valid.
        self.base = bytes.baseAddress.unsafelyUnwrapped
        self.count = bytes.count
        self.headerEnd = headerLength
        self.optionStarts = starts
        self.problem = nil
        self.optionChecking = optionChecking
    }

    /// Decodes the fixed header and the data offset now, and leaves the options to be checked as they are read.
    ///
    /// For a single pass over the options: where the validating ``init(_:optionChecking:)`` walks the options once
    /// to check them and the caller's loop walks them again to read them, a view made here checks each option as its
    /// iterator reads it. The iterator stops before the first malformed option, and its ``TCPOptions/Iterator/error``
    /// then names the problem and its offset: a segment is well formed exactly when the strict initializer would
    /// accept it, that is when the iteration ends with no error. Reading is as safe as with any other view: every
    /// option's framing is checked before its bytes are read.
    ///
    /// Until the options have been iterated to the end with no error, nothing is known of them: ``problem`` is
    /// `nil` here even when an option is malformed (use ``TCPOptions/firstError`` to ask at any time).
    ///
    /// - Parameters:
    ///   - bytes: the TCP segment, header first; payload bytes may follow.
    ///   - optionChecking: as for ``init(_:optionChecking:)``, applied by the iterator.
    /// - Throws: ``TCPDecodingError/truncatedHeader(needed:available:)``,
    ///   ``TCPDecodingError/dataOffsetTooSmall(dataOffset:)`` or
    ///   ``TCPDecodingError/headerExceedsBuffer(headerLength:available:)``: the problems of the fixed header.
    @inlinable @inline(__always)
    public init(
        checkingOptionsWhenRead bytes: UnsafeRawBufferPointer, optionChecking: TCPOptionChecking = .strict
    ) throws(TCPDecodingError) {
        var headerLength = 0
        if let base = bytes.baseAddress, bytes.count >= TCPHeaderLayout.minimumHeaderLength {
            // SAFETY: bytes.count >= 20 covers byte 12.
            headerLength = TCPHeaderLayout.headerLength(of: base)
        }
        if _slowPath(headerLength < TCPHeaderLayout.minimumHeaderLength || headerLength > bytes.count) {
            headerLength = try Self.checkedFixedHeaderLength(bytes)
        }
        // Either path proved: a base address, bytes.count >= 20, 20 <= headerLength <= bytes.count.
        self.base = bytes.baseAddress.unsafelyUnwrapped
        self.count = bytes.count
        self.headerEnd = headerLength
        self.optionStarts = 0
        self.problem = nil
        self.optionChecking = optionChecking
    }

    /// Checks the fixed header and the data offset, and returns the header length; options are not looked at.
    ///
    /// - Throws: ``TCPDecodingError`` naming the problem.
    @usableFromInline @inline(never)
    internal static func checkedFixedHeaderLength(_ bytes: UnsafeRawBufferPointer) throws(TCPDecodingError) -> Int {
        let minimum = TCPHeaderLayout.minimumHeaderLength
        guard bytes.count >= minimum, let base = bytes.baseAddress else {
            throw TCPDecodingError.truncatedHeader(needed: minimum, available: bytes.count)
        }
        // SAFETY: bytes.count >= 20 covers byte 12.
        let headerLength = TCPHeaderLayout.headerLength(of: base)
        guard headerLength >= minimum else {
            throw TCPDecodingError.dataOffsetTooSmall(dataOffset: TCPHeaderLayout.dataOffset(of: base))
        }
        guard headerLength <= bytes.count else {
            throw TCPDecodingError.headerExceedsBuffer(headerLength: headerLength, available: bytes.count)
        }
        return headerLength
    }

    /// Checks the fixed header, the data offset and every option, one at a time, and returns the header length.
    ///
    /// - Throws: ``TCPDecodingError`` naming the first problem and its offset.
    @usableFromInline @inline(never)
    internal static func checkedHeaderLength(
        _ bytes: UnsafeRawBufferPointer, optionChecking: TCPOptionChecking
    ) throws(TCPDecodingError) -> Int {
        let headerLength = try checkedFixedHeaderLength(bytes)
        // SAFETY: the fixed header's check proved a base address and 20 <= headerLength <= bytes.count, so
        // 20 ..< headerLength lies inside the buffer.
        try TCPOption.validateAll(
            base: bytes.baseAddress.unsafelyUnwrapped, start: TCPHeaderLayout.minimumHeaderLength, end: headerLength,
            checking: optionChecking)
        return headerLength
    }

    /// Decodes leniently: only the 20-byte fixed header must be there.
    ///
    /// A data offset below 5 is recorded and the option area taken as empty; a header running past the buffer is
    /// recorded and the option area cut at the buffer's end; a malformed option is recorded and the option walk
    /// stops before it. ``problem`` holds the first of these.
    ///
    /// - Parameters:
    ///   - bytes: the TCP segment, header first.
    ///   - optionChecking: ``TCPOptionChecking/strict`` (the default) stops the option walk at an option that
    ///     breaks its kind's length rule; ``TCPOptionChecking/framing`` yields it as
    ///     ``TCPOption/malformed(kind:data:)`` and stops only at a framing error.
    /// - Throws: ``TCPDecodingError/truncatedHeader(needed:available:)`` when fewer than 20 bytes are given.
    @inlinable
    public init(
        lenient bytes: UnsafeRawBufferPointer, optionChecking: TCPOptionChecking = .strict
    ) throws(TCPDecodingError) {
        let minimum = TCPHeaderLayout.minimumHeaderLength
        guard bytes.count >= minimum, let base = bytes.baseAddress else {
            throw TCPDecodingError.truncatedHeader(needed: minimum, available: bytes.count)
        }
        self.base = base
        self.count = bytes.count
        self.optionChecking = optionChecking
        self.optionStarts = 0
        // SAFETY: bytes.count >= 20 covers byte 12.
        let headerLength = TCPHeaderLayout.headerLength(of: base)
        if headerLength < minimum {
            headerEnd = minimum
            problem = .dataOffsetTooSmall(dataOffset: TCPHeaderLayout.dataOffset(of: base))
        } else if headerLength > bytes.count {
            headerEnd = bytes.count
            problem = .headerExceedsBuffer(headerLength: headerLength, available: bytes.count)
        } else {
            headerEnd = headerLength
            problem = TCPOptions(base: base, start: minimum, end: headerLength, checking: optionChecking).firstError
        }
    }

    /// Wraps bytes that were already checked strictly (by a mutable view that keeps header lengths unchanged).
    @inlinable
    internal init(checked base: UnsafeRawPointer, count: Int, headerLength: Int) {
        self.base = base
        self.count = count
        self.headerEnd = headerLength
        self.optionStarts = 0
        self.problem = nil
        self.optionChecking = .strict
    }

    /// The whole buffer the view was made from.
    @inlinable
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// The source port (bytes 0..<2).
    @inlinable
    public var sourcePort: UInt16 { base.loadBigEndianUInt16(TCPHeaderLayout.sourcePort) }

    /// The destination port (bytes 2..<4).
    @inlinable
    public var destinationPort: UInt16 { base.loadBigEndianUInt16(TCPHeaderLayout.destinationPort) }

    /// The sequence number (bytes 4..<8).
    @inlinable
    public var sequenceNumber: SequenceNumber {
        SequenceNumber(base.loadBigEndianUInt32(TCPHeaderLayout.sequenceNumber))
    }

    /// The acknowledgment number (bytes 8..<12), meaningful when ``flags`` contains ACK.
    @inlinable
    public var acknowledgmentNumber: SequenceNumber {
        SequenceNumber(base.loadBigEndianUInt32(TCPHeaderLayout.acknowledgmentNumber))
    }

    /// The data offset in 32-bit words (the high nibble of byte 12), as carried: 5 ... 15 once strictly decoded.
    @inlinable
    public var dataOffset: Int { TCPHeaderLayout.dataOffset(of: base) }

    /// The header length in bytes announced by the data offset (data offset x 4).
    @inlinable
    public var headerLength: Int { dataOffset << 2 }

    /// All 12 flag bits (the low nibble of byte 12 and byte 13).
    @inlinable
    public var flags: TCPFlags {
        TCPFlags(rawValue: base.loadBigEndianUInt16(TCPHeaderLayout.dataOffsetAndFlags) & TCPHeaderLayout.flagBits)
    }

    /// The window field (bytes 14..<16), unscaled.
    @inlinable
    public var window: UInt16 { base.loadBigEndianUInt16(TCPHeaderLayout.window) }

    /// The checksum field (bytes 16..<18) as carried.
    @inlinable
    public var checksum: UInt16 { base.loadBigEndianUInt16(TCPHeaderLayout.checksum) }

    /// The urgent pointer (bytes 18..<20), meaningful when ``flags`` contains URG.
    @inlinable
    public var urgentPointer: UInt16 { base.loadBigEndianUInt16(TCPHeaderLayout.urgentPointer) }

    /// The options, read lazily from the header bytes with the view's ``optionChecking``.
    @inlinable
    public var options: TCPOptions { options(checking: optionChecking) }

    /// The options, read lazily from the header bytes with another option checking than the view's own.
    ///
    /// For a printer that shows more than a strict view yields: ``TCPOptionChecking/framing`` reads on past an
    /// option that breaks only its kind's rule (``TCPOption/malformed(kind:data:)``, or a SACK option with no
    /// block), where the view's strict walk stops. Reading is as safe as through ``options``: every option's
    /// framing is checked before its bytes are read, by the view's own walk or by the iterator.
    ///
    /// - Parameter checking: how the options are checked as they are read.
    /// - Returns: the options of the view's option area.
    @inlinable
    public func options(checking: TCPOptionChecking) -> TCPOptions {
        // The starts a validating walk recorded prove framing only, whatever checking made them: an iterator of any
        // checking may read there, and applies its own kind rules as it reads.
        TCPOptions(
            base: base, start: TCPHeaderLayout.minimumHeaderLength, end: headerEnd, checking: checking,
            starts: optionStarts)
    }

    /// TSval and TSecr when the option area is exactly `NOP NOP TS` (12 bytes: the options of every data segment of
    /// a connection that negotiated timestamps, RFC 7323 appendix A), read with no walk; `nil` for any other area,
    /// whose options ``options`` yields.
    ///
    /// The 12 bytes hold that one option whole and well formed under any checking, so the answer is the option the
    /// walk would yield, whichever initializer made the view (a lenient view's header cut at byte 32 has another
    /// ``problem`` than none, which its caller checks).
    @inlinable @inline(__always)
    public var timestampsOnlyOption: (value: UInt32, echoReply: UInt32)? {
        // SAFETY: every initializer keeps headerEnd <= count, so with headerEnd = 32 bytes 20 ..< 32 are inside the
        // buffer (the recognition's read, then the two below).
        let start = TCPHeaderLayout.minimumHeaderLength
        guard headerEnd == start &+ 12, TCPCommonOptionLayout.isTimestamps(base: base, start: start) else { return nil }
        return (base.loadBigEndianUInt32(at: start &+ 4), base.loadBigEndianUInt32(at: start &+ 8))
    }

    /// The header bytes: `0 ..< headerLength`, or up to the buffer's end when a lenient view's header runs past it.
    @inlinable
    public var headerBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: headerEnd) }

    /// The bytes after the header; empty when a lenient view's header runs past the buffer.
    @inlinable
    public var payload: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + headerEnd, count: count - headerEnd)
    }

    /// The segment length in sequence space (RFC 9293 section 3.4, SEG.LEN): payload bytes plus one for SYN and
    /// one for FIN.
    @inlinable
    public var sequenceLength: UInt32 {
        let flags = self.flags
        return UInt32(truncatingIfNeeded: payload.count) &+ (flags.contains(.syn) ? 1 : 0)
            &+ (flags.contains(.fin) ? 1 : 0)
    }

    /// Whether the checksum field is right for this segment under `pseudoHeader` (RFC 9293 section 3.1).
    ///
    /// - Parameter pseudoHeader: the IPv4 or IPv6 pseudo-header of the packet that carried the segment.
    /// - Returns: `true` when the ones' complement sum over pseudo-header and segment is 0xFFFF.
    @inlinable
    public func verifyChecksum(pseudoHeader: TCPPseudoHeader) -> Bool {
        TCPChecksum.verify(segment: bytes, pseudoHeader: pseudoHeader)
    }
}
