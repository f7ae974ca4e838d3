/// When a frame was captured: seconds since the Unix epoch plus nanoseconds.
///
/// pcap stores seconds and a microsecond or nanosecond fraction (libpcap `pcap-savefile(5)`); pcapng stores a
/// 64-bit count of units of the interface's `if_tsresol`, plus `if_tsoffset` seconds
/// (draft-ietf-opsawg-pcapng section 4.6). Both are converted to this form without rounding beyond the
/// nanosecond. A pcap fraction that is out of range (a microsecond field of 1,000,000 or more) is kept as it
/// is, so `nanoseconds` may then be 1,000,000,000 or more and `isValid` is false.
public struct CaptureTimestamp: Hashable, Sendable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01 00:00:00 UTC.
    public var seconds: Int64
    /// The fraction of a second, in nanoseconds; below 1,000,000,000 unless the file held an invalid value.
    public var nanoseconds: UInt64

    /// Makes a timestamp from its two parts.
    ///
    /// - Parameters:
    ///   - seconds: whole seconds since the epoch.
    ///   - nanoseconds: the fraction, normally below 1,000,000,000.
    @inlinable
    public init(seconds: Int64, nanoseconds: UInt64) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// Whether the fraction is below one second.
    @inlinable
    public var isValid: Bool { nanoseconds < 1_000_000_000 }

    /// `seconds.nanoseconds` with nine fraction digits (more when the fraction is invalid).
    public var description: String {
        let fraction = String(nanoseconds)
        let padding = String(repeating: "0", count: Swift.max(0, 9 - fraction.count))
        return "\(seconds).\(padding)\(fraction)"
    }
}
