/// A Multipath TCP option (kind 30, RFC 8684 section 3; version 0 of RFC 6824 reads the same way).
///
/// The value keeps the option's bytes after the subtype byte, so every subtype encodes back exactly as it came.
/// Typed readings exist for ``capable`` (MP_CAPABLE) and ``dataSequenceSignal`` (DSS); every other subtype is
/// recognised by ``subtype`` and its bytes are in ``data``.
@frozen
public struct MPTCPOption: Hashable, Sendable {
    /// The 4-bit subtype (the high nibble of the option's third byte).
    public var subtype: MPTCPSubtype
    /// The low nibble of the third byte: the version for MP_CAPABLE, flags or address version elsewhere.
    public var subtypeBits: UInt8
    /// The option bytes after the third byte (length - 3 bytes, at most 37).
    public var data: TCPOptionData

    /// Creates an MPTCP option value.
    ///
    /// - Parameters:
    ///   - subtype: the subtype.
    ///   - subtypeBits: the low nibble of the third byte (only 4 bits are kept).
    ///   - data: the bytes after the third byte.
    @inlinable
    public init(subtype: MPTCPSubtype, subtypeBits: UInt8, data: TCPOptionData) {
        self.subtype = subtype
        self.subtypeBits = subtypeBits & 0x0F
        self.data = data
    }

    /// The protocol version, read from the MP_CAPABLE option (0 for RFC 6824, 1 for RFC 8684); `nil` for other
    /// subtypes, which do not carry it.
    @inlinable
    public var version: UInt8? { subtype == .capable ? subtypeBits : nil }

    /// The option length on the wire: 3 + the data bytes.
    @inlinable
    public var length: Int { 3 + data.count }

    /// The MP_CAPABLE fields, when this is an MP_CAPABLE option of a valid length.
    public var capable: MPTCPCapable? {
        guard subtype == .capable else { return nil }
        return MPTCPCapable(version: subtypeBits, data: data)
    }

    /// The DSS fields, when this is a DSS option whose length matches its flags.
    public var dataSequenceSignal: MPTCPDataSequenceSignal? {
        guard subtype == .dataSequenceSignal else { return nil }
        return MPTCPDataSequenceSignal(data: data)
    }

    /// Whether an option of this subtype may have `length` bytes in all (RFC 8684 section 3 and its
    /// subsections; RFC 6824 for version 0 lengths). DSS is also checked against its flags.
    static func isValid(subtype: UInt8, length: Int, flagsByte: UInt8?) -> Bool {
        switch subtype {
        case MPTCPSubtype.capable.rawValue:
            return length == 4 || length == 12 || length == 20 || length == 22 || length == 24
        case MPTCPSubtype.join.rawValue:
            return length == 12 || length == 16 || length == 24
        case MPTCPSubtype.dataSequenceSignal.rawValue:
            guard let flags = flagsByte else { return false }
            return MPTCPDataSequenceSignal.isValid(flags: flags, length: length)
        case MPTCPSubtype.addAddress.rawValue:
            // 4 + an IPv4 (4) or IPv6 (16) address + an optional port (2) + an optional truncated HMAC (8);
            // version 0 (RFC 6824) uses the subset without HMAC.
            switch length {
            case 8, 10, 16, 18, 20, 22, 28, 30: return true
            default: return false
            }
        case MPTCPSubtype.removeAddress.rawValue:
            return length >= 4
        case MPTCPSubtype.priority.rawValue:
            return length == 3 || length == 4
        case MPTCPSubtype.fail.rawValue, MPTCPSubtype.fastClose.rawValue:
            return length == 12
        case MPTCPSubtype.tcpReset.rawValue:
            return length == 4
        default:
            // No rule of the subtype's own: the kind's.
            return TCPOptionKind.lengthRule(of: TCPOptionKind.multipath).allows(length)
        }
    }
}

