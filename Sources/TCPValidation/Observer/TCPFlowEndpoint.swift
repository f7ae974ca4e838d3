import TCPCodec

/// One end of a flow: an address and a port.
@frozen
public struct TCPFlowEndpoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The IP address.
    public var address: IPAddress
    /// The TCP port.
    public var port: UInt16

    /// Creates an endpoint.
    ///
    /// - Parameters:
    ///   - address: the IP address.
    ///   - port: the TCP port.
    @inlinable
    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// Orders by address, then port.
    ///
    /// - Parameters:
    ///   - lhs: one endpoint.
    ///   - rhs: another.
    /// - Returns: whether `lhs` sorts first.
    public static func < (lhs: TCPFlowEndpoint, rhs: TCPFlowEndpoint) -> Bool {
        lhs.address != rhs.address ? lhs.address < rhs.address : lhs.port < rhs.port
    }

    /// `192.0.2.1:47001` or `[2001:db8::1]:47101`.
    public var description: String {
        address.isIPv4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }
}
