import TCPCodec

extension TCPGenerator {
    /// The option kinds the codec reads as typed values (IANA "TCP Option Kind Numbers"); every other kind is
    /// unknown to it.
    public static let knownOptionKinds: Set<UInt8> = [
        0, 1, 2, 3, 4, 5, 8, 19, 28, 29, 30, 34, 172, 174, 253, 254,
    ]

    /// Option data of exactly `count` random bytes (at most 40).
    internal func optionData(count: Int) -> TCPOptionData {
        var data = TCPOptionData()
        for _ in 0 ..< min(count, TCPOptionData.capacity) {
            // At most 40 appends: cannot overflow.
            try? data.append(uint8())
        }
        return data
    }

    /// Option data whose first bytes are `prefix`, then random bytes up to `count` in all.
    internal func optionData(prefix: [UInt8], count: Int) -> TCPOptionData {
        var data = TCPOptionData()
        for index in 0 ..< min(count, TCPOptionData.capacity) {
            try? data.append(index < prefix.count ? prefix[index] : uint8())
        }
        return data
    }

    /// A kind the codec does not know (never 0 or 1, never a kind in ``knownOptionKinds``).
    ///
    /// - Returns: a kind in `6 ... 255`; a zero draw gives 6.
    public func unknownOptionKind() -> UInt8 {
        var kind = UInt8(int(in: 6 ... 255))
        while Self.knownOptionKinds.contains(kind) {
            // 255 is unknown, so the walk stops before wrapping.
            kind += 1
        }
        return kind
    }

    /// A well-formed option of any kind but EOL, valid under the codec's strict checking (RFC 9293 section 3.2
    /// and each kind's RFC). Zero draws give NOP.
    ///
    /// - Returns: the option; its ``TCPOption/encodedLength`` is at most 40.
    public func option() -> TCPOption {
        let kind: UInt8
        switch int(in: 0 ... 13) {
        case 0: kind = TCPOptionKind.noOperation
        case 1: kind = TCPOptionKind.maximumSegmentSize
        case 2: kind = TCPOptionKind.windowScale
        case 3: kind = TCPOptionKind.sackPermitted
        case 4: kind = TCPOptionKind.sack
        case 5: kind = TCPOptionKind.timestamps
        case 6: kind = TCPOptionKind.md5Signature
        case 7: kind = TCPOptionKind.userTimeout
        case 8: kind = TCPOptionKind.authentication
        case 9: kind = TCPOptionKind.multipath
        case 10: kind = TCPOptionKind.fastOpenCookie
        case 11: kind = bool() ? TCPOptionKind.accurateECN1 : TCPOptionKind.accurateECN0
        case 12: kind = bool() ? TCPOptionKind.experimental2 : TCPOptionKind.experimental1
        default: kind = unknownOptionKind()
        }
        return option(kind: kind)
    }

    /// A well-formed option of the given kind, valid under the codec's strict checking, with any value the
    /// kind allows (a kind the codec does not know gets data of any length).
    ///
    /// - Parameter kind: the option kind; EOL (0) gives ``TCPOption/endOfOptionList``.
    /// - Returns: the option; its ``TCPOption/encodedLength`` is at most 40.
    public func option(kind: UInt8) -> TCPOption {
        switch kind {
        case TCPOptionKind.endOfOptionList: return .endOfOptionList
        case TCPOptionKind.noOperation: return .noOperation
        case TCPOptionKind.maximumSegmentSize: return .maximumSegmentSize(edgyUInt16())
        case TCPOptionKind.windowScale: return .windowScale(chance(80) ? UInt8(int(in: 0 ... 14)) : uint8())
        case TCPOptionKind.sackPermitted: return .sackPermitted
        case TCPOptionKind.sack: return .sack(sackBlocks())
        case TCPOptionKind.timestamps: return .timestamps(value: edgyUInt32(), echoReply: edgyUInt32())
        case TCPOptionKind.md5Signature: return .md5Signature(optionData(count: 16))
        case TCPOptionKind.userTimeout:
            return .userTimeout(TCPUserTimeout(granularityIsMinutes: bool(), timeout: uint16()))
        case TCPOptionKind.authentication:
            return .authentication(TCPAuthenticationOption(
                keyID: uint8(), receiveNextKeyID: uint8(), mac: optionData(count: int(in: 0 ... 36))))
        case TCPOptionKind.multipath: return .multipath(multipathOption())
        case TCPOptionKind.fastOpenCookie: return .fastOpenCookie(optionData(count: bool() ? int(in: 4 ... 16) : 0))
        case TCPOptionKind.accurateECN0, TCPOptionKind.accurateECN1:
            let count = UInt8(int(in: 0 ... 3))
            return .accurateECN(TCPAccurateECNOption(
                order: kind == TCPOptionKind.accurateECN0 ? 0 : 1, counterCount: count, first: uint32(),
                second: uint32(), third: uint32()))
        case TCPOptionKind.experimental1, TCPOptionKind.experimental2:
            let experimentID = chance(30) ? TCPExperimentalOption.fastOpenExperimentID : uint16()
            return .experimental(TCPExperimentalOption(
                kind: kind, experimentID: experimentID, data: optionData(count: int(in: 0 ... 36))))
        default:
            return .unknown(kind: kind, data: optionData(count: int(in: 0 ... 38)))
        }
    }

