import TCPCodec

/// Prints TCP options the way `tcpdump` does (`options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]`), from the
/// raw header bytes, with `tcpdump`'s own bounds rules.
///
/// Those rules matter for broken headers: a length byte below 2 or past the header's end is `[bad opt]` before
/// the option's name is printed; a kind whose fixed data does not fit in what is left of the header is
/// `[bad opt]` after its name; an option length that differs from what the kind reads is shown as `[len N]` and
/// the walk goes on after what was read; bytes the capture does not hold end the list with ` [|tcp]`.
struct OptionTextPrinter {
    /// The outcome of printing one option.
    enum Outcome {
        /// The next option starts at this offset.
        case next(Int)
        /// An EOL option: the list ends.
        case endOfList
        /// The option is malformed: `[bad opt]` ends the list.
        case bad
        /// The capture ends inside the option: ` [|tcp]` ends the list.
        case truncated
    }

    /// Reading past the captured bytes.
    struct Truncation: Error {}

    /// The captured bytes of the segment, header first.
    let bytes: UnsafeRawBufferPointer
    /// The header length the data offset announces (may exceed `bytes.count`).
    let headerLength: Int
    /// The segment's flags (MPTCP subtypes are checked against SYN and ACK).
    let flags: TCPFlags
    /// What to subtract from SACK block edges.
    let sackBase: UInt32
    /// Where the text goes.
    let out: OutputBuffer

    // MARK: - Captured-byte reads

    private func byte(_ offset: Int) throws(Truncation) -> UInt8 {
        guard offset >= 0, offset < bytes.count else { throw Truncation() }
        return bytes[offset]
    }

    private func word(_ offset: Int) throws(Truncation) -> UInt16 {
        UInt16(try byte(offset)) << 8 | UInt16(try byte(offset + 1))
    }

    private func doubleWord(_ offset: Int) throws(Truncation) -> UInt32 {
        UInt32(try word(offset)) << 16 | UInt32(try word(offset + 2))
    }

    /// A big-endian number of `width` (at most 8) bytes.
    private func number(_ offset: Int, width: Int) throws(Truncation) -> UInt64 {
        var value: UInt64 = 0
        for index in 0 ..< width {
            value = value << 8 | UInt64(try byte(offset + index))
        }
        return value
    }

    private func requireCaptured(_ offset: Int, count: Int) throws(Truncation) {
        guard count <= 0 || offset + count <= bytes.count else { throw Truncation() }
    }

    // MARK: - Well-formed options

