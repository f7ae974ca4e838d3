import TCPCodec

/// A way a TCP header can be broken, one per ``TCPDecodingError`` the decoder throws.
public enum TCPMalformation: CaseIterable, Hashable, Sendable {
    /// Fewer than 20 bytes.
    case truncatedHeader
    /// A data offset of 0 ... 4 words.
    case dataOffsetTooSmall
    /// A data offset announcing more bytes than the buffer holds.
    case headerExceedsBuffer
    /// An option kind in the last byte of the option area, with no room for its length byte.
    case optionLengthMissing
    /// An option length byte of 0 or 1.
    case optionLengthTooSmall
    /// An option length running past the end of the header.
    case optionExceedsHeader
    /// A known option kind with a length its RFC does not allow (MPTCP DSS lengths checked against its flags).
    case invalidOptionLength
}

/// A broken segment and the exact error a strict decode of it must throw.
public struct TCPMalformedSegment: Hashable, Sendable, CustomStringConvertible {
    /// How the segment is broken.
    public var malformation: TCPMalformation
    /// The segment's bytes: header, then payload.
    public var bytes: [UInt8]
    /// The error `TCPSegmentView(bytes)` must throw, with its values and offset.
    public var expectedError: TCPDecodingError

    /// Creates a value.
    ///
    /// - Parameters:
    ///   - malformation: how the segment is broken.
    ///   - bytes: the segment.
    ///   - expectedError: the error a strict decode must throw.
    public init(malformation: TCPMalformation, bytes: [UInt8], expectedError: TCPDecodingError) {
        self.malformation = malformation
        self.bytes = bytes
        self.expectedError = expectedError
    }

    /// The malformation, the expected error and the bytes in hex.
    public var description: String { "\(malformation): \(expectedError) in \(TCPGenerator.hex(bytes))" }

    /// Whether the codec's length rules, written out again here from each RFC, allow an option of `kind` to be
    /// `length` bytes long (kind and length bytes included). `content` holds the bytes after the length byte
    /// (MPTCP needs its subtype and DSS flags). This is the oracle the malformed generator is built on; it is
    /// kept apart from the codec's own rules so that tests compare the two.
    ///
    /// - Parameters:
    ///   - kind: the option kind.
    ///   - length: the option length.
    ///   - content: the bytes after the length byte.
    /// - Returns: `true` when strict decoding must accept the length.
    public static func isValidOptionLength(kind: UInt8, length: Int, content: [UInt8]) -> Bool {
        guard length >= 2 else { return false }
        switch kind {
        case 2: return length == 4  // MSS, RFC 9293 section 3.2
        case 3: return length == 3  // window scale, RFC 7323 section 2.2
        case 4: return length == 2  // SACK permitted, RFC 2018 section 2
        case 5: return [10, 18, 26, 34].contains(length)  // SACK, RFC 2018 section 3
        case 8: return length == 10  // timestamps, RFC 7323 section 3.2
        case 19: return length == 18  // MD5, RFC 2385
        case 28: return length == 4  // user timeout, RFC 5482
        case 29: return length >= 4  // TCP-AO, RFC 5925 section 2.2
        case 34: return length == 2 || (6 ... 18).contains(length)  // TFO, RFC 7413 section 4.1.1
        case 172, 174: return [2, 5, 8, 11].contains(length)  // AccECN, RFC 9768 section 3.2.3
        case 253, 254: return length >= 4  // experimental, RFC 6994
        case 30: return isValidMultipathLength(length, content: content)
        default: return true
        }
    }

    /// RFC 8684 section 3: the lengths each MPTCP subtype may have.
    internal static func isValidMultipathLength(_ length: Int, content: [UInt8]) -> Bool {
        guard length >= 3, let third = content.first else { return false }
        switch third >> 4 {
        case 0: return [4, 12, 20, 22, 24].contains(length)
        case 1: return [12, 16, 24].contains(length)
        case 2:
            guard length >= 4, content.count >= 2 else { return false }
            let flags = content[1]
            let ackBytes = flags & 0x01 == 0 ? 0 : (flags & 0x02 == 0 ? 4 : 8)
            let mappingBytes = flags & 0x04 == 0 ? 0 : (flags & 0x08 == 0 ? 4 : 8) + 4 + 2
            let base = 4 + ackBytes + mappingBytes
            return length == base || (mappingBytes > 0 && length == base + 2)
        case 3: return [8, 10, 16, 18, 20, 22, 28, 30].contains(length)  // ADD_ADDR, section 3.4.1
        case 4: return length >= 4
        case 5: return length == 3 || length == 4
        case 6, 7: return length == 12
        case 8: return length == 4
        default: return true
        }
    }
}

extension TCPGenerator {
    /// A broken segment, built as bytes, with the exact error a strict decode must throw.
    ///
    /// The option malformations put a valid prefix of options (any kinds but EOL) before the broken option, so
    /// the error's offset varies; the header's other fields, the bytes after the broken option and the payload
    /// are random.
    ///
    /// - Parameter malformation: the way to break it; `nil` picks one.
    /// - Returns: the segment and its expected error. Logged as its bytes in hex.
    public func malformedSegment(_ malformation: TCPMalformation? = nil) -> TCPMalformedSegment {
        logged("malformed segment") {
            makeMalformedSegment(malformation ?? element(of: TCPMalformation.allCases))
        } describe: { "\($0.malformation), expecting \($0.expectedError): \(Self.hex($0.bytes))" }
    }