    /// One to four SACK blocks with edges anywhere in sequence space.
    ///
    /// - Returns: the blocks.
    public func sackBlocks() -> TCPSACKBlocks {
        var blocks = TCPSACKBlocks()
        let count = int(in: 1 ... 4)
        for _ in 0 ..< count {
            let left = SequenceNumber(edgyUInt32())
            let right = chance(80) ? left + UInt32(int(in: 0 ... 65_535)) : SequenceNumber(uint32())
            // At most four appends.
            try? blocks.append(TCPSACKBlock(left: left, right: right))
        }
        return blocks
    }

    /// An MPTCP option of any subtype with a length its subtype allows (RFC 8684 section 3).
    ///
    /// MP_CAPABLE (4, 12, 20, 22 or 24 bytes), MP_JOIN (12, 16, 24), DSS (its length following its flags, with or
    /// without checksum), ADD_ADDR (the eight RFC lengths), REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST,
    /// MP_EXPERIMENTAL and unassigned subtypes.
    ///
    /// - Returns: the option value.
    public func multipathOption() -> MPTCPOption {
        let length: Int
        let subtype: MPTCPSubtype
        var bits = UInt8(truncatingIfNeeded: next() & 0x0F)
        var firstDataByte: [UInt8] = []
        switch int(in: 0 ... 10) {
        case 0:
            subtype = .capable
            bits = UInt8(int(in: 0 ... 1))
            length = element(of: [4, 12, 20, 22, 24])
        case 1:
            subtype = .join
            length = element(of: [12, 16, 24])
        case 2:
            subtype = .dataSequenceSignal
            let flags = uint8()
            var base = 4
            if flags & 0x01 != 0 { base += flags & 0x02 != 0 ? 8 : 4 }
            if flags & 0x04 != 0 { base += (flags & 0x08 != 0 ? 8 : 4) + 6 }
            length = base + (flags & 0x04 != 0 && bool() ? 2 : 0)
            firstDataByte = [flags]
        case 3:
            subtype = .addAddress
            length = element(of: [8, 10, 16, 18, 20, 22, 28, 30])
        case 4:
            subtype = .removeAddress
            length = int(in: 4 ... 12)
        case 5:
            subtype = .priority
            length = int(in: 3 ... 4)
        case 6:
            subtype = .fail
            length = 12
        case 7:
            subtype = .fastClose
            length = 12
        case 8:
            subtype = .tcpReset
            length = 4
        case 9:
            subtype = .experimental
            length = int(in: 3 ... 20)
        default:
            subtype = MPTCPSubtype(rawValue: UInt8(int(in: 9 ... 14)))
            length = int(in: 3 ... 20)
        }
        return MPTCPOption(subtype: subtype, subtypeBits: bits, data: optionData(prefix: firstDataByte,
                                                                                  count: length - 3))
    }

