import TCPCodec

/// A segment taken apart for mutation: the fixed header, the option area and the payload, each as bytes, and a data
/// offset to write instead of the one the options make, if a mutation chose one.
struct SegmentParts {
    /// Bytes 0 ..< 20.
    var fixed: [UInt8]
    /// The option area, at most 40 bytes, padding included.
    var options: [UInt8]
    /// The bytes after the header.
    var payload: [UInt8]
    /// A data offset chosen by a mutation, written whatever the options take.
    var dataOffsetOverride: UInt8?

    /// Takes a segment apart: an input under 20 bytes is padded with zeros; a data offset under 5 leaves no options,
    /// and a header longer than the input takes every byte after the fixed header as options.
    init(_ bytes: [UInt8]) {
        let minimum = TCPHeaderLayoutFacts.minimumHeaderLength
        var padded = bytes
        if padded.count < minimum { padded += [UInt8](repeating: 0, count: minimum - padded.count) }
        fixed = Array(padded[..<minimum])
        let announced = Int(padded[12] >> 4) * 4
        let headerEnd = min(max(announced, minimum), padded.count)
        options = Array(padded[minimum ..< headerEnd])
        payload = Array(padded[headerEnd...])
    }

    // MARK: Fields

    /// A big-endian 32-bit field of the fixed header.
    func word(at offset: Int) -> UInt32 {
        fixed[offset ..< offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Sets a big-endian 32-bit field of the fixed header.
    mutating func setWord(_ value: UInt32, at offset: Int) {
        for index in 0 ..< 4 { fixed[offset + index] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(index))) }
    }

    /// Sets a big-endian 16-bit field of the fixed header.
    mutating func setHalf(_ value: UInt16, at offset: Int) {
        fixed[offset] = UInt8(value >> 8)
        fixed[offset + 1] = UInt8(truncatingIfNeeded: value)
    }

    /// The 12 flag bits.
    var flags: UInt16 {
        get { UInt16(fixed[12] & 0x0F) << 8 | UInt16(fixed[13]) }
        set {
            fixed[12] = (fixed[12] & 0xF0) | UInt8((newValue >> 8) & 0x0F)
            fixed[13] = UInt8(truncatingIfNeeded: newValue)
        }
    }

    /// Flag combinations that stacks and middleboxes treat specially (RFC 9293, RFC 3168, RFC 9768, and the
    /// combinations conntrack and pf refuse).
    static let interestingFlags: [UInt16] = [
        0x002, 0x012, 0x010, 0x018, 0x011, 0x019, 0x004, 0x014, 0x001, 0x000, 0xFFF, 0x003, 0x006, 0x005, 0x007,
        0x022, 0x00A, 0x030, 0x0C2, 0x1C2, 0x052, 0x092, 0x112, 0x029, 0x03F,
    ]

    // MARK: Mutations

    /// Applies one mutation (not ``TCPSegmentMutation/truncate``, which ``truncationPoint(random:)`` chooses).
    mutating func apply(_ mutation: TCPSegmentMutation, random: inout TCPFuzzRandom) {
        switch mutation {
        case .flags:
            if random.chance(60) {
                flags = random.element(of: Self.interestingFlags)
            } else {
                flags ^= 1 << UInt16(random.below(12))
            }
        case .sequenceNumbers:
            let offset = random.chance(50) ? 4 : 8
            let value = random.chance(60) ? random.nearUInt32(word(at: offset)) : random.interestingUInt32()
            setWord(value, at: offset)
        case .window:
            setHalf(random.interestingUInt16(), at: 14)
        case .urgentPointer:
            let choices = [0, payload.count, payload.count + 1, Int(random.interestingUInt16())]
            setHalf(UInt16(truncatingIfNeeded: random.element(of: choices)), at: 18)
            if random.chance(50) { flags |= 0x020 }
        case .ports:
            switch random.below(3) {
            case 0: fixed.swapAt(0, 2); fixed.swapAt(1, 3)
            case 1: setHalf(0, at: random.chance(50) ? 0 : 2)
            default: setHalf(random.interestingUInt16(), at: random.chance(50) ? 0 : 2)
            }
        case .insertOption:
            insertOption(random: &random)
        case .deleteOption:
            let ranges = optionRanges()
            if let range = ranges.isEmpty ? nil : random.element(of: ranges) { options.removeSubrange(range) }
        case .resizeOption:
            resizeOption(random: &random)
        case .duplicateOption:
            let ranges = optionRanges()
            if let range = ranges.isEmpty ? nil : random.element(of: ranges),
               options.count + range.count <= TCPHeaderLayoutFacts.maximumOptionsLength
            {
                let copy = Array(options[range])
                options.insert(contentsOf: copy, at: random.chance(50) ? range.upperBound : range.lowerBound)
            }
        case .optionValues:
            changeOptionValue(random: &random)
        case .dataOffset:
            dataOffsetOverride = UInt8(random.below(16))
        case .payload:
            changePayload(random: &random)
        case .truncate:
            break
        }
    }

