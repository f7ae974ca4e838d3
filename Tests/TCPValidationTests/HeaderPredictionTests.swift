import Foundation
import TCPCodec
import XCTest

@testable import TCPValidation

/// Header prediction must change nothing but the speed: the same traces go through an observer with it and one
/// without, and every observation, every flow record (after each segment and at the end), the retired flows and
/// the statistics must be equal. The traces: the benchmark's conversations, every recorded capture of the package,
/// and seeded random conversations perturbed as captures are (losses, duplicates, reordering, probes, zero windows,
/// timestamps going back, resets and FINs in the middle, bad checksums, one direction only, mid-stream starts).
final class HeaderPredictionTests: XCTestCase {
    // MARK: Fast path taken

    func testPredictionIsTakenOnPlainEstablishedTraffic() {
        let trace = PredictionTraces.benchmark(flows: 50)
        var run = DifferentialObservers(configuration: .init())
        XCTAssertNil(run.feed(trace, label: "benchmark"))
        // Per flow of 100 segments, the handshake (3) and the close (3) take the full path; the 94 exchanges are
        // predicted.
        XCTAssertEqual(run.predicted.predictedSegments, 94 * 50)
        XCTAssertEqual(run.full.predictedSegments, 0)
        XCTAssertEqual(run.predicted.statistics.segmentsWithAnomalies, 0)
        XCTAssertEqual(run.predicted.flows.filter(\.isClosed).count, 50)
    }

    func testPredictionIsTakenOnRecordedSessions() throws {
        for name in ["linux-session-ipv4.pcap", "linux-session-ipv6.pcap", "linux-lossy-bulk.pcap"] {
            let trace = try PredictionTraces.recorded(name)
            var run = DifferentialObservers(configuration: .init())
            XCTAssertNil(run.feed(trace, label: name))
            XCTAssertGreaterThan(run.predicted.predictedSegments, 0, name)
        }
    }

    func testSwitchedOffPredictsNothing() {
        var observer = TCPFlowObserver()
        observer.usesHeaderPrediction = false
        var wire = ObserverWire(clientISN: 1000, serverISN: 5000)
        wire.observer = observer
        wire.handshake()
        for _ in 0..<10 {
            wire.client([.ack, .psh], payload: 100)
            wire.server([.ack, .psh], payload: 300)
        }
        XCTAssertEqual(wire.observer.predictedSegments, 0)
        var on = ObserverWire(clientISN: 1000, serverISN: 5000)
        on.handshake()
        for _ in 0..<10 {
            on.client([.ack, .psh], payload: 100)
            on.server([.ack, .psh], payload: 300)
        }
        XCTAssertEqual(on.observer.predictedSegments, 20)
    }

    // MARK: Differential

    /// The perturbed conversations with some segments' fields then changed by small and boundary amounts (sequence
    /// and acknowledgment numbers, window, TSval, TSecr, flags, the AE bit, the urgent pointer), payload lengths
    /// claimed up to 3,000,000,000 (past half the sequence space), checksum verdicts, under small tables, the strict
    /// flag profile and no mid-stream pickup; the original of a changed segment sometimes kept before it. Every
    /// other seed gives each flow a context (VLAN tags, a tunnel) from its ports, and a quarter of the segments go in
    /// as a verdict of `TCPSegmentRules.judge` rather than as a view.
    func testMutatedConversationsAreJudgedTheSame() {
        var segments = 0
        var predicted: UInt64 = 0
        for seed in 1...700 as ClosedRange<UInt64> {
            var random = PredictionRandom(seed: seed &* 7919 &+ 17)
            let configuration = PredictionTraces.configuration(&random)
            var trace = [TraceSegment]()
            let rate = [2, 5, 15][random.below(3)]
            for var segment in PredictionTraces.perturbed(&random) {
                // A context per flow (the same both ways: from the ports), and now and then the verdict way in.
                if seed % 2 == 0, segment.bytes.count >= 4 {
                    let ports = UInt64(segment.bytes[1] ^ segment.bytes[3])
                    segment.context = TCPFlowContext(rawValue: ports & 1, tunnel: ports & 2)
                }
                segment.throughVerdict = random.chance(25)
                if random.chance(rate) && segment.bytes.count >= 20 {
                    let original = segment
                    PredictionMutation.mutate(&segment, &random)
                    if random.chance(30) { trace.append(original) }
                }
                trace.append(segment)
            }
            segments += trace.count
            var run = DifferentialObservers(configuration: configuration)
            if let difference = run.feed(trace, label: "mutated seed \(seed)") {
                XCTFail(difference)
                return
            }
            predicted += run.predicted.predictedSegments
        }
        XCTAssertGreaterThan(segments, 100_000)
        XCTAssertGreaterThan(predicted, UInt64(segments / 20), "the fast path is taken on mutated traffic too")
    }

