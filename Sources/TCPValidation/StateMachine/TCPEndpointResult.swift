/// The outcome of one input to a ``TCPEndpoint``: new state, verdict, what a conforming endpoint would send, and
/// the rules the input broke.
@frozen
public struct TCPEndpointResult: Hashable, Sendable {
    /// The state before the input.
    public var previousState: TCPState
    /// The state after the input.
    public var state: TCPState
    /// What was done with the segment (``TCPVerdict/accepted`` for user calls and sent segments).
    public var verdict: TCPVerdict
    /// What a conforming endpoint sends in answer.
    public var response: TCPResponse
    /// The rules the input broke.
    public var anomalies: TCPAnomalySet
    /// The sequence test's outcome, when the segment reached it (RFC 9293 section 3.10.7.4, first check).
    public var acceptability: TCPSegmentAcceptability?
    /// The ACK test's outcome, when the segment reached it.
    public var ackAcceptability: TCPAckAcceptability?

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - previousState: the state before.
    ///   - state: the state after.
    ///   - verdict: the verdict.
    ///   - response: the response.
    ///   - anomalies: the broken rules.
    ///   - acceptability: the sequence test's outcome.
    ///   - ackAcceptability: the ACK test's outcome.
    @inlinable
    public init(
        previousState: TCPState, state: TCPState, verdict: TCPVerdict = .accepted, response: TCPResponse = .none,
        anomalies: TCPAnomalySet = TCPAnomalySet(), acceptability: TCPSegmentAcceptability? = nil,
        ackAcceptability: TCPAckAcceptability? = nil
    ) {
        self.previousState = previousState
        self.state = state
        self.verdict = verdict
        self.response = response
        self.anomalies = anomalies
        self.acceptability = acceptability
        self.ackAcceptability = ackAcceptability
    }

    /// Whether the state changed.
    @inlinable
    public var changedState: Bool { previousState != state }
}
