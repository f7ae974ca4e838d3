/// The frame being dissected: its captured bytes and its length on the wire.
struct FrameInput {
    let bytes: UnsafeRawBufferPointer
    /// The frame's length on the wire, at least `bytes.count`.
    let wireLength: Int
    /// The VLAN tags read so far: the outer frame's, then those of each inner Ethernet header (the stack keeps
    /// pushing, so outer tags come first and its capacity keeps the outermost four).
    var vlanTags = VLANTagStack.none
    /// The tunnels followed so far, outermost first, with the identity of the tunnel path.
    // Written out rather than `.none`, a global whose lazy initialization would be checked on every frame.
    var encapsulation = EncapsulationStack(identifiers: 0, kindsAndCount: 0, tunnelIdentity: 0)
    /// Where a fragment of a TCP datagram is written when the caller asks for fragments
    /// (`PacketDissector.fragment(in:linkType:originalLength:)`); `nil` for plain dissection. It points to a local
    /// of that function, which outlives the dissection.
    var fragmentOutput: UnsafeMutablePointer<IPFragment?>?
    /// Which subframe of an IEEE 802.11 A-MSDU to read (`PacketDissector.dissectSubframes`), counting from 0;
    /// -1 for plain dissection, which reads no A-MSDU (`NotTCPReason.ieee80211AggregateMSDU`).
    var aggregateSubframe = -1

    /// The frame's first `end` bytes, `wireLength` long on the wire, with what was read of it so far (VLAN tags,
    /// tunnels, where fragments go): for a link layer whose trailer or padding is not the packet's. The caller has
    /// checked `0 <= end <= bytes.count` and `wireLength >= end`.
    func prefix(_ end: Int, wireLength: Int) -> FrameInput {
        var part = FrameInput(bytes: UnsafeRawBufferPointer(rebasing: bytes[0 ..< end]), wireLength: wireLength)
        part.vlanTags = vlanTags
        part.encapsulation = encapsulation
        part.fragmentOutput = fragmentOutput
        part.aggregateSubframe = aggregateSubframe
        return part
    }

    /// Reads a big-endian 16-bit field; the caller has checked `offset + 2 <= bytes.count`.
    @inline(__always)
    func load16(_ offset: Int) -> UInt16 {
        CaptureByteOrder.bigEndian.load16(bytes, offset)
    }

    /// Reads a big-endian 32-bit field; the caller has checked `offset + 4 <= bytes.count`.
    @inline(__always)
    func load32(_ offset: Int) -> UInt32 {
        CaptureByteOrder.bigEndian.load32(bytes, offset)
    }

    /// Reads a big-endian 64-bit field; the caller has checked `offset + 8 <= bytes.count`.
    @inline(__always)
    func load64(_ offset: Int) -> UInt64 {
        CaptureByteOrder.bigEndian.load64(bytes, offset)
    }

    /// Reads an IPv6 address; the caller has checked `offset + 16 <= bytes.count`.
    @inline(__always)
    func ipv6Address(_ offset: Int) -> IPAddress {
        IPAddress(ipv6High: load64(offset), low: load64(offset + 8))
    }

    // MARK: - Link layers

    /// Dissects the frame from its link-layer header of type `linkType`.
    ///
    /// Inlined into both entry points: as a call of its own it cost plain traffic about 40 instructions a frame.
    @inline(__always)
    func link(_ linkType: LinkType) -> DissectedPacket {
        switch linkType {
        case .ethernet:
            return ethernet()
        case .null:
            return loopback(bigEndianOnly: false)
        case .loop:
            return loopback(bigEndianOnly: true)
        case .raw, .rawAlternate12, .rawAlternate14:
            return ip(at: 0, expected: nil)
        case .ipv4:
            return ip(at: 0, expected: .v4)
        case .ipv6:
            return ip(at: 0, expected: .v6)
        case .linuxSLL:
            return linuxCooked(headerLength: 16, protocolOffset: 14)
        case .linuxSLL2:
            return linuxCooked(headerLength: 20, protocolOffset: 0)
        case .ppp:
            return ppp(at: 0)
        case .pppWithDirection:
            return ppp(at: 1)
        case .pppHDLC:
            return pppInHDLCFraming()
        case .pppPPPD:
            return pppAfterDirectionAndControl()
        case .ciscoHDLC:
            return ciscoHDLC()
        case .nflog:
            return nflog()
        case .fddi:
            return fddi()
        case .juniperEthernet:
            return juniperEthernet()
        case .ipOverInfiniBand:
            return ipOverInfiniBand()
        case .ieee80211:
            return ieee80211(at: 0)
        case .radiotap:
            return radiotap()
        case .perPacketInformation:
            return perPacketInformation()
        case .pktap:
            return pktap()
        case .pflog:
            return pflog()
        default:
            return .notTCP(.unsupportedLinkType(linkType))
        }
    }

