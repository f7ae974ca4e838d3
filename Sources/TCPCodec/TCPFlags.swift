/// The twelve control bits of a TCP header: the eight classic flags, AE and the three reserved bits.
///
/// Bit values follow the 12-bit field that spans bytes 12 and 13 of the header (RFC 9293 section 3.1,
/// RFC 3168 section 6.1 for ECE and CWR, RFC 9768 section 3.1 for AE, formerly NS). Every one of the 12 bits is
/// kept, so a header with reserved bits set decodes and encodes again unchanged.
@frozen
public struct TCPFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The 12-bit value, `0x000 ... 0xFFF`. Bits above 11 are never set by the decoder.
    public var rawValue: UInt16

    /// Wraps a raw value; bits above the twelfth are kept as given but are not encoded.
    ///
    /// - Parameter rawValue: the 12-bit flags value.
    @inlinable
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// FIN: no more data from the sender (RFC 9293).
    public static let fin = TCPFlags(rawValue: 0x001)
    /// SYN: synchronize sequence numbers (RFC 9293).
    public static let syn = TCPFlags(rawValue: 0x002)
    /// RST: reset the connection (RFC 9293).
    public static let rst = TCPFlags(rawValue: 0x004)
    /// PSH: push function (RFC 9293).
    public static let psh = TCPFlags(rawValue: 0x008)
    /// ACK: the acknowledgment field is significant (RFC 9293).
    public static let ack = TCPFlags(rawValue: 0x010)
    /// URG: the urgent pointer field is significant (RFC 9293).
    public static let urg = TCPFlags(rawValue: 0x020)
    /// ECE: ECN-Echo (RFC 3168).
    public static let ece = TCPFlags(rawValue: 0x040)
    /// CWR: congestion window reduced (RFC 3168).
    public static let cwr = TCPFlags(rawValue: 0x080)
    /// AE: accurate ECN (RFC 9768), the bit RFC 3540 called NS.
    public static let ae = TCPFlags(rawValue: 0x100)
    /// Reserved bit 9 (header bit 6 of byte 12): must be zero on send (RFC 9293).
    public static let reserved1 = TCPFlags(rawValue: 0x200)
    /// Reserved bit 10 (header bit 5 of byte 12): must be zero on send (RFC 9293).
    public static let reserved2 = TCPFlags(rawValue: 0x400)
    /// Reserved bit 11 (header bit 4 of byte 12): must be zero on send (RFC 9293).
    public static let reserved3 = TCPFlags(rawValue: 0x800)

    /// All three reserved bits.
    public static let reserved: TCPFlags = [.reserved1, .reserved2, .reserved3]
    /// Every bit the header can carry.
    public static let all = TCPFlags(rawValue: 0xFFF)
    /// The three ECN-related bits: ECE, CWR and AE.
    public static let ecnBits: TCPFlags = [.ece, .cwr, .ae]

    /// The flags in tcpdump's notation, e.g. `S.` for SYN+ACK, `none` when no tcpdump-shown flag is set.
    ///
    /// Letters in tcpdump's order: `F` FIN, `S` SYN, `R` RST, `P` PSH, `.` ACK, `U` URG, `E` ECE, `W` CWR, `e` AE.
    /// Reserved bits are not shown (tcpdump does not show them either).
    public var description: String {
        var text = ""
        if contains(.fin) { text += "F" }
        if contains(.syn) { text += "S" }
        if contains(.rst) { text += "R" }
        if contains(.psh) { text += "P" }
        if contains(.ack) { text += "." }
        if contains(.urg) { text += "U" }
        if contains(.ece) { text += "E" }
        if contains(.cwr) { text += "W" }
        if contains(.ae) { text += "e" }
        return text.isEmpty ? "none" : text
    }
}
