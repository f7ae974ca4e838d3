import PacketCapture
import TCPValidation

/// Turns sequence and acknowledgment numbers into numbers relative to the start of their connection, the way
/// `tcpdump` prints them by default.
///
/// The two directions of a connection share one entry, keyed by its `TCPFlowKey` (the flow key of the observer:
/// both endpoints in one order, and the VLAN tags as its context). The first segment with ACK set that is seen of a
/// connection, and every later one with SYN and ACK set, records the connection's base numbers and is printed
/// absolute; later segments with ACK set print `seq - base` and `ack - base` for their direction. Segments without
/// ACK are printed absolute and do not touch the table. SACK blocks are made relative to the base of the numbers
/// they acknowledge.
///
/// The table holds at most ``capacity`` connections: when it is full, the least recently used half is forgotten
/// (counted in ``evictions``), and a later segment of a forgotten connection starts it again as if seen for the
/// first time. Each connection costs a constant share of one sort per eviction, so the time per segment stays
/// constant.
public struct RelativeSequenceTable {
    /// The most connections held at once (about 6 MB).
    public static let capacity = 65536

    /// The base numbers of a connection, in the direction of the key (first end to second), and when it was last
    /// used.
    struct Bases {
        var sequence: UInt32
        var acknowledgment: UInt32
        var lastUse: UInt64
    }

    private var entries: [TCPFlowKey: Bases] = [:]
    private var clock: UInt64 = 0
    private let limit: Int

    /// The number of connections forgotten to make room so far.
    public private(set) var evictions: UInt64 = 0

    /// What to print for one segment.
    public struct Numbers {
        /// The sequence number to print.
        public var sequence: UInt32
        /// The acknowledgment number to print.
        public var acknowledgment: UInt32
        /// What to subtract from the left and right edges of a SACK block; 0 for absolute numbers.
        public var sackBase: UInt32
    }

    /// Makes an empty table.
    public init() {
        limit = Self.capacity
    }

    /// Makes an empty table holding at most `capacity` connections (at least 2), for tests.
    init(capacity: Int) {
        limit = Swift.max(2, capacity)
    }

    /// The number of connections recorded.
    public var count: Int { entries.count }

    /// Looks up (or records) the connection of a segment and returns the numbers to print.
    ///
    /// - Parameters:
    ///   - key: the key of the segment's connection.
    ///   - source: the segment's sending end (which tells its direction within the key).
    ///   - sequence: its sequence number.
    ///   - acknowledgment: its acknowledgment number.
    ///   - syn: whether SYN is set.
    /// - Returns: relative numbers, or the absolute ones for the segment that starts the entry.
    public mutating func numbers(
        key: TCPFlowKey, from source: TCPFlowEndpoint, sequence: UInt32, acknowledgment: UInt32, syn: Bool
    ) -> Numbers {
        let reversed = !key.isFirst(source)
        clock += 1
        if !syn, let index = entries.index(forKey: key) {
            // One hash per segment: the entry is found once, then read and touched through its index.
            entries.values[index].lastUse = clock
            let bases = entries.values[index]
            // Relative numbers are differences modulo 2^32, as tcpdump prints them.
            if reversed {
                return Numbers(
                    sequence: sequence &- bases.acknowledgment, acknowledgment: acknowledgment &- bases.sequence,
                    sackBase: bases.sequence)
            }
            return Numbers(
                sequence: sequence &- bases.sequence, acknowledgment: acknowledgment &- bases.acknowledgment,
                sackBase: bases.acknowledgment)
        }
        // The acknowledgment number less one is the peer's initial sequence number (modulo 2^32).
        let bases = reversed
            ? Bases(sequence: acknowledgment &- 1, acknowledgment: sequence, lastUse: clock)
            : Bases(sequence: sequence, acknowledgment: acknowledgment &- 1, lastUse: clock)
        if entries[key] == nil && entries.count >= limit { forgetOldestHalf() }
        entries[key] = bases
        return Numbers(
            sequence: sequence, acknowledgment: acknowledgment,
            sackBase: reversed ? bases.sequence : bases.acknowledgment)
    }

    /// Forgets the least recently used half of the connections.
    private mutating func forgetOldestHalf() {
        let byAge = entries.sorted { $0.value.lastUse < $1.value.lastUse }
        for (key, _) in byAge.prefix(entries.count / 2) {
            entries.removeValue(forKey: key)
        }
        evictions += UInt64(byAge.count / 2)
    }
}
