/// Running totals of a ``TCPFlowObserver``.
@frozen
public struct TCPObserverStatistics: Hashable, Sendable {
    /// Segments observed.
    public var segments: UInt64 = 0
    /// Segments not tracked (no flow and none created, or the table was full).
    public var untrackedSegments: UInt64 = 0
    /// Segments that broke at least one rule.
    public var segmentsWithAnomalies: UInt64 = 0
    /// Flows created.
    public var flowsCreated: UInt64 = 0
    /// Flows removed to make room (table full) or by ``TCPFlowObserver/expire(now:retired:)``.
    public var flowsEvicted: UInt64 = 0
    /// Closed flows replaced by a new connection on the same 4-tuple.
    public var flowsReused: UInt64 = 0
    /// New flows refused because the table was full of live flows.
    public var flowsRefused: UInt64 = 0

    /// All zero.
    @inlinable
    public init() {}
}
