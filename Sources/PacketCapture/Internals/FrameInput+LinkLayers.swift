// Link layers other than Ethernet II, raw IP and loopback: serial lines (PPP, Cisco HDLC), Linux NFLOG, FDDI, a Juniper
// router's capture header, IP over InfiniBand, and the IEEE 802.2 LLC header with SNAP that IEEE 802.3 frames (an
// Ethernet length field), FDDI and Linux cooked captures carry. Each is reached from `PacketDissector.dissect` by its
// link type, or from an EtherType that is not IP: off the path of Ethernet II frames.

extension FrameInput {
    /// PPP protocol field values (RFC 1661 section 2; IANA's PPP DLL protocol numbers).
    private enum PPPProtocol {
        static let ipv4: UInt16 = 0x0021
        static let ipv6: UInt16 = 0x0057
        /// MPLS unicast and multicast (RFC 3032 section 4.3).
        static let mplsUnicast: UInt16 = 0x0281
        static let mplsMulticast: UInt16 = 0x0283
    }

    /// Address and control bytes of the HDLC framings.
    private enum HDLCAddress {
        /// PPP's all-stations address and unnumbered information control (RFC 1662 section 3.1).
        static let pppAllStations: UInt8 = 0xFF
        static let pppUnnumberedInformation: UInt8 = 0x03
        /// Cisco HDLC's unicast and broadcast addresses, with control 0.
        static let ciscoUnicast: UInt8 = 0x0F
        static let ciscoBroadcast: UInt8 = 0x8F
        static let ciscoControl: UInt8 = 0x00
    }

    /// A frame cut inside its link-layer header, which starts at 0: `needed` bytes were needed.
    func truncatedLink(needed: Int) -> DissectedPacket {
        .malformed(.truncatedLinkHeader(needed: needed, available: bytes.count), offset: 0)
    }

    // MARK: - PPP

    /// A PPP frame (RFC 1661 section 2) that starts at `offset`, as link types PPP (`offset` 0) and PPP_WITH_DIR
    /// (`offset` 1, past the direction byte) store it: the address and control bytes 0xFF 0x03 of HDLC-like framing
    /// (RFC 1662 section 3.1) when the frame has them, then the protocol field.
    ///
    /// - Parameter offset: where the frame starts, 0 or 1.
    @inline(never)
    func ppp(at offset: Int) -> DissectedPacket {
        guard bytes.count > offset else { return truncatedLink(needed: offset + 1) }
        var position = offset
        // Bytes offset and offset + 1 are inside the frame by the guards before each read. A first byte 0xFF without
        // 0x03 after it is left to the protocol field, which reads it as a one-byte field that is not IP.
        if bytes[position] == HDLCAddress.pppAllStations && bytes.count - position >= 2
            && bytes[position + 1] == HDLCAddress.pppUnnumberedInformation {
            position += 2
        }
        return pppProtocolField(at: position)
    }

    /// PPP in HDLC-like framing (link type PPP_HDLC): address 0xFF and control 0x03 (RFC 1662 section 3.1), then
    /// the PPP protocol field; or Cisco HDLC, told by its address 0x0F or 0x8F.
    @inline(never)
    func pppInHDLCFraming() -> DissectedPacket {
        guard bytes.count >= 2 else { return truncatedLink(needed: 2) }
        // Bytes 0 and 1 are inside the check above.
        let address = bytes[0]
        let control = bytes[1]
        switch address {
        case HDLCAddress.pppAllStations:
            guard control == HDLCAddress.pppUnnumberedInformation else {
                return .malformed(.hdlcAddressControl(address: address, control: control), offset: 0)
            }
            return pppProtocolField(at: 2)
        case HDLCAddress.ciscoUnicast, HDLCAddress.ciscoBroadcast:
            return ciscoHDLC()
        default:
            return .malformed(.hdlcAddressControl(address: address, control: control), offset: 0)
        }
    }

    /// PPP as pppd records it (link type PPP_PPPD): HDLC-like framing whose address byte is the direction (0x00
    /// received, 0x01 sent), the control byte, then the PPP protocol field. Neither byte is checked, as libpcap's
    /// filters for this link type read them: the direction at 0, the protocol at 2, the control byte not at all.
    @inline(never)
    func pppAfterDirectionAndControl() -> DissectedPacket {
        guard bytes.count >= 2 else { return truncatedLink(needed: 2) }
        return pppProtocolField(at: 2)
    }

