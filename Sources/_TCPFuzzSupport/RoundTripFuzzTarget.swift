import TCPCodec

/// The `roundtrip` fuzz target: decode then encode gives the same bytes; build then encode then decode gives the
/// same header.
///
/// Each input is used twice. First as a segment: when it decodes strictly, the owned header made from the view
/// must encode, with the view's payload, to exactly the input (RFC 9293 section 3.1 layout, reserved bits, unknown
/// options and padding included), and with a pseudo-header to a segment whose checksum verifies. Then as a recipe:
/// a leading byte selects the shape of an owned header (typed options, raw option bytes, a payload, a
/// pseudo-header), the following bytes fill it in, and the encoded header must decode to an equal header.
public enum RoundTripFuzzTarget {
    /// Runs one input; traps (through `precondition`) when an invariant does not hold.
    ///
    /// - Parameter input: the segment to re-encode, and the recipe for an owned header.
    public static func run(_ input: UnsafeRawBufferPointer) {
        reencodeDecoded(input)
        encodeBuilt(input)
    }

    /// Decodes `input` strictly and checks that its owned header encodes back to the same bytes.
    static func reencodeDecoded(_ input: UnsafeRawBufferPointer) {
        guard let view = try? TCPSegmentView(input) else { return }
        let header = TCPHeader(view)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: input.count, alignment: 8)
        defer { buffer.deallocate() }
        do {
            let written = try header.encode(into: buffer, payload: view.payload)
            precondition(written == input.count, "re-encoded \(written) bytes from \(input.count)")
            precondition(UnsafeRawBufferPointer(buffer).elementsEqual(input), "re-encoding changes the bytes")
        } catch {
            preconditionFailure("a decoded header does not encode: \(error)")
        }
        // One byte short is refused, not written past.
        do {
            _ = try header.encode(
                into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<(input.count - 1)]), payload: view.payload)
            preconditionFailure("encoding into a buffer one byte short succeeded")
        } catch {
            precondition(error == .bufferTooSmall(needed: input.count, available: input.count - 1))
        }
        // With a pseudo-header the checksum is filled in and nothing else changes.
        let pseudoHeader = TCPPseudoHeader(ipv4Source: 0x0A00_0001, destination: 0x0A00_0002)
        do {
            let written = try header.encode(into: buffer, payload: view.payload, pseudoHeader: pseudoHeader)
            precondition(written == input.count)
            let segment = UnsafeRawBufferPointer(buffer)
            precondition(TCPChecksum.verify(segment: segment, pseudoHeader: pseudoHeader), "filled checksum is bad")
            precondition(segment[..<16].elementsEqual(input[..<16]) && segment[18...].elementsEqual(input[18...]))
        } catch {
            precondition(input.count > 0xFFFF && error == .segmentTooLong(length: input.count, maximum: 0xFFFF))
        }
    }

    /// Builds an owned header from the fuzz bytes, encodes it and decodes it again.
    static func encodeBuilt(_ input: UnsafeRawBufferPointer) {
        var fuzz = FuzzInput(input)
        let shape = fuzz.takeByte()
        var header = TCPHeader(
            sourcePort: fuzz.takeUInt16(), destinationPort: fuzz.takeUInt16(),
            sequenceNumber: SequenceNumber(fuzz.takeUInt32()), acknowledgmentNumber: SequenceNumber(fuzz.takeUInt32()),
            flags: TCPFlags(rawValue: fuzz.takeUInt16()), window: fuzz.takeUInt16(), checksum: fuzz.takeUInt16(),
            urgentPointer: fuzz.takeUInt16())
        switch shape & 0x03 {
        case 0:
            header.options = buildTypedOptions(&fuzz)
        case 1:
            // Raw option bytes, as a user taking them from elsewhere would: possibly malformed.
            let count = Int(fuzz.takeByte()) % (TCPOptionList.capacity + 1)
            do {
                try header.options.appendRawBytes(fuzz.takeBytes(upTo: count))
            } catch {
                preconditionFailure("40 raw option bytes were refused: \(error)")
            }
        case 2:
            // Typed options, then raw bytes after them (non-zero padding after an EOL, or garbage).
            header.options = buildTypedOptions(&fuzz)
            let room = TCPOptionList.capacity - header.options.byteCount
            let count = Int(fuzz.takeByte()) % (room + 1)
            do {
                try header.options.appendRawBytes(fuzz.takeBytes(upTo: count))
            } catch {
                preconditionFailure("raw bytes that fit were refused: \(error)")
            }
        default:
            header.options = TCPOptionList()
        }
        let payload = shape & 0x04 != 0 ? fuzz.takeRest() : UnsafeRawBufferPointer(start: nil, count: 0)
        let pseudoHeader: TCPPseudoHeader? = switch (shape >> 3) & 0x03 {
        case 0: nil
        case 1: TCPPseudoHeader(ipv4Source: 0xC633_6401, destination: 0xCB00_7101)
        default: ipv6PseudoHeader(seed: shape)
        }
        checkEncodeDecode(header, payload: payload, pseudoHeader: pseudoHeader)
    }

    /// Encodes `header` and checks what decoding the result gives back.
    static func checkEncodeDecode(
        _ header: TCPHeader, payload: UnsafeRawBufferPointer, pseudoHeader: TCPPseudoHeader?
    ) {
        let total = header.headerLength + payload.count
        precondition(header.headerLength == 4 * header.dataOffset && header.headerLength <= 60)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: total, alignment: 8)
        defer { buffer.deallocate() }
        do {
            let written = try header.encode(into: buffer, payload: payload, pseudoHeader: pseudoHeader)
            precondition(written == total, "encode wrote \(written) bytes, expected \(total)")
        } catch {
            precondition(pseudoHeader?.family == .ipv4 && total > 0xFFFF, "a built header does not encode: \(error)")
            precondition(error == .segmentTooLong(length: total, maximum: 0xFFFF) && !error.description.isEmpty)
            return
        }
        let segment = UnsafeRawBufferPointer(buffer)
        precondition(segment[header.headerLength...].elementsEqual(payload), "payload changed on the way")
        // What the decoder must give back: the header as encoded, with the checksum that was written.
        var expected = header
        if let pseudoHeader {
            precondition(TCPChecksum.verify(segment: segment, pseudoHeader: pseudoHeader), "filled checksum is bad")
            expected.checksum = UInt16(segment[16]) << 8 | UInt16(segment[17])
        }
        let lenient: TCPSegmentView
        do {
            lenient = try TCPSegmentView(lenient: segment)
        } catch {
            preconditionFailure("an encoded header does not decode leniently: \(error)")
        }
        precondition(lenient.dataOffset == header.dataOffset, "data offset changed on the way")
        precondition(TCPHeader(lenient) == expected, "the lenient decoding of an encoded header differs")
        let strict = try? TCPSegmentView(segment)
        if header.options.firstError == nil {
            precondition(strict != nil, "well-formed options did not decode strictly")
        }
        if let strict {
            let decoded = TCPHeader(strict)
            precondition(decoded == expected, "the strict decoding of an encoded header differs")
            precondition(decoded.hashValue == expected.hashValue, "equal headers hash differently")
            precondition(strict.payload.elementsEqual(payload))
        }
        // Without its options the header encodes as a bare 20-byte header.
        var bare = header
        precondition(bare.options.isEmpty == (header.options.byteCount == 0))
        bare.options.removeAll()
        precondition(bare.options.isEmpty && bare.headerLength == 20 && bare.dataOffset == 5)
        precondition(bare.options.hashValue == TCPOptionList().hashValue, "empty option lists hash differently")
        withUnsafeTemporaryAllocation(byteCount: 20, alignment: 8) { small in
            do throws(TCPEncodingError) {
                let written = try bare.encode(into: small)
                precondition(written == 20)
            } catch {
                preconditionFailure("a bare header does not encode into 20 bytes: \(error)")
            }
            // Too small a buffer is refused with the sizes, never written past.
            do throws(TCPEncodingError) {
                _ = try header.encode(into: UnsafeMutableRawBufferPointer(rebasing: small[..<19]))
                preconditionFailure("a header was encoded into 19 bytes")
            } catch {
                precondition(error == .bufferTooSmall(needed: header.headerLength, available: 19))
                precondition(!error.description.isEmpty)
            }
        }
    }

    /// Builds typed options of every kind from the fuzz bytes, appending each one that the list accepts.
    static func buildTypedOptions(_ fuzz: inout FuzzInput) -> TCPOptionList {
        var list = TCPOptionList()
        var appended: [TCPOption] = []
        let wanted = Int(fuzz.takeByte() & 0x0F)
        for _ in 0 ..< wanted {
            let option = makeOption(&fuzz)
            let before = list
            do {
                try list.append(option)
                appended.append(option)
                precondition(list.byteCount == before.byteCount + option.encodedLength, "append wrote a wrong size")
            } catch {
                precondition(list == before, "a refused append changed the list")
                precondition(!error.description.isEmpty)
            }
        }
        // The list reads back exactly the options appended: strictly up to the first SACK option with no block,
        // which RFC 2018 forbids and the list's strict check names, and all of them with framing checking.
        let noBlock = appended.firstIndex { option in
            if case .sack(let blocks) = option { return blocks.isEmpty }
            return false
        }
        precondition(list.elementsEqual(appended[..<(noBlock ?? appended.count)]), "the list does not read back")
        if let noBlock {
            let offset = 20 + appended[..<noBlock].reduce(0) { $0 + $1.encodedLength }
            precondition(list.firstError == .invalidOptionLength(kind: 5, offset: offset, length: 2),
                         "the strict check does not name the SACK option with no block")
        } else {
            precondition(list.firstError == nil, "appended options read back as malformed")
        }
        checkFramingReadBack(list, appended: appended)
        // Building the list in one go gives the same bytes.
        if let whole = try? TCPOptionList(appended) {
            precondition(whole == list, "TCPOptionList(_:) differs from appending one by one")
        } else {
            preconditionFailure("options that appended one by one are refused together")
        }
        return list
    }

    /// Encodes a header holding `list` and checks that a framing view of it yields the options appended, then at
    /// most the EOL that the zero padding reads as.
    static func checkFramingReadBack(_ list: TCPOptionList, appended: [TCPOption]) {
        let header = TCPHeader(options: list)
        withUnsafeTemporaryAllocation(byteCount: 60, alignment: 8) { buffer in
            do {
                let written = try header.encode(into: buffer)
                let view = try TCPSegmentView(
                    UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<written]),
                    optionChecking: .framing)
                var read = view.options.makeIterator()
                for option in appended {
                    precondition(read.next() == option, "an appended option reads back otherwise with framing")
                }
                if let rest = read.next() { precondition(rest == .endOfOptionList, "framing reads more than appended") }
                precondition(read.next() == nil && read.error == nil)
            } catch {
                preconditionFailure("a header of appended options does not encode and decode with framing: \(error)")
            }
        }
    }

    /// Makes one option of a fuzz-chosen kind, with fuzz-chosen values (possibly ones the list must refuse).
    static func makeOption(_ fuzz: inout FuzzInput) -> TCPOption {
        func data(_ fuzz: inout FuzzInput) -> TCPOptionData {
            let count = Int(fuzz.takeByte()) % 42
            return (try? TCPOptionData(fuzz.takeBytes(upTo: count))) ?? TCPOptionData()
        }
        switch fuzz.takeByte() % 16 {
        case 0:
            return .endOfOptionList
        case 1:
            return .noOperation
        case 2:
            return .maximumSegmentSize(fuzz.takeUInt16())
        case 3:
            return .windowScale(fuzz.takeByte())
        case 4:
            return .sackPermitted
        case 5:
            var blocks = TCPSACKBlocks()
            for _ in 0 ..< Int(fuzz.takeByte() % 5) {
                try? blocks.append(TCPSACKBlock(
                    left: SequenceNumber(fuzz.takeUInt32()), right: SequenceNumber(fuzz.takeUInt32())))
            }
            return .sack(blocks)
        case 6:
            return .timestamps(value: fuzz.takeUInt32(), echoReply: fuzz.takeUInt32())
        case 7:
            return .md5Signature(data(&fuzz))
        case 8:
            let raw = fuzz.takeUInt16()
            return .userTimeout(TCPUserTimeout(granularityIsMinutes: raw & 0x8000 != 0, timeout: raw))
        case 9:
            return .authentication(TCPAuthenticationOption(
                keyID: fuzz.takeByte(), receiveNextKeyID: fuzz.takeByte(), mac: data(&fuzz)))
        case 10:
            let third = fuzz.takeByte()
            return .multipath(MPTCPOption(
                subtype: MPTCPSubtype(rawValue: third >> 4), subtypeBits: third, data: data(&fuzz)))
        case 11:
            return .fastOpenCookie(data(&fuzz))
        case 12:
            let control = fuzz.takeByte()
            return .accurateECN(TCPAccurateECNOption(
                order: control & 0x01, counterCount: (control >> 1) % 5,
                first: fuzz.takeUInt32(), second: fuzz.takeUInt32(), third: fuzz.takeUInt32()))
        case 13:
            return .experimental(TCPExperimentalOption(
                kind: fuzz.takeBool() ? 253 : 254, experimentID: fuzz.takeUInt16(), data: data(&fuzz)))
        case 14:
            return .unknown(kind: fuzz.takeByte(), data: data(&fuzz))
        default:
            return .malformed(kind: fuzz.takeByte(), data: data(&fuzz))
        }
    }

    /// A fixed IPv6 pseudo-header whose addresses depend on `seed`.
    static func ipv6PseudoHeader(seed: UInt8) -> TCPPseudoHeader {
        var source: (UInt64, UInt64) = (0x2001_0DB8_0000_0000, UInt64(seed))
        var destination: (UInt64, UInt64) = (0x2001_0DB8_0000_0000, ~UInt64(seed))
        return withUnsafeBytes(of: &source) { sourceBytes in
            withUnsafeBytes(of: &destination) { destinationBytes in
                // Both buffers are 16 bytes, so the initializer cannot fail.
                (try? TCPPseudoHeader(source: sourceBytes, destination: destinationBytes))
                    ?? TCPPseudoHeader(ipv4Source: 0, destination: 0)
            }
        }
    }
}
