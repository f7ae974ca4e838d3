/// The options of a header, read one at a time from the header bytes, with no allocation.
///
/// Iterating yields each option in order, EOL included; the bytes after an EOL are ``padding`` and are not
/// yielded as options. When the area holds a malformed option (only possible through the lenient decoder, a view's
/// options read with a stricter checking than its own, or a ``TCPOptionList`` built from raw bytes) iteration
/// stops before it, and the iterator's ``Iterator/error`` says what and where; ``walk()`` yields the good options
/// with their offsets, then the error.
///
/// A `TCPOptions` borrows the bytes it was made from: it must not outlive them.
@frozen
public struct TCPOptions: Sequence, BitwiseCopyable {
    @usableFromInline
    internal let base: UnsafeRawPointer?

    @usableFromInline
    internal let start: Int

    @usableFromInline
    internal let end: Int

    /// How options are checked as they are read.
    public let checking: TCPOptionChecking

    /// The option starts recorded by a view's validating walk (bit `i`: an option starts at offset `i`), or 0.
    @usableFromInline
    internal let starts: UInt64

    /// The common layout the view's validating walk recognised (``TCPCommonOptionLayout/none`` if it walked the
    /// area), or `nil` when no walk ran: ``readEach(_:)`` then recognises it.
    @usableFromInline
    internal let layout: TCPCommonOptionLayout?

    /// Wraps the option area `base + start ..< base + end`; offsets are counted from `base`.
    ///
    /// `starts`, when not 0, must come from ``TCPOption/plainlyValidStarts(base:start:end:checking:)`` over this
    /// very area with this checking: the iterator then reads the options there with no framing checks. Its
    /// ``TCPCommonOptionLayout/tag`` bits, if any, give the layout recognised.
    @inlinable
    internal init(
        base: UnsafeRawPointer?, start: Int, end: Int, checking: TCPOptionChecking = .strict, starts: UInt64 = 0
    ) {
        self.base = base
        self.start = start
        self.end = end
        self.checking = checking
        self.starts = base == nil ? 0 : starts & TCPCommonOptionLayout.startBits
        self.layout = base == nil ? nil : TCPCommonOptionLayout(taggedStarts: starts)
    }

