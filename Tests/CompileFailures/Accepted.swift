// expect: compiles
// The control: ordinary uses of the span views compile in a module that enables no experimental feature, so the
// failures beside this file fail for the reason they name, not for a missing module or flag.
import TCPCodec

func sourcePort(of bytes: [UInt8]) throws(TCPDecodingError) -> UInt16 {
    let segment = try TCPSegmentSpan(bytes)
    var options = segment.options.makeIterator()
    while let option = options.next() { _ = option }
    return segment.sourcePort &+ UInt16(truncatingIfNeeded: segment.payload.byteCount)
}

func header(of bytes: [UInt8]) throws(TCPDecodingError) -> TCPHeader {
    let slice = bytes[...]
    return TCPHeader(try TCPSegmentSpan(slice))
}
