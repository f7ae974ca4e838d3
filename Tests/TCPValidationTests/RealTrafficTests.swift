import TCPCodec
import XCTest

@testable import TCPValidation

/// Flows recorded from the Linux TCP stack (Captures/, made by Captures/record.sh): judged with zero anomalies;
/// the same traces with one field altered are caught with the right name.
final class RealTrafficTests: XCTestCase {
    func describe(_ segments: [CapturedSegment], _ observations: [TCPObservation]) -> String {
        var text = ""
        for (number, (segment, observation)) in zip(segments, observations).enumerated() {
            let summary = segment.bytes.withUnsafeBytes { TCPSegmentSummary(try! TCPSegmentView(lenient: $0)) }
            text += "\(number + 1) \(observation.direction) \(summary.flags) seq \(summary.sequenceNumber) ack "
            text += "\(summary.acknowledgmentNumber) len \(summary.payloadLength) -> \(observation.anomalies) "
            text += "[\(observation.traits)] \(observation.senderState)/\(observation.receiverState) "
            text += "\(observation.verdict) \(observation.response)\n"
        }
        return text
    }

    func testLinuxSessionsHaveNoAnomalies() throws {
        for name in ["linux-session-ipv4.pcap", "linux-session-ipv6.pcap"] {
            let segments = try RecordedTraffic.read(name)
            XCTAssertEqual(segments.count, 26, name)
            let (observations, observer) = try RecordedTraffic.observe(segments)
            let flagged = observations.filter { !$0.anomalies.isEmpty }
            XCTAssertTrue(flagged.isEmpty, "\(name):\n" + describe(segments, observations))
            if ProcessInfo.processInfo.environment["TCP_VALIDATION_VERBOSE"] != nil {
                print(describe(segments, observations))
            }
            for (number, observation) in observations.enumerated() {
                XCTAssertEqual(observation.windowCheck, .passed, "\(name) segment \(number + 1)")
                XCTAssertFalse(observation.traits.contains(.retransmission))
                XCTAssertFalse(observation.traits.contains(.untracked))
            }
            let flows = observer.sortedFlows
            XCTAssertEqual(flows.count, 3, name)
            guard flows.count == 3 else { continue }
            // (1) Normal session with half-close: both sides end closed, the client in TIME-WAIT.
            XCTAssertEqual(flows[0].clientState, .timeWait, name)
            XCTAssertEqual(flows[0].serverState, .closed, name)
            XCTAssertNotNil(flows[0].milestones.established)
            XCTAssertNotNil(flows[0].milestones.clientFIN)
            XCTAssertNotNil(flows[0].milestones.serverFIN)
            XCTAssertNotNil(flows[0].milestones.closed)
            XCTAssertNil(flows[0].milestones.reset)
            XCTAssertGreaterThanOrEqual(flows[0].serverToClient.payloadBytes, 3041, "19 + 3000 + 22 bytes")
            XCTAssertFalse(flows[0].isMidStream)
            // (2) Abortive close by the server.
            XCTAssertEqual(flows[1].clientState, .closed, name)
            XCTAssertEqual(flows[1].serverState, .closed, name)
            XCTAssertNotNil(flows[1].milestones.reset)
            // (3) RST on a closed port.
            XCTAssertEqual(flows[2].clientState, .closed, name)
            XCTAssertNil(flows[2].milestones.established)
            XCTAssertNotNil(flows[2].milestones.reset)
            XCTAssertEqual(flows[2].serverToClient.segments, 1)
        }
    }

    /// Changes one field of segment `number` (1-based) through the mutable view, which keeps the checksum right.
    func altered(
        _ segments: [CapturedSegment], number: Int, _ change: (inout TCPSegmentMutableView) -> Void
    ) throws -> [CapturedSegment] {
        var copy = segments
        try copy[number - 1].bytes.withUnsafeMutableBytes { raw in
            var view = try TCPSegmentMutableView(raw)
            change(&view)
        }
        return copy
    }

