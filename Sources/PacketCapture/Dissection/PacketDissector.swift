/// Dissects captured frames through the link and network layers down to the TCP segment.
///
/// Link types: Ethernet (1) with any number of 802.1Q, 802.1ad and legacy QinQ (0x8100, 0x88A8, 0x9100) tags, and IEEE
/// 802.3 frames, whose type field is a length (up to 1500), through their IEEE 802.2 LLC header and SNAP header (RFC
/// 1042; organization 00-00-00, or 00-00-F8 of IEEE 802.1H) to the EtherType; raw IP (101, and 12 and 14 as some
/// platforms write it; 228 IPv4 only; 229 IPv6 only); Linux cooked captures SLL (113) and SLL2 (276), protocol 4
/// through LLC and SNAP; BSD loopback (0, a 4-byte address family in either byte order) and OpenBSD LOOP (108,
/// big-endian family); PPP (9; RFC 1661, with or without the 0xFF 0x03 address and control of RFC 1662, and with the
/// protocol field compressed to one byte; IPv4, IPv6 and MPLS), PPP in HDLC-like framing (50; address 0x0F or 0x8F is
/// Cisco HDLC), PPP after a direction byte (204) and pppd's PPP_PPPD (166; direction and control, then the protocol);
/// Cisco HDLC (104; its protocol followed as an EtherType); FDDI (10; a 13-byte header, then LLC and SNAP); Linux NFLOG
/// (239; the packet in the NFULA_PAYLOAD attribute, attribute headers in either byte order); Juniper Ethernet (178; the
/// "MGC" capture header and its extensions, then Ethernet, or IP when the header says the Ethernet header was
/// stripped); IP over InfiniBand (242; 40 bytes not read, then RFC 4391's EtherType and reserved bytes); IEEE 802.11
/// (105; data frames through LLC and SNAP, with a fourth address, QoS and HT controls; management, control, null and
/// encrypted frames are not followed, and an A-MSDU's subframes are read by
/// ``dissectSubframes(_:linkType:originalLength:_:)``), alone or after a radiotap header (127; its Flags field: FCS
/// at the end, padded header, bad FCS) or a PPI header (192; its 802.11-Common field; or Ethernet, loopback, PPP,
/// raw IP or radiotap after it); Apple's PKTAP (258; the same link types after it); the pf log (117; IPv4 and IPv6
/// by the BSD address family).
/// Network layers: IPv4 (RFC 791) with options and fragments, and IPv6 (RFC 8200) through hop-by-hop, routing,
/// fragment, destination options and AH (RFC 4302) headers, with Jumbo Payloads (RFC 2675).
///
/// Tunnels are followed to the inner packet, nested up to `EncapsulationStack.depthLimit` deep: VXLAN (RFC 7348;
/// UDP port 4789 and 8472), Geneve (RFC 8926; UDP 6081), GRE version 0 (RFC 2784, RFC 2890) with IP, transparent
/// Ethernet bridging and ERSPAN types II and III, IP in IP (protocols 4 and 41), MPLS label stacks (RFC 3032;
/// the payload guessed by its first nibble), PPPoE sessions (RFC 2516), GTP-U (3GPP TS 29.281; UDP 2152) and IEEE
/// 802.1ah provider backbone bridging (EtherType 0x88E7; the customer frame after the I-TAG), IEEE 802.1BR E-Tags
/// (0x893F), Cisco VN-Tags (0x8926) and Cisco FabricPath (0x8903).
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
        FrameInput(frame: frame, originalLength: originalLength).link(linkType)
    }

    /// Dissects each subframe of an IEEE 802.11 A-MSDU (a frame ``dissect(_:linkType:originalLength:)`` answers
    /// with `.notTCP(.ieee80211AggregateMSDU)`), in order: each subframe's MSDU is read as a frame's body is, within
    /// its own length (a subframe the snapshot length cut is cut there), so that one frame may hold several TCP
    /// segments, each pointing into `frame` at its own offsets. A subframe whose header or length runs past the
    /// frame is handed over as `.malformed` and ends the walk.
    ///
    /// - Parameters:
    ///   - frame: the captured bytes, starting with the link-layer header.
    ///   - linkType: the link-layer header type of the capture interface (IEEE 802.11, or a radio or capture
    ///     header before it).
    ///   - originalLength: the frame's length on the wire, if known.
    ///   - body: called with each subframe's index (from 0) and packet, in the order they come.
    /// - Returns: the number of subframes handed over; 0 when the frame is no A-MSDU.
    /// - Throws: what `body` throws, which ends the walk.
    @discardableResult
    public static func dissectSubframes<Failure: Error>(
        _ frame: UnsafeRawBufferPointer, linkType: LinkType, originalLength: Int? = nil,
        _ body: (Int, DissectedPacket) throws(Failure) -> Void
    ) throws(Failure) -> Int {
        var input = FrameInput(frame: frame, originalLength: originalLength)
        // Only a frame that plain dissection finds to be an A-MSDU: each reading below then takes the same path to
        // its subframes.
        guard case .notTCP(.ieee80211AggregateMSDU) = input.link(linkType) else { return 0 }
        var index = 0
        // Each subframe takes at least 14 bytes of the frame, and the walk ends where a subframe cannot be read:
        // the loop ends.
        while true {
            input.aggregateSubframe = index
            let result = input.link(linkType)
            if case .notTCP(.ieee80211AggregateMSDU) = result { return index }
            try body(index, result)
            index += 1
            if case .malformed = result { return index }
        }
    }

    /// Finds the IP fragment a frame holds, for callers that reassemble: the fields an ``IPFragmentReassembler``
    /// needs (RFC 791 section 3.2, RFC 8200 section 4.5).
    ///
    /// ``dissect(_:linkType:originalLength:)`` keeps returning what it always has for fragments (a first fragment's
    /// beginning of a segment, `.notTCP(.nonFirstFragment)` for the others); call this for those frames only, so
    /// that unfragmented traffic pays nothing. Only fragments of datagrams that carry TCP are returned: an IPv4
    /// protocol of 6, or an IPv6 Fragment header followed by TCP or an extension header.
    ///
    /// - Parameters:
    ///   - frame: the captured bytes, starting with the link-layer header.
    ///   - linkType: the link-layer header type of the capture interface.
    ///   - originalLength: the frame's length on the wire, if known.
    /// - Returns: the fragment, whose payload points into `frame` and is valid as long as it is; `nil` when the
    ///   frame holds no fragment of a TCP datagram.
    public static func fragment(
        in frame: UnsafeRawBufferPointer,
        linkType: LinkType,
        originalLength: Int? = nil
    ) -> IPFragment? {
        var found: IPFragment?
        withUnsafeMutablePointer(to: &found) { output in
            var input = FrameInput(frame: frame, originalLength: originalLength)
            // The pointer is used only during this call, inside the closure that holds `found`.
            input.fragmentOutput = output
            _ = input.link(linkType)
        }
        return found
    }

    /// Dissects the payload of a reassembled datagram for its TCP segment (see
    /// ``ReassembledIPDatagram/withDissectedPacket(_:)``): IPv6 Destination Options headers after the Fragment
    /// header are skipped (RFC 8200 section 4.1); the segment is the whole rest, its declared length the whole TCP
    /// length, so the checksum is taken over the whole segment with the pseudo-header `pseudoHeaderAddressing`
    /// names.
    ///
    /// - Parameters:
    ///   - payload: the reassembled bytes after the IP header (after the IPv6 Fragment header).
    ///   - ipVersion: the IP version.
    ///   - source: the IP header's source address.
    ///   - destination: the IP header's destination address.
    ///   - protocolNumber: the IPv4 protocol or the Fragment header's Next Header.
    ///   - pseudoHeaderAddressing: where the pseudo-header's addresses come from.
    ///   - vlanTags: the frames' VLAN tags.
    ///   - encapsulation: the tunnels the fragments came through.
    /// - Returns: `.tcp` with a segment pointing into `payload`, `.notTCP(.ipProtocol)`, or `.malformed` for a
    ///   destination options header that runs past the payload.
    public static func dissect(
        reassembledPayload payload: UnsafeRawBufferPointer, ipVersion: IPVersion, source: IPAddress,
        destination: IPAddress, protocolNumber: UInt8, pseudoHeaderAddressing: PseudoHeaderAddressing = .ipHeader,
        vlanTags: VLANTagStack = .none, encapsulation: EncapsulationStack = .none
    ) -> DissectedPacket {
        let limit = Int(UInt32.max)
        let bytes = payload.count <= limit ? payload : UnsafeRawBufferPointer(rebasing: payload[0 ..< limit])
        var next = protocolNumber
        var position = 0
        // Each header moves `position` at least 8 bytes forward and the guards stop at the end: the loop ends.
        while ipVersion == .v6 && next == 60 {
            let remaining = bytes.count - position
            guard remaining >= 8 else {
                return .malformed(.truncatedIPHeader(needed: 8, available: remaining), offset: position)
            }
            let length = (Int(bytes[position + 1]) + 1) * 8
            guard remaining >= length else {
                return .malformed(.truncatedIPHeader(needed: length, available: remaining), offset: position)
            }
            next = bytes[position]
            position += length
        }
        guard next == 6 else {
            return .notTCP(.ipProtocol(version: ipVersion, protocolNumber: next))
        }
        // position <= bytes.count <= UInt32.max (guards above).
        var segment = CapturedTCPSegment(
            ipVersion: ipVersion, source: source, destination: destination, ipHeaderOffset: 0, tcpOffset: position,
            bytes: UnsafeRawBufferPointer(rebasing: bytes[position...]), declaredLength: bytes.count - position,
            lengthSource: .ipHeader, isFirstFragment: false, pseudoHeaderAddressing: pseudoHeaderAddressing)
        segment.vlanTags = vlanTags
        segment.encapsulation = encapsulation
        return .tcp(segment)
    }
}