    /// Prints an option the strict decoder accepted, or a SACK option with no block that framing decoding yields
    /// (tcpdump prints it `sack 0 `).
    ///
    /// - Parameters:
    ///   - option: the decoded option.
    ///   - offset: the offset of its kind byte in the header.
    /// - Returns: how the list goes on.
    func print(_ option: TCPOption, at offset: Int) -> Outcome {
        switch option {
        case .endOfOptionList:
            out.append("eol")
            return .endOfList
        case .noOperation:
            out.append("nop")
        case .maximumSegmentSize(let value):
            out.append("mss ")
            out.appendDecimal(value)
        case .windowScale(let shift):
            out.append("wscale ")
            out.appendDecimal(shift)
        case .sackPermitted:
            out.append("sackOK")
        case .timestamps(let value, let echoReply):
            out.append("TS val ")
            out.appendDecimal(value)
            out.append(" ecr ")
            out.appendDecimal(echoReply)
        case .sack(let blocks):
            // The count and a space, then the blocks: `sack 0 ` for an option with none, as tcpdump prints it.
            out.append("sack ")
            out.appendDecimal(UInt64(blocks.count))
            out.append(UInt8(ascii: " "))
            for block in blocks {
                out.append(UInt8(ascii: "{"))
                out.appendDecimal(block.left.rawValue &- sackBase)
                out.append(UInt8(ascii: ":"))
                out.appendDecimal(block.right.rawValue &- sackBase)
                out.append(UInt8(ascii: "}"))
            }
        case .md5Signature(let digest):
            out.append("md5 ")
            digest.withUnsafeBytes { out.appendHexBytes($0) }
        case .userTimeout(let timeout):
            // tcpdump shows the raw field, then reads the granularity from its low bit.
            let raw = (timeout.granularityIsMinutes ? 0x8000 : 0) | timeout.timeout
            out.append("uto 0x")
            out.appendHex(UInt64(raw))
            out.append(UInt8(ascii: " "))
            out.appendDecimal(raw & 1 != 0 ? UInt64(raw >> 1) * 60 : UInt64(raw >> 1))
        case .authentication(let authentication):
            out.append("tcp-ao keyid ")
            out.appendDecimal(authentication.keyID)
            out.append(" rnextkeyid ")
            out.appendDecimal(authentication.receiveNextKeyID)
            if authentication.mac.count > 0 {
                out.append(" mac 0x")
                authentication.mac.withUnsafeBytes { out.appendHexBytes($0) }
            }
        case .multipath(let multipath):
            out.append("mptcp")
            let third = UInt8(truncatingIfNeeded: multipath.subtype.rawValue << 4) | multipath.subtypeBits
            guard printMultipath(length: multipath.length, subtypeByte: third, option: multipath) else { return .bad }
        case .fastOpenCookie(let cookie):
            out.append("tfo ")
            cookie.withUnsafeBytes { printFastOpen($0) }
        case .experimental(let experiment) where experiment.kind == TCPOptionKind.experimental2:
            out.append("exp-")
            if experiment.experimentID == TCPExperimentalOption.fastOpenExperimentID {
                out.append("tfo")
                experiment.data.withUnsafeBytes { printFastOpen($0) }
            } else {
                out.appendHex(UInt64(experiment.experimentID), width: 4)
            }
        case .unknown(let kind, let data) where !Self.kindsReadByTcpdumpWalk.contains(kind):
            Self.appendName(of: kind, to: out)
            if data.count > 0 {
                out.append(" 0x")
                data.withUnsafeBytes { out.appendHexBytes($0) }
            }
        default:
            // Kinds whose fixed-size reading tcpdump takes from the header whatever the option's length says (the
            // obsolete echo and connection-count options, SCPS), AccECN, experiment kind 253 and malformed options.
            return printRaw(at: offset)
        }
        return .next(offset + option.encodedLength)
    }

    /// Kinds of the codec's ``TCPOption/unknown(kind:data:)`` that the raw walk prints, because tcpdump reads a
    /// fixed number of bytes for them whatever their length says: echo, echo reply (RFC 1072), CC, CC.NEW,
    /// CC.ECHO (RFC 1644), SCPS capabilities.
    static let kindsReadByTcpdumpWalk: Set<UInt8> = [6, 7, 11, 12, 13, 20]

    // MARK: - Any option, from raw bytes

    /// Prints the option at `offset` from the raw bytes, with tcpdump's checks.
    ///
    /// Each printed value is read before any of its text is written, so a value cut short by the capture leaves
    /// no partial text before ` [|tcp]`.
    ///
    /// - Parameter offset: the offset of the kind byte; below `headerLength`.
    /// - Returns: how the list goes on.
    func printRaw(at offset: Int) -> Outcome {
        do throws(Truncation) {
            return try printRawOrThrow(at: offset)
        } catch {
            return .truncated
        }
    }

