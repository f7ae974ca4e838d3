/// Typed readings of the Multipath TCP subtypes besides MP_CAPABLE and DSS (RFC 8684 sections 3.2 to 3.7; RFC 6824
/// for the version 0 forms of ADD_ADDR). Each reads an ``MPTCPOption``'s ``MPTCPOption/data`` (the bytes after the
/// subtype byte) and is `nil` when the option's length is not one its subtype has.

/// MP_JOIN (RFC 8684 section 3.2): the three forms of the subflow handshake, told apart by their length.
@frozen
public enum MPTCPJoin: Hashable, Sendable {
    /// On a SYN (length 12): the backup bit, the address ID, the receiver's token and the sender's random number.
    case syn(isBackup: Bool, addressID: UInt8, receiverToken: UInt32, senderNonce: UInt32)
    /// On a SYN-ACK (length 16): the backup bit, the address ID, the sender's truncated HMAC and random number.
    case synAck(isBackup: Bool, addressID: UInt8, truncatedHMAC: UInt64, senderNonce: UInt32)
    /// On the third ACK (length 24): the sender's 160-bit HMAC.
    case thirdACK(hmac: TCPOptionData)

    /// Reads an MP_JOIN option's fields.
    ///
    /// - Parameters:
    ///   - subtypeBits: the low nibble of the subtype byte (bit 0 is the backup flag).
    ///   - data: the bytes after the subtype byte.
    init?(subtypeBits: UInt8, data: TCPOptionData) {
        let isBackup = subtypeBits & 0x01 != 0
        switch data.count {
        case 9:
            self = .syn(
                isBackup: isBackup, addressID: data[0], receiverToken: data.bigEndianUInt32(at: 1),
                senderNonce: data.bigEndianUInt32(at: 5))
        case 13:
            self = .synAck(
                isBackup: isBackup, addressID: data[0], truncatedHMAC: data.bigEndianUInt64(at: 1),
                senderNonce: data.bigEndianUInt32(at: 9))
        case 21:
            self = .thirdACK(hmac: data.slice(1 ..< 21))
        default:
            return nil
        }
    }
}

/// ADD_ADDR (RFC 8684 section 3.4.1; RFC 6824 section 3.4.1 for version 0): an address the sender can be reached
/// at, with an optional port and (version 1) a truncated HMAC.
@frozen
public struct MPTCPAddAddress: Hashable, Sendable {
    /// The low nibble of the subtype byte: the echo flag (bit 0) in version 1, the IP version (4 or 6) in version 0.
    public var subtypeBits: UInt8
    /// The address ID.
    public var addressID: UInt8
    /// The address bytes in network order: 4 for IPv4, 16 for IPv6.
    public var address: TCPOptionData
    /// The port, when the option carries one.
    public var port: UInt16?
    /// The truncated HMAC (version 1, not an echo), when present.
    public var truncatedHMAC: UInt64?

    /// Reads an ADD_ADDR option's fields: the length says the address family and whether a port and an HMAC follow.
    ///
    /// - Parameters:
    ///   - subtypeBits: the low nibble of the subtype byte.
    ///   - data: the bytes after the subtype byte.
    init?(subtypeBits: UInt8, data: TCPOptionData) {
        // The option length is data.count + 3: 8, 10, 16, 18 (IPv4) or 20, 22, 28, 30 (IPv6).
        let addressLength: Int
        let hasPort: Bool
        let hasHMAC: Bool
        switch data.count + 3 {
        case 8: (addressLength, hasPort, hasHMAC) = (4, false, false)
        case 10: (addressLength, hasPort, hasHMAC) = (4, true, false)
        case 16: (addressLength, hasPort, hasHMAC) = (4, false, true)
        case 18: (addressLength, hasPort, hasHMAC) = (4, true, true)
        case 20: (addressLength, hasPort, hasHMAC) = (16, false, false)
        case 22: (addressLength, hasPort, hasHMAC) = (16, true, false)
        case 28: (addressLength, hasPort, hasHMAC) = (16, false, true)
        case 30: (addressLength, hasPort, hasHMAC) = (16, true, true)
        default: return nil
        }
        self.subtypeBits = subtypeBits & 0x0F
        addressID = data[0]
        address = data.slice(1 ..< 1 + addressLength)
        var next = 1 + addressLength
        port = hasPort ? data.bigEndianUInt16(at: next) : nil
        if hasPort { next += 2 }
        truncatedHMAC = hasHMAC ? data.bigEndianUInt64(at: next) : nil
    }
}