    /// The PPP protocol field at `offset` and what it carries: two bytes, or one when its first byte is odd (the
    /// field compression of RFC 1661 section 6.5; a two-byte value's first byte is always even). IPv4 (0x0021) and
    /// IPv6 (0x0057) are followed, and MPLS (0x0281, 0x0283) to its label stack.
    private func pppProtocolField(at offset: Int) -> DissectedPacket {
        guard bytes.count > offset else { return truncatedLink(needed: offset + 1) }
        // Byte offset is inside the check above.
        let first = bytes[offset]
        let protocolNumber: UInt16
        let payload: Int
        if first & 0x01 != 0 {
            protocolNumber = UInt16(first)
            payload = offset + 1
        } else {
            guard bytes.count - offset >= 2 else { return truncatedLink(needed: offset + 2) }
            // Bytes offset ..< offset + 2 are inside the check above.
            protocolNumber = load16(offset)
            guard protocolNumber & 0x01 != 0 else {
                return .malformed(.invalidPPPProtocol(protocolNumber), offset: offset)
            }
            payload = offset + 2
        }
        switch protocolNumber {
        case PPPProtocol.ipv4:
            return ip(at: payload, expected: .v4)
        case PPPProtocol.ipv6:
            return ip(at: payload, expected: .v6)
        case PPPProtocol.mplsUnicast, PPPProtocol.mplsMulticast:
            return otherEtherType(EtherType.mplsUnicast, payloadAt: payload)
        default:
            return .notTCP(.pppProtocol(protocolNumber))
        }
    }

    // MARK: - Cisco HDLC

    /// A Cisco HDLC frame (link type C_HDLC, and PPP_HDLC with address 0x0F or 0x8F): address 0x0F (unicast) or
    /// 0x8F (broadcast), control 0x00, then a 2-byte protocol from the EtherType space, followed as an EtherType.
    @inline(never)
    func ciscoHDLC() -> DissectedPacket {
        guard bytes.count >= 4 else { return truncatedLink(needed: 4) }
        // Bytes 0 ..< 4 are inside the check above.
        let address = bytes[0]
        let control = bytes[1]
        guard address == HDLCAddress.ciscoUnicast || address == HDLCAddress.ciscoBroadcast,
            control == HDLCAddress.ciscoControl
        else {
            return .malformed(.hdlcAddressControl(address: address, control: control), offset: 0)
        }
        let protocolType = load16(2)
        // A protocol below 0x0600 is no EtherType, and here no IEEE 802.3 length either.
        guard protocolType > Self.ieee8023MaximumLength else { return .notTCP(.etherType(protocolType)) }
        return etherType(protocolType, payloadAt: 4)
    }

    // MARK: - NFLOG

    /// Values of the NFLOG header (tcpdump.org's LINKTYPE_NFLOG; Linux `nfnetlink_log.h`).
    private enum NFLOG {
        /// Linux's AF_INET and AF_INET6.
        static let familyIPv4: UInt8 = 2
        static let familyIPv6: UInt8 = 10
        /// NFULA_PAYLOAD: the packet, from its network header on.
        static let payloadType: UInt16 = 9
        /// The type bits of an attribute type; the top bit flags a nested attribute.
        static let typeMask: UInt16 = 0x7FFF
    }

    /// A Linux NFLOG record (link type NFLOG): address family (2 IPv4, 10 IPv6), version 0, resource ID (the nflog
    /// group, big-endian), then attributes to the end of the frame, each a 16-bit length (of the attribute, its
    /// 4-byte header included), a 16-bit type and the value, padded to a multiple of 4 bytes. The packet is the
    /// value of the NFULA_PAYLOAD attribute (type 9).
    ///
    /// Length and type are in the byte order of the machine that wrote the capture, which this function is not
    /// told: attribute types are below 256, so the first attribute's type says which order it is (a type read in
    /// the wrong order has its low byte zero and its high byte set).
    @inline(never)
    func nflog() -> DissectedPacket {
        guard bytes.count >= 4 else { return truncatedLink(needed: 4) }
        // Bytes 0 ..< 4 are inside the check above.
        let family = bytes[0]
        let version = bytes[1]
        guard version == 0 else { return .notTCP(.nflogVersion(version)) }
        let expected: IPVersion
        switch family {
        case NFLOG.familyIPv4: expected = .v4
        case NFLOG.familyIPv6: expected = .v6
        default: return .notTCP(.nflogAddressFamily(family))
        }
        var position = 4
        var order = CaptureByteOrder.littleEndian
        if bytes.count - position >= 4 && CaptureByteOrder.littleEndian.load16(bytes, position + 2) & 0x7F00 != 0 {
            order = .bigEndian
        }
        // Each attribute moves `position` at least 4 bytes forward (a length below 4 is refused), and the guards stop
        // at the end of the frame: the loop ends.
        while position < bytes.count {
            guard bytes.count - position >= 4 else { return truncatedLink(needed: position + 4) }
            // Bytes position ..< position + 4 are inside the check above.
            let length = Int(order.load16(bytes, position))
            let type = order.load16(bytes, position + 2) & NFLOG.typeMask
            guard length >= 4 else {
                return .malformed(.nflogAttributeLengthTooSmall(length: length), offset: position)
            }
            if type == NFLOG.payloadType {
                // The packet ends with the attribute (or the capture): what follows is not read as its padding.
                // `end` is at most `bytes.count`, and the wire length at least `end`.
                let end = Swift.min(position + length, bytes.count)
                return prefix(end, wireLength: Swift.min(wireLength, position + length))
                    .ip(at: position + 4, expected: expected)
            }
            guard bytes.count - position >= length else { return truncatedLink(needed: position + length) }
            // Padding to 4 bytes; a last attribute may end the frame without it.
            position += (length + 3) & ~3
        }
        return .notTCP(.nflogWithoutPayload)
    }

