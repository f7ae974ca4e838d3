import TCPCodec
import XCTest

@testable import TCPValidation

/// Conntrack's four Rooij bounds, each accepted and refused, at ordinary and wrapping sequence numbers.
final class TCPWindowTrackerTests: XCTestCase {
    static let bases: [(UInt32, UInt32)] = [(1000, 900_000), (0xFFFF_FFF0, 0xFFFF_FF00)]

    /// A tracker after a handshake with the given windows and scales.
    func handshake(
        client: UInt32, server: UInt32, clientScale: UInt8? = nil, serverScale: UInt8? = nil,
        sack: Bool = false
    ) -> TCPWindowTracker {
        var tracker = TCPWindowTracker()
        let c = SequenceNumber(client)
        let s = SequenceNumber(server)
        XCTAssertEqual(tracker.check(segment(.syn, seq: c, window: 1000,
                                             options: (clientScale.map { [.windowScale($0)] } ?? [])
                                                 + (sack ? [.sackPermitted] : [])), fromClient: true), .passed)
        XCTAssertEqual(tracker.check(segment([.syn, .ack], seq: s, ack: c + 1, window: 2000,
                                             options: (serverScale.map { [.windowScale($0)] } ?? [])
                                                 + (sack ? [.sackPermitted] : [])),
                                     fromClient: false), .passed)
        XCTAssertEqual(tracker.check(segment(.ack, seq: c + 1, ack: s + 1, window: 1000), fromClient: true), .passed)
        return tracker
    }

    /// A tracker after a handshake (client ISN 999, server 899,999), a FIN from the client and one from the server
    /// acknowledging it: in LAST_ACK.
    func bothFINs() -> TCPWindowTracker {
        let c = SequenceNumber(1000)
        let s = SequenceNumber(900_000)
        var tracker = handshake(client: 999, server: 899_999)
        XCTAssertEqual(tracker.check(segment([.fin, .ack], seq: c, ack: s, window: 1000), fromClient: true), .passed)
        XCTAssertEqual(tracker.check(segment([.fin, .ack], seq: s, ack: c + 1, window: 2000), fromClient: false),
                       .passed)
        XCTAssertEqual(tracker.state, .lastAck)
        return tracker
    }

    /// ``bothFINs()`` and the client's last ACK: in TIME_WAIT.
    func closedByFINs() -> TCPWindowTracker {
        var tracker = bothFINs()
        XCTAssertEqual(tracker.check(segment(.ack, seq: SequenceNumber(1001), ack: SequenceNumber(900_001),
                                             window: 1000), fromClient: true), .passed)
        XCTAssertEqual(tracker.state, .timeWait)
        return tracker
    }

    func testBoundsAcceptAndRefuse() {
        for (client, server) in Self.bases {
            let c = SequenceNumber(client) + 1
            let s = SequenceNumber(server) + 1
            var tracker = handshake(client: client, server: server)
            // The server offered 2000 bytes: data up to that is fine.
            XCTAssertEqual(tracker.check(segment(.ack, seq: c, ack: s, window: 1000, payload: 2000), fromClient: true),
                           .passed)
            XCTAssertEqual(tracker.clientBounds.end, c + 2000)
            // Bound I: beyond td_maxend.
            var first = tracker
            XCTAssertEqual(first.check(segment(.ack, seq: c + 5000, ack: s, window: 1000, payload: 10),
                                       fromClient: true), .sequenceAboveWindow)
            // Bound II: far before what was sent.
            var second = tracker
            XCTAssertEqual(second.check(segment(.ack, seq: c - 100_000, ack: s, window: 1000, payload: 10),
                                        fromClient: true), .sequenceBelowWindow)
            // Bound III: acknowledges data the server never sent.
            var third = tracker
            XCTAssertEqual(third.check(segment(.ack, seq: c + 2000, ack: s + 10, window: 1000), fromClient: true),
                           .acknowledgmentAboveSent)
            // Bound IV: acknowledgment far in the past.
            var fourth = tracker
            XCTAssertEqual(fourth.check(segment(.ack, seq: c + 2000, ack: s - 200_000, window: 1000),
                                        fromClient: true), .acknowledgmentBelowWindow)
            // A retransmission passes.
            XCTAssertEqual(tracker.check(segment(.ack, seq: c, ack: s, window: 1000, payload: 500), fromClient: true),
                           .passed)
            XCTAssertEqual(TCPWindowCheck.acknowledgmentAboveSent.anomaly, .ackOfUnsentData)
            XCTAssertEqual(TCPWindowCheck.sequenceAboveWindow.description, "seq-over-upper-bound")
            XCTAssertNil(TCPWindowCheck.passed.anomaly)
        }
    }

    func testWindowScaleNeedsBothSYNs() {
        let both = handshake(client: 1, server: 2, clientScale: 7, serverScale: 3)
        XCTAssertEqual(both.clientBounds.scale, 7)
        XCTAssertEqual(both.serverBounds.scale, 3)
        let one = handshake(client: 1, server: 2, clientScale: 7, serverScale: nil)
        XCTAssertEqual(one.clientBounds.scale, 0)
        XCTAssertEqual(one.serverBounds.scale, 0)
        let clamped = handshake(client: 1, server: 2, clientScale: 30, serverScale: 14)
        XCTAssertEqual(clamped.clientBounds.scale, 14)
    }

