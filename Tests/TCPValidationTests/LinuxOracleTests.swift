import Foundation
import PacketCapture
import TCPCodec
import XCTest

@testable import TCPValidation

/// The observer against the Linux stack itself: `Captures/linux-oracle.pcap` holds crafted segments put to a real
/// Linux socket, one probe per connection, and the stack's answers (`Captures/record-oracle.sh`). What Linux did is
/// read from the capture, never written here: its first segment after the probe (nothing, an acknowledgment, or a
/// RST), whether that acknowledgment covers the probe's bytes (taken in order) or a SACK block does (queued out of
/// order), and whether the connection outlived the probe (the follow-up segment is acknowledged rather than answered
/// by a RST). The observer, seeing the same frames, must say the same of the receiving endpoint: its response, its
/// verdict, and its state.
final class LinuxOracleTests: XCTestCase {
    /// One probe of the table `Captures/linux-oracle.tsv`.
    struct Probe {
        var scenario: String
        var clientPort: UInt16
        /// Which of the client's segments of the connection is the probe, counting from 1.
        var number: Int
    }

    /// What the stack did with a probe, read from the frames after it.
    struct StackReaction: Equatable, CustomStringConvertible {
        enum Answer: String { case none, ack, rst }
        /// The receiver's first segment after the probe, before the client's next one.
        var answer: Answer
        /// For a probe with payload: whether its bytes were taken, in order (the answer acknowledges its end) or out
        /// of order (a SACK block of the answer covers them).
        var tookData: Bool?
        /// Whether the connection outlived the probe: the follow-up segment got an acknowledgment, not a RST.
        var survived: Bool

        var description: String {
            "answer \(answer.rawValue), took data \(tookData.map(String.init) ?? "-"), survived \(survived)"
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
                return Probe(scenario: String(fields[0]), clientPort: port, number: number)
            }
    }

    /// The header fields the reaction is read from.
    private struct Fields {
        var sourcePort: UInt16
        var sequence: SequenceNumber
        var acknowledgment: SequenceNumber
        var flags: TCPFlags
        var payloadLength: Int
        var sackBlocks: [TCPSACKBlock]

