import TCPCodec

// Tunnels and encapsulations: what an IP packet that is not TCP, or an EtherType that is not IP, may carry. None of
// this is on the path of a plain TCP packet: it is reached from the branches that used to end in `.notTCP`.

extension FrameInput {
    /// The two addresses of an outer IP header, folded into the tunnel identity of what it carries.
    typealias OuterEndpoints = (source: IPAddress, destination: IPAddress)

    /// The IP protocol numbers (IANA) of the tunnels followed.
    private enum TunnelProtocol {
        static let ipv4InIP: UInt8 = 4
        static let udp: UInt8 = 17
        static let ipv6InIP: UInt8 = 41
        static let gre: UInt8 = 47
    }

    /// The UDP destination ports of the tunnels followed.
    private enum TunnelPort {
        /// VXLAN's IANA port (RFC 7348 section 5).
        static let vxlan: UInt16 = 4789
        /// The port the Linux kernel used for VXLAN before IANA's, still common; tcpdump reads it as VXLAN too.
        static let vxlanLinux: UInt16 = 8472
        /// Geneve (RFC 8926 section 3.3).
        static let geneve: UInt16 = 6081
        /// GTP-U (3GPP TS 29.281 section 4.4.2.3).
        static let gtpU: UInt16 = 2152
    }

    /// The GRE flags and version word (RFC 2784 section 2, RFC 2890 section 2).
    private enum GREFlag {
        static let checksumPresent: UInt16 = 0x8000
        /// RFC 1701's Routing Present bit.
        static let routingPresent: UInt16 = 0x4000
        static let keyPresent: UInt16 = 0x2000
        static let sequencePresent: UInt16 = 0x1000
        /// PPTP's Acknowledgment Sequence Number Present bit (RFC 2637 section 4.1).
        static let acknowledgmentPresent: UInt16 = 0x0080
        static let versionMask: UInt16 = 0x0007
        /// PPTP's version of GRE, and its protocol type (PPP).
        static let pptpVersion: UInt8 = 1
        static let pptpProtocolType: UInt16 = 0x880B
    }

    /// The result at the depth limit.
    private var tooDeep: DissectedPacket { .notTCP(.encapsulationTooDeep(depth: encapsulation.count)) }

    /// The input one layer deeper: the outer addresses, if the layer came out of an IP packet, and then the layer
    /// folded into the tunnel identity; `nil` when `EncapsulationStack.depthLimit` layers were followed already.
    private func entering(_ kind: EncapsulationKind, identifier: UInt32, outer: OuterEndpoints?) -> FrameInput? {
        guard encapsulation.count < EncapsulationStack.depthLimit else { return nil }
        var inner = self
        if let outer {
            inner.encapsulation = inner.encapsulation.foldingEndpoints(outer.source, outer.destination)
        }
        inner.encapsulation = inner.encapsulation.pushing(EncapsulationLayer(kind: kind, identifier: identifier))
        return inner
    }

    /// A frame cut inside a tunnel header that starts at `offset`.
    private func truncated(_ kind: EncapsulationKind, at offset: Int, needed: Int) -> DissectedPacket {
        .malformed(.truncatedEncapsulation(kind, needed: needed, available: bytes.count - offset), offset: offset)
    }

    // MARK: - From the IP layer

    /// What an IP packet carries when it is not TCP: a tunnel to follow (UDP to a tunnel port, GRE, IP in IP), or
    /// the protocol number as the reason there is no TCP segment. Out of line, off the path of plain TCP.
    ///
    /// - Parameters:
    ///   - protocolNumber: the IPv4 protocol or last IPv6 next header.
    ///   - version: the IP version of the packet.
    ///   - offset: where its payload starts; the caller has checked `offset <= bytes.count`.
    ///   - source: its source address.
    ///   - destination: its destination address.
    ///   - fragmented: whether the packet is a fragment; a fragment's tunnel is not followed.
    @inline(never)
    func ipPayload(
        _ protocolNumber: UInt8, version: IPVersion, at offset: Int, source: IPAddress, destination: IPAddress,
        fragmented: Bool
    ) -> DissectedPacket {
        let notFollowed = DissectedPacket.notTCP(.ipProtocol(version: version, protocolNumber: protocolNumber))
        guard !fragmented else { return notFollowed }
        let outer = (source: source, destination: destination)
        switch protocolNumber {
        case TunnelProtocol.udp:
            return udp(at: offset, outer: outer) ?? notFollowed
        case TunnelProtocol.gre:
            return gre(at: offset, outer: outer)
        case TunnelProtocol.ipv4InIP, TunnelProtocol.ipv6InIP:
            guard let inner = entering(.ipInIP, identifier: 0, outer: outer) else { return tooDeep }
            return inner.ip(at: offset, expected: protocolNumber == TunnelProtocol.ipv4InIP ? .v4 : .v6)
        default:
            return notFollowed
        }
    }

