// Codable for the owned values, with the field names of `tcp-inspect --json` (README.md, "JSON output"), and no
// Foundation: the standard library's Codable protocols only, so any encoder (JSONEncoder, a binary one) works.

extension SequenceNumber: Codable {
    /// Decodes the number as one unsigned 32-bit value.
    ///
    /// - Parameter decoder: the decoder.
    /// - Throws: what the decoder throws for a value that is not a 32-bit unsigned number.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(UInt32.self))
    }

    /// Encodes the number as one unsigned 32-bit value.
    ///
    /// - Parameter encoder: the encoder.
    /// - Throws: what the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension TCPFlags: Codable {
    /// Decodes the 12 flag bits as one number (`"flags": 18` for SYN and ACK, as `tcp-inspect --json` writes).
    ///
    /// - Parameter decoder: the decoder.
    /// - Throws: `DecodingError.dataCorrupted` for bits above the twelfth; what the decoder throws otherwise.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(UInt16.self)
        guard value <= 0x0FFF else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "flags \(value) have bits above the twelfth")
        }
        self.init(rawValue: value)
    }

    /// Encodes the 12 flag bits as one number.
    ///
    /// - Parameter encoder: the encoder.
    /// - Throws: what the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The JSON members of an option: `TCPOption`'s `Codable` conformance and `tcp-inspect --json` both use these
/// (`package`: shared by this package's modules, not part of the API), so that each name is spelt once, in
/// ``member``, whose static text a hand-written JSON writer copies as it is; the coding key's name is read from it.
package enum TCPOptionJSONField: JSONMemberKey {
    case kind, len, mss, shift, tsval, tsecr, blocks, data

    /// The member's text as it follows another member: `,"name":`.
    package var member: StaticString {
        switch self {
        case .kind: ",\"kind\":"
        case .len: ",\"len\":"
        case .mss: ",\"mss\":"
        case .shift: ",\"shift\":"
        case .tsval: ",\"tsval\":"
        case .tsecr: ",\"tsecr\":"
        case .blocks: ",\"blocks\":"
        case .data: ",\"data\":"
        }
    }
}

/// The JSON members of a header's fields, shared as ``TCPOptionJSONField``'s are.
package enum TCPHeaderJSONField: JSONMemberKey {
    case sport, dport, seq, ack, hlen, flags, win, csum, urp, opts, optionBytes

    /// The member's text as it follows another member: `,"name":`.
    package var member: StaticString {
        switch self {
        case .sport: ",\"sport\":"
        case .dport: ",\"dport\":"
        case .seq: ",\"seq\":"
        case .ack: ",\"ack\":"
        case .hlen: ",\"hlen\":"
        case .flags: ",\"flags\":"
        case .win: ",\"win\":"
        case .csum: ",\"csum\":"
        case .urp: ",\"urp\":"
        case .opts: ",\"opts\":"
        case .optionBytes: ",\"opts_raw\":"
        }
    }
}

/// A coding key whose name is read from its member's JSON text, `,"name":`, so that the name is spelt once.
package protocol JSONMemberKey: CaseIterable, CodingKey {
    /// The member's text as it follows another member: `,"name":`.
    var member: StaticString { get }
}

extension JSONMemberKey {
    /// The name: the member's text without `,"` before it and `":` after it.
    package var stringValue: String {
        member.withUTF8Buffer { text in String(decoding: text.dropFirst(2).dropLast(2), as: UTF8.self) }
    }

    /// The key of that name, or `nil`.
    ///
    /// - Parameter stringValue: a member's name.
    package init?(stringValue: String) {
        guard let key = Self.allCases.first(where: { $0.stringValue == stringValue }) else { return nil }
        self = key
    }

    /// `nil`: these keys have names only.
    package var intValue: Int? { nil }

    /// `nil`: these keys have names only.
    ///
    /// - Parameter intValue: an index.
    package init?(intValue: Int) { nil }
}