    func testSACKExtendsTheAcknowledgment() {
        for (client, server) in Self.bases {
            let c = SequenceNumber(client) + 1
            let s = SequenceNumber(server) + 1
            var tracker = handshake(client: client, server: server, sack: true)
            XCTAssertEqual(tracker.check(segment(.ack, seq: s, ack: c, window: 2000, payload: 1500), fromClient: false),
                           .passed)
            // A SACK block inside what the server sent passes; one beyond it fails bound III.
            let inside = try! TCPSACKBlocks([TCPSACKBlock(left: s + 500, right: s + 1000)])
            var good = tracker
            XCTAssertEqual(good.check(segment(.ack, seq: c, ack: s, window: 1000, options: [.sack(inside)]),
                                      fromClient: true), .passed)
            let beyond = try! TCPSACKBlocks([TCPSACKBlock(left: s + 1000, right: s + 9000)])
            XCTAssertEqual(tracker.check(segment(.ack, seq: c, ack: s, window: 1000, options: [.sack(beyond)]),
                                         fromClient: true), .acknowledgmentAboveSent)
        }
    }

    func testMidStreamPickupAndZeroWindow() {
        var tracker = TCPWindowTracker()
        let c = SequenceNumber(0xFFFF_FFF0)
        let s = SequenceNumber(77)
        // tcp_new takes the first direction as it is and leaves the other unseen, at end 0, which the
        // acknowledgment fails: it passes only as the connection is liberal, and moves no bound.
        XCTAssertEqual(tracker.check(segment(.ack, seq: c, ack: s, window: 100, payload: 50), fromClient: true),
                       .liberal)
        XCTAssertEqual(tracker.clientBounds.end, c + 50)
        XCTAssertEqual(tracker.clientBounds.maximumEnd, c + 150)
        XCTAssertFalse(tracker.serverBounds.isInitialized, "the unseen side stays unseen until its first segment")
        XCTAssertEqual(tracker.serverBounds.end, SequenceNumber(0))
        XCTAssertFalse(tracker.clientBounds.sentAcknowledgment, "an acknowledgment that failed a bound is not kept")
        XCTAssertEqual(tracker.check(segment(.ack, seq: s, ack: c + 50, window: 0), fromClient: false), .passed)
        XCTAssertEqual(tracker.serverBounds.end, s)
        // td_maxend never moves back: a zero window does not retract the end the first segment allowed
        // (c + 50 + 100), so bytes up to it pass and the next one does not (it passes only as conntrack is
        // liberal on a connection picked up without its SYN).
        var probe = tracker
        XCTAssertEqual(probe.check(segment(.ack, seq: c + 50, ack: s, window: 100, payload: 1), fromClient: true),
                       .passed)
        XCTAssertEqual(tracker.check(segment(.ack, seq: c + 151, ack: s, window: 100, payload: 1), fromClient: true),
                       .liberal)
        XCTAssertEqual(tracker.clientBounds.end, c + 50, "a segment failing the bounds moves none")
        // From a handshake, a zero window leaves td_maxend at ack + 1: the one-byte probe fits exactly.
        var fresh = handshake(client: 0xFFFF_FFF0, server: 5)
        let client = SequenceNumber(0xFFFF_FFF1)
        XCTAssertEqual(fresh.check(segment(.ack, seq: SequenceNumber(6), ack: client, window: 0), fromClient: false),
                       .passed)
        XCTAssertEqual(fresh.clientBounds.maximumEnd, client + 2000, "the SYN-ACK's offer still stands")
    }

    func testRSTAnsweringSYNWithZeroSequence() {
        var tracker = TCPWindowTracker()
        let c = SequenceNumber(0xFFFF_FFFF)
        XCTAssertEqual(tracker.check(segment(.syn, seq: c, window: 1000), fromClient: true), .passed)
        XCTAssertEqual(tracker.check(segment([.rst, .ack], seq: SequenceNumber(0), ack: c + 1),
                                     fromClient: false), .passed)
    }

