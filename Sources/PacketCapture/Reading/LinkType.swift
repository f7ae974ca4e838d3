/// A link-layer header type: the `LINKTYPE_` value a capture file stores for an interface.
///
/// Values follow the tcpdump.org link-layer header types registry (draft-ietf-opsawg-pcaplinktype). Only the
/// ones the dissector understands have names; any other value is kept as read.
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric `LINKTYPE_` value.
    public var rawValue: UInt32

    /// Wraps a numeric `LINKTYPE_` value.
    ///
    /// - Parameter rawValue: the value as stored in the file.
    @inlinable
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// `LINKTYPE_NULL` (0): BSD loopback, a 4-byte address family in the writer's byte order.
    public static let null = LinkType(rawValue: 0)
    /// `LINKTYPE_ETHERNET` (1): Ethernet II, possibly with 802.1Q/802.1ad tags.
    public static let ethernet = LinkType(rawValue: 1)
    /// `LINKTYPE_PPP` (9): PPP (RFC 1661 section 2), after an optional 0xFF 0x03 address and control of HDLC-like
    /// framing (RFC 1662 section 3.1).
    public static let ppp = LinkType(rawValue: 9)
    /// `LINKTYPE_FDDI` (10): FDDI, a 13-byte header (frame control, two addresses), then IEEE 802.2 LLC.
    public static let fddi = LinkType(rawValue: 10)
    /// `DLT_RAW` as written by some platforms (12): raw IPv4 or IPv6.
    public static let rawAlternate12 = LinkType(rawValue: 12)
    /// `DLT_RAW` as written by OpenBSD (14): raw IPv4 or IPv6.
    public static let rawAlternate14 = LinkType(rawValue: 14)
    /// `LINKTYPE_PPP_HDLC` (50): PPP in HDLC-like framing (RFC 1662 section 3.1, address 0xFF), or Cisco HDLC
    /// (address 0x0F or 0x8F), without flags or stuffing.
    public static let pppHDLC = LinkType(rawValue: 50)
    /// `LINKTYPE_RAW` (101): raw IPv4 or IPv6, told apart by the version field.
    public static let raw = LinkType(rawValue: 101)
    /// `LINKTYPE_C_HDLC` (104): Cisco HDLC, address 0x0F or 0x8F, control 0, and a protocol from the EtherType space.
    public static let ciscoHDLC = LinkType(rawValue: 104)
    /// `LINKTYPE_IEEE802_11` (105): IEEE 802.11 frames without a radio header; data frames' payloads through their
    /// IEEE 802.2 LLC and SNAP headers to the EtherType.
    public static let ieee80211 = LinkType(rawValue: 105)
    /// `LINKTYPE_LOOP` (108): OpenBSD loopback, a 4-byte big-endian address family.
    public static let loop = LinkType(rawValue: 108)
    /// `LINKTYPE_LINUX_SLL` (113): Linux cooked capture, version 1 (16-byte header).
    public static let linuxSLL = LinkType(rawValue: 113)
    /// `LINKTYPE_PFLOG` (117): OpenBSD's and FreeBSD's pf log, a header of the rule and action, then the packet.
    public static let pflog = LinkType(rawValue: 117)
    /// `LINKTYPE_IEEE802_11_RADIOTAP` (127): a radiotap header (version, length, the radio fields present), then an
    /// IEEE 802.11 frame, with its frame check sequence when the radiotap flags say so.
    public static let radiotap = LinkType(rawValue: 127)
    /// `LINKTYPE_PPP_PPPD` (166): PPP in HDLC-like framing whose address byte is a direction instead (0x00
    /// received, 0x01 sent), as pppd records it: the direction, the control byte, then the PPP protocol field.
    public static let pppPPPD = LinkType(rawValue: 166)
    /// `LINKTYPE_JUNIPER_ETHER` (178): a Juniper router's capture header ("MGC", flags, optional extensions), then
    /// an Ethernet II frame, or an IP packet when the flags say the Ethernet header was stripped.
    public static let juniperEthernet = LinkType(rawValue: 178)
    /// `LINKTYPE_PPI` (192): a Per-Packet Information header (version, length, the link type of the packet, radio
    /// fields), then the packet.
    public static let perPacketInformation = LinkType(rawValue: 192)
    /// `LINKTYPE_PPP_WITH_DIR` (204): a direction byte (0 received, other values sent), then as `ppp`.
    public static let pppWithDirection = LinkType(rawValue: 204)
    /// `LINKTYPE_IPV4` (228): raw IPv4 only.
    public static let ipv4 = LinkType(rawValue: 228)
    /// `LINKTYPE_IPV6` (229): raw IPv6 only.
    public static let ipv6 = LinkType(rawValue: 229)
    /// `LINKTYPE_NFLOG` (239): Linux netfilter log records, the packet in the NFULA_PAYLOAD attribute.
    public static let nflog = LinkType(rawValue: 239)
    /// `LINKTYPE_IPOIB` (242): IP over InfiniBand with the 44-byte header captures of it carry: 40 bytes (a global
    /// route header, or zeros and the destination's hardware address), then the 4-byte IPoIB header of RFC 4391
    /// section 6 (an EtherType and 2 reserved bytes).
    public static let ipOverInfiniBand = LinkType(rawValue: 242)
    /// `LINKTYPE_PKTAP` (258): Apple's PKTAP header (its length, the record type, the link type of the packet, the
    /// interface and process), then the packet.
    public static let pktap = LinkType(rawValue: 258)
    /// `LINKTYPE_LINUX_SLL2` (276): Linux cooked capture, version 2 (20-byte header).
    public static let linuxSLL2 = LinkType(rawValue: 276)

    /// Every link type the dissector reads (``PacketDissector/dissect(_:linkType:originalLength:)``), in the order
    /// of their values; any other is `unsupportedLinkType`. (A test holds this list to the dissector's dispatch.)
    public static let dissected: [LinkType] = [
        .null, .ethernet, .ppp, .fddi, .rawAlternate12, .rawAlternate14, .pppHDLC, .raw, .ciscoHDLC, .ieee80211, .loop,
        .linuxSLL, .pflog, .radiotap, .pppPPPD, .juniperEthernet, .perPacketInformation, .pppWithDirection, .ipv4,
        .ipv6, .nflog, .ipOverInfiniBand, .pktap, .linuxSLL2,
    ]

    /// The registry name without the `LINKTYPE_` prefix (`ETHERNET`, `RAW`, ...), or the number.
    public var description: String {
        switch rawValue {
        case 0: return "NULL"
        case 1: return "ETHERNET"
        case 9: return "PPP"
        case 10: return "FDDI"
        case 12, 14, 101: return "RAW"
        case 50: return "PPP_HDLC"
        case 104: return "C_HDLC"
        case 105: return "IEEE802_11"
        case 108: return "LOOP"
        case 113: return "LINUX_SLL"
        case 117: return "PFLOG"
        case 127: return "IEEE802_11_RADIOTAP"
        case 166: return "PPP_PPPD"
        case 178: return "JUNIPER_ETHER"
        case 192: return "PPI"
        case 204: return "PPP_WITH_DIR"
        case 228: return "IPV4"
        case 229: return "IPV6"
        case 239: return "NFLOG"
        case 242: return "IPOIB"
        case 258: return "PKTAP"
        case 276: return "LINUX_SLL2"
        default: return "LINKTYPE_\(rawValue)"
        }
    }
}
