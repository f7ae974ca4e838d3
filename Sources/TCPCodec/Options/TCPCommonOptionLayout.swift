/// The option areas most segments carry, recognised whole by a few word compares.
///
/// Real traffic uses a handful of option layouts: `NOP NOP TS` on every data segment of a connection that negotiated
/// timestamps, the same followed by `NOP NOP SACK` while a receiver reports losses, and the SYN layouts of the common
/// stacks. Recognising one takes a test of the first word, one of the length, and up to three more 32-bit compares;
/// its options are then known without a walk: where they start (``starts``, for the validating initializer's mask)
/// and what they are (``TCPOptions/readEach(_:)`` yields them straight from their fixed offsets, with no test per
/// option). Every option of these layouts is well formed under either checking (MSS 4, window scale 3,
/// SACK-permitted 2, timestamps 10 and SACK 2 + 8 per block are their kinds' lengths), so a recognised area needs no
/// other check. An area that ends in an EOL has one byte of padding after it, which, as for the walk, may hold
/// anything.
///
/// The layouts, each the whole option area (its length must match exactly):
///
/// | layout | options (byte offset in the area) | length |
/// |---|---|---|
/// | ``timestamps`` | NOP (0), NOP (1), TS (2) | 12 |
/// | ``timestampsAndSACK`` | NOP (0), NOP (1), TS (2), NOP (12), NOP (13), SACK (14), 1 to 3 blocks | 24, 32, 40 |
/// | ``linuxSYN`` | MSS (0), SACK-permitted (4), TS (6), NOP (16), WS (17) | 20 |
/// | ``windowsSYN`` | MSS (0), NOP (4), WS (5), NOP (8), NOP (9), SACK-permitted (10) | 12 |
/// | ``linuxSYNACKWithoutTimestamps`` | MSS (0), NOP (4), NOP (5), SACK-permitted (6), NOP (8), WS (9) | 12 |
/// | ``appleSYN`` | MSS (0), NOP (4), WS (5), NOP (8), NOP (9), TS (10), SACK-permitted (20), EOL (22) | 24 |
/// | ``maximumSegmentSizeOnly`` | MSS (0) | 4 |
@usableFromInline
internal enum TCPCommonOptionLayout: UInt8, CaseIterable, BitwiseCopyable, Sendable {
    /// Any other area: read by the walk.
    case none
    /// `NOP NOP TS`.
    case timestamps
    /// `NOP NOP TS NOP NOP SACK`, one to three blocks.
    case timestampsAndSACK
    /// `MSS SACK-permitted TS NOP WS`.
    case linuxSYN
    /// `MSS NOP WS NOP NOP SACK-permitted`.
    case windowsSYN
    /// `MSS NOP NOP SACK-permitted NOP WS`: Linux's SYN-ACK when timestamps are off.
    case linuxSYNACKWithoutTimestamps
    /// `MSS NOP WS NOP NOP TS SACK-permitted EOL`, one byte of padding: the SYN of Apple's stacks.
    case appleSYN
    /// `MSS` alone.
    case maximumSegmentSizeOnly

    /// The first word of ``timestamps`` (and of ``timestampsAndSACK``): NOP, NOP, the timestamps kind (8) and its
    /// length (10). Computed, not stored: a stored static is read from another module through an addressor with a
    /// once-check.
    @inlinable
    static var timestampsFirstWord: UInt32 { 0x0101_080A }

    /// Whether the 12-byte option area at `base + start` is ``timestamps``: one word compare, for callers that look
    /// for this layout alone (a data segment's), inline.
    ///
    /// The caller guarantees `base + start ..< base + start + 12` is readable and is the whole area.
    @inlinable @inline(__always)
    static func isTimestamps(base: UnsafeRawPointer, start: Int) -> Bool {
        base.loadBigEndianUInt32(at: start) == timestampsFirstWord
    }