    /// The raw option area, padding included.
    @inlinable
    public var bytes: UnsafeRawBufferPointer {
        guard let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + start, count: end - start)
    }

    /// Whether the area holds no byte at all.
    @inlinable
    public var isEmpty: Bool { end <= start }

    /// The bytes after the first EOL option (RFC 9293 section 3.2: padding, normally zero); empty when there is
    /// no EOL, or when a malformed option comes before any EOL.
    public var padding: UnsafeRawBufferPointer {
        var iterator = makeIterator()
        while let option = iterator.next() {
            if case .endOfOptionList = option {
                guard let base else { break }
                return UnsafeRawBufferPointer(
                    start: base + iterator.endOfListOffset, count: end - iterator.endOfListOffset)
            }
        }
        return UnsafeRawBufferPointer(start: nil, count: 0)
    }

    /// Yields the options in order and stops at the end, after an EOL, or before a malformed option.
    @frozen
    public struct Iterator: IteratorProtocol, BitwiseCopyable {
        @usableFromInline
        internal let base: UnsafeRawPointer?

        @usableFromInline
        internal var offset: Int

        @usableFromInline
        internal let end: Int

        @usableFromInline
        internal var endOfListOffset: Int

        @usableFromInline
        internal let checking: TCPOptionChecking

        @usableFromInline
        internal var stoppedBy: TCPDecodingError?

        /// The options not yet read, when the area was checked by a view's validating walk (see
        /// ``TCPOption/plainlyValidStarts(base:start:end:checking:)``): one bit per option start. While it is not 0,
        /// ``offset`` stays at ``end`` and the options are read at these offsets.
        @usableFromInline
        internal var starts: UInt64

        /// The problem that stopped the iteration early, or `nil`.
        @inlinable
        public var error: TCPDecodingError? { stoppedBy }

        @inlinable
        internal init(base: UnsafeRawPointer?, offset: Int, end: Int, checking: TCPOptionChecking, starts: UInt64) {
            self.base = base
            self.offset = starts != 0 ? end : offset
            self.end = end
            self.checking = checking
            self.endOfListOffset = end
            self.stoppedBy = nil
            self.starts = starts
        }

        /// The byte offset, from the start of the header, of the option the next call reads.
        @inlinable
        public var nextOffset: Int { starts != 0 ? starts.trailingZeroBitCount : offset }

        /// The next option, or `nil` at the end, after an EOL, or before a malformed option.
        @inlinable @inline(__always)
        public mutating func next() -> TCPOption? {
            guard let base else { return nil }
            let at: Int
            if starts != 0 {
                // A view's own area: every option up to the first EOL was framed when the view was made.
                at = starts.trailingZeroBitCount
                starts &= starts &- 1
            } else {
                // Any other area: check this option's framing first.
                guard offset < end else { return nil }
                at = offset
                // SAFETY: offset < end, and base ..< base + end is readable.
                let kind = base.loadByte(at: at)
                if kind == TCPOptionKind.endOfOptionList {
                    offset = end
                    endOfListOffset = at &+ 1
                    return .endOfOptionList
                } else if kind == TCPOptionKind.noOperation {
                    offset = at &+ 1
                    return .noOperation
                } else {
                    // SAFETY: the length byte is read only when at + 1 < end.
                    let length = at &+ 1 < end ? Int(base.loadByte(at: at &+ 1)) : 0
                    guard length >= 2, length <= end &- at else {
                        recordFramingError(base: base, at: at)
                        return nil
                    }
                    // length <= end - at, so this cannot overflow.
                    offset = at &+ length
                }
            }
            do throws(TCPDecodingError) {
                let option = try TCPOption.readFramed(from: base, at: at, checking: checking)
                if case .endOfOptionList = option { endOfListOffset = at &+ 1 }
                return option
            } catch {
                recordError(error)
                return nil
            }
        }

        /// Records the framing error of the option at `at` (neither EOL nor NOP), out of line.
        @usableFromInline @inline(never)
        internal mutating func recordFramingError(base: UnsafeRawPointer, at: Int) {
            do throws(TCPDecodingError) {
                // SAFETY: at < end, and base ..< base + end is readable.
                _ = try TCPOption.framedLength(kind: base.loadByte(at: at), base: base, at: at, end: end)
                assertionFailure("the option at \(at) is framed")
            } catch {
                recordError(error)
            }
        }

        @usableFromInline
        internal mutating func recordError(_ error: TCPDecodingError) {
            stoppedBy = error
            starts = 0
            offset = end
        }
    }

    /// An iterator over the options.
    @inlinable
    public func makeIterator() -> Iterator {
        Iterator(base: base, offset: start, end: end, checking: checking, starts: starts)
    }

    /// One step of ``walk()``.
    @frozen
    public enum Step: Hashable, Sendable {
        /// A well-formed option and the byte offset, from the start of the header, of its kind byte.
        case option(TCPOption, offset: Int)
        /// A malformed option: the walk ends here.
        case malformed(TCPDecodingError)
    }

    /// A walk that yields every good option with its offset, then the error that stopped it, if any.
    ///
    /// This is the lenient way in that packet printers need: show what is good, then say where it broke.
    ///
    /// - Returns: a sequence of ``Step`` values: `.option(_:offset:)` for each good option, then `.malformed(_:)`
    ///   if an option is malformed.
    @inlinable
    public func walk() -> Walk {
        Walk(iterator: makeIterator())
    }

    /// The sequence returned by ``walk()``.
    @frozen
    public struct Walk: Sequence, IteratorProtocol, BitwiseCopyable {
        @usableFromInline
        internal var iterator: Iterator

        @usableFromInline
        internal var finished = false

        @inlinable
        internal init(iterator: Iterator) {
            self.iterator = iterator
        }

        /// The next step, or `nil` when the walk is over.
        @inlinable
        public mutating func next() -> Step? {
            guard !finished else { return nil }
            let offset = iterator.nextOffset
            if let option = iterator.next() { return .option(option, offset: offset) }
            finished = true
            if let error = iterator.error { return .malformed(error) }
            return nil
        }
    }

    /// The first malformed option, or `nil` when every option is well formed.
    public var firstError: TCPDecodingError? {
        var iterator = makeIterator()
        while iterator.next() != nil {}
        return iterator.error
    }
}