    /// Well-formed options in any mix: zero or more options of every kind, sometimes ended by an EOL followed by
    /// padding bytes that are zero or not (RFC 9293 section 3.2 asks for zero; receivers must accept either).
    ///
    /// - Parameter excludingEndOfList: `true` to never end the list with an EOL.
    /// - Returns: at most 40 bytes of options; zero draws give none.
    public func optionList(excludingEndOfList: Bool = false) -> TCPOptionList {
        var list = TCPOptionList()
        while chance(70) {
            do throws(TCPEncodingError) {
                try list.append(option())
            } catch {
                break
            }
        }
        if !excludingEndOfList, chance(25), list.byteCount < TCPOptionList.capacity {
            try? list.append(.endOfOptionList)
            let room = TCPOptionList.capacity - list.byteCount
            let padding = int(in: 0 ... room)
            let nonZero = bool()
            var bytes: [UInt8] = []
            for _ in 0 ..< padding { bytes.append(nonZero ? uint8() : 0) }
            bytes.withUnsafeBytes { try? list.appendRawBytes($0) }
        }
        return list
    }

    /// All 12 flag bits in any mix: usually a common combination, sometimes with ECN bits, sometimes any bits at
    /// all, reserved ones included (RFC 9293 section 3.1, RFC 3168, RFC 9768).
    ///
    /// - Returns: flags within `0 ... 0xFFF`; zero draws give no flag.
    public func flags() -> TCPFlags {
        if chance(25) { return TCPFlags(rawValue: uint16() & 0x0FFF) }
        var flags = element(of: [
            TCPFlags(), [.ack], [.syn], [.syn, .ack], [.fin, .ack], [.psh, .ack], [.rst], [.rst, .ack],
            [.fin, .psh, .ack], [.urg, .ack], [.fin], [.syn, .fin],
        ] as [TCPFlags])
        if chance(20) { flags.formUnion(TCPFlags(rawValue: uint16() & TCPFlags.ecnBits.rawValue)) }
        return flags
    }

    /// A valid header: any field values, any mix of options. Logged as the header's encoding in hex.
    ///
    /// The checksum field holds an arbitrary value; encode with a pseudo-header to fill it in.
    ///
    /// - Returns: a header whose encoding decodes strictly; zero draws give an all-zero 20-byte header.
    public func header() -> TCPHeader {
        logged("header") {
            TCPHeader(
                sourcePort: edgyUInt16(), destinationPort: edgyUInt16(),
                sequenceNumber: SequenceNumber(edgyUInt32()), acknowledgmentNumber: SequenceNumber(edgyUInt32()),
                flags: flags(), window: edgyUInt16(), checksum: uint16(), urgentPointer: edgyUInt16(),
                options: optionList())
        } describe: { Self.hex(Self.encoded($0)) }
    }

    /// A payload of `0 ... maximumCount` random bytes, short ones more likely.
    ///
    /// - Parameter maximumCount: the longest payload.
    /// - Returns: the bytes; zero draws give none.
    public func payload(maximumCount: Int = 1_460) -> [UInt8] {
        logged("payload") {
            let count = chance(20) ? int(in: 0 ... maximumCount) : int(in: 0 ... min(maximumCount, 64))
            var result: [UInt8] = []
            result.reserveCapacity(count)
            for _ in 0 ..< count { result.append(uint8()) }
            return result
        } describe: { Self.hex($0) }
    }

    /// An IPv4 pseudo-header (RFC 9293 section 3.1) with any addresses.
    ///
    /// - Returns: the pseudo-header; zero draws give 0.0.0.0 to 0.0.0.0.
    public func ipv4PseudoHeader() -> TCPPseudoHeader {
        logged("pseudo-header") {
            TCPPseudoHeader(ipv4Source: edgyUInt32(), destination: edgyUInt32())
        } describe: { Self.describe($0) }
    }

    /// An IPv6 pseudo-header (RFC 8200 section 8.1) with any addresses.
    ///
    /// - Returns: the pseudo-header; zero draws give :: to ::.
    public func ipv6PseudoHeader() -> TCPPseudoHeader {
        logged("pseudo-header") {
            var source: [UInt8] = []
            var destination: [UInt8] = []
            for _ in 0 ..< 16 { source.append(uint8()) }
            for _ in 0 ..< 16 { destination.append(uint8()) }
            return source.withUnsafeBytes { sourceBytes in
                destination.withUnsafeBytes { destinationBytes in
                    // 16 and 16 bytes: always a valid IPv6 pair.
                    (try? TCPPseudoHeader(source: sourceBytes, destination: destinationBytes))
                        ?? TCPPseudoHeader(ipv4Source: 0, destination: 0)
                }
            }
        } describe: { Self.describe($0) }
    }

