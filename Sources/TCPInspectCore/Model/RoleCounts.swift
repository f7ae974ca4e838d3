import TCPValidation

/// Segments counted by the roles the validator recognised in them (`TCPSegmentTraits.roles`: a retransmission, a
/// duplicate ACK...), for the summary and for each flow. Holds nothing on the heap until a segment has a role.
struct RoleCounts: Sendable {
    /// The counts, indexed by the trait's bit; empty until the first role.
    private var counts: [UInt64] = []

    /// Counts a segment under each of its roles (a segment with two counts under both).
    ///
    /// - Parameter roles: the segment's roles; empty counts nothing.
    @inline(__always)
    mutating func add(_ roles: TCPSegmentTraits) {
        guard !roles.isEmpty else { return }
        if counts.isEmpty { counts = [UInt64](repeating: 0, count: UInt16.bitWidth) }
        for bit in 0 ..< UInt16.bitWidth where roles.rawValue & (1 << bit) != 0 { counts[bit] += 1 }
    }

    /// The roles seen, each with its segments, in the order of `TCPSegmentTraits.named`.
    var named: [(name: String, segments: UInt64)] {
        guard !counts.isEmpty else { return [] }
        return TCPSegmentTraits.named.compactMap { trait, name in
            let count = counts[trait.rawValue.trailingZeroBitCount]
            return count > 0 ? (name, count) : nil
        }
    }
}
