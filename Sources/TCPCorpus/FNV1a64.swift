/// The 64-bit FNV-1a hash, used to name corpus entries when an archive is unpacked to a directory.
///
/// Follows the FNV-1a definition of draft-eastlake-fnv (offset basis `0xcbf29ce484222325`, prime
/// `0x100000001b3`): for each byte, XOR it into the state, then multiply the state by the prime modulo 2^64.
/// It is a naming hash, not a cryptographic one: it is fast and stable across platforms and releases, and
/// nothing here depends on it resisting deliberate collisions (``CorpusArchive/unpack(to:)`` refuses to
/// write two entries under one name).
public struct FNV1a64: Hashable, Sendable {
    /// The 64-bit FNV offset basis, the state before any byte is hashed.
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The 64-bit FNV prime.
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of every byte given so far (the offset basis when none was).
    public private(set) var value: UInt64

    /// Creates a hasher in its initial state, holding the offset basis.
    public init() {
        self.value = Self.offsetBasis
    }

    /// Hashes more bytes, continuing from the current state.
    ///
    /// - Parameter bytes: the bytes to hash, in order.
    public mutating func update(with bytes: some Sequence<UInt8>) {
        var state = value
        for byte in bytes {
            state ^= UInt64(byte)
            // Wrapping multiplication is the algorithm: FNV works modulo 2^64.
            state = state &* Self.prime
        }
        value = state
    }

    /// The FNV-1a 64-bit hash of a byte sequence.
    ///
    /// - Parameter bytes: the bytes to hash.
    /// - Returns: the hash; `offsetBasis` for an empty sequence.
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = FNV1a64()
        hasher.update(with: bytes)
        return hasher.value
    }

    /// The hash of a byte sequence as 16 lowercase hexadecimal digits, zero-padded.
    ///
    /// - Parameter bytes: the bytes to hash.
    /// - Returns: a 16-character string such as `"af63dc4c8601ec8c"`.
    public static func hexDigest(_ bytes: some Sequence<UInt8>) -> String {
        let digits = String(hash(bytes), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
