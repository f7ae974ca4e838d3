/// Builders for link, IP and TCP headers, big-endian as on the wire; checksums are left zero.
public enum FrameBuilder {
    /// A 16-bit value as two big-endian bytes.
    ///
    /// - Parameter value: the value.
    /// - Returns: its bytes, most significant first.
    public static func be16(_ value: UInt16) -> [UInt8] {
        [UInt8(value >> 8), UInt8(value & 0xFF)]
    }

    /// A 32-bit value as four big-endian bytes.
    ///
    /// - Parameter value: the value.
    /// - Returns: its bytes, most significant first.
    public static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// A 20-byte TCP header (RFC 9293 section 3.1), then `payload`: sequence number 1000, no ACK number,
    /// window 65535, checksum and urgent pointer 0.
    ///
    /// - Parameters:
    ///   - sourcePort: the source port.
    ///   - destinationPort: the destination port.
    ///   - flags: the low 8 flag bits (0x02 is SYN).
    ///   - payload: the bytes after the header.
    /// - Returns: the segment.
    public static func tcp(sourcePort: UInt16 = 1234, destinationPort: UInt16 = 80, flags: UInt8 = 0x02,
                           payload: [UInt8] = []) -> [UInt8] {
        be16(sourcePort) + be16(destinationPort)
            + be32(1000)  // sequence number
            + be32(0)  // acknowledgment number
            + [0x50, flags]  // data offset 5, flags
            + be16(65_535)  // window
            + be16(0)  // checksum
            + be16(0)  // urgent pointer
            + payload
    }

    /// An IPv4 header (RFC 791 section 3.1) with optional options, followed by `payload`.
    ///
    /// - Parameters:
    ///   - source: the source address (default 192.0.2.1).
    ///   - destination: the destination address (default 198.51.100.2).
    ///   - protocolNumber: the protocol field (6 is TCP).
    ///   - options: the IP options; a multiple of 4 bytes (a precondition).
    ///   - totalLength: the total length field; header plus payload when `nil`.
    ///   - fragmentField: the flags and fragment offset field (default: Don't Fragment).
    ///   - identification: the identification field.
    ///   - payload: the bytes after the header.
    /// - Returns: the packet.
    public static func ipv4(source: UInt32 = 0xC000_0201, destination: UInt32 = 0xC633_6402,
                            protocolNumber: UInt8 = 6, options: [UInt8] = [], totalLength: UInt16? = nil,
                            fragmentField: UInt16 = 0x4000, identification: UInt16 = 0x1234,
                            payload: [UInt8]) -> [UInt8] {
        precondition(options.count % 4 == 0)
        let headerLength = 20 + options.count
        let total = totalLength ?? UInt16(headerLength + payload.count)
        return [0x40 | UInt8(headerLength / 4), 0]  // version 4, IHL; DSCP/ECN
            + be16(total)  // total length
            + be16(identification)  // identification
            + be16(fragmentField)  // flags + fragment offset
            + [64, protocolNumber]  // TTL, protocol
            + be16(0)  // header checksum (not checked)
            + be32(source) + be32(destination)
            + options + payload
    }

    /// The source address of `ipv6(nextHeader:payloadLength:payload:)`: 2001:db8::1.
    public static let ipv6Source: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [1]
    /// The destination address of `ipv6(nextHeader:payloadLength:payload:)`: 2001:db8::2.
    public static let ipv6Destination: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [2]

    /// An IPv6 header (RFC 8200 section 3) from `ipv6Source` to `ipv6Destination`, followed by `payload`.
    ///
    /// - Parameters:
    ///   - nextHeader: the next header field (6 is TCP).
    ///   - payloadLength: the payload length field; `payload.count` when `nil`.
    ///   - payload: the bytes after the header, extension headers included.
    /// - Returns: the packet.
    public static func ipv6(nextHeader: UInt8 = 6, payloadLength: UInt16? = nil, payload: [UInt8]) -> [UInt8] {
        [0x60, 0, 0, 0]  // version 6, traffic class, flow label
            + be16(payloadLength ?? UInt16(payload.count))  // payload length
            + [nextHeader, 64]  // next header, hop limit
            + ipv6Source + ipv6Destination
            + payload
    }

    /// An IPv6 extension header of the 8-octet-unit kind (hop-by-hop, routing, destination options;
    /// RFC 8200 section 4).
    ///
    /// - Parameters:
    ///   - next: the next header field.
    ///   - body: what follows the next-header and length bytes; 6 + 8n bytes (a precondition).
    /// - Returns: the extension header.
    public static func extensionHeader(next: UInt8, body: [UInt8]) -> [UInt8] {
        precondition((body.count + 2) % 8 == 0)
        return [next, UInt8((body.count + 2) / 8 - 1)] + body
    }

    /// An IPv6 Fragment header (RFC 8200 section 4.5).
    ///
    /// - Parameters:
    ///   - next: the next header field.
    ///   - offset: the fragment offset in bytes; a multiple of 8 (a precondition).
    ///   - moreFragments: the M flag.
    ///   - identification: the identification field.
    /// - Returns: the 8-byte header.
    public static func ipv6FragmentHeader(next: UInt8 = 6, offset: Int, moreFragments: Bool,
                                          identification: UInt32 = 0xCAFE_F00D) -> [UInt8] {
        precondition(offset % 8 == 0 && offset < 65_536)
        return [next, 0]  // next header, reserved
            + be16(UInt16(offset) | (moreFragments ? 1 : 0))  // fragment offset, reserved bits, M flag
            + be32(identification)  // identification
    }

    /// An Ethernet II header (fixed MAC addresses) with optional 802.1Q/802.1ad tags, followed by `payload`.
    ///
    /// - Parameters:
    ///   - etherType: the EtherType after the tags.
    ///   - tags: the tags in order, each a tag protocol identifier and a tag control field.
    ///   - payload: the bytes after the header.
    /// - Returns: the frame.
    public static func ethernet(etherType: UInt16, tags: [(UInt16, UInt16)] = [], payload: [UInt8]) -> [UInt8] {
        var frame: [UInt8] = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB]  // MACs
        for (protocolID, vlan) in tags {
            frame += be16(protocolID) + be16(vlan)
        }
        return frame + be16(etherType) + payload
    }
}
