/// A small, fast, seeded pseudo-random number generator: xoshiro256** seeded through SplitMix64.
///
/// The same seed gives the same numbers on every machine and every run, so any value generated from it can be
/// produced again from the seed alone. Not for cryptography. No Foundation needed.
///
/// ```swift
/// var random = TestRandom(seed: 42)
/// let port = UInt16.random(in: 1 ... 1023, using: &random)
/// ```
public struct TestRandom: RandomNumberGenerator, Sendable {
    @usableFromInline
    internal var state: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a generator whose whole output follows from `seed`.
    ///
    /// - Parameter seed: any 64-bit value; the four words of state are drawn from it with SplitMix64, so that
    ///   neighbouring seeds give unrelated streams and no seed gives the all-zero state.
    public init(seed: UInt64) {
        var mixer = seed
        state = (
            TestRandom.splitMix64(&mixer), TestRandom.splitMix64(&mixer),
            TestRandom.splitMix64(&mixer), TestRandom.splitMix64(&mixer)
        )
    }

    /// The next 64 random bits (xoshiro256**).
    ///
    /// - Returns: a uniformly distributed 64-bit value.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = (state.1 &* 5).rotatedLeft(by: 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = state.3.rotatedLeft(by: 45)
        return result
    }

    /// One step of SplitMix64: advances `state` and returns a well-mixed value of it.
    ///
    /// Useful on its own to derive independent seeds from a base seed and a counter.
    ///
    /// - Parameter state: the running state, advanced by the golden-ratio increment.
    /// - Returns: the mixed value.
    @inlinable
    public static func splitMix64(_ state: inout UInt64) -> UInt64 {
        // Wrapping is the meaning: SplitMix64 works modulo 2^64.
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// Hashes a string to a 64-bit seed (FNV-1a over its UTF-8 bytes), e.g. a property's name.
    ///
    /// - Parameter text: the text to hash.
    /// - Returns: the same seed for the same text on every machine.
    public static func seed(from text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            // Wrapping is the meaning: FNV-1a multiplies modulo 2^64.
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

extension UInt64 {
    /// The bits rotated left by `count` places (0 < count < 64).
    @inlinable
    internal func rotatedLeft(by count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 &- count))
    }
}
