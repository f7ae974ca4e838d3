/// The twelve control bits of a TCP header: the eight classic flags, AE and the three reserved bits.
///
/// Bit values follow the 12-bit field that spans bytes 12 and 13 of the header (RFC 9293 section 3.1,
/// RFC 3168 section 6.1 for ECE and CWR, RFC 9768 section 3.1 for AE, formerly NS). Every one of the 12 bits is
/// kept, so a header with reserved bits set decodes and encodes again unchanged.
@frozen
public struct TCPFlags: OptionSet, Hashable, Sendable {
    /// The 12-bit value, `0x000 ... 0xFFF`. Bits above 11 are never set by the decoder.
    public var rawValue: UInt16

    /// Wraps a raw value; bits above the twelfth are kept as given but are not encoded.
    ///
    /// - Parameter rawValue: the 12-bit flags value.
    @inlinable
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    // The flags are computed, inlinable constants rather than stored `static let`s: a stored global is read from
    // another module through an accessor call with a once-check, which the validator paid several times per segment.

    /// FIN: no more data from the sender (RFC 9293).
    @inlinable public static var fin: TCPFlags { TCPFlags(rawValue: 0x001) }
    /// SYN: synchronize sequence numbers (RFC 9293).
    @inlinable public static var syn: TCPFlags { TCPFlags(rawValue: 0x002) }
    /// RST: reset the connection (RFC 9293).
    @inlinable public static var rst: TCPFlags { TCPFlags(rawValue: 0x004) }
    /// PSH: push function (RFC 9293).
    @inlinable public static var psh: TCPFlags { TCPFlags(rawValue: 0x008) }
    /// ACK: the acknowledgment field is significant (RFC 9293).
    @inlinable public static var ack: TCPFlags { TCPFlags(rawValue: 0x010) }
    /// URG: the urgent pointer field is significant (RFC 9293).
    @inlinable public static var urg: TCPFlags { TCPFlags(rawValue: 0x020) }
    /// ECE: ECN-Echo (RFC 3168).
    @inlinable public static var ece: TCPFlags { TCPFlags(rawValue: 0x040) }
    /// CWR: congestion window reduced (RFC 3168).
    @inlinable public static var cwr: TCPFlags { TCPFlags(rawValue: 0x080) }
    /// AE: accurate ECN (RFC 9768), the bit RFC 3540 called NS.
    @inlinable public static var ae: TCPFlags { TCPFlags(rawValue: 0x100) }
    /// Reserved bit 9 (header bit 6 of byte 12): must be zero on send (RFC 9293).
    @inlinable public static var reserved1: TCPFlags { TCPFlags(rawValue: 0x200) }
    /// Reserved bit 10 (header bit 5 of byte 12): must be zero on send (RFC 9293).
    @inlinable public static var reserved2: TCPFlags { TCPFlags(rawValue: 0x400) }
    /// Reserved bit 11 (header bit 4 of byte 12): must be zero on send (RFC 9293).
    @inlinable public static var reserved3: TCPFlags { TCPFlags(rawValue: 0x800) }

    /// All three reserved bits.
    @inlinable public static var reserved: TCPFlags { TCPFlags(rawValue: 0xE00) }
    /// Every bit the header can carry.
    @inlinable public static var all: TCPFlags { TCPFlags(rawValue: 0xFFF) }
    /// The three ECN-related bits: ECE, CWR and AE.
    @inlinable public static var ecnBits: TCPFlags { TCPFlags(rawValue: 0x1C0) }
}