    /// A UDP datagram (RFC 768) to a tunnel port, or `nil` for any other datagram (and one whose 8-byte header
    /// was not captured), which is not followed.
    private func udp(at offset: Int, outer: OuterEndpoints) -> DissectedPacket? {
        guard bytes.count - offset >= 8 else { return nil }
        // Destination port: bytes 2 ..< 4 of the 8 checked above. The UDP length and checksum are not used: each
        // tunnel header is checked against the captured bytes, and the inner IP header has its own length.
        switch load16(offset + 2) {
        case TunnelPort.vxlan, TunnelPort.vxlanLinux:
            return vxlan(at: offset + 8, outer: outer)
        case TunnelPort.geneve:
            return geneve(at: offset + 8, outer: outer)
        case TunnelPort.gtpU:
            return gtpU(at: offset + 8, outer: outer)
        default:
            return nil
        }
    }

    // MARK: - UDP tunnels

    /// A VXLAN header (RFC 7348 section 5): flags (the I flag, 0x08, says the VNI is valid), 3 reserved bytes, the
    /// 24-bit VNI, 1 reserved byte; then an Ethernet frame.
    private func vxlan(at offset: Int, outer: OuterEndpoints) -> DissectedPacket {
        guard bytes.count - offset >= 8 else { return truncated(.vxlan, at: offset, needed: 8) }
        // Bytes offset ..< offset + 8 are inside the check above.
        let flags = bytes[offset]
        guard flags & 0x08 != 0 else { return .malformed(.vxlanInstanceFlagClear(flags: flags), offset: offset) }
        let networkIdentifier = load32(offset + 4) >> 8
        guard let inner = entering(.vxlan, identifier: networkIdentifier, outer: outer) else { return tooDeep }
        return inner.innerEthernet(at: offset + 8)
    }

    /// A Geneve header (RFC 8926 section 3.4): version (2 bits) and options length in 4-byte words (6 bits), the
    /// O and C flags, the protocol type, the 24-bit VNI, a reserved byte, then the options, skipped by their
    /// length; then Ethernet (0x6558) or IP.
    private func geneve(at offset: Int, outer: OuterEndpoints) -> DissectedPacket {
        let available = bytes.count - offset
        guard available >= 8 else { return truncated(.geneve, at: offset, needed: 8) }
        // Bytes offset ..< offset + 8 are inside the check above.
        let first = bytes[offset]
        let version = first >> 6
        guard version == 0 else { return .notTCP(.encapsulationVersion(.geneve, version: version)) }
        let headerLength = 8 + Int(first & 0x3F) * 4
        guard available >= headerLength else { return truncated(.geneve, at: offset, needed: headerLength) }
        let protocolType = load16(offset + 2)
        let networkIdentifier = load32(offset + 4) >> 8
        let payload = offset + headerLength
        switch protocolType {
        case EtherType.transparentEthernet, EtherType.ipv4, EtherType.ipv6:
            break
        default:
            return .notTCP(.encapsulatedProtocol(.geneve, protocolType: protocolType))
        }
        guard let inner = entering(.geneve, identifier: networkIdentifier, outer: outer) else { return tooDeep }
        switch protocolType {
        case EtherType.ipv4:
            return inner.ip(at: payload, expected: .v4)
        case EtherType.ipv6:
            return inner.ip(at: payload, expected: .v6)
        default:
            return inner.innerEthernet(at: payload)
        }
    }

