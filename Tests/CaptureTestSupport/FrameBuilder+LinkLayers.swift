extension FrameBuilder {
    /// A PPP frame (RFC 1661 section 2), with the address and control bytes of HDLC-like framing (RFC 1662
    /// section 3.1) when asked, then the packet.
    ///
    /// - Parameters:
    ///   - addressAndControl: whether 0xFF 0x03 lead the frame.
    ///   - protocolField: the protocol field's bytes, one (compressed) or two.
    ///   - payload: the packet.
    /// - Returns: the frame.
    public static func ppp(addressAndControl: Bool, protocolField: [UInt8], payload: [UInt8]) -> [UInt8] {
        (addressAndControl ? [0xFF, 0x03] : [])  // all-stations address, unnumbered information control
            + protocolField  // protocol
            + payload
    }

    /// A Cisco HDLC header, then the packet.
    ///
    /// - Parameters:
    ///   - address: 0x0F unicast, 0x8F broadcast.
    ///   - control: 0x00.
    ///   - protocolType: the protocol, an EtherType.
    ///   - payload: the packet.
    /// - Returns: the frame.
    public static func ciscoHDLC(address: UInt8 = 0x0F, control: UInt8 = 0x00, protocolType: UInt16,
                                 payload: [UInt8]) -> [UInt8] {
        [address, control]  // address, control
            + be16(protocolType)  // protocol
            + payload
    }
}

extension FrameBuilder {
    /// A Linux NFLOG record: the 4-byte header, then each attribute's length and type in the writer's byte order,
    /// its value, and padding to 4 bytes.
    ///
    /// - Parameters:
    ///   - family: the address family (2 IPv4, 10 IPv6).
    ///   - version: the header version (0).
    ///   - resourceID: the nflog group.
    ///   - attributes: each attribute's type and value, in order; a length replaces the computed one when given.
    ///   - littleEndian: whether the writer's byte order is little-endian.
    /// - Returns: the record.
    public static func nflog(family: UInt8, version: UInt8 = 0, resourceID: UInt16 = 1,
                             attributes: [(type: UInt16, length: UInt16?, value: [UInt8])],
                             littleEndian: Bool = true) -> [UInt8] {
        var record = [family, version]  // address family, version
            + be16(resourceID)  // resource ID, big-endian
        for attribute in attributes {
            let length = attribute.length ?? UInt16(4 + attribute.value.count)
            let header = be16(length) + be16(attribute.type)
            record += littleEndian ? [header[1], header[0], header[3], header[2]] : header  // length, type
            record += attribute.value  // value
            record += [UInt8](repeating: 0, count: (4 - attribute.value.count % 4) % 4)  // padding to 4 bytes
        }
        return record
    }
}

extension FrameBuilder {
    /// An IEEE 802.2 LLC header (DSAP, SSAP, control), then the SNAP header when the access points are 0xAA, then
    /// the payload.
    ///
    /// - Parameters:
    ///   - destination: the DSAP.
    ///   - source: the SSAP.
    ///   - control: the control byte (0x03, unnumbered information).
    ///   - organization: the SNAP organization code (24 bits).
    ///   - protocolIdentifier: the SNAP protocol identifier, an EtherType for organization 00-00-00.
    ///   - payload: what follows.
    /// - Returns: the headers and payload.
    public static func logicalLinkControl(destination: UInt8 = 0xAA, source: UInt8 = 0xAA, control: UInt8 = 0x03,
                                          organization: UInt32 = 0, protocolIdentifier: UInt16 = 0x0800,
                                          payload: [UInt8]) -> [UInt8] {
        let snap = destination == 0xAA && source == 0xAA
        return [destination, source, control]  // DSAP, SSAP, control
            + (snap ? Array(be32(organization).dropFirst()) : [])  // SNAP organization code
            + (snap ? be16(protocolIdentifier) : [])  // SNAP protocol identifier
            + payload
    }

    /// An IEEE 802.3 frame: the two MAC addresses, optional tags, the length field (of what follows it, Ethernet
    /// padding left out), then `payload`.
    ///
    /// - Parameters:
    ///   - tags: the tags in order, each a tag protocol identifier and a tag control field.
    ///   - length: the length field; `payload.count` when `nil`.
    ///   - payload: the LLC header and what follows.
    /// - Returns: the frame.
    public static func ieee8023(tags: [(UInt16, UInt16)] = [], length: UInt16? = nil, payload: [UInt8]) -> [UInt8] {
        ethernet(etherType: length ?? UInt16(payload.count), tags: tags, payload: payload)
    }
}

extension FrameBuilder {
    /// An FDDI header: frame control and two fixed addresses, then `payload` (an LLC header for an LLC frame).
    ///
    /// - Parameters:
    ///   - frameControl: the frame control byte (0x50: asynchronous LLC frame, priority 0).
    ///   - payload: what follows the header.
    /// - Returns: the frame.
    public static func fddi(frameControl: UInt8 = 0x50, payload: [UInt8]) -> [UInt8] {
        [frameControl]  // frame control
            + [0x00, 0x11, 0x22, 0x33, 0x44, 0x55]  // destination address
            + [0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB]  // source address
            + payload
    }
}
