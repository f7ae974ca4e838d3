/// What is wrong with a frame's link or IP header.
///
/// Lengths are in bytes; `needed` and `available` count from the start of the header at fault.
public enum MalformedReason: Hashable, Sendable {
    /// The frame ends inside its link-layer header (or a VLAN tag).
    case truncatedLinkHeader(needed: Int, available: Int)
    /// The frame ends inside the fixed IP header, the IPv4 options, or an IPv6 extension header.
    case truncatedIPHeader(needed: Int, available: Int)
    /// The IP version field does not match what the link layer announced (or is neither 4 nor 6).
    case badIPVersion(UInt8)
    /// An IPv4 Internet Header Length below 5 words (RFC 791 section 3.1).
    case ipv4HeaderLengthTooSmall(UInt8)
    /// An IPv4 total length that is not zero but smaller than the header length.
    case ipv4TotalLengthTooSmall(totalLength: Int, headerLength: Int)
    /// An IPv6 hop-by-hop option that runs past the end of its header.
    case hopByHopOptionOverrun(optionType: UInt8)
    /// A Jumbo Payload option whose length is not 4 or whose value is not above 65,535 (RFC 2675 section 2).
    case invalidJumboPayload(length: UInt8, value: UInt32)
    /// A Jumbo Payload option in a packet whose payload length field is not 0 (RFC 2675 section 3).
    case jumboPayloadWithPayloadLength(UInt16)
    /// IPv6 extension headers longer than the payload length the header declares.
    case extensionHeadersExceedPayload(extensionLength: Int, payloadLength: Int)
    /// The frame ends inside a tunnel or encapsulation header (its options, extension headers or labels
    /// included).
    case truncatedEncapsulation(EncapsulationKind, needed: Int, available: Int)
    /// A VXLAN header without the I flag that says its VNI is valid (RFC 7348 section 5): `flags` is its first
    /// byte.
    case vxlanInstanceFlagClear(flags: UInt8)
    /// A length field of a tunnel header below what the header itself takes: a GTP-U length shorter than its
    /// optional fields and extension headers, a GTP-U extension header of length 0, a PPPoE length shorter than
    /// the PPP protocol field.
    case encapsulationLengthTooSmall(EncapsulationKind, length: Int, minimum: Int)
    /// An HDLC-framed header whose address and control bytes are not a known pair: PPP in HDLC-like framing takes
    /// 0xFF and 0x03 (RFC 1662 section 3.1), Cisco HDLC 0x0F or 0x8F and 0x00.
    case hdlcAddressControl(address: UInt8, control: UInt8)
    /// A two-byte PPP protocol field whose last byte is even, which RFC 1661 section 2 rules out (a first byte that
    /// is odd is a one-byte field, compressed as RFC 1661 section 6.5 allows).
    case invalidPPPProtocol(UInt16)
    /// An NFLOG attribute whose length is below the 4 bytes of its own length and type.
    case nflogAttributeLengthTooSmall(length: Int)
    /// The frame ends inside an IEEE 802.2 LLC header (3 bytes) or its SNAP header (5 more).
    case truncatedLogicalLinkControl(needed: Int, available: Int)
    /// An IEEE 802.3 length field shorter than the LLC header (3 bytes) or LLC and SNAP headers (8) it announces;
    /// the offset is the length field's.
    case ieee8023LengthTooSmall(length: Int, minimum: Int)
    /// A Juniper capture header (link type JUNIPER_ETHER) that does not start with the magic number "MGC"
    /// (0x4D4743); the value is the first three bytes.
    case juniperMagicNumber(UInt32)
    /// An IEEE 802.11 frame control whose protocol version is neither 0 nor 1 (S1G), the ones defined.
    case ieee80211Version(UInt8)
    /// An IEEE 802.11s mesh control whose address extension mode is 3, which is reserved; the offset is the mesh
    /// control's.
    case ieee80211MeshAddressExtension(UInt8)
    /// An IEEE 802.11 A-MSDU subframe whose MSDU length runs past the frame on the wire: `available` bytes were
    /// left after its header.
    case ieee80211SubframeLength(length: Int, available: Int)
    /// A capture header (radiotap, PPI) whose version is not 0, the only one defined; the link type says which.
    case captureHeaderVersion(LinkType, version: UInt8)
    /// A capture header (radiotap, PPI, PKTAP, pflog) whose own length field is less than its fixed part; the link
    /// type says which.
    case captureHeaderLengthTooSmall(LinkType, length: Int, minimum: Int)
}