    /// The layout of the option area `base + start ..< base + end`, or ``none``.
    ///
    /// The caller guarantees `base + start ..< base + end` is readable; every load below lies inside the area,
    /// whose length is tested first.
    @inlinable @inline(__always)
    static func recognise(base: UnsafeRawPointer, start: Int, end: Int) -> TCPCommonOptionLayout {
        // The first word picks the family and the length the layout: tests on the first word, as a walk's first
        // test on the first kind, where tests on the length first became a jump table (an indirect branch, which
        // the processor predicted worse on a mix of layouts).
        let length = end &- start
        guard length >= 4 else { return .none }
        // SAFETY: the area is at least 4 bytes: the word at +0 is inside.
        let first = base.loadBigEndianUInt32(at: start)
        if first == timestampsFirstWord {
            // NOP, NOP, then TS with its length.
            if length == 12 { return .timestamps }
            // Then NOP, NOP, SACK with its length (area length - 14: 8 per block, 1 to 3 blocks).
            // SAFETY: the area is 24, 32 or 40 bytes: the word at +12 is inside.
            if UInt(bitPattern: length &- 24) <= 16, length & 7 == 0,
               base.loadBigEndianUInt32(at: start &+ 12) == 0x0101_0500 | UInt32(truncatingIfNeeded: length &- 14)
            {
                return .timestampsAndSACK
            }
            return .none
        }
        // MSS with its length.
        guard first & 0xFFFF_0000 == 0x0204_0000 else { return .none }
        if length == 20 {
            // SAFETY: the area is 20 bytes: the words at +4 and +16 are inside.
            // SACK-permitted with its length, TS with its length; NOP, WS with its length.
            guard base.loadBigEndianUInt32(at: start &+ 4) == 0x0402_080A,
                  base.loadBigEndianUInt32(at: start &+ 16) & 0xFFFF_FF00 == 0x0103_0300
            else { return .none }
            return .linuxSYN
        }
        if length == 12 {
            // SAFETY: the area is 12 bytes: the words at +4 and +8 are inside.
            let second = base.loadBigEndianUInt32(at: start &+ 4)
            let third = base.loadBigEndianUInt32(at: start &+ 8)
            // NOP, WS with its length; NOP, NOP, SACK-permitted with its length.
            if second & 0xFFFF_FF00 == 0x0103_0300, third == 0x0101_0402 { return .windowsSYN }
            // NOP, NOP, SACK-permitted with its length; NOP, WS with its length.
            if second == 0x0101_0402, third & 0xFFFF_FF00 == 0x0103_0300 { return .linuxSYNACKWithoutTimestamps }
            return .none
        }
        if length == 24 {
            // SAFETY: the area is 24 bytes: the words at +4, +8 and +20 are inside.
            // NOP, WS with its length; NOP, NOP, TS with its length; SACK-permitted with its length, EOL, padding.
            guard base.loadBigEndianUInt32(at: start &+ 4) & 0xFFFF_FF00 == 0x0103_0300,
                  base.loadBigEndianUInt32(at: start &+ 8) == timestampsFirstWord,
                  base.loadBigEndianUInt32(at: start &+ 20) & 0xFFFF_FF00 == 0x0402_0000
            else { return .none }
            return .appleSYN
        }
        return length == 4 ? .maximumSegmentSizeOnly : .none
    }

    /// The bits a view's start mask keeps above its starts (bits 60 ..< 64, never a start: a header ends by byte 60)
    /// for the layout its validating walk recognised: the raw value, 0 for ``none``.
    @inlinable
    var tag: UInt64 { UInt64(rawValue) &<< Self.tagShift }

    /// Where ``tag`` sits in a start mask.
    @inlinable
    static var tagShift: UInt64 { 60 }

    /// The start mask of this layout in an area that begins at byte `start` of the header, with its ``tag``.
    @inlinable
    func taggedStarts(at start: Int) -> UInt64 {
        starts &<< UInt64(truncatingIfNeeded: start) | tag
    }

    /// The start bits of a mask that may carry a ``tag``.
    @inlinable
    static var startBits: UInt64 { (1 &<< tagShift) &- 1 }

    /// The layout a tagged start mask names: `nil` for a mask of 0 (no validating walk ran, nothing is known).
    @inlinable
    init?(taggedStarts: UInt64) {
        guard taggedStarts != 0 else { return nil }
        self.init(rawValue: UInt8(truncatingIfNeeded: taggedStarts &>> Self.tagShift))
    }

    /// Where the layout's options start, one bit per byte offset from the start of the area (bit `i`: an option
    /// starts at byte `i`); 0 for ``none``.
    @inlinable
    var starts: UInt64 {
        switch self {
        case .none: return 0
        case .timestamps: return 0b111
        case .timestampsAndSACK: return 0b111_0000_0000_0111
        case .linuxSYN: return 0b11_0000_0000_0101_0001
        case .windowsSYN: return 0b111_0011_0001
        case .linuxSYNACKWithoutTimestamps: return 0b11_0111_0001
        case .appleSYN: return 0b101_0000_0000_0111_0011_0001
        case .maximumSegmentSizeOnly: return 0b1
        }
    }
}

extension TCPOptions {
    /// Calls `body` with each option in order, as `Sequence.forEach` does (stopping silently before a malformed
    /// option, as iterating does), with the common layouts read whole as ``readEach(_:)`` reads them.
    ///
    /// - Parameter body: what to do with each option.
    /// - Throws: what `body` throws.
    @inlinable @inline(__always)
    public func forEach(_ body: (TCPOption) throws -> Void) rethrows {
        _ = try readEach(body)
    }

