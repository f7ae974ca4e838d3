/// The eleven connection states of RFC 9293 section 3.3.2.
@frozen
public enum TCPState: UInt8, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// No connection.
    case closed = 0
    /// Waiting for a connection request (passive open).
    case listen = 1
    /// SYN sent, waiting for a matching SYN.
    case synSent = 2
    /// SYN received and SYN sent, waiting for the acknowledgment of our SYN.
    case synReceived = 3
    /// Open: data flows both ways.
    case established = 4
    /// Our FIN sent, waiting for its ACK or the peer's FIN.
    case finWait1 = 5
    /// Our FIN acknowledged, waiting for the peer's FIN.
    case finWait2 = 6
    /// The peer's FIN received, waiting for the local close.
    case closeWait = 7
    /// Both FINs sent (simultaneous close), waiting for the ACK of ours.
    case closing = 8
    /// Our FIN sent after the peer's, waiting for its ACK.
    case lastAck = 9
    /// Both FINs acknowledged, waiting 2 MSL before the connection is forgotten.
    case timeWait = 10

    /// The RFC's name: `CLOSED`, `LISTEN`, `SYN-SENT`, ..., `TIME-WAIT`.
    public var name: StaticString {
        switch self {
        case .closed: return "CLOSED"
        case .listen: return "LISTEN"
        case .synSent: return "SYN-SENT"
        case .synReceived: return "SYN-RECEIVED"
        case .established: return "ESTABLISHED"
        case .finWait1: return "FIN-WAIT-1"
        case .finWait2: return "FIN-WAIT-2"
        case .closeWait: return "CLOSE-WAIT"
        case .closing: return "CLOSING"
        case .lastAck: return "LAST-ACK"
        case .timeWait: return "TIME-WAIT"
        }
    }

    /// The RFC's name.
    public var description: String { name.description }

    /// Whether sequence numbers are synchronized: SYN-RECEIVED and every later state (RFC 9293 section 3.5.2).
    @inlinable
    public var isSynchronized: Bool { rawValue >= TCPState.synReceived.rawValue }
}