    /// `checkAcknowledgment` (header prediction's) gives what `check` gives for an ACK without SYN or RST after
    /// the handshake, and leaves the same bounds: random bounds, some directions not yet seen, random segments.
    func testAcknowledgmentCheckIsTheCheck() throws {
        var random = PredictionRandom(seed: 3)
        var passed = 0
        var fastPath = 0
        for _ in 0..<5_000 {
            func bounds() -> TCPWindowBounds {
                var bounds = TCPWindowBounds()
                guard random.below(8) != 0 else { return bounds }
                bounds.end = SequenceNumber(random.word())
                bounds.maximumEnd = bounds.end + UInt32(random.below(1 << 20))
                bounds.maximumWindow = UInt32(1 + random.below(1 << 20))
                bounds.scale = UInt8(random.below(15))
                bounds.sentSACKPermitted = random.chance(50)
                bounds.sentAcknowledgment = random.chance(90)
                bounds.maximumAcknowledgment = SequenceNumber(random.word())
                return bounds
            }
            var tracker = TCPWindowTracker()
            tracker.clientBounds = bounds()
            tracker.serverBounds = bounds()
            // Past the handshake: what `check` leaves on an assured connection once both directions are in (the
            // fast path's condition).
            tracker.state = .established
            tracker.memory.assured = true
            tracker.memory.seenReply = true
            tracker.memory.lastKind = .ack
            tracker.predictable = tracker.clientBounds.sentAcknowledgment && tracker.serverBounds.sentAcknowledgment
            let fromClient = random.chance(50)
            let sender = fromClient ? tracker.clientBounds : tracker.serverBounds
            let receiver = fromClient ? tracker.serverBounds : tracker.clientBounds
            // Near the bounds most of the time, anywhere now and then.
            let sequence = random.chance(80) ? (sender.end - UInt32(random.below(2000))).rawValue : random.word()
            let acknowledgment = random.chance(80)
                ? (receiver.end - UInt32(random.below(2000))).rawValue : random.word()
            var blocks = TCPSACKBlocks()
            if random.chance(20) {
                let left = acknowledgment &+ UInt32(random.below(5000))
                blocks = try TCPSACKBlocks([TCPSACKBlock(
                    left: SequenceNumber(left), right: SequenceNumber(left &+ UInt32(random.below(5000))))])
            }
            let flags: TCPFlags = random.chance(50) ? .ack : TCPFlags.ack.union(.psh)
            let summary = TCPSegmentSummary(
                sequenceNumber: SequenceNumber(sequence), acknowledgmentNumber: SequenceNumber(acknowledgment),
                flags: flags, window: UInt16(truncatingIfNeeded: random.next()),
                payloadLength: UInt32(random.below(3000)), sackBlocks: blocks)
            var full = tracker
            var predicted = tracker
            let expected = full.check(summary, fromClient: fromClient)
            XCTAssertEqual(predicted.checkAcknowledgment(summary, fromClient: fromClient), expected)
            XCTAssertEqual(predicted, full)
            if expected == .passed { passed += 1 }
            if tracker.predictable { fastPath += 1 }
        }
        XCTAssertGreaterThan(passed, 1_000)
        XCTAssertGreaterThan(fastPath, 3_000, "most trackers take the bounds alone")
    }

    // MARK: What conntrack's state table ignores (Linux 6.x, as Captures/record-conntrack-oracle.sh measured)

    /// A flag combination conntrack refuses is not checked and changes nothing, not even the first SYN's
    /// initialization.
    func testRefusedFlagsChangeNothing() {
        var tracker = TCPWindowTracker()
        XCTAssertEqual(tracker.check(segment([.syn, .fin], seq: SequenceNumber(100)), fromClient: true), .invalidFlags)
        XCTAssertEqual(tracker, TCPWindowTracker())
        var after = handshake(client: 100, server: 9000)
        let before = after
        XCTAssertEqual(after.check(segment([.syn, .ack, .fin], seq: SequenceNumber(9000), ack: SequenceNumber(101)),
                                   fromClient: false), .invalidFlags)
        XCTAssertEqual(after, before)
        XCTAssertTrue(TCPWindowCheck.invalidFlags.isInvalid)
        XCTAssertEqual(TCPWindowCheck.invalidFlags.description, "invalid-flags")
    }

    /// Once the server's SYN-ACK has passed, the client's SYN (resent, or with another ISN) and the server's
    /// SYN-ACK (resent) are ignored: a higher end no longer reinitializes anything.
    func testSYNsAfterTheSYNACKAreIgnored() {
        for (client, server) in Self.bases {
            var tracker = TCPWindowTracker()
            let c = SequenceNumber(client)
            let s = SequenceNumber(server)
            XCTAssertEqual(tracker.check(segment(.syn, seq: c, window: 1000), fromClient: true), .passed)
            XCTAssertEqual(tracker.check(segment([.syn, .ack], seq: s, ack: c + 1, window: 2000),
                                         fromClient: false), .passed)
            let answered = tracker
            XCTAssertEqual(tracker.check(segment(.syn, seq: c + 100_000, window: 1000), fromClient: true), .ignored)
            XCTAssertEqual(tracker.clientBounds, answered.clientBounds, "a new ISN is not taken")
            XCTAssertEqual(tracker.check(segment([.syn, .ack], seq: s + 5000, ack: c + 1, window: 2000),
                                         fromClient: false), .ignored)
            XCTAssertEqual(tracker.serverBounds, answered.serverBounds)
            // The same after the handshake, with data sent.
            var established = handshake(client: client, server: server)
            let settled = established
            XCTAssertEqual(established.check(segment(.syn, seq: c, window: 1000), fromClient: true), .ignored)
            XCTAssertEqual(established.clientBounds, settled.clientBounds)
            // A SYN-ACK from the client is not ignored (a simultaneous open's); its bounds are checked.
            XCTAssertNotEqual(established.check(segment([.syn, .ack], seq: c, ack: s + 1), fromClient: true),
                              .ignored)
        }
    }