    /// An IPv4 or IPv6 pseudo-header, evenly.
    ///
    /// - Returns: the pseudo-header; zero draws give an IPv4 one.
    public func pseudoHeader() -> TCPPseudoHeader {
        logged("pseudo-header") {
            bool() ? ipv6PseudoHeader() : ipv4PseudoHeader()
        } describe: { Self.describe($0) }
    }

    /// A whole segment as bytes: a generated header and payload, the checksum filled in over `pseudoHeader`.
    ///
    /// With a pseudo-header, about one segment in six has its urgent pointer chosen so that the checksum lands
    /// on an edge value: 0x0000 (a sum of 0xFFFF, where ones' complement arithmetic has two zeros), 0x0001 or
    /// 0xFFFE.
    ///
    /// - Parameter pseudoHeader: the pseudo-header to checksum with; `nil` keeps the header's checksum field.
    /// - Returns: header and payload bytes, which decode strictly.
    public func segment(pseudoHeader: TCPPseudoHeader? = nil) -> [UInt8] {
        logged("segment") {
            var header = header()
            let payload = payload()
            let edge = chance(15)
            let target = element(of: [0x0000, 0x0001, 0xFFFE] as [UInt16])
            guard let pseudoHeader else { return Self.encoded(header, payload: payload) }
            if edge {
                header.urgentPointer = 0
                let bytes = Self.encoded(header, payload: payload, pseudoHeader: pseudoHeader)
                if bytes.count >= 20 {
                    let current = UInt16(bytes[16]) << 8 | UInt16(bytes[17])
                    header.urgentPointer = Self.wordValue(settingChecksum: current, to: target, replacing: 0)
                }
            }
            return Self.encoded(header, payload: payload, pseudoHeader: pseudoHeader)
        } describe: { Self.hex($0) }
    }

    /// The value a 16-bit word at an even offset must take, in place of `old`, to turn the checksum `checksum`
    /// into `target` (RFC 1624: the sum moves by exactly the word's change).
    ///
    /// - Parameters:
    ///   - checksum: the checksum with the word at `old`.
    ///   - target: the checksum wanted.
    ///   - old: the word's current value.
    /// - Returns: the new word value.
    public static func wordValue(settingChecksum checksum: UInt16, to target: UInt16, replacing old: UInt16) -> UInt16 {
        // New sum ~target = old sum ~checksum - old + new, so new = ~target + checksum + old (ones' complement).
        InternetChecksum.fold(UInt64(~target) + UInt64(checksum) + UInt64(old))
    }

    /// Encodes a header and payload into a new array.
    ///
    /// - Parameters:
    ///   - header: the header.
    ///   - payload: the bytes after it.
    ///   - pseudoHeader: when given, the checksum is filled in.
    /// - Returns: the bytes; empty when the header cannot be encoded (its options are over 40 bytes).
    public static func encoded(
        _ header: TCPHeader, payload: [UInt8] = [], pseudoHeader: TCPPseudoHeader? = nil
    ) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: header.headerLength + payload.count)
        let written = buffer.withUnsafeMutableBytes { target in
            payload.withUnsafeBytes { source in
                (try? header.encode(into: target, payload: source, pseudoHeader: pseudoHeader)) ?? 0
            }
        }
        return Array(buffer.prefix(written))
    }

    /// `ipv4 <source> > <destination>` or `ipv6 ...`, the addresses in hex.
    internal static func describe(_ pseudoHeader: TCPPseudoHeader) -> String {
        let source = pseudoHeader.withSourceAddress { Self.hex($0) }
        let destination = pseudoHeader.withDestinationAddress { Self.hex($0) }
        return "\(pseudoHeader.family == .ipv4 ? "ipv4" : "ipv6") \(source) > \(destination)"
    }
}