    func testBenchmarkTraceIsJudgedTheSame() {
        let trace = PredictionTraces.benchmark(flows: 200)
        var run = DifferentialObservers(configuration: .init())
        XCTAssertNil(run.feed(trace, label: "benchmark"))
        // A table too small for the trace: flows are evicted and refused while they are predicted.
        var small = DifferentialObservers(configuration: .init(capacity: 64))
        XCTAssertNil(small.feed(trace, label: "benchmark, 64 flows"))
    }

    func testRecordedCapturesAreJudgedTheSame() throws {
        var names = try FileManager.default.contentsOfDirectory(atPath: RecordedTraffic.directory.path)
            .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }
        names += try FileManager.default.contentsOfDirectory(
            atPath: RecordedTraffic.directory.appendingPathComponent("tcpdump").path
        ).filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.map { "tcpdump/" + $0 }
        var segments = 0
        var predicted: UInt64 = 0
        var read = 0
        for name in names.sorted() {
            guard let trace = try? PredictionTraces.recorded(name), !trace.isEmpty else { continue }
            read += 1
            segments += trace.count
            var plain = DifferentialObservers(configuration: .init())
            XCTAssertNil(plain.feed(trace, label: name))
            predicted += plain.predicted.predictedSegments
            // Again with checksum verdicts (mostly right, some wrong) and a table of four flows.
            var random = PredictionRandom(seed: UInt64(name.utf8.count) &* 0x9E37)
            let checked = trace.map { segment in
                var segment = segment
                segment.checksumIsValid = random.below(20) == 0 ? false : random.below(4) == 0 ? nil : true
                return segment
            }
            var small = DifferentialObservers(configuration: .init(capacity: 4))
            XCTAssertNil(small.feed(checked, label: name + " (checksums, 4 flows)"))
        }
        XCTAssertGreaterThanOrEqual(read, 20, "captures read")
        XCTAssertGreaterThan(predicted, 0)
        print("HeaderPredictionTests: \(read) captures, \(segments) segments, \(predicted) predicted")
    }

    func testPerturbedConversationsAreJudgedTheSame() {
        let runs = 600
        var segments = 0
        var predicted: UInt64 = 0
        for seed in 1...UInt64(runs) {
            var random = PredictionRandom(seed: seed)
            let configuration = PredictionTraces.configuration(&random)
            let trace = PredictionTraces.perturbed(&random)
            segments += trace.count
            var run = DifferentialObservers(configuration: configuration)
            if let mismatch = run.feed(trace, label: "seed \(seed)") {
                XCTFail(mismatch)
                continue
            }
            predicted += run.predicted.predictedSegments
        }
        // Enough of the segments are predicted that the comparison says something about the fast path.
        XCTAssertGreaterThan(predicted, UInt64(segments) / 5)
        print("HeaderPredictionTests: \(runs) perturbed runs, \(segments) segments, \(predicted) predicted")
    }
}

/// Two observers fed the same segments, one with header prediction (the default) and one without.
struct DifferentialObservers {
    var predicted: TCPFlowObserver
    var full: TCPFlowObserver
    /// The flag profile of both, for segments fed through `observe(_:from:to:...)` with a verdict.
    let flagProfile: TCPFlagProfile

    init(configuration: TCPFlowObserver.Configuration) {
        flagProfile = configuration.flagProfile
        predicted = TCPFlowObserver(configuration: configuration)
        full = TCPFlowObserver(configuration: configuration)
        full.usesHeaderPrediction = false
    }