    /// Before the SYN-ACK, the server's ACK (a half-open connection's, a challenge ACK) is ignored and leaves the
    /// server's side unseen; a SYN from the client with a lower end is ignored, and a SYN with a higher end
    /// reinitializes the client's side.
    func testBeforeTheSYNACK() {
        for (client, server) in Self.bases {
            var tracker = TCPWindowTracker()
            let c = SequenceNumber(client)
            let s = SequenceNumber(server)
            XCTAssertEqual(tracker.check(segment(.syn, seq: c, window: 1000), fromClient: true), .passed)
            XCTAssertEqual(tracker.check(segment(.ack, seq: s, ack: c + 1001), fromClient: false), .ignored)
            XCTAssertFalse(tracker.serverBounds.isInitialized)
            // The same ACK through header prediction's check: the same answer.
            var predicted = tracker
            predicted.serverBounds.maximumWindow = 1
            var full = predicted
            XCTAssertEqual(predicted.checkAcknowledgment(segment(.ack, seq: s, ack: c + 1), fromClient: false),
                           full.check(segment(.ack, seq: s, ack: c + 1), fromClient: false))
            XCTAssertEqual(predicted, full)
            // A SYN going back on the first: ignored.
            XCTAssertEqual(tracker.check(segment(.syn, seq: c - 50, window: 1000), fromClient: true), .ignored)
            XCTAssertEqual(tracker.clientBounds.end, c + 1)
            // A SYN with a higher end: the client's side starts again from it.
            XCTAssertEqual(tracker.check(segment(.syn, seq: c + 70_000, window: 1000), fromClient: true), .passed)
            XCTAssertEqual(tracker.clientBounds.end, c + 70_001)
        }
    }

    /// A SYN-ACK acknowledging the SYN ignored last shows that both ends took that SYN: the tracker starts over from
    /// it (conntrack's resynchronization), where it would otherwise ignore the SYN-ACK; so does the SYN-ACK to a
    /// lower SYN before the first SYN-ACK.
    func testSYNACKToAnIgnoredSYNStartsOver() {
        for (client, server) in Self.bases {
            let c = SequenceNumber(client)
            let s = SequenceNumber(server)
            var tracker = TCPWindowTracker()
            XCTAssertEqual(tracker.check(segment(.syn, seq: c, window: 1000), fromClient: true), .passed)
            XCTAssertEqual(tracker.check(segment([.syn, .ack], seq: s, ack: c + 1, window: 2000),
                                         fromClient: false), .passed)
            // The client starts again with another ISN; the server, having reset its half-open connection, answers.
            let renewed = c + 200_000
            XCTAssertEqual(tracker.check(segment(.syn, seq: renewed, window: 3000, options: [.windowScale(2)]),
                                         fromClient: true), .ignored)
            XCTAssertEqual(tracker.check(segment([.syn, .ack], seq: s + 7, ack: renewed + 1, window: 4000,
                                                 options: [.windowScale(1)]),
                                         fromClient: false), .passed)
            XCTAssertEqual(tracker.clientBounds.end, renewed + 1)
            XCTAssertEqual(tracker.clientBounds.scale, 2)
            XCTAssertEqual(tracker.serverBounds.end, s + 8)
            XCTAssertEqual(tracker.check(segment(.ack, seq: renewed + 1, ack: s + 8, window: 1000, payload: 100),
                                         fromClient: true), .passed)
            // Before any SYN-ACK: a lower SYN, then the SYN-ACK to it.
            var early = TCPWindowTracker()
            XCTAssertEqual(early.check(segment(.syn, seq: c, window: 1000), fromClient: true), .passed)
            XCTAssertEqual(early.check(segment(.syn, seq: c - 10, window: 1000), fromClient: true), .ignored)
            XCTAssertEqual(early.check(segment([.syn, .ack], seq: s, ack: c - 9, window: 2000),
                                       fromClient: false), .passed)
            XCTAssertEqual(early.clientBounds.end, c - 9)
        }
    }

    /// A RST acknowledging the SYN ignored last answers it and passes unchecked; once another segment has passed,
    /// the same RST is checked (and refused: its SEQ is below what its receiver acknowledged).
    func testRSTToAnIgnoredSYNPasses() {
        let c = SequenceNumber(5000)
        let s = SequenceNumber(70_000)
        var tracker = TCPWindowTracker()
        XCTAssertEqual(tracker.check(segment(.syn, seq: c, window: 1000), fromClient: true), .passed)
        XCTAssertEqual(tracker.check(segment([.syn, .ack], seq: s, ack: c + 1, window: 2000),
                                     fromClient: false), .passed)
        XCTAssertEqual(tracker.check(segment(.syn, seq: c + 100, window: 1000), fromClient: true), .ignored)
        var checked = tracker
        let reset = segment([.rst, .ack], seq: SequenceNumber(0), ack: c + 101, window: 0)
        XCTAssertEqual(tracker.check(reset, fromClient: false), .passed)
        // After a segment that passed, the note is gone: the RST is checked, and its SEQ 0 is below what the
        // client has acknowledged.
        XCTAssertEqual(checked.check(segment(.ack, seq: c + 1, ack: s + 1, window: 1000), fromClient: true), .passed)
        XCTAssertEqual(checked.check(reset, fromClient: false), .invalidReset)
    }

