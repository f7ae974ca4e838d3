/// SHA-1 (FIPS 180-4, section 6.1), used only to name corpus entries the way libFuzzer names its corpus files.
///
/// libFuzzer writes each new input to a file named by the SHA-1 of its content (40 lowercase hex digits), and so do
/// `-merge=1` and ClusterFuzz's corpus pruning. Naming the entries of an archive the same way makes an unzipped seed
/// corpus the same directory libFuzzer would have written. It is a naming hash here, nothing more: nothing relies on
/// it resisting deliberate collisions, and ``CorpusArchive/encoded(maximumUncompressedSize:)`` refuses two entries
/// with one name.
struct SHA1 {
    /// The five 32-bit words of the state, initialised to H(0) of FIPS 180-4, section 5.3.1.
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)

    /// Hashes `message` and returns the digest as 40 lowercase hexadecimal digits.
    ///
    /// - Parameter message: the bytes to hash.
    /// - Returns: for example `"da39a3ee5e6b4b0d3255bfef95601890afd80709"` for no bytes.
    static func hexDigest(_ message: [UInt8]) -> String {
        var hasher = SHA1()
        // Padding (section 5.1.1): a 1 bit, zeros up to 56 bytes modulo 64, then the length in bits, big-endian.
        var padded = message
        padded.append(0x80)
        while padded.count % 64 != 56 {
            padded.append(0)
        }
        // A message of 2^61 bytes or more cannot be held in memory, so the bit length fits 64 bits.
        let bitLength = UInt64(message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) {
            padded.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        for blockStart in stride(from: 0, to: padded.count, by: 64) {
            hasher.compress(padded[blockStart..<(blockStart + 64)])
        }
        let words = [hasher.state.0, hasher.state.1, hasher.state.2, hasher.state.3, hasher.state.4]
        return words.map { word in
            let digits = String(word, radix: 16)
            return String(repeating: "0", count: 8 - digits.count) + digits
        }.joined()
    }

    /// Processes one 64-byte block (section 6.1.2). All additions are modulo 2^32, as the standard defines them.
    private mutating func compress(_ block: ArraySlice<UInt8>) {
        assert(block.count == 64)
        var schedule = [UInt32](repeating: 0, count: 80)
        for index in 0..<16 {
            let offset = block.startIndex + index * 4
            schedule[index] = block[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
        }
        for index in 16..<80 {
            let mixed = schedule[index - 3] ^ schedule[index - 8] ^ schedule[index - 14] ^ schedule[index - 16]
            schedule[index] = mixed.rotatedLeft(by: 1)
        }
        var (a, b, c, d, e) = state
        for index in 0..<80 {
            let function: UInt32
            let constant: UInt32
            switch index {
            case 0..<20:
                function = (b & c) | (~b & d)
                constant = 0x5A82_7999
            case 20..<40:
                function = b ^ c ^ d
                constant = 0x6ED9_EBA1
            case 40..<60:
                function = (b & c) | (b & d) | (c & d)
                constant = 0x8F1B_BCDC
            default:
                function = b ^ c ^ d
                constant = 0xCA62_C1D6
            }
            let temporary = a.rotatedLeft(by: 5) &+ function &+ e &+ constant &+ schedule[index]
            e = d
            d = c
            c = b.rotatedLeft(by: 30)
            b = a
            a = temporary
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e)
    }
}

extension UInt32 {
    /// The word rotated left by `count` bits, `0 < count < 32` (ROTL of FIPS 180-4, section 3.2).
    fileprivate func rotatedLeft(by count: UInt32) -> UInt32 {
        (self << count) | (self >> (32 - count))
    }
}
