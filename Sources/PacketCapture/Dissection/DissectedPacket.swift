/// What a frame holds below its link layer, as far as TCP is concerned.
///
/// Made by `PacketDissector.dissect(_:linkType:originalLength:)`. A `.tcp` result points into the frame's
/// bytes and is valid only as long as they are.
public enum DissectedPacket {
    /// A TCP segment (or its beginning) inside IPv4 or IPv6.
    case tcp(CapturedTCPSegment)
    /// A well-formed frame that carries no TCP segment to decode, and why.
    case notTCP(NotTCPReason)
    /// A frame whose link or IP header is broken: what is wrong, and the byte offset in the frame where the
    /// broken header starts.
    case malformed(MalformedReason, offset: Int)
}
