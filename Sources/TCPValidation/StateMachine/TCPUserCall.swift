import TCPCodec

/// A call from the application to an endpoint (RFC 9293 section 3.10.1 to 3.10.5).
@frozen
public enum TCPUserCall: Hashable, Sendable {
    /// OPEN, active: choose `initialSequenceNumber` as ISS and send a SYN (section 3.10.1).
    case activeOpen(initialSequenceNumber: SequenceNumber)
    /// OPEN, passive: wait in LISTEN (section 3.10.1).
    case passiveOpen
    /// CLOSE: no more data to send; send a FIN when the state allows (section 3.10.4).
    case close
    /// ABORT: drop the connection, sending a RST from synchronized states (section 3.10.5).
    case abort
}
