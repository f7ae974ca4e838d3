import PacketCapture
import TCPCodec

extension OptionTextPrinter {
    /// Prints the body of a Multipath TCP option (RFC 8684 section 3; RFC 6824 for version 0) as tcpdump does:
    /// ` LEN subtype fields`.
    ///
    /// Each subtype must have one of its lengths, and MP_CAPABLE, MP_JOIN and DSS must sit on a segment with the
    /// SYN and ACK flags their exchange step uses; otherwise the option is bad.
    ///
    /// - Parameters:
    ///   - start: the offset of the option's kind byte; all `length` bytes are captured.
    ///   - length: the option's length byte.
    /// - Returns: `false` when the option is malformed for its subtype.
    func printMultipath(at start: Int, length: Int) -> Bool {
        out.append(UInt8(ascii: " "))
        out.appendDecimal(UInt64(length))
        guard TCPOptionKind.lengthRule(of: TCPOptionKind.multipath).allows(length) else { return false }
        // The kind's rule makes the subtype byte part of the option.
        let third = bytes[start + 2]
        let names: [StaticString] = [
            "capable", "join", "dss", "add-addr", "rem-addr", "prio", "fail", "fast-close", "tcprst", "unknown",
        ]
        let subtype = Swift.min(Int(third >> 4), 9)
        out.append(UInt8(ascii: " "))
        out.append(names[subtype])
        let syn = flags.contains(.syn)
        let ack = flags.contains(.ack)
        switch subtype {
        case 0:
            return printCapable(at: start, length: length, syn: syn, ack: ack)
        case 1:
            return printJoin(at: start, length: length, syn: syn, ack: ack)
        case 2:
            return printDataSequenceSignal(at: start, length: length, syn: syn)
        case 3:
            return printAddAddress(at: start, length: length)
        case 4:
            guard length >= 4 else { return false }
            out.append(" id")
            for index in 3 ..< length {
                out.append(UInt8(ascii: " "))
                out.appendDecimal(bytes[start + index])
            }
            return true
        case 5:
            guard length == 3 || length == 4 else { return false }
            out.append(third & 1 != 0 ? " backup" : " non-backup")
            if length == 4 {
                out.append(" id ")
                out.appendDecimal(bytes[start + 3])
            }
            return true
        case 6:
            guard length == 12 else { return false }
            out.append(" seq ")
            out.appendDecimal(load64(start + 4))
            return true
        case 7:
            guard length == 12 else { return false }
            out.append(" key 0x")
            out.appendHex(load64(start + 4))
            return true
        case 8:
            guard length == 4 else { return false }
            out.append(" flags [")
            appendBits(third, letters: [(0x08, "U"), (0x04, "V"), (0x02, "W"), (0x01, "T")])
            out.append("] reason ")
            let reasons: [StaticString] = [
                "Unspecified error", "MPTCP-specific error", "Lack of resources", "Administratively prohibited",
                "Too much outstanding data", "Unacceptable performance", "Middlebox interference",
            ]
            let reason = bytes[start + 3]
            if Int(reason) < reasons.count {
                out.append(reasons[Int(reason)])
            } else {
                out.append("unknown (0x")
                out.appendHex(UInt64(reason), width: 2)
                out.append(")")
            }
            return true
        default:
            return true
        }
    }

    private func load64(_ offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0 ..< 8 {
            value = value << 8 | UInt64(bytes[offset + index])
        }
        return value
    }

    private func load32(_ offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for index in 0 ..< 4 {
            value = value << 8 | UInt32(bytes[offset + index])
        }
        return value
    }

