/// What an endpoint did with an input segment (RFC 9293 section 3.10.7).
@frozen
public enum TCPVerdict: Hashable, Sendable, CustomStringConvertible {
    /// The segment was processed (its control bits at least; see ``TCPEndpointResult/acceptability``).
    case accepted
    /// The segment was discarded (the response, if any, says what was sent instead).
    case dropped
    /// The segment was an acceptable RST: the connection is gone.
    case connectionReset

    /// `accepted`, `dropped` or `reset`.
    public var description: String {
        switch self {
        case .accepted: return "accepted"
        case .dropped: return "dropped"
        case .connectionReset: return "reset"
        }
    }
}
