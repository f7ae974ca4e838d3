import TCPCodec
import TCPCodecTesting
import TCPCodecXCTest
import TCPValidation
import XCTest

/// The validator against generated traces: legal traces are judged legal, illegal single-field mutations are
/// caught with the expected anomaly, and the flow observer agrees with two endpoint state machines.
final class ValidatorPropertyTests: XCTestCase {
    // MARK: - Legal traces

    /// Every scenario of the generator, simultaneous open and close included, is judged clean.
    func testLegalTracesHaveNoAnomaly() {
        var scenarios = Set<TCPTraceScenario>()
        check("the observer finds no anomaly in a legal trace") { gen in
            let trace = gen.trace()
            scenarios.insert(trace.scenario)
            let observations = Self.observe(trace)
            for (index, observation) in observations.enumerated() {
                try gen.expect(observation.flowID != nil, "segment \(index) untracked")
                try gen.expect(observation.anomalies.isEmpty, "segment \(index): \(observation.anomalies)")
                let flags = trace.segments[index].header.flags
                if !flags.contains(.rst) && !(trace.scenario == .refused && flags.contains(.syn)) {
                    try gen.expectEqual(observation.verdict, .accepted, "segment \(index) verdict")
                }
            }
        }
        XCTAssertEqual(scenarios, Set(TCPTraceScenario.allCases), "scenarios judged")
    }

    func testEndpointsAcceptLegalTraces() {
        check("two endpoint state machines accept a legal trace and end closed") { gen in
            let trace = gen.trace()
            let replay = Self.replayEndpoints(trace)
            for (index, results) in replay.results.enumerated() {
                let flags = trace.segments[index].header.flags
                try gen.expect(results.sent.anomalies.isEmpty, "segment \(index) sent: \(results.sent.anomalies)")
                try gen.expect(
                    results.received.anomalies.isEmpty, "segment \(index) received: \(results.received.anomalies)")
                if flags.contains(.rst) {
                    try gen.expectEqual(results.received.verdict, .connectionReset, "segment \(index) verdict")
                } else if trace.scenario == .refused {
                    // CLOSED drops the SYN and answers <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, as the trace does.
                    try gen.expectEqual(results.received.verdict, .dropped, "refused SYN")
                    try gen.expectEqual(
                        results.received.response, .resetACK(acknowledgmentNumber: trace.initiatorISN + 1), "refusal")
                } else {
                    try gen.expectEqual(results.received.verdict, .accepted, "segment \(index) verdict")
                }
            }
            let states = [replay.endpoints[.initiator]!.state, replay.endpoints[.responder]!.state]
            switch trace.scenario {
            case .refused, .reset:
                try gen.expectEqual(states, [.closed, .closed], "states after \(trace.scenario)")
            case .simultaneousClose:
                try gen.expectEqual(states, [.timeWait, .timeWait], "states after a simultaneous close")
            default:
                try gen.expectEqual(states.sorted { $0.rawValue < $1.rawValue }, [.closed, .timeWait], "final states")
            }
        }
    }

    func testObserverAgreesWithTwoEndpoints() {
        check("the observer agrees with two endpoint state machines fed the wire order") { gen in
            let trace = gen.trace()
            var observer = TCPFlowObserver(configuration: TCPFlowObserver.Configuration(capacity: 4))
            let observations = Self.observe(trace, with: &observer)
            // The observer sees each segment once, in the order sent, takes it as delivered at once, and can only
            // assume that the end receiving the first SYN was listening.
            let wireOrder = trace.segments.indices.flatMap { [TCPTraceStep.sent($0), .delivered($0)] }
            let replay = Self.replayEndpoints(trace, order: wireOrder, responderListens: true)
            for (index, observation) in observations.enumerated() {
                let results = replay.results[index]
                try gen.expectEqual(observation.senderState, results.sent.state, "segment \(index) sender")
                try gen.expectEqual(observation.receiverState, results.received.state, "segment \(index) receiver")
                try gen.expectEqual(observation.verdict, results.received.verdict, "segment \(index) verdict")
                try gen.expectEqual(observation.response, results.received.response, "segment \(index) response")
                let stateful = results.sent.anomalies.union(results.received.anomalies)
                try gen.expect(
                    observation.anomalies.intersection(stateful) == stateful,
                    "segment \(index): the observer reports \(observation.anomalies), the endpoints \(stateful)")
            }
            guard let flow = observer.flows.first(where: { _ in true }) else {
                return try gen.expect(false, "no flow recorded")
            }
            let initiatorPort = trace.segments[0].header.sourcePort
            try gen.expectEqual(flow.client.port, initiatorPort, "the initiator is the client")
            try gen.expectEqual(flow.clientState, replay.endpoints[.initiator]!.state, "initiator's final state")
            try gen.expectEqual(flow.serverState, replay.endpoints[.responder]!.state, "responder's final state")
        }
    }

    // MARK: - Illegal mutations

