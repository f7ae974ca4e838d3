import TCPCodec

extension InspectedSegment {
    /// Why a segment holds fewer than the 20 bytes of a TCP header.
    public enum HeaderShortfall: Hashable, Sendable {
        /// The IP header's length leaves this many bytes for TCP: the packet itself is short (its sender's doing).
        case declaredByIPLength(Int)
        /// The frame ended on the wire after this many bytes of TCP, before the length the IP header declares.
        case endedOnTheWire(Int)
        /// The capture kept only `captured` of the segment's `length` bytes (its snapshot length).
        case cutBySnapshot(captured: Int, length: Int)

        /// A sentence for the text and JSON views.
        public var description: String {
            switch self {
            case .declaredByIPLength(let length):
                return "the IP length leaves \(length) bytes for TCP, fewer than a 20-byte header"
            case .endedOnTheWire(let length):
                return "the frame ended on the wire after \(length) bytes of TCP, fewer than a 20-byte header"
            case .cutBySnapshot(let captured, let length):
                return "cut by the snapshot length: \(captured) of \(length) bytes captured"
            }
        }
    }

    /// Why the TCP header is not whole, or `nil` when at least 20 bytes were captured.
    public var headerShortfall: HeaderShortfall? {
        guard view == nil else { return nil }
        if tcpLength < TCPSegmentView.minimumHeaderLength {
            return ipLengthExceedsFrame ? .endedOnTheWire(tcpLength) : .declaredByIPLength(tcpLength)
        }
        return .cutBySnapshot(captured: bytes.count, length: tcpLength)
    }
}
