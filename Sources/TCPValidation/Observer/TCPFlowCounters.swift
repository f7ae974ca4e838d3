/// Segment and byte counts for one direction of a flow.
@frozen
public struct TCPFlowCounters: Hashable, Sendable {
    /// Segments seen.
    public var segments: UInt64 = 0
    /// Payload bytes seen (retransmissions included).
    public var payloadBytes: UInt64 = 0
    /// Segments recognised as retransmissions.
    public var retransmissions: UInt64 = 0
    /// Segments that broke at least one rule.
    public var segmentsWithAnomalies: UInt64 = 0

    /// All zero.
    @inlinable
    public init() {}
}
