import PacketCapture
import TCPCodec

extension OptionTextPrinter {
    /// Prints the body of a Multipath TCP option (RFC 8684 section 3; RFC 6824 for version 0) as tcpdump does,
    /// ` LEN subtype fields`, from the codec's typed reading of it.
    ///
    /// Each subtype must have one of its lengths (the codec's reading is `nil` otherwise), and MP_CAPABLE, MP_JOIN
    /// and DSS must sit on a segment with the SYN and ACK flags their exchange step uses; otherwise the option is
    /// bad.
    ///
    /// - Parameters:
    ///   - length: the option's length byte.
    ///   - subtypeByte: the option's third byte, if the option has one.
    ///   - option: the codec's reading of the option, `nil` when its length is not one its subtype has.
    /// - Returns: `false` when the option is malformed for its subtype.
    func printMultipath(length: Int, subtypeByte: UInt8?, option: MPTCPOption?) -> Bool {
        out.append(UInt8(ascii: " "))
        out.appendDecimal(UInt64(length))
        guard TCPOptionKind.lengthRule(of: TCPOptionKind.multipath).allows(length), let subtypeByte else {
            return false
        }
        let names: [StaticString] = [
            "capable", "join", "dss", "add-addr", "rem-addr", "prio", "fail", "fast-close", "tcprst", "unknown",
        ]
        out.append(UInt8(ascii: " "))
        out.append(names[Swift.min(Int(subtypeByte >> 4), 9)])
        guard let option else { return false }
        let syn = flags.contains(.syn)
        let ack = flags.contains(.ack)
        switch option.subtype {
        case .capable:
            return printCapable(option, syn: syn, ack: ack)
        case .join:
            return option.join.map { printJoin($0, length: length, syn: syn, ack: ack) } ?? false
        case .dataSequenceSignal:
            guard !syn, let signal = option.dataSequenceSignal else { return false }
            printDataSequenceSignal(signal)
            return true
        case .addAddress:
            guard let address = option.addAddress else { return false }
            printAddAddress(address)
            return true
        default:
            guard let control = option.control else {
                // Subtypes 9 to 15 carry nothing tcpdump prints.
                return option.subtype.rawValue > MPTCPSubtype.tcpReset.rawValue
            }
            printControl(control)
            return true
        }
    }

    private func appendBits(_ value: UInt8, letters: [(UInt8, StaticString)]) {
        var any = false
        for (bit, letter) in letters where value & bit != 0 {
            out.append(letter)
            any = true
        }
        if !any {
            out.append("none")
        }
    }

    /// MP_CAPABLE (RFC 8684 section 3.1): version, flags, then the keys (and the data length of a third ACK).
    private func printCapable(_ option: MPTCPOption, syn: Bool, ack: Bool) -> Bool {
        let length = option.length
        let onSYN = (length == 12 || length == 4) && syn
        let onThirdACK = (length == 20 || length == 22 || length == 24) && ack && !syn
        guard onSYN || onThirdACK, let capable = option.capable else { return false }
        guard capable.version <= 1 else {
            out.append(" Unknown Version (")
            out.appendDecimal(capable.version)
            out.append(")")
            return true
        }
        out.append(" v")
        out.appendDecimal(capable.version)
        out.append(" flags [")
        appendBits(capable.flags, letters: [
            (0x80, "A"), (0x40, "B"), (0x20, "C"), (0x10, "D"), (0x08, "E"), (0x04, "F"), (0x02, "G"), (0x01, "H"),
        ])
        out.append("]")
        let checksumRequired = capable.flags & 0x80 != 0
        if checksumRequired {
            out.append(" csum")
        }
        if let senderKey = capable.senderKey {
            out.append(" {0x")
            out.appendHex(senderKey)
            if let receiverKey = capable.receiverKey {
                out.append(",0x")
                out.appendHex(receiverKey)
            }
            if let dataLevelLength = capable.dataLevelLength, length == 24 || !checksumRequired {
                out.append(",data_len=")
                out.appendDecimal(dataLevelLength)
            }
            out.append("}")
        }
        return true
    }