    /// Calls `body` with each option in order, as iterating does, and returns the problem that stopped it early.
    ///
    /// The same options, in the same order, with the same stop as ``makeIterator()`` and its
    /// ``Iterator/error``; faster on the option areas most segments carry (`NOP NOP TS`, the same with SACK blocks,
    /// the SYN and SYN-ACK layouts of Linux, Windows and Apple's stacks, MSS alone), which it recognises whole and
    /// reads at their fixed offsets with no test per option. Any other area is read by the iterator. The fast way to
    /// read the options of a view made by ``TCPSegmentView/init(checkingOptionsWhenRead:optionChecking:)``, whose
    /// options are checked as they are read:
    ///
    /// ```swift
    /// if let problem = view.options.readEach({ option in ... }) { ... }   // nil when every option was read
    /// ```
    ///
    /// - Parameter body: what to do with each option.
    /// - Returns: the problem that stopped the reading early, or `nil` when every option was read.
    /// - Throws: what `body` throws, with its type kept.
    @inlinable @inline(__always)
    @discardableResult
    public func readEach<Failure: Error>(
        _ body: (TCPOption) throws(Failure) -> Void
    ) throws(Failure) -> TCPDecodingError? {
        // An empty area (a header of 20 bytes) has nothing to read: the iterator would stop at once with no error.
        guard let base, start < end else { return nil }
        do {
            // SAFETY: the area base + start ..< base + end is readable (the rule of every TCPOptions), and each
            // layout's offsets below lie inside it: `recognise` matched the area's whole length.
            // A view's validating walk already recognised the layout (or found none); else recognise it here.
            switch layout ?? TCPCommonOptionLayout.recognise(base: base, start: start, end: end) {
            case .none:
                break
            case .timestamps:
                try body(.noOperation)
                try body(.noOperation)
                try body(.timestamps(
                    value: base.loadBigEndianUInt32(at: start &+ 4),
                    echoReply: base.loadBigEndianUInt32(at: start &+ 8)))
                return nil
            case .timestampsAndSACK:
                try body(.noOperation)
                try body(.noOperation)
                try body(.timestamps(
                    value: base.loadBigEndianUInt32(at: start &+ 4),
                    echoReply: base.loadBigEndianUInt32(at: start &+ 8)))
                try body(.noOperation)
                try body(.noOperation)
                // SAFETY: the SACK option's length (area length - 14 = 2 + 8n) covers its n blocks at +16.
                try body(.sack(TCPSACKBlocks(unchecked: base + (start &+ 16), count: (end &- start &- 16) &>> 3)))
                return nil
            case .linuxSYN:
                try body(.maximumSegmentSize(base.loadBigEndianUInt16(at: start &+ 2)))
                try body(.sackPermitted)
                try body(.timestamps(
                    value: base.loadBigEndianUInt32(at: start &+ 8),
                    echoReply: base.loadBigEndianUInt32(at: start &+ 12)))
                try body(.noOperation)
                try body(.windowScale(base.loadByte(at: start &+ 19)))
                return nil
            case .windowsSYN:
                try body(.maximumSegmentSize(base.loadBigEndianUInt16(at: start &+ 2)))
                try body(.noOperation)
                try body(.windowScale(base.loadByte(at: start &+ 7)))
                try body(.noOperation)
                try body(.noOperation)
                try body(.sackPermitted)
                return nil
            case .linuxSYNACKWithoutTimestamps:
                try body(.maximumSegmentSize(base.loadBigEndianUInt16(at: start &+ 2)))
                try body(.noOperation)
                try body(.noOperation)
                try body(.sackPermitted)
                try body(.noOperation)
                try body(.windowScale(base.loadByte(at: start &+ 11)))
                return nil
            case .appleSYN:
                try body(.maximumSegmentSize(base.loadBigEndianUInt16(at: start &+ 2)))
                try body(.noOperation)
                try body(.windowScale(base.loadByte(at: start &+ 7)))
                try body(.noOperation)
                try body(.noOperation)
                try body(.timestamps(
                    value: base.loadBigEndianUInt32(at: start &+ 12),
                    echoReply: base.loadBigEndianUInt32(at: start &+ 16)))
                try body(.sackPermitted)
                try body(.endOfOptionList)
                return nil
            case .maximumSegmentSizeOnly:
                try body(.maximumSegmentSize(base.loadBigEndianUInt16(at: start &+ 2)))
                return nil
            }
        }
        var iterator = makeIterator()
        while let option = iterator.next() { try body(option) }
        return iterator.error
    }
}