    private func printRawOrThrow(at start: Int) throws(Truncation) -> Outcome {
        let kind = try byte(start)
        var cursor = start + 1
        var remaining = headerLength - start
        let length: Int
        if kind == TCPOptionKind.endOfOptionList || kind == TCPOptionKind.noOperation {
            length = 1
        } else {
            length = Int(try byte(cursor))
            cursor += 1
            if length < 2 || length > remaining {
                return .bad
            }
            remaining -= 1
        }
        remaining -= 1
        Self.appendName(of: kind, to: out)
        var dataLength = 0
        switch kind {
        case TCPOptionKind.maximumSegmentSize, TCPOptionKind.windowScale, 6, 7, 11, 12, 13:
            // One number: the MSS (2 bytes), the window scale shift (1), or the 4-byte value of echo, echo reply
            // (RFC 1072), CC, CC.NEW or CC.ECHO (RFC 1644).
            switch kind {
            case TCPOptionKind.maximumSegmentSize, TCPOptionKind.windowScale: dataLength = Self.valueLength(of: kind)
            default: dataLength = 4
            }
            guard dataLength <= remaining else { return .bad }
            let value = try number(cursor, width: dataLength)
            out.append(UInt8(ascii: " "))
            out.appendDecimal(value)
        case TCPOptionKind.sack:
            dataLength = length - 2
            if dataLength % 8 != 0 {
                out.append(" invalid sack")
            } else {
                out.append(UInt8(ascii: " "))
                out.appendDecimal(UInt64(dataLength / 8))
                out.append(UInt8(ascii: " "))
                var index = 0
                while index < dataLength {
                    guard index + 4 <= remaining else { return .bad }
                    let left = try doubleWord(cursor + index)
                    guard index + 8 <= remaining else { return .bad }
                    let right = try doubleWord(cursor + index + 4)
                    out.append(UInt8(ascii: "{"))
                    out.appendDecimal(left &- sackBase)
                    out.append(UInt8(ascii: ":"))
                    out.appendDecimal(right &- sackBase)
                    out.append(UInt8(ascii: "}"))
                    index += 8
                }
            }
        case TCPOptionKind.timestamps:
            dataLength = Self.valueLength(of: kind)
            guard dataLength <= remaining else { return .bad }
            // Both values are read before either is printed: a cut capture shows neither.
            let value = try doubleWord(cursor)
            let echoReply = try doubleWord(cursor + 4)
            out.append(" val ")
            out.appendDecimal(value)
            out.append(" ecr ")
            out.appendDecimal(echoReply)
        case TCPOptionKind.md5Signature:
            dataLength = Self.valueLength(of: kind)
            guard dataLength <= remaining else { return .bad }
            try requireCaptured(cursor, count: dataLength)
            out.append(UInt8(ascii: " "))
            out.appendHexBytes(UnsafeRawBufferPointer(rebasing: bytes[cursor ..< cursor + dataLength]))
        case 20:
            // SCPS capabilities (CCSDS 714.0-B-2): a capability byte and a connection identifier.
            dataLength = 2
            guard dataLength <= remaining else { return .bad }
            let capabilities = try byte(cursor)
            let connectionID = try byte(cursor + 1)
            out.append(" cap ")
            out.appendHex(UInt64(capabilities), width: 2)
            out.append(" id ")
            out.appendDecimal(connectionID)
        case TCPOptionKind.authentication:
            dataLength = length - 2
            if !TCPOptionKind.lengthRule(of: kind).allows(length) {
                out.append(" (invalid)")
            } else {
                guard 1 <= remaining else { return .bad }
                let keyID = try byte(cursor)
                out.append(" keyid ")
                out.appendDecimal(keyID)
                guard 2 <= remaining else { return .bad }
                let receiveNextKeyID = try byte(cursor + 1)
                out.append(" rnextkeyid ")
                out.appendDecimal(receiveNextKeyID)
                if dataLength > 2 {
                    out.append(" mac 0x")
                    for index in 2 ..< dataLength {
                        guard index + 1 <= remaining else { return .bad }
                        let macByte = try byte(cursor + index)
                        out.appendHex(UInt64(macByte), width: 2)
                    }
                }
            }
        case TCPOptionKind.endOfOptionList, TCPOptionKind.noOperation, TCPOptionKind.sackPermitted:
            break
        case TCPOptionKind.userTimeout:
            dataLength = Self.valueLength(of: kind)
            guard dataLength <= remaining else { return .bad }
            let raw = try word(cursor)
            out.append(" 0x")
            out.appendHex(UInt64(raw))
            out.append(UInt8(ascii: " "))
            // tcpdump reads the granularity from the low bit of the field.
            out.appendDecimal(raw & 1 != 0 ? UInt64(raw >> 1) * 60 : UInt64(raw >> 1))
        case TCPOptionKind.multipath:
            dataLength = length - 2
            guard dataLength <= remaining else { return .bad }
            try requireCaptured(cursor, count: dataLength)
            let optionBytes = UnsafeRawBufferPointer(rebasing: bytes[start ..< start + length])
            guard printMultipath(
                length: length, subtypeByte: length >= 3 ? optionBytes[2] : nil,
                option: MPTCPOption(optionBytes: optionBytes))
            else { return .bad }
        case TCPOptionKind.fastOpenCookie:
            dataLength = length - 2
            guard dataLength <= remaining else { return .bad }
            try requireCaptured(cursor, count: dataLength)
            out.append(UInt8(ascii: " "))
            printFastOpen(UnsafeRawBufferPointer(rebasing: bytes[cursor ..< cursor + dataLength]))
        case TCPOptionKind.experimental2:
            dataLength = length - 2
            guard dataLength <= remaining else { return .bad }
            try requireCaptured(cursor, count: dataLength)
            guard TCPOptionKind.lengthRule(of: kind).allows(length) else { return .bad }
            let experimentID = try word(cursor)
            out.append(UInt8(ascii: "-"))
            if experimentID == TCPExperimentalOption.fastOpenExperimentID {
                out.append("tfo")
                printFastOpen(UnsafeRawBufferPointer(rebasing: bytes[cursor + 2 ..< cursor + dataLength]))
            } else {
                out.appendHex(UInt64(experimentID), width: 4)
            }
        default:
            dataLength = length - 2
            if dataLength > 0 {
                out.append(" 0x")
            }
            for index in 0 ..< Swift.max(dataLength, 0) {
                guard index + 1 <= remaining else { return .bad }
                let dataByte = try byte(cursor + index)
                out.appendHex(UInt64(dataByte), width: 2)
            }
        }
        cursor += dataLength
        let consumed = dataLength + (kind <= 1 ? 1 : 2)
        if consumed != length {
            out.append("[len ")
            out.appendDecimal(UInt64(length))
            out.append(UInt8(ascii: "]"))
        }
        if kind == TCPOptionKind.endOfOptionList {
            return .endOfList
        }
        return .next(cursor)
    }