    /// A GTP-U header (3GPP TS 29.281 section 5.1): version (3 bits, 1), protocol type, a spare bit and the E, S
    /// and PN flags; message type; length (of what follows the first 8 bytes); TEID. Any of E, S, PN adds 4
    /// bytes (sequence number, N-PDU number, next extension header type), and with E the extension headers follow,
    /// each a length in 4-byte units, its content and the next type as its last byte (section 5.2). Message type
    /// 255 (G-PDU) carries an IP packet.
    private func gtpU(at offset: Int, outer: OuterEndpoints) -> DissectedPacket {
        let available = bytes.count - offset
        guard available >= 8 else { return truncated(.gtpU, at: offset, needed: 8) }
        // Bytes offset ..< offset + 8 are inside the check above.
        let first = bytes[offset]
        let version = first >> 5
        guard version == 1 else { return .notTCP(.encapsulationVersion(.gtpU, version: version)) }
        let messageType = bytes[offset + 1]
        guard messageType == 255 else {
            return .notTCP(.encapsulatedProtocol(.gtpU, protocolType: UInt16(messageType)))
        }
        let length = Int(load16(offset + 2))
        let endpointIdentifier = load32(offset + 4)
        var position = offset + 8
        if first & 0x07 != 0 {
            guard available >= 12 else { return truncated(.gtpU, at: offset, needed: 12) }
            // The next extension header type, byte 11, is read only with the E flag (section 5.1).
            var nextType = first & 0x04 != 0 ? bytes[offset + 11] : 0
            position = offset + 12
            // Each extension header moves `position` at least 4 bytes forward (length 0 is refused), and the
            // guards stop at the end of the frame: the loop ends.
            while nextType != 0 {
                guard position < bytes.count else {
                    return truncated(.gtpU, at: offset, needed: position - offset + 1)
                }
                let units = Int(bytes[position])
                guard units > 0 else {
                    return .malformed(.encapsulationLengthTooSmall(.gtpU, length: 0, minimum: 1), offset: position)
                }
                let extensionLength = units * 4
                guard bytes.count - position >= extensionLength else {
                    return truncated(.gtpU, at: offset, needed: position - offset + extensionLength)
                }
                // The last byte of the extension header, inside the check above.
                nextType = bytes[position + extensionLength - 1]
                position += extensionLength
            }
        }
        let optionalLength = position - offset - 8
        guard length >= optionalLength else {
            return .malformed(
                .encapsulationLengthTooSmall(.gtpU, length: length, minimum: optionalLength), offset: offset)
        }
        guard let inner = entering(.gtpU, identifier: endpointIdentifier, outer: outer) else { return tooDeep }
        return inner.ip(at: position, expected: nil)
    }

    // MARK: - GRE and ERSPAN

    /// A GRE header (RFC 2784 section 2, RFC 2890 section 2): flags and version, protocol type, then the
    /// checksum and reserved word (C), the key (K) and the sequence number (S), each 4 bytes when its flag is set.
    /// Version 0 only; the payload is IP, Ethernet (0x6558), or ERSPAN type II or III.
    private func gre(at offset: Int, outer: OuterEndpoints) -> DissectedPacket {
        let available = bytes.count - offset
        guard available >= 4 else { return truncated(.gre, at: offset, needed: 4) }
        // Bytes offset ..< offset + 4 are inside the check above.
        let flags = load16(offset)
        let version = UInt8(flags & GREFlag.versionMask)
        if version == GREFlag.pptpVersion { return pptp(at: offset, flags: flags, outer: outer) }
        guard version == 0 else { return .notTCP(.encapsulationVersion(.gre, version: version)) }
        guard flags & GREFlag.routingPresent == 0 else { return .notTCP(.greSourceRouting) }
        let checksumLength = flags & GREFlag.checksumPresent != 0 ? 4 : 0
        let keyLength = flags & GREFlag.keyPresent != 0 ? 4 : 0
        let sequenceLength = flags & GREFlag.sequencePresent != 0 ? 4 : 0
        let headerLength = 4 + checksumLength + keyLength + sequenceLength
        guard available >= headerLength else { return truncated(.gre, at: offset, needed: headerLength) }
        let protocolType = load16(offset + 2)
        switch protocolType {
        case EtherType.ipv4, EtherType.ipv6, EtherType.transparentEthernet,
            EtherType.erspanTypeII, EtherType.erspanTypeIII:
            break
        default:
            return .notTCP(.encapsulatedProtocol(.gre, protocolType: protocolType))
        }
        // The key follows the checksum word, inside the header checked above.
        let key = keyLength != 0 ? load32(offset + 4 + checksumLength) : 0
        guard let inner = entering(.gre, identifier: key, outer: outer) else { return tooDeep }
        let payload = offset + headerLength
        switch protocolType {
        case EtherType.ipv4:
            return inner.ip(at: payload, expected: .v4)
        case EtherType.ipv6:
            return inner.ip(at: payload, expected: .v6)
        case EtherType.transparentEthernet:
            return inner.innerEthernet(at: payload)
        case EtherType.erspanTypeII:
            return inner.erspan(at: payload, kind: .erspanTypeII)
        default:
            return inner.erspan(at: payload, kind: .erspanTypeIII)
        }
    }

