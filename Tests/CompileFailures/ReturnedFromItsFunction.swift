// expect: a function cannot return a ~Escapable result
// A segment span made from a local array cannot be returned: the array dies with the function.
import TCPCodec

func decode() throws -> TCPSegmentSpan {
    let bytes: [UInt8] = Array(repeating: 0x50, count: 20)
    return try TCPSegmentSpan(bytes)
}