    /// Feeds a trace to both; returns the first difference found, described, or `nil`.
    mutating func feed(_ trace: [TraceSegment], label: String) -> String? {
        for (index, segment) in trace.enumerated() {
            if let difference = feed(segment) { return "\(label), segment \(index): \(difference)" }
        }
        if predicted.statistics != full.statistics {
            return "\(label): statistics \(predicted.statistics) != \(full.statistics)"
        }
        if predicted.count != full.count { return "\(label): \(predicted.count) flows != \(full.count)" }
        let left = predicted.sortedFlows
        let right = full.sortedFlows
        for (one, other) in zip(left, right) where one != other {
            return "\(label): at the end, flow \(one.id):\n\(one)\n!=\n\(other)"
        }
        return nil
    }

    /// Feeds one segment to both; returns the difference, or `nil`.
    mutating func feed(_ segment: TraceSegment) -> String? {
        segment.bytes.withUnsafeBytes { raw -> String? in
            guard let view = try? TCPSegmentView(lenient: raw) else { return nil }
            let one: TCPObservation
            let other: TCPObservation
            if segment.throughVerdict {
                // The other way in: a verdict judged by the stateless rules first.
                let verdict = TCPSegmentRules.judge(view, profile: flagProfile, payloadLength: segment.payloadLength)
                let from = TCPFlowEndpoint(address: segment.source, port: view.sourcePort)
                let to = TCPFlowEndpoint(address: segment.destination, port: view.destinationPort)
                one = predicted.observe(
                    verdict, from: from, to: to, at: segment.time, checksumIsValid: segment.checksumIsValid,
                    context: segment.context, reference: segment.reference)
                other = full.observe(
                    verdict, from: from, to: to, at: segment.time, checksumIsValid: segment.checksumIsValid,
                    context: segment.context, reference: segment.reference)
            } else {
                one = predicted.observe(
                    view, from: segment.source, to: segment.destination, at: segment.time,
                    payloadLength: segment.payloadLength, checksumIsValid: segment.checksumIsValid,
                    context: segment.context, reference: segment.reference)
                other = full.observe(
                    view, from: segment.source, to: segment.destination, at: segment.time,
                    payloadLength: segment.payloadLength, checksumIsValid: segment.checksumIsValid,
                    context: segment.context, reference: segment.reference)
            }
            if let difference = Self.difference(one, other) { return difference }
            if predicted.lastRetiredFlow != full.lastRetiredFlow { return "retired flows differ" }
            let source = TCPFlowEndpoint(address: segment.source, port: view.sourcePort)
            let destination = TCPFlowEndpoint(address: segment.destination, port: view.destinationPort)
            let left = predicted.flow(between: source, and: destination, context: segment.context)
            let right = full.flow(between: source, and: destination, context: segment.context)
            if left != right {
                return "flow records differ:\n\(left.map { "\($0)" } ?? "none")\n!=\n\(right.map { "\($0)" } ?? "none")"
            }
            // What is not public too: the window tracker, what was seen of each side, the capture's state.
            let key = TCPFlowKey(source: source, destination: destination, context: segment.context)
            if let one = predicted.state(of: key), let other = full.state(of: key), one != other {
                return "flow states differ:\n\(one)\n!=\n\(other)"
            }
            // The flow's own conditions for prediction, cached by the full path, are never stale after a segment.
            for observer in [predicted, full] {
                if let state = observer.state(of: key), state.predictionReady != state.allowsPrediction {
                    return "predictionReady \(state.predictionReady) where the flow's conditions say the opposite"
                }
            }
            return nil
        }
    }

    /// Every field of two observations, compared; the first that differs, named.
    static func difference(_ one: TCPObservation, _ other: TCPObservation) -> String? {
        let fields: [(String, Bool)] = [
            ("flowID", one.flowID == other.flowID), ("direction", one.direction == other.direction),
            ("anomalies", one.anomalies == other.anomalies), ("traits", one.traits == other.traits),
            ("ecn", one.ecn == other.ecn), ("verdict", one.verdict == other.verdict),
            ("response", one.response == other.response), ("windowCheck", one.windowCheck == other.windowCheck),
            ("senderState", one.senderState == other.senderState),
            ("receiverState", one.receiverState == other.receiverState),
            ("retiredFlow", one.retiredFlow == other.retiredFlow),
            ("earlierAnomaly", one.earlierAnomaly == other.earlierAnomaly),
            ("earlierReference", one.earlierReference == other.earlierReference),
        ]
        guard let field = fields.first(where: { !$0.1 }) else { return nil }
        return "observations differ in \(field.0): \(one) != \(other)"
    }
}

