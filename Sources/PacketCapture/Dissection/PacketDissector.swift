/// Dissects captured frames through the link and network layers down to the TCP segment.
///
/// Link types: Ethernet (1) with any number of 802.1Q, 802.1ad and legacy QinQ (0x8100, 0x88A8, 0x9100) tags, and IEEE
/// 802.3 frames, whose type field is a length (up to 1500), through their IEEE 802.2 LLC header and SNAP header (RFC
/// 1042; organization 00-00-00, or 00-00-F8 of IEEE 802.1H) to the EtherType; raw IP (101, and 12 and 14 as some
/// platforms write it; 228 IPv4 only; 229 IPv6 only); Linux cooked captures SLL (113) and SLL2 (276), protocol 4
/// through LLC and SNAP; BSD loopback (0, a 4-byte address family in either byte order) and OpenBSD LOOP (108,
/// big-endian family); PPP (9; RFC 1661, with or without the 0xFF 0x03 address and control of RFC 1662, and with the
/// protocol field compressed to one byte; IPv4, IPv6 and MPLS), PPP in HDLC-like framing (50; address 0x0F or 0x8F is
/// Cisco HDLC) and PPP after a direction byte (204); Cisco HDLC (104; its protocol followed as an EtherType); FDDI (10;
/// a 13-byte header, then LLC and SNAP); Linux NFLOG (239; the packet in the NFULA_PAYLOAD attribute, attribute headers
/// in either byte order). Network layers: IPv4 (RFC 791) with options and fragments, and IPv6 (RFC 8200) through
/// hop-by-hop, routing, fragment, destination options and AH (RFC 4302) headers, with Jumbo Payloads (RFC 2675).
///
/// Tunnels are followed to the inner packet, nested up to `EncapsulationStack.depthLimit` deep: VXLAN (RFC 7348;
/// UDP port 4789 and 8472), Geneve (RFC 8926; UDP 6081), GRE version 0 (RFC 2784, RFC 2890) with IP, transparent
/// Ethernet bridging and ERSPAN types II and III, IP in IP (protocols 4 and 41), MPLS label stacks (RFC 3032;
/// the payload guessed by its first nibble), PPPoE sessions (RFC 2516), GTP-U (3GPP TS 29.281; UDP 2152) and IEEE
/// 802.1ah provider backbone bridging (EtherType 0x88E7; the customer frame after the I-TAG).
/// The segment then describes the inner packet, and ``CapturedTCPSegment/encapsulation`` the tunnels; a tunnel
/// recognised but not followed is a `NotTCPReason` of its own. A tunnel inside a fragmented packet is not
/// followed.
///
/// Dissection never traps and never allocates: every length is checked against the captured bytes before it
/// is used, and problems come back as `.malformed` values.
public enum PacketDissector {
    /// Dissects one frame.
    ///
    /// - Parameters:
    ///   - frame: the captured bytes, starting with the link-layer header.
    ///   - linkType: the link-layer header type of the capture interface.
    ///   - originalLength: the frame's length on the wire, if known; used when an IP length field is 0
    ///     (segmentation offload), where the segment's length must come from the frame. Defaults to the
    ///     captured length.
    /// - Returns: the TCP segment with its addresses and lengths, or why there is none. A `.tcp` result points
    ///   into `frame` and is valid as long as it is.
    public static func dissect(
        _ frame: UnsafeRawBufferPointer,
        linkType: LinkType,
        originalLength: Int? = nil
    ) -> DissectedPacket {
        // A segment keeps its offsets and lengths in 32 bits: bytes past 2^32 - 1 are not read, and a longer wire
        // length is taken as 2^32 - 1 (still at least the bytes read).
        let limit = Int(UInt32.max)
        let bytes = frame.count <= limit ? frame : UnsafeRawBufferPointer(rebasing: frame[0 ..< limit])
        let input = FrameInput(
            bytes: bytes, wireLength: Swift.min(Swift.max(bytes.count, originalLength ?? 0), limit))
        switch linkType {
        case .ethernet:
            return input.ethernet()
        case .null:
            return input.loopback(bigEndianOnly: false)
        case .loop:
            return input.loopback(bigEndianOnly: true)
        case .raw, .rawAlternate12, .rawAlternate14:
            return input.ip(at: 0, expected: nil)
        case .ipv4:
            return input.ip(at: 0, expected: .v4)
        case .ipv6:
            return input.ip(at: 0, expected: .v6)
        case .linuxSLL:
            return input.linuxCooked(headerLength: 16, protocolOffset: 14)
        case .linuxSLL2:
            return input.linuxCooked(headerLength: 20, protocolOffset: 0)
        case .ppp:
            return input.ppp(at: 0)
        case .pppWithDirection:
            return input.ppp(at: 1)
        case .pppHDLC:
            return input.pppInHDLCFraming()
        case .ciscoHDLC:
            return input.ciscoHDLC()
        case .nflog:
            return input.nflog()
        case .fddi:
            return input.fddi()
        default:
            return .notTCP(.unsupportedLinkType(linkType))
        }
    }
}