    /// The value bytes, after the kind and length bytes, of an option of a kind of one length (the codec's length
    /// rule): what tcpdump reads for the kind whatever its length byte says.
    private static func valueLength(of kind: UInt8) -> Int {
        TCPOptionKind.lengthRule(of: kind).minimumLength - 2
    }

    /// Prints a TCP Fast Open cookie (RFC 7413 section 4.1.1): empty is a request.
    ///
    /// - Parameter cookie: the cookie's bytes, all captured.
    private func printFastOpen(_ cookie: UnsafeRawBufferPointer) {
        if cookie.isEmpty {
            out.append(" cookiereq")
        } else if cookie.count % 2 != 0 || cookie.count < 4 || cookie.count > 16 {
            out.append(" (invalid)")
        } else {
            out.append(" cookie ")
            out.appendHexBytes(cookie)
        }
    }

    /// The names tcpdump gives option kinds; `unknown-K` for the others.
    static func appendName(of kind: UInt8, to out: OutputBuffer) {
        switch kind {
        case 0: out.append("eol")
        case 1: out.append("nop")
        case 2: out.append("mss")
        case 3: out.append("wscale")
        case 4: out.append("sackOK")
        case 5: out.append("sack")
        case 6: out.append("echo")
        case 7: out.append("echoreply")
        case 8: out.append("TS")
        case 11: out.append("cc")
        case 12: out.append("ccnew")
        case 13: break
        case 19: out.append("md5")
        case 20: out.append("scps")
        case 28: out.append("uto")
        case 29: out.append("tcp-ao")
        case 30: out.append("mptcp")
        case 34: out.append("tfo")
        case 254: out.append("exp")
        default:
            out.append("unknown-")
            out.appendDecimal(kind)
        }
    }
}