    /// PPTP's enhanced GRE header (RFC 2637 section 4.1), whose first 4 bytes the caller checked were captured:
    /// flags and version 1 (the key present; no checksum or routing), protocol type 0x880B, the key's two halves
    /// (the payload length and the call ID), the sequence number when S is set, the acknowledgment number when A
    /// is; then the PPP frame (RFC 1661, with or without the address and control bytes, its protocol field
    /// compressed or not), as link type PPP reads it. A header without payload (an acknowledgment alone) carries
    /// no packet.
    ///
    /// - Parameters:
    ///   - offset: where the GRE header starts.
    ///   - flags: its first 16 bits.
    ///   - outer: the addresses of the IP packet that carries it, folded into the tunnel identity.
    private func pptp(at offset: Int, flags: UInt16, outer: OuterEndpoints) -> DissectedPacket {
        guard flags & GREFlag.keyPresent != 0, flags & (GREFlag.checksumPresent | GREFlag.routingPresent) == 0 else {
            return .notTCP(.encapsulationVersion(.gre, version: GREFlag.pptpVersion))
        }
        // Bytes offset ..< offset + 4 were checked by the caller.
        let protocolType = load16(offset + 2)
        guard protocolType == GREFlag.pptpProtocolType else {
            return .notTCP(.encapsulatedProtocol(.pptp, protocolType: protocolType))
        }
        let headerLength = 8 + (flags & GREFlag.sequencePresent != 0 ? 4 : 0)
            + (flags & GREFlag.acknowledgmentPresent != 0 ? 4 : 0)
        guard bytes.count - offset >= headerLength else { return truncated(.pptp, at: offset, needed: headerLength) }
        // Bytes offset + 4 ..< offset + 8 are inside the check above.
        let payloadLength = load16(offset + 4)
        let call = UInt32(load16(offset + 6))
        guard payloadLength > 0 else { return .notTCP(.encapsulationWithoutPayload(.pptp)) }
        guard let inner = entering(.pptp, identifier: call, outer: outer) else { return tooDeep }
        return inner.ppp(at: offset + headerLength)
    }

    /// An ERSPAN header, then the mirrored Ethernet frame. Type II (8 bytes): version 1 (4 bits), VLAN (12);
    /// CoS (3), encapsulation type (2), truncated (1), session ID (10); reserved (12), index (20). Type III (12
    /// bytes, and 8 more for the platform-specific subheader when the O flag, the last bit, is set): version 2,
    /// VLAN; CoS, BSO, T, session ID; timestamp (32); SGT (16), P, frame type (5), hardware ID (6), D,
    /// granularity (2), O.
    private func erspan(at offset: Int, kind: EncapsulationKind) -> DissectedPacket {
        let available = bytes.count - offset
        let fixedLength = kind == .erspanTypeII ? 8 : 12
        guard available >= fixedLength else { return truncated(kind, at: offset, needed: fixedLength) }
        // Bytes offset ..< offset + fixedLength are inside the check above.
        let version = bytes[offset] >> 4
        guard version == (kind == .erspanTypeII ? 1 : 2) else {
            return .notTCP(.encapsulationVersion(kind, version: version))
        }
        let session = UInt32(load16(offset + 2) & 0x03FF)
        var headerLength = fixedLength
        if kind == .erspanTypeIII && bytes[offset + 11] & 0x01 != 0 {
            headerLength += 8
            guard available >= headerLength else { return truncated(kind, at: offset, needed: headerLength) }
        }
        guard let inner = entering(kind, identifier: session, outer: nil) else { return tooDeep }
        return inner.innerEthernet(at: offset + headerLength)
    }

    // MARK: - From the link layer

