import Foundation
import PacketCapture
import TCPCodec
import XCTest

@testable import TCPValidation

/// The observer against the Linux stack itself: `Captures/linux-oracle.pcap` holds crafted segments put to a real
/// Linux socket, one probe per connection, and the stack's answers (`Captures/record-oracle.sh`). What Linux did is
/// read from the capture, never written here: its first segment after the probe (nothing, an acknowledgment or
/// SYN-ACK with its acknowledgment number, or a RST with its numbers), whether that acknowledgment covers the
/// probe's bytes (taken in order) or a SACK block does (queued out of order), and whether the connection outlived
/// the probe (the follow-up segment is not answered by a RST). The observer, seeing the same frames, must say the
/// same of the receiving endpoint: its response, its RCV.NXT, its verdict, and its state.
final class LinuxOracleTests: XCTestCase {
    /// One probe of the table `Captures/linux-oracle.tsv`.
    struct Probe {
        var scenario: String
        /// The prober's port (the script's, client or server), which names the connection.
        var port: UInt16
        /// Which of the prober's segments of the connection is the probe, counting from 1.
        var number: Int
    }

    /// What the stack did with a probe, read from the frames after it.
    struct StackReaction: Equatable, CustomStringConvertible {
        enum Answer: String {
            case none, ack, synAck = "syn-ack", rst

            /// What a segment of the receiver's is, as an answer: a RST, a SYN-ACK, an acknowledgment (a FIN's
            /// too), or none (a SYN the receiver sent again, say).
            init(_ flags: TCPFlags) {
                if flags.contains(.rst) {
                    self = .rst
                } else if flags.contains(.syn) {
                    self = flags.contains(.ack) ? .synAck : .none
                } else {
                    self = flags.contains(.ack) ? .ack : .none
                }
            }
        }
        /// The receiver's first segment after the probe, before the prober's next one.
        var answer: Answer
        /// For a probe with payload: whether its bytes were taken, in order (the answer acknowledges its end) or out
        /// of order (a SACK block of the answer covers them).
        var tookData: Bool?
        /// Whether the connection outlived the probe: the follow-up segment got an acknowledgment, not a RST.
        var survived: Bool
        /// The answer's numbers: the acknowledgment of an ACK or SYN-ACK (the receiver's RCV.NXT after the probe),
        /// the sequence number of a RST, or the acknowledgment of a RST/ACK.
        var numbers = ""

        var description: String {
            "answer \(answer.rawValue) \(numbers), took data \(tookData.map(String.init) ?? "-"), survived \(survived)"
        }
    }