    func testAlteredTracesAreCaught() throws {
        for name in ["linux-session-ipv4.pcap", "linux-session-ipv6.pcap"] {
            let segments = try RecordedTraffic.read(name)
            // A wrong ack on the third segment (the handshake's final ACK).
            let wrongAck = try altered(segments, number: 3) { $0.acknowledgmentNumber += 1000 }
            let (first, _) = try RecordedTraffic.observe(wrongAck)
            XCTAssertEqual(first[2].anomalies, [.handshakeACKWrongAck], "\(name)\n" + describe(wrongAck, first))
            XCTAssertEqual(first[2].response, .reset(sequenceNumber: wrongAck[2].bytes.withUnsafeBytes {
                try! TCPSegmentView($0).acknowledgmentNumber }))
            // A FIN out of window: the client's FIN (segment 6) moved far ahead.
            let farFIN = try altered(segments, number: 6) { $0.sequenceNumber += 5_000_000 }
            let (second, _) = try RecordedTraffic.observe(farFIN)
            XCTAssertEqual(second[5].anomalies, [.finOutOfWindow], "\(name)\n" + describe(farFIN, second))
            XCTAssertEqual(second[5].receiverState, .established, "the FIN changed nothing")
            // The server's FIN (segment 15) moved behind: also out of window.
            let lateFIN = try altered(segments, number: 15) { $0.sequenceNumber -= 5_000_000 }
            let (third, _) = try RecordedTraffic.observe(lateFIN)
            XCTAssertEqual(third[14].anomalies, [.finOutOfWindow], "\(name)\n" + describe(lateFIN, third))
            // A SYN-ACK acking the wrong ISN.
            let wrongISN = try altered(segments, number: 2) { $0.acknowledgmentNumber -= 1 }
            let (fourth, _) = try RecordedTraffic.observe(wrongISN)
            XCTAssertEqual(fourth[1].anomalies, [.synAckWrongAck], "\(name)\n" + describe(wrongISN, fourth))
            XCTAssertEqual(fourth[1].receiverState, .synSent)
            // The same for the abortive and closed-port sessions: a RST moved off RCV.NXT is challenged.
            let offRST = try altered(segments, number: 24) { $0.sequenceNumber += 10 }
            let (fifth, observer) = try RecordedTraffic.observe(offRST)
            XCTAssertEqual(fifth[23].anomalies, [.rstNotExact], "\(name)\n" + describe(offRST, fifth))
            XCTAssertEqual(fifth[23].response, .challengeACK)
            XCTAssertEqual(observer.sortedFlows[1].clientState, .established, "a challenged RST changes no state")
            XCTAssertEqual(observer.sortedFlows[1].serverState, .established)
        }
    }

    // MARK: Loopback recordings (Captures/loopback-*.pcap, made by Captures/record.sh loopback)

    func observeFixture(_ name: String) throws -> ([CapturedSegment], [TCPObservation], TCPFlowObserver) {
        let segments = try RecordedTraffic.read(name)
        let (observations, observer) = try RecordedTraffic.observe(segments)
        for (number, observation) in observations.enumerated() {
            // Nothing but what the capture could not see (a capture that starts mid-stream, say).
            XCTAssertTrue(observation.anomalies.allSatisfy { $0.severity == .capture },
                          "\(name) segment \(number + 1)\n" + describe(segments, observations))
            // Conntrack passes everything; on a connection it picked up mid-stream, silently whatever the bounds
            // say (`liberal`: until a direction's first segment, its end is 0, which an acknowledgment fails).
            XCTAssertTrue(
                observation.windowCheck == .passed
                    || observation.windowCheck == .liberal && observation.traits.contains(.midStream),
                "\(name) segment \(number + 1): \(observation.windowCheck)")
        }
        return (segments, observations, observer)
    }

    /// Two IPv6 connections of Linux over a wire that drops 3 % of the frames each way and reorders 5 %
    /// (`Captures/record-wild.sh reordering`): the client's kernel counted 62 segments dropped by PAWS
    /// (TcpExtPAWSEstab), delayed data and acknowledgments overtaken by later ones. No endpoint broke a rule: no
    /// violation, whatever the reordering, and the data of both connections is taken whole.
    func testReorderingLinkHasNoViolations() throws {
        let segments = try RecordedTraffic.read("linux-reordering-ipv6.pcap")
        XCTAssertGreaterThan(segments.count, 1500)
        let (observations, observer) = try RecordedTraffic.observe(segments)
        for (number, observation) in observations.enumerated() {
            let violations = observation.anomalies.filter { $0.severity == .violation }
            XCTAssertTrue(violations.isEmpty, "segment \(number + 1): \(violations)")
        }
        XCTAssertGreaterThan(observations.filter { $0.traits.contains(.dropped) }.count, 62)
        // Acknowledgments of the same bytes overtaking each other, their windows a unit or a few apart (52 of them
        // were window-retraction under RFC 9293's window-update rule): Linux keeps the larger window.
        XCTAssertFalse(observations.contains { $0.anomalies.contains(.windowRetraction) })
        let flows = observer.sortedFlows
        XCTAssertEqual(flows.count, 2)
        for flow in flows {
            XCTAssertTrue(flow.isClosed || flow.clientState == .timeWait, "\(flow.clientState)/\(flow.serverState)")
        }
    }

