/// One fragment of a fragmented IP packet that carries TCP: the fields that say which datagram it belongs to and
/// where its bytes go (RFC 791 section 3.2 for IPv4, RFC 8200 section 4.5 for IPv6).
///
/// Made by ``PacketDissector/fragment(in:linkType:originalLength:)`` and fed to an ``IPFragmentReassembler``.
///
/// - Warning: ``payload`` points into the frame and is valid only as long as the frame's bytes are. Do not escape
///   it; the reassembler copies it.
public struct IPFragment {
    /// The IP version.
    public var ipVersion: IPVersion
    /// The IP header's source address.
    public var source: IPAddress
    /// The IP header's destination address.
    public var destination: IPAddress
    /// The IPv4 protocol, or the Next Header of the IPv6 Fragment header: what the reassembled payload starts with.
    public var protocolNumber: UInt8
    /// The Identification field: 16 bits in IPv4, 32 bits in the IPv6 Fragment header.
    public var identification: UInt32
    /// Where the fragment's bytes go in the reassembled payload, in bytes (a multiple of 8).
    public var offset: Int
    /// The More Fragments flag: clear on the last fragment.
    public var moreFragments: Bool
    /// The fragment's bytes as captured, cut to the length its IP header declares. See the lifetime warning.
    public var payload: UnsafeRawBufferPointer
    /// The fragment's length as its IP header declares it; above `payload.count` when the capture cut the frame.
    public var declaredLength: Int
    /// The frame's VLAN tags, outermost first: part of which datagram the fragment belongs to.
    public var vlanTags: VLANTagStack
    /// The tunnels the fragment came through: part of which datagram it belongs to.
    public var encapsulation: EncapsulationStack
    /// Where the TCP checksum's pseudo-header addresses come from, as this fragment's IP header says (a source
    /// route in IPv4 options, a routing header or home address in IPv6's unfragmentable part).
    public var pseudoHeaderAddressing: PseudoHeaderAddressing

    /// Makes a fragment description; the dissector does this.
    ///
    /// - Parameters:
    ///   - ipVersion: the IP version.
    ///   - source: the source address.
    ///   - destination: the destination address.
    ///   - protocolNumber: the protocol of the reassembled payload.
    ///   - identification: the datagram's identification.
    ///   - offset: the fragment's offset in bytes.
    ///   - moreFragments: the More Fragments flag.
    ///   - payload: the captured bytes of the fragment.
    ///   - declaredLength: the fragment's length from its IP header.
    ///   - vlanTags: the frame's VLAN tags.
    ///   - encapsulation: the tunnels followed.
    ///   - pseudoHeaderAddressing: where the pseudo-header's addresses come from.
    public init(
        ipVersion: IPVersion, source: IPAddress, destination: IPAddress, protocolNumber: UInt8,
        identification: UInt32, offset: Int, moreFragments: Bool, payload: UnsafeRawBufferPointer,
        declaredLength: Int, vlanTags: VLANTagStack = .none,
        encapsulation: EncapsulationStack = .none,
        pseudoHeaderAddressing: PseudoHeaderAddressing = .ipHeader
    ) {
        self.ipVersion = ipVersion
        self.source = source
        self.destination = destination
        self.protocolNumber = protocolNumber
        self.identification = identification
        self.offset = offset
        self.moreFragments = moreFragments
        self.payload = payload
        self.declaredLength = declaredLength
        self.vlanTags = vlanTags
        self.encapsulation = encapsulation
        self.pseudoHeaderAddressing = pseudoHeaderAddressing
    }

    /// Whether the capture holds fewer bytes of the fragment than its IP header declares.
    public var isTruncated: Bool { payload.count < declaredLength }
}