extension TCPOption: Codable {
    private typealias CodingKeys = TCPOptionJSONField

    /// Decodes an option: `{"kind":1}` (NOP), `{"kind":0}` (EOL), `{"kind":2,"len":4,"mss":1460}`,
    /// `{"kind":3,"len":3,"shift":7}`, `{"kind":8,"len":10,"tsval":V,"tsecr":E}`,
    /// `{"kind":5,"len":L,"blocks":[[l,r]]}`, `{"kind":4,"len":2}`, and for every other kind
    /// `{"kind":K,"len":L,"data":"<hex of the value bytes>"}`, read with the codec's framing checking (a value
    /// its kind's rule forbids gives ``malformed(kind:data:)``).
    ///
    /// - Parameter decoder: the decoder.
    /// - Throws: `DecodingError` for a missing field, a `len` that disagrees with the value, data that is not hex
    ///   or does not fit in an option.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(UInt8.self, forKey: .kind)
        let option: TCPOption
        switch kind {
        case TCPOptionKind.endOfOptionList: option = .endOfOptionList
        case TCPOptionKind.noOperation: option = .noOperation
        case TCPOptionKind.maximumSegmentSize:
            option = .maximumSegmentSize(try container.decode(UInt16.self, forKey: .mss))
        case TCPOptionKind.windowScale: option = .windowScale(try container.decode(UInt8.self, forKey: .shift))
        case TCPOptionKind.sackPermitted: option = .sackPermitted
        case TCPOptionKind.timestamps:
            option = .timestamps(
                value: try container.decode(UInt32.self, forKey: .tsval),
                echoReply: try container.decode(UInt32.self, forKey: .tsecr))
        case TCPOptionKind.sack:
            let edges = try container.decode([[UInt32]].self, forKey: .blocks)
            var blocks = TCPSACKBlocks()
            for pair in edges {
                guard pair.count == 2 else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .blocks, in: container, debugDescription: "a SACK block is two edges")
                }
                do {
                    try blocks.append(TCPSACKBlock(left: SequenceNumber(pair[0]), right: SequenceNumber(pair[1])))
                } catch {
                    throw DecodingError.dataCorruptedError(
                        forKey: .blocks, in: container, debugDescription: error.description)
                }
            }
            option = .sack(blocks)
        default:
            let text = try container.decode(String.self, forKey: .data)
            guard let value = HexText.decode(text), value.count <= TCPOptionList.capacity - 2 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .data, in: container, debugDescription: "option data is not hex of at most 38 bytes")
            }
            option = Self.reading(kind: kind, value: value)
        }
        if let length = try container.decodeIfPresent(Int.self, forKey: .len), length != option.encodedLength,
            kind > TCPOptionKind.noOperation
        {
            throw DecodingError.dataCorruptedError(
                forKey: .len, in: container,
                debugDescription: "len \(length) disagrees with the value's \(option.encodedLength) bytes")
        }
        self = option
    }

    /// The option the codec reads from `kind`, a length byte and `value`, with framing checking.
    private static func reading(kind: UInt8, value: [UInt8]) -> TCPOption {
        let bytes = [kind, UInt8(truncatingIfNeeded: value.count + 2)] + value
        let data = (try? TCPOptionData(value)) ?? TCPOptionData()
        guard let area = try? TCPOptionData(bytes) else { return .malformed(kind: kind, data: data) }
        var options = TCPOptionList(rawBytes: area).makeIterator()
        return options.next() ?? .malformed(kind: kind, data: data)
    }

    /// Encodes the option in the shape ``init(from:)`` reads.
    ///
    /// - Parameter encoder: the encoder.
    /// - Throws: what the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .endOfOptionList, .noOperation:
            return
        default:
            break
        }
        try container.encode(encodedLength, forKey: .len)
        switch self {
        case .maximumSegmentSize(let value): try container.encode(value, forKey: .mss)
        case .windowScale(let shift): try container.encode(shift, forKey: .shift)
        case .sackPermitted: break
        case .timestamps(let value, let echoReply):
            try container.encode(value, forKey: .tsval)
            try container.encode(echoReply, forKey: .tsecr)
        case .sack(let blocks):
            try container.encode(blocks.map { [$0.left.rawValue, $0.right.rawValue] }, forKey: .blocks)
        default:
            try container.encode(HexText.encode(valueBytes), forKey: .data)
        }
    }

    /// The bytes after the kind and length bytes, as the option encodes (empty for NOP and EOL).
    var valueBytes: [UInt8] {
        if case .malformed(_, let data) = self { return Array(data) }
        var list = TCPOptionList()
        guard (try? list.append(self)) != nil else { return [] }
        return Array(list.bytes.dropFirst(2))
    }
}

