/// The options of an owned header: up to 40 bytes held inline, read and built as typed ``TCPOption`` values.
///
/// The list keeps the option area's bytes exactly as decoded (unknown kinds, padding after EOL and, for a header
/// taken from a lenient view, even a malformed tail), so a decoded header encodes back to the same bytes.
/// Appending writes an option's wire form after the bytes already held. The header pads the area with zero
/// bytes to a multiple of 4 when it is encoded (RFC 9293 section 3.1).
///
/// Iteration reads the options with strict checking (``TCPOptionChecking/strict``), and ``firstError`` is the
/// strict check of the whole list. A SACK option with no block, which a framing view yields from the two bytes some
/// servers send, appends as those bytes so that what was read encodes back faithfully; RFC 2018 forbids it, so
/// iteration stops before it and ``firstError`` reports it
/// (``TCPDecodingError/invalidOptionLength(kind:offset:length:)``).
///
/// Two lists are equal when they encode to the same padded bytes.
@frozen
public struct TCPOptionList: Sequence, Hashable, Sendable {
    /// The most option bytes a header can carry (RFC 9293 section 3.1).
    public static let capacity = TCPHeaderLayout.maximumOptionsLength

    @usableFromInline
    internal var storage: TCPOptionData

    /// The option bytes held, before padding.
    @inlinable
    public var bytes: TCPOptionData { storage }

    /// An empty list.
    @inlinable
    public init() {
        storage = TCPOptionData()
    }

    /// Builds a list from options in order.
    ///
    /// - Parameter options: the options to write.
    /// - Throws: ``TCPEncodingError`` when an option cannot be written or they need more than 40 bytes.
    @inlinable
    public init(_ options: some Sequence<TCPOption>) throws(TCPEncodingError) {
        self.init()
        for option in options {
            try append(option)
        }
    }

    /// Takes an option area's raw bytes as they are, without checking them.
    ///
    /// Iteration stops before a malformed option (see ``firstError``); encoding writes the bytes unchanged.
    ///
    /// - Parameter rawBytes: at most 40 bytes.
    @inlinable
    public init(rawBytes: TCPOptionData) {
        storage = rawBytes
    }

    /// The number of bytes held, before padding.
    @inlinable
    public var byteCount: Int { bytes.count }

    /// The number of bytes the options take in a header: ``byteCount`` rounded up to a multiple of 4.
    @inlinable
    public var paddedByteCount: Int { (bytes.count + 3) & ~3 }

    /// Whether no option byte is held.
    @inlinable
    public var isEmpty: Bool { bytes.count == 0 }

    /// Appends an option's wire form.
    ///
    /// The option must decode again to the same value: with strict checking, or, for a SACK option with no block
    /// (RFC 2018 forbids it), with framing checking, as a framing view reads it; the list's strict ``firstError``
    /// then reports it.
    ///
    /// - Parameter option: the option to write.
    /// - Throws: ``TCPEncodingError/optionsTooLong(length:maximum:)`` when it does not fit in 40 bytes, or
    ///   ``TCPEncodingError/invalidOptionValue(kind:)`` when it cannot be written as an option that decodes
    ///   again to the same value (e.g. an unknown option given the kind of EOL, NOP or another typed kind, an
    ///   experimental option whose kind is not 253 or 254, a ``TCPOption/malformed(kind:data:)`` value, a length
    ///   its kind does not allow, or any option after an EOL or after bytes whose framing is broken; padding after
    ///   an EOL goes in through ``appendRawBytes(_:)``).
    @inlinable
    public mutating func append(_ option: TCPOption) throws(TCPEncodingError) {
        let length = option.encodedLength
        let start = bytes.count
        guard start + length <= Self.capacity else {
            throw TCPEncodingError.optionsTooLong(length: start + length, maximum: Self.capacity)
        }
        if case .unknown(let kind, _) = option, kind <= TCPOptionKind.noOperation {
            throw TCPEncodingError.invalidOptionValue(kind: kind)
        }
        // A malformed value stands for bytes that break their kind's rule: a faithful copy of such bytes goes in
        // through `appendRawBytes`, never as an option built here.
        if case .malformed = option { throw TCPEncodingError.invalidOptionValue(kind: option.kind) }
        // After an EOL the rest of the area is padding, and a framing walk stops at broken framing: an option
        // written after either would not decode again.
        if start > 0, !acceptsMoreOptions {
            throw TCPEncodingError.invalidOptionValue(kind: option.kind)
        }
        var scratch = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        try withUnsafeMutableBytes(of: &scratch) { (raw) throws(TCPEncodingError) -> Void in
            let target = raw.baseAddress.unsafelyUnwrapped
            // SAFETY: length <= 40 (checked above) fits the 40-byte scratch.
            try option.write(to: target, at: 0)
            // The written option must read back as the same value: its length must satisfy its kind's rule, and
            // the value must be the one decoding gives (not, say, an `unknown` option spelled with MSS's kind).
            // Framing checking reads a rule-breaking length as `.malformed`, refused above, except a SACK with no
            // block, which reads back as itself: the one option strict checking would refuse that goes in.
            let readBack: (option: TCPOption, next: Int)
            do throws(TCPDecodingError) {
                readBack = try TCPOption.read(from: UnsafeRawPointer(target), at: 0, end: length, checking: .framing)
            } catch {
                throw TCPEncodingError.invalidOptionValue(kind: option.kind)
            }
            guard readBack.option == option, readBack.next == length || length == 1 else {
                throw TCPEncodingError.invalidOptionValue(kind: option.kind)
            }
            try storage.append(contentsOf: UnsafeRawBufferPointer(start: target, count: length))
        }
    }

