/// Writes TCP options as `tcpdump` prints them (`mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7`), from typed options
/// or from the raw header bytes with `tcpdump`'s own bounds rules: the one place that says how each option kind
/// reads as text, for the values' descriptions and for tools.
///
/// Those rules matter for broken headers: a length byte below 2 or past the header's end is `[bad opt]` before
/// the option's name is printed; a kind whose fixed data does not fit in what is left of the header is
/// `[bad opt]` after its name; an option length that differs from what the kind reads is shown as `[len N]` and
/// the walk goes on after what was read; bytes the capture does not hold end the list with ` [|tcp]`.
///
/// The writer holds no output: each method writes into the ``TCPTextOutput`` it is given, so a tool's byte buffer
/// takes the text with no `String` built. It borrows ``bytes``, which must outlive it.
@frozen
public struct TCPOptionTextWriter {
    /// The outcome of writing one option.
    @frozen
    public enum Outcome: Hashable, Sendable {
        /// The next option starts at this offset.
        case next(Int)
        /// An EOL option: the list ends.
        case endOfList
        /// The option is malformed: `[bad opt]` ends the list.
        case bad
        /// The captured bytes end inside the option: ` [|tcp]` ends the list.
        case truncated
    }

    /// Reading past the captured bytes.
    @usableFromInline
    struct Truncation: Error {
        @inlinable
        init() {}
    }

    /// The captured bytes the options are read from: a segment, header first, or an option area on its own.
    public let bytes: UnsafeRawBufferPointer
    /// Where the option area ends: the header length the data offset announces, which may exceed `bytes.count`
    /// when the capture is cut short.
    public let headerLength: Int
    /// The segment's flags, against which Multipath TCP options are checked for the SYN and ACK their exchange
    /// step uses; `nil` when the options are written without a segment, and no such check is made.
    public let flags: TCPFlags?
    /// What to subtract from SACK block edges: 0 for absolute numbers.
    public let sackBase: UInt32

    /// Makes a writer over an option area.
    ///
    /// - Parameters:
    ///   - bytes: the captured bytes; option offsets count from their start.
    ///   - headerLength: where the option area ends (RFC 9293 section 3.1: the data offset times 4).
    ///   - flags: the segment's flags, or `nil` for options without a segment.
    ///   - sackBase: subtracted from SACK block edges, for relative numbers; 0 for absolute ones.
    @inlinable
    public init(bytes: UnsafeRawBufferPointer, headerLength: Int, flags: TCPFlags?, sackBase: UInt32 = 0) {
        self.bytes = bytes
        self.headerLength = headerLength
        self.flags = flags
        self.sackBase = sackBase
    }

    // MARK: - Captured-byte reads

    @inlinable
    func byte(_ offset: Int) throws(Truncation) -> UInt8 {
        guard offset >= 0, offset < bytes.count else { throw Truncation() }
        return bytes[offset]
    }

    @inlinable
    func word(_ offset: Int) throws(Truncation) -> UInt16 {
        UInt16(try byte(offset)) << 8 | UInt16(try byte(offset + 1))
    }

    @inlinable
    func doubleWord(_ offset: Int) throws(Truncation) -> UInt32 {
        UInt32(try word(offset)) << 16 | UInt32(try word(offset + 2))
    }

    /// A big-endian number of `width` (at most 8) bytes.
    @inlinable
    func number(_ offset: Int, width: Int) throws(Truncation) -> UInt64 {
        var value: UInt64 = 0
        for index in 0 ..< width {
            value = value << 8 | UInt64(try byte(offset + index))
        }
        return value
    }

    @inlinable
    func requireCaptured(_ offset: Int, count: Int) throws(Truncation) {
        guard count <= 0 || offset + count <= bytes.count else { throw Truncation() }
    }

    // MARK: - A list