    private func load16(_ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
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
    private func printCapable(at start: Int, length: Int, syn: Bool, ack: Bool) -> Bool {
        let onSYN = (length == 12 || length == 4) && syn
        let onThirdACK = (length == 20 || length == 22 || length == 24) && ack && !syn
        guard onSYN || onThirdACK else { return false }
        let version = bytes[start + 2] & 0x0F
        guard version <= 1 else {
            out.append(" Unknown Version (")
            out.appendDecimal(version)
            out.append(")")
            return true
        }
        out.append(" v")
        out.appendDecimal(version)
        let capableFlags = bytes[start + 3]
        out.append(" flags [")
        appendBits(capableFlags, letters: [
            (0x80, "A"), (0x40, "B"), (0x20, "C"), (0x10, "D"), (0x08, "E"), (0x04, "F"), (0x02, "G"), (0x01, "H"),
        ])
        out.append("]")
        let checksumRequired = capableFlags & 0x80 != 0
        if checksumRequired {
            out.append(" csum")
        }
        if length == 12 || length >= 20 {
            out.append(" {0x")
            out.appendHex(load64(start + 4))
            if length >= 20 {
                out.append(",0x")
                out.appendHex(load64(start + 12))
            }
            if (length == 22 && !checksumRequired) || length == 24 {
                out.append(",data_len=")
                out.appendDecimal(load16(start + 20))
            }
            out.append("}")
        }
        return true
    }

    /// MP_JOIN (RFC 8684 section 3.2): the SYN, SYN-ACK and third-ACK forms.
    private func printJoin(at start: Int, length: Int, syn: Bool, ack: Bool) -> Bool {
        guard (length == 12 && syn) || (length == 16 && syn && ack) || (length == 24 && ack) else { return false }
        if length != 24 {
            if bytes[start + 2] & 1 != 0 {
                out.append(" backup")
            }
            out.append(" id ")
            out.appendDecimal(bytes[start + 3])
        }
        switch length {
        case 12:
            out.append(" token 0x")
            out.appendHex(UInt64(load32(start + 4)))
            out.append(" nonce 0x")
            out.appendHex(UInt64(load32(start + 8)))
        case 16:
            out.append(" hmac 0x")
            out.appendHex(load64(start + 4))
            out.append(" nonce 0x")
            out.appendHex(UInt64(load32(start + 12)))
        default:
            out.append(" hmac 0x")
            out.appendHexBytes(UnsafeRawBufferPointer(rebasing: bytes[start + 4 ..< start + 24]))
        }
        return true
    }

    /// DSS (RFC 8684 section 3.3): data ACK and mapping, whose sizes the flags give; not on a SYN.
    private func printDataSequenceSignal(at start: Int, length: Int, syn: Bool) -> Bool {
        guard length >= 4, !syn else { return false }
        let dssFlags = bytes[start + 3]
        if dssFlags & 0x10 != 0 {
            out.append(" fin")
        }
        var position = start + 4
        var remaining = length - 4
        if dssFlags & 0x01 != 0 {
            out.append(" ack ")
            guard printDataSequenceNumber(wide: dssFlags & 0x02 != 0, at: &position, remaining: &remaining) else {
                return false
            }
        }
        if dssFlags & 0x04 != 0 {
            out.append(" seq ")
            guard printDataSequenceNumber(wide: dssFlags & 0x08 != 0, at: &position, remaining: &remaining) else {
                return false
            }
            guard remaining >= 4 else { return false }
            out.append(" subseq ")
            out.appendDecimal(load32(position))
            position += 4
            remaining -= 4
            guard remaining >= 2 else { return false }
            out.append(" len ")
            out.appendDecimal(load16(position))
            position += 2
            remaining -= 2
            if remaining >= 2 {
                out.append(" csum 0x")
                out.appendHex(UInt64(load16(position)))
                remaining -= 2
            }
        }
        return remaining == 0
    }

    /// A DSS data ACK or data sequence number: 8 bytes when its flag says so, else 4; moves `position` past it.
    ///
    /// - Returns: `false` (and prints nothing) when fewer than that many bytes of the option remain.
    private func printDataSequenceNumber(wide: Bool, at position: inout Int, remaining: inout Int) -> Bool {
        let width = wide ? 8 : 4
        guard remaining >= width else { return false }
        if wide {
            out.appendDecimal(load64(position))
        } else {
            out.appendDecimal(load32(position))
        }
        position += width
        remaining -= width
        return true
    }

    /// ADD_ADDR (RFC 8684 section 3.4.1, RFC 6824 section 3.4.1 for version 0): address, port, HMAC.
    private func printAddAddress(at start: Int, length: Int) -> Bool {
        guard [8, 10, 16, 18, 20, 22, 28, 30].contains(length) else { return false }
        out.append(UInt8(ascii: " "))
        switch bytes[start + 2] & 0x0F {
        case 6: out.append("v0-ip6")
        case 4: out.append("v0-ip4")
        case 1: out.append("v1-echo")
        case 0: out.append("v1")
        default: out.append("[bad version/echo]")
        }
        out.append(" id ")
        out.appendDecimal(bytes[start + 3])
        out.append(UInt8(ascii: " "))
        if length <= 18 {
            out.appendAddress(ipv4: load32(start + 4))
            if length == 10 || length == 18 {
                out.append(UInt8(ascii: ":"))
                out.appendDecimal(load16(start + 8))
            }
            if length == 16 || length == 18 {
                out.append(" hmac 0x")
                out.appendHex(load64(start + (length == 16 ? 8 : 10)))
            }
        } else {
            let address = IPAddress(bytes: UnsafeRawBufferPointer(rebasing: bytes[start + 4 ..< start + 20]))
            out.append(string: address?.description ?? "")
            if length == 22 || length == 30 {
                out.append(UInt8(ascii: ":"))
                out.appendDecimal(load16(start + 20))
            }
            if length == 28 || length == 30 {
                out.append(" hmac 0x")
                out.appendHex(load64(start + (length == 28 ? 20 : 22)))
            }
        }
        return true
    }
}