    /// Captures whose two directions were recorded at separate points and merged with the server's clock 1 ms behind
    /// (`Captures/record-wild.sh mergedtapnots`, `mergedtapts`), as two taps or a switch's mirror port record them:
    /// acknowledgments ahead of the bytes they acknowledge (up to 187,593 bytes), SYN-ACKs before their SYNs, with
    /// and without timestamps. The misorder shows as capture anomalies (`ack-of-unseen-segment`, the bytes then
    /// `before-last-ack`), never as a violation, neither of the segment nor proved of an earlier one.
    func testMergedTapsHaveNoViolations() throws {
        for (name, unseen) in [("linux-mergedtap-nots.pcap", 38), ("linux-mergedtap-ts-mirror.pcap", 11)] {
            let segments = try RecordedTraffic.read(name)
            let (observations, _) = try RecordedTraffic.observe(segments)
            for (number, observation) in observations.enumerated() {
                let violations = observation.anomalies.filter { $0.severity == .violation }
                XCTAssertTrue(violations.isEmpty, "\(name) segment \(number + 1): \(violations)")
                XCTAssertNotEqual(observation.earlierAnomaly?.severity, .violation, "\(name) segment \(number + 1)")
            }
            XCTAssertEqual(observations.filter { $0.anomalies.contains(.ackOfUnseenSegment) }.count, unseen, name)
        }
    }

    /// A slow reader with a 4 KB receive buffer over a wire that reorders 20 % and drops 2 % of the frames
    /// (`Captures/record-wild.sh slowreader`, captured on the server's side): zero windows, window updates and Linux's
    /// zero-window probes crossing each other. No anomaly of any kind, conntrack passes every segment, and the 15
    /// probes (5 a connection) are named and answered as Linux answered them, by a duplicate ACK.
    func testSlowReaderOverAReorderingLink() throws {
        let segments = try RecordedTraffic.read("linux-slow-reader.pcap")
        XCTAssertEqual(segments.count, 506)
        let (observations, observer) = try RecordedTraffic.observe(segments)
        for (number, observation) in observations.enumerated() {
            XCTAssertTrue(observation.anomalies.isEmpty, "segment \(number + 1): \(observation.anomalies)")
            XCTAssertEqual(observation.windowCheck, .passed, "segment \(number + 1)")
        }
        let probes = observations.filter { $0.traits.contains(.zeroWindowProbe) }
        XCTAssertEqual(probes.count, 15)
        XCTAssertTrue(probes.allSatisfy { $0.traits.contains(.keepAlive) && $0.response == .ack })
        XCTAssertGreaterThan(observations.filter { $0.traits.contains(.windowUpdate) }.count, 30)
        let flows = observer.sortedFlows
        XCTAssertEqual(flows.count, 3)
        for flow in flows {
            XCTAssertTrue(flow.isClosed || flow.clientState == .timeWait, "\(flow.clientState)/\(flow.serverState)")
            // The server's 100,000 bytes and its FIN taken whole (retransmissions counted once).
            XCTAssertEqual(flow.clientEndpoint.receiveNext - flow.clientEndpoint.initialReceiveSequence, 100_002)
        }
    }

