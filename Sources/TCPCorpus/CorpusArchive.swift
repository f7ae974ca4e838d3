/// A fuzz corpus: a set of byte strings, kept sorted and free of duplicates, stored as one zlib-compressed file.
///
/// The file layout (also written out in `Corpus/README.md`), all integers big-endian:
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 8 | magic, the ASCII bytes `TCPCORP1` |
/// | 8 | 8 | uncompressed payload size, `UInt64` |
/// | 16 | rest | one zlib stream (RFC 1950) holding the payload, and nothing after it |
///
/// The payload, once inflated:
///
/// | size | field |
/// | --- | --- |
/// | 4 | entry count `n`, `UInt32` |
/// | then `n` times: 4 | entry length `len`, `UInt32` |
/// | `len` | entry bytes |
///
/// Entries are in strictly ascending lexicographic byte order (a prefix sorts first), so an archive has exactly
/// one byte layout per set of entries and the reader refuses any other. Writing uses zlib's `compress2` at
/// level 9; for one zlib release, repacking an unchanged corpus gives identical bytes.
///
/// Reading is strict and never traps on bad input: it checks the magic, refuses a declared size above the
/// caller's limit before allocating anything, inflates into a buffer of exactly the declared size (plus one
/// byte to detect overrun), and requires the stream and the entry list to end exactly where they should.
public struct CorpusArchive: Hashable, Sendable {
    /// The eight bytes every archive starts with: ASCII `TCPCORP1`.
    public static let magic: [UInt8] = Array("TCPCORP1".utf8)

    /// The size of the uncompressed file header: the magic and the 64-bit payload size.
    public static let headerSize = 16

    /// The default limit on the uncompressed payload, 256 MiB: larger declarations are refused unread.
    public static let defaultMaximumUncompressedSize = 256 << 20

    /// The entries, in strictly ascending lexicographic byte order, each at most once.
    public private(set) var entries: [[UInt8]]

    /// Creates an empty corpus.
    public init() {
        self.entries = []
    }

    /// Creates a corpus from entries in any order, sorting them and dropping duplicates.
    ///
    /// - Parameter entries: the inputs; repeats are kept once.
    public init(entries: some Sequence<[UInt8]>) {
        let sorted = entries.sorted { $0.lexicographicallyPrecedes($1) }
        var unique: [[UInt8]] = []
        unique.reserveCapacity(sorted.count)
        for entry in sorted where unique.last != entry {
            unique.append(entry)
        }
        self.entries = unique
    }

    /// The number of entries.
    public var count: Int {
        entries.count
    }

    /// The sum of the entries' lengths, without the container's framing.
    public var totalByteCount: Int {
        entries.reduce(0) { $0 + $1.count }
    }

    /// Whether the corpus holds `entry`.
    ///
    /// - Parameter entry: the bytes to look for.
    /// - Returns: `true` if an equal entry is present.
    public func contains(_ entry: [UInt8]) -> Bool {
        let index = insertionIndex(of: entry)
        return index < entries.count && entries[index] == entry
    }

    /// Adds one entry at its sorted place, unless an equal entry is already present.
    ///
    /// - Parameter entry: the bytes to add.
    /// - Returns: `true` if the entry was new and was added.
    @discardableResult
    public mutating func insert(_ entry: [UInt8]) -> Bool {
        let index = insertionIndex(of: entry)
        if index < entries.count && entries[index] == entry {
            return false
        }
        entries.insert(entry, at: index)
        return true
    }

    /// Adds several entries, skipping those already present.
    ///
    /// - Parameter newEntries: the bytes to add, in any order, repeats allowed.
    /// - Returns: how many entries were new.
    @discardableResult
    public mutating func insert(contentsOf newEntries: some Sequence<[UInt8]>) -> Int {
        let before = entries.count
        self = CorpusArchive(entries: entries + Array(newEntries))
        return entries.count - before
    }

    /// The index of the first entry not less than `entry` (binary search over the sorted entries).
    private func insertionIndex(of entry: [UInt8]) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            // `low + (high - low) / 2` cannot overflow: both bounds lie in `0...entries.count`.
            let middle = low + (high - low) / 2
            if entries[middle].lexicographicallyPrecedes(entry) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}

// MARK: - Encoding and decoding

