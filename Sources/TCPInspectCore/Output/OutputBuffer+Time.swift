import PacketCapture

extension OutputBuffer {
    /// Appends a capture time as `YYYY-MM-DD HH:MM:SS.ffffff` in UTC, the form of `tcpdump -tttt`, or `-` when the
    /// frame has no time (a pcapng Simple Packet Block).
    ///
    /// The fraction has six digits (microseconds, cut, not rounded) unless `nanoseconds` is set. An out-of-range
    /// fraction (a pcap microsecond field of a million or more) is printed as it is, with more digits.
    ///
    /// - Parameters:
    ///   - timestamp: the time, or `nil`.
    ///   - nanoseconds: print nine fraction digits instead of six.
    public func appendTimestamp(_ timestamp: CaptureTimestamp?, nanoseconds: Bool = false) {
        guard let timestamp else {
            append(UInt8(ascii: "-"))
            return
        }
        // Floor division without an intermediate that could leave the Int64 range: a pcapng `if_tsoffset` can
        // put `seconds` anywhere in it, Int64.min included.
        let (quotient, remainder) = timestamp.seconds.quotientAndRemainder(dividingBy: 86_400)
        let days = remainder < 0 ? quotient - 1 : quotient
        let secondOfDay = remainder < 0 ? remainder + 86_400 : remainder
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        if year < 0 {
            append(UInt8(ascii: "-"))
        }
        appendDecimal(UInt64(year.magnitude), width: 4)
        append(UInt8(ascii: "-"))
        appendDecimal(UInt64(month), width: 2)
        append(UInt8(ascii: "-"))
        appendDecimal(UInt64(day), width: 2)
        append(UInt8(ascii: " "))
        appendDecimal(UInt64(secondOfDay / 3600), width: 2)
        append(UInt8(ascii: ":"))
        appendDecimal(UInt64(secondOfDay / 60 % 60), width: 2)
        append(UInt8(ascii: ":"))
        appendDecimal(UInt64(secondOfDay % 60), width: 2)
        append(UInt8(ascii: "."))
        if nanoseconds || !timestamp.isValid {
            appendDecimal(timestamp.nanoseconds, width: 9)
        } else {
            appendDecimal(timestamp.nanoseconds / 1000, width: 6)
        }
    }

    /// Appends a capture time as ``appendTimestamp(_:nanoseconds:)`` does, or, for a timestamp the record cannot
    /// give as a time, what is wrong with it: `[bad timestamp: microsecond field 4294967295 is a second or more]`.
    ///
    /// - Parameters:
    ///   - timestamp: the time, or `nil`.
    ///   - problem: why the record's time cannot be shown, if it cannot.
    public func appendTimestamp(_ timestamp: CaptureTimestamp?, problem: CaptureTimestampProblem?) {
        guard let problem else {
            appendTimestamp(timestamp)
            return
        }
        append("[bad timestamp: ")
        append(string: problem.description)
        append(UInt8(ascii: "]"))
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (day 0).
    ///
    /// - Parameter days: days since the epoch; negative before it. Any day of an Int64 second count (|days| below
    ///   2^47) keeps every intermediate far inside the Int64 range.
    /// - Returns: the year, month (1 ... 12) and day of the month (1 ... 31).
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        // Counted in 400-year eras of 146,097 days starting on 0000-03-01, so that leap days fall at the end of
        // each year of the era.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