    /// Bound IV's reach is the sender's largest window but never less than 66,000 (MAXACKWINDOW): a sender that
    /// offered 1000 bytes may still acknowledge 10,000 bytes back.
    func testAcknowledgmentWindowIsAtLeast66000() {
        for (client, server) in Self.bases {
            var tracker = handshake(client: client, server: server)
            XCTAssertEqual(tracker.clientBounds.maximumWindow, 1000)
            let s = SequenceNumber(server) + 1
            tracker.serverBounds.end = s + 50_000
            let c = SequenceNumber(client) + 1
            var near = tracker
            XCTAssertEqual(near.check(segment(.ack, seq: c, ack: s + 40_000, window: 1000), fromClient: true), .passed)
            XCTAssertEqual(tracker.check(segment(.ack, seq: c, ack: s + 50_000 - 66_001, window: 1000),
                                         fromClient: true), .acknowledgmentBelowWindow)
        }
    }

    /// Linux tests the bounds in the order I, III, II, IV: a segment failing II and III is named by III. Past the
    /// upper bound by no more than the receiver's largest window, all else holding, is an overrun that moves the
    /// sender's end (so that the receiver may acknowledge those bytes); further, or with the acknowledgment out of
    /// bounds, bound I.
    func testLinuxOrderAndOverrun() {
        for (client, server) in Self.bases {
            let c = SequenceNumber(client) + 1
            let s = SequenceNumber(server) + 1
            var tracker = handshake(client: client, server: server)
            var both = tracker
            XCTAssertEqual(both.check(segment(.ack, seq: c - 100_000, ack: s + 10, window: 1000, payload: 10),
                                      fromClient: true), .acknowledgmentAboveSent)
            // The server offered 2000 bytes (its largest window); a segment starting past them (bound I tests
            // SEG.SEQ), ending 500 bytes past, is an overrun.
            XCTAssertEqual(tracker.check(segment(.ack, seq: c + 2001, ack: s, window: 1000, payload: 499),
                                         fromClient: true), .sequenceOverrun)
            XCTAssertEqual(tracker.clientBounds.end, c + 2500)
            XCTAssertEqual(tracker.check(segment(.ack, seq: s, ack: c + 2500, window: 2000), fromClient: false),
                           .passed)
            // 3000 bytes past the offer is beyond the receiver's largest window: bound I.
            var far = handshake(client: client, server: server)
            XCTAssertEqual(far.check(segment(.ack, seq: c + 2001, ack: s, window: 1000, payload: 3000),
                                     fromClient: true), .sequenceAboveWindow)
            XCTAssertEqual(far.clientBounds.end, c)
            XCTAssertFalse(TCPWindowCheck.sequenceOverrun.isInvalid)
            XCTAssertTrue(TCPWindowCheck.sequenceAboveWindow.isInvalid)
            XCTAssertFalse(TCPWindowCheck.sequenceBelowWindow.isInvalid)
        }
    }

    // MARK: conntrack's state table

    /// The states through a handshake and a close, and what the table refuses: a segment that cannot start a
    /// connection, the client's ACK before the SYN-ACK, a SYN-ACK from the client once established.
    func testStatesAndWhatTheTableRefuses() {
        let c = SequenceNumber(1000)
        let s = SequenceNumber(900_000)
        for flags: TCPFlags in [.fin.union(.ack), .rst, [.syn, .ack], .psh] {
            var fresh = TCPWindowTracker()
            XCTAssertEqual(fresh.check(segment(flags, seq: c, ack: s), fromClient: true),
                           flags == .psh ? .invalidFlags : .invalidState, "\(flags)")
            XCTAssertEqual(fresh.state, .none)
        }
        var tracker = TCPWindowTracker()
        XCTAssertEqual(tracker.check(segment(.syn, seq: c, window: 1000), fromClient: true), .passed)
        XCTAssertEqual(tracker.state, .synSent)
        let beforeAnswer = tracker
        XCTAssertEqual(tracker.check(segment(.ack, seq: c + 1, ack: s + 1), fromClient: true), .invalidState)
        XCTAssertEqual(tracker, beforeAnswer)
        XCTAssertEqual(tracker.check(segment([.syn, .ack], seq: s, ack: c + 1, window: 2000), fromClient: false),
                       .passed)
        XCTAssertEqual(tracker.state, .synReceived)
        XCTAssertEqual(tracker.check(segment(.ack, seq: c + 1, ack: s + 1, window: 1000), fromClient: true), .passed)
        XCTAssertEqual(tracker.state, .established)
        XCTAssertEqual(tracker.check(segment([.syn, .ack], seq: c, ack: s + 1), fromClient: true), .invalidState)
        XCTAssertEqual(tracker.check(segment([.fin, .ack], seq: c + 1, ack: s + 1, window: 1000), fromClient: true),
                       .passed)
        XCTAssertEqual(tracker.state, .finWait)
        XCTAssertEqual(tracker.check(segment(.ack, seq: s + 1, ack: c + 2, window: 2000), fromClient: false), .passed)
        XCTAssertEqual(tracker.state, .closeWait)
        XCTAssertEqual(tracker.check(segment([.fin, .ack], seq: s + 1, ack: c + 2, window: 2000), fromClient: false),
                       .passed)
        XCTAssertEqual(tracker.state, .lastAck)
        XCTAssertEqual(tracker.check(segment(.ack, seq: c + 2, ack: s + 2, window: 1000), fromClient: true), .passed)
        XCTAssertEqual(tracker.state, .timeWait)
        XCTAssertEqual(TCPWindowCheck.invalidState.description, "invalid-state")
        XCTAssertTrue(TCPWindowCheck.invalidState.isInvalid)
        XCTAssertEqual(TCPConntrackState.synReceived.description, "SYN_RECV")
    }

