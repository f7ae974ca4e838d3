/// The random choices of a mutation: a small, fast generator (SplitMix64) seeded from libFuzzer's seed, so that a
/// mutation is reproducible from its seed.
public struct TCPFuzzRandom: Sendable {
    /// The generator's state.
    public private(set) var state: UInt64

    /// Seeds the generator.
    ///
    /// - Parameter seed: libFuzzer's `Seed` argument, or any number.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    ///
    /// - Returns: a uniformly distributed value.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed &>> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed &>> 31)
    }

    /// A number in `0 ..< bound`, or 0 when `bound` is not positive.
    ///
    /// - Parameter bound: one past the largest value wanted.
    /// - Returns: a value below `bound`.
    public mutating func below(_ bound: Int) -> Int {
        guard bound > 0 else { return 0 }
        return Int(truncatingIfNeeded: next() % UInt64(bound))
    }

    /// Whether an event of the given chance happens.
    ///
    /// - Parameter percent: the chance in percent, 0 to 100.
    /// - Returns: `true` about `percent` times in a hundred.
    public mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// One element of a non-empty array.
    ///
    /// - Parameter elements: the choices; must not be empty.
    /// - Returns: one of them.
    public mutating func element<T>(of elements: [T]) -> T {
        elements[below(elements.count)]
    }

    /// A 32-bit value where bugs live: at and around 0, the 2^31 boundary and the 2^32 wrap, or random.
    ///
    /// - Returns: an interesting 32-bit value.
    public mutating func interestingUInt32() -> UInt32 {
        switch below(6) {
        case 0: return UInt32(truncatingIfNeeded: below(4))
        case 1: return UInt32.max &- UInt32(below(4))
        case 2: return 0x8000_0000 &+ UInt32(below(3)) &- 1
        case 3: return 0x7FFF_FFFF &- UInt32(below(2))
        default: return UInt32(truncatingIfNeeded: next())
        }
    }

    /// A 32-bit value near `base`: the same, off by a little, half the number space away, or across the wrap.
    ///
    /// - Parameter base: the value to start from.
    /// - Returns: a value near `base` in sequence space, or at a boundary from it.
    public mutating func nearUInt32(_ base: UInt32) -> UInt32 {
        switch below(6) {
        case 0: return base &+ 1
        case 1: return base &- 1
        case 2: return base &+ 0x8000_0000
        case 3: return base &+ 0x7FFF_FFFF
        case 4: return base &+ UInt32(below(65_536)) &- 32_768
        default: return base &+ UInt32(truncatingIfNeeded: below(1 << 20))
        }
    }

    /// A 16-bit value where bugs live: 0, 1, the top, or random.
    ///
    /// - Returns: an interesting 16-bit value.
    public mutating func interestingUInt16() -> UInt16 {
        switch below(5) {
        case 0: return 0
        case 1: return 1
        case 2: return .max
        case 3: return 0x8000
        default: return UInt16(truncatingIfNeeded: next())
        }
    }
}
