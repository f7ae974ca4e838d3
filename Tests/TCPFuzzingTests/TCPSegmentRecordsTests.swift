import TCPCodec
import TCPCodecTesting
import TCPCodecXCTest
import TCPFuzzing
import XCTest

/// The record format for stateful targets, and the sequence mutations.
final class TCPSegmentRecordsTests: XCTestCase {
    func testParseReadsRecordsAndKeepsACutLastOne() {
        let bytes: [UInt8] = [0, 2, 0xAA, 0xBB, 0, 0, 0, 3, 1, 2]
        let records = bytes.withUnsafeBytes { TCPSegmentRecords.parse($0) }
        XCTAssertEqual(records, [[0xAA, 0xBB], [], [1, 2]])
        XCTAssertEqual(TCPSegmentRecords.serialize([[0xAA, 0xBB], []]), [0, 2, 0xAA, 0xBB, 0, 0])
        XCTAssertEqual([UInt8]([7]).withUnsafeBytes { TCPSegmentRecords.parse($0) }, [])
    }

    func testSerializeThenParseIsTheIdentity() {
        check("parse(serialize(x)) == x", iterations: 300) { gen in
            let records = (0 ..< gen.int(in: 0 ... 6)).map { _ in gen.bytes(lengths: 0 ... 80) }
            let bytes = TCPSegmentRecords.serialize(records)
            try gen.expectEqual(bytes.withUnsafeBytes { TCPSegmentRecords.parse($0) }, records)
        }
    }

    func testMutationKeepsTheFormatAndTheBound() {
        check("mutated inputs parse and fit", iterations: 1_000) { gen in
            let input = gen.chance(50)
                ? TCPSegmentRecords.serialize((0 ..< gen.int(in: 1 ... 5)).map { _ in gen.segment() })
                : gen.bytes(lengths: 0 ... 100)
            let maxSize = gen.int(in: 0 ... 1_200)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: maxSize, alignment: 1)
            defer { buffer.deallocate() }
            let size = min(input.count, maxSize)
            input.prefix(size).withUnsafeBytes {
                UnsafeMutableRawBufferPointer(rebasing: buffer[..<size]).copyMemory(from: $0)
            }
            var fallbacks = 0
            let newSize = TCPSegmentRecords.mutate(buffer, size: size, seed: gen.uint32()) { _, count in
                fallbacks += 1
                return count
            }
            try gen.expect(newSize <= maxSize, "\(newSize) > \(maxSize)")
            if fallbacks == 0 {
                let records = TCPSegmentRecords.parse(UnsafeRawBufferPointer(rebasing: buffer[..<newSize]))
                try gen.expect(!records.isEmpty, "a structured mutation emptied the sequence")
                try gen.expectEqual(
                    TCPSegmentRecords.serialize(records).count, newSize, "the result is whole records")
            }
        }
    }

    /// The mutators' common ending: a result that fits is copied in and its size returned, without the fallback;
    /// one that does not leaves the buffer to libFuzzer's byte mutator, whose size is kept within the buffer.
    func testStoreCopiesWhatFitsAndFallsBackOtherwise() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8, alignment: 1)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0xEE)
        var fallbacks = 0
        let fits = store([1, 2, 3, 4, 5, 6, 7, 8], in: buffer, size: 3) { _, count in
            fallbacks += 1
            return count
        }
        XCTAssertEqual(fits, 8)
        XCTAssertEqual(Array(buffer), [1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(fallbacks, 0)
        let tooLong = store(Array(repeating: 9, count: 9), in: buffer, size: 3) { target, count in
            fallbacks += 1
            XCTAssertEqual(count, 3)
            target[0] = 0x42
            return 1_000  // a size past the buffer: clamped
        }
        XCTAssertEqual(tooLong, 8)
        XCTAssertEqual(fallbacks, 1)
        XCTAssertEqual(Array(buffer), [0x42, 2, 3, 4, 5, 6, 7, 8], "nothing of the result that did not fit is copied")
    }

    func testSequenceMutationsRepeatDropAndReorder() {
        var random = TCPFuzzRandom(seed: 1)
        var counts = Set<Int>()
        var orders = Set<[Int]>()
        for _ in 0 ..< 500 {
            var elements = [1, 2, 3, 4]
            TCPSequenceMutation.mutate(&elements, random: &random, maximumCount: 6) { element, _ in element += 10 }
            XCTAssertFalse(elements.isEmpty)
            XCTAssertLessThanOrEqual(elements.count, 6)
            counts.insert(elements.count)
            orders.insert(elements)
        }
        XCTAssertTrue(counts.isSuperset(of: [3, 4, 5]), "lengths seen: \(counts.sorted())")
        XCTAssertTrue(orders.contains([2, 1, 3, 4]) || orders.contains([1, 3, 2, 4]) || orders.contains([1, 2, 4, 3]))
        XCTAssertTrue(orders.contains { $0.contains { $0 > 10 } }, "an element was mutated")
    }

    func testRandomHelpersStayInRange() {
        var random = TCPFuzzRandom(seed: 5)
        for bound in [-3, 0, 1, 2, 7, 1_000] {
            for _ in 0 ..< 200 {
                let value = random.below(bound)
                XCTAssertTrue(bound <= 0 ? value == 0 : (0 ..< bound).contains(value))
            }
        }
        var seen = Set<UInt32>()
        for _ in 0 ..< 2_000 { seen.insert(random.interestingUInt32()) }
        XCTAssertTrue(seen.contains(0) && seen.contains(.max) && seen.contains(0x8000_0000))
    }
}
