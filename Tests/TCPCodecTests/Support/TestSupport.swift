import TCPCodec
import XCTest

/// Parses a hex fixture: whitespace is ignored and `#` starts a comment that runs to the end of the line.
///
/// A malformed fixture is a mistake in the test itself, so it traps.
func hexBytes(_ text: String) -> [UInt8] {
    var digits: [UInt8] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        for character in line.prefix(while: { $0 != "#" }) where !character.isWhitespace {
            guard let value = character.hexDigitValue else { preconditionFailure("not a hex digit: \(character)") }
            digits.append(UInt8(value))
        }
    }
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}

/// One real segment from a capture, with the addresses of the IP header that carried it.
struct CaptureSegment {
    /// The capture file, as named in tcpdump's `tests/` directory.
    let capture: String
    /// The 1-based frame number, as tcpdump's `-#` prints it.
    let frame: Int
    /// The IP source address, 4 or 16 bytes.
    let source: [UInt8]
    /// The IP destination address, 4 or 16 bytes.
    let destination: [UInt8]
    /// Whether the checksum field is right for the frame's pseudo-header; `nil` when the bytes are not the whole
    /// segment (payload left out, or the capture cut the header short).
    let checksumIsValid: Bool?
    /// The TCP bytes, header first.
    let bytes: [UInt8]

    init(capture: String, frame: Int, source: [UInt8], destination: [UInt8], checksumIsValid: Bool?, hex: String) {
        self.capture = capture
        self.frame = frame
        self.source = source
        self.destination = destination
        self.checksumIsValid = checksumIsValid
        self.bytes = hexBytes(hex)
    }

    /// `capture frame N`, for failure messages.
    var name: String { "\(capture) frame \(frame)" }

    /// The header length announced by the data offset.
    var headerLength: Int { Int(bytes[12] >> 4) * 4 }

    /// The pseudo-header of the frame that carried the segment.
    var pseudoHeader: TCPPseudoHeader {
        source.withUnsafeBytes { sourceBytes in
            destination.withUnsafeBytes { destinationBytes in
                // The fixtures hold 4- or 16-byte addresses.
                try! TCPPseudoHeader(source: sourceBytes, destination: destinationBytes)
            }
        }
    }

    /// The pseudo-header written out as bytes, for the reference sum.
    func pseudoHeaderBytes(tcpLength: Int) -> [UInt8] {
        referencePseudoHeader(source: source, destination: destination, tcpLength: tcpLength)
    }
}

extension CaptureFixtures {
    /// Every fixture whose header is whole, in a fixed order.
    static let wholeHeaders: [CaptureSegment] = [
        sshSYN, sshSYNACK, sshSACK, mptcpV1CapableSYN, mptcpV1CapableSYNACK, mptcpV1CapableACK,
        mptcpV1CapableWithData, mptcpV1DataACK, mptcpV1DataFIN, mptcpV0AddAddressAndDSS, mptcpV0JoinSYN,
        mptcpV0JoinSYNACK, mptcpV0JoinACK, mptcpAddAddressWithHMAC, mptcpAddAddressEcho, mptcpFastClose,
        mptcpTCPReset, mptcpShortDSS, tfoCookieRequest, tfoCookie, tfoSYNWithData, accecnSYN, accecnSYNACK,
        accecnACK, bgpMD5, bgpMD5NonZeroPadding, ipv6WrongChecksum, ipv6,
    ]

    /// The whole-header fixtures that decode strictly (all but the DSS of length 3).
    static let strictlyValid: [CaptureSegment] = wholeHeaders.filter { $0.name != mptcpShortDSS.name }

    /// The fixtures that hold a whole segment, so that their checksum can be judged.
    static let wholeSegments: [CaptureSegment] = wholeHeaders.filter { $0.checksumIsValid != nil }
}

