/// Why a well-formed frame holds no TCP segment to decode.
public enum NotTCPReason: Hashable, Sendable {
    /// The capture's link type is not one the dissector reads.
    case unsupportedLinkType(LinkType)
    /// An Ethernet, Linux cooked, Cisco HDLC or SNAP frame whose EtherType (after any VLAN tags) is not one the
    /// dissector follows. An Ethernet type field up to 1500 is an IEEE 802.3 length, followed to the LLC header;
    /// values from 1501 to 1535 are neither a length nor an EtherType (IEEE 802.3 clause 3.2.6), and land here, as
    /// do Linux cooked capture's protocol numbers below 0x0600 other than 4 (802.2 LLC).
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
    /// A tunnel inside more than `EncapsulationStack.depthLimit` others: `depth` layers were followed and the
    /// next one is not.
    case encapsulationTooDeep(depth: Int)
    /// A recognised encapsulation of a version the dissector does not follow: GRE version 2 to 7, GRE version 1
    /// other than PPTP's enhanced GRE (RFC 2637 section 4.1: the key present, no checksum or routing), a Geneve
    /// version other than 0, GTP other than version 1 with protocol type GTP, a PPPoE
    /// version and type other than 1 and 1, an ERSPAN header whose version does not match its GRE protocol type.
    /// `version` is the header's version field (for PPPoE, the whole version and type byte).
    case encapsulationVersion(EncapsulationKind, version: UInt8)
    /// A recognised encapsulation carrying something other than IP or Ethernet: the GRE or Geneve protocol type,
    /// the PPP protocol of a PPPoE session, the first nibble after an MPLS label stack (neither 4, 6 nor 0), or a
    /// GTP-U message type other than 255 (G-PDU).
    case encapsulatedProtocol(EncapsulationKind, protocolType: UInt16)
    /// A GRE header with the Routing Present bit of RFC 1701 set, which RFC 2784 does not follow.
    case greSourceRouting
    /// A tunnel header that carries no packet: a PPTP enhanced GRE header whose payload length is 0 (an
    /// acknowledgment alone, RFC 2637 section 4.4).
    case encapsulationWithoutPayload(EncapsulationKind)
    /// A PPP frame (link type PPP, PPP_HDLC or PPP_WITH_DIR, or inside PPTP) whose protocol field (RFC 1661
    /// section 2) is neither IPv4 (0x0021) nor IPv6 (0x0057): LCP (0xC021), IPCP (0x8021), a compressed or
    /// encrypted datagram (0x00FD, as MPPE sends PPTP's traffic) ... A compressed one-byte field is given as its
    /// 16-bit value.
    case pppProtocol(UInt16)
    /// An NFLOG record whose address family is neither Linux's AF_INET (2) nor AF_INET6 (10).
    case nflogAddressFamily(UInt8)
    /// An NFLOG record whose header version is not 0.
    case nflogVersion(UInt8)
    /// An NFLOG record without an NFULA_PAYLOAD attribute: the rule logged no packet bytes.
    case nflogWithoutPayload
    /// An IEEE 802.2 LLC frame (after an IEEE 802.3 length, in FDDI, or in Linux cooked capture) that is not SNAP:
    /// its DSAP, SSAP and control bytes (IEEE 802.2 clause 3), 0x42 for spanning tree, 0xE0 for IPX, 0xFE for ISO
    /// network layer protocols ...
    case logicalLinkControl(destination: UInt8, source: UInt8, control: UInt8)
    /// A SNAP header whose organization code is neither 00-00-00 (RFC 1042) nor 00-00-F8 (IEEE 802.1H), so that its
    /// protocol identifier is no EtherType (Cisco's 00-00-0C with 0x2000 is CDP), or whose protocol identifier is
    /// below 0x0600.
    case snapProtocol(organization: UInt32, protocolIdentifier: UInt16)
    /// An FDDI frame that is not an LLC frame (its frame control's format bits are not 01): a MAC or SMT frame.
    case fddiFrameControl(UInt8)
    /// A Juniper frame whose capture header says the Ethernet header was stripped, and whose payload is neither IPv4
    /// nor IPv6 by the first nibble (MPLS, say); the value is its first byte.
    case juniperNonIPPayload(firstByte: UInt8)
    /// An IEEE 802.11 frame that carries no packet: a management (type 0), control (1) or extension (3) frame, or a
    /// data frame (2) whose subtype has no data (a null function, subtype bit 0x4).
    case ieee80211Frame(type: UInt8, subtype: UInt8)
    /// An IEEE 802.11 data frame whose payload is encrypted (the protected frame flag): nothing in it can be read.
    case ieee80211Protected
    /// An IEEE 802.11 QoS data frame holding an aggregate of MSDUs (A-MSDU), which
    /// ``PacketDissector/dissect(_:linkType:originalLength:)`` does not read: its subframes are read by
    /// ``PacketDissector/dissectSubframes(_:linkType:originalLength:_:)``.
    case ieee80211AggregateMSDU
    /// An IEEE 802.11 frame whose radio header (radiotap, PPI) says the capturing radio received it with a bad frame
    /// check sequence or a PHY error: the captured bytes are corrupt, and are not read.
    case ieee80211ReceiveError
    /// An IEEE 802.11 frame of protocol version 1, an S1G frame (IEEE 802.11ah), whose MAC header is not read.
    case ieee80211SubOneGigahertzFrame
    /// A fragment of an IEEE 802.11 MSDU other than the last (the More Fragments flag): the MAC fragments are not
    /// put together.
    case ieee80211Fragment
    /// An IEEE 802.11 frame the MAC sent again (the Retry flag, a sequence number already captured from the same
    /// transmitter to the same receiver): a copy its receiver keeps only once. Not returned by the dissector, which
    /// sees one frame at a time, but by ``IEEE80211DuplicateFilter``.
    case ieee80211Retransmission
    /// An Apple PKTAP record that is not a packet (record type other than 1).
    case pktapRecordType(UInt32)
}
