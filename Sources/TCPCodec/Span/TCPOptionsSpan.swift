#if compiler(>=6.2)
/// The options of a ``TCPSegmentSpan``, read one at a time from the header bytes, that cannot outlive them.
///
/// The non-escapable counterpart of ``TCPOptions``, with the same reading rules: each option in order, EOL included;
/// the bytes after an EOL are ``padding``; iteration stops before a malformed option, and the iterator's
/// ``Iterator/error`` says what and where. A non-escapable type cannot conform to `Sequence` yet, so iterate with
/// ``forEach(_:)`` or with ``makeIterator()`` and `while let`:
///
/// ```swift
/// let error = segment.options.forEach { option in ... }   // nil when every option was read
///
/// var options = segment.options.makeIterator()
/// while let option = options.next() { ... }
/// if let error = options.error { ... }
/// ```
///
/// ``forEach(_:)`` is the fast way: with Swift 6.3 the optimizer keeps its iterator in registers, as it does the
/// pointer view's, while a non-escapable iterator held in a variable stays in memory (the project's benchmark measured
/// its decode pass about 20 % slower that way; see Benchmarks/README.md).
@frozen
public struct TCPOptionsSpan: ~Escapable, BitwiseCopyable {
    /// The pointer-based options over the segment span's bytes.
    ///
    /// SAFETY: made only from a segment span's own options, by an initializer that binds this value's lifetime to the
    /// segment span's, and so to the bytes the options point into.
    @usableFromInline
    internal let options: TCPOptions

    /// Wraps options read from a segment span's bytes, living as long as the segment span.
    @inlinable
    @_lifetime(copy segment)
    internal init(_ options: TCPOptions, of segment: borrowing TCPSegmentSpan) {
        self.options = options
    }

    /// How options are checked as they are read.
    @inlinable
    public var checking: TCPOptionChecking { options.checking }

    /// Whether the area holds no byte at all.
    @inlinable
    public var isEmpty: Bool { options.isEmpty }

    /// The raw option area, padding included.
    @inlinable
    public var bytes: RawSpan {
        @_lifetime(copy self) get {
            // SAFETY: the area lies inside the segment span's bytes, alive as long as this value.
            _overrideLifetime(RawSpan(_unsafeBytes: options.bytes), copying: self)
        }
    }

    /// The bytes after the first EOL option (RFC 9293 section 3.2: padding, normally zero); empty when there is no
    /// EOL, or when a malformed option comes before any EOL.
    public var padding: RawSpan {
        @_lifetime(copy self) get {
            // SAFETY: as for ``bytes``.
            _overrideLifetime(RawSpan(_unsafeBytes: options.padding), copying: self)
        }
    }

    /// The first malformed option, or `nil` when every option is well formed.
    public var firstError: TCPDecodingError? { options.firstError }

    /// An iterator over the options.
    ///
    /// - Returns: an iterator at the first option.
    @inlinable
    @_lifetime(copy self)
    public func makeIterator() -> Iterator {
        Iterator(options.makeIterator(), of: self)
    }

    /// A walk that yields every good option with its offset, then the error that stopped it, if any (see
    /// ``TCPOptions/walk()``).
    ///
    /// - Returns: a walk at the first option.
    @inlinable
    @_lifetime(copy self)
    public func walk() -> Walk {
        Walk(options.walk(), of: self)
    }

    /// Calls `body` with each option in order, up to the end, an EOL or a malformed option.
    ///
    /// - Parameter body: what to do with each option.
    /// - Returns: the problem that stopped the iteration early, or `nil` when every option was read.
    /// - Throws: what `body` throws, with its type kept.
    @inlinable @inline(__always)
    @discardableResult
    public func forEach<Failure: Error>(
        _ body: (TCPOption) throws(Failure) -> Void
    ) throws(Failure) -> TCPDecodingError? {
        try options.readEach(body)
    }

    /// Yields the options in order and stops at the end, after an EOL, or before a malformed option.
    @frozen
    public struct Iterator: ~Escapable, BitwiseCopyable {
        /// SAFETY: made only from the options' own iterator, with its lifetime bound to the options'.
        @usableFromInline
        internal var iterator: TCPOptions.Iterator

        /// Wraps an iterator over the options' bytes, living as long as the options.
        @inlinable
        @_lifetime(copy options)
        internal init(_ iterator: TCPOptions.Iterator, of options: borrowing TCPOptionsSpan) {
            self.iterator = iterator
        }

        /// The problem that stopped the iteration early, or `nil`.
        @inlinable
        public var error: TCPDecodingError? { iterator.error }

        /// The byte offset, from the start of the header, of the option the next call reads.
        @inlinable
        public var nextOffset: Int { iterator.nextOffset }

        /// The next option, or `nil` at the end, after an EOL, or before a malformed option.
        ///
        /// - Returns: the option read, or `nil`.
        @inlinable @inline(__always)
        public mutating func next() -> TCPOption? {
            iterator.next()
        }
    }

    /// The walk returned by ``walk()``: each good option with its offset, then the error, if any.
    @frozen
    public struct Walk: ~Escapable, BitwiseCopyable {
        /// SAFETY: made only from the options' own walk, with its lifetime bound to the options'.
        @usableFromInline
        internal var walk: TCPOptions.Walk

        /// Wraps a walk over the options' bytes, living as long as the options.
        @inlinable
        @_lifetime(copy options)
        internal init(_ walk: TCPOptions.Walk, of options: borrowing TCPOptionsSpan) {
            self.walk = walk
        }

        /// The next step, or `nil` when the walk is over.
        ///
        /// - Returns: `.option(_:offset:)` for each good option, then `.malformed(_:)` if an option is malformed.
        @inlinable
        @_lifetime(self: copy self)
        public mutating func next() -> TCPOptions.Step? {
            walk.next()
        }
    }
}
#endif