    /// Hands a fragment of a TCP datagram to the caller who asked for fragments; does nothing otherwise.
    ///
    /// The caller has checked `payloadOffset <= bytes.count` and `declaredLength >= 0`.
    func emitFragment(
        version: IPVersion, source: IPAddress, destination: IPAddress, protocolNumber: UInt8, identification: UInt32,
        fragmentOffset: Int, moreFragments: Bool, payloadOffset: Int, declaredLength: Int,
        pseudoHeaderAddressing: PseudoHeaderAddressing
    ) {
        guard let fragmentOutput else { return }
        let capturedLength = Swift.min(bytes.count - payloadOffset, declaredLength)
        fragmentOutput.pointee = IPFragment(
            ipVersion: version, source: source, destination: destination, protocolNumber: protocolNumber,
            identification: identification, offset: fragmentOffset, moreFragments: moreFragments,
            payload: UnsafeRawBufferPointer(rebasing: bytes[payloadOffset ..< (payloadOffset + capturedLength)]),
            declaredLength: declaredLength, vlanTags: vlanTags, encapsulation: encapsulation,
            pseudoHeaderAddressing: pseudoHeaderAddressing)
    }

    /// An Ethernet II header at `offset` (0 for link type ETHERNET; after a Juniper, PPI or PKTAP header otherwise):
    /// two addresses and the EtherType.
    func ethernet(at offset: Int = 0) -> DissectedPacket {
        guard bytes.count - offset >= 14 else {
            return .malformed(.truncatedLinkHeader(needed: offset + 14, available: bytes.count), offset: 0)
        }
        // Bytes offset + 12 ..< offset + 14 are inside the 14 checked above.
        return etherType(load16(offset + 12), payloadAt: offset + 14)
    }

    func linuxCooked(headerLength: Int, protocolOffset: Int) -> DissectedPacket {
        guard bytes.count >= headerLength else {
            return .malformed(.truncatedLinkHeader(needed: headerLength, available: bytes.count), offset: 0)
        }
        // protocolOffset + 2 <= headerLength for both SLL (14, 16) and SLL2 (0, 20).
        let protocolType = load16(protocolOffset)
        // Below 0x0600 the field is a Linux protocol number (802.2 LLC, Novell 802.3 ...), not a length.
        guard protocolType > Self.ieee8023MaximumLength else {
            return linuxCookedNonEtherType(protocolType, payloadAt: headerLength)
        }
        return etherType(protocolType, payloadAt: headerLength)
    }

    /// Follows VLAN tags, then hands the payload to IPv4 or IPv6 by EtherType, or to MPLS, PPPoE, or the LLC header
    /// after an IEEE 802.3 length.
    ///
    /// - Parameters:
    ///   - first: the EtherType (or tag protocol identifier) at `start - 2`.
    ///   - start: the offset just past it.
    ///   - linkStart: where the Ethernet header starts (0 but inside a tunnel): a cut tag is reported from there.
    func etherType(_ first: UInt16, payloadAt start: Int, linkStart: Int = 0) -> DissectedPacket {
        var type = first
        var position = start
        var tagged = self
        // Each tag moves 4 bytes forward, and the guard stops at the end of the frame: the loop ends.
        while type == EtherType.vlan || type == EtherType.serviceVLAN || type == EtherType.legacyQinQ {
            guard bytes.count - position >= 4 else {
                return .malformed(
                    .truncatedLinkHeader(needed: position + 4 - linkStart, available: bytes.count - linkStart),
                    offset: linkStart)
            }
            // The tag control information: priority (3 bits), drop eligible (1), VLAN ID (12).
            // VLAN ID 0 is a priority tag (IEEE 802.1Q): no VLAN, so it does not separate flows.
            let identifier = load16(position) & 0x0FFF
            if identifier != 0 { tagged.vlanTags = tagged.vlanTags.pushing(identifier) }
            type = load16(position + 2)
            position += 4
        }
        switch type {
        case EtherType.ipv4:
            return tagged.ip(at: position, expected: .v4)
        case EtherType.ipv6:
            return tagged.ip(at: position, expected: .v6)
        default:
            return tagged.otherEtherType(type, payloadAt: position)
        }
    }