    /// Writes an option list: the well-formed options the walk yields, then, from the first option tcpdump would
    /// read differently (a malformed one, or one whose length its kind does not use), tcpdump's own walk over
    /// ``bytes``; at a malformed option `[bad opt]`, at the end of the captured bytes ` [|tcp]`.
    ///
    /// The options are separated by commas, without brackets around them.
    ///
    /// - Parameters:
    ///   - options: the options of the area, read from ``bytes`` (a view's ``TCPSegmentView/options``).
    ///   - output: where the text goes.
    /// - Returns: `false` when the list ended with `[bad opt]` or ` [|tcp]`, which end tcpdump's line.
    @inlinable
    public func writeList<Output: TCPTextOutput>(_ options: TCPOptions, to output: inout Output) -> Bool {
        var position = options.start
        var printedAny = false
        var walk = options.walk()
        walking: while let step = walk.next() {
            switch step {
            case .option(let option, let offset):
                if printedAny {
                    output.writeByte(UInt8(ascii: ","))
                }
                let outcome = write(option, at: offset, to: &output)
                switch outcome {
                case .next(let next):
                    position = next
                    printedAny = true
                    if next != offset + option.encodedLength {
                        break walking
                    }
                case .endOfList:
                    return true
                case .bad, .truncated:
                    return Self.finish(outcome, printedAny: printedAny, to: &output)
                }
            case .malformed(let error):
                position = error.offset
                break walking
            }
        }
        while position < headerLength {
            if printedAny {
                output.writeByte(UInt8(ascii: ","))
            }
            let outcome = writeRaw(at: position, to: &output)
            switch outcome {
            case .next(let next):
                position = next
                printedAny = true
            case .endOfList:
                return true
            case .bad, .truncated:
                return Self.finish(outcome, printedAny: printedAny, to: &output)
            }
        }
        return true
    }

    /// Ends a list that broke: ` [|tcp]` where the capture ends, `[bad opt]` (and the list's `]` when an option
    /// came before) at a malformed option, as tcpdump ends it.
    @inlinable
    static func finish<Output: TCPTextOutput>(_ outcome: Outcome, printedAny: Bool, to output: inout Output) -> Bool {
        if case .truncated = outcome {
            output.writeText(" [|tcp]")
        } else {
            output.writeText("[bad opt]")
            if printedAny {
                output.writeByte(UInt8(ascii: "]"))
            }
        }
        return false
    }

    // MARK: - Well-formed options

