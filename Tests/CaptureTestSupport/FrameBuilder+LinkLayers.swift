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
