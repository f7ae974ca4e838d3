import NIOCore
import TCPCodec

/// Decodes the segment at a ByteBuffer's reader index straight from its readable bytes (no copy, no closure) and
/// moves the reader index past the header.
func readHeader(from buffer: inout ByteBuffer) throws(TCPDecodingError) -> TCPHeader {
    let header: TCPHeader
    do {
        let segment = try TCPSegmentSpan(buffer.readableBytesSpan)  // borrows the buffer while it is used
        header = TCPHeader(segment)
    }
    buffer.moveReaderIndex(forwardBy: header.headerLength)
    return header
}
