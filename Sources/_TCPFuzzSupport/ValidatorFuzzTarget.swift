#if canImport(Glibc)
import Glibc
#endif
import TCPCodec
import TCPValidation

/// The `validator` fuzz target: fuzz bytes as a conversation of segments in both directions, through the flow
/// observer and a pair of endpoint state machines.
///
/// A setup byte configures a small observer (1 to 8 flows, so that eviction and reuse happen), then each step is
/// either a segment or a user call or timer (the format: ``ValidatorStepFormat``). For a segment, a control byte
/// picks direction, flow, ports and how much time passes, a length byte gives its size (20 to 275 bytes), and its
/// bytes follow; it is decoded strictly, or leniently when that fails. Segments of flow 0 also drive a client and a
/// server ``TCPEndpoint`` (RFC 9293 section 3.10). After every step: the observer holds no more flows than its
/// capacity, its statistics add up, the flow a segment was filed under can be found again, every state change of an
/// endpoint follows at most two edges of the RFC 9293 state diagram (section 3.3.2, with the RFC 6191 TIME-WAIT
/// reuse) or goes to CLOSED, and SND.UNA is never after SND.NXT.
public enum ValidatorFuzzTarget {
    /// The most steps one input may take, so that a single input stays fast.
    public static let maximumSteps = 96