/// One segment of a trace and what the caller of `observe` hands over with it.
struct TraceSegment {
    var bytes: [UInt8]
    var source: IPAddress
    var destination: IPAddress
    var time: UInt64
    var payloadLength: Int? = nil
    var checksumIsValid: Bool? = nil
    var context = TCPFlowContext.none
    var reference: UInt64 = 0
    /// Which side sent it (for the perturbations).
    var fromClient = true
    /// Whether the differential test feeds it as a verdict of `TCPSegmentRules.judge` rather than as a view.
    var throughVerdict = false
}

/// SplitMix64: a small seeded generator, so that every trace is replayable from its seed.
struct PredictionRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0 ..< bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// A 32-bit number.
    mutating func word() -> UInt32 { UInt32(truncatingIfNeeded: next()) }

    /// Whether an event of probability `percent` / 100 happens.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// The traces the differential tests run.
enum PredictionTraces {
    /// An observer configuration drawn for a seeded run: a table of 2, 16 or 16,384 flows, the strict flag profile
    /// one time in four, mid-stream pickup off one time in ten.
    static func configuration(_ random: inout PredictionRandom) -> TCPFlowObserver.Configuration {
        TCPFlowObserver.Configuration(
            capacity: [2, 16, 16384][random.below(3)], flagProfile: random.below(4) == 0 ? .strict : .conntrack,
            midStreamPickup: random.below(10) != 0)
    }

    /// The benchmark's trace (`tcp-codec-bench observer`, `ObserverTrace`): `flows` whole connections of 100
    /// segments with timestamps, window scale and SACK-permitted, interleaved round-robin.
    static func benchmark(flows: Int) -> [TraceSegment] {
        var random = PredictionRandom(seed: 7)
        var perFlow = [[TraceSegment]]()
        for flow in 0..<flows {
            let clientPort = UInt16(32768 + random.below(28_000))
            var clientNext = random.word()
            var serverNext = random.word()
            var clientClock = UInt32(truncatingIfNeeded: random.next() >> 40)
            var serverClock = UInt32(truncatingIfNeeded: random.next() >> 40)
            let client = IPAddress(ipv4: 0x0A00_0000 | UInt32(flow + 1))
            let server = IPAddress(ipv4: 0xC0A8_0000 | UInt32(flow % 16 + 1))
            var list = [TraceSegment]()
            func add(_ fromClient: Bool, _ flags: TCPFlags, payload: Int, syn: Bool = false) {
                let (sequence, acknowledgment) = fromClient ? (clientNext, serverNext) : (serverNext, clientNext)
                let (value, echo) = fromClient ? (clientClock, serverClock &- 1) : (serverClock, clientClock &- 1)
                let timestamps = TCPOption.timestamps(value: value, echoReply: flags == .syn ? 0 : echo)
                let options: [TCPOption] = syn
                    ? [.maximumSegmentSize(1460), .sackPermitted, timestamps, .noOperation, .windowScale(7)]
                    : [.noOperation, .noOperation, timestamps]
                let header = try! TCPHeader(
                    sourcePort: fromClient ? clientPort : 443, destinationPort: fromClient ? 443 : clientPort,
                    sequenceNumber: SequenceNumber(sequence),
                    acknowledgmentNumber: SequenceNumber(flags.contains(.ack) ? acknowledgment : 0), flags: flags,
                    window: syn ? 64_240 : 502, options: TCPOptionList(options))
                list.append(TraceSegment(
                    bytes: try! SegmentBuilder.bytes(header, payload: [UInt8](repeating: 0, count: payload)),
                    source: fromClient ? client : server, destination: fromClient ? server : client, time: 0,
                    fromClient: fromClient))
                let length = UInt32(payload) + (flags.contains(.syn) ? 1 : 0) + (flags.contains(.fin) ? 1 : 0)
                if fromClient { clientNext &+= length } else { serverNext &+= length }
                if fromClient { clientClock &+= 1 } else { serverClock &+= 1 }
            }
            add(true, .syn, payload: 0, syn: true)
            add(false, [.syn, .ack], payload: 0, syn: true)
            add(true, .ack, payload: 0)
            for _ in 0..<47 {
                add(true, [.psh, .ack], payload: 100)
                add(false, [.psh, .ack], payload: 400)
            }
            add(true, [.fin, .ack], payload: 0)
            add(false, [.fin, .ack], payload: 0)
            add(true, .ack, payload: 0)
            perFlow.append(list)
        }
        var trace = [TraceSegment]()
        var time: UInt64 = 1_700_000_000_000_000_000
        for step in 0..<100 {
            for flow in 0..<flows {
                var segment = perFlow[flow][step]
                segment.time = time
                segment.reference = UInt64(trace.count + 1)
                trace.append(segment)
                time += 1_000
            }
        }
        return trace
    }