    /// Writes an option the strict decoder accepted, or a SACK option with no block that framing decoding yields
    /// (tcpdump prints it `sack 0 `); a kind tcpdump reads differently from the decoder is written from ``bytes``
    /// with ``writeRaw(at:to:)``.
    ///
    /// - Parameters:
    ///   - option: the decoded option.
    ///   - offset: the offset of its kind byte in ``bytes``.
    ///   - output: where the text goes.
    /// - Returns: how the list goes on.
    @inlinable
    public func write<Output: TCPTextOutput>(
        _ option: TCPOption, at offset: Int, to output: inout Output
    ) -> Outcome {
        switch option {
        case .endOfOptionList:
            Self.writeName(of: TCPOptionKind.endOfOptionList, to: &output)
            return .endOfList
        case .noOperation:
            Self.writeName(of: TCPOptionKind.noOperation, to: &output)
        case .maximumSegmentSize(let value):
            Self.writeName(of: TCPOptionKind.maximumSegmentSize, to: &output)
            Self.writeNumber(UInt64(value), to: &output)
        case .windowScale(let shift):
            Self.writeName(of: TCPOptionKind.windowScale, to: &output)
            Self.writeNumber(UInt64(shift), to: &output)
        case .sackPermitted:
            Self.writeName(of: TCPOptionKind.sackPermitted, to: &output)
        case .timestamps(let value, let echoReply):
            Self.writeName(of: TCPOptionKind.timestamps, to: &output)
            Self.writeTimestamps(value: value, echoReply: echoReply, to: &output)
        case .sack(let blocks):
            // The count and a space, then the blocks: `sack 0 ` for an option with none, as tcpdump prints it.
            Self.writeName(of: TCPOptionKind.sack, to: &output)
            Self.writeSACKCount(blocks.count, to: &output)
            Self.writeSACKBlocks(blocks, sackBase: sackBase, to: &output)
        case .md5Signature(let digest):
            Self.writeName(of: TCPOptionKind.md5Signature, to: &output)
            output.writeByte(UInt8(ascii: " "))
            digest.withUnsafeBytes { output.writeHexBytes($0) }
        case .userTimeout(let timeout):
            Self.writeName(of: TCPOptionKind.userTimeout, to: &output)
            Self.writeUserTimeout(field: (timeout.granularityIsMinutes ? 0x8000 : 0) | timeout.timeout, to: &output)
        case .authentication(let authentication):
            Self.writeName(of: TCPOptionKind.authentication, to: &output)
            Self.writeKeyIDs(authentication.keyID, authentication.receiveNextKeyID, to: &output)
            if authentication.mac.count > 0 {
                output.writeText(" mac 0x")
                authentication.mac.withUnsafeBytes { output.writeHexBytes($0) }
            }
        case .multipath(let multipath):
            Self.writeName(of: TCPOptionKind.multipath, to: &output)
            let third = UInt8(truncatingIfNeeded: multipath.subtype.rawValue << 4) | multipath.subtypeBits
            guard writeMultipath(length: multipath.length, subtypeByte: third, option: multipath, to: &output) else {
                return .bad
            }
        case .fastOpenCookie(let cookie):
            Self.writeName(of: TCPOptionKind.fastOpenCookie, to: &output)
            output.writeByte(UInt8(ascii: " "))
            cookie.withUnsafeBytes { Self.writeFastOpenCookie($0, to: &output) }
        case .experimental(let experiment) where experiment.kind == TCPOptionKind.experimental2:
            Self.writeName(of: TCPOptionKind.experimental2, to: &output)
            output.writeByte(UInt8(ascii: "-"))
            if experiment.experimentID == TCPExperimentalOption.fastOpenExperimentID {
                output.writeText("tfo")
                experiment.data.withUnsafeBytes { Self.writeFastOpenCookie($0, to: &output) }
            } else {
                output.writeHex(UInt64(experiment.experimentID), width: 4)
            }
        case .unknown(let kind, let data) where !Self.isReadByTcpdumpWalk(kind):
            Self.writeName(of: kind, to: &output)
            if data.count > 0 {
                output.writeText(" 0x")
                data.withUnsafeBytes { output.writeHexBytes($0) }
            }
        default:
            // Kinds whose fixed-size reading tcpdump takes from the header whatever the option's length says (the
            // obsolete echo and connection-count options, SCPS), AccECN, experiment kind 253 and malformed options.
            return writeRaw(at: offset, to: &output)
        }
        return .next(offset + option.encodedLength)
    }

    /// Whether the raw walk writes an option of this kind that the codec reads as
    /// ``TCPOption/unknown(kind:data:)``, because tcpdump reads a fixed number of bytes for it whatever its length
    /// says: echo, echo reply (RFC 1072), CC, CC.NEW, CC.ECHO (RFC 1644), SCPS capabilities.
    @inlinable @inline(__always)
    static func isReadByTcpdumpWalk(_ kind: UInt8) -> Bool {
        switch kind {
        case 6, 7, 11, 12, 13, 20: return true
        default: return false
        }
    }

    // MARK: - Any option, from raw bytes

    /// Writes the option at `offset` from ``bytes``, with tcpdump's checks.
    ///
    /// Each number is read before any of its text is written, so a number cut short by the capture leaves no
    /// partial text before ` [|tcp]`.
    ///
    /// - Parameters:
    ///   - offset: the offset of the kind byte; below ``headerLength``.
    ///   - output: where the text goes.
    /// - Returns: how the list goes on.
    @inlinable
    public func writeRaw<Output: TCPTextOutput>(at offset: Int, to output: inout Output) -> Outcome {
        do throws(Truncation) {
            return try writeRawOrThrow(at: offset, to: &output)
        } catch {
            return .truncated
        }
    }

