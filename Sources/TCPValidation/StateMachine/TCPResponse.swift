import TCPCodec

/// What a conforming endpoint sends in answer to an input (RFC 9293 section 3.10, RFC 5961).
@frozen
public enum TCPResponse: Hashable, Sendable, CustomStringConvertible {
    /// Nothing.
    case none
    /// `<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>`: an acknowledgment (for data, for a FIN, or for an unacceptable
    /// segment).
    case ack
    /// `<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>` sent as an RFC 5961 challenge (sections 3.2, 4.2, 5.2): the peer
    /// must prove it sees the connection before a RST or SYN is honoured.
    case challengeACK
    /// `<SEQ=sequenceNumber><CTL=RST>`: a reset answering a segment with ACK (RFC 9293 section 3.10.7.1).
    case reset(sequenceNumber: SequenceNumber)
    /// `<SEQ=0><ACK=acknowledgmentNumber><CTL=RST,ACK>`: a reset answering a segment without ACK.
    case resetACK(acknowledgmentNumber: SequenceNumber)
    /// `<SEQ=ISS><CTL=SYN>`: the SYN of an active open.
    case syn
    /// `<SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>`: the SYN-ACK of a passive open or simultaneous open.
    case synAck
    /// `<SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>`: the FIN of a close.
    case fin

    /// A short name: `none`, `ack`, `challenge-ack`, `rst`, `rst-ack`, `syn`, `syn-ack`, `fin`.
    public var description: String {
        switch self {
        case .none: return "none"
        case .ack: return "ack"
        case .challengeACK: return "challenge-ack"
        case .reset: return "rst"
        case .resetACK: return "rst-ack"
        case .syn: return "syn"
        case .synAck: return "syn-ack"
        case .fin: return "fin"
        }
    }
}
