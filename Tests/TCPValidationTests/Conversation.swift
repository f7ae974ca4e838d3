import TCPCodec
@testable import TCPValidation

/// Builds a segment's summary by encoding a header (and payload) with `TCPHeader.encode` and reading it back.
func segment(
    _ flags: TCPFlags, seq: SequenceNumber, ack: SequenceNumber = SequenceNumber(0), window: UInt16 = 65535,
    payload: Int = 0, options: [TCPOption] = []
) -> TCPSegmentSummary {
    let header = try! SegmentBuilder.header(
        flags, seq: seq.rawValue, ack: ack.rawValue, window: window, options: options)
    return try! SegmentBuilder.withView(header, payload: [UInt8](repeating: 0x61, count: payload)) {
        TCPSegmentSummary($0)
    }
}

/// Two endpoints joined by a perfect wire: each segment is recorded as sent by one and received by the other.
struct Conversation {
    var client = TCPEndpoint()
    var server = TCPEndpoint(state: .listen)
    let clientISN: SequenceNumber
    let serverISN: SequenceNumber
    /// Timestamps: when set, every segment carries TSval = the clock and TSecr = the peer's last TSval.
    var timestamps: Bool
    var clock: UInt32 = 100
    var clientLastTSval: UInt32 = 0
    var serverLastTSval: UInt32 = 0

    init(base: UInt32, timestamps: Bool = false) {
        clientISN = SequenceNumber(base)
        serverISN = SequenceNumber(base &+ 0x4000_0000)
        self.timestamps = timestamps
    }

    /// The timestamps option for a segment from the client or the server.
    mutating func tsOption(fromClient: Bool) -> [TCPOption] {
        guard timestamps else { return [] }
        clock &+= 1
        let echo = fromClient ? serverLastTSval : clientLastTSval
        if fromClient { clientLastTSval = clock } else { serverLastTSval = clock }
        return [.timestamps(value: clock, echoReply: echo)]
    }

    /// Client to server: the client sends, the server receives; returns the server's result.
    @discardableResult
    mutating func toServer(_ segment: TCPSegmentSummary) -> TCPEndpointResult {
        _ = client.send(segment)
        return server.receive(segment)
    }

    /// Server to client: the server sends, the client receives; returns the client's result.
    @discardableResult
    mutating func toClient(_ segment: TCPSegmentSummary) -> TCPEndpointResult {
        _ = server.send(segment)
        return client.receive(segment)
    }

    /// A segment from the client at its SND.NXT acknowledging its RCV.NXT.
    mutating func fromClient(_ flags: TCPFlags, payload: Int = 0, window: UInt16 = 65535) -> TCPSegmentSummary {
        let options = tsOption(fromClient: true)
        return segment(flags, seq: client.sendNext, ack: client.receiveNext, window: window, payload: payload,
                       options: options)
    }

    /// A segment from the server at its SND.NXT acknowledging its RCV.NXT.
    mutating func fromServer(_ flags: TCPFlags, payload: Int = 0, window: UInt16 = 65535) -> TCPSegmentSummary {
        let options = tsOption(fromClient: false)
        return segment(flags, seq: server.sendNext, ack: server.receiveNext, window: window, payload: payload,
                       options: options)
    }

    /// Runs the three-way handshake; both ends are ESTABLISHED afterwards.
    mutating func handshake(clientScale: UInt8? = nil, serverScale: UInt8? = nil) {
        _ = client.handle(.activeOpen(initialSequenceNumber: clientISN))
        var synOptions: [TCPOption] = [.maximumSegmentSize(1460)]
        if let clientScale { synOptions.append(.windowScale(clientScale)) }
        synOptions += tsOption(fromClient: true)
        toServer(segment(.syn, seq: clientISN, window: 64240, options: synOptions))
        var synAckOptions: [TCPOption] = [.maximumSegmentSize(1460)]
        if let serverScale { synAckOptions.append(.windowScale(serverScale)) }
        synAckOptions += tsOption(fromClient: false)
        toClient(segment([.syn, .ack], seq: serverISN, ack: clientISN + 1, window: 65160, options: synAckOptions))
        toServer(fromClient(.ack))
    }
}
