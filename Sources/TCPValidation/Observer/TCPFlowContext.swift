/// What separates flows on the wire besides their addresses and ports: the VLAN tags of the frames and the tunnel
/// that carried them.
///
/// The observer keys a flow by its two endpoints and its context (``TCPFlowKey``), so that two connections with the
/// same 4-tuple on different VLANs, or inside different tunnels, stay two flows. The words are opaque to the
/// observer: equal contexts are the same network, any difference is another.
@frozen
public struct TCPFlowContext: Hashable, Sendable {
    /// The caller's identity of the frame's link-layer network, its VLAN tag stack (0: none).
    ///
    /// `PacketCapture`'s `VLANTagStack.rawValue` is the usual source.
    public var rawValue: UInt64
    /// The identity of the tunnel that carried the frame, as the capture layer assigns it (0: not tunnelled).
    ///
    /// Any value that is equal for packets of the same tunnel and differs otherwise: a capture layer that follows
    /// encapsulations (GRE, VXLAN, IP in IP, say) numbers the tunnels it meets, or folds a tunnel's outer addresses
    /// and identifier into one word. It is part of the flow's identity like ``rawValue``: it takes part in equality
    /// and in ``TCPFlowKey/hash(seed:)``.
    public var tunnel: UInt64

    /// No context: flows are told apart by their endpoints alone.
    ///
    /// Computed rather than stored: a stored static is read from another module through an addressor with a
    /// once-check, and this is the default of every `observe` call.
    @inlinable
    public static var none: TCPFlowContext { TCPFlowContext(rawValue: 0) }

    /// A context from the caller's VLAN value, outside any tunnel.
    ///
    /// - Parameter rawValue: any value that is equal for frames of the same network and differs otherwise.
    @inlinable
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
        tunnel = 0
    }

    /// A context from the caller's VLAN value and a tunnel's identity.
    ///
    /// - Parameters:
    ///   - rawValue: the frame's link-layer network (its VLAN tag stack's value), 0 for none.
    ///   - tunnel: the tunnel's identity as the capture layer assigns it, 0 for none.
    @inlinable
    public init(rawValue: UInt64 = 0, tunnel: UInt64) {
        self.rawValue = rawValue
        self.tunnel = tunnel
    }
}
