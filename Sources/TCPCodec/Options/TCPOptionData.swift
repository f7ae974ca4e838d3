/// Up to 40 bytes held inline: the value bytes of an option, or a header's whole option area.
///
/// No heap allocation: the bytes live in the value itself, so options can be decoded, stored and compared on a
/// hot path. 40 is the largest option area a TCP header has (RFC 9293 section 3.1: data offset 15 words).
/// Bytes past ``count`` are always zero, which equality and hashing rely on.
@frozen
public struct TCPOptionData: RandomAccessCollection, Hashable, Sendable, CustomStringConvertible {
    /// The most bytes a value can hold.
    public static let capacity = 40

    @usableFromInline
    internal var storage: (UInt64, UInt64, UInt64, UInt64, UInt64)

    @usableFromInline
    internal var length: UInt8

    /// An empty value.
    @inlinable
    public init() {
        storage = (0, 0, 0, 0, 0)
        length = 0
    }

    /// Copies bytes from a buffer.
    ///
    /// - Parameter bytes: at most ``capacity`` bytes.
    /// - Throws: ``TCPEncodingError/optionsTooLong(length:maximum:)`` when `bytes` holds more than ``capacity``.
    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer) throws(TCPEncodingError) {
        guard bytes.count <= Self.capacity else {
            throw TCPEncodingError.optionsTooLong(length: bytes.count, maximum: Self.capacity)
        }
        self.init()
        if let source = bytes.baseAddress {
            self.init(unchecked: source, count: bytes.count)
        }
    }

    /// Copies bytes from any sequence of bytes.
    ///
    /// - Parameter bytes: at most ``capacity`` bytes.
    /// - Throws: ``TCPEncodingError/optionsTooLong(length:maximum:)`` when `bytes` holds more than ``capacity``.
    @inlinable
    public init(_ bytes: some Sequence<UInt8>) throws(TCPEncodingError) {
        self.init()
        var count = 0
        for byte in bytes {
            guard count < Self.capacity else {
                throw TCPEncodingError.optionsTooLong(length: count + 1, maximum: Self.capacity)
            }
            setByte(byte, at: count)
            count += 1
        }
        length = UInt8(count)
    }

    /// Copies `count` bytes from `source`. The caller guarantees `count <= capacity` and that they are readable.
    @inlinable
    internal init(unchecked source: UnsafeRawPointer, count: Int) {
        assert(count >= 0 && count <= Self.capacity)
        // The clamp costs one comparison and keeps the copy inside the 40-byte storage even if a caller broke the
        // borrowing rule (bytes changed under a live view, so that a length read later exceeds what was checked).
        let count = Swift.min(Swift.max(count, 0), Self.capacity)
        storage = (0, 0, 0, 0, 0)
        length = UInt8(truncatingIfNeeded: count)
        withUnsafeMutableBytes(of: &storage) { target in
            // SAFETY: `target` is 40 bytes and count <= 40 (clamped above); the caller guarantees the bytes are
            // readable at `source`.
            target.baseAddress.unsafelyUnwrapped.copyMemory(from: source, byteCount: count)
        }
    }

    /// The number of bytes held.
    @inlinable
    public var count: Int { Int(length) }

    /// Always 0.
    @inlinable
    public var startIndex: Int { 0 }

    /// The number of bytes held.
    @inlinable
    public var endIndex: Int { Int(length) }

    /// The byte at `position`.
    ///
    /// - Parameter position: an index in `0 ..< count`; a position outside is a caller error and traps.
    @inlinable
    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < Int(length), "TCPOptionData index out of range")
        return Swift.withUnsafeBytes(of: storage) { $0[position] }
    }

    /// An iterator over the bytes in order.
    ///
    /// The collection's own iterator, rather than the standard library's `IndexingIterator`, so that iterating
    /// never goes through a generic subscript accessor, which an unoptimized build may run with a heap-allocated
    /// frame.
    @frozen
    public struct Iterator: IteratorProtocol {
        @usableFromInline
        internal let data: TCPOptionData

        @usableFromInline
        internal var position: Int

        @inlinable
        internal init(_ data: TCPOptionData) {
            self.data = data
            self.position = 0
        }

        /// The next byte, or `nil` after the last.
        @inlinable
        public mutating func next() -> UInt8? {
            guard position < data.count else { return nil }
            defer { position &+= 1 }
            return data[position]
        }
    }

    /// An iterator over the bytes in order.
    @inlinable
    public func makeIterator() -> Iterator {
        Iterator(self)
    }

    @inlinable
    internal mutating func setByte(_ byte: UInt8, at position: Int) {
        withUnsafeMutableBytes(of: &storage) { $0[position] = byte }
    }

    /// Appends one byte.
    ///
    /// - Parameter byte: the byte to add.
    /// - Throws: ``TCPEncodingError/optionsTooLong(length:maximum:)`` when the value is already full.
    @inlinable
    public mutating func append(_ byte: UInt8) throws(TCPEncodingError) {
        guard length < Self.capacity else {
            throw TCPEncodingError.optionsTooLong(length: Int(length) + 1, maximum: Self.capacity)
        }
        setByte(byte, at: Int(length))
        length += 1
    }

    /// Appends bytes.
    ///
    /// - Parameter bytes: the bytes to add.
    /// - Throws: ``TCPEncodingError/optionsTooLong(length:maximum:)`` when they do not fit; nothing is added then.
    @inlinable
    public mutating func append(contentsOf bytes: UnsafeRawBufferPointer) throws(TCPEncodingError) {
        let total = Int(length) + bytes.count
        guard total <= Self.capacity else {
            throw TCPEncodingError.optionsTooLong(length: total, maximum: Self.capacity)
        }
        guard let source = bytes.baseAddress else { return }
        let start = Int(length)
        withUnsafeMutableBytes(of: &storage) { target in
            // SAFETY: start + bytes.count <= 40 was checked above.
            (target.baseAddress.unsafelyUnwrapped + start).copyMemory(from: source, byteCount: bytes.count)
        }
        length = UInt8(total)
    }

    /// Calls `body` with the bytes held. The pointer must not escape `body`.
    ///
    /// - Parameter body: a closure that reads the bytes.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws.
    @inlinable
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var copy = storage
        return try Swift.withUnsafeBytes(of: &copy) { (raw) throws(Failure) -> Result in
            try body(UnsafeRawBufferPointer(rebasing: raw[0 ..< Int(length)]))
        }
    }

    /// Two values are equal when they hold the same bytes.
    @inlinable
    public static func == (lhs: TCPOptionData, rhs: TCPOptionData) -> Bool {
        // Bytes past `length` are zero in both (type invariant), so the words compare the held bytes.
        lhs.length == rhs.length && lhs.storage.0 == rhs.storage.0 && lhs.storage.1 == rhs.storage.1
            && lhs.storage.2 == rhs.storage.2 && lhs.storage.3 == rhs.storage.3 && lhs.storage.4 == rhs.storage.4
    }

    /// Hashes the held bytes.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(length)
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
        hasher.combine(storage.3)
        hasher.combine(storage.4)
    }

    /// The bytes in lowercase hexadecimal, without separators.
    public var description: String {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
        var text = ""
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}

extension TCPOptionData {
    /// Removes the first `n` bytes, shifting the rest down. `n` must not exceed ``count``.
    @inlinable
    internal mutating func removeFirst(_ n: Int) {
        precondition(n >= 0 && n <= count, "removeFirst beyond the bytes held")
        let remaining = count - n
        withUnsafeMutableBytes(of: &storage) { target in
            let base = target.baseAddress.unsafelyUnwrapped
            // SAFETY: n + remaining == count <= 40.
            base.copyMemory(from: base + n, byteCount: remaining)
            _ = (base + remaining).initializeMemory(as: UInt8.self, repeating: 0, count: n)
        }
        length = UInt8(remaining)
    }

    /// Keeps the first `n` bytes and zeroes the rest. `n` must not exceed ``count``.
    @inlinable
    internal mutating func truncate(to n: Int) {
        precondition(n >= 0 && n <= count, "truncate beyond the bytes held")
        let removed = count - n
        withUnsafeMutableBytes(of: &storage) { target in
            // SAFETY: n + removed == count <= 40.
            _ = (target.baseAddress.unsafelyUnwrapped + n).initializeMemory(as: UInt8.self, repeating: 0, count: removed)
        }
        length = UInt8(n)
    }
}