    /// An Ethernet frame inside a tunnel, at `offset`: its tags are pushed after the outer frame's.
    private func innerEthernet(at offset: Int) -> DissectedPacket {
        let available = bytes.count - offset
        guard available >= 14 else {
            return .malformed(.truncatedLinkHeader(needed: 14, available: Swift.max(available, 0)), offset: offset)
        }
        // Bytes offset + 12 ..< offset + 14 are inside the check above.
        return etherType(load16(offset + 12), payloadAt: offset + 14, linkStart: offset)
    }

    /// An EtherType other than IP: MPLS and PPPoE sessions are followed, an IEEE 802.3 length is followed to its
    /// LLC header, anything else is the reason there is no TCP segment. Out of line, off the path of plain TCP.
    ///
    /// - Parameters:
    ///   - type: the EtherType after any VLAN tags.
    ///   - offset: where its payload starts, at most `bytes.count`.
    @inline(never)
    func otherEtherType(_ type: UInt16, payloadAt offset: Int) -> DissectedPacket {
        switch type {
        case 0 ... Self.ieee8023MaximumLength:
            return logicalLinkControl(at: offset, ieee8023Length: Int(type))
        case EtherType.mplsUnicast, EtherType.mplsMulticast:
            return mpls(at: offset)
        case EtherType.pppoeSession:
            return pppoeSession(at: offset)
        case EtherType.providerBackbone:
            return providerBackbone(at: offset)
        case EtherType.eTag:
            return portExtenderTag(at: offset)
        case EtherType.vnTag:
            return virtualNetworkTag(at: offset)
        case EtherType.fabricPath:
            return fabricPath(at: offset)
        default:
            return .notTCP(.etherType(type))
        }
    }

    /// An MPLS label stack (RFC 3032 section 2.1): 4-byte entries of label (20 bits), traffic class (3), bottom of
    /// stack (1) and TTL (8), up to the entry with the bottom-of-stack bit. The stack says nothing of its payload;
    /// the dissector follows the convention tcpdump and Wireshark use, by the first nibble after it: 4 is IPv4, 6
    /// is IPv6, 0 is the control word of an Ethernet pseudowire (RFC 4448 section 3: 4 bytes, then the frame);
    /// anything else is not followed. Every label is folded into the tunnel identity; the layer keeps the bottom
    /// one.
    private func mpls(at offset: Int) -> DissectedPacket {
        var position = offset
        var identity = encapsulation
        var bottomLabel: UInt32 = 0
        // Each entry moves `position` 4 bytes forward, and the guard stops at the end of the frame: the loop ends.
        while true {
            guard bytes.count - position >= 4 else {
                return truncated(.mpls, at: offset, needed: position - offset + 4)
            }
            let entry = load32(position)
            position += 4
            if entry & 0x100 != 0 {
                bottomLabel = entry >> 12
                break
            }
            identity = identity.foldingIdentifier(entry >> 12)
        }
        guard position < bytes.count else { return truncated(.mpls, at: offset, needed: position - offset + 1) }
        let nibble = bytes[position] >> 4
        guard nibble == 4 || nibble == 6 || nibble == 0 else {
            return .notTCP(.encapsulatedProtocol(.mpls, protocolType: UInt16(nibble)))
        }
        var folded = self
        folded.encapsulation = identity
        guard let inner = folded.entering(.mpls, identifier: bottomLabel, outer: nil) else { return tooDeep }
        switch nibble {
        case 4:
            return inner.ip(at: position, expected: .v4)
        case 6:
            return inner.ip(at: position, expected: .v6)
        default:
            guard bytes.count - position >= 4 else {
                return truncated(.mpls, at: offset, needed: position - offset + 4)
            }
            return inner.innerEthernet(at: position + 4)
        }
    }