/// The single-field subtypes: REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE and MP_TCPRST.
@frozen
public enum MPTCPControl: Hashable, Sendable {
    /// REMOVE_ADDR (RFC 8684 section 3.4.2): the IDs of the addresses removed (at least one).
    case removeAddress(addressIDs: TCPOptionData)
    /// MP_PRIO (RFC 8684 section 3.3.8): the backup bit, and the address ID when the option carries one.
    case priority(isBackup: Bool, addressID: UInt8?)
    /// MP_FAIL (RFC 8684 section 3.7): the 64-bit data sequence number of the failure.
    case fail(dataSequenceNumber: UInt64)
    /// MP_FASTCLOSE (RFC 8684 section 3.5): the receiver's key.
    case fastClose(receiverKey: UInt64)
    /// MP_TCPRST (RFC 8684 section 3.6): the flag bits U, V, W, T (the low nibble of the subtype byte) and the
    /// reason code.
    case reset(flags: UInt8, reason: UInt8)

    /// Reads one of these subtypes' fields.
    ///
    /// - Parameters:
    ///   - subtype: the subtype.
    ///   - subtypeBits: the low nibble of the subtype byte.
    ///   - data: the bytes after the subtype byte.
    init?(subtype: MPTCPSubtype, subtypeBits: UInt8, data: TCPOptionData) {
        switch subtype {
        case .removeAddress where data.count >= 1:
            self = .removeAddress(addressIDs: data)
        case .priority where data.count <= 1:
            self = .priority(isBackup: subtypeBits & 0x01 != 0, addressID: data.count == 1 ? data[0] : nil)
        case .fail where data.count == 9:
            self = .fail(dataSequenceNumber: data.bigEndianUInt64(at: 1))
        case .fastClose where data.count == 9:
            self = .fastClose(receiverKey: data.bigEndianUInt64(at: 1))
        case .tcpReset where data.count == 1:
            self = .reset(flags: subtypeBits & 0x0F, reason: data[0])
        default:
            return nil
        }
    }
}

extension MPTCPOption {
    /// The MP_JOIN fields, when this is an MP_JOIN option of one of its lengths (12, 16 or 24).
    public var join: MPTCPJoin? {
        subtype == .join ? MPTCPJoin(subtypeBits: subtypeBits, data: data) : nil
    }

    /// The ADD_ADDR fields, when this is an ADD_ADDR option of one of its lengths.
    public var addAddress: MPTCPAddAddress? {
        subtype == .addAddress ? MPTCPAddAddress(subtypeBits: subtypeBits, data: data) : nil
    }

    /// The fields of a REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE or MP_TCPRST option of a valid length.
    public var control: MPTCPControl? {
        MPTCPControl(subtype: subtype, subtypeBits: subtypeBits, data: data)
    }

    /// Reads a Multipath TCP option from its bytes (kind, length, subtype byte, data), checking the length its
    /// subtype has (RFC 8684 section 3).
    ///
    /// - Parameter bytes: the whole option, `bytes[1]` bytes of it.
    /// - Returns: the option, or `nil` when the bytes are not a kind 30 option of a valid length for its subtype.
    public init?(optionBytes bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 3, bytes[0] == TCPOptionKind.multipath, Int(bytes[1]) == bytes.count else { return nil }
        let third = bytes[2]
        let flagsByte: UInt8? = bytes.count >= 4 ? bytes[3] : nil
        guard Self.isValid(subtype: third >> 4, length: bytes.count, flagsByte: flagsByte),
            let data = try? TCPOptionData(UnsafeRawBufferPointer(rebasing: bytes[3...]))
        else { return nil }
        self.init(subtype: MPTCPSubtype(rawValue: third >> 4), subtypeBits: third & 0x0F, data: data)
    }
}

extension TCPOptionData {
    /// The big-endian 16-bit value at `offset`; the caller has checked that `offset + 2 <= count`.
    func bigEndianUInt16(at offset: Int) -> UInt16 {
        UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }

    /// The big-endian 32-bit value at `offset`; the caller has checked that `offset + 4 <= count`.
    func bigEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(bigEndianUInt16(at: offset)) << 16 | UInt32(bigEndianUInt16(at: offset + 2))
    }

    /// The big-endian 64-bit value at `offset`; the caller has checked that `offset + 8 <= count`.
    func bigEndianUInt64(at offset: Int) -> UInt64 {
        UInt64(bigEndianUInt32(at: offset)) << 32 | UInt64(bigEndianUInt32(at: offset + 4))
    }

    /// The bytes in `range` as option data of their own; the caller has checked that the range lies in the data.
    func slice(_ range: Range<Int>) -> TCPOptionData {
        withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> TCPOptionData in
            // At most 37 bytes, within the data's capacity: the initializer cannot fail.
            (try? TCPOptionData(UnsafeRawBufferPointer(rebasing: raw[range]))) ?? TCPOptionData()
        }
    }
}