    /// Runs one input; traps (through `precondition`) when an invariant does not hold.
    ///
    /// - Parameter input: the setup byte, the client's ISS, then the steps.
    public static func run(_ input: UnsafeRawBufferPointer) {
        var fuzz = FuzzInput(input)
        let (setup, initialSequenceNumber) = ValidatorStepFormat.takeStart(&fuzz)
        let configuration = TCPFlowObserver.Configuration(
            capacity: Int(setup & 0x07) + 1, idleTimeout: 1_000_000_000, closedTimeout: 200_000_000,
            flagProfile: setup & 0x08 != 0 ? .strict : .conntrack, midStreamPickup: setup & 0x10 == 0,
            evictionSampleSize: Int(setup >> 5) + 1)
        var observer = TCPFlowObserver(configuration: configuration)
        // Fed the same segments through `TCPSegmentRules.judge` and `observe(_:from:to:at:)` with the verdict: it
        // must observe exactly what `observer` does.
        var shadow = TCPFlowObserver(configuration: configuration)
        var client = TCPEndpoint()
        var server = TCPEndpoint()
        check(
            client.handle(.activeOpen(initialSequenceNumber: SequenceNumber(ValidatorStepFormat.uint32(
                initialSequenceNumber)))),
            of: client)
        check(server.handle(.passiveOpen), of: server)
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: ValidatorStepFormat.maximumSegmentLength, alignment: 8)
        defer { buffer.deallocate() }
        var time: UInt64 = 1
        var steps = 0
        while !fuzz.isEmpty, steps < maximumSteps {
            steps += 1
            let step = ValidatorStepFormat.takeStep(&fuzz)
            // Time passes: not at all, a little, past the closed timeout, or past the idle timeout.
            time += [0, 1_000, 300_000_000, 1_500_000_000][Int(step.control >> 6)]
            let control: UInt8
            let addresses: UnsafeRawBufferPointer
            let count: Int
            let bytes: UnsafeRawBufferPointer
            switch step {
            case .call(let callControl, let initialSequenceNumber):
                applyCall(
                    callControl, initialSequenceNumber: initialSequenceNumber, client: &client, server: &server,
                    observer: &observer, shadow: &shadow, time: time)
                continue
            case .segment(let segmentControl, let addressBytes, let length, let segmentBytes):
                (control, addresses, count, bytes) = (segmentControl, addressBytes, length, segmentBytes)
            }
            let fromClient = control & 0x01 == 0
            let flow = UInt16((control >> 1) & 0x03)
            let keepPorts = control & ValidatorStepFormat.keepPortsBit != 0
            let (clientAddress, serverAddress) = control & ValidatorStepFormat.ipv6Bit != 0
                ? ipv6Addresses(addresses) : (IPAddress(ipv4: 0xC000_0201), IPAddress(ipv4: 0xC000_0202))
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            UnsafeMutableRawBufferPointer(rebasing: buffer[..<bytes.count]).copyMemory(from: bytes)
            if !keepPorts {
                let (source, destination) = fromClient ? (40000 + flow, UInt16(80)) : (80, 40000 + flow)
                buffer[0] = UInt8(source >> 8)
                buffer[1] = UInt8(truncatingIfNeeded: source)
                buffer[2] = UInt8(destination >> 8)
                buffer[3] = UInt8(truncatingIfNeeded: destination)
            }
            let segment = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<count])
            let view: TCPSegmentView
            if let strict = try? TCPSegmentView(segment) {
                view = strict
            } else if let lenient = try? TCPSegmentView(lenient: segment) {
                view = lenient
            } else {
                preconditionFailure("a 20-byte segment does not decode leniently")
            }
            let (from, to) = fromClient ? (clientAddress, serverAddress) : (serverAddress, clientAddress)
            // The urgent pointer's low byte also picks what a capture adds: the checksum verdict, a VLAN context,
            // and a wire length beyond the bytes kept (a snapshot length).
            let extra = bytes.count > 19 ? bytes[19] : 0
            let checksum: Bool? = [nil, true, false, nil][Int(extra & 0x03)]
            let context = TCPFlowContext(rawValue: UInt64((extra >> 2) & 0x01))
            let payloadLength: Int? = extra & 0x08 == 0 ? nil : view.payload.count + Int(extra >> 4) * 100
            observe(
                view, from: from, to: to, at: time,
                extras: Extras(
                    checksumIsValid: checksum, context: context, payloadLength: payloadLength,
                    reference: UInt64(steps)),
                observer: &observer, shadow: &shadow)
            if flow == 0, !keepPorts {
                let summary = TCPSegmentSummary(view)
                checkAcceptability(summary, receiver: fromClient ? server : client)
                if fromClient {
                    check(client.send(summary), of: client)
                    check(server.receive(summary), of: server)
                } else {
                    check(server.send(summary), of: server)
                    check(client.receive(summary), of: client)
                }
            }
        }
    }

    /// Applies a user call or timer to one endpoint, or expires the observer's flows.
    static func applyCall(
        _ control: UInt8, initialSequenceNumber: UnsafeRawBufferPointer, client: inout TCPEndpoint,
        server: inout TCPEndpoint, observer: inout TCPFlowObserver, shadow: inout TCPFlowObserver, time: UInt64
    ) {
        let call: TCPUserCall
        switch ValidatorStepFormat.callKind(control) {
        case 0:
            call = .activeOpen(initialSequenceNumber: SequenceNumber(ValidatorStepFormat.uint32(initialSequenceNumber)))
        case 1: call = .passiveOpen
        case 2: call = .close
        case 3: call = .abort
        case 4:
            if control & 0x01 == 0 {
                check(client.timeWaitTimeout(), of: client)
            } else {
                check(server.timeWaitTimeout(), of: server)
            }
            return
        default:
            let before = observer.count
            // A copy taken before is a value: expiring the original's flows leaves the copy's (copy on write).
            let snapshot = observer
            let removed = observer.expire(now: time)
            precondition(removed >= 0 && observer.count == before - removed, "expire miscounts the flows removed")
            precondition(snapshot.count == before && snapshot.sortedFlows.count == before, "expiring changed a copy")
            precondition(shadow.expire(now: time) == removed, "the shadow observer expires other flows")
            checkTable(observer)
            return
        }
        if control & 0x01 == 0 {
            check(client.handle(call), of: client)
        } else {
            check(server.handle(call), of: server)
        }
    }

    /// What a capture adds to a segment besides its bytes.
    struct Extras {
        var checksumIsValid: Bool?
        var context: TCPFlowContext
        var payloadLength: Int?
        var reference: UInt64
    }

    /// Observes one segment and checks the observer's bookkeeping.
    static func observe(
        _ view: TCPSegmentView, from source: IPAddress, to destination: IPAddress, at time: UInt64,
        extras: Extras, observer: inout TCPFlowObserver, shadow: inout TCPFlowObserver
    ) {
        let before = observer.statistics
        let sourceEndpoint = TCPFlowEndpoint(address: source, port: view.sourcePort)
        let destinationEndpoint = TCPFlowEndpoint(address: destination, port: view.destinationPort)
        let recordBefore = observer.flow(between: sourceEndpoint, and: destinationEndpoint, context: extras.context)
        let observation = observer.observe(
            view, from: source, to: destination, at: time, payloadLength: extras.payloadLength,
            checksumIsValid: extras.checksumIsValid, context: extras.context, reference: extras.reference)
        let after = observer.statistics
        let profile = observer.configuration.flagProfile
        let verdict = TCPSegmentRules.judge(view, profile: profile, payloadLength: extras.payloadLength)
        checkVerdict(verdict, of: view, profile: profile)
        let shadowObservation = shadow.observe(
            TCPSegmentVerdict(summary: verdict.summary, anomalies: verdict.anomalies, ecn: verdict.ecn),
            from: sourceEndpoint, to: destinationEndpoint, at: time, checksumIsValid: extras.checksumIsValid,
            context: extras.context, reference: extras.reference)
        // A segment its receiver drops before TCP sees it moves neither endpoint model.
        let droppedEarly = observation.anomalies.contains(.badChecksum)
            || observation.anomalies.contains(.unexpectedAuthenticationOption)
        if droppedEarly, let recordBefore, observation.flowID == recordBefore.id,
            let recordAfter = observer.flow(between: sourceEndpoint, and: destinationEndpoint, context: extras.context)
        {
            precondition(observation.verdict == .dropped, "a segment dropped before TCP was not dropped")
            precondition(
                recordAfter.clientEndpoint == recordBefore.clientEndpoint
                    && recordAfter.serverEndpoint == recordBefore.serverEndpoint,
                "a segment dropped before TCP moved an endpoint model")
        }
        if observation.earlierAnomaly != nil {
            precondition(observation.earlierReference <= extras.reference, "an anomaly proved of a later segment")
        }
        checkSame(observation, shadowObservation)
        precondition(shadow.statistics == after, "the two ways of observing count differently")
        checkSetAlgebra(observation.anomalies, verdict.anomalies)
        if observation.retiredFlow {
            precondition(observer.lastRetiredFlow != nil, "a flow was retired but none is kept")
        }
        precondition(after.segments == before.segments + 1, "the segment count did not grow by one")
        if let flowID = observation.flowID {
            precondition(after.untrackedSegments == before.untrackedSegments, "a tracked segment counted untracked")
            let found = observer.flow(between: sourceEndpoint, and: destinationEndpoint, context: extras.context)
            precondition(found?.id == flowID, "the flow of a tracked segment cannot be found")
        } else {
            precondition(after.untrackedSegments == before.untrackedSegments + 1, "an untracked segment not counted")
        }
        // What a report prints: every anomaly's name and description, the response, the verdict, the flow.
        var anomalyCount = 0
        for anomaly in observation.anomalies {
            precondition(observation.anomalies.contains(anomaly), "an anomaly iterated is not contained")
            precondition(!anomaly.name.description.isEmpty && !anomaly.description.isEmpty)
            anomalyCount += 1
        }
        precondition(anomalyCount == observation.anomalies.count, "anomaly iteration and count disagree")
        _ = observation.anomalies.description
        precondition(!observation.traits.description.isEmpty && !observation.windowCheck.description.isEmpty)
        _ = "\(observation.response) \(observation.verdict) \(observation.direction) \(observation.ecn)"
        _ = "\(observation.senderState) \(observation.receiverState) \(source) \(destination)"
        checkTable(observer)
    }

    /// Checks the observer's memory bound and that its flows are distinct.
    static func checkTable(_ observer: TCPFlowObserver) {
        let capacity = observer.configuration.capacity
        precondition(observer.count >= 0 && observer.count <= capacity, "more flows held than the capacity")
        var identifiers: [UInt64] = []
        for record in observer.flows {
            precondition(!identifiers.contains(record.id), "two flows share an id")
            identifiers.append(record.id)
            precondition(identifiers.count <= capacity, "the table yields more flows than its capacity")
        }
        precondition(identifiers.count == observer.count, "the flows iterated differ from the count")
        let sorted = observer.sortedFlows
        precondition(sorted.count == identifiers.count, "sortedFlows holds another number of flows")
        precondition(zip(sorted, sorted.dropFirst()).allSatisfy { $0.id < $1.id }, "sortedFlows is not sorted")
        for record in sorted {
            precondition(
                record.clientState == record.clientEndpoint.state && record.serverState == record.serverEndpoint.state)
        }
    }

    /// Checks one result of an endpoint: it reports the endpoint's state, and the change is a legal transition.
    static func check(_ result: TCPEndpointResult, of endpoint: TCPEndpoint) {
        precondition(result.state == endpoint.state, "the result reports another state than the endpoint's")
        precondition(result.changedState == (result.previousState != result.state))
        precondition(
            isLegalTransition(from: result.previousState, to: result.state),
            "illegal transition \(result.previousState) -> \(result.state)")
        if endpoint.state.isSynchronized, !endpoint.isLoose {
            // SND.UNA =< SND.NXT (RFC 9293 section 3.3.1).
            precondition(
                endpoint.sendUnacknowledged.compare(endpoint.sendNext) != .after,
                "SND.UNA \(endpoint.sendUnacknowledged) is after SND.NXT \(endpoint.sendNext) in \(endpoint.state)")
        }
    }

    /// Two IPv6 addresses from a step's address bytes, missing bytes zero (the server's differs in its last bit),
    /// each checked: built from raw bytes and from a collection alike, ordered one way only, and printed as text
    /// that parses back to the bytes.
    static func ipv6Addresses(_ addresses: UnsafeRawBufferPointer) -> (client: IPAddress, server: IPAddress) {
        var clientBytes = [UInt8](repeating: 0, count: ValidatorStepFormat.addressLength)
        for (index, byte) in addresses.prefix(ValidatorStepFormat.addressLength).enumerated() {
            clientBytes[index] = byte
        }
        var serverBytes = clientBytes
        serverBytes[15] ^= 1
        guard let client = clientBytes.withUnsafeBytes({ IPAddress(bytes: $0) }) else {
            preconditionFailure("16 bytes refused")
        }
        guard let server = IPAddress(bytes: serverBytes) else { preconditionFailure("16 bytes refused") }
        precondition(serverBytes.withUnsafeBytes { IPAddress(bytes: $0) } == server, "the two initializers differ")
        precondition(clientBytes.prefix(5).withUnsafeBytes { IPAddress(bytes: $0) } == nil, "5 bytes made an address")
        // The first four bytes as an IPv4 address, both ways.
        let ipv4 = clientBytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        precondition(clientBytes.prefix(4).withUnsafeBytes { IPAddress(bytes: $0) } == IPAddress(ipv4: ipv4), "IPv4")
        precondition(!client.isIPv4 && client != server && (client < server) != (server < client), "order")
        for (address, bytes) in [(client, clientBytes), (server, serverBytes)] {
            checkText(address, parsesTo: bytes)
            let endpoint = TCPFlowEndpoint(address: address, port: 443)
            precondition(endpoint.description == "[\(address)]:443", "an IPv6 endpoint prints without brackets")
        }
        return (client, server)
    }

    /// Checks that an IPv6 address prints as text the C library parses back to the same 16 bytes (RFC 4291 section
    /// 2.2 forms).
    static func checkText(_ address: IPAddress, parsesTo bytes: [UInt8]) {
        let text = address.description
        precondition(text.count >= 2 && text.count <= 39, "IPv6 text of \(text.count) characters")
        let doubleColons = zip(text.utf8, text.utf8.dropFirst()).filter { $0 == UInt8(ascii: ":") && $1 == $0 }.count
        precondition(doubleColons <= 1, "more than one :: in \(text)")
        #if canImport(Glibc)
        var parsed = [UInt8](repeating: 0xFF, count: 16)
        let status = parsed.withUnsafeMutableBytes { inet_pton(AF_INET6, text, $0.baseAddress) }
        precondition(status == 1 && parsed == bytes, "\(text) does not parse back to its address")
        #endif
    }

    /// Checks a stateless verdict: its flag judgement is the profile's, and a refusal is what its anomalies say.
    static func checkVerdict(_ verdict: TCPSegmentVerdict, of view: TCPSegmentView, profile: TCPFlagProfile) {
        precondition(verdict.summary.flags == view.flags && verdict.summary.sequenceNumber == view.sequenceNumber)
        precondition(verdict.flagsAreValid == profile.accepts(view.flags), "flag verdict differs from the profile")
        let refused = verdict.anomalies.contains { $0.isRefusal } || verdict.anomalies.contains(.strictFlags)
        precondition(verdict.isRefused == refused, "isRefused differs from the anomalies")
        let fieldAnomalies = TCPSegmentRules.judgeFields(verdict.summary, profile: profile)
        precondition(fieldAnomalies.subtracting(verdict.anomalies).count == 0, "a field rule missing from the verdict")
    }

    /// Checks that the two ways of observing a segment gave the same observation.
    static func checkSame(_ first: TCPObservation, _ second: TCPObservation) {
        precondition(first.flowID == second.flowID && first.direction == second.direction, "other flow")
        precondition(first.anomalies == second.anomalies && first.traits == second.traits, "other findings")
        precondition(first.ecn == second.ecn && first.verdict == second.verdict && first.response == second.response)
        precondition(first.windowCheck == second.windowCheck && first.retiredFlow == second.retiredFlow)
        precondition(first.senderState == second.senderState && first.receiverState == second.receiverState)
        precondition(first.earlierAnomaly == second.earlierAnomaly && first.earlierReference == second.earlierReference)
    }

    /// Checks the set operations of two anomaly sets against membership, anomaly by anomaly, and what each anomaly
    /// says of itself.
    static func checkSetAlgebra(_ a: TCPAnomalySet, _ b: TCPAnomalySet) {
        let union = a.union(b)
        let intersection = a.intersection(b)
        let difference = a.subtracting(b)
        for anomaly in TCPAnomaly.allCases {
            let (x, y) = (a.contains(anomaly), b.contains(anomaly))
            precondition(union.contains(anomaly) == (x || y), "union misses \(anomaly)")
            precondition(intersection.contains(anomaly) == (x && y), "intersection wrong for \(anomaly)")
            precondition(difference.contains(anomaly) == (x && !y), "difference wrong for \(anomaly)")
        }
        precondition(TCPAnomalySet(Array(a)) == a && TCPAnomalySet(low: a.low, high: a.high) == a, "rebuilt set")
        precondition(a.containsRefusal == a.contains { $0.isRefusal }, "containsRefusal disagrees")
        for anomaly in a {
            precondition(TCPAnomaly(name: "\(anomaly.name)") == anomaly, "\(anomaly.name) does not name its anomaly")
            precondition(anomaly.summary.utf8CodeUnitCount > 0, "\(anomaly) has no summary")
            precondition(anomaly.reference.utf8CodeUnitCount > 0, "\(anomaly) cites no reference")
            // The stateless rules are the judge's alone: an observation's stateless anomaly came from its verdict.
            if anomaly.isStateless { precondition(b.contains(anomaly), "\(anomaly) raised by the stateful checks") }
        }
        for anomaly in b { precondition(anomaly.isStateless, "the stateless judge raised \(anomaly)") }
        // The other bits of both words: only anomalies that exist are yielded, none of them in `a`.
        let complement = TCPAnomalySet(low: ~a.low, high: ~a.high)
        var yielded = 0
        for anomaly in complement {
            precondition(!a.contains(anomaly) && complement.contains(anomaly), "complement yields \(anomaly)")
            yielded += 1
        }
        precondition(yielded + a.count == TCPAnomaly.allCases.count, "a set and its complement miss anomalies")
    }

    /// Checks the acceptability tests (RFC 9293 section 3.10.7.4) against the receiver's numbers.
    static func checkAcceptability(_ segment: TCPSegmentSummary, receiver: TCPEndpoint) {
        guard receiver.state.isSynchronized, !receiver.isLoose else { return }
        let acceptability = TCPSegmentAcceptability.check(
            segment, receiveNext: receiver.receiveNext, receiveWindow: receiver.receiveWindow)
        precondition(!acceptability.acceptsData || acceptability.acceptsControl, "data accepted but not control")
        if segment.sequenceLength == 0 && receiver.receiveWindow > 0 {
            // RCV.NXT =< SEG.SEQ =< RCV.NXT + RCV.WND: the right edge too, as Linux's tcp_sequence takes it.
            let inWindow = segment.sequenceNumber.isInWindow(start: receiver.receiveNext, size: receiver.receiveWindow)
                || segment.sequenceNumber == receiver.receiveNext + receiver.receiveWindow
            precondition(acceptability.acceptsData == inWindow, "an empty segment judged against the window wrongly")
        }
        let ack = TCPAckAcceptability.check(
            segment.acknowledgmentNumber, sendUnacknowledged: receiver.sendUnacknowledged,
            sendNext: receiver.sendNext, maximumSendWindow: receiver.maximumSendWindow)
        if ack.isAcceptable {
            let floor = receiver.sendUnacknowledged - receiver.maximumSendWindow
            precondition(segment.acknowledgmentNumber.between(floor, receiver.sendNext), "an acceptable ACK outside")
        }
    }

    /// Whether one step may take an endpoint from `old` to `new`: at most two edges of the RFC 9293 diagram
    /// (section 3.3.2), or a reset or abort to CLOSED.
    ///
    /// Two edges, because one observed segment can take two: a SYN-ACK or an ACK carrying a FIN, or (in the send
    /// model) a FIN that also acknowledges the peer's FIN.
    static func isLegalTransition(from old: TCPState, to new: TCPState) -> Bool {
        if old == new || new == .closed || isEdge(from: old, to: new) { return true }
        return TCPState.allCases.contains { isEdge(from: old, to: $0) && isEdge(from: $0, to: new) }
    }

    /// Whether the RFC 9293 state diagram (section 3.3.2, with RFC 6191 TIME-WAIT reuse) has an edge `old -> new`,
    /// plus CLOSE-WAIT to CLOSING: an observer that sees the two FINs of a simultaneous close in capture order
    /// takes the peer's FIN first.
    static func isEdge(from old: TCPState, to new: TCPState) -> Bool {
        switch old {
        case .closed: return new == .listen || new == .synSent
        case .listen: return new == .synReceived || new == .synSent
        case .synSent: return new == .synReceived || new == .established
        case .synReceived: return new == .established || new == .finWait1 || new == .closeWait || new == .listen
        case .established: return new == .finWait1 || new == .closeWait
        case .finWait1: return new == .finWait2 || new == .closing || new == .timeWait
        case .finWait2: return new == .timeWait
        case .closeWait: return new == .lastAck || new == .closing
        case .closing: return new == .timeWait
        case .lastAck: return false
        case .timeWait: return new == .synReceived || new == .synSent
        }
    }
}