    // MARK: - Juniper

    /// Values of the capture header of Juniper routers (tcpdump.org's LINKTYPE_JUNIPER_ETHER).
    private enum Juniper {
        /// "MGC", the first three bytes.
        static let magicNumber: UInt32 = 0x4D_4743
        /// The flag that says the Ethernet header was stripped: an IP packet follows, 4 bytes after the header.
        static let noLinkHeader: UInt8 = 0x02
        /// The flag that says extensions follow the flags: a 16-bit length, then that many bytes of TLVs.
        static let extensions: UInt8 = 0x80
        /// What precedes the IP packet of a frame without a link header, past the capture header.
        static let noLinkHeaderGap = 4
    }

    /// A frame of link type JUNIPER_ETHER: a Juniper router's capture header, the magic number "MGC", a flags byte
    /// (direction and what follows), and, when the extensions flag (0x80) is set, a 16-bit length and that many bytes
    /// of extension TLVs (interface names and indexes, which do not separate flows); then the Ethernet II frame, or,
    /// when the no-link-header flag (0x02) is set, 4 bytes and an IP packet told by its version, as tcpdump reads it
    /// (a payload that is not IP by its version is not followed).
    @inline(never)
    func juniperEthernet() -> DissectedPacket {
        guard bytes.count >= 4 else { return truncatedLink(needed: 4) }
        // Bytes 0 ..< 4 are inside the check above.
        let magic = UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[2])
        guard magic == Juniper.magicNumber else { return .malformed(.juniperMagicNumber(magic), offset: 0) }
        let flags = bytes[3]
        var headerLength = 4
        if flags & Juniper.extensions != 0 {
            guard bytes.count >= 6 else { return truncatedLink(needed: 6) }
            // Bytes 4 ..< 6 are inside the check above; the sum is at most 6 + 65535.
            headerLength = 6 + Int(load16(4))
        }
        if flags & Juniper.noLinkHeader != 0 {
            let start = headerLength + Juniper.noLinkHeaderGap
            guard bytes.count > start else { return truncatedLink(needed: start + 1) }
            // Byte start is inside the check above. Only IP is told by its first nibble; anything else (MPLS, say)
            // is not followed, as tcpdump does not.
            let version = bytes[start] >> 4
            guard version == 4 || version == 6 else { return .notTCP(.juniperNonIPPayload(firstByte: bytes[start])) }
            return ip(at: start, expected: nil)
        }
        return ethernet(at: headerLength)
    }

    // MARK: - IP over InfiniBand

    /// A frame of link type IPOIB as captures hold it (tcpdump reads it so): 40 bytes that are not read (an
    /// InfiniBand global route header, or, where it was not kept, zeros and the 20-byte hardware address of the
    /// destination: flags and queue pair number, then the port GID), then the IPoIB header of RFC 4391 section 6, an
    /// EtherType and 2 reserved bytes. Nothing in the 40 bytes separates flows (the IP addresses do).
    @inline(never)
    func ipOverInfiniBand() -> DissectedPacket {
        guard bytes.count >= 44 else { return truncatedLink(needed: 44) }
        // Bytes 40 ..< 42 are inside the check above.
        let protocolType = load16(40)
        // RFC 4391's type field holds EtherTypes only: a value up to 1500 is no IEEE 802.3 length here.
        guard protocolType > Self.ieee8023MaximumLength else { return .notTCP(.etherType(protocolType)) }
        return etherType(protocolType, payloadAt: 44)
    }

    // MARK: - FDDI

    /// An FDDI frame (link type FDDI; ANSI X3.139): frame control, destination and source addresses (6 bytes each),
    /// then, for an LLC frame (frame format bits 01, `0x30` of the frame control), the 802.2 LLC header. Other
    /// frames (MAC, SMT, reserved) are the reason there is no TCP segment.
    @inline(never)
    func fddi() -> DissectedPacket {
        guard bytes.count >= 13 else { return truncatedLink(needed: 13) }
        // Byte 0 is inside the check above.
        let frameControl = bytes[0]
        guard frameControl & 0x30 == 0x10 else { return .notTCP(.fddiFrameControl(frameControl)) }
        return logicalLinkControl(at: 13, ieee8023Length: nil)
    }

    // MARK: - IEEE 802.2 LLC and SNAP

    /// The largest value of an Ethernet type field that is a length (IEEE 802.3 clause 3.2.6): 1500. Values from 1536
    /// (0x0600) on are EtherTypes; those between are neither.
    static let ieee8023MaximumLength: UInt16 = 1500

    /// Linux cooked capture's protocol for a frame that starts with an 802.2 LLC header (Linux's ETH_P_802_2).
    private static let linuxProtocolLogicalLinkControl: UInt16 = 0x0004

    /// The fields of an 802.2 LLC header (IEEE 802.2 clause 3) with a SNAP header (IEEE 802, RFC 1042).
    private enum LogicalLinkControl {
        /// The SNAP service access point, as DSAP and as SSAP.
        static let snapAccessPoint: UInt8 = 0xAA
        /// Unnumbered information: the control byte of a SNAP frame.
        static let unnumberedInformation: UInt8 = 0x03
        /// The organization codes whose protocol identifier is an EtherType: RFC 1042's 00-00-00, and 00-00-F8 of IEEE
        /// 802.1H bridge tunnelling.
        static let encapsulatedEthernet: UInt32 = 0x00_0000
        static let bridgeTunnel: UInt32 = 0x00_00F8
    }

    /// A Linux cooked capture's protocol below 0x0600, which is a Linux protocol number rather than an EtherType:
    /// 4 means an 802.2 LLC header follows; any other is the reason there is no TCP segment.
    ///
    /// - Parameters:
    ///   - protocolType: the protocol field.
    ///   - offset: where the payload starts, at most `bytes.count`.
    @inline(never)
    func linuxCookedNonEtherType(_ protocolType: UInt16, payloadAt offset: Int) -> DissectedPacket {
        guard protocolType == Self.linuxProtocolLogicalLinkControl else { return .notTCP(.etherType(protocolType)) }
        return logicalLinkControl(at: offset, ieee8023Length: nil)
    }

    /// An 802.2 LLC header at `offset`: DSAP, SSAP, control. DSAP and SSAP 0xAA with control 0x03 (unnumbered
    /// information) are SNAP: a 3-byte organization code and a 2-byte protocol identifier follow, an EtherType when
    /// the code is 00-00-00 (RFC 1042) or 00-00-F8 (IEEE 802.1H), followed as after an Ethernet II header. Any other
    /// service access point is the reason there is no TCP segment.
    ///
    /// - Parameters:
    ///   - offset: where the LLC header starts, at most `bytes.count`.
    ///   - ieee8023Length: the IEEE 802.3 length field at `offset - 2`, when the frame has one; it must cover the
    ///     headers read.
    func logicalLinkControl(at offset: Int, ieee8023Length: Int?) -> DissectedPacket {
        let available = bytes.count - offset
        if let ieee8023Length, ieee8023Length < 3 {
            return .malformed(.ieee8023LengthTooSmall(length: ieee8023Length, minimum: 3), offset: offset - 2)
        }
        guard available >= 3 else {
            return .malformed(.truncatedLogicalLinkControl(needed: 3, available: available), offset: offset)
        }
        // Bytes offset ..< offset + 3 are inside the check above.
        let destination = bytes[offset]
        let source = bytes[offset + 1]
        let control = bytes[offset + 2]
        guard destination == LogicalLinkControl.snapAccessPoint && source == LogicalLinkControl.snapAccessPoint
            && control == LogicalLinkControl.unnumberedInformation
        else {
            return .notTCP(.logicalLinkControl(destination: destination, source: source, control: control))
        }
        if let ieee8023Length, ieee8023Length < 8 {
            return .malformed(.ieee8023LengthTooSmall(length: ieee8023Length, minimum: 8), offset: offset - 2)
        }
        guard available >= 8 else {
            return .malformed(.truncatedLogicalLinkControl(needed: 8, available: available), offset: offset)
        }
        // Bytes offset + 3 ..< offset + 8 are inside the check above.
        let organization = load32(offset + 2) & 0x00FF_FFFF
        let protocolIdentifier = load16(offset + 6)
        // An identifier below 0x0600 is no EtherType; were it followed as a length, SNAP inside SNAP could nest
        // as deep as the frame is long.
        guard organization == LogicalLinkControl.encapsulatedEthernet
            || organization == LogicalLinkControl.bridgeTunnel,
            protocolIdentifier > Self.ieee8023MaximumLength
        else {
            return .notTCP(.snapProtocol(organization: organization, protocolIdentifier: protocolIdentifier))
        }
        return etherType(protocolIdentifier, payloadAt: offset + 8)
    }
}