        init(_ segment: CapturedSegment) throws {
            let view = try segment.bytes.withUnsafeBytes { try TCPSegmentView($0) }
            sourcePort = view.sourcePort
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
    private func reaction(to index: Int, in flow: [(segment: CapturedSegment, fields: Fields)], clientPort: UInt16)
        -> StackReaction
    {
        let probe = flow[index].fields
        // The receiver's RCV.NXT before the probe: what its last segment before it acknowledged.
        let before = flow[..<index].last { $0.fields.sourcePort != clientPort }?.fields.acknowledgment
        var answer: StackReaction.Answer = .none
        var tookData: Bool? = probe.payloadLength > 0 ? false : nil
        var position = index + 1
        if position < flow.count, flow[position].fields.sourcePort != clientPort {
            let first = flow[position].fields
            answer = first.flags.contains(.rst) ? .rst : (first.flags.contains(.ack) ? .ack : .none)
            if probe.payloadLength > 0, answer == .ack, let before {
                // Taken in order: the acknowledgment moved. Queued out of order: a SACK block above the cumulative
                // acknowledgment holds the probe's first byte (a D-SACK block, RFC 2883, lies below it).
                let moved = first.acknowledgment.isAfter(before)
                let queued = first.sackBlocks.contains {
                    !$0.left.isBefore(first.acknowledgment) && !$0.left.isAfter(probe.sequence)
                        && $0.right.isAfter(probe.sequence)
                }
                tookData = moved || queued
            }
        }
        // The follow-up: the client's next segment with payload, and the receiver's answer to it.
        while position < flow.count
            && (flow[position].fields.sourcePort != clientPort || flow[position].fields.payloadLength == 0)
        {
            position += 1
        }
        var survived = false
        if position + 1 < flow.count, flow[position + 1].fields.sourcePort != clientPort {
            survived = !flow[position + 1].fields.flags.contains(.rst)
        }
        return StackReaction(answer: answer, tookData: tookData, survived: survived)
    }

    /// What the observer says of the same probe, in the same terms.
    private func observed(_ observation: TCPObservation, probe: Fields) -> StackReaction {
        let answer: StackReaction.Answer
        switch observation.response {
        case .none: answer = .none
        case .ack, .challengeACK, .fin, .synAck: answer = .ack
        case .reset, .resetACK: answer = .rst
        case .syn: answer = .none
        }
        let tookData: Bool? = probe.payloadLength > 0 ? observation.verdict == .accepted : nil
        // Gone: reset, or back to CLOSED or LISTEN (a half-open connection dropped).
        let survived = observation.verdict != .connectionReset && observation.receiverState != .closed
            && observation.receiverState != .listen
        return StackReaction(answer: answer, tookData: tookData, survived: survived)
    }

    func testTheObserverJudgesEachProbeAsLinuxDid() throws {
        let probes = try Self.probes()
        XCTAssertEqual(probes.count, 38, "scenarios in linux-oracle.tsv")
        let segments = try RecordedTraffic.read("linux-oracle.pcap")
        // Each segment's index is its reference, which an observation proving something of it hands back.
        var observer = TCPFlowObserver()
        let observations = try segments.enumerated().map { index, segment in
            try segment.bytes.withUnsafeBytes { raw in
                observer.observe(
                    try TCPSegmentView(raw), from: segment.source, to: segment.destination, at: segment.time,
                    payloadLength: segment.payloadLength, reference: UInt64(index))
            }
        }
        let fields = try segments.map(Fields.init)
        var proved = 0
        for probe in probes {
            // The connection's segments, by port (one connection per client port), with their index in the capture.
            let indices = fields.indices.filter {
                fields[$0].sourcePort == probe.clientPort || (fields[$0].sourcePort == 47701
                    && segments[$0].bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 2, as: UInt16.self) }
                        == probe.clientPort.bigEndian)
            }
            let flow = indices.map { (segment: segments[$0], fields: fields[$0]) }
            let clientSegments = flow.indices.filter { flow[$0].fields.sourcePort == probe.clientPort }
            guard probe.number <= clientSegments.count else {
                XCTFail("\(probe.scenario): the client sent \(clientSegments.count) segments")
                continue
            }
            let position = clientSegments[probe.number - 1]
            let linux = reaction(to: position, in: flow, clientPort: probe.clientPort)
            let observation = observations[indices[position]]
            var model = observed(observation, probe: flow[position].fields)
            // An acknowledgment above everything the capture showed the receiver send is, when it comes, either a
            // capture gap or the sender's violation (RFC 9293 section 3.10.7.4: the receiver sends an ACK and drops
            // the segment); the observer takes it as a gap (`ack-of-unseen-segment`) until the receiver's next
            // segment proves the bytes unsent, and then reports `ack-unsent-data` of the probe. Judged by that
            // proof, it is the RFC's answer to such a segment that must be Linux's.
            if observation.anomalies.contains(.ackOfUnseenSegment) {
                let proof = indices[(position + 1)...].contains {
                    observations[$0].earlierAnomaly == .ackOfUnsentData
                        && observations[$0].earlierReference == UInt64(indices[position])
                }
                XCTAssertTrue(proof, "\(probe.scenario): no later segment proves the acknowledged bytes unsent")
                if proof {
                    proved += 1
                    model.answer = .ack
                    if model.tookData != nil { model.tookData = false }
                }
            }
            XCTAssertEqual(
                model, linux,
                "\(probe.scenario): the observer (response \(observation.response), verdict \(observation.verdict), "
                    + "receiver \(observation.receiverState), anomalies \(observation.anomalies)) against Linux")
        }
        XCTAssertEqual(proved, 2, "probes judged by a later proof (ack-of-unsent-data, ack-data-of-unsent)")
    }
}