    internal func makeMalformedSegment(_ malformation: TCPMalformation) -> TCPMalformedSegment {
        switch malformation {
        case .truncatedHeader:
            let count = int(in: 0 ... 19)
            return TCPMalformedSegment(
                malformation: malformation, bytes: rawBytes(count),
                expectedError: .truncatedHeader(needed: 20, available: count))
        case .dataOffsetTooSmall:
            let dataOffset = int(in: 0 ... 4)
            var bytes = rawBytes(20 + int(in: 0 ... 40))
            bytes[12] = UInt8(dataOffset << 4) | (bytes[12] & 0x0F)
            return TCPMalformedSegment(
                malformation: malformation, bytes: bytes, expectedError: .dataOffsetTooSmall(dataOffset: dataOffset))
        case .headerExceedsBuffer:
            let dataOffset = int(in: 6 ... 15)
            let count = int(in: 20 ... dataOffset * 4 - 1)
            var bytes = rawBytes(count)
            bytes[12] = UInt8(dataOffset << 4) | (bytes[12] & 0x0F)
            return TCPMalformedSegment(
                malformation: malformation, bytes: bytes,
                expectedError: .headerExceedsBuffer(headerLength: dataOffset * 4, available: count))
        case .optionLengthMissing, .optionLengthTooSmall, .optionExceedsHeader, .invalidOptionLength:
            return makeBrokenOption(malformation)
        }
    }

    /// `count` random bytes, not logged.
    internal func rawBytes(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        for _ in 0 ..< count { bytes.append(uint8()) }
        return bytes
    }

    /// A broken option after a valid prefix, in a header whose option area holds them both.
    internal func makeBrokenOption(_ malformation: TCPMalformation) -> TCPMalformedSegment {
        // The broken option's leading bytes, and how much room it needs after the prefix.
        var broken: [UInt8]
        let kind: UInt8
        var length = 0
        switch malformation {
        case .optionLengthMissing:
            kind = UInt8(int(in: 2 ... 255))
            broken = [kind]
        case .optionLengthTooSmall:
            kind = UInt8(int(in: 2 ... 255))
            length = int(in: 0 ... 1)
            broken = [kind, UInt8(length)]
        case .optionExceedsHeader:
            kind = UInt8(int(in: 2 ... 255))
            broken = [kind]
        default:
            (kind, length, broken) = invalidLengthOption()
        }
        let needed = max(broken.count, malformation == .optionExceedsHeader ? 2 : 1)
        let dataOffset = int(in: 5 + (needed + 3) / 4 ... 15)
        let area = dataOffset * 4 - 20
        // A valid prefix that leaves room for the broken option.
        var prefix: [UInt8] = []
        while chance(60) {
            let option = option()
            guard prefix.count + option.encodedLength + needed <= area else { break }
            prefix.append(contentsOf: Self.encodedOption(option))
        }
        if malformation == .optionLengthMissing {
            // The kind must sit in the area's last byte: fill with NOPs up to it.
            while prefix.count < area - 1 { prefix.append(TCPOptionKind.noOperation) }
        }
        let offset = 20 + prefix.count
        let available = area - prefix.count
        let expected: TCPDecodingError
        switch malformation {
        case .optionLengthMissing:
            expected = .optionLengthMissing(kind: kind, offset: offset)
        case .optionLengthTooSmall:
            expected = .optionLengthTooSmall(kind: kind, offset: offset, length: length)
        case .optionExceedsHeader:
            length = int(in: available + 1 ... 255)
            broken.append(UInt8(length))
            expected = .optionExceedsHeader(kind: kind, offset: offset, length: length, available: available)
        default:
            expected = .invalidOptionLength(kind: kind, offset: offset, length: length)
        }
        var bytes = rawBytes(20)
        bytes[12] = UInt8(dataOffset << 4) | (bytes[12] & 0x0F)
        bytes.append(contentsOf: prefix)
        bytes.append(contentsOf: broken.prefix(available))
        // A strict decode never reads what follows the broken option: random bytes, or zeros (EOL and padding)
        // so that a framing-only decode can read the whole area.
        let rest = dataOffset * 4 - bytes.count
        bytes.append(contentsOf: bool() ? rawBytes(rest) : [UInt8](repeating: 0, count: rest))
        bytes.append(contentsOf: rawBytes(int(in: 0 ... 16)))
        return TCPMalformedSegment(malformation: malformation, bytes: bytes, expectedError: expected)
    }

    /// A known kind with a length its RFC forbids, as the option's bytes (kind, length, content).
    internal func invalidLengthOption() -> (kind: UInt8, length: Int, bytes: [UInt8]) {
        let kinds: [UInt8] = [2, 3, 4, 5, 8, 19, 28, 29, 30, 34, 172, 174, 253, 254]
        let kind = element(of: kinds)
        var content: [UInt8] = []
        if kind == TCPOptionKind.multipath {
            content = [UInt8(int(in: 0 ... 15)) << 4 | UInt8(truncatingIfNeeded: next() & 0x0F), uint8()]
        }
        // Lengths 2 ... 40 that break the rule; there is always one (length 2 breaks all but SACK-permitted,
        // TFO and AccECN, which 3 breaks), and MPTCP subtypes that accept any length >= 3 take length 2.
        var candidates: [Int] = []
        for length in 2 ... 40 where !TCPMalformedSegment.isValidOptionLength(
            kind: kind, length: length, content: Array(content.prefix(length - 2))
        ) {
            candidates.append(length)
        }
        let length = element(of: candidates)
        var bytes: [UInt8] = [kind, UInt8(length)]
        bytes.append(contentsOf: content.prefix(length - 2))
        while bytes.count < length { bytes.append(uint8()) }
        return (kind, length, bytes)
    }

    /// The wire bytes of one option.
    internal static func encodedOption(_ option: TCPOption) -> [UInt8] {
        var list = TCPOptionList()
        // The generated options are valid and at most 40 bytes.
        try? list.append(option)
        return Array(list.bytes)
    }
}
