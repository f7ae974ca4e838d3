import TCPCodec
import TCPCodecTesting
import TCPCodecXCTest
import XCTest

/// The trace generator's own laws, checked with the codec alone: every segment encodes and decodes with a good
/// checksum, and sequence and acknowledgment numbers follow RFC 9293 from the ISNs.
final class TracePropertyTests: XCTestCase {
    func testTraceSegmentsEncodeDecodeAndVerify() {
        check("trace segments round-trip with good checksums", iterations: 500) { gen in
            let trace = gen.trace()
            for (index, (segment, bytes)) in zip(trace.segments, trace.encodedSegments()).enumerated() {
                guard case .success(let decoded) = decode(bytes) else {
                    return try gen.expect(false, "segment \(index) does not decode")
                }
                var expected = segment.header
                expected.checksum = decoded.header.checksum
                try gen.expectEqual(decoded.header, expected, "segment \(index)")
                try gen.expectEqual(decoded.payload, segment.payload, "segment \(index) payload")
                try gen.expect(
                    verifyChecksum(bytes, pseudoHeader: trace.pseudoHeader(for: segment.sender)),
                    "segment \(index) checksum")
            }
        }
    }

    func testTraceNumbersFollowFromTheISNs() {
        check("trace sequence and acknowledgment numbers follow RFC 9293", iterations: 500) { gen in
            let trace = gen.trace()
            // Bytes of sequence space each side has sent so far (SYN and FIN count one).
            var sent: [TCPTraceRole: UInt32] = [.initiator: 0, .responder: 0]
            var isn: [TCPTraceRole: SequenceNumber] = [.initiator: trace.initiatorISN, .responder: trace.responderISN]
            var synSeen: [TCPTraceRole: Bool] = [.initiator: false, .responder: false]
            for (index, segment) in trace.segments.enumerated() {
                let sender = segment.sender
                let header = segment.header
                let flags = header.flags
                if trace.scenario == .refused, flags.contains(.rst) {
                    try gen.expectEqual(header.sequenceNumber, SequenceNumber(0), "refusal RST seq")
                    try gen.expectEqual(header.acknowledgmentNumber, trace.initiatorISN + 1, "refusal RST ack")
                    continue
                }
                if flags.contains(.syn) {
                    try gen.expectEqual(header.sequenceNumber, isn[sender]!, "segment \(index): SYN carries the ISN")
                    if !synSeen[sender]! { sent[sender]! += 1 }
                    synSeen[sender] = true
                    isn[sender] = header.sequenceNumber
                } else {
                    let expected = isn[sender]! + sent[sender]!
                    try gen.expectEqual(header.sequenceNumber, expected, "segment \(index) seq")
                    sent[sender]! += segment.sequenceLength
                }
                if flags.contains(.ack) {
                    let peer = sender.peer
                    // An ACK never acknowledges what the peer has not sent.
                    let acknowledged = header.acknowledgmentNumber - isn[peer]!
                    try gen.expect(acknowledged <= sent[peer]!, "segment \(index) acknowledges unsent data")
                } else {
                    try gen.expect(flags.contains(.syn) || flags.contains(.rst), "segment \(index) lacks ACK")
                }
            }
            try gen.expect(!trace.segments.isEmpty, "empty trace")
        }
    }

    func testEveryScenarioIsGeneratedAndISNsWrap() {
        var scenarios = Set<TCPTraceScenario>()
        var wrapped = 0
        check("traces cover every scenario", iterations: 600) { gen in
            let trace = gen.trace()
            scenarios.insert(trace.scenario)
            if trace.initiatorISN.rawValue > 0xFFFF_FF00 || trace.responderISN.rawValue > 0xFFFF_FF00 { wrapped += 1 }
        }
        XCTAssertEqual(scenarios, Set(TCPTraceScenario.allCases))
        XCTAssertGreaterThan(wrapped, 20, "ISNs just below 2^32 are generated")
    }

    func testEachEndpointSendsWhatTheOtherReceives() {
        check("each endpoint's events mirror the other's", iterations: 300) { gen in
            let trace = gen.trace()
            // Each segment is sent once, then delivered once.
            var sent = Set<Int>()
            var delivered = Set<Int>()
            for step in trace.timeline {
                switch step {
                case .sent(let index):
                    try gen.expect(sent.insert(index).inserted, "segment \(index) sent twice")
                case .delivered(let index):
                    try gen.expect(sent.contains(index), "segment \(index) delivered before it was sent")
                    try gen.expect(delivered.insert(index).inserted, "segment \(index) delivered twice")
                }
            }
            try gen.expectEqual(sent, Set(trace.segments.indices), "sent")
            try gen.expectEqual(delivered, Set(trace.segments.indices), "delivered")
            // What one endpoint sends, the other receives, in the same order.
            for role in TCPTraceRole.allCases {
                let sentByRole = trace.events(for: role).compactMap { event -> TCPTraceSegment? in
                    if case .sent(let segment) = event { return segment }
                    return nil
                }
                let receivedByPeer = trace.events(for: role.peer).compactMap { event -> TCPTraceSegment? in
                    if case .received(let segment) = event { return segment }
                    return nil
                }
                try gen.expectEqual(sentByRole, receivedByPeer, "\(role) to \(role.peer)")
                try gen.expectEqual(trace.events(for: role).count, trace.segments.count, "\(role) events")
            }
        }
    }

    func testTraceMutationChangesExactlyOneField() {
        check("a trace mutation changes one field of one segment", iterations: 500) { gen in
            let trace = gen.trace()
            let mutation = gen.mutation(of: trace)
            var differences = 0
            for (before, after) in zip(trace.segments, mutation.trace.segments) where before != after {
                differences += 1
            }
            try gen.expectEqual(differences, 1, "segments changed")
            try gen.expectEqual(mutation.original, trace.segments[mutation.segmentIndex].header, "original")
        }
    }
}