    /// A SYN on a connection closed by FINs is a new connection, whatever its sequence number; on one reset by the
    /// other side, it is ignored.
    func testASYNReopensAClosedConnection() {
        let c = SequenceNumber(1000)
        let s = SequenceNumber(900_000)
        var closed = closedByFINs()
        XCTAssertEqual(closed.check(segment(.syn, seq: c - 100_000, window: 3000), fromClient: true), .passed)
        XCTAssertEqual(closed.state, .synSent)
        XCTAssertEqual(closed.clientBounds.end, c - 99_999)
        XCTAssertFalse(closed.serverBounds.isInitialized)
        // Reset by the server: the client's SYN is ignored.
        var reset = handshake(client: 999, server: 899_999)
        XCTAssertEqual(reset.check(segment(.rst, seq: s, window: 0), fromClient: false), .passed)
        XCTAssertEqual(reset.state, .close)
        XCTAssertEqual(reset.check(segment(.syn, seq: c + 5000, window: 3000), fromClient: true), .ignored)
        XCTAssertEqual(reset.state, .close)
    }

    /// The first RST let through before any segment of the reply direction makes conntrack forget the connection:
    /// what follows must start a new one.
    func testAResetBeforeAnyReplyForgetsTheConnection() {
        let c = SequenceNumber(1000)
        var tracker = TCPWindowTracker()
        XCTAssertEqual(tracker.check(segment(.syn, seq: c, window: 1000), fromClient: true), .passed)
        XCTAssertEqual(tracker.check(segment([.rst, .ack], seq: SequenceNumber(0), ack: c + 1, window: 0),
                                     fromClient: false), .passed)
        XCTAssertEqual(tracker, TCPWindowTracker())
        XCTAssertEqual(tracker.check(segment(.rst, seq: c + 1, window: 0), fromClient: true), .invalidState)
    }

    /// In LAST_ACK, the ACK answering a SYN conntrack ignored is a challenge ACK: ignored, the state kept.
    func testAChallengeACKInLastAckIsIgnored() {
        let c = SequenceNumber(1000)
        let s = SequenceNumber(900_000)
        var tracker = bothFINs()
        XCTAssertEqual(tracker.check(segment(.syn, seq: c + 70_000, window: 1000), fromClient: true), .ignored)
        XCTAssertEqual(tracker.check(segment(.ack, seq: s + 1, ack: c + 1, window: 2000), fromClient: false),
                       .ignored)
        XCTAssertEqual(tracker.state, .lastAck)
        XCTAssertEqual(tracker.check(segment(.ack, seq: c + 1, ack: s + 1, window: 1000), fromClient: true), .passed)
        XCTAssertEqual(tracker.state, .timeWait)
    }

    /// A segment without data, SYN or FIN is judged at its sender's end (only its acknowledgment counts); a RST
    /// is judged by its SEQ.
    func testASegmentWithoutDataIsJudgedByItsAcknowledgment() {
        for (client, server) in Self.bases {
            let c = SequenceNumber(client) + 1
            let s = SequenceNumber(server) + 1
            var tracker = handshake(client: client, server: server)
            XCTAssertEqual(tracker.check(segment(.ack, seq: c + 500_000, ack: s, window: 1000), fromClient: true),
                           .passed)
            XCTAssertEqual(tracker.clientBounds.end, c)
            XCTAssertEqual(tracker.check(segment(.rst, seq: c + 500_000, window: 0), fromClient: true),
                           .sequenceAboveWindow)
        }
    }

    /// The RST answering a challenge ACK conntrack ignored in SYN_SENT (its SEQ is that ACK's number) passes
    /// unchecked; another RST there is checked.
    func testTheResetAnsweringAChallengeACKPasses() {
        let c = SequenceNumber(1000)
        let s = SequenceNumber(900_000)
        var tracker = TCPWindowTracker()
        XCTAssertEqual(tracker.check(segment(.syn, seq: c, window: 1000), fromClient: true), .passed)
        XCTAssertEqual(tracker.check(segment(.ack, seq: s, ack: c + 1001, window: 1000), fromClient: false),
                       .ignored)
        var other = tracker
        XCTAssertEqual(tracker.check(segment(.rst, seq: c + 1001, window: 0), fromClient: true), .passed)
        XCTAssertEqual(other.check(segment(.rst, seq: c + 3001, window: 0), fromClient: true), .sequenceAboveWindow)
    }

