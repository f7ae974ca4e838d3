import TCPCodec
import TCPCodecTesting
import TCPCodecXCTest
import TCPFuzzing
import XCTest

/// The segment mutator: bounds, determinism, checksums, and what each kind of change does.
final class TCPSegmentMutatorTests: XCTestCase {
    let pseudoHeader = TCPSegmentMutator().pseudoHeader

    /// Mutates `input` through the libFuzzer-shaped entry point; `fallbackCalls` counts calls to the fallback.
    func mutate(
        _ input: [UInt8], maxSize: Int, seed: UInt32, mutator: TCPSegmentMutator = TCPSegmentMutator(),
        fallbackCalls: inout Int
    ) -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: maxSize, alignment: 1)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0xEE)
        let size = min(input.count, maxSize)
        input.prefix(size).withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(rebasing: buffer[..<size]).copyMemory(from: source)
        }
        var calls = 0
        let newSize = mutator.mutate(buffer, size: size, seed: seed) { bytes, count in
            calls += 1
            if count < bytes.count { bytes[count] = 0x42 }  // a stand-in byte mutator: appends one byte
            return min(count + 1, bytes.count)
        }
        fallbackCalls += calls
        XCTAssertLessThanOrEqual(newSize, maxSize)
        XCTAssertGreaterThanOrEqual(newSize, 0)
        return Array(UnsafeRawBufferPointer(rebasing: buffer[..<newSize]))
    }

    func testAnyInputAndSizeGivesABoundedResultAndNeverTraps() {
        check("mutate stays within MaxSize for any input", iterations: 2_000) { gen in
            let input = gen.bytes(lengths: 0 ... 120)
            let maxSize = gen.int(in: 0 ... 160)
            var fallbackCalls = 0
            let output = self.mutate(input, maxSize: maxSize, seed: gen.uint32(), fallbackCalls: &fallbackCalls)
            try gen.expect(output.count <= maxSize, "\(output.count) bytes for a MaxSize of \(maxSize)")
            if maxSize < 20 { try gen.expectEqual(fallbackCalls, 1, "no segment fits: the byte mutator is used") }
        }
    }

    func testTheSameSeedGivesTheSameMutation() {
        check("deterministic from its seed", iterations: 300) { gen in
            let input = gen.segment()
            let seed = gen.uint32()
            var calls = 0
            let first = self.mutate(input, maxSize: 512, seed: seed, fallbackCalls: &calls)
            let second = self.mutate(input, maxSize: 512, seed: seed, fallbackCalls: &calls)
            try gen.expectEqual(first, second)
        }
    }

    func testTheChecksumIsRightOrWrongAsConfigured() {
        var right = TCPSegmentMutator()
        right.correctChecksumPercent = 100
        right.fallbackPercent = 0
        right.mutations.remove(.truncate)
        var wrong = right
        wrong.correctChecksumPercent = 0
        check("checksums right at 100 %, wrong at 0 %", iterations: 500) { gen in
            var random = TCPFuzzRandom(seed: gen.next())
            var segment = gen.segment()
            right.mutate(&segment, random: &random, maximumLength: 600)
            try gen.expect(segment.count >= 20, "a segment of \(segment.count) bytes")
            try gen.expect(self.verifies(segment), "a checksum that should be right does not verify")
            var broken = gen.segment()
            wrong.mutate(&broken, random: &random, maximumLength: 600)
            try gen.expect(!self.verifies(broken), "a checksum that should be wrong verifies")
        }
    }

    func testTheDefaultMixMostlyGivesRightChecksums() {
        var mutator = TCPSegmentMutator()
        mutator.mutations.remove(.truncate)
        var random = TCPFuzzRandom(seed: 7)
        var verified = 0
        for _ in 0 ..< 2_000 {
            var segment = [UInt8](repeating: 0, count: 20)
            segment[12] = 0x50
            mutator.mutate(&segment, random: &random)
            if verifies(segment) { verified += 1 }
        }
        // 90 % are written right; a binomial count of 2,000 at p = 0.9 stays within 1,740 ... 1,860 but for one
        // draw in millions.
        XCTAssert((1_740 ... 1_860).contains(verified), "\(verified) of 2,000 verified")
    }

    func verifies(_ segment: [UInt8]) -> Bool {
        segment.count >= 20 && segment.withUnsafeBytes { TCPChecksum.verify(segment: $0, pseudoHeader: pseudoHeader) }
    }

    /// A mutator making only `kind`, always right checksums, no byte-mutator fallback.
    func only(_ kind: TCPSegmentMutation) -> TCPSegmentMutator {
        var mutator = TCPSegmentMutator()
        mutator.mutations = [kind]
        mutator.correctChecksumPercent = 100
        mutator.fallbackPercent = 0
        return mutator
    }

    /// The byte offsets where two segments differ, the checksum field (16, 17) left out.
    func differences(_ a: [UInt8], _ b: [UInt8]) -> Set<Int> {
        var offsets = Set<Int>()
        for index in 0 ..< max(a.count, b.count) where index != 16 && index != 17 {
            if index >= a.count || index >= b.count || a[index] != b[index] { offsets.insert(index) }
        }
        return offsets
    }

    func testFieldMutationsChangeOnlyTheirFields() {
        let fields: [(TCPSegmentMutation, Set<Int>)] = [
            (.flags, [12, 13]), (.sequenceNumbers, Set(4 ..< 12)), (.window, [14, 15]), (.ports, Set(0 ..< 4)),
            (.urgentPointer, [12, 13, 18, 19]), (.dataOffset, [12]),
        ]
        for (kind, allowed) in fields {
            let mutator = only(kind)
            var changed = 0
            check("\(kind) changes only its field", iterations: 200) { gen in
                var random = TCPFuzzRandom(seed: gen.next())
                let original = gen.segment()
                var segment = original
                mutator.mutate(&segment, random: &random)
                let diff = self.differences(original, segment)
                try gen.expect(diff.isSubset(of: allowed), "\(kind) changed bytes \(diff.sorted())")
                if !diff.isEmpty { changed += 1 }
                if kind == .flags {
                    try gen.expectEqual(segment[12] >> 4, original[12] >> 4, "flags changed the data offset")
                }
            }
            XCTAssertGreaterThan(changed, 100, "\(kind) changed something in most segments")
        }
    }

    /// The options of a segment as a framing walk reads them, or `nil` when the segment does not decode.
    func framedOptions(_ segment: [UInt8]) -> [TCPOption]? {
        segment.withUnsafeBytes { raw in
            guard let view = try? TCPSegmentView(raw, optionChecking: .framing) else { return nil }
            return Array(view.options)
        }
    }

    func testInsertedOptionsAreWellFramedAndDuplicatesRepeatAnOption() {
        let insert = only(.insertOption)
        let duplicate = only(.duplicateOption)
        var grew = 0
        var repeated = 0
        check("insert and duplicate keep the options framed", iterations: 400) { gen in
            var random = TCPFuzzRandom(seed: gen.next())
            let original = gen.segment()
            guard let before = self.framedOptions(original) else {
                try gen.expect(false, "a generated segment does not decode")
                return
            }
            var inserted = original
            insert.mutate(&inserted, random: &random)
            guard let after = self.framedOptions(inserted) else {
                try gen.expect(false, "an inserted option broke the framing")
                return
            }
            if after.count > before.count { grew += 1 }
            var doubled = original
            duplicate.mutate(&doubled, random: &random)
            guard let twice = self.framedOptions(doubled) else {
                try gen.expect(false, "a duplicated option broke the framing")
                return
            }
            if twice.count > before.count { repeated += 1 }
        }
        XCTAssertGreaterThan(grew, 100)
        XCTAssertGreaterThan(repeated, 100)
    }

    func testResizedOptionsBreakTheirFramingOrLengthRule() {
        let resize = only(.resizeOption)
        var broken = 0
        var attempts = 0
        check("resize breaks an option", iterations: 400) { gen in
            var random = TCPFuzzRandom(seed: gen.next())
            var segment = gen.segment()
            let decodedBefore = segment.withUnsafeBytes { (try? TCPSegmentView($0)) != nil }
            resize.mutate(&segment, random: &random)
            let decodesAfter = segment.withUnsafeBytes { (try? TCPSegmentView($0)) != nil }
            if decodedBefore {
                attempts += 1
                if !decodesAfter { broken += 1 }
            }
        }
        XCTAssertGreaterThan(broken * 2, attempts, "\(broken) of \(attempts) valid segments broken by a resize")
    }

    func testTruncationCutsAtTheBoundaries() {
        let truncate = only(.truncate)
        var lengths = Set<Int>()
        var random = TCPFuzzRandom(seed: 99)
        let original: [UInt8] = [
            0x9C, 0x40, 0x01, 0xBB, 0, 0, 0, 1, 0, 0, 0, 0, 0x70, 0x02, 0xFA, 0xF0, 0, 0, 0, 0,
            0x02, 0x04, 0x05, 0xB4, 0x04, 0x02, 0x01, 0x01, 1, 2, 3, 4,
        ]
        for _ in 0 ..< 500 {
            var segment = original
            truncate.mutate(&segment, random: &random)
            XCTAssertLessThanOrEqual(segment.count, original.count)
            lengths.insert(segment.count)
        }
        XCTAssertTrue(lengths.isSuperset(of: [19, 27, 28]), "cuts seen: \(lengths.sorted())")
        XCTAssertTrue(lengths.contains { $0 < 19 })
    }

    func testOptionValuesMutateTheValuesOfMSSWindowScaleTimestampsAndSACK() {
        let values = only(.optionValues)
        var random = TCPFuzzRandom(seed: 3)
        // MSS 1460, window scale 7, NOP; NOP, NOP, timestamps 1 and 2; NOP, NOP, SACK 100-200: 32 option bytes.
        var segment: [UInt8] = [0, 1, 0, 2, 0, 0, 0, 9, 0, 0, 0, 100, 0xD0, 0x10, 1, 0, 0, 0, 0, 0]
        segment += [2, 4, 5, 0xB4, 3, 3, 7, 1, 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1, 5, 10, 0, 0, 0, 100]
        segment += [0, 0, 0, 200]
        XCTAssertEqual(segment.count, 52)
        var changedOffsets = Set<Int>()
        for _ in 0 ..< 400 {
            var mutated = segment
            values.mutate(&mutated, random: &random)
            XCTAssertEqual(mutated.count, 52)
            changedOffsets.formUnion(differences(segment, mutated))
        }
        XCTAssertTrue(changedOffsets.isSubset(of: [22, 23, 26] + Array(32 ..< 40) + Array(44 ..< 52)),
                      "changed: \(changedOffsets.sorted())")
        XCTAssertTrue(changedOffsets.contains(23) && changedOffsets.contains(26), "MSS and shift changed")
        XCTAssertTrue(changedOffsets.contains(35) && changedOffsets.contains(47), "TSval and a SACK edge changed")
    }
}