    /// A capture of the package's `Captures` folder, as the recorded-traffic tests read it.
    static func recorded(_ name: String) throws -> [TraceSegment] {
        try RecordedTraffic.read(name).enumerated().map { index, segment in
            TraceSegment(
                bytes: segment.bytes, source: segment.source, destination: segment.destination, time: segment.time,
                payloadLength: segment.payloadLength, reference: UInt64(index + 1))
        }
    }

    /// One to six random conversations, perturbed, interleaved at random.
    static func perturbed(_ random: inout PredictionRandom) -> [TraceSegment] {
        var conversations = [[TraceSegment]]()
        let count = 1 + random.below(6)
        for index in 0..<count {
            // Now and then the same 4-tuple again, after the previous conversation on it.
            let reused = index > 0 && random.chance(15)
            var generator = ConversationGenerator(random: &random, number: reused ? index - 1 : index)
            let conversation = generator.generate(&random)
            if reused {
                conversations[conversations.count - 1] += conversation
            } else {
                conversations.append(conversation)
            }
        }
        var positions = [Int](repeating: 0, count: conversations.count)
        var trace = [TraceSegment]()
        var time: UInt64 = 1_000_000_000
        while true {
            let open = conversations.indices.filter { positions[$0] < conversations[$0].count }
            guard !open.isEmpty else { break }
            let pick = open[random.below(open.count)]
            var segment = conversations[pick][positions[pick]]
            positions[pick] += 1
            time += UInt64(1 + random.below(2_000_000))
            segment.time = time
            segment.reference = UInt64(trace.count + 1)
            trace.append(segment)
        }
        return trace
    }
}

/// Builds one conversation between two hosts that track their own sequence numbers, acknowledgments, windows and
/// timestamp clocks, with the events a capture shows now and then; then loses, repeats and reorders segments.
struct ConversationGenerator {
    var clientAddress: IPAddress
    var serverAddress: IPAddress
    var clientPort: UInt16
    var serverPort: UInt16
    var clientNext: UInt32
    var serverNext: UInt32
    var clientAcked: UInt32 = 0
    var serverAcked: UInt32 = 0
    var clientClock: UInt32
    var serverClock: UInt32
    var clientEcho: UInt32 = 0
    var serverEcho: UInt32 = 0
    var clientWindow: UInt16
    var serverWindow: UInt16
    /// Whether each side sends the timestamps option (now and then only one of them does).
    var clientTimestamps: Bool
    var serverTimestamps: Bool
    var sack: Bool
    var clientScale: UInt8?
    var serverScale: UInt8?
    /// Whether events are rarer in this conversation.
    var calm: Bool
    var segments = [TraceSegment]()

    init(random: inout PredictionRandom, number: Int) {
        clientAddress = IPAddress(ipv4: 0x0A00_0001 + UInt32(number))
        serverAddress = IPAddress(ipv4: 0xC0A8_0001)
        clientPort = 40000 + UInt16(number)
        serverPort = random.chance(50) ? 80 : 50000
        clientNext = random.word()
        serverNext = random.chance(10) ? clientNext &+ UInt32(random.below(100)) : random.word()
        clientClock = random.chance(10) ? 0xFFFF_FF00 : random.word()
        serverClock = random.word()
        let windows: [UInt16] = [1, 200, 502, 4096, 65535, 65535]
        clientWindow = windows[random.below(windows.count)]
        serverWindow = windows[random.below(windows.count)]
        clientTimestamps = random.chance(75)
        serverTimestamps = random.chance(90) ? clientTimestamps : !clientTimestamps
        sack = random.chance(60)
        clientScale = random.chance(60) ? UInt8(random.below(16)) : nil
        serverScale = random.chance(60) ? UInt8(random.below(16)) : nil
        calm = random.chance(35)
    }