extension TCPHeader: Codable {
    private typealias CodingKeys = TCPHeaderJSONField

    /// Decodes a header in the shape of `tcp-inspect --json`'s fields: `sport`, `dport`, `seq`, `ack`, `flags`,
    /// `win`, `csum`, `urp`, `opts` (each option as ``TCPOption`` codes it), `hlen` (checked against the options
    /// when present), and `opts_raw` (the option area in hex) when the options alone cannot give its bytes.
    ///
    /// - Parameter decoder: the decoder.
    /// - Throws: `DecodingError` for a missing field, options that do not fit in 40 bytes, an `hlen` that
    ///   disagrees with them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var options = TCPOptionList()
        if let raw = try container.decodeIfPresent(String.self, forKey: .optionBytes) {
            guard let bytes = HexText.decode(raw), let data = try? TCPOptionData(bytes) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .optionBytes, in: container, debugDescription: "not hex of at most 40 bytes")
            }
            options = TCPOptionList(rawBytes: data)
        } else {
            do {
                options = try TCPOptionList(try container.decode([TCPOption].self, forKey: .opts))
            } catch let error as TCPEncodingError {
                throw DecodingError.dataCorruptedError(
                    forKey: .opts, in: container, debugDescription: error.description)
            }
        }
        self.init(
            sourcePort: try container.decode(UInt16.self, forKey: .sport),
            destinationPort: try container.decode(UInt16.self, forKey: .dport),
            sequenceNumber: try container.decode(SequenceNumber.self, forKey: .seq),
            acknowledgmentNumber: try container.decode(SequenceNumber.self, forKey: .ack),
            flags: try container.decode(TCPFlags.self, forKey: .flags),
            window: try container.decode(UInt16.self, forKey: .win),
            checksum: try container.decode(UInt16.self, forKey: .csum),
            urgentPointer: try container.decode(UInt16.self, forKey: .urp),
            options: options)
        if let length = try container.decodeIfPresent(Int.self, forKey: .hlen), length != headerLength {
            throw DecodingError.dataCorruptedError(
                forKey: .hlen, in: container, debugDescription: "hlen \(length) disagrees with the options")
        }
    }

    /// Encodes the header in the shape ``init(from:)`` reads; `opts_raw` is written only when the options
    /// listed do not give the option area's bytes again (padding after EOL, a malformed option).
    ///
    /// - Parameter encoder: the encoder.
    /// - Throws: what the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sourcePort, forKey: .sport)
        try container.encode(destinationPort, forKey: .dport)
        try container.encode(sequenceNumber, forKey: .seq)
        try container.encode(acknowledgmentNumber, forKey: .ack)
        try container.encode(headerLength, forKey: .hlen)
        try container.encode(flags, forKey: .flags)
        try container.encode(window, forKey: .win)
        try container.encode(checksum, forKey: .csum)
        try container.encode(urgentPointer, forKey: .urp)
        let listed = Array(options)
        try container.encode(listed, forKey: .opts)
        if (try? TCPOptionList(listed))?.bytes != options.bytes {
            try container.encode(HexText.encode(options.bytes), forKey: .optionBytes)
        }
    }
}