extension CorpusArchive {
    /// Decodes an archive held in memory.
    ///
    /// - Parameters:
    ///   - bytes: the whole archive file.
    ///   - maximumUncompressedSize: the largest payload size to accept, at most `UInt32.max - 1`; a larger
    ///     declaration is refused before anything is allocated. A caller mistake above that bound traps.
    /// - Throws: ``CorpusArchiveError`` with code `badMagic`, `truncated`, `sizeLimitExceeded`, `zlibFailure`,
    ///   `sizeMismatch`, `trailingBytes` or `notCanonical`.
    public init(
        decoding bytes: [UInt8],
        maximumUncompressedSize: Int = CorpusArchive.defaultMaximumUncompressedSize
    ) throws(CorpusArchiveError) {
        precondition(
            maximumUncompressedSize >= 0 && maximumUncompressedSize <= Zlib.maximumInflatedSize,
            "maximumUncompressedSize must be in 0...\(Zlib.maximumInflatedSize)"
        )
        let magicLength = Self.magic.count
        guard bytes.prefix(magicLength).elementsEqual(Self.magic.prefix(min(bytes.count, magicLength))) else {
            throw .badMagic(found: bytes)
        }
        guard bytes.count >= Self.headerSize else {
            throw .truncated("the archive header", offset: 0, needed: Self.headerSize, available: bytes.count)
        }
        // Covered by the guard above: bytes 8..<16 exist.
        let declared = Self.readUInt64(bytes, at: magicLength)
        guard declared <= UInt64(maximumUncompressedSize) else {
            throw .sizeLimitExceeded("the declared uncompressed size", size: declared, limit: maximumUncompressedSize)
        }
        guard bytes.count > Self.headerSize else {
            throw .truncated("the zlib stream", offset: Self.headerSize, needed: 1, available: 0)
        }
        let payload = try Zlib.inflate(
            bytes[Self.headerSize...],
            declaredSize: Int(declared),
            fileOffset: Self.headerSize
        )
        self.entries = try Self.decodePayload(payload)
    }

    /// Encodes the corpus as an archive file's bytes.
    ///
    /// - Parameter maximumUncompressedSize: the largest payload to write, so that no archive is produced that
    ///   a reader with the same limit would refuse; at most `UInt32.max - 1`.
    /// - Returns: the archive; the same bytes for the same entries (and zlib release).
    /// - Throws: ``CorpusArchiveError`` with code `sizeLimitExceeded` if the payload is too large, or
    ///   `zlibFailure`.
    public func encoded(
        maximumUncompressedSize: Int = CorpusArchive.defaultMaximumUncompressedSize
    ) throws(CorpusArchiveError) -> [UInt8] {
        precondition(
            maximumUncompressedSize >= 0 && maximumUncompressedSize <= Zlib.maximumInflatedSize,
            "maximumUncompressedSize must be in 0...\(Zlib.maximumInflatedSize)"
        )
        let payloadSize = payloadByteCount
        guard payloadSize <= maximumUncompressedSize else {
            throw .sizeLimitExceeded(
                "the uncompressed payload", size: UInt64(payloadSize), limit: maximumUncompressedSize
            )
        }
        var payload: [UInt8] = []
        payload.reserveCapacity(payloadSize)
        // Every count and length fits 32 bits: the payload, which contains them all, is below UInt32.max.
        Self.appendUInt32(UInt32(entries.count), to: &payload)
        for entry in entries {
            Self.appendUInt32(UInt32(entry.count), to: &payload)
            payload.append(contentsOf: entry)
        }
        assert(payload.count == payloadSize)
        let compressed = try Zlib.compress(payload)
        var archive = Self.magic
        archive.reserveCapacity(Self.headerSize + compressed.count)
        Self.appendUInt64(UInt64(payloadSize), to: &archive)
        archive.append(contentsOf: compressed)
        return archive
    }

    /// The uncompressed payload size: the count, then a length and the bytes for each entry.
    public var payloadByteCount: Int {
        4 + entries.reduce(0) { $0 + 4 + $1.count }
    }

    /// Parses the inflated payload, requiring strictly ascending entries and nothing after the last.
    private static func decodePayload(_ payload: [UInt8]) throws(CorpusArchiveError) -> [[UInt8]] {
        guard payload.count >= 4 else {
            throw .truncated("the payload's entry count", offset: 0, needed: 4, available: payload.count)
        }
        let declaredCount = Int(readUInt32(payload, at: 0))
        var offset = 4
        // Each entry takes at least its 4-byte length, so a count larger than that allows is refused before
        // any capacity is reserved for it.
        let room = (payload.count - offset) / 4
        guard declaredCount <= room else {
            throw .truncated(
                "a payload of \(declaredCount) entries", offset: offset,
                needed: declaredCount * 4, available: payload.count - offset
            )
        }
        var entries: [[UInt8]] = []
        entries.reserveCapacity(declaredCount)
        for index in 0..<declaredCount {
            let entryOffset = offset
            guard payload.count - offset >= 4 else {
                throw .truncated(
                    "the length of entry \(index)", offset: offset, needed: 4, available: payload.count - offset
                )
            }
            let length = Int(readUInt32(payload, at: offset))
            offset += 4
            guard payload.count - offset >= length else {
                throw .truncated("entry \(index)", offset: offset, needed: length, available: payload.count - offset)
            }
            let entry = Array(payload[offset..<(offset + length)])
            offset += length
            if let previous = entries.last, !previous.lexicographicallyPrecedes(entry) {
                throw .notCanonical(index: index, offset: entryOffset, duplicate: previous == entry)
            }
            entries.append(entry)
        }
        guard offset == payload.count else {
            throw .trailingBytes("the last entry", offset: offset, count: payload.count - offset)
        }
        return entries
    }

    /// Reads a big-endian `UInt32`; the caller has checked that `offset + 4 <= bytes.count`.
    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Reads a big-endian `UInt64`; the caller has checked that `offset + 8 <= bytes.count`.
    private static func readUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes[offset..<(offset + 8)].reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static func appendUInt32(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 24, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    private static func appendUInt64(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}