    /// Emits one segment from a side; `seq` and `ack` default to the side's SND.NXT and what it acknowledges.
    mutating func emit(
        _ random: inout PredictionRandom, fromClient: Bool, _ flags: TCPFlags, payload: Int = 0,
        seq: UInt32? = nil, ack: UInt32? = nil, window: UInt16? = nil, timestampValue: UInt32? = nil,
        extra: [TCPOption] = [], claimedPayload: Int? = nil, advances: Bool = true
    ) {
        let sequence = seq ?? (fromClient ? clientNext : serverNext)
        let acknowledgment = flags.contains(.ack) ? (ack ?? (fromClient ? clientAcked : serverAcked)) : 0
        var options = [TCPOption]()
        if flags.contains(.syn) {
            options.append(.maximumSegmentSize(1460))
            if sack { options.append(.sackPermitted) }
            if let scale = fromClient ? clientScale : serverScale { options.append(.windowScale(scale)) }
        }
        if fromClient ? clientTimestamps : serverTimestamps {
            let clock = timestampValue ?? (fromClient ? clientClock : serverClock)
            let echo = flags == .syn ? 0 : (fromClient ? clientEcho : serverEcho)
            options.append(.timestamps(value: clock, echoReply: echo))
        }
        options += extra
        let header = try! TCPHeader(
            sourcePort: fromClient ? clientPort : serverPort, destinationPort: fromClient ? serverPort : clientPort,
            sequenceNumber: SequenceNumber(sequence), acknowledgmentNumber: SequenceNumber(acknowledgment),
            flags: flags, window: window ?? (fromClient ? clientWindow : serverWindow),
            options: TCPOptionList(options))
        let bytes = try! SegmentBuilder.bytes(header, payload: [UInt8](repeating: 0x41, count: payload))
        segments.append(TraceSegment(
            bytes: bytes, source: fromClient ? clientAddress : serverAddress,
            destination: fromClient ? serverAddress : clientAddress, time: 0,
            payloadLength: claimedPayload, fromClient: fromClient))
        let length = UInt32(claimedPayload ?? payload) + (flags.contains(.syn) ? 1 : 0)
            + (flags.contains(.fin) ? 1 : 0)
        // The peer receives it (losses come later) and echoes its clock.
        if fromClient {
            if advances && sequence == clientNext { clientNext &+= length }
            serverAcked = clientNext
            serverEcho = timestampValue ?? clientClock
            clientClock &+= UInt32(random.below(3))
        } else {
            if advances && sequence == serverNext { serverNext &+= length }
            clientAcked = serverNext
            clientEcho = timestampValue ?? serverClock
            serverClock &+= UInt32(random.below(3))
        }
    }

