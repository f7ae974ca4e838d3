import PacketCapture

/// Sentences for frames that carry no TCP header to print: broken link or IP headers, non-first fragments.
public enum FrameNoteText {
    /// What is wrong with a link or IP header, as a sentence.
    ///
    /// - Parameter reason: the dissector's finding.
    /// - Returns: the text.
    public static func describe(_ reason: MalformedReason) -> String {
        switch reason {
        case .truncatedLinkHeader(let needed, let available):
            return "link-layer header cut short: needed \(needed) bytes, \(available) captured"
        case .truncatedIPHeader(let needed, let available):
            return "IP header cut short: needed \(needed) bytes, \(available) captured"
        case .badIPVersion(let version):
            return "IP version \(version) does not match the link layer"
        case .ipv4HeaderLengthTooSmall(let words):
            return "IPv4 header length \(words) words, less than 5"
        case .ipv4TotalLengthTooSmall(let totalLength, let headerLength):
            return "IPv4 total length \(totalLength) is less than the header length \(headerLength)"
        case .hopByHopOptionOverrun(let optionType):
            return "IPv6 hop-by-hop option 0x\(String(optionType, radix: 16)) runs past its header"
        case .invalidJumboPayload(let length, let value):
            return "IPv6 jumbo payload option of length \(length) with value \(value)"
        case .jumboPayloadWithPayloadLength(let payloadLength):
            return "IPv6 jumbo payload option with a payload length of \(payloadLength)"
        case .extensionHeadersExceedPayload(let extensionLength, let payloadLength):
            return "IPv6 extension headers of \(extensionLength) bytes exceed the payload length \(payloadLength)"
        case .truncatedEncapsulation(let kind, let needed, let available):
            return "\(kind) header cut short: needed \(needed) bytes, \(available) captured"
        case .vxlanInstanceFlagClear(let flags):
            return "VXLAN header without the I flag (flags 0x\(hex(flags, digits: 2)))"
        case .encapsulationLengthTooSmall(let kind, let length, let minimum):
            return "\(kind) length \(length) is less than \(minimum)"
        case .hdlcAddressControl(let address, let control):
            return "HDLC address 0x\(hex(address, digits: 2)) and control 0x\(hex(control, digits: 2)) are not PPP's "
                + "or Cisco's"
        case .invalidPPPProtocol(let value):
            return "PPP protocol 0x\(hex(value, digits: 4)) ends in an even byte"
        case .nflogAttributeLengthTooSmall(let length):
            return "NFLOG attribute length \(length) is less than 4"
        case .truncatedLogicalLinkControl(let needed, let available):
            return "IEEE 802.2 LLC header cut short: needed \(needed) bytes, \(available) captured"
        case .ieee8023LengthTooSmall(let length, let minimum):
            return "IEEE 802.3 length \(length) is less than its \(minimum)-byte LLC header"
        case .juniperMagicNumber(let value):
            return "Juniper capture header starts with 0x\(hex(value, digits: 6)), not \"MGC\""
        case .ieee80211Version(let version):
            return "IEEE 802.11 protocol version \(version)"
        case .ieee80211MeshAddressExtension(let mode):
            return "IEEE 802.11 mesh control with address extension mode \(mode) (reserved)"
        case .ieee80211SubframeLength(let length, let available):
            return "IEEE 802.11 A-MSDU subframe of \(length) bytes with \(available) left in the frame"
        case .captureHeaderVersion(let linkType, let version):
            return "\(linkType) header version \(version)"
        case .captureHeaderLengthTooSmall(let linkType, let length, let minimum):
            return "\(linkType) header length \(length) is less than \(minimum)"
        }
    }

