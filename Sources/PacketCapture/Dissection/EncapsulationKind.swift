/// A tunnel or encapsulation the dissector follows to reach an inner packet.
public enum EncapsulationKind: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// VXLAN (RFC 7348) over UDP port 4789 (or 8472, the Linux kernel's former default): inner Ethernet. Its
    /// identifier is the 24-bit VXLAN Network Identifier.
    case vxlan = 1
    /// Geneve (RFC 8926) over UDP port 6081: inner Ethernet or IP. Its identifier is the 24-bit Virtual Network
    /// Identifier.
    case geneve = 2
    /// GRE version 0 (RFC 2784, with the key and sequence number of RFC 2890). Its identifier is the key, 0 when
    /// the header has none.
    case gre = 3
    /// ERSPAN type II inside GRE (protocol type 0x88BE): inner Ethernet. Its identifier is the 10-bit session ID.
    case erspanTypeII = 4
    /// ERSPAN type III inside GRE (protocol type 0x22EB): inner Ethernet. Its identifier is the 10-bit session ID.
    case erspanTypeIII = 5
    /// IP in IP: IPv4 or IPv6 directly inside IPv4 or IPv6 (protocol 4 or 41; RFC 2003, RFC 4213). Its identifier
    /// is 0: the outer addresses are the tunnel.
    case ipInIP = 6
    /// An MPLS label stack (RFC 3032), EtherType 0x8847 or 0x8848. Its identifier is the bottom label.
    case mpls = 7
    /// A PPPoE session (RFC 2516), EtherType 0x8864. Its identifier is the session ID.
    case pppoe = 8
    /// GTP-U version 1 (3GPP TS 29.281) over UDP port 2152. Its identifier is the Tunnel Endpoint Identifier.
    case gtpU = 9
    /// IEEE 802.1ah provider backbone bridging (PBB, MAC-in-MAC), EtherType 0x88E7: an I-TAG, then the customer's
    /// Ethernet frame. Its identifier is the 24-bit backbone service instance identifier (I-SID).
    case providerBackbone = 10
    /// An IEEE 802.1BR E-Tag, EtherType 0x893F: 6 bytes naming the port extender's virtual port, then the frame's
    /// own EtherType. Its identifier is the 20-bit E-CID (extension and base).
    case eTag = 11
    /// A Cisco VN-Tag, EtherType 0x8926: 4 bytes naming the virtual interfaces, then the frame's own EtherType. Its
    /// identifier folds the two interface numbers in one order, so both directions of a flow share it.
    case vnTag = 12
    /// Cisco FabricPath, EtherType 0x8903 after the outer switch addresses: the forwarding tag and TTL, then the
    /// classical Ethernet frame. Its identifier is the 10-bit forwarding tag (FTag).
    case fabricPath = 13
    /// PPTP's enhanced GRE (GRE version 1, RFC 2637 section 4.1), protocol type 0x880B: a PPP frame. Its
    /// identifier is the call ID, which differs by direction (each end names the call by the ID its peer chose).
    case pptp = 14

    /// The name tcpdump and Wireshark use: `VXLAN`, `Geneve`, `GRE`, `ERSPAN II`, `ERSPAN III`, `IP-in-IP`,
    /// `MPLS`, `PPPoE`, `GTP-U`, `PBB`, `E-Tag`, `VN-Tag`, `FabricPath`, `PPTP`.
    public var description: String {
        switch self {
        case .vxlan: return "VXLAN"
        case .geneve: return "Geneve"
        case .gre: return "GRE"
        case .erspanTypeII: return "ERSPAN II"
        case .erspanTypeIII: return "ERSPAN III"
        case .ipInIP: return "IP-in-IP"
        case .mpls: return "MPLS"
        case .pppoe: return "PPPoE"
        case .gtpU: return "GTP-U"
        case .providerBackbone: return "PBB"
        case .eTag: return "E-Tag"
        case .vnTag: return "VN-Tag"
        case .fabricPath: return "FabricPath"
        case .pptp: return "PPTP"
        }
    }
}