/// The subtype of an MPTCP option (IANA "MPTCP Option Subtypes").
@frozen
public struct MPTCPSubtype: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 4-bit value.
    public var rawValue: UInt8

    /// Wraps a 4-bit value.
    ///
    /// - Parameter rawValue: the subtype number; only the low 4 bits are kept.
    @inlinable
    public init(rawValue: UInt8) {
        self.rawValue = rawValue & 0x0F
    }

    /// MP_CAPABLE (RFC 8684 section 3.1).
    public static let capable = MPTCPSubtype(rawValue: 0)
    /// MP_JOIN (RFC 8684 section 3.2).
    public static let join = MPTCPSubtype(rawValue: 1)
    /// DSS, data sequence signal (RFC 8684 section 3.3).
    public static let dataSequenceSignal = MPTCPSubtype(rawValue: 2)
    /// ADD_ADDR (RFC 8684 section 3.4.1).
    public static let addAddress = MPTCPSubtype(rawValue: 3)
    /// REMOVE_ADDR (RFC 8684 section 3.4.2).
    public static let removeAddress = MPTCPSubtype(rawValue: 4)
    /// MP_PRIO (RFC 8684 section 3.3.8).
    public static let priority = MPTCPSubtype(rawValue: 5)
    /// MP_FAIL (RFC 8684 section 3.7).
    public static let fail = MPTCPSubtype(rawValue: 6)
    /// MP_FASTCLOSE (RFC 8684 section 3.5).
    public static let fastClose = MPTCPSubtype(rawValue: 7)
    /// MP_TCPRST (RFC 8684 section 3.6).
    public static let tcpReset = MPTCPSubtype(rawValue: 8)
    /// MP_EXPERIMENTAL (RFC 8684 section 8).
    public static let experimental = MPTCPSubtype(rawValue: 15)

    /// The IANA name, e.g. `MP_CAPABLE`, or `subtype N` for an unassigned value.
    public var description: String {
        switch rawValue {
        case 0: return "MP_CAPABLE"
        case 1: return "MP_JOIN"
        case 2: return "DSS"
        case 3: return "ADD_ADDR"
        case 4: return "REMOVE_ADDR"
        case 5: return "MP_PRIO"
        case 6: return "MP_FAIL"
        case 7: return "MP_FASTCLOSE"
        case 8: return "MP_TCPRST"
        case 15: return "MP_EXPERIMENTAL"
        default: return "subtype \(rawValue)"
        }
    }
}

/// The fields of an MP_CAPABLE option (RFC 8684 section 3.1).
@frozen
public struct MPTCPCapable: Hashable, Sendable {
    /// The protocol version (0 or 1).
    public var version: UInt8
    /// The flags byte: A (checksum required, 0x80), B (extensibility, 0x40), C (do not connect to the source
    /// address, 0x20), H (HMAC-SHA256, 0x01) and the reserved D...G bits.
    public var flags: UInt8
    /// The option sender's key, in the 12, 20, 22 and 24-byte forms.
    public var senderKey: UInt64?
    /// The option receiver's key, in the 20, 22 and 24-byte forms.
    public var receiverKey: UInt64?
    /// The data-level length of the first data, in the 22 and 24-byte forms.
    public var dataLevelLength: UInt16?
    /// The DSS checksum of the first data, in the 24-byte form.
    public var checksum: UInt16?

    /// Reads the fields from the bytes after the subtype byte; `nil` when their count is not 1, 9, 17, 19 or 21.
    init?(version: UInt8, data: TCPOptionData) {
        let count = data.count
        guard count == 1 || count == 9 || count == 17 || count == 19 || count == 21 else { return nil }
        self.version = version
        flags = data[0]
        senderKey = nil
        receiverKey = nil
        dataLevelLength = nil
        checksum = nil
        data.withUnsafeBytes { raw in
            // SAFETY: the count check above covers every read below.
            let base = raw.baseAddress.unsafelyUnwrapped
            if count >= 9 { senderKey = base.loadBigEndianUInt64(at: 1) }
            if count >= 17 { receiverKey = base.loadBigEndianUInt64(at: 9) }
            if count >= 19 { dataLevelLength = base.loadBigEndianUInt16(at: 17) }
            if count >= 21 { checksum = base.loadBigEndianUInt16(at: 19) }
        }
    }
}