    /// A single-field change that makes a legal trace illegal, and the anomaly it must raise on that segment.
    struct IllegalMutation: CustomStringConvertible {
        var trace: TCPTrace
        var index: Int
        var expected: TCPAnomaly
        var description: String { "segment \(index) must raise \(expected)" }
    }

    func testIllegalMutationsAreCaughtWithTheExpectedAnomaly() {
        var caught = Set<String>()
        check("every illegal single-field mutation raises its anomaly") { gen in
            let mutation = Self.illegalMutation(gen)
            gen.note("mutation", mutation.description)
            gen.note("mutated trace", mutation.trace.description)
            let observations = Self.observe(mutation.trace)
            let anomalies = observations[mutation.index].anomalies
            // An acknowledgment of unsent data is first taken as one of segments the capture missed; the next
            // segment of the side it acknowledges proves it bogus, naming the segment.
            let provenLater = observations[mutation.index...].contains {
                $0.earlierAnomaly == mutation.expected && $0.earlierReference == UInt64(mutation.index)
            }
            try gen.expect(
                anomalies.contains(mutation.expected) || provenLater,
                "segment \(mutation.index) raised \(anomalies), not \(mutation.expected)")
            caught.insert(mutation.expected.description)
        }
        XCTAssertEqual(caught.count, 9, "mutation classes exercised: \(caught.sorted())")
    }

    func testAnySingleFieldMutationIsJudgedWithoutCrashing() {
        check("the observer and the endpoints judge any single-field mutation of a trace") { gen in
            let mutation = gen.mutation(of: gen.trace())
            let observations = Self.observe(mutation.trace)
            try gen.expectEqual(observations.count, mutation.trace.segments.count, "one observation per segment")
            _ = Self.replayEndpoints(mutation.trace)
        }
    }

    /// The handshake's final ACK moved ahead of ISN + 1 but inside the window the SYN-ACK offered is acceptable
    /// (RFC 9293 section 3.4: the client's first segments were lost before the capture point, or its SYN carried
    /// data): no `handshake-ack-wrong-seq`, and the handshake completes.
    func testHandshakeACKAheadInsideTheWindowIsAccepted() {
        check("a handshake ACK ahead of ISN + 1 inside the window completes the handshake") { gen in
            var trace = gen.trace(gen.element(of: Self.scenariosOpeningNormally))
            let window = UInt32(trace.segments[1].header.window)
            let ahead = gen.chance(70) ? UInt32(gen.int(in: 1 ... 4)) : UInt32(gen.int(in: 1 ... Int(window) - 1))
            trace.segments[2].header.sequenceNumber += ahead
            gen.note("moved ahead by", "\(ahead) of a window of \(window)")
            let observation = Self.observe(trace)[2]
            try gen.expect(observation.anomalies.isEmpty, "third segment: \(observation.anomalies)")
            try gen.expectEqual(observation.verdict, .accepted, "third segment verdict")
            try gen.expectEqual(observation.receiverState, .established, "the responder after the third segment")
        }
    }

    /// The scenarios whose first three segments are SYN, SYN-ACK and the handshake's final ACK.
    static let scenariosOpeningNormally: [TCPTraceScenario] = [.normal, .halfClose, .simultaneousClose, .reset]

