// expect: overlapping accesses to 'bytes'
// The array stays borrowed while its segment span is used: it cannot change under the span.
import TCPCodec

func rewrite() throws -> UInt16 {
    var bytes: [UInt8] = Array(repeating: 0x50, count: 20)
    let segment = try TCPSegmentSpan(bytes)
    bytes[0] = 1
    return segment.sourcePort
}