    static func probes() throws -> [Probe] {
        let url = RecordedTraffic.directory.appendingPathComponent("linux-oracle.tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }
            .map { line in
                let fields = line.split(separator: "\t")
                guard fields.count == 3, let port = UInt16(fields[1]), let number = Int(fields[2]) else {
                    throw CocoaError(.fileReadCorruptFile)
                }
                return Probe(scenario: String(fields[0]), port: port, number: number)
            }
    }

    /// The header fields the reaction is read from.
    private struct Fields {
        var sourcePort: UInt16
        var destinationPort: UInt16
        var sequence: SequenceNumber
        var acknowledgment: SequenceNumber
        var flags: TCPFlags
        var payloadLength: Int
        var sackBlocks: [TCPSACKBlock]

        init(_ segment: CapturedSegment) throws {
            let view = try segment.bytes.withUnsafeBytes { try TCPSegmentView($0) }
            sourcePort = view.sourcePort
            destinationPort = view.destinationPort
            sequence = view.sequenceNumber
            acknowledgment = view.acknowledgmentNumber
            flags = view.flags
            payloadLength = view.payload.count
            var blocks: [TCPSACKBlock] = []
            view.options.forEach { option in
                if case .sack(let list) = option { blocks.append(contentsOf: list) }
            }
            sackBlocks = blocks
        }
    }

    /// Reads the stack's reaction to the probe at `index` of `flow` (the connection's segments, in capture order).
    private func reaction(to index: Int, in flow: [(segment: CapturedSegment, fields: Fields)], proberPort: UInt16)
        -> StackReaction
    {
        let probe = flow[index].fields
        let fromLinux = { (position: Int) in flow[position].fields.sourcePort != proberPort }
        // A segment Linux sent again by its timer (a SYN, SYN-ACK, FIN or data it had sent before, 50 ms or more
        // after the prober's last segment) answers nothing; an answer comes at once.
        let isTimerRetransmission = { (position: Int) -> Bool in
            let fields = flow[position].fields
            guard fields.flags.contains(.syn) || fields.flags.contains(.fin) || fields.payloadLength > 0 else {
                return false
            }
            let repeats = flow[..<position].contains {
                $0.fields.sourcePort != proberPort && $0.fields.sequence == fields.sequence
                    && $0.fields.flags == fields.flags && $0.fields.payloadLength == fields.payloadLength
            }
            let lastProber = flow[..<position].last { $0.fields.sourcePort == proberPort }?.segment.time ?? 0
            return repeats && flow[position].segment.time &- lastProber >= 50_000_000
        }
        // Linux's answers to the prober's segment at `position`: its segments up to the prober's next one.
        let answers = { (position: Int) -> [Int] in
            let next = flow.indices.first { $0 > position && !fromLinux($0) } ?? flow.count
            return (position + 1 ..< next).filter { fromLinux($0) && !isTimerRetransmission($0) }
        }
        // The receiver's RCV.NXT before the probe: what its last acknowledgment before it acknowledged.
        let before = flow[..<index].last { $0.fields.sourcePort != proberPort && $0.fields.flags.contains(.ack) }?
            .fields.acknowledgment
        var answer: StackReaction.Answer = .none
        var tookData: Bool? = probe.payloadLength > 0 ? false : nil
        var numbers = ""
        if let first = answers(index).first.map({ flow[$0].fields }) {
            answer = StackReaction.Answer(first.flags)
            switch answer {
            case .ack, .synAck: numbers = "ack \(first.acknowledgment.rawValue)"
            case .rst:
                numbers = first.flags.contains(.ack)
                    ? "rst-ack ack \(first.acknowledgment.rawValue)" : "rst seq \(first.sequence.rawValue)"
            case .none: break
            }
            if probe.payloadLength > 0, answer == .ack || answer == .synAck {
                // Taken in order: the acknowledgment covers the probe's end and moved past what was acknowledged
                // before. Queued out of order: a SACK block above the cumulative acknowledgment holds the probe's
                // first byte (a D-SACK block, RFC 2883, lies below it).
                let end = probe.sequence + UInt32(probe.payloadLength) + (probe.flags.contains(.syn) ? 1 : 0)
                let inOrder = !first.acknowledgment.isBefore(end) && before.map { first.acknowledgment.isAfter($0) }
                    ?? true
                let queued = first.sackBlocks.contains {
                    !$0.left.isBefore(first.acknowledgment) && !$0.left.isAfter(probe.sequence)
                        && $0.right.isAfter(probe.sequence)
                }
                tookData = inOrder || queued
            }
        }
        // The follow-up, the prober's next segment: a connection that is gone answers it with a RST.
        guard let followUp = flow.indices.first(where: { $0 > index && !fromLinux($0) }) else {
            return StackReaction(answer: answer, tookData: tookData, survived: false, numbers: numbers)
        }
        let survived = !answers(followUp).contains { flow[$0].fields.flags.contains(.rst) }
        return StackReaction(answer: answer, tookData: tookData, survived: survived, numbers: numbers)
    }

    /// The receiving endpoint's RCV.NXT, when it has one (it has taken a SYN).
    private static func receiveNext(_ observer: TCPFlowObserver, of segment: CapturedSegment, fields: Fields)
        -> SequenceNumber?
    {
        let source = TCPFlowEndpoint(address: segment.source, port: fields.sourcePort)
        let destination = TCPFlowEndpoint(address: segment.destination, port: fields.destinationPort)
        guard let record = observer.flow(between: source, and: destination) else { return nil }
        let receiver = record.client == destination ? record.clientEndpoint : record.serverEndpoint
        return receiver.hasReceivedSYN ? receiver.receiveNext : nil
    }

    /// What the observer says of the same probe, in the same terms: its response, whether the receiver's RCV.NXT
    /// moved past the probe's first byte of data (taken in order) or the probe was accepted beyond RCV.NXT (queued
    /// out of order), and whether the connection is still there.
    private func observed(
        response: TCPResponse, verdict: TCPVerdict, receiverState: TCPState, probe: Fields, before: SequenceNumber?,
        after: SequenceNumber?
    ) -> StackReaction {
        let answer: StackReaction.Answer
        var numbers = ""
        switch response {
        case .none, .syn: answer = .none
        case .ack, .challengeACK, .fin, .synAck:
            answer = response == .synAck ? .synAck : .ack
            numbers = after.map { "ack \($0.rawValue)" } ?? "ack of no RCV.NXT"
        case .reset(let sequence):
            answer = .rst
            numbers = "rst seq \(sequence.rawValue)"
        case .resetACK(let acknowledgment):
            answer = .rst
            numbers = "rst-ack ack \(acknowledgment.rawValue)"
        }
        var tookData: Bool?
        if probe.payloadLength > 0 {
            let dataStart = probe.sequence + (probe.flags.contains(.syn) ? 1 : 0)
            let inOrder = after.map { after in
                after.isAfter(dataStart) && (before.map { after.isAfter($0) } ?? true)
            } ?? false
            let queued = verdict == .accepted && (after.map { dataStart.isAfter($0) } ?? false)
            tookData = inOrder || queued
        }
        // Gone: reset, or back to CLOSED or LISTEN (a half-open connection dropped).
        let survived = verdict != .connectionReset && receiverState != .closed && receiverState != .listen
        return StackReaction(answer: answer, tookData: tookData, survived: survived, numbers: numbers)
    }

    func testTheObserverJudgesEachProbeAsLinuxDid() throws {
        let probes = try Self.probes()
        XCTAssertEqual(probes.count, 91, "scenarios in linux-oracle.tsv")
        let segments = try RecordedTraffic.read("linux-oracle.pcap")
        let fields = try segments.map(Fields.init)
        // Each probe's place: the connection's segments (one connection per prober port), and the probe among them.
        var probeAt: [Int: (probe: Probe, flow: [Int], position: Int)] = [:]
        for probe in probes {
            let indices = fields.indices.filter {
                fields[$0].sourcePort == probe.port || fields[$0].destinationPort == probe.port
            }
            let proberSegments = indices.indices.filter { fields[indices[$0]].sourcePort == probe.port }
            guard probe.number <= proberSegments.count else {
                XCTFail("\(probe.scenario): the prober sent \(proberSegments.count) segments")
                continue
            }
            let position = proberSegments[probe.number - 1]
            probeAt[indices[position]] = (probe, indices, position)
        }
        XCTAssertEqual(probeAt.count, probes.count)
        // The observer over the whole capture; each segment's index is its reference, which an observation proving
        // something of it hands back. Around each probe, the receiver's RCV.NXT.
        var observer = TCPFlowObserver()
        var observations: [TCPObservation] = []
        var receiveNext: [Int: (before: SequenceNumber?, after: SequenceNumber?)] = [:]
        var afterProof: [Int: SequenceNumber] = [:]
        for (index, segment) in segments.enumerated() {
            let before = probeAt[index] == nil ? nil : Self.receiveNext(observer, of: segment, fields: fields[index])
            observations.append(try segment.bytes.withUnsafeBytes { raw in
                observer.observe(
                    try TCPSegmentView(raw), from: segment.source, to: segment.destination, at: segment.time,
                    payloadLength: segment.payloadLength, reference: UInt64(index))
            })
            if probeAt[index] != nil {
                receiveNext[index] = (before, Self.receiveNext(observer, of: segment, fields: fields[index]))
            }
            // A segment proving something of a probe: the probe's receiver as the proof leaves it.
            if let proof = observations.last, proof.earlierAnomaly != nil,
                let probe = Int(exactly: proof.earlierReference), probeAt[probe] != nil
            {
                afterProof[probe] = Self.receiveNext(observer, of: segments[probe], fields: fields[probe])
            }
        }
        var proved: [String] = []
        var pickedUp: [String] = []
        var closedForReading: [Int] = []
        for index in probeAt.keys.sorted() {
            let (probe, indices, position) = probeAt[index]!
            let flow = indices.map { (segment: segments[$0], fields: fields[$0]) }
            let linux = reaction(to: position, in: flow, proberPort: probe.port)
            let observation = observations[index]
            var model = observed(
                response: observation.response, verdict: observation.verdict, receiverState: observation.receiverState,
                probe: fields[index], before: receiveNext[index]?.before, after: receiveNext[index]?.after)
            // An acknowledgment above everything the capture showed the receiver send is, when it comes, either a
            // capture gap or the sender's violation (RFC 9293 section 3.10.7.4: the receiver sends an ACK and drops
            // the segment); the observer takes it as a gap (`ack-of-unseen-segment`) until the receiver's next
            // segment proves the bytes unsent, and then reports `ack-unsent-data` of the probe. Judged by that
            // proof, it is the RFC's answer to such a segment (an ACK, the segment dropped) that must be Linux's,
            // with the receiver's RCV.NXT as the proof left it.
            if observation.anomalies.contains(.ackOfUnseenSegment) {
                let proof = indices[(position + 1)...].contains {
                    observations[$0].earlierAnomaly == .ackOfUnsentData
                        && observations[$0].earlierReference == UInt64(indices[position])
                }
                XCTAssertTrue(proof, "\(probe.scenario): no later segment proves the acknowledged bytes unsent")
                if proof {
                    proved.append(probe.scenario)
                    // (In TIME-WAIT the answer to a bare ACK at RCV.NXT is silence whatever it acknowledges, which
                    // the model gives already.)
                    let answer: TCPResponse = observation.receiverState == .timeWait ? observation.response : .ack
                    model = observed(
                        response: answer, verdict: .dropped, receiverState: observation.receiverState,
                        probe: fields[index], before: receiveNext[index]?.before, after: afterProof[index])
                }
            }
            // A segment of a connection whose start the capture never showed is, to the observer, a mid-stream
            // pickup (the capture may have started late): it cannot know that the receiver only listens. The
            // endpoint model in LISTEN is what must answer as Linux did.
            if observation.anomalies.contains(.midStreamPickup) {
                pickedUp.append(probe.scenario)
                var listener = TCPEndpoint(state: .listen)
                let summary = try segments[index].bytes.withUnsafeBytes { TCPSegmentSummary(try TCPSegmentView($0)) }
                let result = listener.receive(summary)
                model = observed(
                    response: result.response, verdict: result.verdict, receiverState: result.state,
                    probe: fields[index], before: nil, after: nil)
            }
            // The server's application closed the socket (close(), not shutdown(SHUT_WR)): Linux then answers new
            // data in FIN-WAIT-1 or FIN-WAIT-2 with a RST at its SEG.ACK, which RFC 1122 section 4.2.2.13 asks of a
            // host that has closed for reading. The capture cannot tell close() from the half-close the observer
            // models, whose answer (the data taken and acknowledged) the half-closed-* probes hold to Linux's; here,
            // Linux's answer must be the half-close's turned into that reset, for the probe's data or the
            // follow-up's.
            if probe.scenario.hasPrefix("fin-wait-") {
                let followUp = indices[(position + 1)...].first { fields[$0].sourcePort == probe.port }
                model = Self.closedForReading(
                    model, probe: fields[index], receiverState: observation.receiverState,
                    followUpCarriesData: followUp.map { fields[$0].payloadLength > 0 } ?? false)
                // Linux's reset of the open connection: its first RST from the probe on, unless the prober's came
                // first (Linux's RSTs after that answer segments of a connection already gone).
                if let first = indices[position...].first(where: { fields[$0].flags.contains(.rst) }),
                    fields[first].sourcePort != probe.port
                {
                    closedForReading.append(first)
                }
            }
            XCTAssertEqual(
                model, linux,
                "\(probe.scenario): the observer (response \(observation.response), verdict \(observation.verdict), "
                    + "receiver \(observation.receiverState), anomalies \(observation.anomalies)) against Linux")
        }
        // The probes judged by a later proof, and those taken for a mid-stream pickup: exactly the ones whose case
        // the capture cannot tell at once, so that no other probe slips through either path. (An acknowledgment past
        // the FIN the server was captured sending, `time-wait-ack-unsent`, is told at once: nothing follows a FIN.)
        XCTAssertEqual(proved.sorted(), ["ack-data-of-unsent", "ack-of-unsent-data"])
        let pastFIN = probeAt.values.filter { $0.probe.scenario == "time-wait-ack-unsent" }
            .map { observations[$0.flow[$0.position]] }
        XCTAssertEqual(pastFIN.map { $0.anomalies.contains(.ackOfUnsentData) }, [true])
        XCTAssertEqual(pickedUp.sorted(), ["listen-ack", "listen-fin-ack", "listen-syn-ack"])
        // The observer recognises those resets, and nothing else in the capture, as the reset of an endpoint closed
        // for reading.
        let recognised = observations.indices.filter { observations[$0].traits.contains(.resetOnDataAfterClose) }
        XCTAssertEqual(recognised, closedForReading)
        XCTAssertEqual(closedForReading.count, 4, "fin-wait-1-data, fin-wait-2-data, and the follow-ups of two more")
    }

    /// What Linux answers when the application closed the socket, from what the observer says of the half-close:
    /// new data in FIN-WAIT-1 or FIN-WAIT-2 reset at its SEG.ACK, whether the probe's or the follow-up's.
    private static func closedForReading(
        _ model: StackReaction, probe: Fields, receiverState: TCPState, followUpCarriesData: Bool
    ) -> StackReaction {
        var linux = model
        let open = receiverState == .finWait1 || receiverState == .finWait2
        if model.tookData == true {
            linux = StackReaction(
                answer: .rst, tookData: false, survived: false, numbers: "rst seq \(probe.acknowledgment.rawValue)")
        } else if open && model.survived && followUpCarriesData {
            linux.survived = false
        }
        return linux
    }
}
