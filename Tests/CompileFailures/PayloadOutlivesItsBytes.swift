// expect: lifetime-dependent variable 'payload' escapes its scope
// The payload span lives no longer than the segment span, and so the bytes.
import TCPCodec

func payloadCount() throws -> Int {
    var payload = RawSpan()
    do {
        let bytes: [UInt8] = Array(repeating: 0x50, count: 24)
        let segment = try TCPSegmentSpan(bytes)
        payload = segment.payload
    }
    return payload.byteCount
}
