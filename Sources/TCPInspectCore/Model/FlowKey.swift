import PacketCapture

/// Both directions of a connection: the lower (port, address) end first, and the VLAN tags that separate it from a
/// connection with the same addresses and ports on another VLAN.
///
/// The one rule for ordering a connection's ends in the tool: the end with the lower port first, the lower address
/// (byte by byte) on equal ports; used by the flow count, the flows of untracked segments and the relative
/// sequence numbers.
struct FlowKey: Hashable {
    var firstAddress: IPAddress
    var secondAddress: IPAddress
    var firstPort: UInt16
    var secondPort: UInt16
    var vlanTags: VLANTagStack

    /// The key of a segment's connection.
    ///
    /// - Parameters:
    ///   - source: the segment's source address.
    ///   - destination: its destination address.
    ///   - sourcePort: its source port.
    ///   - destinationPort: its destination port.
    ///   - vlanTags: the frame's VLAN tags.
    init(
        source: IPAddress, destination: IPAddress, sourcePort: UInt16, destinationPort: UInt16,
        vlanTags: VLANTagStack
    ) {
        self.vlanTags = vlanTags
        if Self.sourceComesFirst(
            source: source, destination: destination, sourcePort: sourcePort, destinationPort: destinationPort)
        {
            (firstAddress, secondAddress, firstPort, secondPort) = (source, destination, sourcePort, destinationPort)
        } else {
            (firstAddress, secondAddress, firstPort, secondPort) = (destination, source, destinationPort, sourcePort)
        }
    }

    /// Whether a segment's source end is the key's first end: its port is lower, or the ports are equal and its
    /// address sorts before the destination's or equals it.
    static func sourceComesFirst(
        source: IPAddress, destination: IPAddress, sourcePort: UInt16, destinationPort: UInt16
    ) -> Bool {
        if sourcePort != destinationPort { return sourcePort < destinationPort }
        return source.withUnsafeBytes { sourceBytes in
            destination.withUnsafeBytes { destinationBytes in
                !destinationBytes.lexicographicallyPrecedes(sourceBytes)
            }
        }
    }
}
