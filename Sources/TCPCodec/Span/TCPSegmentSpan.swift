#if compiler(>=6.2)
/// A read-only view of a TCP segment that cannot outlive its bytes: the header fields, the options and the payload.
///
/// `TCPSegmentSpan` is to ``TCPSegmentView`` what the standard library's `UTF8Span` is to a pointer and a count. It
/// is non-escapable: the compiler ties each value to the `RawSpan` (or array, slice, `Span` or buffer) it was made
/// from, so returning it from the function that owns the bytes, storing it in an escaping value or capturing it in
/// an escaping closure does not compile, and neither does changing the bytes while it is in use.
///
/// ```swift
/// let bytes: [UInt8] = ...
/// let segment = try TCPSegmentSpan(bytes.span.bytes)   // throws(TCPDecodingError)
/// print(segment.sourcePort, segment.flags, segment.payload.byteCount)
/// var options = segment.options.makeIterator()
/// while let option = options.next() { ... }
/// ```
///
/// Decoding is that of ``TCPSegmentView``, with the same three initializers (strict or framing, one pass, lenient),
/// the same checks and the same ``TCPDecodingError`` values, thrown as typed errors with no closure in between. The
/// checks are made once, when the span is created; the accessors then read with no further bounds check, so the
/// span costs what the pointer view costs.
///
/// The options are a ``TCPOptionsSpan``, non-escapable too; the payload, the header bytes and the whole segment are
/// `RawSpan` values that live as long as the segment span. For an API that takes a ``TCPSegmentView`` (the
/// validator's, for instance), ``withUnsafeView(_:)`` lends one for the length of a closure.
///
/// Built with the compiler's lifetime support (Swift 6.2 or later, experimental feature `Lifetimes`, enabled on this
/// module only: code that uses the type needs no setting of its own).
@frozen
public struct TCPSegmentSpan: ~Escapable, BitwiseCopyable {
    /// The checked pointer view over the span's bytes.
    ///
    /// SAFETY: its pointer and count are those of the `RawSpan` this value was made from, and this value's lifetime
    /// is bound to that span's (every initializer is `@_lifetime(copy bytes)` or `@_lifetime(borrow bytes)`), so
    /// the bytes stay valid and unchanged for as long as the view can be reached. The view never leaves this type
    /// except through ``withUnsafeView(_:)``, whose closure is the documented escape hatch.
    @usableFromInline
    internal let view: TCPSegmentView

    /// The bytes a `RawSpan` covers, as a buffer that must not outlive the span.
    @inlinable @inline(__always)
    internal static func buffer(of bytes: RawSpan) -> UnsafeRawBufferPointer {
        // SAFETY: the buffer escapes the closure, but every caller stores it only in a value whose lifetime is bound
        // to `bytes`, whose memory a RawSpan guarantees valid and immutable for its own lifetime.
        bytes.withUnsafeBytes { $0 }
    }

    /// Decodes strictly: the fixed header, the data offset and every option must be well formed.
    ///
    /// - Parameters:
    ///   - bytes: the TCP segment, header first; payload bytes may follow.
    ///   - optionChecking: ``TCPOptionChecking/strict`` (the default) also applies each kind's length rule;
    ///     ``TCPOptionChecking/framing`` checks only the option framing (as
    ///     ``TCPSegmentView/init(_:optionChecking:)`` does).
    /// - Throws: ``TCPDecodingError`` naming the first problem and its offset.
    @inlinable @inline(__always)
    @_lifetime(copy bytes)
    public init(_ bytes: RawSpan, optionChecking: TCPOptionChecking = .strict) throws(TCPDecodingError) {
        view = try TCPSegmentView(Self.buffer(of: bytes), optionChecking: optionChecking)
    }

    /// Decodes the fixed header and the data offset now, and leaves the options to be checked as they are read.
    ///
    /// As ``TCPSegmentView/init(checkingOptionsWhenRead:optionChecking:)``: the option iterator stops before the first
    /// malformed option and its ``TCPOptionsSpan/Iterator/error`` names it; the segment is well formed exactly when the
    /// iteration ends with no error.
    ///
    /// - Parameters:
    ///   - bytes: the TCP segment, header first; payload bytes may follow.
    ///   - optionChecking: as for ``init(_:optionChecking:)``, applied by the iterator.
    /// - Throws: ``TCPDecodingError/truncatedHeader(needed:available:)``,
    ///   ``TCPDecodingError/dataOffsetTooSmall(dataOffset:)`` or
    ///   ``TCPDecodingError/headerExceedsBuffer(headerLength:available:)``: the problems of the fixed header.
    @inlinable @inline(__always)
    @_lifetime(copy bytes)
    public init(checkingOptionsWhenRead bytes: RawSpan, optionChecking: TCPOptionChecking = .strict)
        throws(TCPDecodingError)
    {
        view = try TCPSegmentView(
            checkingOptionsWhenRead: Self.buffer(of: bytes), optionChecking: optionChecking)
    }

