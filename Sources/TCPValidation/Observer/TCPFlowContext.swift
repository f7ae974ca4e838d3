/// What separates flows on the wire besides their addresses and ports: the VLAN tags of the frames (and, once
/// tunnels are followed, their tunnel's identity).
///
/// The observer keys a flow by its two endpoints and its context, so that two connections with the same 4-tuple on
/// different VLANs stay two flows. The value is opaque to the observer: equal contexts are the same network, any
/// difference is another. `PacketCapture`'s `VLANTagStack.rawValue` is the usual source.
@frozen
public struct TCPFlowContext: Hashable, Sendable {
    /// The caller's identity of the frame's network (0: none).
    public var rawValue: UInt64

    /// No context: flows are told apart by their endpoints alone.
    public static let none = TCPFlowContext(rawValue: 0)

    /// A context from the caller's value.
    ///
    /// - Parameter rawValue: any value that is equal for frames of the same network and differs otherwise.
    @inlinable
    public init(rawValue: UInt64) { self.rawValue = rawValue }
}