    @inlinable
    func writeRawOrThrow<Output: TCPTextOutput>(
        at start: Int, to output: inout Output
    ) throws(Truncation) -> Outcome {
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
        Self.writeName(of: kind, to: &output)
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
            Self.writeNumber(value, to: &output)
        case TCPOptionKind.sack:
            dataLength = length - 2
            if dataLength % 8 != 0 {
                output.writeText(" invalid sack")
            } else {
                Self.writeSACKCount(dataLength / 8, to: &output)
                var index = 0
                while index < dataLength {
                    guard index + 4 <= remaining else { return .bad }
                    let left = try doubleWord(cursor + index)
                    guard index + 8 <= remaining else { return .bad }
                    let right = try doubleWord(cursor + index + 4)
                    Self.writeSACKBlock(left: left, right: right, sackBase: sackBase, to: &output)
                    index += 8
                }
            }
        case TCPOptionKind.timestamps:
            dataLength = Self.valueLength(of: kind)
            guard dataLength <= remaining else { return .bad }
            // Both values are read before either is printed: a cut capture shows neither.
            let value = try doubleWord(cursor)
            let echoReply = try doubleWord(cursor + 4)
            Self.writeTimestamps(value: value, echoReply: echoReply, to: &output)
        case TCPOptionKind.md5Signature:
            dataLength = Self.valueLength(of: kind)
            guard dataLength <= remaining else { return .bad }
            try requireCaptured(cursor, count: dataLength)
            output.writeByte(UInt8(ascii: " "))
            output.writeHexBytes(UnsafeRawBufferPointer(rebasing: bytes[cursor ..< cursor + dataLength]))
        case 20:
            // SCPS capabilities (CCSDS 714.0-B-2): a capability byte and a connection identifier.
            dataLength = 2
            guard dataLength <= remaining else { return .bad }
            let capabilities = try byte(cursor)
            let connectionID = try byte(cursor + 1)
            output.writeText(" cap ")
            output.writeHex(UInt64(capabilities), width: 2)
            output.writeText(" id ")
            output.writeDecimal(UInt64(connectionID))
        case TCPOptionKind.authentication:
            dataLength = length - 2
            if !TCPOptionKind.lengthRule(of: kind).allows(length) {
                output.writeText(" (invalid)")
            } else {
                // Each byte is written as it is read, as tcpdump does: a cut capture shows the bytes before the cut.
                guard 1 <= remaining else { return .bad }
                let keyID = try byte(cursor)
                output.writeText(" keyid ")
                output.writeDecimal(UInt64(keyID))
                guard 2 <= remaining else { return .bad }
                let receiveNextKeyID = try byte(cursor + 1)
                output.writeText(" rnextkeyid ")
                output.writeDecimal(UInt64(receiveNextKeyID))
                if dataLength > 2 {
                    output.writeText(" mac 0x")
                    for index in 2 ..< dataLength {
                        guard index + 1 <= remaining else { return .bad }
                        let macByte = try byte(cursor + index)
                        output.writeHex(UInt64(macByte), width: 2)
                    }
                }
            }
        case TCPOptionKind.endOfOptionList, TCPOptionKind.noOperation, TCPOptionKind.sackPermitted:
            break
        case TCPOptionKind.userTimeout:
            dataLength = Self.valueLength(of: kind)
            guard dataLength <= remaining else { return .bad }
            Self.writeUserTimeout(field: try word(cursor), to: &output)
        case TCPOptionKind.multipath:
            dataLength = length - 2
            guard dataLength <= remaining else { return .bad }
            try requireCaptured(cursor, count: dataLength)
            let optionBytes = UnsafeRawBufferPointer(rebasing: bytes[start ..< start + length])
            guard writeMultipath(
                length: length, subtypeByte: length >= 3 ? optionBytes[2] : nil,
                option: MPTCPOption(optionBytes: optionBytes), to: &output)
            else { return .bad }
        case TCPOptionKind.fastOpenCookie:
            dataLength = length - 2
            guard dataLength <= remaining else { return .bad }
            try requireCaptured(cursor, count: dataLength)
            output.writeByte(UInt8(ascii: " "))
            Self.writeFastOpenCookie(
                UnsafeRawBufferPointer(rebasing: bytes[cursor ..< cursor + dataLength]), to: &output)
        case TCPOptionKind.experimental2:
            dataLength = length - 2
            guard dataLength <= remaining else { return .bad }
            try requireCaptured(cursor, count: dataLength)
            guard TCPOptionKind.lengthRule(of: kind).allows(length) else { return .bad }
            let experimentID = try word(cursor)
            output.writeByte(UInt8(ascii: "-"))
            if experimentID == TCPExperimentalOption.fastOpenExperimentID {
                output.writeText("tfo")
                Self.writeFastOpenCookie(
                    UnsafeRawBufferPointer(rebasing: bytes[cursor + 2 ..< cursor + dataLength]), to: &output)
            } else {
                output.writeHex(UInt64(experimentID), width: 4)
            }
        default:
            dataLength = length - 2
            if dataLength > 0 {
                output.writeText(" 0x")
            }
            for index in 0 ..< Swift.max(dataLength, 0) {
                guard index + 1 <= remaining else { return .bad }
                let dataByte = try byte(cursor + index)
                output.writeHex(UInt64(dataByte), width: 2)
            }
        }
        cursor += dataLength
        let consumed = dataLength + (kind <= 1 ? 1 : 2)
        if consumed != length {
            output.writeText("[len ")
            output.writeDecimal(UInt64(length))
            output.writeByte(UInt8(ascii: "]"))
        }
        if kind == TCPOptionKind.endOfOptionList {
            return .endOfList
        }
        return .next(cursor)
    }

    /// The value bytes, after the kind and length bytes, of an option of a kind of one length (the codec's length
    /// rule): what tcpdump reads for the kind whatever its length byte says.
    @inlinable
    static func valueLength(of kind: UInt8) -> Int {
        TCPOptionKind.lengthRule(of: kind).minimumLength - 2
    }

    // MARK: - The text of each kind

    /// Writes the name tcpdump gives an option kind (`mss`, `TS`, `sackOK`, ...; `unknown-K` for a kind it does
    /// not name, nothing for CC.ECHO, kind 13, which tcpdump leaves unnamed).
    ///
    /// - Parameters:
    ///   - kind: the option kind.
    ///   - output: where the text goes.
    @inlinable
    public static func writeName<Output: TCPTextOutput>(of kind: UInt8, to output: inout Output) {
        switch kind {
        case 0: output.writeText("eol")
        case 1: output.writeText("nop")
        case 2: output.writeText("mss")
        case 3: output.writeText("wscale")
        case 4: output.writeText("sackOK")
        case 5: output.writeText("sack")
        case 6: output.writeText("echo")
        case 7: output.writeText("echoreply")
        case 8: output.writeText("TS")
        case 11: output.writeText("cc")
        case 12: output.writeText("ccnew")
        case 13: break
        case 19: output.writeText("md5")
        case 20: output.writeText("scps")
        case 28: output.writeText("uto")
        case 29: output.writeText("tcp-ao")
        case 30: output.writeText("mptcp")
        case 34: output.writeText("tfo")
        case 254: output.writeText("exp")
        default:
            output.writeText("unknown-")
            output.writeDecimal(UInt64(kind))
        }
    }

    /// ` N`: the value of MSS, window scale and the 4-byte obsolete kinds.
    @inlinable
    static func writeNumber<Output: TCPTextOutput>(_ value: UInt64, to output: inout Output) {
        output.writeByte(UInt8(ascii: " "))
        output.writeDecimal(value)
    }

    /// ` val TSval ecr TSecr` (RFC 7323 section 3).
    @inlinable
    static func writeTimestamps<Output: TCPTextOutput>(value: UInt32, echoReply: UInt32, to output: inout Output) {
        output.writeText(" val ")
        output.writeDecimal(UInt64(value))
        output.writeText(" ecr ")
        output.writeDecimal(UInt64(echoReply))
    }

    /// ` N `: the block count of a SACK option and the space before its blocks.
    @inlinable
    static func writeSACKCount<Output: TCPTextOutput>(_ count: Int, to output: inout Output) {
        output.writeByte(UInt8(ascii: " "))
        output.writeDecimal(UInt64(count))
        output.writeByte(UInt8(ascii: " "))
    }

    /// `{left:right}` for each block, each edge less `sackBase`, with no separator (RFC 2018 section 3).
    ///
    /// - Parameters:
    ///   - blocks: the blocks; none writes nothing.
    ///   - sackBase: subtracted from each edge, modulo 2^32; 0 for absolute numbers.
    ///   - output: where the text goes.
    @inlinable
    public static func writeSACKBlocks<Output: TCPTextOutput>(
        _ blocks: TCPSACKBlocks, sackBase: UInt32, to output: inout Output
    ) {
        for block in blocks {
            writeSACKBlock(left: block.left.rawValue, right: block.right.rawValue, sackBase: sackBase, to: &output)
        }
    }

    /// `{left:right}`, each edge less `sackBase` (wrapping like the sequence space).
    @inlinable
    static func writeSACKBlock<Output: TCPTextOutput>(
        left: UInt32, right: UInt32, sackBase: UInt32, to output: inout Output
    ) {
        output.writeByte(UInt8(ascii: "{"))
        output.writeDecimal(UInt64(left &- sackBase))
        output.writeByte(UInt8(ascii: ":"))
        output.writeDecimal(UInt64(right &- sackBase))
        output.writeByte(UInt8(ascii: "}"))
    }

    /// ` 0xFIELD SECONDS` for a user timeout (RFC 5482): tcpdump shows the raw 16-bit field, then reads the
    /// granularity from its low bit (where RFC 5482 puts it in the high bit).
    @inlinable
    static func writeUserTimeout<Output: TCPTextOutput>(field: UInt16, to output: inout Output) {
        output.writeText(" 0x")
        output.writeHex(UInt64(field), width: 1)
        output.writeByte(UInt8(ascii: " "))
        output.writeDecimal(field & 1 != 0 ? UInt64(field >> 1) * 60 : UInt64(field >> 1))
    }

    /// ` keyid K rnextkeyid R` of a TCP-AO option (RFC 5925 section 2.2).
    @inlinable
    static func writeKeyIDs<Output: TCPTextOutput>(
        _ keyID: UInt8, _ receiveNextKeyID: UInt8, to output: inout Output
    ) {
        output.writeText(" keyid ")
        output.writeDecimal(UInt64(keyID))
        output.writeText(" rnextkeyid ")
        output.writeDecimal(UInt64(receiveNextKeyID))
    }

    /// A TCP Fast Open cookie (RFC 7413 section 4.1.1): ` cookiereq` when empty, ` cookie HEX` for a cookie of an
    /// even length from 4 to 16 bytes, ` (invalid)` otherwise.
    ///
    /// - Parameters:
    ///   - cookie: the cookie's bytes, all captured.
    ///   - output: where the text goes.
    @inlinable
    static func writeFastOpenCookie<Output: TCPTextOutput>(_ cookie: UnsafeRawBufferPointer, to output: inout Output) {
        if cookie.isEmpty {
            output.writeText(" cookiereq")
        } else if cookie.count % 2 != 0 || cookie.count < 4 || cookie.count > 16 {
            output.writeText(" (invalid)")
        } else {
            output.writeText(" cookie ")
            output.writeHexBytes(cookie)
        }
    }
}
