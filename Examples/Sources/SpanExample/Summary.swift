import TCPCodec

/// The ports, payload length and announced MSS of a segment held in an array: no closure, no pointer, and the
/// error typed all the way out.
func summary(of bytes: [UInt8]) throws(TCPDecodingError) -> (ports: (UInt16, UInt16), payload: Int, mss: UInt16?) {
    let segment = try TCPSegmentSpan(bytes)  // borrows `bytes`: the segment cannot outlive them
    var mss: UInt16?
    segment.options.forEach { option in
        if case .maximumSegmentSize(let value) = option { mss = value }
    }
    return ((segment.sourcePort, segment.destinationPort), segment.payload.byteCount, mss)
}