    /// The conversation: handshake, exchanges with events, a close; then the capture's perturbations.
    mutating func generate(_ random: inout PredictionRandom) -> [TraceSegment] {
        emit(&random, fromClient: true, .syn)
        emit(&random, fromClient: false, [.syn, .ack])
        emit(&random, fromClient: true, .ack)
        let steps = 10 + random.below(60)
        var finished = false
        for _ in 0..<steps where !finished {
            let side = random.chance(50)
            var roll = random.below(100)
            // A calm conversation has a fifth of the events.
            if calm && roll >= 78 && !random.chance(20) { roll = random.below(78) }
            switch roll {
            case 0..<34:
                emit(&random, fromClient: true, [.ack, .psh], payload: 1 + random.below(300))
                if random.chance(60) { emit(&random, fromClient: false, .ack) }
            case 34..<62:
                emit(&random, fromClient: false, random.chance(70) ? [.ack, .psh] : .ack,
                     payload: 1 + random.below(1000))
            case 62..<67:
                emit(&random, fromClient: side, .ack)
            case 67..<78:  // both ways in a row, the ACK of the first after the second's data
                emit(&random, fromClient: side, [.ack, .psh], payload: 1 + random.below(500))
                emit(&random, fromClient: side, [.ack, .psh], payload: 1 + random.below(500))
                emit(&random, fromClient: !side, [.ack, .psh], payload: 1 + random.below(500))
            // The events, each about 1.5 % of the steps.
            case 78..<79:  // keep-alive: SND.NXT - 1, zero or one byte
                let next = side ? clientNext : serverNext
                emit(&random, fromClient: side, .ack, payload: random.below(2), seq: next &- 1, advances: false)
            case 79..<81:  // the window closes, or opens again
                let window: UInt16 = random.chance(50) ? 0 : [1, 502, 65535][random.below(3)]
                if side { clientWindow = window } else { serverWindow = window }
                emit(&random, fromClient: side, .ack)
            case 81..<83:  // a duplicate ACK, or data into a zero window
                emit(&random, fromClient: side, .ack, payload: random.chance(50) ? 0 : 1)
            case 83..<85:  // the timestamp goes back
                let clock = side ? clientClock : serverClock
                emit(&random, fromClient: side, [.ack, .psh], payload: 1 + random.below(100),
                     timestampValue: clock &- UInt32(1 + random.below(5000)))
            case 85..<86:  // a RST, exact or not
                let next = side ? clientNext : serverNext
                let sequence = random.chance(60) ? next : next &+ UInt32(random.below(100_000))
                emit(&random, fromClient: side, random.chance(50) ? .rst : [.rst, .ack], seq: sequence)
                finished = random.chance(60)
            case 86..<87:  // one side closes in the middle
                emit(&random, fromClient: side, [.fin, .ack], payload: random.below(2) * 10)
            case 87..<89:  // a retransmission of older bytes
                let next = side ? clientNext : serverNext
                emit(&random, fromClient: side, [.ack, .psh], payload: 1 + random.below(50),
                     seq: next &- UInt32(1 + random.below(200)), advances: false)
            case 89..<91:  // an acknowledgment of bytes not sent, or an old one
                let acked = side ? clientAcked : serverAcked
                let offset = UInt32(random.below(70_000))
                emit(&random, fromClient: side, .ack, ack: random.chance(50) ? acked &+ offset : acked &- offset)
            case 91..<92:  // data beyond the window, or a gap
                let next = side ? clientNext : serverNext
                emit(&random, fromClient: side, .ack, payload: 10,
                     seq: next &+ UInt32(random.below(3_000_000)), advances: false)
            case 92..<93:  // a SYN in the connection
                emit(&random, fromClient: side, random.chance(50) ? .syn : [.syn, .ack], advances: false)
            case 93..<95:  // other flags: ECE, CWR, URG
                let flags: [TCPFlags] = [[.ack, .ece], [.ack, .cwr], [.ack, .urg], [.ack, .psh, .ece, .cwr]]
                emit(&random, fromClient: side, flags[random.below(flags.count)], payload: random.below(100))
            case 95..<96:  // a TCP-MD5 option
                let signature = try! TCPOptionData([UInt8](repeating: 7, count: 16))
                emit(&random, fromClient: side, [.ack, .psh], payload: 20, extra: [.md5Signature(signature)])
            case 96..<98:  // SACK blocks on an ACK
                let acked = side ? clientAcked : serverAcked
                let left = acked &+ UInt32(random.below(3000))
                let blocks = try! TCPSACKBlocks([TCPSACKBlock(
                    left: SequenceNumber(left), right: SequenceNumber(left &+ UInt32(1 + random.below(2000))))])
                emit(&random, fromClient: side, .ack, extra: [.sack(blocks)])
            default:  // a large payload, claimed by the IP length only
                emit(&random, fromClient: side, [.ack, .psh], payload: 0, claimedPayload: 1 + random.below(200_000))
            }
        }
        if !finished && random.chance(70) {
            let first = random.chance(50)
            emit(&random, fromClient: first, [.fin, .ack])
            emit(&random, fromClient: !first, [.fin, .ack])
            emit(&random, fromClient: first, .ack)
        }
        return perturb(&random)
    }

