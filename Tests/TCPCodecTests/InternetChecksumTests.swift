import TCPCodec
import XCTest

final class InternetChecksumTests: XCTestCase {
    func testRFC1071Example() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to 0xddf2.
        let bytes: [UInt8] = [0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7]
        bytes.withUnsafeBytes { raw in
            XCTAssertEqual(InternetChecksum.sum(raw), 0xDDF2)
            XCTAssertEqual(InternetChecksum.checksum(raw), 0x220D)
        }
    }

    func testEveryLengthAndAlignmentAgainstTheReference() {
        let seed: UInt64 = 0x1071_1624
        var generator = SplitMix64(seed: seed)
        // Mostly 0xFF bytes stress the carries; random bytes cover the rest.
        let random = randomBytes(256, using: &generator)
        let ones = [UInt8](repeating: 0xFF, count: 256)
        for source in [random, ones] {
            for alignment in 0 ... 15 {
                for length in 0 ... 200 {
                    let slice = Array(source[alignment ..< alignment + length])
                    let expected = referenceSum(slice)
                    source.withUnsafeBytes { raw in
                        let piece = UnsafeRawBufferPointer(rebasing: raw[alignment ..< alignment + length])
                        XCTAssertEqual(InternetChecksum.sum(piece), expected,
                                       "seed \(seed) alignment \(alignment) length \(length)")
                        XCTAssertEqual(InternetChecksum.checksum(piece), ~expected)
                    }
                }
            }
        }
    }

    func testInitialValueIsAddedInOnesComplement() {
        var generator = SplitMix64(seed: 42)
        for initial: UInt32 in [0, 1, 0xFFFF, 0x1_0000, 0x2_FFFD, 0xFFFF_FFFF] {
            for length in [0, 1, 2, 63, 64, 65, 1500] {
                let bytes = randomBytes(length, using: &generator)
                bytes.withUnsafeBytes { raw in
                    XCTAssertEqual(InternetChecksum.sum(raw, initial: initial),
                                   referenceSum(bytes, initial: UInt64(initial)), "initial \(initial) length \(length)")
                }
            }
        }
    }

    func testFold() {
        XCTAssertEqual(InternetChecksum.fold(0), 0)
        XCTAssertEqual(InternetChecksum.fold(0xFFFF), 0xFFFF)
        XCTAssertEqual(InternetChecksum.fold(0x1_0000), 1)
        XCTAssertEqual(InternetChecksum.fold(0x1_FFFE), 0xFFFF)
        XCTAssertEqual(InternetChecksum.fold(UInt64.max), 0xFFFF)
        XCTAssertEqual(InternetChecksum.fold(0x1_0000_0000), 1)
        XCTAssertEqual(InternetChecksum.fold(0x0001_0002_0003_0004), 10)
    }

    func testAccumulatorWithArbitrarySplits() {
        let seed: UInt64 = 0xACC0
        var generator = SplitMix64(seed: seed)
        for round in 0 ..< 300 {
            let length = Int.random(in: 0 ... 300, using: &generator)
            let bytes = randomBytes(length, using: &generator)
            let initial = UInt32.random(in: 0 ... 0x3_FFFF, using: &generator)
            var accumulator = InternetChecksum.Accumulator(initial: initial)
            var start = 0
            while start < length {
                let piece = Int.random(in: 0 ... min(9, length - start), using: &generator)
                bytes.withUnsafeBytes { accumulator.add(UnsafeRawBufferPointer(rebasing: $0[start ..< start + piece])) }
                start += piece
            }
            let expected = referenceSum(bytes, initial: UInt64(initial))
            XCTAssertEqual(accumulator.sum, expected, "seed \(seed) round \(round)")
            XCTAssertEqual(accumulator.checksum, ~expected)
        }
        XCTAssertEqual(InternetChecksum.Accumulator().sum, 0)
    }

    func testUpdateMatchesRecompute() {
        var generator = SplitMix64(seed: 1624)
        for round in 0 ..< 500 {
            var bytes = randomBytes(40, using: &generator)
            let before = ~referenceSum(bytes)
            // A 16-bit word, a 32-bit field and a run of bytes at an odd offset.
            switch round % 3 {
            case 0:
                let old = UInt16(bytes[6]) << 8 | UInt16(bytes[7])
                let new = UInt16.random(in: 0 ... .max, using: &generator)
                bytes[6] = UInt8(new >> 8)
                bytes[7] = UInt8(truncatingIfNeeded: new)
                XCTAssertEqual(InternetChecksum.update(before, replacing: old, with: new), ~referenceSum(bytes))
            case 1:
                let old = bytes[8 ..< 12].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                let new = UInt32.random(in: 0 ... .max, using: &generator)
                for index in 0 ..< 4 { bytes[8 + index] = UInt8(truncatingIfNeeded: new >> (24 - 8 * index)) }
                XCTAssertEqual(InternetChecksum.update(before, replacing: old, with: new), ~referenceSum(bytes))
            default:
                let offset = Int.random(in: 0 ... 30, using: &generator)
                let count = Int.random(in: 1 ... 9, using: &generator)
                let old = Array(bytes[offset ..< offset + count])
                let new = randomBytes(count, using: &generator)
                bytes.replaceSubrange(offset ..< offset + count, with: new)
                let updated = old.withUnsafeBytes { oldRaw in
                    new.withUnsafeBytes { newRaw in
                        InternetChecksum.update(
                            before, replacing: oldRaw, with: newRaw, startsAtOddOffset: offset % 2 == 1)
                    }
                }
                XCTAssertEqual(updated, ~referenceSum(bytes), "offset \(offset) count \(count)")
            }
        }
    }

    /// RFC 1624 section 3: with the old equation 2 an update could produce 0xFFFF where a recompute gives 0x0000.
    func testUpdateNeverGivesNegativeZero() {
        // Data whose checksum is 0x0000: words summing to 0xFFFF. A protocol word of 6 stands in for the TCP
        // pseudo-header, so the sum is never +0.
        var words: [UInt16] = [0x0006, 0x1234, 0x0000]
        words[2] = 0xFFFF - 0x0006 - 0x1234
        func checksum(_ words: [UInt16]) -> UInt16 {
            ~referenceSum(words.flatMap { [UInt8($0 >> 8), UInt8(truncatingIfNeeded: $0)] })
        }
        XCTAssertEqual(checksum(words), 0x0000)
        // Changing a word to the same value, and changing it away and back, keeps 0x0000.
        XCTAssertEqual(InternetChecksum.update(0x0000, replacing: words[1], with: words[1]), 0x0000)
        let away = InternetChecksum.update(0x0000, replacing: words[1], with: 0x1235)
        var changed = words
        changed[1] = 0x1235
        XCTAssertEqual(away, checksum(changed))
        XCTAssertEqual(InternetChecksum.update(away, replacing: 0x1235, with: words[1]), 0x0000)
        // Reaching 0x0000 from another value.
        XCTAssertEqual(InternetChecksum.update(checksum(changed), replacing: UInt16(0x1235), with: 0x1234), 0x0000)
        // Replacing 0x0000 by 0xFFFF (both ones' complement zero) keeps the checksum; it stays 0x0000.
        var zeroWord: [UInt16] = [0x0006, 0x0000, 0xFFF9]
        XCTAssertEqual(checksum(zeroWord), 0x0000)
        XCTAssertEqual(InternetChecksum.update(0x0000, replacing: UInt16(0x0000), with: 0xFFFF), 0x0000)
        zeroWord[1] = 0xFFFF
        XCTAssertEqual(checksum(zeroWord), 0x0000)
        // 32-bit and byte forms agree.
        XCTAssertEqual(InternetChecksum.update(0x0000, replacing: UInt32(0x0000_1234), with: 0x0000_1234), 0x0000)
        let same: [UInt8] = [0x12, 0x34]
        same.withUnsafeBytes { raw in
            XCTAssertEqual(InternetChecksum.update(0x0000, replacing: raw, with: raw), 0x0000)
        }
    }
}
