extension TCPPseudoHeader: CustomStringConvertible, CustomDebugStringConvertible {
    /// The IP version and the addresses as tcpdump names a packet's: `IP 192.0.2.1 > 192.0.2.2`,
    /// `IP6 2001:db8::1 > 2001:db8::2` (IPv6 in the canonical form of RFC 5952, ``IPAddress/write(to:)``).
    public var description: String {
        TextCollector.text { output in
            output.writeText(family == .ipv4 ? "IP " : "IP6 ")
            sourceAddress.write(to: &output)
            output.writeText(" > ")
            destinationAddress.write(to: &output)
        }
    }

    /// Every stored field: `TCPPseudoHeader(family: .ipv6, sourceAddress: 2001:db8::1,
    /// destinationAddress: 2001:db8::2)`. The protocol is always TCP's, 6, and the segment length is given when a
    /// checksum is computed.
    public var debugDescription: String {
        TextCollector.text { output in
            output.writeText(family == .ipv4 ? "TCPPseudoHeader(family: .ipv4" : "TCPPseudoHeader(family: .ipv6")
            output.writeText(", sourceAddress: ")
            sourceAddress.write(to: &output)
            output.writeText(", destinationAddress: ")
            destinationAddress.write(to: &output)
            output.writeText(")")
        }
    }
}
