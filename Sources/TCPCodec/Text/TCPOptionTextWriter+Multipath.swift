extension TCPOptionTextWriter {
    /// Writes the body of a Multipath TCP option (RFC 8684 section 3; RFC 6824 for version 0) as tcpdump does,
    /// ` LEN subtype fields`, from the codec's typed reading of it.
    ///
    /// Each subtype must have one of its lengths (the codec's reading is `nil` otherwise), and, when ``flags`` are
    /// known, MP_CAPABLE, MP_JOIN and DSS must sit on a segment with the SYN and ACK flags their exchange step uses;
    /// otherwise the option is bad.
    ///
    /// - Parameters:
    ///   - length: the option's length byte.
    ///   - subtypeByte: the option's third byte, if the option has one.
    ///   - option: the codec's reading of the option, `nil` when its length is not one its subtype has.
    ///   - output: where the text goes.
    /// - Returns: `false` when the option is malformed for its subtype.
    @inlinable
    func writeMultipath<Output: TCPTextOutput>(
        length: Int, subtypeByte: UInt8?, option: MPTCPOption?, to output: inout Output
    ) -> Bool {
        output.writeByte(UInt8(ascii: " "))
        output.writeDecimal(UInt64(length))
        guard TCPOptionKind.lengthRule(of: TCPOptionKind.multipath).allows(length), let subtypeByte else {
            return false
        }
        output.writeByte(UInt8(ascii: " "))
        Self.writeMultipathSubtypeName(subtypeByte >> 4, to: &output)
        guard let option else { return false }
        // Without a segment, every exchange step is allowed.
        let syn = flags.map { $0.contains(.syn) }
        let ack = flags.map { $0.contains(.ack) }
        switch option.subtype {
        case .capable:
            return writeCapable(option, syn: syn, ack: ack, to: &output)
        case .join:
            guard let join = option.join else { return false }
            return writeJoin(join, length: length, syn: syn, ack: ack, to: &output)
        case .dataSequenceSignal:
            guard syn != true, let signal = option.dataSequenceSignal else { return false }
            Self.writeDataSequenceSignal(signal, to: &output)
            return true
        case .addAddress:
            guard let address = option.addAddress else { return false }
            Self.writeAddAddress(address, to: &output)
            return true
        default:
            guard let control = option.control else {
                // Subtypes 9 to 15 carry nothing tcpdump prints.
                return option.subtype.rawValue > MPTCPSubtype.tcpReset.rawValue
            }
            Self.writeControl(control, to: &output)
            return true
        }
    }

    /// tcpdump's name of a subtype: `capable`, `join`, `dss`, `add-addr`, `rem-addr`, `prio`, `fail`,
    /// `fast-close`, `tcprst`, or `unknown` for subtypes 9 to 15.
    @inlinable
    static func writeMultipathSubtypeName<Output: TCPTextOutput>(_ subtype: UInt8, to output: inout Output) {
        switch subtype {
        case 0: output.writeText("capable")
        case 1: output.writeText("join")
        case 2: output.writeText("dss")
        case 3: output.writeText("add-addr")
        case 4: output.writeText("rem-addr")
        case 5: output.writeText("prio")
        case 6: output.writeText("fail")
        case 7: output.writeText("fast-close")
        case 8: output.writeText("tcprst")
        default: output.writeText("unknown")
        }
    }

    /// The letters of the bits set in `value`, highest bit first: `letters` names `highestBit`, then each lower
    /// bit in turn; `none` when no bit is set.
    @inlinable
    static func writeBits<Output: TCPTextOutput>(
        _ value: UInt8, highestBit: UInt8, letters: StaticString, to output: inout Output
    ) {
        var any = false
        var bit = highestBit
        var index = 0
        while bit != 0 && index < letters.utf8CodeUnitCount {
            if value & bit != 0 {
                output.writeByte(letters.utf8Start[index])
                any = true
            }
            bit >>= 1
            index += 1
        }
        if !any {
            output.writeText("none")
        }
    }

    /// MP_CAPABLE (RFC 8684 section 3.1): version, flags, then the keys (and the data length of a third ACK).
    @inlinable
    func writeCapable<Output: TCPTextOutput>(
        _ option: MPTCPOption, syn: Bool?, ack: Bool?, to output: inout Output
    ) -> Bool {
        let length = option.length
        let onSYN = (length == 12 || length == 4) && syn != false
        let onThirdACK = (length == 20 || length == 22 || length == 24) && ack != false && syn != true
        guard onSYN || onThirdACK, let capable = option.capable else { return false }
        guard capable.version <= 1 else {
            output.writeText(" Unknown Version (")
            output.writeDecimal(UInt64(capable.version))
            output.writeText(")")
            return true
        }
        output.writeText(" v")
        output.writeDecimal(UInt64(capable.version))
        output.writeText(" flags [")
        Self.writeBits(capable.flags, highestBit: 0x80, letters: "ABCDEFGH", to: &output)
        output.writeText("]")
        let checksumRequired = capable.flags & 0x80 != 0
        if checksumRequired {
            output.writeText(" csum")
        }
        if let senderKey = capable.senderKey {
            output.writeText(" {0x")
            output.writeHex(senderKey, width: 1)
            if let receiverKey = capable.receiverKey {
                output.writeText(",0x")
                output.writeHex(receiverKey, width: 1)
            }
            if let dataLevelLength = capable.dataLevelLength, length == 24 || !checksumRequired {
                output.writeText(",data_len=")
                output.writeDecimal(UInt64(dataLevelLength))
            }
            output.writeText("}")
        }
        return true
    }

    /// MP_JOIN (RFC 8684 section 3.2): the SYN, SYN-ACK and third-ACK forms.
    @inlinable
    func writeJoin<Output: TCPTextOutput>(
        _ join: MPTCPJoin, length: Int, syn: Bool?, ack: Bool?, to output: inout Output
    ) -> Bool {
        guard (length == 12 && syn != false) || (length == 16 && syn != false && ack != false)
            || (length == 24 && ack != false)
        else { return false }
        switch join {
        case .syn(let isBackup, let addressID, let token, let nonce):
            output.writeText(isBackup ? " backup id " : " id ")
            output.writeDecimal(UInt64(addressID))
            output.writeText(" token 0x")
            output.writeHex(UInt64(token), width: 1)
            output.writeText(" nonce 0x")
            output.writeHex(UInt64(nonce), width: 1)
        case .synAck(let isBackup, let addressID, let truncatedHMAC, let nonce):
            output.writeText(isBackup ? " backup id " : " id ")
            output.writeDecimal(UInt64(addressID))
            output.writeText(" hmac 0x")
            output.writeHex(truncatedHMAC, width: 1)
            output.writeText(" nonce 0x")
            output.writeHex(UInt64(nonce), width: 1)
        case .thirdACK(let hmac):
            output.writeText(" hmac 0x")
            hmac.withUnsafeBytes { output.writeHexBytes($0) }
        }
        return true
    }

    /// DSS (RFC 8684 section 3.3): data ACK and mapping, whose sizes the flags give.
    @inlinable
    static func writeDataSequenceSignal<Output: TCPTextOutput>(
        _ signal: MPTCPDataSequenceSignal, to output: inout Output
    ) {
        if signal.isDataFIN {
            output.writeText(" fin")
        }
        if let acknowledgment = signal.dataAcknowledgment {
            output.writeText(" ack ")
            output.writeDecimal(acknowledgment)
        }
        if let sequence = signal.dataSequenceNumber {
            output.writeText(" seq ")
            output.writeDecimal(sequence)
            output.writeText(" subseq ")
            output.writeDecimal(UInt64(signal.subflowSequenceNumber ?? 0))
            output.writeText(" len ")
            output.writeDecimal(UInt64(signal.dataLevelLength ?? 0))
            if let checksum = signal.checksum {
                output.writeText(" csum 0x")
                output.writeHex(UInt64(checksum), width: 1)
            }
        }
    }

    /// ADD_ADDR (RFC 8684 section 3.4.1, RFC 6824 section 3.4.1 for version 0): address, port, HMAC.
    @inlinable
    static func writeAddAddress<Output: TCPTextOutput>(_ address: MPTCPAddAddress, to output: inout Output) {
        output.writeByte(UInt8(ascii: " "))
        switch address.subtypeBits {
        case 6: output.writeText("v0-ip6")
        case 4: output.writeText("v0-ip4")
        case 1: output.writeText("v1-echo")
        case 0: output.writeText("v1")
        default: output.writeText("[bad version/echo]")
        }
        output.writeText(" id ")
        output.writeDecimal(UInt64(address.addressID))
        output.writeByte(UInt8(ascii: " "))
        address.address.withUnsafeBytes { bytes in
            if let ipAddress = IPAddress(bytes: bytes) {
                ipAddress.write(to: &output)
            }
        }
        if let port = address.port {
            output.writeByte(UInt8(ascii: ":"))
            output.writeDecimal(UInt64(port))
        }
        if let truncatedHMAC = address.truncatedHMAC {
            output.writeText(" hmac 0x")
            output.writeHex(truncatedHMAC, width: 1)
        }
    }

    /// REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST (RFC 8684 sections 3.4.2, 3.3.8, 3.7, 3.5, 3.6).
    @inlinable
    static func writeControl<Output: TCPTextOutput>(_ control: MPTCPControl, to output: inout Output) {
        switch control {
        case .removeAddress(let identifiers):
            output.writeText(" id")
            for identifier in identifiers {
                output.writeByte(UInt8(ascii: " "))
                output.writeDecimal(UInt64(identifier))
            }
        case .priority(let isBackup, let addressID):
            output.writeText(isBackup ? " backup" : " non-backup")
            if let addressID {
                output.writeText(" id ")
                output.writeDecimal(UInt64(addressID))
            }
        case .fail(let dataSequenceNumber):
            output.writeText(" seq ")
            output.writeDecimal(dataSequenceNumber)
        case .fastClose(let receiverKey):
            output.writeText(" key 0x")
            output.writeHex(receiverKey, width: 1)
        case .reset(let resetFlags, let reason):
            output.writeText(" flags [")
            writeBits(resetFlags, highestBit: 0x08, letters: "UVWT", to: &output)
            output.writeText("] reason ")
            writeResetReason(reason, to: &output)
        }
    }

    /// The MP_TCPRST reason code (RFC 8684 section 3.6) in tcpdump's words.
    @inlinable
    static func writeResetReason<Output: TCPTextOutput>(_ reason: UInt8, to output: inout Output) {
        switch reason {
        case 0: output.writeText("Unspecified error")
        case 1: output.writeText("MPTCP-specific error")
        case 2: output.writeText("Lack of resources")
        case 3: output.writeText("Administratively prohibited")
        case 4: output.writeText("Too much outstanding data")
        case 5: output.writeText("Unacceptable performance")
        case 6: output.writeText("Middlebox interference")
        default:
            output.writeText("unknown (0x")
            output.writeHex(UInt64(reason), width: 2)
            output.writeText(")")
        }
    }
}
