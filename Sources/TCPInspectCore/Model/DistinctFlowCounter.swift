#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PacketCapture
import TCPValidation

/// Counts distinct flows (address and port pairs, both directions once, with their VLAN tags) in bounded memory:
/// exactly up to ``exactLimit`` of them, then as an estimate.
///
/// Past the limit the exact set is folded into a HyperLogLog sketch of 2^14 one-byte registers (16 KiB; standard
/// error about 0.8 %), fed with a fixed hash of the key so the same capture always gives the same estimate.
struct DistinctFlowCounter {
    /// The most flows counted exactly: about 4 MB of keys.
    static let exactLimit = 65536
    /// log2 of the number of registers.
    static let registerBits = 14

    private var exact: Set<TCPFlowKey> = []
    private var registers: [UInt8] = []

    /// Whether the count is an estimate.
    var isEstimated: Bool { !registers.isEmpty }

    /// Counts a flow's key.
    mutating func insert(_ key: TCPFlowKey) {
        if registers.isEmpty {
            exact.insert(key)
            guard exact.count > Self.exactLimit else { return }
            registers = [UInt8](repeating: 0, count: 1 << Self.registerBits)
            for known in exact { add(Self.hash(known)) }
            exact = []
            return
        }
        add(Self.hash(key))
    }

    /// The number of distinct flows, exact or estimated.
    var count: UInt64 {
        guard isEstimated else { return UInt64(exact.count) }
        let registerCount = Double(registers.count)
        var sum = 0.0
        var zeros = 0
        for register in registers {
            sum += 1.0 / Double(UInt64(1) << UInt64(register))
            if register == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / registerCount)
        var estimate = alpha * registerCount * registerCount / sum
        if estimate <= 2.5 * registerCount && zeros > 0 {
            // Linear counting for small cardinalities.
            estimate = registerCount * log(registerCount / Double(zeros))
        }
        return UInt64(estimate.rounded())
    }

    private mutating func add(_ hash: UInt64) {
        let index = Int(hash >> UInt64(64 - Self.registerBits))
        let rest = hash << UInt64(Self.registerBits)
        // The position of the first 1 bit in the remaining bits, 1-based; all zero counts as the width plus one.
        let rank = UInt8(Swift.min(rest.leadingZeroBitCount, 64 - Self.registerBits) + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    /// The seed of the counter's hash: fixed, so that the same capture always gives the same estimate.
    static let seed = TCPFlowKey.Seed(0x7463_702D_696E_7370)

    /// A fixed 64-bit hash of a key: the observer's keyed hash of the flow key, under a fixed seed.
    static func hash(_ key: TCPFlowKey) -> UInt64 {
        key.hash(seed: seed)
    }
}
