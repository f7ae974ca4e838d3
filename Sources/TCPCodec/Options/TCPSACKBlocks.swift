/// One selective acknowledgment block: the received bytes from ``left`` up to, not including, ``right``
/// (RFC 2018 section 3).
@frozen
public struct TCPSACKBlock: Hashable, Sendable {
    /// The first sequence number of the block.
    public var left: SequenceNumber
    /// The sequence number just past the last byte of the block.
    public var right: SequenceNumber

    /// Creates a block.
    ///
    /// - Parameters:
    ///   - left: the first sequence number of the block.
    ///   - right: the sequence number just past the block.
    @inlinable
    public init(left: SequenceNumber, right: SequenceNumber) {
        self.left = left
        self.right = right
    }
}

/// The blocks of a SACK option, held inline: one to four (RFC 2018 section 3), or none for an option of length 2 as
/// framing decoding reads it (``TCPOption/sack(_:)``).
@frozen
public struct TCPSACKBlocks: RandomAccessCollection, Hashable, Sendable {
    /// The most blocks an option carries: 2 + 8 x 4 = 34 bytes fills a 40-byte option area (RFC 2018 section 3).
    public static let capacity = 4

    @usableFromInline
    internal var storage: (TCPSACKBlock, TCPSACKBlock, TCPSACKBlock, TCPSACKBlock)

    @usableFromInline
    internal var length: UInt8

    /// No block: a start for ``append(_:)``, and the blocks of a SACK option of length 2 as framing decoding reads
    /// it. RFC 2018 section 3 requires at least one block; an option with none encodes as its two bytes, kind and
    /// length, and strict decoding rejects it.
    @inlinable
    public init() {
        let zero = TCPSACKBlock(left: SequenceNumber(0), right: SequenceNumber(0))
        storage = (zero, zero, zero, zero)
        length = 0
    }

    /// Creates the blocks of an option as RFC 2018 section 3 has them: one to four.
    ///
    /// An option with no block, which only a faithful copy of one read from the wire needs, is ``init()``.
    ///
    /// - Parameter blocks: one to four blocks.
    /// - Throws: ``TCPEncodingError/invalidOptionValue(kind:)`` for none,
    ///   ``TCPEncodingError/tooManySACKBlocks(count:maximum:)`` for more than four.
    @inlinable
    public init(_ blocks: some Sequence<TCPSACKBlock>) throws(TCPEncodingError) {
        self.init()
        var count = 0
        for block in blocks {
            count += 1
            guard length < Self.capacity else { continue }
            try append(block)
        }
        guard count <= Self.capacity else {
            throw TCPEncodingError.tooManySACKBlocks(count: count, maximum: Self.capacity)
        }
        guard length > 0 else { throw TCPEncodingError.invalidOptionValue(kind: TCPOptionKind.sack) }
    }

    /// Reads `count` blocks of two big-endian 32-bit edges each from `source`.
    ///
    /// The caller guarantees `1 <= count <= 4` and `8 * count` readable bytes at `source`: an option that passed
    /// the SACK length rule. An option with no block never comes here (``init()``).
    @inlinable @inline(__always)
    init(unchecked source: UnsafeRawPointer, count: Int) {
        assert(count >= 1 && count <= Self.capacity)
        self.init()
        // SAFETY: count >= 1 blocks (8 bytes each) are readable at source (caller's guarantee); each later block
        // is read only when count says it is there.
        storage.0 = Self.block(source, 0)
        if count > 1 { storage.1 = Self.block(source, 8) }
        if count > 2 { storage.2 = Self.block(source, 16) }
        if count > 3 { storage.3 = Self.block(source, 24) }
        length = UInt8(truncatingIfNeeded: count)
    }

    @inlinable @inline(__always)
    static func block(_ source: UnsafeRawPointer, _ offset: Int) -> TCPSACKBlock {
        TCPSACKBlock(left: SequenceNumber(source.loadBigEndianUInt32(at: offset)),
                     right: SequenceNumber(source.loadBigEndianUInt32(at: offset &+ 4)))
    }

    /// The number of blocks.
    @inlinable
    public var count: Int { Int(length) }

    /// Always 0.
    @inlinable
    public var startIndex: Int { 0 }

    /// The number of blocks.
    @inlinable
    public var endIndex: Int { Int(length) }

    /// The block at `position`.
    ///
    /// - Parameter position: an index in `0 ..< count`; a position outside is a caller error and traps.
    @inlinable
    public subscript(position: Int) -> TCPSACKBlock {
        precondition(position >= 0 && position < Int(length), "TCPSACKBlocks index out of range")
        switch position {
        case 0: return storage.0
        case 1: return storage.1
        case 2: return storage.2
        default: return storage.3
        }
    }

    /// An iterator over the blocks in order.
    ///
    /// The collection's own iterator, rather than the standard library's `IndexingIterator`, so that iterating
    /// never goes through a generic subscript accessor, which an unoptimized build may run with a heap-allocated
    /// frame.
    @frozen
    public struct Iterator: IteratorProtocol {
        @usableFromInline
        internal let blocks: TCPSACKBlocks

        @usableFromInline
        internal var position: Int

        @inlinable
        internal init(_ blocks: TCPSACKBlocks) {
            self.blocks = blocks
            self.position = 0
        }

        /// The next block, or `nil` after the last.
        @inlinable
        public mutating func next() -> TCPSACKBlock? {
            guard position < blocks.count else { return nil }
            defer { position &+= 1 }
            return blocks[position]
        }
    }

    /// An iterator over the blocks in order.
    @inlinable
    public func makeIterator() -> Iterator {
        Iterator(self)
    }

    /// Appends a block.
    ///
    /// - Parameter block: the block to add.
    /// - Throws: ``TCPEncodingError/tooManySACKBlocks(count:maximum:)`` when four blocks are already held.
    @inlinable
    public mutating func append(_ block: TCPSACKBlock) throws(TCPEncodingError) {
        switch length {
        case 0: storage.0 = block
        case 1: storage.1 = block
        case 2: storage.2 = block
        case 3: storage.3 = block
        default: throw TCPEncodingError.tooManySACKBlocks(count: Int(length) + 1, maximum: Self.capacity)
        }
        length += 1
    }

    /// Two lists are equal when they hold the same blocks in the same order.
    @inlinable
    public static func == (lhs: TCPSACKBlocks, rhs: TCPSACKBlocks) -> Bool {
        lhs.elementsEqual(rhs)
    }

    /// Hashes the blocks held.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(length)
        for block in self { hasher.combine(block) }
    }
}
