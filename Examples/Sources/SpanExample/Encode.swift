import TCPCodec

/// The SYN-ACK that answers a SYN, as bytes with the checksum filled in over the reply's pseudo-header.
func synAck(answering bytes: [UInt8], from server: IPAddress, to client: IPAddress) throws -> [UInt8] {
    let syn = try TCPSegmentSpan(bytes)
    var header = TCPHeader(
        sourcePort: syn.destinationPort, destinationPort: syn.sourcePort,
        sequenceNumber: SequenceNumber(0x1000_0000), acknowledgmentNumber: syn.sequenceNumber + 1,
        flags: [.syn, .ack], window: 65_535)
    header.options = [.maximumSegmentSize(1460), .sackPermitted, .noOperation, .windowScale(7)]
    return try header.encoded(pseudoHeader: TCPPseudoHeader(source: server, destination: client))
}
