/// One capture interface: a pcapng Interface Description Block, or the single interface of a pcap file.
///
/// Fields follow draft-ietf-opsawg-pcapng section 4.2 (`if_tsresol` option 9, `if_tsoffset` option 14);
/// other options are skipped.
public struct CaptureInterface: Hashable, Sendable {
    /// The interface's link-layer header type.
    public var linkType: LinkType
    /// The maximum number of bytes captured per frame; 0 means no limit.
    public var snapLength: UInt32
    /// How many timestamp units make one second: 1,000,000 by default (pcap microseconds, pcapng without
    /// `if_tsresol`), 1,000,000,000 for nanosecond pcap files.
    public var timestampUnitsPerSecond: UInt64
    /// Seconds added to every timestamp of the interface (`if_tsoffset`), 0 when absent.
    public var timestampOffset: Int64

    /// Makes an interface description.
    ///
    /// - Parameters:
    ///   - linkType: the link-layer header type.
    ///   - snapLength: the snapshot length, 0 for none.
    ///   - timestampUnitsPerSecond: timestamp units per second, at least 1.
    ///   - timestampOffset: seconds added to each timestamp.
    @inlinable
    public init(linkType: LinkType, snapLength: UInt32, timestampUnitsPerSecond: UInt64, timestampOffset: Int64) {
        precondition(timestampUnitsPerSecond > 0, "a timestamp unit count of zero")
        self.linkType = linkType
        self.snapLength = snapLength
        self.timestampUnitsPerSecond = timestampUnitsPerSecond
        self.timestampOffset = timestampOffset
    }

    /// Converts a raw timestamp in this interface's units to seconds and nanoseconds.
    ///
    /// - Parameter units: the 64-bit timestamp of a packet block.
    /// - Returns: the timestamp, with `if_tsoffset` added (wrapping if the file holds absurd values).
    @inlinable
    public func timestamp(units: UInt64) -> CaptureTimestamp {
        let (whole, fraction) = units.quotientAndRemainder(dividingBy: timestampUnitsPerSecond)
        // fraction < unitsPerSecond, so fraction * 1e9 / unitsPerSecond < 1e9: the division cannot overflow.
        let product = fraction.multipliedFullWidth(by: 1_000_000_000)
        let nanoseconds = timestampUnitsPerSecond.dividingFullWidth(product).quotient
        // Wrapping: a file may hold any 64-bit value; such times are meaningless but must not trap.
        let seconds = Int64(truncatingIfNeeded: whole) &+ timestampOffset
        return CaptureTimestamp(seconds: seconds, nanoseconds: nanoseconds)
    }

    /// Why the time of a timestamp of `units` cannot be shown: its whole seconds with ``timestampOffset`` added
    /// leave the range of a signed 64-bit second count (``timestamp(units:)`` then wraps).
    ///
    /// - Parameter units: the timestamp in units of 1 / ``timestampUnitsPerSecond`` second.
    /// - Returns: the problem, or `nil` when the time is in range.
    public func timestampProblem(units: UInt64) -> CaptureTimestampProblem? {
        let whole = units / timestampUnitsPerSecond
        guard whole <= UInt64(Int64.max) else { return .offsetOverflow(seconds: whole, offset: timestampOffset) }
        let (_, overflow) = Int64(whole).addingReportingOverflow(timestampOffset)
        return overflow ? .offsetOverflow(seconds: whole, offset: timestampOffset) : nil
    }
}
