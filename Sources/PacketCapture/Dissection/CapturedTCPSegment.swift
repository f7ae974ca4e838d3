import TCPCodec

/// A TCP segment found in a captured frame, with what the IP header says about it.
///
/// ``source`` and ``destination`` are the IP header's addresses, the ones flows are keyed by. The checksum's
/// pseudo-header may name others (a source route's or routing header's final destination, a home address): see
/// ``pseudoHeaderAddressing``, from which ``pseudoHeader`` and ``verifyChecksum()`` are made.
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
    /// The source address of the IP header.
    public var source: IPAddress
    /// The destination address of the IP header (with a source route or routing header under way, the next hop
    /// rather than the final destination).
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
    /// Where the checksum pseudo-header's addresses come from: the IP header, a source route, a routing header or
    /// a home address option, or nowhere the dissector can read (RFC 9293 section 3.1, RFC 8200 section 8.1).
    public var pseudoHeaderAddressing: PseudoHeaderAddressing

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
    ///   - pseudoHeaderAddressing: where the checksum pseudo-header's addresses come from; by default the IP
    ///     header's `source` and `destination`.
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
        isFirstFragment: Bool,
        pseudoHeaderAddressing: PseudoHeaderAddressing = .ipHeader
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
        self.pseudoHeaderAddressing = pseudoHeaderAddressing
    }

    /// Whether fewer bytes were captured than the IP header declares.
    @inlinable
    public var isTruncated: Bool {
        bytes.count < declaredLength
    }

    /// The source address the checksum pseudo-header names: the home address of a Home Address option (RFC 6275
    /// section 6.3), else the IP header's ``source``; `nil` when the pseudo-header cannot be known.
    @inlinable
    public var pseudoHeaderSource: IPAddress? {
        switch pseudoHeaderAddressing {
        case .ipHeader: return source
        case .replaced(let replacement, _, _): return replacement
        case .unknown: return nil
        }
    }

    /// The destination address the checksum pseudo-header names: the final destination of an incomplete source
    /// route (RFC 791 section 3.1) or routing header (RFC 8200 section 8.1), else the IP header's
    /// ``destination``; `nil` when the pseudo-header cannot be known.
    @inlinable
    public var pseudoHeaderDestination: IPAddress? {
        switch pseudoHeaderAddressing {
        case .ipHeader: return destination
        case .replaced(_, let replacement, _): return replacement
        case .unknown: return nil
        }
    }

    /// Why the checksum pseudo-header cannot be known, or `nil` when it can.
    @inlinable
    public var unknownPseudoHeaderReason: UnknownPseudoHeaderReason? {
        if case .unknown(let reason) = pseudoHeaderAddressing { return reason }
        return nil
    }

    /// The checksum pseudo-header of the packet: ``pseudoHeaderSource``, ``pseudoHeaderDestination`` and protocol
    /// 6 (RFC 9293 section 3.1 for IPv4, RFC 8200 section 8.1 for IPv6), or `nil` when the addresses cannot be
    /// known (``unknownPseudoHeaderReason`` says why). The TCP length is supplied when the sum is taken; for the
    /// length the IP header declares, use `pseudoHeader?.sum(tcpLength: declaredLength)`.
    ///
    /// The dissector always gives two addresses of the same version. Should a hand-made segment mix versions,
    /// the result is the pseudo-header of two zero IPv4 addresses, against which no checksum verifies.
    @inlinable
    public var pseudoHeader: TCPPseudoHeader? {
        let addresses: (source: IPAddress, destination: IPAddress)
        switch pseudoHeaderAddressing {
        case .ipHeader: addresses = (source, destination)
        case .replaced(let source, let destination, _): addresses = (source, destination)
        case .unknown: return nil
        }
        return (try? TCPPseudoHeader(source: addresses.source, destination: addresses.destination))
            ?? TCPPseudoHeader(ipv4Source: 0, destination: 0)
    }

    /// Whether the checksum is right, or `nil` when it cannot be verified: the segment is truncated, shorter than
    /// a TCP header, or the first fragment of a fragmented packet (RFC 9293 section 3.1), or its pseudo-header
    /// cannot be known (``unknownPseudoHeaderReason``).
    ///
    /// - Returns: `true` when the ones' complement sum over pseudo-header and segment is 0xFFFF, `nil` when it
    ///   cannot be taken.
    @inlinable
    public func verifyChecksum() -> Bool? {
        guard !isTruncated, !isFirstFragment, bytes.count >= 20, let pseudoHeader else {
            return nil
        }
        return TCPChecksum.verify(segment: bytes, pseudoHeader: pseudoHeader)
    }
}