    /// A mutation of a trace of any scenario, of a class that applies to it: the handshake classes need a
    /// three-way handshake (a simultaneous open has two SYN-ACKs instead), the others a segment after the
    /// handshake that is not a RST.
    static func illegalMutation(_ gen: TCPGenerator) -> IllegalMutation {
        var trace = gen.trace()
        let opensNormally = scenariosOpeningNormally.contains(trace.scenario)
        let firstAfterHandshake = trace.scenario == .simultaneousOpen ? 4 : 3
        let established = trace.segments.indices.filter {
            $0 >= firstAfterHandshake && !trace.segments[$0].header.flags.contains(.rst)
        }
        let dataSegments = established.filter { !trace.segments[$0].payload.isEmpty }
        var classes = [3, 4]
        if opensNormally || trace.scenario == .simultaneousOpen { classes.append(0) }
        if opensNormally { classes += [1, 2] }
        // A segment the acknowledged side answers later, so that its next segment can prove a bogus ACK.
        let answered = established.filter { position in
            trace.segments[(position + 1)...].contains { $0.sender != trace.segments[position].sender }
        }
        if !established.isEmpty { classes += [6, 7] }
        if !answered.isEmpty { classes.append(5) }
        if !dataSegments.isEmpty { classes.append(8) }
        var index: Int
        let expected: TCPAnomaly
        switch gen.element(of: classes) {
        case 0:
            // The SYN-ACK, or either SYN-ACK of a simultaneous open.
            index = trace.scenario == .simultaneousOpen ? gen.element(of: [2, 3]) : 1
            let acknowledgment = trace.segments[index].header.acknowledgmentNumber
            trace.segments[index].header.acknowledgmentNumber = moved(acknowledgment, gen)
            expected = .synAckWrongAck
        case 1:
            // The whole rule: any sequence number before ISN + 1 (the ISN itself, one below ISN + 1, included),
            // or past the end of the window the SYN-ACK offered (a pure ACK at the right edge itself is taken, as
            // Linux's tcp_in_window takes it). Ahead but inside the window is legal:
            // `testHandshakeACKAheadInsideTheWindowIsAccepted`.
            index = 2
            let window = Int(trace.segments[1].header.window)
            if gen.bool() {
                trace.segments[2].header.sequenceNumber -= gen.chance(70) ? UInt32(gen.int(in: 1 ... 4))
                    : UInt32(gen.int(in: 1 ... 1 << 30))
            } else {
                trace.segments[2].header.sequenceNumber += gen.chance(70) ? UInt32(window + gen.int(in: 1 ... 3))
                    : UInt32(gen.int(in: window + 1 ... 1 << 30))
            }
            expected = .handshakeACKWrongSeq
        case 2:
            index = 2
            trace.segments[2].header.acknowledgmentNumber = moved(trace.segments[2].header.acknowledgmentNumber, gen)
            expected = .handshakeACKWrongAck
        case 3:
            index = gen.int(in: 0 ... trace.segments.count - 1)
            trace.segments[index].header.flags.insert(gen.element(of: [.reserved1, .reserved2, .reserved3]))
            expected = .reservedBits
        case 4:
            index = gen.int(in: 0 ... trace.segments.count - 1)
            trace.segments[index].header.sourcePort = 0
            expected = .portZero
        case 5:
            index = gen.element(of: answered)
            trace.segments[index].header.acknowledgmentNumber += UInt32(gen.int(in: 1 ... 1 << 20))
            expected = .ackOfUnsentData
        case 6:
            index = gen.element(of: established)
            trace.segments[index].header.flags.insert(.syn)
            expected = .synInConnection
        case 7:
            index = gen.element(of: dataSegments.isEmpty ? established : dataSegments)
            trace.segments[index].header.flags.remove(.ack)
            expected = .missingACKFlag
        default:
            index = gen.element(of: dataSegments)
            trace.segments[index].header.sequenceNumber += UInt32(1 << 30) + UInt32(gen.int(in: 0 ... 1 << 29))
            expected = .outOfWindow
        }
        return IllegalMutation(trace: trace, index: index, expected: expected)
    }

    static func moved(_ number: SequenceNumber, _ gen: TCPGenerator) -> SequenceNumber {
        let distance = gen.chance(70) ? UInt32(gen.int(in: 1 ... 3)) : max(gen.uint32(), 1)
        return gen.bool() ? number - distance : number + distance
    }

    // MARK: - Driving the validator

    static func observe(_ trace: TCPTrace) -> [TCPObservation] {
        var observer = TCPFlowObserver(configuration: TCPFlowObserver.Configuration(capacity: 4))
        return observe(trace, with: &observer)
    }

    /// Feeds the segments to an observer in the order they are sent, 1 ms apart.
    static func observe(_ trace: TCPTrace, with observer: inout TCPFlowObserver) -> [TCPObservation] {
        var observations: [TCPObservation] = []
        for (index, bytes) in trace.encodedSegments().enumerated() {
            let pseudoHeader = trace.pseudoHeader(for: trace.segments[index].sender)
            let source = pseudoHeader.withSourceAddress { IPAddress(bytes: $0)! }
            let destination = pseudoHeader.withDestinationAddress { IPAddress(bytes: $0)! }
            let observation = bytes.withUnsafeBytes { raw in
                observer.observe(
                    try! TCPSegmentView(lenient: raw), from: source, to: destination, at: UInt64(index) * 1_000_000,
                    reference: UInt64(index))
            }
            observations.append(observation)
        }
        return observations
    }

    struct EndpointReplay {
        var results: [(sent: TCPEndpointResult, received: TCPEndpointResult)]
        var endpoints: [TCPTraceRole: TCPEndpoint]
    }

    /// Drives one endpoint per side through the trace's timeline (or `order`): `send` when a segment leaves its
    /// sender, `receive` when it reaches the other.
    static func replayEndpoints(
        _ trace: TCPTrace, order: [TCPTraceStep]? = nil, responderListens: Bool? = nil
    ) -> EndpointReplay {
        var endpoints: [TCPTraceRole: TCPEndpoint] = [
            .initiator: TCPEndpoint(state: .closed),
            .responder: TCPEndpoint(state: responderListens ?? trace.responderStartsListening ? .listen : .closed),
        ]
        let empty = TCPEndpointResult(previousState: .closed, state: .closed)
        var results = Array(repeating: (sent: empty, received: empty), count: trace.segments.count)
        let summaries = trace.encodedSegments().map { bytes in
            bytes.withUnsafeBytes { TCPSegmentSummary(try! TCPSegmentView(lenient: $0)) }
        }
        for step in order ?? trace.timeline {
            switch step {
            case .sent(let index):
                results[index].sent = endpoints[trace.segments[index].sender]!.send(summaries[index])
            case .delivered(let index):
                results[index].received = endpoints[trace.segments[index].sender.peer]!.receive(summaries[index])
            }
        }
        return EndpointReplay(results: results, endpoints: endpoints)
    }
}
