// expect: lifetime-dependent variable 'segment' escapes its scope
// A segment span cannot be captured by a closure that outlives the call.
import TCPCodec

func reader(_ bytes: [UInt8]) throws -> () -> UInt16 {
    let segment = try TCPSegmentSpan(bytes)
    return { segment.sourcePort }
}