    /// A simultaneous open: SYNs both ways (SYN_SENT2), a SYN-ACK from the client, then the server's ACK
    /// establishes the connection.
    func testSimultaneousOpen() {
        let c = SequenceNumber(1000)
        let s = SequenceNumber(900_000)
        var tracker = TCPWindowTracker()
        XCTAssertEqual(tracker.check(segment(.syn, seq: c, window: 1000), fromClient: true), .passed)
        XCTAssertEqual(tracker.check(segment(.syn, seq: s, window: 2000), fromClient: false), .passed)
        XCTAssertEqual(tracker.state, .synSent2)
        XCTAssertEqual(tracker.check(segment([.syn, .ack], seq: c, ack: s + 1, window: 1000), fromClient: true),
                       .passed)
        XCTAssertEqual(tracker.state, .synReceived)
        XCTAssertEqual(tracker.check(segment(.ack, seq: s + 1, ack: c + 1, window: 2000), fromClient: false), .passed)
        XCTAssertEqual(tracker.state, .established)
    }

    /// A RST is held to the highest acknowledgment its receiver sent: below it INVALID; at it, the connection
    /// closes; elsewhere in the window of an assured connection it keeps the connection (for the challenge ACK),
    /// unless it ends a train of its sender's segments. On a closing connection a RST passes unchecked.
    func testResetsAgainstTheHighestAcknowledgment() {
        let c = SequenceNumber(1000)
        let s = SequenceNumber(900_000)
        var tracker = handshake(client: 999, server: 899_999)
        XCTAssertEqual(tracker.check(segment(.ack, seq: s, ack: c, window: 2000, payload: 100), fromClient: false),
                       .passed)
        XCTAssertEqual(tracker.check(segment(.ack, seq: c, ack: s + 100, window: 1000), fromClient: true), .passed)
        XCTAssertEqual(tracker.clientBounds.maximumAcknowledgment, s + 100)
        var below = tracker
        XCTAssertEqual(below.check(segment(.rst, seq: s + 50, window: 0), fromClient: false), .invalidReset)
        XCTAssertEqual(below.state, .established)
        var exact = tracker
        XCTAssertEqual(exact.check(segment(.rst, seq: s + 100, window: 0), fromClient: false), .passed)
        XCTAssertEqual(exact.state, .close)
        var inWindow = tracker
        XCTAssertEqual(inWindow.check(segment(.rst, seq: s + 500, window: 0), fromClient: false), .passed)
        XCTAssertEqual(inWindow.state, .established)
        // A train: the server's own segment ends where its RST starts.
        var train = tracker
        XCTAssertEqual(train.check(segment(.ack, seq: s + 100, ack: c, window: 2000, payload: 100),
                                   fromClient: false), .passed)
        XCTAssertEqual(train.check(segment(.rst, seq: s + 200, window: 0), fromClient: false), .passed)
        XCTAssertEqual(train.state, .close)
        // Closing: a RST below what was acknowledged passes unchecked.
        var closing = tracker
        XCTAssertEqual(closing.check(segment([.fin, .ack], seq: c, ack: s + 100, window: 1000), fromClient: true),
                       .passed)
        XCTAssertEqual(closing.state, .finWait)
        XCTAssertEqual(closing.check(segment(.rst, seq: s + 50, window: 0), fromClient: false), .passed)
        XCTAssertEqual(closing.state, .close)
    }

    /// An overrun moves its sender's end and nothing else: a FIN on it does not start the close.
    func testAnOverrunChangesNoState() {
        let c = SequenceNumber(1000)
        let s = SequenceNumber(900_000)
        var tracker = handshake(client: 999, server: 899_999)
        XCTAssertEqual(tracker.check(segment([.fin, .ack], seq: c + 2001, ack: s, window: 1000, payload: 499),
                                     fromClient: true), .sequenceOverrun)
        XCTAssertEqual(tracker.state, .established)
        XCTAssertEqual(tracker.clientBounds.end, c + 2501)
    }

    /// A connection picked up without its SYN is tracked liberally: a segment failing the bounds passes, and moves
    /// the state as one that held them (a FIN starts the close), through the full check and header prediction's
    /// alike; one started by a SYN is not.
    func testAConnectionPickedUpMidStreamIsLiberal() {
        let c = SequenceNumber(1000)
        let s = SequenceNumber(900_000)
        var tracker = TCPWindowTracker()
        // The first segment's acknowledgment is held to the unseen side's end of 0 (tcp_new): liberal.
        XCTAssertEqual(tracker.check(segment(.ack, seq: c, ack: s, window: 1000, payload: 10), fromClient: true),
                       .liberal)
        XCTAssertEqual(tracker.check(segment(.ack, seq: s, ack: c + 10, window: 1000), fromClient: false), .passed)
        XCTAssertFalse(tracker.predictable, "the client has no acknowledgment that passed yet")
        XCTAssertEqual(tracker.check(segment(.ack, seq: c + 10, ack: s, window: 1000), fromClient: true), .passed)
        XCTAssertTrue(tracker.predictable)
        var predicted = tracker
        var full = tracker
        let far = segment(.ack, seq: c + 500_000, ack: s, window: 1000, payload: 10)
        XCTAssertEqual(predicted.checkAcknowledgment(far, fromClient: true), .liberal)
        XCTAssertEqual(full.check(far, fromClient: true), .liberal)
        XCTAssertEqual(predicted, full)
        XCTAssertEqual(tracker.check(segment([.fin, .ack], seq: c + 500_000, ack: s, window: 1000),
                                     fromClient: true), .liberal)
        XCTAssertEqual(tracker.state, .finWait)
        XCTAssertFalse(TCPWindowCheck.liberal.isInvalid)
        var strict = handshake(client: 999, server: 899_999)
        XCTAssertEqual(strict.check(far, fromClient: true), .sequenceAboveWindow)
    }