/// The pseudo-header as bytes: RFC 9293 section 3.1 for IPv4, RFC 8200 section 8.1 for IPv6.
func referencePseudoHeader(source: [UInt8], destination: [UInt8], tcpLength: Int) -> [UInt8] {
    if source.count == 4 {
        return source + destination + [0, 6, UInt8(truncatingIfNeeded: tcpLength >> 8),
                                       UInt8(truncatingIfNeeded: tcpLength)]
    }
    let length = UInt32(truncatingIfNeeded: tcpLength)
    return source + destination + [
        UInt8(truncatingIfNeeded: length >> 24), UInt8(truncatingIfNeeded: length >> 16),
        UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length), 0, 0, 0, 6,
    ]
}

/// The plain RFC 1071 sum: big-endian byte pairs (an odd last byte padded with zero) added into a wide
/// accumulator, then folded with end-around carries. Deliberately simple, as a reference for the fast code.
func referenceSum(_ bytes: [UInt8], initial: UInt64 = 0) -> UInt16 {
    var total = initial
    var index = 0
    while index < bytes.count {
        let high = UInt64(bytes[index])
        let low = index + 1 < bytes.count ? UInt64(bytes[index + 1]) : 0
        total += high << 8 | low
        index += 2
    }
    while total > 0xFFFF {
        total = (total & 0xFFFF) + (total >> 16)
    }
    return UInt16(total)
}

/// The checksum field a segment needs: the complement of the reference sum over the pseudo-header and the segment
/// with its checksum field taken as zero.
func referenceChecksum(segment: [UInt8], source: [UInt8], destination: [UInt8]) -> UInt16 {
    var zeroed = segment
    zeroed[16] = 0
    zeroed[17] = 0
    let pseudo = referencePseudoHeader(source: source, destination: destination, tcpLength: segment.count)
    return ~referenceSum(pseudo + zeroed)
}

/// Builds a segment from a 20-byte header and an option area; the data offset is set from the area's length,
/// which must be a multiple of 4.
func segment(options area: [UInt8], flags: UInt16 = 0x010, payload: [UInt8] = []) -> [UInt8] {
    precondition(area.count % 4 == 0 && area.count <= 40, "option area must be 0 ... 40 bytes, a multiple of 4")
    let dataOffset = UInt8(5 + area.count / 4)
    let header: [UInt8] = [
        0x30, 0x39, 0x00, 0x50,                     // source port 12345, destination port 80
        0x01, 0x02, 0x03, 0x04,                     // sequence number 0x01020304
        0xA0, 0xB0, 0xC0, 0xD0,                     // acknowledgment number 0xA0B0C0D0
        dataOffset << 4 | UInt8(flags >> 8), UInt8(truncatingIfNeeded: flags),
        0x20, 0x00,                                 // window 8192
        0x00, 0x00,                                 // checksum 0
        0x00, 0x00,                                 // urgent pointer 0
    ]
    return header + area + payload
}

/// Pads option bytes with EOL (zero) bytes to a multiple of 4.
func padded(_ option: [UInt8]) -> [UInt8] {
    option + [UInt8](repeating: 0, count: (4 - option.count % 4) % 4)
}

/// Decodes strictly and returns the error, or `nil` when the bytes decode.
func strictError(_ bytes: [UInt8], checking: TCPOptionChecking = .strict) -> TCPDecodingError? {
    bytes.withUnsafeBytes { raw in
        do throws(TCPDecodingError) {
            _ = try TCPSegmentView(raw, optionChecking: checking)
            return nil
        } catch {
            return error
        }
    }
}

/// Decodes strictly and returns the options the view yields.
func strictOptions(_ bytes: [UInt8], checking: TCPOptionChecking = .strict) throws -> [TCPOption] {
    try bytes.withUnsafeBytes { raw in Array(try TCPSegmentView(raw, optionChecking: checking).options) }
}

/// Decodes leniently and returns the problem and the steps of the option walk.
func lenientWalk(_ bytes: [UInt8]) throws -> (problem: TCPDecodingError?, steps: [TCPOptions.Step]) {
    try bytes.withUnsafeBytes { raw in
        let view = try TCPSegmentView(lenient: raw)
        return (view.problem, Array(view.options.walk()))
    }
}

/// A small deterministic generator (SplitMix64) so that randomised tests replay exactly from a printed seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Random bytes from a seeded generator.
func randomBytes(_ count: Int, using generator: inout SplitMix64) -> [UInt8] {
    (0 ..< count).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
}