    /// Decodes leniently: only the 20-byte fixed header must be there; ``problem`` holds the first problem found.
    ///
    /// As ``TCPSegmentView/init(lenient:optionChecking:)``: a data offset below 5 leaves the option area empty, a
    /// header running past the bytes is cut at their end, and the option walk stops before a malformed option.
    ///
    /// - Parameters:
    ///   - bytes: the TCP segment, header first.
    ///   - optionChecking: how the options are checked as they are read.
    /// - Throws: ``TCPDecodingError/truncatedHeader(needed:available:)`` when fewer than 20 bytes are given.
    @inlinable
    @_lifetime(copy bytes)
    public init(lenient bytes: RawSpan, optionChecking: TCPOptionChecking = .strict) throws(TCPDecodingError) {
        view = try TCPSegmentView(lenient: Self.buffer(of: bytes), optionChecking: optionChecking)
    }

    /// Decodes strictly from a span of bytes, as ``init(_:optionChecking:)`` does from its `RawSpan`.
    ///
    /// - Parameters:
    ///   - bytes: the TCP segment, header first; payload bytes may follow.
    ///   - optionChecking: ``TCPOptionChecking/strict`` (the default) or ``TCPOptionChecking/framing``.
    /// - Throws: ``TCPDecodingError`` naming the first problem and its offset.
    @inlinable
    @_lifetime(copy bytes)
    public init(_ bytes: Span<UInt8>, optionChecking: TCPOptionChecking = .strict) throws(TCPDecodingError) {
        try self.init(bytes.bytes, optionChecking: optionChecking)
    }

    /// Decodes strictly from an array, which stays borrowed (and so unchanged) while the segment span is used.
    ///
    /// - Parameters:
    ///   - bytes: the TCP segment, header first; payload bytes may follow.
    ///   - optionChecking: ``TCPOptionChecking/strict`` (the default) or ``TCPOptionChecking/framing``.
    /// - Throws: ``TCPDecodingError`` naming the first problem and its offset.
    @inlinable
    @_lifetime(borrow bytes)
    public init(_ bytes: borrowing [UInt8], optionChecking: TCPOptionChecking = .strict) throws(TCPDecodingError) {
        try self.init(bytes.span.bytes, optionChecking: optionChecking)
    }

    /// Decodes strictly from an array slice, which stays borrowed (and so unchanged) while the segment span is used.
    ///
    /// - Parameters:
    ///   - bytes: the TCP segment, header first; payload bytes may follow. Offsets in errors count from its start.
    ///   - optionChecking: ``TCPOptionChecking/strict`` (the default) or ``TCPOptionChecking/framing``.
    /// - Throws: ``TCPDecodingError`` naming the first problem and its offset.
    @inlinable
    @_lifetime(borrow bytes)
    public init(_ bytes: borrowing ArraySlice<UInt8>, optionChecking: TCPOptionChecking = .strict)
        throws(TCPDecodingError)
    {
        try self.init(bytes.span.bytes, optionChecking: optionChecking)
    }

    /// Decodes strictly from a buffer; the caller keeps the buffer valid and unchanged while the segment span is used,
    /// as with any `RawSpan` made from a buffer.
    ///
    /// - Parameters:
    ///   - bytes: the TCP segment, header first; payload bytes may follow.
    ///   - optionChecking: ``TCPOptionChecking/strict`` (the default) or ``TCPOptionChecking/framing``.
    /// - Throws: ``TCPDecodingError`` naming the first problem and its offset.
    @inlinable
    @_lifetime(borrow bytes)
    public init(_ bytes: UnsafeRawBufferPointer, optionChecking: TCPOptionChecking = .strict)
        throws(TCPDecodingError)
    {
        view = try TCPSegmentView(bytes, optionChecking: optionChecking)
    }

    /// A span over part of the segment's bytes, living as long as the segment span.
    @inlinable @inline(__always)
    @_lifetime(copy self)
    internal func span(_ buffer: UnsafeRawBufferPointer) -> RawSpan {
        // SAFETY: `buffer` lies inside the bytes this value was made from, valid and unchanged for its lifetime.
        let span = RawSpan(_unsafeBytes: buffer)
        return _overrideLifetime(span, copying: self)
    }

