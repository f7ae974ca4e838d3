extension SequenceNumber: CustomStringConvertible, CustomDebugStringConvertible {
    /// The decimal value, as tcpdump prints an absolute sequence number: `4294967295`.
    public var description: String { String(rawValue) }

    /// The type and the decimal value: `SequenceNumber(4294967295)`.
    public var debugDescription: String { "SequenceNumber(" + String(rawValue) + ")" }
}