    /// A SYN from the server on a connection closed by FINs starts a new connection whose original direction is
    /// the server's (conntrack's table takes a reply SYN in TIME_WAIT as a reopening): the client's SYN-ACK then
    /// answers it.
    func testTheServerReopensAClosedConnection() {
        let c = SequenceNumber(1000)
        let s = SequenceNumber(900_000)
        var tracker = closedByFINs()
        XCTAssertEqual(tracker.check(segment(.syn, seq: s + 70_000, window: 3000), fromClient: false), .passed)
        XCTAssertEqual(tracker.state, .synSent)
        XCTAssertFalse(tracker.clientBounds.isInitialized)
        XCTAssertEqual(tracker.check(segment([.syn, .ack], seq: c + 9000, ack: s + 70_001, window: 1000),
                                     fromClient: true), .passed)
        XCTAssertEqual(tracker.state, .synReceived)
        // The server's ACK, from the original direction now, establishes it.
        XCTAssertEqual(tracker.check(segment(.ack, seq: s + 70_001, ack: c + 9001, window: 3000), fromClient: false),
                       .passed)
        XCTAssertEqual(tracker.state, .established)
    }

    /// A SYN whose options the capture's snapshot length cut has an unknown window scale, not none: its direction's
    /// windows are taken at their largest (the largest shift), so data beyond the unscaled window passes; a whole SYN
    /// without the option from the other side still turns scaling off in both directions; bound III, which no
    /// window moves, still judges.
    func testASYNCutByTheCaptureTakesTheLargestScale() {
        func cut(_ summary: TCPSegmentSummary) -> TCPSegmentSummary {
            var summary = summary
            summary.headerCutByCapture = true
            summary.windowScale = nil
            return summary
        }
        for (client, server) in Self.bases {
            let c = SequenceNumber(client)
            let s = SequenceNumber(server)
            // The client's SYN whole or cut, and the server's SYN-ACK cut.
            for clientSYN in [nil, 2, 99] as [UInt8?] {
                let syn = segment(.syn, seq: c, window: 1000, options: clientSYN.map { [.windowScale($0)] } ?? [])
                var tracker = TCPWindowTracker()
                XCTAssertEqual(tracker.check(clientSYN == 99 ? cut(syn) : syn, fromClient: true), .passed)
                XCTAssertEqual(tracker.check(cut(segment([.syn, .ack], seq: s, ack: c + 1, window: 2000)),
                                             fromClient: false), .passed)
                switch clientSYN {
                case nil:
                    // The client's whole SYN had no window scale: no scaling either way.
                    XCTAssertEqual(tracker.clientBounds.scale, 0)
                    XCTAssertEqual(tracker.serverBounds.scale, 0)
                case 2:
                    XCTAssertEqual(tracker.clientBounds.scale, 2)
                    XCTAssertEqual(tracker.serverBounds.scale, TCPWindowScaling.maximumShift)
                default:
                    XCTAssertEqual(tracker.clientBounds.scale, TCPWindowScaling.maximumShift)
                    XCTAssertEqual(tracker.serverBounds.scale, TCPWindowScaling.maximumShift)
                }
                XCTAssertEqual(tracker.check(segment(.ack, seq: c + 1, ack: s + 1, window: 2), fromClient: true),
                               .passed)
                // Bound I holds SEG.SEQ to the end the client allowed: 10,000 bytes from the server pass, and the
                // next 20,000, starting beyond the client's window of 2 unscaled or at a scale of 2 (8 bytes), pass
                // only at the largest scale (32,768 bytes).
                XCTAssertEqual(tracker.check(segment(.ack, seq: s + 1, ack: c + 1, window: 2000, payload: 10_000),
                                             fromClient: false), .passed)
                let data = tracker.check(segment(.ack, seq: s + 10_001, ack: c + 1, window: 2000, payload: 20_000),
                                         fromClient: false)
                XCTAssertEqual(
                    data, clientSYN == 99 ? .passed : .sequenceAboveWindow, "\(String(describing: clientSYN))")
                guard data == .passed else { continue }
                // Bound III: the client acknowledges more than the server sent.
                var beyond = tracker
                XCTAssertEqual(beyond.check(segment(.ack, seq: c + 1, ack: s + 40_001, window: 2), fromClient: true),
                               .acknowledgmentAboveSent)
                XCTAssertEqual(tracker.check(segment(.ack, seq: c + 1, ack: s + 30_001, window: 2), fromClient: true),
                               .passed)
            }
        }
    }
}
