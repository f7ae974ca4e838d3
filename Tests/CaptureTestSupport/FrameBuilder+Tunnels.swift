/// Builders for tunnel and encapsulation headers, big-endian as on the wire; checksums are left zero.
extension FrameBuilder {
    /// A UDP header (RFC 768), then `payload`.
    ///
    /// - Parameters:
    ///   - sourcePort: the source port.
    ///   - destinationPort: the destination port (4789 VXLAN, 6081 Geneve, 2152 GTP-U).
    ///   - payload: the bytes after the header.
    /// - Returns: the datagram.
    public static func udp(sourcePort: UInt16 = 49_152, destinationPort: UInt16, payload: [UInt8]) -> [UInt8] {
        be16(sourcePort) + be16(destinationPort)
            + be16(UInt16(8 + payload.count))  // length, header included
            + be16(0)  // checksum: none
            + payload
    }

    /// A VXLAN header (RFC 7348 section 5), then the inner Ethernet frame.
    ///
    /// - Parameters:
    ///   - flags: the flags byte (0x08 is the I flag, required).
    ///   - networkIdentifier: the 24-bit VNI.
    ///   - payload: the inner frame.
    /// - Returns: the header and frame.
    public static func vxlan(flags: UInt8 = 0x08, networkIdentifier: UInt32, payload: [UInt8]) -> [UInt8] {
        [flags, 0, 0, 0]  // flags, reserved
            + Array(be32(networkIdentifier << 8))  // VNI (24 bits), reserved byte
            + payload
    }

    /// A Geneve header (RFC 8926 section 3.4), then the payload.
    ///
    /// - Parameters:
    ///   - version: the 2-bit version (0 is the only one).
    ///   - options: the options, a multiple of 4 bytes (a precondition), at most 252.
    ///   - protocolType: 0x6558 Ethernet, 0x0800 IPv4, 0x86DD IPv6.
    ///   - networkIdentifier: the 24-bit VNI.
    ///   - payload: the inner frame or packet.
    /// - Returns: the header and payload.
    public static func geneve(version: UInt8 = 0, options: [UInt8] = [], protocolType: UInt16 = 0x6558,
                              networkIdentifier: UInt32, payload: [UInt8]) -> [UInt8] {
        precondition(options.count % 4 == 0 && options.count <= 252)
        return [version << 6 | UInt8(options.count / 4)]  // version, options length in 4-byte words
            + [options.isEmpty ? 0 : 0x40]  // O flag clear; C flag when there are options; reserved
            + be16(protocolType)  // protocol type
            + be32(networkIdentifier << 8)  // VNI (24 bits), reserved byte
            + options + payload
    }

    /// A GRE header (RFC 2784 section 2, RFC 2890 section 2), then the payload.
    ///
    /// - Parameters:
    ///   - version: the 3-bit version (0; 1 is PPTP's).
    ///   - routing: sets RFC 1701's Routing Present bit.
    ///   - protocolType: the payload's EtherType (0x0800, 0x86DD, 0x6558, 0x88BE, 0x22EB ...).
    ///   - checksum: the checksum field, present when not `nil` (C bit).
    ///   - key: the key, present when not `nil` (K bit).
    ///   - sequence: the sequence number, present when not `nil` (S bit).
    ///   - payload: what the GRE header carries.
    /// - Returns: the header and payload.
    public static func gre(version: UInt8 = 0, routing: Bool = false, protocolType: UInt16, checksum: UInt16? = nil,
                           key: UInt32? = nil, sequence: UInt32? = nil, payload: [UInt8]) -> [UInt8] {
        var flags = UInt16(version & 7)
        if checksum != nil { flags |= 0x8000 }  // C
        if routing { flags |= 0x4000 }  // R
        if key != nil { flags |= 0x2000 }  // K
        if sequence != nil { flags |= 0x1000 }  // S
        var header = be16(flags) + be16(protocolType)  // flags and version, protocol type
        if let checksum { header += be16(checksum) + be16(0) }  // checksum, reserved
        if let key { header += be32(key) }  // key
        if let sequence { header += be32(sequence) }  // sequence number
        return header + payload
    }

    /// An ERSPAN type II header (8 bytes), then the mirrored Ethernet frame.
    ///
    /// - Parameters:
    ///   - version: the 4-bit version (1 for type II).
    ///   - session: the 10-bit session ID.
    ///   - payload: the mirrored frame.
    /// - Returns: the header and frame.
    public static func erspanTypeII(version: UInt8 = 1, session: UInt16, payload: [UInt8]) -> [UInt8] {
        be16(UInt16(version) << 12 | 0)  // version, VLAN 0
            + be16(session & 0x03FF)  // CoS, encapsulation type, truncated: 0; session ID
            + be32(7)  // reserved, index 7
            + payload
    }

