import PacketCapture

/// Turns sequence and acknowledgment numbers into numbers relative to the start of their connection, the way
/// `tcpdump` prints them by default.
///
/// The two directions of a connection share one entry, keyed with the lower port first (the lower address first
/// when the ports are equal). The first segment with ACK set that is seen of a connection, and every later one
/// with SYN and ACK set, records the connection's base numbers and is printed absolute; later segments with ACK
/// set print `seq - base` and `ack - base` for their direction. Segments without ACK are printed absolute and
/// do not touch the table. SACK blocks are made relative to the base of the numbers they acknowledge.
public struct RelativeSequenceTable {
    /// One connection, both directions.
    struct Key: Hashable {
        var lowAddress: IPAddress
        var highAddress: IPAddress
        var lowPort: UInt16
        var highPort: UInt16
    }

    /// The base numbers of a connection, in the direction of the key (low to high).
    struct Bases {
        var sequence: UInt32
        var acknowledgment: UInt32
    }

    private var entries: [Key: Bases] = [:]

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
    public init() {}

    /// The number of connections recorded.
    public var count: Int { entries.count }

    /// Looks up (or records) the connection of a segment and returns the numbers to print.
    ///
    /// - Parameters:
    ///   - source: the segment's source address.
    ///   - destination: its destination address.
    ///   - sourcePort: its source port.
    ///   - destinationPort: its destination port.
    ///   - sequence: its sequence number.
    ///   - acknowledgment: its acknowledgment number.
    ///   - syn: whether SYN is set.
    /// - Returns: relative numbers, or the absolute ones for the segment that starts the entry.
    public mutating func numbers(
        source: IPAddress, destination: IPAddress, sourcePort: UInt16, destinationPort: UInt16,
        sequence: UInt32, acknowledgment: UInt32, syn: Bool
    ) -> Numbers {
        let reversed = sourcePort > destinationPort
            || (sourcePort == destinationPort && Self.isGreater(source, destination))
        let key = reversed
            ? Key(lowAddress: destination, highAddress: source, lowPort: destinationPort, highPort: sourcePort)
            : Key(lowAddress: source, highAddress: destination, lowPort: sourcePort, highPort: destinationPort)
        if !syn, let bases = entries[key] {
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
            ? Bases(sequence: acknowledgment &- 1, acknowledgment: sequence)
            : Bases(sequence: sequence, acknowledgment: acknowledgment &- 1)
        entries[key] = bases
        return Numbers(
            sequence: sequence, acknowledgment: acknowledgment,
            sackBase: reversed ? bases.sequence : bases.acknowledgment)
    }

    /// Byte-wise comparison of two addresses, as `memcmp` would order them.
    private static func isGreater(_ left: IPAddress, _ right: IPAddress) -> Bool {
        left.withUnsafeBytes { leftBytes in
            right.withUnsafeBytes { rightBytes in
                leftBytes.lexicographicallyPrecedes(rightBytes) == false
                    && !leftBytes.elementsEqual(rightBytes)
            }
        }
    }
}
