import TCPCodec
import TCPCodecTesting

/// Decodes `bytes` strictly into an owned header and the payload.
func decode(
    _ bytes: [UInt8], checking: TCPOptionChecking = .strict
) -> Result<(header: TCPHeader, payload: [UInt8]), TCPDecodingError> {
    bytes.withUnsafeBytes { raw in
        do throws(TCPDecodingError) {
            let view = try TCPSegmentView(raw, optionChecking: checking)
            return .success((TCPHeader(view), Array(view.payload)))
        } catch {
            return .failure(error)
        }
    }
}

/// The error a strict decode of `bytes` throws, or `nil`.
func decodingError(_ bytes: [UInt8], checking: TCPOptionChecking = .strict) -> TCPDecodingError? {
    if case .failure(let error) = decode(bytes, checking: checking) { return error }
    return nil
}

/// The RFC 1071 sum written the plain way: big-endian byte pairs, an odd last byte padded with zero, carries
/// folded back in at the end; not complemented.
func referenceSum(_ bytes: [UInt8], initial: UInt64 = 0) -> UInt16 {
    var total = initial
    var index = 0
    while index < bytes.count {
        let high = UInt64(bytes[index]) << 8
        let low = index + 1 < bytes.count ? UInt64(bytes[index + 1]) : 0
        total += high | low
        index += 2
    }
    while total >> 16 != 0 { total = (total & 0xFFFF) + (total >> 16) }
    return UInt16(total)
}

/// The pseudo-header's bytes written out as RFC 9293 section 3.1 (IPv4) and RFC 8200 section 8.1 (IPv6) lay
/// them out, for a segment of `length` bytes.
func pseudoHeaderBytes(_ pseudoHeader: TCPPseudoHeader, length: Int) -> [UInt8] {
    let source = pseudoHeader.withSourceAddress { Array($0) }
    let destination = pseudoHeader.withDestinationAddress { Array($0) }
    if pseudoHeader.family == .ipv4 {
        return source + destination + [0, 6, UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)]
    }
    let length32 = UInt32(length)
    return source + destination + [
        UInt8(length32 >> 24), UInt8(truncatingIfNeeded: length32 >> 16), UInt8(truncatingIfNeeded: length32 >> 8),
        UInt8(truncatingIfNeeded: length32), 0, 0, 0, 6,
    ]
}

/// The checksum of a segment computed from scratch with the reference sum over the written-out pseudo-header.
func referenceChecksum(_ segment: [UInt8], pseudoHeader: TCPPseudoHeader) -> UInt16 {
    var zeroed = segment
    zeroed[16] = 0
    zeroed[17] = 0
    return ~referenceSum(pseudoHeaderBytes(pseudoHeader, length: segment.count) + zeroed)
}

/// `TCPChecksum.compute` over an array.
func computeChecksum(_ segment: [UInt8], pseudoHeader: TCPPseudoHeader) -> UInt16 {
    segment.withUnsafeBytes { TCPChecksum.compute(segment: $0, pseudoHeader: pseudoHeader) }
}

/// `TCPChecksum.verify` over an array.
func verifyChecksum(_ segment: [UInt8], pseudoHeader: TCPPseudoHeader) -> Bool {
    segment.withUnsafeBytes { TCPChecksum.verify(segment: $0, pseudoHeader: pseudoHeader) }
}

/// The checksum field of a segment.
func checksumField(_ segment: [UInt8]) -> UInt16 {
    UInt16(segment[16]) << 8 | UInt16(segment[17])
}