    /// A PPPoE session header (RFC 2516 section 4): version and type (4 bits each, both 1), code (0 in a session),
    /// session ID, length (of the PPP frame); then the PPP protocol field (RFC 1661 section 2), 0x0021 for IPv4
    /// and 0x0057 for IPv6.
    private func pppoeSession(at offset: Int) -> DissectedPacket {
        guard bytes.count - offset >= 8 else { return truncated(.pppoe, at: offset, needed: 8) }
        // Bytes offset ..< offset + 8 are inside the check above.
        let versionAndType = bytes[offset]
        guard versionAndType == 0x11 else {
            return .notTCP(.encapsulationVersion(.pppoe, version: versionAndType))
        }
        let session = UInt32(load16(offset + 2))
        let length = Int(load16(offset + 4))
        guard length >= 2 else {
            return .malformed(.encapsulationLengthTooSmall(.pppoe, length: length, minimum: 2), offset: offset)
        }
        let pppProtocol = load16(offset + 6)
        guard pppProtocol == 0x0021 || pppProtocol == 0x0057 else {
            return .notTCP(.encapsulatedProtocol(.pppoe, protocolType: pppProtocol))
        }
        guard let inner = entering(.pppoe, identifier: session, outer: nil) else { return tooDeep }
        return inner.ip(at: offset + 8, expected: pppProtocol == 0x0021 ? .v4 : .v6)
    }

    /// An IEEE 802.1ah I-TAG (IEEE 802.1Q clause 9.7): priority (3 bits), drop eligible (1), use customer addresses
    /// (1), reserved (3), I-SID (24); then the customer's Ethernet header, its two addresses and its EtherType or
    /// tags, followed as any inner Ethernet frame. The backbone's own tag (0x88A8) before it is a VLAN tag.
    private func providerBackbone(at offset: Int) -> DissectedPacket {
        guard bytes.count - offset >= 4 else { return truncated(.providerBackbone, at: offset, needed: 4) }
        // Bytes offset ..< offset + 4 are inside the check above.
        let serviceIdentifier = load32(offset) & 0x00FF_FFFF
        guard let inner = entering(.providerBackbone, identifier: serviceIdentifier, outer: nil) else {
            return tooDeep
        }
        return inner.innerEthernet(at: offset + 4)
    }

    /// An IEEE 802.1BR E-Tag (IEEE 802.1BR-2012 section 7.6): E-PCP, E-DEI and the ingress E-CID base (16 bits),
    /// reserved, GRP and the E-CID base (16), the ingress E-CID and E-CID extensions (8 each), then the frame's
    /// EtherType, followed as the tagged frame's own (VLAN tags, IP, tunnels).
    private func portExtenderTag(at offset: Int) -> DissectedPacket {
        guard bytes.count - offset >= 8 else { return truncated(.eTag, at: offset, needed: 8) }
        // Bytes offset ..< offset + 8 are inside the check above.
        let channel = UInt32(load16(offset + 2) & 0x0FFF) | UInt32(bytes[offset + 5]) << 12
        guard let inner = entering(.eTag, identifier: channel, outer: nil) else { return tooDeep }
        return inner.etherType(load16(offset + 6), payloadAt: offset + 8, linkStart: offset)
    }

    /// A Cisco VN-Tag: direction, pointer and the destination VIF (16 bits), looped, reserved, version and the
    /// source VIF (16), then the frame's EtherType. The two VIFs are folded lower first, so that both directions
    /// of a flow get one identifier.
    private func virtualNetworkTag(at offset: Int) -> DissectedPacket {
        guard bytes.count - offset >= 6 else { return truncated(.vnTag, at: offset, needed: 6) }
        // Bytes offset ..< offset + 6 are inside the check above.
        let destination = UInt32(load16(offset) & 0x3FFF)
        let source = UInt32(load16(offset + 2) & 0x0FFF)
        let identifier = Swift.min(destination, source) << 14 | Swift.max(destination, source)
        guard let inner = entering(.vnTag, identifier: identifier, outer: nil) else { return tooDeep }
        return inner.etherType(load16(offset + 4), payloadAt: offset + 6, linkStart: offset)
    }

    /// Cisco FabricPath: after the outer switch addresses and EtherType 0x8903, the FTag (10 bits) and TTL (6),
    /// then the classical Ethernet frame (addresses, EtherType, packet).
    private func fabricPath(at offset: Int) -> DissectedPacket {
        guard bytes.count - offset >= 2 else { return truncated(.fabricPath, at: offset, needed: 2) }
        // Bytes offset ..< offset + 2 are inside the check above.
        let forwardingTag = UInt32(load16(offset) >> 6)
        guard let inner = entering(.fabricPath, identifier: forwardingTag, outer: nil) else { return tooDeep }
        return inner.innerEthernet(at: offset + 2)
    }
}
