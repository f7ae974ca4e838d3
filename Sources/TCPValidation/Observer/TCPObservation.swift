/// What the observer says about one segment: the flow and direction, the anomalies, the recognised role, the
/// receiver's verdict and response, and the states after it. A value of fixed size; producing it allocates nothing.
@frozen
public struct TCPObservation: Sendable {
    /// The flow's ``TCPFlowRecord/id``, or `nil` when the segment was not tracked.
    public var flowID: UInt64?
    /// Which way the segment travels (``TCPFlowDirection/clientToServer`` for an untracked segment).
    public var direction: TCPFlowDirection
    /// Every rule the segment broke, stateless and stateful.
    public var anomalies: TCPAnomalySet
    /// The roles recognised (retransmission, keep-alive, challenge ACK...).
    public var traits: TCPSegmentTraits
    /// The ECN negotiation signal of a SYN or SYN-ACK.
    public var ecn: TCPECNSignal
    /// The receiving endpoint's verdict.
    public var verdict: TCPVerdict
    /// What the receiving endpoint would send in answer.
    public var response: TCPResponse
    /// What Linux's conntrack decides of the segment: its state table's and its window check's verdict
    /// (``TCPWindowTracker``). A RST that belongs to no flow is ``TCPWindowCheck/invalidState`` (conntrack cannot
    /// start a connection with one: "invalid new"); another segment no flow takes (a full table, mid-stream pickup
    /// turned off) is ``TCPWindowCheck/passed``.
    public var windowCheck: TCPWindowCheck
    /// The sender's state after the segment.
    public var senderState: TCPState
    /// The receiver's state after the segment.
    public var receiverState: TCPState
    /// Whether this segment pushed a flow out of the table (evicted for room, or a closed flow whose 4-tuple was
    /// reused); its record is ``TCPFlowObserver/lastRetiredFlow`` until the next segment is observed, so that a
    /// caller can still report it. The record is kept by the observer rather than here so that an observation
    /// stays a few dozen bytes.
    public var retiredFlow: Bool
    /// An anomaly this segment proves of an earlier segment of the flow, or `nil`: a SYN-ACK that disproves the
    /// handshake an earlier segment's acknowledgment implied reports ``TCPAnomaly/dataBeforeSynAck`` of that
    /// segment. It is not in ``anomalies`` (this segment did nothing wrong); ``earlierReference`` names the segment.
    public var earlierAnomaly: TCPAnomaly?
    /// The caller's reference (the `reference` passed to `observe`, e.g. a frame number) of the segment that
    /// ``earlierAnomaly`` is about; 0 when there is none.
    public var earlierReference: UInt64

    @inlinable
    internal init(ecn: TCPECNSignal, anomalies: TCPAnomalySet) {
        flowID = nil
        direction = .clientToServer
        self.anomalies = anomalies
        traits = []
        self.ecn = ecn
        verdict = .accepted
        response = .none
        windowCheck = .passed
        senderState = .closed
        receiverState = .closed
        retiredFlow = false
        earlierAnomaly = nil
        earlierReference = 0
    }
}