    /// A BSD loopback header (link types NULL and LOOP, and a PKTAP record of either) at `offset`: a 4-byte address
    /// family, then the packet.
    func loopback(bigEndianOnly: Bool, at offset: Int = 0) -> DissectedPacket {
        guard bytes.count - offset >= 4 else {
            return .malformed(.truncatedLinkHeader(needed: offset + 4, available: bytes.count), offset: 0)
        }
        var family = load32(offset)
        // DLT_NULL stores the family in the writer's byte order; families are small numbers, so a value with
        // its upper 16 bits set was written in the other order.
        if !bigEndianOnly && family & 0xFFFF_0000 != 0 {
            family = family.byteSwapped
        }
        guard let version = Self.ipVersion(ofAddressFamily: family) else { return .notTCP(.addressFamily(family)) }
        return ip(at: offset + 4, expected: version)
    }

    /// The IP version of a BSD address family, as loopback and pflog headers carry it: AF_INET is 2 everywhere;
    /// AF_INET6 is 24 on OpenBSD and NetBSD, 28 on FreeBSD and DragonFly, 30 on macOS. `nil` for any other.
    static func ipVersion(ofAddressFamily family: UInt32) -> IPVersion? {
        switch family {
        case 2: return .v4
        case 24, 28, 30: return .v6
        default: return nil
        }
    }

    // MARK: - Network layer

    /// Dissects the IP header at `offset`; `expected` is the version the link layer announced, if any.
    func ip(at offset: Int, expected: IPVersion?) -> DissectedPacket {
        guard offset < bytes.count else {
            let needed = expected == .v6 ? 40 : 20
            return .malformed(.truncatedIPHeader(needed: needed, available: 0), offset: offset)
        }
        let version = bytes[offset] >> 4
        if let expected, version != expected.rawValue {
            return .malformed(.badIPVersion(version), offset: offset)
        }
        switch version {
        case 4:
            return ipv4(at: offset)
        case 6:
            return ipv6(at: offset)
        default:
            return .malformed(.badIPVersion(version), offset: offset)
        }
    }

    /// The TCP segment that starts at `tcpOffset`: the captured bytes from there, cut to `declaredLength` so that
    /// link-layer padding is left out.
    ///
    /// The caller has checked `tcpOffset <= bytes.count` and `declaredLength >= 0`.
    func tcpSegment(
        version: IPVersion, source: IPAddress, destination: IPAddress, ipHeaderOffset: Int, tcpOffset: Int,
        declaredLength: Int, lengthSource: CapturedTCPSegment.LengthSource, isFirstFragment: Bool,
        pseudoHeaderAddressing: PackedPseudoHeaderAddressing
    ) -> DissectedPacket {
        let capturedLength = Swift.min(bytes.count - tcpOffset, declaredLength)
        var segment = CapturedTCPSegment(
            ipVersion: version,
            source: source,
            destination: destination,
            ipHeaderOffset: ipHeaderOffset,
            tcpOffset: tcpOffset,
            bytes: UnsafeRawBufferPointer(rebasing: bytes[tcpOffset..<(tcpOffset + capturedLength)]),
            declaredLength: declaredLength,
            lengthSource: lengthSource,
            isFirstFragment: isFirstFragment,
            packedPseudoHeaderAddressing: pseudoHeaderAddressing
        )
        segment.vlanTags = vlanTags
        if !encapsulation.isEmpty {
            segment.encapsulation = encapsulation
        }
        return .tcp(segment)
    }
}

extension FrameInput {
    /// A captured frame as dissection reads it. A segment keeps its offsets and lengths in 32 bits: bytes past
    /// 2^32 - 1 are not read, and a longer wire length is taken as 2^32 - 1 (still at least the bytes read).
    ///
    /// - Parameters:
    ///   - frame: the captured bytes, starting with the link-layer header.
    ///   - originalLength: the frame's length on the wire, if known (the captured length otherwise).
    @inline(__always)
    init(frame: UnsafeRawBufferPointer, originalLength: Int?) {
        let limit = Int(UInt32.max)
        let bytes = frame.count <= limit ? frame : UnsafeRawBufferPointer(rebasing: frame[0 ..< limit])
        self.init(bytes: bytes, wireLength: Swift.min(Swift.max(bytes.count, originalLength ?? 0), limit))
    }
}