    /// Whether an option appended now would be read back by a framing walk: the bytes held hold no EOL and no
    /// broken framing. (A strict walk also stops before an option that breaks its kind's rule, which
    /// ``firstError`` reports.)
    @usableFromInline
    internal var acceptsMoreOptions: Bool {
        var iterator = Iterator(bytes: bytes, checking: .framing)
        while let option = iterator.next() {
            if case .endOfOptionList = option { return false }
        }
        return iterator.error == nil
    }

    /// Appends raw bytes after the options, e.g. non-zero padding after an EOL.
    ///
    /// - Parameter padding: the bytes to add.
    /// - Throws: ``TCPEncodingError/optionsTooLong(length:maximum:)`` when they do not fit.
    @inlinable
    public mutating func appendRawBytes(_ padding: UnsafeRawBufferPointer) throws(TCPEncodingError) {
        try storage.append(contentsOf: padding)
    }

    /// Removes every option.
    @inlinable
    public mutating func removeAll() {
        storage = TCPOptionData()
    }

    /// An iterator over the typed options, read with strict checking, stopping after an EOL or before a malformed
    /// option.
    public func makeIterator() -> Iterator {
        Iterator(bytes: bytes)
    }

    /// Iterates the typed options of a list (it owns a copy of the bytes, so it has no lifetime rule).
    public struct Iterator: IteratorProtocol {
        @usableFromInline
        internal var storage: TCPOptionData

        @usableFromInline
        internal var offset = 0

        /// How the options are checked: strict for the list's own iteration.
        @usableFromInline
        internal let checking: TCPOptionChecking

        /// The problem that stopped the iteration early, or `nil`.
        public private(set) var error: TCPDecodingError?

        init(bytes: TCPOptionData, checking: TCPOptionChecking = .strict) {
            storage = bytes
            self.checking = checking
        }

        /// The next option, or `nil` at the end, after an EOL, or before a malformed option.
        public mutating func next() -> TCPOption? {
            let offset = self.offset
            guard offset < storage.count else { return nil }
            let result = storage.withUnsafeBytes { (raw) -> Result<(option: TCPOption, next: Int), TCPDecodingError> in
                do throws(TCPDecodingError) {
                    // Offsets count from the option area here; a header's area starts after the fixed header.
                    return .success(try TCPOption.read(
                        from: raw.baseAddress.unsafelyUnwrapped, at: offset, end: raw.count, checking: checking))
                } catch {
                    return .failure(error)
                }
            }
            switch result {
            case .success(let step):
                self.offset = step.next
                return step.option
            case .failure(let failure):
                error = failure.shiftedBy(TCPHeaderLayout.minimumHeaderLength)
                self.offset = storage.count
                return nil
            }
        }
    }

    /// The first malformed option, with its offset from the start of the header, or `nil`.
    public var firstError: TCPDecodingError? {
        var iterator = makeIterator()
        while iterator.next() != nil {}
        return iterator.error
    }

    /// Two lists are equal when they encode to the same bytes: the same options and padding, once padded with
    /// zero bytes to a multiple of 4.
    @inlinable
    public static func == (lhs: TCPOptionList, rhs: TCPOptionList) -> Bool {
        // Bytes past the count are zero (TCPOptionData's invariant), so comparing the padded counts and the
        // storage compares the padded areas.
        lhs.paddedByteCount == rhs.paddedByteCount && lhs.storage.storage == rhs.storage.storage
    }

    /// Hashes the padded bytes.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(paddedByteCount)
        hasher.combine(storage.storage.0)
        hasher.combine(storage.storage.1)
        hasher.combine(storage.storage.2)
        hasher.combine(storage.storage.3)
        hasher.combine(storage.storage.4)
    }
}

extension TCPDecodingError {
    /// The same error with its offset moved by `delta` bytes.
    func shiftedBy(_ delta: Int) -> TCPDecodingError {
        switch self {
        case .truncatedHeader, .dataOffsetTooSmall, .headerExceedsBuffer:
            return self
        case .optionLengthMissing(let kind, let offset):
            return .optionLengthMissing(kind: kind, offset: offset + delta)
        case .optionLengthTooSmall(let kind, let offset, let length):
            return .optionLengthTooSmall(kind: kind, offset: offset + delta, length: length)
        case .optionExceedsHeader(let kind, let offset, let length, let available):
            return .optionExceedsHeader(kind: kind, offset: offset + delta, length: length, available: available)
        case .invalidOptionLength(let kind, let offset, let length):
            return .invalidOptionLength(kind: kind, offset: offset + delta, length: length)
        }
    }
}
