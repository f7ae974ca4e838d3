/// Up to 40 bytes held inline: the value bytes of an option, or a header's whole option area.
///
/// No heap allocation: the bytes live in the value itself, so options can be decoded, stored and compared on a
/// hot path. 40 is the largest option area a TCP header has (RFC 9293 section 3.1: data offset 15 words).
/// Bytes past ``count`` are always zero, which equality and hashing rely on.
@frozen
public struct TCPOptionData: RandomAccessCollection, Hashable, Sendable, CustomStringConvertible {
    /// The most bytes a value can hold: the largest option area (its storage's five words).
    public static let capacity = TCPHeaderLayout.maximumOptionsLength

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
    ///
    /// Each 8-byte word of the storage is built in registers from loads that stay inside `source ..< source +
    /// count` (a word the bytes fill, or one load ending at the last byte, shifted; short values from two
    /// overlapping loads), never byte by byte in memory: a value stored in pieces and then read back whole, as
    /// returning an option does, would wait for the pieces to leave the store buffer.
    @inlinable @inline(__always)
    internal init(unchecked source: UnsafeRawPointer, count: Int) {
        assert(count >= 0 && count <= Self.capacity)
        // The clamp costs one comparison and keeps every load inside the bytes the caller vouched for, and the
        // value inside its 40 bytes, even if a caller broke the borrowing rule (bytes changed under a live view, so
        // that a length read later exceeds what was checked).
        let count = Swift.min(Swift.max(count, 0), Self.capacity)
        length = UInt8(truncatingIfNeeded: count)
        storage = (
            Self.word(0, of: source, count: count), Self.word(1, of: source, count: count),
            Self.word(2, of: source, count: count), Self.word(3, of: source, count: count),
            Self.word(4, of: source, count: count))
    }

    /// Bytes `8 * index ..< 8 * index + 8` of `source ..< source + count`, zero past `count`, as the storage word
    /// that holds them in memory order.
    @inlinable @inline(__always)
    internal static func word(_ index: Int, of source: UnsafeRawPointer, count: Int) -> UInt64 {
        let start = index &* 8
        let available = count &- start
        // SAFETY: every load below lies inside source ..< source + count (the caller's guarantee).
        if available >= 8 { return source.loadUnaligned(fromByteOffset: start, as: UInt64.self) }
        if available <= 0 { return 0 }
        // The value of the word with its first byte lowest, whatever the host's byte order.
        let value: UInt64
        if count >= 8 {
            // The 8 bytes ending at the last one; the wanted ones are its top `available` bytes.
            let last = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
            value = last &>> UInt64(truncatingIfNeeded: (8 &- available) &* 8)
        } else if count >= 4 {
            // Two 4-byte loads, at the start and ending at the last byte; where they overlap the bytes agree.
            let low = UInt64(UInt32(littleEndian: source.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)))
            value = low | high &<< UInt64(truncatingIfNeeded: (count &- 4) &* 8)
        } else if count >= 2 {
            let low = UInt64(UInt16(littleEndian: source.loadUnaligned(as: UInt16.self)))
            let high = UInt64(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: count &- 2, as: UInt16.self)))
            value = low | high &<< UInt64(truncatingIfNeeded: (count &- 2) &* 8)
        } else {
            value = UInt64(source.load(as: UInt8.self))
        }
        return value.littleEndian
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
            _ = (target.baseAddress.unsafelyUnwrapped + n)
                .initializeMemory(as: UInt8.self, repeating: 0, count: removed)
        }
        length = UInt8(n)
    }
}
