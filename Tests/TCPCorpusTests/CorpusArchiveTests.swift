import XCTest
@testable import TCPCorpus

/// Tests of ``CorpusArchive``'s in-memory zip encoding and decoding.
final class CorpusArchiveTests: XCTestCase {
    // MARK: - Helpers

    /// A small corpus with an empty entry, a prefix pair, binary bytes and a longer entry.
    private let sample: [[UInt8]] = [
        Array("hello".utf8),
        [],
        Array("hell".utf8),
        [0x00, 0xFF, 0x10, 0x80],
        Array(repeating: 0xAB, count: 3000),
    ]

    /// Decodes and returns the error, failing the test if decoding succeeds.
    private func decodeError(
        _ bytes: [UInt8],
        limit: Int = CorpusArchive.defaultMaximumUncompressedSize,
        file: StaticString = #filePath,
        line: UInt = #line
    ) -> CorpusArchiveError? {
        do {
            let corpus = try CorpusArchive(decoding: bytes, maximumUncompressedSize: limit)
            XCTFail("decoded \(corpus.count) entries from invalid input", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Round trip, determinism, dedup

    func testRoundTrip() throws {
        let corpus = CorpusArchive(entries: sample)
        let decoded = try CorpusArchive(decoding: corpus.encoded())
        XCTAssertEqual(decoded, corpus)
        XCTAssertEqual(Set(decoded.entries), Set(sample))
        XCTAssertEqual(decoded.count, 5)
        XCTAssertEqual(decoded.totalByteCount, 5 + 0 + 4 + 4 + 3000)
    }

    func testEmptyCorpusRoundTrips() throws {
        let bytes = try CorpusArchive().encoded()
        XCTAssertEqual(try CorpusArchive(decoding: bytes).count, 0)
    }

    func testEntriesAreSortedLexicographically() {
        let corpus = CorpusArchive(entries: [[2], [1, 0], [1], [], [0xFF], [1, 0, 0]])
        XCTAssertEqual(corpus.entries, [[], [1], [1, 0], [1, 0, 0], [2], [0xFF]])
    }

    func testEncodingIsDeterministicWhateverTheInputOrder() throws {
        let forward = try CorpusArchive(entries: sample).encoded()
        let backward = try CorpusArchive(entries: sample.reversed()).encoded()
        let doubled = try CorpusArchive(entries: sample + sample.shuffled()).encoded()
        XCTAssertEqual(forward, backward)
        XCTAssertEqual(forward, doubled)
        // Decoding and re-encoding an archive gives the same bytes.
        XCTAssertEqual(try CorpusArchive(decoding: forward).encoded(), forward)
    }

    func testDuplicatesAreKeptOnce() {
        var corpus = CorpusArchive(entries: [[1, 2], [3], [1, 2], [3], []])
        XCTAssertEqual(corpus.entries, [[], [1, 2], [3]])
        XCTAssertFalse(corpus.insert([3]))
        XCTAssertTrue(corpus.insert([2]))
        XCTAssertEqual(corpus.entries, [[], [1, 2], [2], [3]])
        XCTAssertEqual(corpus.insert(contentsOf: [[9], [3], [9], [0]]), 2)
        XCTAssertEqual(corpus.entries, [[], [0], [1, 2], [2], [3], [9]])
        XCTAssertTrue(corpus.contains([1, 2]))
        XCTAssertFalse(corpus.contains([1]))
    }

    func testInsertMatchesBatchInitializer() {
        var generator = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 0...UInt64.max, using: &generator)
        var rng = SplitMix64(seed: seed)
        var entries: [[UInt8]] = []
        for _ in 0..<200 {
            let length = Int(rng.next() % 4)
            entries.append((0..<length).map { _ in UInt8(rng.next() % 3) })
        }
        var incremental = CorpusArchive()
        for entry in entries {
            incremental.insert(entry)
        }
        XCTAssertEqual(incremental, CorpusArchive(entries: entries), "replay with seed \(seed)")
    }

    // MARK: - Byte layout

    func testLocalHeaderCentralDirectoryAndEndRecord() throws {
        let entry = Array("a".utf8)
        let bytes = try CorpusArchive(entries: [entry]).encoded()
        let name = Array(CorpusArchive.fileName(for: entry).utf8)
        XCTAssertEqual(String(decoding: name, as: UTF8.self), "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8")
        let deflated: [UInt8] = [0x4B, 0x04, 0x00]  // "a" as one fixed-Huffman deflate block
        let crc: [UInt8] = [0x43, 0xBE, 0xB7, 0xE8]  // CRC-32 of "a", 0xE8B7BE43, little-endian
        let localHeader: [UInt8] = [
            0x50, 0x4B, 0x03, 0x04,  // local file header signature
            0x14, 0x00,  // version needed to extract: 2.0
            0x00, 0x08,  // general purpose flags: bit 11, the name is UTF-8
            0x08, 0x00,  // compression method: deflate
            0x00, 0x00,  // modification time: 00:00:00
            0x21, 0x00,  // modification date: 1980-01-01
        ] + crc + [
            0x03, 0x00, 0x00, 0x00,  // compressed size: 3
            0x01, 0x00, 0x00, 0x00,  // uncompressed size: 1
            0x28, 0x00,  // name length: 40
            0x00, 0x00,  // extra field length: 0
        ] + name + deflated
        let centralHeader: [UInt8] = [
            0x50, 0x4B, 0x01, 0x02,  // central directory header signature
            0x15, 0x03,  // version made by: Unix (3), zip 2.1
            0x14, 0x00,  // version needed to extract: 2.0
            0x00, 0x08,  // general purpose flags: UTF-8 name
            0x08, 0x00,  // compression method: deflate
            0x00, 0x00,  // modification time
            0x21, 0x00,  // modification date
        ] + crc + [
            0x03, 0x00, 0x00, 0x00,  // compressed size
            0x01, 0x00, 0x00, 0x00,  // uncompressed size
            0x28, 0x00,  // name length
            0x00, 0x00,  // extra field length: 0
            0x00, 0x00,  // comment length: 0
            0x00, 0x00,  // disk number start
            0x00, 0x00,  // internal attributes
            0x00, 0x00, 0xA4, 0x81,  // external attributes: regular file, rw-r--r-- (0o100644 << 16)
            0x00, 0x00, 0x00, 0x00,  // offset of the local header: 0
        ] + name
        let endRecord: [UInt8] = [
            0x50, 0x4B, 0x05, 0x06,  // end of central directory signature
            0x00, 0x00, 0x00, 0x00,  // this disk, disk of the central directory
            0x01, 0x00, 0x01, 0x00,  // entries on this disk, entries in all
            0x56, 0x00, 0x00, 0x00,  // central directory size: 86
            0x49, 0x00, 0x00, 0x00,  // central directory offset: 73
            0x00, 0x00,  // comment length: 0
        ]
        XCTAssertEqual(bytes, localHeader + centralHeader + endRecord)
    }

    func testEntriesAreWrittenInNameOrder() throws {
        let corpus = CorpusArchive(entries: sample)
        let names = ZipWalk.localNames(try corpus.encoded())
        XCTAssertEqual(names, corpus.entries.map(CorpusArchive.fileName(for:)).sorted())
        XCTAssertEqual(names.count, 5)
    }

    func testEmptyCorpusIsAnEmptyZip() throws {
        // Only an end-of-central-directory record with no entries: what `zip` writes for no files.
        XCTAssertEqual(try CorpusArchive().encoded(), [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
    }

    // MARK: - Reading what other tools write

    func testReadsStoredEntriesAnyNamesAndSkipsDirectories() throws {
        // As `zip -0 -r` might write it: a directory, stored entries under paths, one content twice.
        let bytes = ZipWalk.storedArchive([
            ("seeds/", nil),
            ("seeds/crash-1", Array("SYN".utf8)),
            ("seeds/copy-of-crash-1", Array("SYN".utf8)),
            ("seeds/empty", []),
        ])
        let corpus = try CorpusArchive(decoding: bytes)
        XCTAssertEqual(corpus.entries, [[], Array("SYN".utf8)])
    }

    func testBadCRCIsRefused() throws {
        var bytes = ZipWalk.storedArchive([("x", [1, 2, 3])])
        bytes[30 + 1] ^= 0x01  // the first content byte, after the 30-byte local header and the 1-byte name
        XCTAssertEqual(decodeError(bytes)?.code, .unreadableArchive)
    }

    // MARK: - Errors

    func testNotAZip() {
        XCTAssertEqual(decodeError([])?.code, .unreadableArchive)
        XCTAssertEqual(decodeError(Array("TCPCORP1 and more bytes".utf8))?.code, .unreadableArchive)
        XCTAssertEqual(decodeError([UInt8](repeating: 0x50, count: 100))?.code, .unreadableArchive)
    }

    func testDripFeedEveryPrefixIsRefused() throws {
        let bytes = try CorpusArchive(entries: sample).encoded()
        for length in 0..<bytes.count {
            XCTAssertEqual(
                decodeError(Array(bytes.prefix(length)))?.code, .unreadableArchive, "prefix of \(length) bytes")
        }
        XCTAssertEqual(try CorpusArchive(decoding: bytes).entries, CorpusArchive(entries: sample).entries)
    }

    func testEveryByteFlipThrowsOrKeepsTheContent() throws {
        // A changed name, date or attribute may go unnoticed; changed content never does (CRC-32).
        let corpus = CorpusArchive(entries: [Array("SYN".utf8), [0x01, 0x02, 0x03, 0x04, 0x05]])
        let bytes = try corpus.encoded()
        for index in bytes.indices {
            var flipped = bytes
            flipped[index] ^= 0x20
            if let decoded = try? CorpusArchive(decoding: flipped) {
                XCTAssertEqual(decoded, corpus, "byte \(index) changed the content without an error")
            }
        }
    }

    func testRandomCorruptionsThrowOrKeepTheContent() throws {
        // Several bytes changed at once, in headers and data alike, of a deflated and of a stored archive: the
        // reader may throw, and may read a changed name or date, but must neither trap nor return changed content.
        var generator = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 0...UInt64.max, using: &generator)
        var rng = SplitMix64(seed: seed)
        let corpus = CorpusArchive(entries: sample)
        let archives = [
            try corpus.encoded(),
            ZipWalk.storedArchive(sample.enumerated().map { ("seed-\($0.offset)", $0.element) }),
        ]
        for round in 0..<600 {
            var bytes = archives[round % 2]
            for _ in 0...(rng.next() % 4) {
                let index = Int(rng.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: rng.next())
            }
            if let decoded = try? CorpusArchive(decoding: bytes), decoded != corpus {
                let lengths = decoded.entries.map(\.count)
                XCTFail("round \(round): read back entries of \(lengths) bytes; replay with seed \(seed)")
                let changed = zip(bytes, archives[round % 2]).enumerated().filter { $0.element.0 != $0.element.1 }
                print("changed bytes:", changed.map { "\($0.offset): \($0.element.1) -> \($0.element.0)" })
            }
        }
    }

    func testCallerLimitApplies() throws {
        let corpus = CorpusArchive(entries: sample)
        let total = corpus.totalByteCount
        let bytes = try corpus.encoded()
        XCTAssertEqual(try CorpusArchive(decoding: bytes, maximumUncompressedSize: total).count, 5)
        XCTAssertEqual(decodeError(bytes, limit: total - 1)?.code, .sizeLimitExceeded)
        XCTAssertEqual(decodeError(bytes, limit: 0)?.code, .sizeLimitExceeded)
        XCTAssertThrowsError(try corpus.encoded(maximumUncompressedSize: total - 1)) { error in
            XCTAssertEqual((error as? CorpusArchiveError)?.code, .sizeLimitExceeded)
        }
        XCTAssertEqual(try corpus.encoded(maximumUncompressedSize: total), bytes)
    }

    func testErrorsPrintTheirCodeAndValues() {
        let error = CorpusArchiveError.sizeLimitExceeded("the entries", size: 300, limit: 200)
        XCTAssertEqual(error.description, "sizeLimitExceeded: the entries is 300 bytes, above the limit of 200 bytes")
    }
}

/// Zip archives built and walked by hand, independently of the code under test.
enum ZipWalk {
    /// The names of the local file headers, in file order (the archives here have no data descriptors, so each
    /// local header gives its compressed size).
    static func localNames(_ bytes: [UInt8]) -> [String] {
        var names: [String] = []
        var offset = 0
        while offset + 30 <= bytes.count, bytes[offset..<(offset + 4)].elementsEqual([0x50, 0x4B, 0x03, 0x04]) {
            let compressedSize = littleEndian(bytes, at: offset + 18, count: 4)
            let nameLength = littleEndian(bytes, at: offset + 26, count: 2)
            let extraLength = littleEndian(bytes, at: offset + 28, count: 2)
            names.append(String(decoding: bytes[(offset + 30)..<(offset + 30 + nameLength)], as: UTF8.self))
            offset += 30 + nameLength + extraLength + compressedSize
        }
        return names
    }

    /// A zip of stored (uncompressed) entries, dated 2024-06-01 12:00, with MS-DOS attributes; a `nil` content
    /// makes a directory entry.
    static func storedArchive(_ entries: [(name: String, content: [UInt8]?)]) -> [UInt8] {
        var local: [UInt8] = []
        var central: [UInt8] = []
        for (name, content) in entries {
            let nameBytes = Array(name.utf8)
            let data = content ?? []
            let common: [UInt8] =
                le(0, 2) + le(0, 2) + le(0x6000, 2) + le(0x58C1, 2)  // flags, stored, 12:00:00, 2024-06-01
                + le(UInt32(crc32(data)), 4) + le(UInt32(data.count), 4) + le(UInt32(data.count), 4)
                + le(UInt32(nameBytes.count), 2) + le(0, 2)
            let localOffset = UInt32(local.count)
            local += [0x50, 0x4B, 0x03, 0x04] + le(10, 2) + common + nameBytes + data
            central += [0x50, 0x4B, 0x01, 0x02] + le(20, 2) + le(10, 2) + common
                + le(0, 2) + le(0, 2) + le(0, 2) + le(content == nil ? 0x10 : 0x20, 4) + le(localOffset, 4)
                + nameBytes
        }
        let count = UInt32(entries.count)
        let end: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + le(0, 4) + le(count, 2) + le(count, 2)
            + le(UInt32(central.count), 4) + le(UInt32(local.count), 4) + le(0, 2)
        return local + central + end
    }

    /// CRC-32 (ISO-HDLC, reflected, polynomial 0xEDB88320), as zip uses it.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
        }
        return ~crc
    }

    private static func le(_ value: UInt32, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> UInt32($0 * 8)) }
    }

    private static func littleEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> Int {
        (0..<count).reduce(0) { $0 | Int(bytes[offset + $1]) << ($1 * 8) }
    }
}

/// SplitMix64, a small seedable generator so that random tests can be replayed from a printed seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        // Wrapping arithmetic is the algorithm (Steele, Lea and Flood 2014).
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