    /// What a frame without a TCP segment holds, in words: `EtherType 0x0806 (ARP)`, `IPv4 protocol 17 (UDP)`,
    /// `link type 147`, `loopback address family 7`, `IPv6 fragment after the first`.
    ///
    /// - Parameter reason: the dissector's reason.
    /// - Returns: the text.
    public static func describe(_ reason: NotTCPReason) -> String {
        switch reason {
        case .unsupportedLinkType(let linkType):
            return "link type \(linkType.rawValue)"
        case .etherType(let value):
            if value <= 1500 { return "IEEE 802.3 frame (length field \(value))" }
            if value < 0x0600 { return "type field \(value), neither an IEEE 802.3 length nor an EtherType" }
            let digits = String(value, radix: 16)
            let name = etherTypeNames[value].map { " (\($0))" } ?? ""
            return "EtherType 0x\(String(repeating: "0", count: Swift.max(0, 4 - digits.count)))\(digits)\(name)"
        case .addressFamily(let family):
            return "loopback address family \(family)"
        case .ipProtocol(let version, let protocolNumber):
            let name = ipProtocolNames[protocolNumber].map { " (\($0))" } ?? ""
            return "\(version) protocol \(protocolNumber)\(name)"
        case .nonFirstFragment(let version, _):
            return "\(version) fragment after the first"
        case .encapsulationTooDeep(let depth):
            return "tunnel inside \(depth) others, more than are followed"
        case .encapsulationVersion(let kind, let version):
            switch kind {
            case .gre where version == 1: return "GRE version 1 other than PPTP's"
            case .pppoe: return "PPPoE version and type 0x\(hex(version, digits: 2))"
            default: return "\(kind) version \(version)"
            }
        case .encapsulatedProtocol(let kind, let protocolType):
            switch kind {
            case .mpls: return "MPLS payload starting with nibble \(protocolType)"
            case .gtpU: return "GTP-U message type \(protocolType)"
            case .pppoe: return "PPPoE PPP protocol 0x\(hex(protocolType, digits: 4))"
            default: return "\(kind) protocol type 0x\(hex(protocolType, digits: 4))"
            }
        case .greSourceRouting:
            return "GRE with source routing (RFC 1701)"
        case .encapsulationWithoutPayload(let kind):
            return "\(kind) header without payload"
        case .pppProtocol(let value):
            let name = pppProtocolNames[value].map { " (\($0))" } ?? ""
            return "PPP protocol 0x\(hex(value, digits: 4))\(name)"
        case .nflogAddressFamily(let family):
            return "NFLOG address family \(family)"
        case .nflogVersion(let version):
            return "NFLOG version \(version)"
        case .nflogWithoutPayload:
            return "NFLOG record without packet bytes"
        case .logicalLinkControl(let destination, let source, let control):
            let name = serviceAccessPointNames[destination].map { " (\($0))" } ?? ""
            return "IEEE 802.2 LLC frame, DSAP 0x\(hex(destination, digits: 2))\(name), "
                + "SSAP 0x\(hex(source, digits: 2)), control 0x\(hex(control, digits: 2))"
        case .fddiFrameControl(let frameControl):
            return "FDDI frame control 0x\(hex(frameControl, digits: 2)), not an LLC frame"
        case .juniperNonIPPayload(let firstByte):
            return "Juniper frame without a link header, first byte 0x\(hex(firstByte, digits: 2)) (not IP)"
        case .ieee80211Frame(let type, let subtype):
            let kind = ["management", "control", "data", "extension"][Int(type & 3)]
            let name = type == 2 ? " without data" : ""
            return "IEEE 802.11 \(kind) frame\(name), subtype \(subtype)"
        case .ieee80211Protected:
            return "IEEE 802.11 protected (encrypted) data frame"
        case .ieee80211AggregateMSDU:
            return "IEEE 802.11 aggregate MSDU (A-MSDU) with no subframe"
        case .ieee80211ReceiveError:
            return "IEEE 802.11 frame received with a bad frame check sequence or PHY error (corrupt)"
        case .ieee80211SubOneGigahertzFrame:
            return "IEEE 802.11 S1G frame (protocol version 1)"
        case .ieee80211Fragment:
            return "IEEE 802.11 fragment of an MSDU"
        case .ieee80211Retransmission:
            return "IEEE 802.11 retransmission (a copy its receiver keeps once)"
        case .pktapRecordType(let type):
            return "PKTAP record type \(type), not a packet"
        case .snapProtocol(let organization, let protocolIdentifier):
            let code = [16, 8, 0].map { hex((organization >> $0) & 0xFF, digits: 2) }.joined(separator: "-")
            let name = organization == 0x00_000C && protocolIdentifier == 0x2000 ? " (CDP)" : ""
            return "SNAP organization \(code) protocol 0x\(hex(protocolIdentifier, digits: 4))\(name)"
        }
    }

    /// `value` in lowercase hexadecimal, zero-padded to `digits`.
    static func hex<Value: BinaryInteger>(_ value: Value, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: Swift.max(0, digits - text.count)) + text
    }

    /// Names of the EtherTypes most often met besides IP (IEEE's registry).
    static let etherTypeNames: [UInt16: String] = [
        0x0806: "ARP", 0x8035: "RARP", 0x809B: "AppleTalk", 0x8100: "VLAN", 0x8137: "IPX", 0x8847: "MPLS",
        0x8848: "MPLS multicast", 0x8863: "PPPoE discovery", 0x8864: "PPPoE session", 0x888E: "EAPOL",
        0x88A8: "QinQ", 0x88CC: "LLDP", 0x88E5: "MACsec", 0x88F7: "PTP", 0x8906: "FCoE", 0x893F: "802.1BR E-Tag",
        0x8926: "VN-Tag", 0x88E7: "802.1ah PBB", 0x8902: "CFM",
    ]

    /// Names of the IEEE 802.2 service access points most often met (IEEE's registry).
    static let serviceAccessPointNames: [UInt8: String] = [
        0x06: "IP", 0x42: "spanning tree", 0x98: "ARP", 0xAA: "SNAP", 0xE0: "IPX", 0xF0: "NetBIOS",
        0xFE: "ISO network layer", 0xFF: "global",
    ]

    /// Names of the PPP protocols most often met besides IP (IANA's PPP DLL protocol numbers).
    static let pppProtocolNames: [UInt16: String] = [
        0x0281: "MPLS", 0x8021: "IPCP", 0x8057: "IPv6CP", 0x80FD: "CCP", 0xC021: "LCP", 0xC023: "PAP",
        0xC223: "CHAP", 0x00FD: "compressed datagram",
    ]

    /// Names of the IP protocol numbers most often met besides TCP (IANA's registry).
    static let ipProtocolNames: [UInt8: String] = [
        0: "hop-by-hop", 1: "ICMP", 2: "IGMP", 4: "IPv4 in IP", 17: "UDP", 41: "IPv6 in IP", 43: "routing",
        44: "fragment", 47: "GRE", 50: "ESP", 51: "AH", 58: "ICMPv6", 59: "no next header", 60: "destination options",
        88: "EIGRP", 89: "OSPF", 103: "PIM", 112: "VRRP", 132: "SCTP", 136: "UDP-Lite", 137: "MPLS in IP",
    ]

    /// Writes the line of a frame that has a note: frame number, time, and the note.
    ///
    /// - Parameters:
    ///   - record: the frame.
    ///   - note: the text.
    ///   - out: where the line goes (without its newline).
    public static func write(_ record: CaptureRecord, note: String, to out: OutputBuffer) {
        out.appendDecimal(record.frameNumber, spacePaddedTo: 5)
        out.append("  ")
        out.appendTimestamp(record.timestamp, problem: record.timestampProblem)
        out.append(UInt8(ascii: " "))
        out.append(string: note)
    }
}
