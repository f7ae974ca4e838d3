import TCPCodec

/// A TCP segment found in a captured frame, with what the IP header says about it.
///
/// `bytes` is a slice of the frame: the TCP header and payload as captured, cut to the length the IP header
/// declares (so Ethernet padding is not included). It may be shorter than `declaredLength` when the capture
/// was cut short, even shorter than a TCP header.
///
/// - Warning: `bytes` points into the frame and is valid only as long as the frame's bytes are (for a
///   `CaptureRecord`, until the reader's next record). Do not escape it.
public struct CapturedTCPSegment {
    /// How the length of the TCP segment was determined.
    public enum LengthSource: Hashable, Sendable {
        /// From the IPv4 total length or the IPv6 payload length.
        case ipHeader
        /// The IP length field was 0 (IPv4 segmentation offload, IPv6 BIG TCP without a jumbo option): the
        /// length is what the frame holds on the wire after the IP header.
        case frame
        /// From an IPv6 Jumbo Payload hop-by-hop option (RFC 2675).
        case jumboPayload
    }

    /// The IP version of the packet.
    public var ipVersion: IPVersion
    /// The source address.
    public var source: IPAddress
    /// The destination address.
    public var destination: IPAddress
    /// The offset of the IP header in the frame.
    public var ipHeaderOffset: Int
    /// The offset of the TCP header in the frame.
    public var tcpOffset: Int
    /// The TCP bytes as captured, at most `declaredLength` of them. See the lifetime warning above.
    public var bytes: UnsafeRawBufferPointer
    /// The TCP length (header plus payload) the IP header declares, or the frame gives (see `lengthSource`).
    public var declaredLength: Int
    /// Where `declaredLength` comes from.
    public var lengthSource: LengthSource
    /// Whether this is the first fragment of a fragmented packet (IPv4 More Fragments flag, or an IPv6
    /// Fragment header with offset 0): the TCP header is here but the rest of the segment is not, so the
    /// checksum cannot be verified.
    public var isFirstFragment: Bool
    /// The VLAN tags of the frame, outermost first (empty for an untagged frame or a link type without them).
    public var vlanTags = VLANTagStack.none

    /// Makes a segment description; the dissector does this.
    ///
    /// - Parameters:
    ///   - ipVersion: the IP version.
    ///   - source: the source address.
    ///   - destination: the destination address.
    ///   - ipHeaderOffset: where the IP header starts in the frame.
    ///   - tcpOffset: where the TCP header starts in the frame.
    ///   - bytes: the captured TCP bytes.
    ///   - declaredLength: the TCP length from the IP header.
    ///   - lengthSource: where that length came from.
    ///   - isFirstFragment: whether the packet is a first fragment.
    @inlinable
    public init(
        ipVersion: IPVersion,
        source: IPAddress,
        destination: IPAddress,
        ipHeaderOffset: Int,
        tcpOffset: Int,
        bytes: UnsafeRawBufferPointer,
        declaredLength: Int,
        lengthSource: LengthSource,
        isFirstFragment: Bool
    ) {
        self.ipVersion = ipVersion
        self.source = source
        self.destination = destination
        self.ipHeaderOffset = ipHeaderOffset
        self.tcpOffset = tcpOffset
        self.bytes = bytes
        self.declaredLength = declaredLength
        self.lengthSource = lengthSource
        self.isFirstFragment = isFirstFragment
    }

    /// Whether fewer bytes were captured than the IP header declares.
    @inlinable
    public var isTruncated: Bool {
        bytes.count < declaredLength
    }

    /// The checksum pseudo-header of the packet: both addresses and protocol 6 (RFC 9293 section 3.1 for IPv4,
    /// RFC 8200 section 8.1 for IPv6). The TCP length is supplied when the sum is taken; for the length the IP
    /// header declares, use `pseudoHeader.sum(tcpLength: declaredLength)`.
    ///
    /// The dissector always gives two addresses of the same version. Should a hand-made segment mix versions,
    /// the result is the pseudo-header of two zero IPv4 addresses, against which no checksum verifies.
    @inlinable
    public var pseudoHeader: TCPPseudoHeader {
        (try? TCPPseudoHeader(source: source, destination: destination))
            ?? TCPPseudoHeader(ipv4Source: 0, destination: 0)
    }

    /// Whether the checksum is right, or `nil` when it cannot be computed: the segment is truncated, shorter
    /// than a TCP header, or the first fragment of a fragmented packet (RFC 9293 section 3.1).
    ///
    /// - Returns: `true` when the ones' complement sum over pseudo-header and segment is 0xFFFF.
    @inlinable
    public func verifyChecksum() -> Bool? {
        guard !isTruncated, !isFirstFragment, bytes.count >= 20 else {
            return nil
        }
        return TCPChecksum.verify(segment: bytes, pseudoHeader: pseudoHeader)
    }
}
