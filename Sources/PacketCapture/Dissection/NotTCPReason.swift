/// Why a well-formed frame holds no TCP segment to decode.
public enum NotTCPReason: Hashable, Sendable {
    /// The capture's link type is not one the dissector reads.
    case unsupportedLinkType(LinkType)
    /// An Ethernet or Linux cooked frame whose EtherType (after any VLAN tags) is neither IPv4 (0x0800) nor
    /// IPv6 (0x86DD); values below 0x0600 are IEEE 802.3 lengths.
    case etherType(UInt16)
    /// A BSD loopback or OpenBSD LOOP frame whose address family is neither AF_INET (2) nor an AF_INET6
    /// (24, 28, 30).
    case addressFamily(UInt32)
    /// An IP packet carrying another protocol: the IPv4 protocol field or the last IPv6 next-header value
    /// (59 for "no next header", 50 for ESP ...).
    case ipProtocol(version: IPVersion, protocolNumber: UInt8)
    /// A fragment of a TCP segment that is not the first one: its fragment offset in bytes is not zero, so
    /// there is no TCP header in it (RFC 791 section 3.2, RFC 8200 section 4.5).
    case nonFirstFragment(version: IPVersion, fragmentOffset: Int)
}
