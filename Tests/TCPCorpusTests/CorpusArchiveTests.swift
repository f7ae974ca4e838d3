import XCTest
@testable import TCPCorpus

/// Tests of ``CorpusArchive``'s in-memory encoding and decoding, including every error the reader throws.
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

    /// Builds an archive around any payload, bypassing the writer's canonical form, with an optional
    /// declared size that differs from the real one.
    private func archive(payload: [UInt8], declaredSize: UInt64? = nil) throws -> [UInt8] {
        let size = declaredSize ?? UInt64(payload.count)
        var bytes = CorpusArchive.magic
        bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: size >> UInt64($0 * 8)) }
        bytes += try Zlib.compress(payload)
        return bytes
    }

    /// A payload from a count and entries in the order given.
    private func payload(count: UInt32? = nil, entries: [[UInt8]]) -> [UInt8] {
        func be32(_ value: UInt32) -> [UInt8] {
            [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
             UInt8(truncatingIfNeeded: value)]
        }
        var bytes = be32(count ?? UInt32(entries.count))
        for entry in entries {
            bytes += be32(UInt32(entry.count)) + entry
        }
        return bytes
    }

    /// Decodes and returns the error code, failing the test if decoding succeeds.
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
        // Decoding and re-encoding an archive gives the same bytes: the reader accepts only canonical form.
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

    func testHeaderAndPayloadLayout() throws {
        let corpus = CorpusArchive(entries: [Array("bc".utf8), Array("a".utf8)])
        let bytes = try corpus.encoded()
        XCTAssertEqual(Array(bytes[0..<8]), [0x54, 0x43, 0x50, 0x43, 0x4F, 0x52, 0x50, 0x31])  // "TCPCORP1"
        XCTAssertEqual(Array(bytes[8..<16]), [0, 0, 0, 0, 0, 0, 0, 15])  // payload size 15, UInt64 BE
        XCTAssertEqual(Array(bytes[16..<18]), [0x78, 0xDA])  // zlib header: deflate, 32 KiB window, level 9
        let payload = try Zlib.inflate(bytes[16...], declaredSize: 15, fileOffset: 16)
        XCTAssertEqual(payload, [
            0x00, 0x00, 0x00, 0x02,  // entry count 2
            0x00, 0x00, 0x00, 0x01,  // entry 0 length 1
            0x61,  // "a"
            0x00, 0x00, 0x00, 0x02,  // entry 1 length 2
            0x62, 0x63,  // "bc"
        ])
        XCTAssertEqual(corpus.payloadByteCount, 15)
    }

    func testHandBuiltArchiveDecodes() throws {
        let bytes = try archive(payload: payload(entries: [[], [0x41], [0x41, 0x00]]))
        XCTAssertEqual(try CorpusArchive(decoding: bytes).entries, [[], [0x41], [0x41, 0x00]])
    }

    // MARK: - Errors: magic and header

    func testBadMagic() throws {
        var bytes = try CorpusArchive(entries: sample).encoded()
        bytes[7] = UInt8(ascii: "2")
        XCTAssertEqual(decodeError(bytes)?.code, .badMagic)
        XCTAssertEqual(decodeError([0x50, 0x4B, 0x03, 0x04])?.code, .badMagic)
        XCTAssertEqual(decodeError(Array("TCX".utf8))?.code, .badMagic)
        XCTAssertEqual(decodeError(Array("TCPCORP1".utf8).reversed())?.code, .badMagic)
        let error = decodeError([0x50, 0x4B, 0x03, 0x04])
        XCTAssertEqual(error?.offset, 0)
        XCTAssertEqual(error?.description, "badMagic: the archive starts with 50 4b 03 04, not the magic \"TCPCORP1\"")
    }

    func testDripFeedEveryPrefixIsTruncated() throws {
        let bytes = try CorpusArchive(entries: sample).encoded()
        for length in 0..<bytes.count {
            let error = decodeError(Array(bytes.prefix(length)))
            let context = "prefix of \(length) of \(bytes.count) bytes: \(String(describing: error))"
            XCTAssertEqual(error?.code, .truncated, context)
        }
        XCTAssertNoThrow(try CorpusArchive(decoding: bytes))
    }

    // MARK: - Errors: sizes

    func testOversizeDeclarationIsRefusedBeforeAllocating() throws {
        var bytes = try CorpusArchive(entries: sample).encoded()
        // Declare 256 MiB + 1: one above the default limit.
        let declared = UInt64(CorpusArchive.defaultMaximumUncompressedSize + 1)
        for index in 0..<8 {
            bytes[8 + index] = UInt8(truncatingIfNeeded: declared >> UInt64((7 - index) * 8))
        }
        XCTAssertEqual(decodeError(bytes)?.code, .sizeLimitExceeded)
        for index in 8..<16 {
            bytes[index] = 0xFF  // UInt64.max
        }
        XCTAssertEqual(decodeError(bytes)?.code, .sizeLimitExceeded)
        // A header alone, with no stream at all, is refused on the size too.
        XCTAssertEqual(decodeError(Array(bytes.prefix(16)))?.code, .sizeLimitExceeded)
    }

    func testCallerLimitApplies() throws {
        let corpus = CorpusArchive(entries: sample)
        let bytes = try corpus.encoded()
        let size = corpus.payloadByteCount
        XCTAssertNoThrow(try CorpusArchive(decoding: bytes, maximumUncompressedSize: size))
        XCTAssertEqual(decodeError(bytes, limit: size - 1)?.code, .sizeLimitExceeded)
        XCTAssertThrowsError(try corpus.encoded(maximumUncompressedSize: size - 1)) { error in
            XCTAssertEqual((error as? CorpusArchiveError)?.code, .sizeLimitExceeded)
        }
        XCTAssertNoThrow(try corpus.encoded(maximumUncompressedSize: size))
    }

    func testDeclaredSizeMustMatchTheStream() throws {
        let body = payload(entries: sample.sorted { $0.lexicographicallyPrecedes($1) })
        let short = try archive(payload: body, declaredSize: UInt64(body.count - 1))
        let long = try archive(payload: body, declaredSize: UInt64(body.count + 1))
        let zero = try archive(payload: body, declaredSize: 0)
        XCTAssertEqual(decodeError(short)?.code, .sizeMismatch)
        XCTAssertEqual(decodeError(long)?.code, .sizeMismatch)
        XCTAssertEqual(decodeError(zero)?.code, .sizeMismatch)
    }

    // MARK: - Errors: zlib stream

    func testCorruptedZlibHeader() throws {
        var bytes = try CorpusArchive(entries: sample).encoded()
        bytes[16] = 0x00
        let error = decodeError(bytes)
        XCTAssertEqual(error?.code, .zlibFailure)
        XCTAssertTrue(error?.description.contains("incorrect header check") ?? false, "\(String(describing: error))")
    }

    func testCorruptedAdler32() throws {
        var bytes = try CorpusArchive(entries: sample).encoded()
        bytes[bytes.count - 1] ^= 0x01
        let error = decodeError(bytes)
        XCTAssertEqual(error?.code, .zlibFailure)
        XCTAssertTrue(error?.description.contains("incorrect data check") ?? false, "\(String(describing: error))")
    }

    func testEveryByteFlipThrowsOrKeepsTheContent() throws {
        let corpus = CorpusArchive(entries: sample)
        let bytes = try corpus.encoded()
        for index in bytes.indices {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var corrupted = bytes
                corrupted[index] ^= mask
                // Deflate has bits that carry nothing (padding after the final block), so a flip may decode;
                // then Adler-32 has checked the payload and it must be unchanged. Anything else must throw.
                if let decoded = try? CorpusArchive(decoding: corrupted) {
                    XCTAssertEqual(decoded, corpus, "flip \(mask) at \(index)")
                    XCTAssertGreaterThan(index, CorpusArchive.headerSize, "flip \(mask) at \(index)")
                }
            }
        }
    }

    func testNotAZlibStream() throws {
        var bytes = CorpusArchive.magic + [0, 0, 0, 0, 0, 0, 0, 4]
        bytes += Array("plain text, not deflate".utf8)
        XCTAssertEqual(decodeError(bytes)?.code, .zlibFailure)
    }

    func testTrailingBytesAfterStream() throws {
        let bytes = try CorpusArchive(entries: sample).encoded()
        let error = decodeError(bytes + [0x00])
        XCTAssertEqual(error?.code, .trailingBytes)
        XCTAssertEqual(error?.offset, bytes.count)
        XCTAssertEqual(decodeError(bytes + bytes)?.code, .trailingBytes)
    }

    // MARK: - Errors: payload

    func testPayloadTooShortForCount() throws {
        XCTAssertEqual(decodeError(try archive(payload: []))?.code, .truncated)
        XCTAssertEqual(decodeError(try archive(payload: [0, 0, 1]))?.code, .truncated)
    }

    func testPayloadWithMissingEntries() throws {
        let missing = try archive(payload: payload(count: 3, entries: [[1], [2]]))
        XCTAssertEqual(decodeError(missing)?.code, .truncated)
        // A count far beyond what the payload can hold is refused before any capacity is reserved for it.
        let absurd = try archive(payload: payload(count: .max, entries: [[1]]))
        XCTAssertEqual(decodeError(absurd)?.code, .truncated)
    }

    func testPayloadEntryLongerThanPayload() throws {
        var body = payload(entries: [[1, 2, 3]])
        body[7] = 200  // entry 0 claims 200 bytes; 3 remain
        let error = decodeError(try archive(payload: body))
        XCTAssertEqual(error?.code, .truncated)
        XCTAssertEqual(error?.offset, 8)
    }

    func testPayloadTrailingBytes() throws {
        let body = payload(entries: [[1], [2]]) + [0xEE]
        XCTAssertEqual(decodeError(try archive(payload: body))?.code, .trailingBytes)
        let fewer = try archive(payload: payload(count: 1, entries: [[1], [2]]))
        XCTAssertEqual(decodeError(fewer)?.code, .trailingBytes)
    }

    func testNonCanonicalOrderIsRejected() throws {
        let duplicate = decodeError(try archive(payload: payload(entries: [[1], [1]])))
        XCTAssertEqual(duplicate?.code, .notCanonical)
        XCTAssertTrue(duplicate?.description.contains("repeats") ?? false)
        let descending = decodeError(try archive(payload: payload(entries: [[2], [1]])))
        XCTAssertEqual(descending?.code, .notCanonical)
        let prefixAfter = decodeError(try archive(payload: payload(entries: [[1, 0], [1]])))
        XCTAssertEqual(prefixAfter?.code, .notCanonical)
        XCTAssertEqual(prefixAfter?.offset, 4 + 4 + 2)
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