    /// Linux with microsecond TSvals (`tcp_usec_ts`) both ways, `linux-usec-synack-loss.pcap`: the server's first
    /// SYN-ACK of each connection lost (two of the second's), the client's SYN sent again after a second, and the
    /// SYN-ACK that gets through echoing the first SYN's TSval. Whole, and with each connection's first SYN cut from
    /// the capture, when that echo is 1,019,195 and 1,016,531 ticks older than the first SYN captured (a second of a
    /// microsecond clock, beyond 63 s of a millisecond one): no violation, and the client's acknowledgments, on a
    /// microsecond clock, show the SYN-ACKs taken. Both connections end closed.
    func testMicrosecondTimestampsWithTheFirstSYNNotCaptured() throws {
        let segments = try RecordedTraffic.read("linux-usec-synack-loss.pcap")
        XCTAssertEqual(segments.count, 28)
        var firstSYNs = Set<Int>()
        var seenPorts = Set<UInt16>()
        for (index, segment) in segments.enumerated() where segment.bytes[13] & 0x12 == 0x02 {
            let port = UInt16(segment.bytes[0]) << 8 | UInt16(segment.bytes[1])
            if seenPorts.insert(port).inserted { firstSYNs.insert(index) }
        }
        XCTAssertEqual(firstSYNs.count, 2)
        for cut in [false, true] {
            let kept = segments.enumerated().filter { !cut || !firstSYNs.contains($0.offset) }.map(\.element)
            let (observations, observer) = try RecordedTraffic.observe(kept)
            for (number, observation) in observations.enumerated() {
                let called = observation.anomalies.filter { $0.severity == .violation || $0.severity == .discouraged }
                XCTAssertTrue(called.isEmpty, "cut \(cut), segment \(number + 1): \(called)")
                XCTAssertNil(observation.earlierAnomaly, "cut \(cut), segment \(number + 1)")
            }
            XCTAssertEqual(observer.sortedFlows.map(\.isClosed), [true, true], "cut \(cut)")
        }
    }

    /// Linux without TCP timestamps (as Windows connects by default), `linux-nots-*.pcap`, with frames removed where
    /// the validator's fallbacks without timestamps called a violation of what the capture could not see (frame
    /// numbers of the whole files, counted from 1): none in any variant.
    /// - The slow reader without frame 30 (the server's data before the client's zero window): the client's ACK of
    ///   those bytes is `ack-of-unseen-segment`, and the server's zero-window probe, at SND.UNA - 1 (frame 32), shows
    ///   it took that acknowledgment (not `ack-unsent-data`).
    /// - The bulk transfer without SACK, without frame 429 (the server's FIN on its last data): the client's ACK of the
    ///   FIN is `ack-of-unseen-segment`, and the FIN segment sent again (frame 491) ends where that ACK does.
    /// - The reordering link picked up at frame 51: data the server sends again below an acknowledgment it had taken,
    ///   bytes sent before the capture began, says nothing of its SND.NXT.
    /// - The reordering link without frames 860 and 1000, and the mixed capture (the client without timestamps, so
    ///   none agreed) without frames 447 and 696: a window update not captured, the client's data past the window the
    ///   capture saw, and an older acknowledgment of the server's delivered late, its edge short of that data: without
    ///   timestamps nothing shows it sent after the data arrived (not `out-of-window`).
    func testWithoutTimestampsTheCaptureGapsAreNoViolations() throws {
        let variants: [(String, removing: Set<Int>, from: Int)] = [
            ("linux-nots-slow-reader.pcap", [30], 1),
            ("linux-nots-nosack-bidir-loss.pcap", [429], 1),
            ("linux-nots-reordering-ipv6.pcap", [], 51),
            ("linux-nots-reordering-ipv6.pcap", [860, 1000], 1),
            ("linux-nots-mixed.pcap", [447, 696], 1),
        ]
        for (name, removing, from) in variants {
            let segments = try RecordedTraffic.read(name)
            XCTAssertFalse(segments.isEmpty, name)
            let kept = segments.enumerated().filter { $0.offset + 1 >= from && !removing.contains($0.offset + 1) }
            let (observations, _) = try RecordedTraffic.observe(kept.map(\.element))
            for (observation, (index, _)) in zip(observations, kept) {
                let label = "\(name) without \(removing.sorted()) from \(from), frame \(index + 1)"
                let called = observation.anomalies.filter { $0.severity == .violation || $0.severity == .discouraged }
                XCTAssertTrue(called.isEmpty, "\(label): \(called)")
                XCTAssertFalse(observation.earlierAnomaly.map { $0.severity == .violation } ?? false,
                               "\(label): \(String(describing: observation.earlierAnomaly))")
            }
        }
    }

