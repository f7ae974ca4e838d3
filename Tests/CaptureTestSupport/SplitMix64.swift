/// A small deterministic generator (SplitMix64) so that randomised tests replay exactly from a printed seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; advances by a fixed odd constant on each draw.
    public var state: UInt64

    /// Makes a generator that starts from `seed`.
    ///
    /// - Parameter seed: the seed a failing test prints.
    public init(seed: UInt64) {
        state = seed
    }

    /// Draws the next 64 random bits.
    ///
    /// - Returns: the bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15  // Wrapping is the algorithm.
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