    /// The first problem found by the lenient initializer; always `nil` for a strictly decoded segment.
    @inlinable
    public var problem: TCPDecodingError? { view.problem }

    /// How the options were checked, and are read.
    @inlinable
    public var optionChecking: TCPOptionChecking { view.optionChecking }

    /// The whole of the bytes the span was made from.
    @inlinable
    public var bytes: RawSpan {
        @_lifetime(copy self) get { span(view.bytes) }
    }

    /// The source port (bytes 0..<2).
    @inlinable
    public var sourcePort: UInt16 { view.sourcePort }

    /// The destination port (bytes 2..<4).
    @inlinable
    public var destinationPort: UInt16 { view.destinationPort }

    /// The sequence number (bytes 4..<8).
    @inlinable
    public var sequenceNumber: SequenceNumber { view.sequenceNumber }

    /// The acknowledgment number (bytes 8..<12), meaningful when ``flags`` contains ACK.
    @inlinable
    public var acknowledgmentNumber: SequenceNumber { view.acknowledgmentNumber }

    /// The data offset in 32-bit words (the high nibble of byte 12), as carried: 5 ... 15 once strictly decoded.
    @inlinable
    public var dataOffset: Int { view.dataOffset }

    /// The header length in bytes announced by the data offset (data offset x 4).
    @inlinable
    public var headerLength: Int { view.headerLength }

    /// All 12 flag bits (the low nibble of byte 12 and byte 13).
    @inlinable
    public var flags: TCPFlags { view.flags }

    /// The window field (bytes 14..<16), unscaled.
    @inlinable
    public var window: UInt16 { view.window }

    /// The checksum field (bytes 16..<18) as carried.
    @inlinable
    public var checksum: UInt16 { view.checksum }

    /// The urgent pointer (bytes 18..<20), meaningful when ``flags`` contains URG.
    @inlinable
    public var urgentPointer: UInt16 { view.urgentPointer }

    /// The options, read lazily from the header bytes with the span's ``optionChecking``.
    @inlinable
    public var options: TCPOptionsSpan {
        @_lifetime(copy self) get { options(checking: view.optionChecking) }
    }

    /// The options, read lazily with another option checking than the span's own (see
    /// ``TCPSegmentView/options(checking:)``).
    ///
    /// - Parameter checking: how the options are checked as they are read.
    /// - Returns: the options of the segment's option area.
    @inlinable
    @_lifetime(copy self)
    public func options(checking: TCPOptionChecking) -> TCPOptionsSpan {
        // SAFETY: the option area lies inside this value's bytes, so the result may live as long as this value.
        TCPOptionsSpan(view.options(checking: checking), of: self)
    }

    /// The header bytes: `0 ..< headerLength`, or up to the end of the bytes when a lenient span's header runs past.
    @inlinable
    public var headerBytes: RawSpan {
        @_lifetime(copy self) get { span(view.headerBytes) }
    }

    /// The bytes after the header; empty when a lenient span's header runs past the bytes.
    @inlinable
    public var payload: RawSpan {
        @_lifetime(copy self) get { span(view.payload) }
    }

    /// The segment length in sequence space (RFC 9293 section 3.4, SEG.LEN): payload bytes plus one for SYN and
    /// one for FIN.
    @inlinable
    public var sequenceLength: UInt32 { view.sequenceLength }

    /// Whether the checksum field is right for this segment under `pseudoHeader` (RFC 9293 section 3.1).
    ///
    /// - Parameter pseudoHeader: the IPv4 or IPv6 pseudo-header of the packet that carried the segment.
    /// - Returns: `true` when the ones' complement sum over pseudo-header and segment is 0xFFFF.
    @inlinable
    public func verifyChecksum(pseudoHeader: TCPPseudoHeader) -> Bool {
        view.verifyChecksum(pseudoHeader: pseudoHeader)
    }

    /// Lends the segment as an escapable ``TCPSegmentView`` for the length of `body`, for APIs that take one.
    ///
    /// The view carries the same checks and reads the same bytes. It is valid only inside `body`: like the buffer of
    /// `withUnsafeBytes`, it must not be stored or returned (the compiler cannot check that for the view).
    ///
    /// - Parameter body: what to do with the view.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, with its type kept.
    @inlinable
    public func withUnsafeView<Result, Failure: Error>(
        _ body: (TCPSegmentView) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(view)
    }
}

extension TCPHeader {
    /// Copies every field and the option bytes out of a segment span, as the initializer from a
    /// ``TCPSegmentView`` does.
    ///
    /// - Parameter segment: a decoded segment.
    @inlinable
    public init(_ segment: borrowing TCPSegmentSpan) {
        self.init(segment.view)
    }
}
#endif
