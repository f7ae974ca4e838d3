import TCPCodec
import XCTest

final class TCPHeaderTests: XCTestCase {
    private static let ipv4 = TCPPseudoHeader(ipv4Source: 0x0A00_0001, destination: 0xC0A8_0102)
    private static let ipv6Source: [UInt8] = hexBytes("2001 0db8 0000 0000 0000 0000 0000 0001")
    private static let ipv6Destination: [UInt8] = hexBytes("fe80 0000 0000 0000 0a00 27ff fe5e d19e")

    private var ipv6: TCPPseudoHeader {
        Self.ipv6Source.withUnsafeBytes { source in
            Self.ipv6Destination.withUnsafeBytes { try! TCPPseudoHeader(source: source, destination: $0) }
        }
    }

    /// Encodes into a buffer of `capacity` bytes prefilled with 0xEE, and returns the bytes written.
    private func encode(_ header: TCPHeader, payload: [UInt8] = [], pseudoHeader: TCPPseudoHeader? = nil,
                        capacity: Int? = nil) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0xEE, count: capacity ?? header.headerLength + payload.count)
        let written = try buffer.withUnsafeMutableBytes { target in
            try payload.withUnsafeBytes { try header.encode(into: target, payload: $0, pseudoHeader: pseudoHeader) }
        }
        return Array(buffer[0 ..< written])
    }

    func testDecodeThenEncodeIsByteExactForEveryCapture() throws {
        for fixture in CaptureFixtures.strictlyValid {
            let header = try fixture.bytes.withUnsafeBytes { try TCPHeader(decoding: $0) }
            let payload = Array(fixture.bytes[fixture.headerLength...])
            XCTAssertEqual(header.headerLength, fixture.headerLength, fixture.name)
            XCTAssertEqual(header.dataOffset, fixture.headerLength / 4, fixture.name)
            XCTAssertEqual(try encode(header, payload: payload), fixture.bytes, fixture.name)
            // With the frame's pseudo-header a correct checksum comes out unchanged.
            if fixture.checksumIsValid == true {
                XCTAssertEqual(try encode(header, payload: payload, pseudoHeader: fixture.pseudoHeader),
                               fixture.bytes, fixture.name)
            }
        }
        // A view decoded with framing-only checking keeps the malformed DSS and the EOL after it.
        let short = CaptureFixtures.mptcpShortDSS
        let header = try short.bytes.withUnsafeBytes { TCPHeader(try TCPSegmentView($0, optionChecking: .framing)) }
        XCTAssertEqual(try encode(header), short.bytes)
        // And a lenient view of a header that runs past the capture keeps what there is.
        let cut = CaptureFixtures.reservedBitsTruncated
        let lenient = try cut.bytes.withUnsafeBytes { TCPHeader(try TCPSegmentView(lenient: $0)) }
        XCTAssertEqual(lenient.flags.rawValue, 0xD30)
        XCTAssertEqual(lenient.options.byteCount, 10)
        let encoded = try encode(lenient)
        // Everything but the data offset comes back: that follows the 10 option bytes kept (8 words, not 15).
        XCTAssertEqual(encoded.count, 32)
        XCTAssertEqual(encoded[12], 0x8D)
        XCTAssertEqual(Array(encoded[0 ..< 12]), Array(cut.bytes[0 ..< 12]))
        XCTAssertEqual(Array(encoded[13 ..< 30]), Array(cut.bytes[13 ..< 30]))
    }

    func testFieldsComeFromTheView() throws {
        let fixture = CaptureFixtures.accecnSYNACK
        try fixture.bytes.withUnsafeBytes { raw in
            let view = try TCPSegmentView(raw)
            let header = TCPHeader(view)
            XCTAssertEqual(header.sourcePort, view.sourcePort)
            XCTAssertEqual(header.destinationPort, view.destinationPort)
            XCTAssertEqual(header.sequenceNumber, view.sequenceNumber)
            XCTAssertEqual(header.acknowledgmentNumber, view.acknowledgmentNumber)
            XCTAssertEqual(header.flags, view.flags)
            XCTAssertEqual(header.window, view.window)
            XCTAssertEqual(header.checksum, 0x22A8)
            XCTAssertEqual(header.urgentPointer, view.urgentPointer)
            XCTAssertEqual(Array(header.options), Array(view.options))
            XCTAssertEqual(header, try TCPHeader(decoding: raw))
        }
    }

    func testDataOffsetAndPaddingAreComputed() throws {
        for optionCount in 0 ... 40 {
            let options = try TCPOptionList(Array(repeating: TCPOption.noOperation, count: optionCount))
            let header = TCPHeader(sourcePort: 1, destinationPort: 2, flags: .ack, window: 3, options: options)
            let padding = (4 - optionCount % 4) % 4
            XCTAssertEqual(header.headerLength, 20 + optionCount + padding)
            let bytes = try encode(header)
            XCTAssertEqual(bytes.count, header.headerLength)
            XCTAssertEqual(Int(bytes[12] >> 4), header.dataOffset)
            // The padding is zero even though the buffer held 0xEE there.
            XCTAssertEqual(Array(bytes[(20 + optionCount)...]), [UInt8](repeating: 0, count: padding))
            XCTAssertNil(strictError(bytes))
        }
    }

    func testEncodesEveryField() throws {
        let header = TCPHeader(
            sourcePort: 0x1234, destinationPort: 0xABCD, sequenceNumber: SequenceNumber(0x89AB_CDEF),
            acknowledgmentNumber: SequenceNumber(0xFEDC_BA98), flags: TCPFlags(rawValue: 0xF0FF), window: 0x7654,
            checksum: 0x3210, urgentPointer: 0x0F0E, options: try TCPOptionList([.maximumSegmentSize(1460)]))
        XCTAssertEqual(try encode(header, payload: [0xC0, 0xFF, 0xEE]), hexBytes("""
            1234 abcd    # ports
            89abcdef     # sequence number
            fedcba98     # acknowledgment number
            60 ff        # data offset 6; flags: the twelve low bits of 0xF0FF, the bits above are not encoded
            7654         # window
            3210         # checksum, as given with no pseudo-header
            0f0e         # urgent pointer
            020405b4     # MSS 1460
            c0ffee       # payload
            """))
    }

    func testChecksumFilledForIPv4AndIPv6() throws {
        var generator = SplitMix64(seed: 0x7C9_2026)
        for payloadLength in [0, 1, 2, 3, 17, 1460] {
            let payload = randomBytes(payloadLength, using: &generator)
            let header = TCPHeader(
                sourcePort: 443, destinationPort: 50000, sequenceNumber: SequenceNumber(0xFFFF_FFF0),
                acknowledgmentNumber: SequenceNumber(7), flags: [.psh, .ack], window: 501, checksum: 0xDEAD,
                options: try TCPOptionList([.noOperation, .noOperation, .timestamps(value: 1, echoReply: 2)]))
            let v4 = try encode(header, payload: payload, pseudoHeader: Self.ipv4)
            let expected4 = referenceChecksum(segment: v4, source: [10, 0, 0, 1], destination: [192, 168, 1, 2])
            XCTAssertEqual(UInt16(v4[16]) << 8 | UInt16(v4[17]), expected4, "IPv4 payload \(payloadLength)")
            let v6 = try encode(header, payload: payload, pseudoHeader: ipv6)
            let expected6 = referenceChecksum(segment: v6, source: Self.ipv6Source, destination: Self.ipv6Destination)
            XCTAssertEqual(UInt16(v6[16]) << 8 | UInt16(v6[17]), expected6, "IPv6 payload \(payloadLength)")
            XCTAssertNotEqual(expected4, expected6)
            // The stored field is left alone.
            XCTAssertEqual(header.checksum, 0xDEAD)
        }
    }

    func testBufferTooSmall() throws {
        let header = TCPHeader(options: try TCPOptionList([.maximumSegmentSize(1460)]))
        for capacity in 0 ..< 27 {
            XCTAssertThrowsError(try encode(header, payload: [1, 2, 3], capacity: capacity)) {
                XCTAssertEqual($0 as? TCPEncodingError, .bufferTooSmall(needed: 27, available: capacity))
            }
        }
        XCTAssertEqual(try encode(header, payload: [1, 2, 3], capacity: 27).count, 27)
        XCTAssertEqual(try encode(header, payload: [1, 2, 3], capacity: 100).count, 27)
    }

    func testIPv4SegmentOver65535IsRefused() throws {
        let header = TCPHeader(flags: .ack)
        let largest = [UInt8](repeating: 0x5A, count: 0xFFFF - 20)
        let written = try encode(header, payload: largest, pseudoHeader: Self.ipv4)
        XCTAssertEqual(written.count, 0xFFFF)
        XCTAssertEqual(UInt16(written[16]) << 8 | UInt16(written[17]),
                       referenceChecksum(segment: written, source: [10, 0, 0, 1], destination: [192, 168, 1, 2]))
        let tooLong = largest + [0x5A]
        XCTAssertThrowsError(try encode(header, payload: tooLong, pseudoHeader: Self.ipv4)) {
            XCTAssertEqual($0 as? TCPEncodingError, .segmentTooLong(length: 0x10000, maximum: 0xFFFF))
        }
        // Without a pseudo-header, or with IPv6's 32-bit length, the same segment is fine.
        XCTAssertEqual(try encode(header, payload: tooLong).count, 0x10000)
        let v6 = try encode(header, payload: tooLong, pseudoHeader: ipv6)
        XCTAssertEqual(UInt16(v6[16]) << 8 | UInt16(v6[17]),
                       referenceChecksum(segment: v6, source: Self.ipv6Source, destination: Self.ipv6Destination))
    }

    func testEqualityFollowsTheFields() throws {
        let a = TCPHeader(sourcePort: 1, options: try TCPOptionList([.noOperation]))
        let b = TCPHeader(sourcePort: 1, options: try TCPOptionList([.noOperation, .endOfOptionList]))
        XCTAssertEqual(a, b, "the same padded option bytes")
        XCTAssertNotEqual(a, TCPHeader(sourcePort: 2, options: try TCPOptionList([.noOperation])))
        XCTAssertEqual(try encode(a), try encode(b))
    }
}

extension TCPHeaderTests {
    func testHeaderEqualityIgnoresBitsAboveTheTwelfth() {
        let plain = TCPHeader(flags: [.syn])
        let extra = TCPHeader(flags: TCPFlags(rawValue: 0xF002))
        XCTAssertEqual(plain, extra)
        XCTAssertEqual(plain.hashValue, extra.hashValue)
        XCTAssertNotEqual(plain, TCPHeader(flags: [.syn, .reserved1]))
    }
}