/// The fields of a DSS option (RFC 8684 section 3.3).
@frozen
public struct MPTCPDataSequenceSignal: Hashable, Sendable {
    /// The flags byte: F (DATA_FIN, 0x10), m (DSN is 8 bytes, 0x08), M (mapping present, 0x04),
    /// a (data ACK is 8 bytes, 0x02), A (data ACK present, 0x01).
    public var flags: UInt8
    /// The data ACK, when the A flag is set (4 or 8 bytes on the wire, per the a flag).
    public var dataAcknowledgment: UInt64?
    /// The data sequence number of the mapping, when the M flag is set (4 or 8 bytes, per the m flag).
    public var dataSequenceNumber: UInt64?
    /// The subflow sequence number of the mapping, when the M flag is set.
    public var subflowSequenceNumber: UInt32?
    /// The data-level length of the mapping, when the M flag is set.
    public var dataLevelLength: UInt16?
    /// The DSS checksum, when the mapping carries one.
    public var checksum: UInt16?

    /// Whether the DATA_FIN flag is set.
    @inlinable
    public var isDataFIN: Bool { flags & 0x10 != 0 }

    /// The length a DSS option with these flags has without a checksum.
    static func baseLength(flags: UInt8) -> Int {
        var length = 4
        if flags & 0x01 != 0 { length += flags & 0x02 != 0 ? 8 : 4 }
        if flags & 0x04 != 0 { length += (flags & 0x08 != 0 ? 8 : 4) + 4 + 2 }
        return length
    }

    /// Whether a DSS option with `flags` may be `length` bytes long (the checksum adds 2 when a mapping is there).
    static func isValid(flags: UInt8, length: Int) -> Bool {
        let base = baseLength(flags: flags)
        return length == base || (flags & 0x04 != 0 && length == base + 2)
    }

    /// Reads the fields from the bytes after the subtype byte; `nil` when they do not match the flags.
    init?(data: TCPOptionData) {
        guard data.count >= 1 else { return nil }
        let flags = data[0]
        guard Self.isValid(flags: flags, length: data.count + 3) else { return nil }
        self.flags = flags
        var ack: UInt64?
        var dsn: UInt64?
        var subflow: UInt32?
        var dataLength: UInt16?
        var sum: UInt16?
        data.withUnsafeBytes { raw in
            // SAFETY: isValid checked that the length covers every field the flags announce.
            let base = raw.baseAddress.unsafelyUnwrapped
            var offset = 1
            if flags & 0x01 != 0 {
                if flags & 0x02 != 0 {
                    ack = base.loadBigEndianUInt64(at: offset)
                    offset += 8
                } else {
                    ack = UInt64(base.loadBigEndianUInt32(at: offset))
                    offset += 4
                }
            }
            if flags & 0x04 != 0 {
                if flags & 0x08 != 0 {
                    dsn = base.loadBigEndianUInt64(at: offset)
                    offset += 8
                } else {
                    dsn = UInt64(base.loadBigEndianUInt32(at: offset))
                    offset += 4
                }
                subflow = base.loadBigEndianUInt32(at: offset)
                dataLength = base.loadBigEndianUInt16(at: offset + 4)
                offset += 6
                if raw.count >= offset + 2 { sum = base.loadBigEndianUInt16(at: offset) }
            }
        }
        dataAcknowledgment = ack
        dataSequenceNumber = dsn
        subflowSequenceNumber = subflow
        dataLevelLength = dataLength
        checksum = sum
    }
}
