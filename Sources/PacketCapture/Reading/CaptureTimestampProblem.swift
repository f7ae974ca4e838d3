/// Why a record's timestamp cannot be shown as a time: what the file says, for a message in place of a date.
public enum CaptureTimestampProblem: Hashable, Sendable, CustomStringConvertible {
    /// A pcap record's fraction field holds a second or more (`fraction` of `unitsPerSecond` units: a microsecond
    /// field of 1,000,000 or more, or a nanosecond field of 1,000,000,000 or more).
    case fractionOutOfRange(fraction: UInt32, unitsPerSecond: UInt64)
    /// A pcapng timestamp whose whole seconds, with the interface's `if_tsoffset` added, leave the range of a
    /// signed 64-bit second count.
    case offsetOverflow(seconds: UInt64, offset: Int64)

    /// A sentence naming the field and its value.
    public var description: String {
        switch self {
        case .fractionOutOfRange(let fraction, let unitsPerSecond):
            let unit = unitsPerSecond == 1_000_000 ? "microsecond" : unitsPerSecond == 1_000_000_000
                ? "nanosecond" : "fraction"
            return "\(unit) field \(fraction) is a second or more"
        case .offsetOverflow(let seconds, let offset):
            return "\(seconds) s plus if_tsoffset \(offset) s is out of range"
        }
    }
}
