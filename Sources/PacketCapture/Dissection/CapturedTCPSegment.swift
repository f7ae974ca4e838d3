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

    // The storage: whole words, the offsets and lengths as 32-bit values, the small fields packed into
    // `packedFields`, and last the two fields whose spare bits hold `DissectedPacket`'s case. A segment is 128
    // bytes, copied with a few vector moves on its way from the dissector to the writers; the addresses as
    // `IPAddress` values made it 161 bytes, and the encapsulation as one `EncapsulationStack` beside `Int` offsets
    // 152, both copied by calls to memcpy, which plain traffic paid on every frame (see
    // `PackedPseudoHeaderAddressing`).
    @usableFromInline var sourceHigh: UInt64
    @usableFromInline var sourceLow: UInt64
    @usableFromInline var destinationHigh: UInt64
    @usableFromInline var destinationLow: UInt64
    /// The TCP bytes as captured, at most `declaredLength` of them. See the lifetime warning above.
    public var bytes: UnsafeRawBufferPointer
    /// The VLAN tags of the frame, outermost first (empty for an untagged frame or a link type without them): in
    /// a tunnelled frame, the outer frame's tags, then the inner Ethernet frames'.
    public var vlanTags = VLANTagStack.none
    /// `encapsulation.tunnelIdentity`.
    @usableFromInline var storedTunnelIdentity: UInt64 = 0
    /// `encapsulation`'s layer identifiers.
    @usableFromInline var storedLayerIdentifiers: UInt64 = 0
    @usableFromInline var packedPseudoHeaderAddressing: PackedPseudoHeaderAddressing
    /// `ipHeaderOffset`, `tcpOffset` and `declaredLength`: the dissector reads at most 2^32 - 1 bytes of a frame.
    @usableFromInline var storedIPHeaderOffset: UInt32
    @usableFromInline var storedTCPOffset: UInt32
    @usableFromInline var storedDeclaredLength: UInt32
    /// Bit 0: the packet is IPv6; bit 1: the source is IPv6; bit 2: the destination is IPv6; bits 16 ..< 32:
    /// `encapsulation`'s layer kinds and count.
    @usableFromInline var packedFields: UInt32
    /// Where `declaredLength` comes from.
    public var lengthSource: LengthSource
    /// Whether this is the first fragment of a fragmented packet (IPv4 More Fragments flag, or an IPv6
    /// Fragment header with offset 0): the TCP header is here but the rest of the segment is not, so the
    /// checksum cannot be verified.
    public var isFirstFragment: Bool

    /// The offset of the IP header in the frame (the inner one, for a tunnelled segment).
    ///
    /// Set to a value in `0 ... UInt32.max` (a precondition).
    @inlinable
    public var ipHeaderOffset: Int {
        get { Int(storedIPHeaderOffset) }
        set { storedIPHeaderOffset = UInt32(newValue) }
    }

    /// The offset of the TCP header in the frame.
    ///
    /// Set to a value in `0 ... UInt32.max` (a precondition).
    @inlinable
    public var tcpOffset: Int {
        get { Int(storedTCPOffset) }
        set { storedTCPOffset = UInt32(newValue) }
    }

    /// The TCP length (header plus payload) the IP header declares, or the frame gives (see `lengthSource`).
    ///
    /// Set to a value in `0 ... UInt32.max` (a precondition).
    @inlinable
    public var declaredLength: Int {
        get { Int(storedDeclaredLength) }
        set { storedDeclaredLength = UInt32(newValue) }
    }

    /// The tunnels the segment was found inside, outermost first, and the identity of that tunnel path (empty,
    /// identity 0, for a segment that was not tunnelled). The addresses, VLAN tags after the outer ones, and
    /// pseudo-header of the segment are the inner packet's.
    @inlinable
    public var encapsulation: EncapsulationStack {
        get {
            EncapsulationStack(
                identifiers: storedLayerIdentifiers, kindsAndCount: UInt16(truncatingIfNeeded: packedFields >> 16),
                tunnelIdentity: storedTunnelIdentity)
        }
        set {
            storedLayerIdentifiers = newValue.identifiers
            packedFields = packedFields & 0xFFFF | UInt32(newValue.kindsAndCount) << 16
            storedTunnelIdentity = newValue.tunnelIdentity
        }
    }

    /// The IP version of the packet.
    @inlinable
    public var ipVersion: IPVersion {
        get { packedFields & 1 != 0 ? .v6 : .v4 }
        set { packedFields = packedFields & ~1 | (newValue == .v6 ? 1 : 0) }
    }

    /// The source address of the IP header.
    @inlinable
    public var source: IPAddress {
        get { IPAddress(version: packedFields & 2 != 0 ? .v6 : .v4, high: sourceHigh, low: sourceLow) }
        set {
            packedFields = packedFields & ~2 | (newValue.version == .v6 ? 2 : 0)
            sourceHigh = newValue.high
            sourceLow = newValue.low
        }
    }

    /// The destination address of the IP header (with a source route or routing header under way, the next hop
    /// rather than the final destination).
    @inlinable
    public var destination: IPAddress {
        get { IPAddress(version: packedFields & 4 != 0 ? .v6 : .v4, high: destinationHigh, low: destinationLow) }
        set {
            packedFields = packedFields & ~4 | (newValue.version == .v6 ? 4 : 0)
            destinationHigh = newValue.high
            destinationLow = newValue.low
        }
    }

    /// Where the checksum pseudo-header's addresses come from: the IP header, a source route, a routing header or
    /// a home address option, or nowhere the dissector can read (RFC 9293 section 3.1, RFC 8200 section 8.1).
    @inlinable
    public var pseudoHeaderAddressing: PseudoHeaderAddressing {
        get { packedPseudoHeaderAddressing.unpacked }
        set { packedPseudoHeaderAddressing = PackedPseudoHeaderAddressing(newValue) }
    }

    /// Makes a segment description; the dissector does this.
    ///
    /// `ipHeaderOffset`, `tcpOffset` and `declaredLength` are in `0 ... UInt32.max` (a precondition).
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
        precondition(
            (0 ... Int(UInt32.max)).contains(ipHeaderOffset) && (0 ... Int(UInt32.max)).contains(tcpOffset)
                && (0 ... Int(UInt32.max)).contains(declaredLength),
            "offsets and lengths are in 0 ... UInt32.max")
        self.init(
            ipVersion: ipVersion, source: source, destination: destination, ipHeaderOffset: ipHeaderOffset,
            tcpOffset: tcpOffset, bytes: bytes, declaredLength: declaredLength, lengthSource: lengthSource,
            isFirstFragment: isFirstFragment,
            packedPseudoHeaderAddressing: PackedPseudoHeaderAddressing(pseudoHeaderAddressing))
    }

    /// The memberwise initializer over the packed storage; the dissector calls it with the packed value it made,
    /// and with offsets and lengths in `0 ... UInt32.max` (`PacketDissector` reads at most that many bytes).
    @inlinable
    init(
        ipVersion: IPVersion,
        source: IPAddress,
        destination: IPAddress,
        ipHeaderOffset: Int,
        tcpOffset: Int,
        bytes: UnsafeRawBufferPointer,
        declaredLength: Int,
        lengthSource: LengthSource,
        isFirstFragment: Bool,
        packedPseudoHeaderAddressing: PackedPseudoHeaderAddressing
    ) {
        self.sourceHigh = source.high
        self.sourceLow = source.low
        self.destinationHigh = destination.high
        self.destinationLow = destination.low
        // In 0 ... UInt32.max: checked by the public initializer, or by the dissector's limit on what it reads.
        self.storedIPHeaderOffset = UInt32(truncatingIfNeeded: ipHeaderOffset)
        self.storedTCPOffset = UInt32(truncatingIfNeeded: tcpOffset)
        self.bytes = bytes
        self.storedDeclaredLength = UInt32(truncatingIfNeeded: declaredLength)
        self.packedPseudoHeaderAddressing = packedPseudoHeaderAddressing
        self.packedFields = (ipVersion == .v6 ? 1 : 0) | (source.version == .v6 ? 2 : 0)
            | (destination.version == .v6 ? 4 : 0)
        self.lengthSource = lengthSource
        self.isFirstFragment = isFirstFragment
    }

    /// The identity of the tunnel path the segment came through, 0 when it was not tunnelled: a hash of the outer
    /// addresses and tunnel identifiers (see ``EncapsulationStack``), to be used as a flow's tunnel context.
    @inlinable
    public var tunnelIdentity: UInt64 { storedTunnelIdentity }

    /// Whether fewer bytes were captured than the IP header declares.
    @inlinable
    public var isTruncated: Bool {
        bytes.count < declaredLength
    }

    // The accessors below read the packed storage directly rather than through `pseudoHeaderAddressing`, so that
    // a plain segment's checksum costs no more than a test of two bytes.

    /// The source address the checksum pseudo-header names: the home address of a Home Address option (RFC 6275
    /// section 6.3), else the IP header's ``source``; `nil` when the pseudo-header cannot be known.
    @inlinable
    public var pseudoHeaderSource: IPAddress? {
        let packed = packedPseudoHeaderAddressing
        guard !packed.isUnknown else { return nil }
        return packed.isReplaced ? packed.source : source
    }

    /// The destination address the checksum pseudo-header names: the final destination of an incomplete source
    /// route (RFC 791 section 3.1) or routing header (RFC 8200 section 8.1), else the IP header's
    /// ``destination``; `nil` when the pseudo-header cannot be known.
    @inlinable
    public var pseudoHeaderDestination: IPAddress? {
        let packed = packedPseudoHeaderAddressing
        guard !packed.isUnknown else { return nil }
        return packed.isReplaced ? packed.destination : destination
    }

    /// Why the checksum pseudo-header cannot be known, or `nil` when it can.
    @inlinable
    public var unknownPseudoHeaderReason: UnknownPseudoHeaderReason? {
        packedPseudoHeaderAddressing.unknownReason
    }

    /// The checksum pseudo-header of the packet: ``pseudoHeaderSource``, ``pseudoHeaderDestination`` and protocol
    /// 6 (RFC 9293 section 3.1 for IPv4, RFC 8200 section 8.1 for IPv6), or `nil` when the addresses cannot be
    /// known (``unknownPseudoHeaderReason`` says why). The TCP length is supplied when the sum is taken; for the
    /// length the IP header declares, use `pseudoHeader?.sum(tcpLength: declaredLength)`.
    ///
    /// The dissector always gives two addresses of the same version. Should a hand-made segment mix versions,
    /// the result is the pseudo-header of two zero IPv4 addresses, against which no checksum verifies.
    @inlinable @inline(__always)
    public var pseudoHeader: TCPPseudoHeader? {
        let packed = packedPseudoHeaderAddressing
        guard !packed.isUnknown else { return nil }
        guard !packed.isReplaced else {
            return (try? TCPPseudoHeader(source: packed.source, destination: packed.destination))
                ?? TCPPseudoHeader(ipv4Source: 0, destination: 0)
        }
        // The common cases, read from the words without a test of each address's version. Both IPv4 (bits 1 and
        // 2 clear): each address is the top 32 bits of its `high` word.
        switch packedFields & 6 {
        case 0:
            return TCPPseudoHeader(
                ipv4Source: UInt32(truncatingIfNeeded: sourceHigh >> 32),
                destination: UInt32(truncatingIfNeeded: destinationHigh >> 32))
        case 6:
            // Both IPv6 (bits 1 and 2 set): the words are the addresses.
            return (try? TCPPseudoHeader(
                source: IPAddress(ipv6High: sourceHigh, low: sourceLow),
                destination: IPAddress(ipv6High: destinationHigh, low: destinationLow)))
                ?? TCPPseudoHeader(ipv4Source: 0, destination: 0)
        default:
            return TCPPseudoHeader(ipv4Source: 0, destination: 0)  // mixed versions
        }
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