    /// MP_JOIN (RFC 8684 section 3.2): the SYN, SYN-ACK and third-ACK forms.
    private func printJoin(_ join: MPTCPJoin, length: Int, syn: Bool, ack: Bool) -> Bool {
        guard (length == 12 && syn) || (length == 16 && syn && ack) || (length == 24 && ack) else { return false }
        switch join {
        case .syn(let isBackup, let addressID, let token, let nonce):
            out.append(isBackup ? " backup id " : " id ")
            out.appendDecimal(addressID)
            out.append(" token 0x")
            out.appendHex(UInt64(token))
            out.append(" nonce 0x")
            out.appendHex(UInt64(nonce))
        case .synAck(let isBackup, let addressID, let truncatedHMAC, let nonce):
            out.append(isBackup ? " backup id " : " id ")
            out.appendDecimal(addressID)
            out.append(" hmac 0x")
            out.appendHex(truncatedHMAC)
            out.append(" nonce 0x")
            out.appendHex(UInt64(nonce))
        case .thirdACK(let hmac):
            out.append(" hmac 0x")
            hmac.withUnsafeBytes { out.appendHexBytes($0) }
        }
        return true
    }

    /// DSS (RFC 8684 section 3.3): data ACK and mapping, whose sizes the flags give.
    private func printDataSequenceSignal(_ signal: MPTCPDataSequenceSignal) {
        if signal.isDataFIN {
            out.append(" fin")
        }
        if let acknowledgment = signal.dataAcknowledgment {
            out.append(" ack ")
            out.appendDecimal(acknowledgment)
        }
        if let sequence = signal.dataSequenceNumber {
            out.append(" seq ")
            out.appendDecimal(sequence)
            out.append(" subseq ")
            out.appendDecimal(signal.subflowSequenceNumber ?? 0)
            out.append(" len ")
            out.appendDecimal(signal.dataLevelLength ?? 0)
            if let checksum = signal.checksum {
                out.append(" csum 0x")
                out.appendHex(UInt64(checksum))
            }
        }
    }

    /// ADD_ADDR (RFC 8684 section 3.4.1, RFC 6824 section 3.4.1 for version 0): address, port, HMAC.
    private func printAddAddress(_ address: MPTCPAddAddress) {
        out.append(UInt8(ascii: " "))
        switch address.subtypeBits {
        case 6: out.append("v0-ip6")
        case 4: out.append("v0-ip4")
        case 1: out.append("v1-echo")
        case 0: out.append("v1")
        default: out.append("[bad version/echo]")
        }
        out.append(" id ")
        out.appendDecimal(address.addressID)
        out.append(UInt8(ascii: " "))
        address.address.withUnsafeBytes { bytes in
            out.append(string: IPAddress(bytes: bytes)?.description ?? "")
        }
        if let port = address.port {
            out.append(UInt8(ascii: ":"))
            out.appendDecimal(port)
        }
        if let truncatedHMAC = address.truncatedHMAC {
            out.append(" hmac 0x")
            out.appendHex(truncatedHMAC)
        }
    }

    /// REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST (RFC 8684 sections 3.4.2, 3.3.8, 3.7, 3.5, 3.6).
    private func printControl(_ control: MPTCPControl) {
        switch control {
        case .removeAddress(let identifiers):
            out.append(" id")
            for index in 0 ..< identifiers.count {
                out.append(UInt8(ascii: " "))
                out.appendDecimal(identifiers[index])
            }
        case .priority(let isBackup, let addressID):
            out.append(isBackup ? " backup" : " non-backup")
            if let addressID {
                out.append(" id ")
                out.appendDecimal(addressID)
            }
        case .fail(let dataSequenceNumber):
            out.append(" seq ")
            out.appendDecimal(dataSequenceNumber)
        case .fastClose(let receiverKey):
            out.append(" key 0x")
            out.appendHex(receiverKey)
        case .reset(let resetFlags, let reason):
            out.append(" flags [")
            appendBits(resetFlags, letters: [(0x08, "U"), (0x04, "V"), (0x02, "W"), (0x01, "T")])
            out.append("] reason ")
            let reasons: [StaticString] = [
                "Unspecified error", "MPTCP-specific error", "Lack of resources", "Administratively prohibited",
                "Too much outstanding data", "Unacceptable performance", "Middlebox interference",
            ]
            if Int(reason) < reasons.count {
                out.append(reasons[Int(reason)])
            } else {
                out.append("unknown (0x")
                out.appendHex(UInt64(reason), width: 2)
                out.append(")")
            }
        }
    }
}