    /// Data both ways over a wire that drops 10 % and reorders 10 % of the frames (`Captures/record-wild.sh
    /// bidirloss`, captured on the client's side), where the client's kernel counted 16 segments dropped by PAWS
    /// (`TcpExtPAWSEstab`, each answered by a duplicate ACK) and 2 old ACKs (`TcpExtPAWSOldAck`, pure ACKs below
    /// RCV.NXT, dropped without an answer), and the server's none. The client's model drops exactly those 18, with
    /// those answers, and the server's none; no violation, and no window retraction where an older ACK was overtaken
    /// by a later segment.
    func testBidirectionalLossMatchesTheKernelsPAWSCounts() throws {
        let segments = try RecordedTraffic.read("linux-bidir-loss.pcap")
        XCTAssertEqual(segments.count, 857)
        var observer = TCPFlowObserver()
        var answered = 0
        var silent = 0
        for (number, segment) in segments.enumerated() {
            let summary = segment.bytes.withUnsafeBytes { TCPSegmentSummary(try! TCPSegmentView(lenient: $0)) }
            let ports = (UInt16(segment.bytes[0]) << 8 | UInt16(segment.bytes[1]),
                         UInt16(segment.bytes[2]) << 8 | UInt16(segment.bytes[3]))
            // The receiving endpoint's model before the segment.
            let receiver = observer.flows.lazy.compactMap { flow -> TCPEndpoint? in
                if flow.client.port == ports.1 && flow.server.port == ports.0 { return flow.clientEndpoint }
                if flow.client.port == ports.0 && flow.server.port == ports.1 { return flow.serverEndpoint }
                return nil
            }.first
            let failsPAWS = receiver?.failsPAWS(summary) ?? false
            let observation = try segment.bytes.withUnsafeBytes { raw in
                observer.observe(try TCPSegmentView(lenient: raw), from: segment.source, to: segment.destination,
                                 at: segment.time, payloadLength: segment.payloadLength)
            }
            let violations = observation.anomalies.filter { $0.severity == .violation || $0.severity == .discouraged }
            XCTAssertTrue(violations.isEmpty, "segment \(number + 1): \(violations)")
            guard failsPAWS else { continue }
            XCTAssertEqual(observation.direction, .serverToClient, "segment \(number + 1)")
            XCTAssertTrue(observation.traits.contains(.dropped), "segment \(number + 1)")
            if observation.response == .ack { answered += 1 }
            if observation.response == .none { silent += 1 }
        }
        XCTAssertEqual(answered, 16, "the client kernel's PAWSEstab")
        XCTAssertEqual(silent, 2, "the client kernel's PAWSOldAck")
        XCTAssertEqual(observer.sortedFlows.count, 2)
    }

    func testKeepAlives() throws {
        let (_, observations, observer) = try observeFixture("loopback-keepalive.pcap")
        let keepAlives = observations.filter { $0.traits.contains(.keepAlive) }
        XCTAssertEqual(keepAlives.count, 3)
        XCTAssertTrue(keepAlives.allSatisfy { $0.response == .ack && $0.verdict == .dropped })
        XCTAssertFalse(observations.contains { $0.traits.contains(.retransmission) })
        let flow = try XCTUnwrap(observer.sortedFlows.first)
        XCTAssertEqual(flow.clientState, .timeWait)
        XCTAssertEqual(flow.serverState, .closed)
        XCTAssertTrue(flow.serverEndpoint.timestampsEnabled)
    }

    func testZeroWindowAndProbes() throws {
        let (segments, observations, observer) = try observeFixture("loopback-zerowindow.pcap")
        XCTAssertGreaterThan(segments.count, 20)
        // Linux probes a zero window with a zero-length segment at SND.UNA - 1: a keep-alive in form, and a
        // zero-window probe as the receiver's window is zero.
        let probes = observations.filter { $0.traits.contains(.keepAlive) }
        XCTAssertGreaterThanOrEqual(probes.count, 2)
        XCTAssertTrue(probes.allSatisfy { $0.response == .ack })
        XCTAssertTrue(probes.allSatisfy { $0.traits.contains(.zeroWindowProbe) })
        let flow = try XCTUnwrap(observer.sortedFlows.first)
        XCTAssertEqual(flow.clientToServer.payloadBytes, 20000, "payload lengths come from the IP header")
        XCTAssertEqual(flow.serverEndpoint.windowScaling.sendShift, 0, "the small buffer announced wscale 0")
        XCTAssertEqual(flow.clientState, .timeWait)
        XCTAssertEqual(flow.serverState, .closed)
    }