    /// An ERSPAN type III header (12 bytes, 20 with the platform-specific subheader), then the mirrored frame.
    ///
    /// - Parameters:
    ///   - session: the 10-bit session ID.
    ///   - platformSubheader: sets the O flag and adds the 8-byte subheader.
    ///   - payload: the mirrored frame.
    /// - Returns: the header and frame.
    public static func erspanTypeIII(session: UInt16, platformSubheader: Bool, payload: [UInt8]) -> [UInt8] {
        be16(2 << 12)  // version 2, VLAN 0
            + be16(session & 0x03FF)  // CoS, BSO, T: 0; session ID
            + be32(0x0102_0304)  // timestamp
            + be16(0)  // security group tag
            + [0, platformSubheader ? 1 : 0]  // P, frame type, hardware ID, D, granularity; O flag last
            + (platformSubheader ? [UInt8](repeating: 0xEE, count: 8) : [])  // platform-specific subheader
            + payload
    }

    /// An MPLS label stack (RFC 3032 section 2.1), the last entry marked bottom of stack, then the payload.
    ///
    /// - Parameters:
    ///   - labels: the 20-bit labels, outermost first; at least one (a precondition).
    ///   - payload: what the stack carries.
    /// - Returns: the stack and payload.
    public static func mpls(labels: [UInt32], payload: [UInt8]) -> [UInt8] {
        precondition(!labels.isEmpty)
        var stack: [UInt8] = []
        for (index, label) in labels.enumerated() {
            let bottom: UInt32 = index == labels.count - 1 ? 0x100 : 0
            stack += be32(label << 12 | bottom | 64)  // label, traffic class 0, bottom of stack, TTL 64
        }
        return stack + payload
    }

    /// A PPPoE session header (RFC 2516 section 4) and PPP protocol field, then the packet.
    ///
    /// - Parameters:
    ///   - versionAndType: the version and type byte (0x11).
    ///   - session: the session ID.
    ///   - pppProtocol: 0x0021 IPv4, 0x0057 IPv6.
    ///   - length: the length field; the PPP frame's length (protocol field and packet) when `nil`.
    ///   - payload: the packet.
    /// - Returns: the header and packet.
    public static func pppoeSession(versionAndType: UInt8 = 0x11, session: UInt16, pppProtocol: UInt16 = 0x0021,
                                    length: UInt16? = nil, payload: [UInt8]) -> [UInt8] {
        [versionAndType, 0]  // version and type, code 0 (session data)
            + be16(session)  // session ID
            + be16(length ?? UInt16(2 + payload.count))  // length of the PPP frame
            + be16(pppProtocol)  // PPP protocol
            + payload
    }

    /// A GTP-U header (3GPP TS 29.281 section 5.1), with the optional fields when a sequence number or extension
    /// headers are given, then the payload.
    ///
    /// - Parameters:
    ///   - version: the 3-bit version (1).
    ///   - messageType: 255 for a G-PDU.
    ///   - endpointIdentifier: the TEID.
    ///   - sequence: the sequence number, with the S flag, when not `nil`.
    ///   - extensionHeaders: the extension headers' contents (type and next-type bytes are added), each
    ///     4n - 2 bytes (a precondition), with the E flag when any.
    ///   - length: the length field; everything after the first 8 bytes when `nil`.
    ///   - payload: the inner packet.
    /// - Returns: the header and payload.
    public static func gtpU(version: UInt8 = 1, messageType: UInt8 = 255, endpointIdentifier: UInt32,
                            sequence: UInt16? = nil, extensionHeaders: [[UInt8]] = [], length: UInt16? = nil,
                            payload: [UInt8]) -> [UInt8] {
        var flags = version << 5 | 0x10  // version, protocol type GTP
        var optional: [UInt8] = []
        if sequence != nil || !extensionHeaders.isEmpty {
            if sequence != nil { flags |= 0x02 }  // S
            if !extensionHeaders.isEmpty { flags |= 0x04 }  // E
            optional = be16(sequence ?? 0)  // sequence number
                + [0]  // N-PDU number
                + [extensionHeaders.isEmpty ? 0 : 0x85]  // next extension header type (PDU session container)
            for (index, content) in extensionHeaders.enumerated() {
                precondition((content.count + 2) % 4 == 0)
                optional += [UInt8((content.count + 2) / 4)]  // length in 4-byte units
                    + content
                    + [index == extensionHeaders.count - 1 ? 0 : 0x85]  // next extension header type
            }
        }
        return [flags, messageType]  // flags, message type
            + be16(length ?? UInt16(optional.count + payload.count))  // length after the first 8 bytes
            + be32(endpointIdentifier)  // TEID
            + optional + payload
    }

    /// An IEEE 802.1ah I-TAG, then the customer frame.
    ///
    /// - Parameters:
    ///   - priority: the 3-bit I-PCP.
    ///   - serviceIdentifier: the 24-bit I-SID.
    ///   - payload: the customer's Ethernet frame (addresses, EtherType, packet).
    /// - Returns: the I-TAG and payload.
    public static func providerBackboneTag(priority: UInt8 = 0, serviceIdentifier: UInt32, payload: [UInt8])
        -> [UInt8] {
        [priority << 5]  // I-PCP, I-DEI 0, UCA 0, reserved
            + Array(be32(serviceIdentifier).dropFirst())  // I-SID
            + payload
    }
}