    /// Where a truncation cuts the encoded segment: inside or at the end of the fixed header, inside or at the end
    /// of the options, or somewhere in the payload.
    func truncationPoint(random: inout TCPFuzzRandom) -> Int {
        let minimum = TCPHeaderLayoutFacts.minimumHeaderLength
        let headerLength = minimum + (options.count + 3) / 4 * 4
        switch random.below(5) {
        case 0: return random.below(minimum)
        case 1: return minimum - 1
        case 2: return headerLength - 1
        case 3: return minimum + random.below(headerLength - minimum + 1)
        default: return headerLength + random.below(payload.count + 1)
        }
    }

    /// The byte ranges of the options, in order, as a framing walk finds them (up to an EOL, which ends the list and
    /// is itself a range, or up to the first option whose framing is broken).
    func optionRanges() -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = 0
        while index < options.count {
            let kind = options[index]
            if kind == TCPOptionKind.endOfOptionList {
                ranges.append(index ..< index + 1)
                break
            }
            if kind == TCPOptionKind.noOperation {
                ranges.append(index ..< index + 1)
                index += 1
                continue
            }
            guard index + 1 < options.count else { break }
            let length = Int(options[index + 1])
            guard length >= 2, index + length <= options.count else { break }
            ranges.append(index ..< index + length)
            index += length
        }
        return ranges
    }

    /// The option starts a new option may go at: before each option, and after the last one framed.
    func insertionPoints() -> [Int] {
        let ranges = optionRanges()
        return ranges.map(\.lowerBound) + [ranges.last?.upperBound ?? 0]
    }

    /// Inserts one well-formed option of a random kind, if it fits in the 40 bytes.
    mutating func insertOption(random: inout TCPFuzzRandom) {
        let room = TCPHeaderLayoutFacts.maximumOptionsLength - options.count
        guard room > 0 else { return }
        let option = Self.makeOption(random: &random, acknowledgment: word(at: 8), room: room)
        guard !option.isEmpty, option.count <= room else { return }
        options.insert(contentsOf: option, at: random.element(of: insertionPoints()))
    }

    /// The option kinds a new option is drawn from: every kind the codec knows, and a few it does not.
    static let kinds: [UInt8] = [
        TCPOptionKind.maximumSegmentSize, TCPOptionKind.windowScale, TCPOptionKind.sackPermitted, TCPOptionKind.sack,
        TCPOptionKind.timestamps, TCPOptionKind.md5Signature, TCPOptionKind.userTimeout,
        TCPOptionKind.authentication, TCPOptionKind.multipath, TCPOptionKind.fastOpenCookie,
        TCPOptionKind.accurateECN0, TCPOptionKind.accurateECN1, TCPOptionKind.experimental1,
        TCPOptionKind.experimental2, TCPOptionKind.noOperation, TCPOptionKind.endOfOptionList, 6, 7, 9, 14, 76, 255,
    ]

    /// The encoded bytes of one well-formed option of a random kind that fits in `room` bytes (its length chosen
    /// among those its kind's length rule allows), or no bytes when none fits.
    static func makeOption(random: inout TCPFuzzRandom, acknowledgment: UInt32, room: Int) -> [UInt8] {
        let kind = random.element(of: kinds)
        let rule = TCPOptionKind.lengthRule(of: kind)
        if rule == .kindOnly { return room >= 1 ? [kind] : [] }
        guard room >= 2 else { return [] }
        let lengths = (2 ... min(room, TCPHeaderLayoutFacts.maximumOptionsLength)).filter { rule.allows($0) }
        guard !lengths.isEmpty else { return [] }
        // The shortest allowed length half the time: most rules allow one length, or one per item count.
        let length = random.chance(50) ? lengths[0] : random.element(of: lengths)
        var option = [kind, UInt8(length)]
        switch kind {
        case TCPOptionKind.maximumSegmentSize:
            let mss = random.element(of: [0, 1, 536, 1220, 1460, 8960, 65535, Int(random.interestingUInt16())])
            option += [UInt8(mss >> 8), UInt8(truncatingIfNeeded: mss)]
        case TCPOptionKind.windowScale:
            option.append(random.element(of: [0, 1, 7, 14, 15, 255, UInt8(truncatingIfNeeded: random.next())]))
        case TCPOptionKind.timestamps:
            for _ in 0 ..< 2 { option += bigEndian(random.interestingUInt32()) }
        case TCPOptionKind.sack:
            for _ in 0 ..< (length - 2) / 8 {
                let left = random.chance(70) ? random.nearUInt32(acknowledgment) : random.interestingUInt32()
                let right = random.chance(80) ? left &+ UInt32(random.below(1 << 16)) : random.nearUInt32(left)
                option += bigEndian(left) + bigEndian(right)
            }
        case TCPOptionKind.multipath:
            // The subtype in the high nibble of the first value byte (RFC 8684 section 3), then any bytes.
            option.append(UInt8(random.below(10)) << 4 | UInt8(random.below(16)))
            option += randomBytes(length - 3, random: &random)
        default:
            option += randomBytes(length - 2, random: &random)
        }
        return option
    }

    /// Sets one option's length byte at or past its kind's limits.
    mutating func resizeOption(random: inout TCPFuzzRandom) {
        let ranges = optionRanges().filter { $0.count >= 2 }
        guard let range = ranges.isEmpty ? nil : random.element(of: ranges) else {
            // No option with a length byte: a lone kind byte at the end, whose length byte is missing.
            if options.count < TCPHeaderLayoutFacts.maximumOptionsLength {
                options.append(random.element(of: Self.kinds.filter { $0 > 1 }))
            }
            return
        }
        let minimum = TCPOptionKind.lengthRule(of: options[range.lowerBound]).minimumLength
        let pastEnd = options.count - range.lowerBound + 1
        let lengths = [0, 1, 2, minimum - 1, minimum + 1, range.count - 1, range.count + 1, pastEnd, 255]
        options[range.lowerBound + 1] = UInt8(truncatingIfNeeded: max(random.element(of: lengths), 0))
    }

    /// Changes the value of one MSS, window-scale, timestamps or SACK option, or inserts one when there is none.
    mutating func changeOptionValue(random: inout TCPFuzzRandom) {
        let valued: Set<UInt8> = [
            TCPOptionKind.maximumSegmentSize, TCPOptionKind.windowScale, TCPOptionKind.timestamps, TCPOptionKind.sack,
        ]
        let ranges = optionRanges().filter { $0.count > 2 && valued.contains(options[$0.lowerBound]) }
        guard let range = ranges.isEmpty ? nil : random.element(of: ranges) else {
            insertOption(random: &random)
            return
        }
        let start = range.lowerBound + 2
        switch options[range.lowerBound] {
        case TCPOptionKind.windowScale:
            options[start] = random.element(of: [0, 14, 15, 16, 255, UInt8(truncatingIfNeeded: random.next())])
        case TCPOptionKind.maximumSegmentSize:
            guard range.count >= 4 else { return }
            let mss = random.interestingUInt16()
            options[start] = UInt8(mss >> 8)
            options[start + 1] = UInt8(truncatingIfNeeded: mss)
        default:
            // A 32-bit value of the option (TSval, TSecr, or a SACK edge): near itself, or at a boundary.
            let words = (range.count - 2) / 4
            guard words > 0 else { return }
            let at = start + 4 * random.below(words)
            let old = options[at ..< at + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let new = random.chance(60) ? random.nearUInt32(old) : random.interestingUInt32()
            options.replaceSubrange(at ..< at + 4, with: Self.bigEndian(new))
        }
    }

    /// Grows, shrinks, empties or rewrites the payload.
    mutating func changePayload(random: inout TCPFuzzRandom) {
        switch random.below(4) {
        case 0: payload.removeAll()
        case 1: payload += Self.randomBytes(1 + random.below(64), random: &random)
        case 2: if !payload.isEmpty { payload.removeLast(1 + random.below(payload.count)) }
        default:
            if !payload.isEmpty { payload[random.below(payload.count)] = UInt8(truncatingIfNeeded: random.next()) }
        }
    }

    // MARK: Encoding

    /// The segment's bytes: the fixed header with its data offset (the options' own, or the one a mutation chose),
    /// the options padded with zeros to a multiple of 4, then the payload, cut to `maximumLength`.
    func encoded(maximumLength: Int) -> [UInt8] {
        var optionBytes = Array(options.prefix(TCPHeaderLayoutFacts.maximumOptionsLength))
        while optionBytes.count % 4 != 0 { optionBytes.append(0) }
        var header = fixed
        let dataOffset = dataOffsetOverride ?? UInt8((TCPHeaderLayoutFacts.minimumHeaderLength + optionBytes.count) / 4)
        header[12] = dataOffset << 4 | (header[12] & 0x0F)
        let bytes = header + optionBytes + payload
        return Array(bytes.prefix(max(maximumLength, TCPHeaderLayoutFacts.minimumHeaderLength)))
    }

    /// A 32-bit value as four big-endian bytes.
    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
         UInt8(truncatingIfNeeded: value)]
    }

    /// `count` random bytes (none for a count below 1).
    static func randomBytes(_ count: Int, random: inout TCPFuzzRandom) -> [UInt8] {
        guard count > 0 else { return [] }
        return (0 ..< count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }
}