    func testCloseWithUnreadDataSendsRST() throws {
        let (_, observations, observer) = try observeFixture("loopback-unread.pcap")
        XCTAssertTrue(observations.last?.traits.contains(.reset) ?? false)
        let flow = try XCTUnwrap(observer.sortedFlows.first)
        XCTAssertEqual(flow.clientState, .closed)
        XCTAssertEqual(flow.serverState, .closed)
        XCTAssertNotNil(flow.milestones.reset)
    }

    func testTimeWaitReusedWithNewerTimestamp() throws {
        let (captured, observations, observer) = try observeFixture("loopback-reuse.pcap")
        let index = try XCTUnwrap(observations.firstIndex { $0.retiredFlow })
        XCTAssertTrue(observations[index].traits.contains(.newFlow))
        // The retired record is the observer's until the next segment: replay the capture up to the reopening.
        let (_, replay) = try RecordedTraffic.observe(Array(captured[...index]))
        XCTAssertEqual(replay.lastRetiredFlow?.serverState, .timeWait, "the server held TIME-WAIT")
        XCTAssertEqual(observer.sortedFlows.count, 1)
        XCTAssertEqual(observer.statistics.flowsReused, 1)
        XCTAssertEqual(observer.sortedFlows.first?.serverState, .timeWait)
        // The same SYN with an older timestamp and a lower ISN is refused by TIME-WAIT.
        var segments = try RecordedTraffic.read("loopback-reuse.pcap")
        let summary = segments[index].bytes.withUnsafeBytes { TCPSegmentSummary(try! TCPSegmentView($0)) }
        let older = try XCTUnwrap(summary.timestampValue) &- 1_000_000
        try segments[index].bytes.withUnsafeMutableBytes { raw in
            let view = try TCPSegmentMutableView(raw)
            view.sequenceNumber -= 100_000_000
            XCTAssertTrue(view.setTimestamps(value: older, echoReply: 0))
        }
        let (altered, _) = try RecordedTraffic.observe(segments)
        XCTAssertEqual(altered[index].anomalies, [.reuseWithoutHigherISN])
        XCTAssertFalse(altered[index].retiredFlow)
    }

    // MARK: Captures from the tcpdump project (Captures/tcpdump, see Captures/README.md)

    func testSSHWithRoundedWindowEdges() throws {
        let (segments, observations, observer) = try observeFixture("tcpdump/ssh.pcap")
        XCTAssertEqual(segments.count, 54)
        XCTAssertFalse(observations.contains { $0.traits.contains(.untracked) })
        let flow = try XCTUnwrap(observer.sortedFlows.first)
        XCTAssertEqual(flow.server.port, 22)
        XCTAssertTrue(flow.serverEndpoint.windowScaling.isActive)
        XCTAssertNotNil(flow.milestones.established)
    }

    func testFastOpen() throws {
        let segments = try RecordedTraffic.read("tcpdump/tfo-5c1fa7f9ae91.pcap")
        let (observations, observer) = try RecordedTraffic.observe(segments)
        let flagged = observations.enumerated().filter { !$0.element.anomalies.isEmpty }
        XCTAssertEqual(flagged.map(\.offset), [12, 13], describe(segments, observations))
        XCTAssertEqual(flagged.first?.element.anomalies, [.synWithData])
        XCTAssertEqual(TCPAnomaly.synWithData.severity, .info)
        // The client's FIN acknowledges a SYN-ACK this capture does not hold: a capture note, not a violation.
        XCTAssertEqual(flagged.last?.element.anomalies, [.ackOfUnseenSegment])
        XCTAssertEqual(observer.sortedFlows.count, 3, "two views of a NAT-ed connection, then a SYN with data")
        XCTAssertEqual(observer.sortedFlows.first?.clientState, .timeWait)
    }

    func testTwoMultipathOptionsAreNotDuplicates() throws {
        let (_, observations, _) = try observeFixture("tcpdump/mptcp-aa-echo.pcap")
        XCTAssertFalse(observations.contains { $0.anomalies.contains(.duplicateOption) })
        XCTAssertEqual(observations.first?.anomalies, [.midStreamPickup], "two segments of a connection under way")
    }
}
