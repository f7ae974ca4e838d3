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

    /// The port and the address family in one word (the port above the IP version number): with the address's
    /// two words, what tells endpoints apart; used by the flow key's hash and by ``matches(_:)``.
    @inlinable
    internal var portAndFamily: UInt64 { UInt64(port) << 8 | UInt64(address.version.rawValue) }

    /// Whether two endpoints are equal, as `==` says, compared as three words without a branch (for the observer's
    /// table, where the answer is not known in advance).
    ///
    /// - Parameter other: another endpoint.
    /// - Returns: `self == other`.
    @inlinable @inline(__always)
    internal func matches(_ other: TCPFlowEndpoint) -> Bool {
        (address.high ^ other.address.high) | (address.low ^ other.address.low) | (portAndFamily ^ other.portAndFamily)
            == 0
    }

    /// The longest text ``write(to:)`` writes, in bytes: an IPv6 address of ``IPAddress/maximumTextLength`` bytes in
    /// brackets, a colon and five digits.
    public static let maximumTextLength = IPAddress.maximumTextLength + 8

    /// Writes the endpoint as text: the address (``IPAddress/write(to:)``), in brackets for IPv6 (RFC 5952 section
    /// 6), a colon and the port in decimal: `192.0.2.1:47001` or `[2001:db8::1]:47101`. ``description`` is this text;
    /// a tool writing into its own ``TCPCodec/TCPTextOutput`` gets it without a `String`.
    ///
    /// - Parameter output: where the text goes: at most ``maximumTextLength`` bytes of ASCII.
    public func write<Output: TCPTextOutput>(to output: inout Output) {
        let bracketed = !address.isIPv4
        if bracketed { output.writeByte(UInt8(ascii: "[")) }
        address.write(to: &output)
        if bracketed { output.writeByte(UInt8(ascii: "]")) }
        output.writeByte(UInt8(ascii: ":"))
        output.writeDecimal(UInt64(port))
    }

    /// `192.0.2.1:47001` or `[2001:db8::1]:47101` (``write(to:)``).
    public var description: String {
        var text = ""
        text.reserveCapacity(Self.maximumTextLength)
        write(to: &text)
        return text
    }
}
