/// When a flow reached each step of its life, in the caller's timestamps (nanoseconds on the caller's clock).
@frozen
public struct TCPFlowMilestones: Hashable, Sendable {
    /// The first segment.
    public var firstSeen: UInt64 = 0
    /// The last segment.
    public var lastSeen: UInt64 = 0
    /// The client's first SYN.
    public var syn: UInt64?
    /// The server's first SYN-ACK.
    public var synAck: UInt64?
    /// Both endpoints ESTABLISHED (the handshake's final ACK).
    public var established: UInt64?
    /// The client's first FIN.
    public var clientFIN: UInt64?
    /// The server's first FIN.
    public var serverFIN: UInt64?
    /// The first accepted RST.
    public var reset: UInt64?
    /// Both endpoints CLOSED or in TIME-WAIT.
    public var closed: UInt64?

    /// Nothing reached yet.
    @inlinable
    public init() {}
}