    /// The capture's doing: a mid-stream start, one direction only, losses, duplicates, reordering, checksums,
    /// headers cut by the snapshot length.
    func perturb(_ random: inout PredictionRandom) -> [TraceSegment] {
        var list = segments
        if random.chance(10) { list.removeFirst(min(list.count, 1 + random.below(5))) }
        if random.chance(10) {
            let side = random.chance(50)
            list.removeAll { $0.fromClient == side }
        }
        let loss = [0, 0, 0, 1, 5][random.below(5)]
        let repeats = [0, 0, 3][random.below(3)]
        let swaps = [0, 0, 3][random.below(3)]
        var result = [TraceSegment]()
        for segment in list where !random.chance(loss) {
            result.append(segment)
            if random.chance(repeats) { result.append(segment) }
        }
        if result.count > 1 {
            for index in 0..<(result.count - 1) where random.chance(swaps) { result.swapAt(index, index + 1) }
        }
        // Not checked, mostly right, all wrong (checksum offload), or anything.
        let checksums = [0, 0, 0, 0, 1, 1, 1, 2, 3, 3][random.below(10)]
        for index in result.indices {
            switch checksums {
            case 0: break
            case 1: result[index].checksumIsValid = !random.chance(3)
            case 2: result[index].checksumIsValid = false
            default: result[index].checksumIsValid = [nil, true, false][random.below(3)]
            }
            if random.chance(1) && result[index].bytes.count > 24 {
                // Cut inside the header; the IP length still tells the payload.
                let headerLength = Int(result[index].bytes[12] >> 4) * 4
                let payload = result[index].payloadLength ?? (result[index].bytes.count - headerLength)
                result[index].bytes = Array(result[index].bytes[0..<(20 + random.below(headerLength - 19))])
                result[index].payloadLength = payload
            }
        }
        return result
    }
}

/// Field changes for the mutated differential test: small and boundary amounts, in place.
enum PredictionMutation {
    /// Adds `delta` (modulo 2^32) to the big-endian word at `offset`.
    static func add(_ delta: UInt32, toWordAt offset: Int, of bytes: inout [UInt8]) {
        var value = UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
        value &+= delta
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (24 - 8 * index)) }
    }

    /// Changes one field of a segment of at least 20 bytes.
    static func mutate(_ segment: inout TraceSegment, _ random: inout PredictionRandom) {
        let deltas: [UInt32] = [1, 2, 0xFFFF_FFFF, 0xFFFF_FFFE, 100, 0xFFFF_FF00, 0x8000_0000, 0x4000_0000, 0x7FFF_FFFF]
        func delta() -> UInt32 { deltas[random.below(deltas.count)] }
        // NOP NOP TS as the whole option area: TSval at 24, TSecr at 28.
        let hasTimestamps = segment.bytes.count >= 32 && segment.bytes[12] >> 4 == 8
            && segment.bytes[20 ..< 24].elementsEqual([1, 1, 8, 10])
        switch random.below(10) {
        case 0: add(delta(), toWordAt: 4, of: &segment.bytes)
        case 1: add(delta(), toWordAt: 8, of: &segment.bytes)
        case 2:
            let window: UInt16 = [0, 1, 2, 100, 65535][random.below(5)]
            segment.bytes[14] = UInt8(window >> 8)
            segment.bytes[15] = UInt8(window & 255)
        case 3 where hasTimestamps: add(delta(), toWordAt: 24, of: &segment.bytes)
        case 4 where hasTimestamps:
            if random.chance(50) {
                for index in 28..<32 { segment.bytes[index] = 0 }
            } else {
                add(delta(), toWordAt: 28, of: &segment.bytes)
            }
        case 5: segment.bytes[13] ^= [0x40, 0x80, 0x20, 0x01, 0x04, 0x02, 0x08][random.below(7)]
        case 6: segment.bytes[12] ^= 0x01  // AE
        case 7: segment.payloadLength = [0x7FFF_FFFF, 1 << 30, 3_000_000_000, 65536, 0, (1 << 30) + 1][random.below(6)]
        case 8: segment.checksumIsValid = [nil, true, false][random.below(3)]
        default:
            segment.bytes[18] = UInt8(random.below(256))
            segment.bytes[19] = UInt8(random.below(256))
        }
    }
}
