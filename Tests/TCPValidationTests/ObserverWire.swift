import TCPCodec
@testable import TCPValidation

/// Feeds a `TCPFlowObserver` with segments encoded by `TCPHeader.encode`, keeping each side's next sequence
/// number and last acknowledgment so that scripted conversations read like a capture.
struct ObserverWire {
    var observer: TCPFlowObserver
    var clientAddress = IPAddress(ipv4: 0xC000_0201)
    var serverAddress = IPAddress(ipv4: 0xC000_0202)
    var clientPort: UInt16 = 40000
    var serverPort: UInt16 = 80
    var time: UInt64 = 1_000_000_000
    /// Next sequence number of each side.
    var clientNext: SequenceNumber
    var serverNext: SequenceNumber
    /// What each side acknowledges.
    var clientAck = SequenceNumber(0)
    var serverAck = SequenceNumber(0)
    var timestamps = false
    var clock: UInt32 = 1000

    init(clientISN: UInt32, serverISN: UInt32, configuration: TCPFlowObserver.Configuration = .init()) {
        observer = TCPFlowObserver(configuration: configuration)
        clientNext = SequenceNumber(clientISN)
        serverNext = SequenceNumber(serverISN)
    }

    /// Sends raw fields from one side; does not move the bookkeeping.
    mutating func raw(
        fromClient: Bool, _ flags: TCPFlags, seq: SequenceNumber, ack: SequenceNumber, payload: Int = 0,
        window: UInt16 = 65535, options: [TCPOption] = [], reference: UInt64 = 0, checksumIsValid: Bool? = nil
    ) -> TCPObservation {
        time += 1_000_000
        var all = options
        if timestamps {
            clock &+= 1
            all.append(.timestamps(value: clock, echoReply: 0))
        }
        let header = try! TCPHeader(
            sourcePort: fromClient ? clientPort : serverPort, destinationPort: fromClient ? serverPort : clientPort,
            sequenceNumber: seq, acknowledgmentNumber: ack, flags: flags, window: window,
            options: TCPOptionList(all))
        let bytes = try! SegmentBuilder.bytes(header, payload: [UInt8](repeating: 0x62, count: payload))
        let (source, destination) = fromClient ? (clientAddress, serverAddress) : (serverAddress, clientAddress)
        return bytes.withUnsafeBytes { raw in
            observer.observe(
                try! TCPSegmentView(raw), from: source, to: destination, at: time, checksumIsValid: checksumIsValid,
                reference: reference)
        }
    }

    /// A segment from the client at its next sequence number, moving the bookkeeping.
    @discardableResult
    mutating func client(
        _ flags: TCPFlags, payload: Int = 0, window: UInt16 = 65535, options: [TCPOption] = []
    ) -> TCPObservation {
        let seq = clientNext
        let ack = flags.contains(.ack) ? clientAck : SequenceNumber(0)
        let observation = raw(fromClient: true, flags, seq: seq, ack: ack, payload: payload, window: window,
                              options: options)
        clientNext = seq + UInt32(payload) + (flags.contains(.syn) ? 1 : 0) + (flags.contains(.fin) ? 1 : 0)
        serverAck = clientNext
        return observation
    }

    /// A segment from the server at its next sequence number, moving the bookkeeping.
    @discardableResult
    mutating func server(
        _ flags: TCPFlags, payload: Int = 0, window: UInt16 = 65535, options: [TCPOption] = []
    ) -> TCPObservation {
        let seq = serverNext
        let ack = flags.contains(.ack) ? serverAck : SequenceNumber(0)
        let observation = raw(fromClient: false, flags, seq: seq, ack: ack, payload: payload, window: window,
                              options: options)
        serverNext = seq + UInt32(payload) + (flags.contains(.syn) ? 1 : 0) + (flags.contains(.fin) ? 1 : 0)
        clientAck = serverNext
        return observation
    }

    /// The three-way handshake; returns the three observations.
    @discardableResult
    mutating func handshake(options: [TCPOption] = []) -> [TCPObservation] {
        [client(.syn, options: options), server([.syn, .ack], options: options), client(.ack)]
    }

    /// The current flow's record.
    var record: TCPFlowRecord? {
        observer.flow(between: TCPFlowEndpoint(address: clientAddress, port: clientPort),
                      and: TCPFlowEndpoint(address: serverAddress, port: serverPort))
    }
}
