// expect: requires that 'TCPSegmentSpan' conform to 'Escapable'
// A span made inside withUnsafeBytes cannot leave the closure (the pointer view's classic dangling-pointer bug).
import TCPCodec

func port(_ bytes: [UInt8]) throws -> UInt16 {
    let segment: TCPSegmentSpan = try bytes.withUnsafeBytes { raw in try TCPSegmentSpan(raw) }
    return segment.sourcePort
}
