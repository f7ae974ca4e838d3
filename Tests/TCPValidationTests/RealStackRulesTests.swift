import TCPCodec
import XCTest

@testable import TCPValidation

/// What real stacks (Linux above all) do beyond the letter of RFC 9293, the evasions aimed at the gap between the
/// two, and the capture artifacts around them, checked through `TCPFlowObserver` on hand-made flows: each rule in
/// both directions where it applies, with ordinary ISNs and ISNs whose first bytes cross 2^32.
final class RealStackRulesTests: XCTestCase {
    /// Client and server ISNs: ordinary ones, and ones just below 2^32 so that handshakes and data wrap.
    static let isns: [(UInt32, UInt32)] = [
        (1000, 500_000), (0xFFFF_FFF0, 0xFFFF_FFFA), (0x7FFF_FFFF, 0xFFFF_FFFF), (0xFFFF_FE00, 0xFFFF_FD00),
    ]

    /// A label for assertion messages: the direction of the segment under test and the ISNs.
    private func describe(_ fromClient: Bool, _ clientISN: UInt32, _ serverISN: UInt32) -> String {
        "\(fromClient ? "c>s" : "s>c") isn \(clientISN)/\(serverISN)"
    }

    /// Asserts that none of `observations` carries an anomaly.
    private func assertClean(
        _ observations: [TCPObservation], _ label: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        for (number, observation) in observations.enumerated() {
            XCTAssertTrue(
                observation.anomalies.isEmpty, "\(label), segment \(number + 1): \(observation.anomalies)",
                file: file, line: line)
        }
    }

    // MARK: 1. RST at RCV.NXT - 1 after the peer's FIN (Linux tcp_reset_check)

    /// The side that sent a FIN resets from its FIN's sequence number (macOS after ^C): the receiver, in CLOSE-WAIT,
    /// LAST-ACK or CLOSING, takes a RST at RCV.NXT - 1. In ESTABLISHED the same RST is not a reset.
    func testResetOneBelowReceiveNextAfterThePeersFIN() {
        for (clientISN, serverISN) in Self.isns {
            for fromClient in [true, false] {
                for expected in [TCPState.closeWait, .lastAck, .closing] {
                    for acknowledged in [false, true] where acknowledged || expected == .closeWait {
                        var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
                        let label = "\(describe(fromClient, clientISN, serverISN)) \(expected) acked \(acknowledged)"
                        assertClean(wire.handshake(), label)
                        assertClean([wire.send(fromClient: fromClient, [.ack, .psh], payload: 100)], label)
                        assertClean([wire.send(fromClient: !fromClient, [.ack, .psh], payload: 50)], label)
                        let finSequence: SequenceNumber
                        switch expected {
                        case .closing:
                            // The receiver's FIN crosses the sender's, which does not acknowledge it.
                            let ackBefore = wire.ack(fromClient)
                            assertClean([wire.send(fromClient: !fromClient, [.fin, .ack])], label)
                            finSequence = wire.next(fromClient)
                            let fin = wire.raw(fromClient: fromClient, [.fin, .ack], seq: finSequence, ack: ackBefore)
                            wire.setNext(fromClient, finSequence + 1)
                            assertClean([fin], label)
                        default:
                            finSequence = wire.next(fromClient)
                            assertClean([wire.send(fromClient: fromClient, [.fin, .ack])], label)
                            if acknowledged { assertClean([wire.send(fromClient: !fromClient, .ack)], label) }
                            if expected == .lastAck {
                                assertClean([wire.send(fromClient: !fromClient, [.fin, .ack])], label)
                            }
                        }
                        XCTAssertEqual(wire.endpoint(!fromClient)?.state, expected, label)
                        XCTAssertEqual(wire.endpoint(!fromClient)?.receiveNext, finSequence + 1, label)
                        let rst = wire.raw(fromClient: fromClient, .rst, seq: finSequence, ack: SequenceNumber(0))
                        XCTAssertEqual(rst.anomalies, [], label)
                        XCTAssertEqual(rst.verdict, .connectionReset, label)
                        XCTAssertTrue(rst.traits.contains(.reset), label)
                        XCTAssertEqual(rst.receiverState, .closed, label)
                        XCTAssertEqual(wire.endpoint(!fromClient)?.state, .closed, label)
                    }
                }
                // ESTABLISHED: RCV.NXT - 1 is outside the window, or in it but not exact; never a reset.
                var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
                let label = "\(describe(fromClient, clientISN, serverISN)) established"
                assertClean(wire.handshake(), label)
                assertClean([wire.send(fromClient: fromClient, [.ack, .psh], payload: 100)], label)
                assertClean([wire.send(fromClient: !fromClient, .ack)], label)
                let rst = wire.raw(fromClient: fromClient, .rst, seq: wire.next(fromClient) - 1, ack: SequenceNumber(0))
                XCTAssertTrue(
                    rst.anomalies == [.invalidRST] || rst.anomalies == [.rstNotExact], "\(label): \(rst.anomalies)")
                XCTAssertEqual(rst.anomalies.worstSeverity, .violation, label)
                XCTAssertNotEqual(rst.verdict, .connectionReset, label)
                XCTAssertFalse(rst.traits.contains(.reset), label)
                XCTAssertEqual(wire.record?.clientState, .established, label)
                XCTAssertEqual(wire.record?.serverState, .established, label)
            }
        }
    }

    // MARK: 2. RST at the right edge of the highest SACK block sent (Linux tcp_validate_incoming)

    /// A receiver that last sent SACK blocks takes a RST at the right edge of the highest one; the right edge of a
    /// lower block is not exact, and an ACK without SACK blocks forgets the edge.
    func testResetAtTheRightEdgeOfTheHighestSACKBlock() {
        for (clientISN, serverISN) in Self.isns {
            for fromClient in [true, false] {
                for forgetEdge in [false, true] {
                    var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
                    let label = "\(describe(fromClient, clientISN, serverISN)) forget \(forgetEdge)"
                    assertClean(wire.handshake(options: [.maximumSegmentSize(1460), .sackPermitted]), label)
                    let start = wire.next(fromClient)
                    let ack = wire.ack(fromClient)
                    assertClean([wire.send(fromClient: fromClient, [.ack, .psh], payload: 100)], label)
                    // Two segments after holes: the capture (or the network) lost what lies between.
                    for offset: UInt32 in [200, 400] {
                        let gap = wire.raw(fromClient: fromClient, [.ack, .psh], seq: start + offset, ack: ack,
                                           payload: 100)
                        XCTAssertEqual(gap.anomalies, [.previousSegmentNotCaptured], label)
                    }
                    let blocks = try! TCPSACKBlocks([
                        TCPSACKBlock(left: start + 200, right: start + 300),
                        TCPSACKBlock(left: start + 400, right: start + 500),
                    ])
                    let sack = wire.raw(fromClient: !fromClient, .ack, seq: wire.next(!fromClient), ack: start + 100,
                                        options: [.sack(blocks)])
                    XCTAssertEqual(sack.anomalies, [], label)
                    XCTAssertEqual(wire.endpoint(!fromClient)?.receiveNext, start + 100, label)
                    if forgetEdge {
                        let plain = wire.raw(fromClient: !fromClient, .ack, seq: wire.next(!fromClient),
                                             ack: start + 100)
                        XCTAssertTrue(plain.traits.contains(.duplicateACK), label)
                        let stale = wire.raw(fromClient: fromClient, .rst, seq: start + 500, ack: SequenceNumber(0))
                        XCTAssertEqual(stale.anomalies, [.rstNotExact], label)
                        XCTAssertEqual(stale.verdict, .dropped, label)
                        XCTAssertEqual(wire.endpoint(!fromClient)?.state, .established, label)
                        continue
                    }
                    // The right edge of the lower block is only in the window.
                    let lower = wire.raw(fromClient: fromClient, .rst, seq: start + 300, ack: SequenceNumber(0))
                    XCTAssertEqual(lower.anomalies, [.rstNotExact], label)
                    XCTAssertEqual(lower.response, .challengeACK, label)
                    XCTAssertEqual(wire.endpoint(!fromClient)?.state, .established, label)
                    let edge = wire.raw(fromClient: fromClient, .rst, seq: start + 500, ack: SequenceNumber(0))
                    XCTAssertEqual(edge.anomalies, [], label)
                    XCTAssertEqual(edge.verdict, .connectionReset, label)
                    XCTAssertEqual(edge.receiverState, .closed, label)
                }
            }
        }
    }

    // MARK: 3. A SYN sent again with a new ISN; a RST from a side not synchronized (RFC 9293 3.10.7.1)

    /// The client sends its SYN again with a new ISN (info); the server's SYN-ACK acknowledges the latest SYN and
    /// the handshake completes with no violation.
    func testSYNResentWithNewISNAnsweredByTheLatest() {
        for (clientISN, serverISN) in Self.isns {
            var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
            let label = describe(true, clientISN, serverISN)
            assertClean([wire.client(.syn)], label)
            wire.clientNext = SequenceNumber(clientISN &+ 123_456)
            let again = wire.client(.syn)
            XCTAssertEqual(again.anomalies, [.synResentWithDifferentISN], label)
            XCTAssertEqual(TCPAnomaly.synResentWithDifferentISN.severity, .info)
            let synAck = wire.server([.syn, .ack])
            XCTAssertEqual(synAck.anomalies, [], label)
            XCTAssertFalse(synAck.anomalies.contains(.synAckResentDifferent), label)
            XCTAssertEqual(synAck.receiverState, .established, label)
            let ack = wire.client(.ack)
            XCTAssertEqual(ack.anomalies, [], label)
            XCTAssertEqual(ack.receiverState, .established, label)
            assertClean([wire.client([.ack, .psh], payload: 100), wire.server([.ack, .psh], payload: 200),
                         wire.client(.ack)], label)
            XCTAssertEqual(wire.record?.clientState, .established, label)
            XCTAssertEqual(wire.record?.serverState, .established, label)
            XCTAssertEqual(wire.record?.serverEndpoint.initialReceiveSequence, SequenceNumber(clientISN &+ 123_456))
        }
    }

    /// A SYN-ACK whose TSecr echoes the TSval of the first of two SYNs (the same ISN sent again, or a new one) is no
    /// `timestamp-echo-mismatch`: Linux checks TSecr against the time of the first SYN.
    func testSynAckEchoingTheFirstSYNsTimestamp() {
        for (clientISN, serverISN) in Self.isns {
            for newISN in [false, true] {
                var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
                wire.timestamps = true
                wire.clientClock = clientISN
                let label = "\(describe(true, clientISN, serverISN)) new ISN \(newISN)"
                let first = wire.clientClock &+ 1
                assertClean([wire.client(.syn)], label)
                wire.clientNext = SequenceNumber(newISN ? clientISN &+ 99_999 : clientISN)
                wire.clientClock &+= 3000
                let again = wire.client(.syn)
                XCTAssertEqual(again.anomalies, newISN ? [.synResentWithDifferentISN] : [], label)
                let synAck = wire.server([.syn, .ack], tsecr: first)
                XCTAssertEqual(synAck.anomalies, [], label)
                XCTAssertFalse(synAck.anomalies.contains(.timestampEchoMismatch), label)
                XCTAssertEqual(synAck.verdict, .accepted, label)
                XCTAssertEqual(synAck.receiverState, .established, label)
                assertClean([wire.client(.ack), wire.client([.ack, .psh], payload: 10), wire.server(.ack)], label)
                XCTAssertEqual(wire.record?.serverState, .established, label)
            }
        }
    }

    /// RFC 9293 figure 8: the server answers the client's first SYN after the client chose a new ISN; the client,
    /// still in SYN-SENT, refuses that SYN-ACK and resets with SEQ = its SEG.ACK, which resets the server (back to
    /// LISTEN); the new SYN then opens the connection with no violation.
    func testResetFromSynSentAtTheAcknowledgmentItAnswers() {
        for (clientISN, serverISN) in Self.isns {
            var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
            let label = describe(true, clientISN, serverISN)
            let oldISN = SequenceNumber(clientISN)
            let newISN = SequenceNumber(clientISN &+ 0x0100_0000)
            assertClean([wire.client(.syn)], label)
            wire.clientNext = newISN
            XCTAssertEqual(wire.client(.syn).anomalies, [.synResentWithDifferentISN], label)
            // The server answers the first SYN.
            let stale = wire.raw(fromClient: false, [.syn, .ack], seq: SequenceNumber(serverISN), ack: oldISN + 1)
            XCTAssertEqual(stale.verdict, .dropped, label)
            XCTAssertEqual(stale.response, .reset(sequenceNumber: oldISN + 1), label)
            XCTAssertEqual(stale.receiverState, .synSent, label)
            XCTAssertEqual(wire.record?.clientState, .synSent, label)
            // The client, not synchronized, resets with the acknowledgment of the segment it answers.
            let rst = wire.raw(fromClient: true, .rst, seq: oldISN + 1, ack: SequenceNumber(0))
            XCTAssertEqual(rst.anomalies, [], label)
            XCTAssertEqual(rst.verdict, .connectionReset, label)
            XCTAssertEqual(rst.receiverState, .listen, label)
            // The new SYN opens the connection.
            wire.clientNext = newISN
            wire.serverNext = SequenceNumber(serverISN &+ 55_555)
            assertClean(wire.handshake(), label)
            XCTAssertEqual(wire.record?.clientState, .established, label)
            XCTAssertEqual(wire.record?.serverState, .established, label)
            XCTAssertEqual(wire.record?.serverEndpoint.initialReceiveSequence, newISN, label)
        }
    }

    // MARK: 4. PAWS (RFC 7323 section 5.3, Linux TCP_PAWS_WINDOW)

    /// TSval = TS.Recent - 1 passes; TS.Recent - 2 with new data is `paws-failure` and changes nothing; an old
    /// duplicate with an old TSval is dropped with no anomaly.
    func testPAWSWindowAndOldDuplicates() {
        for (clientISN, serverISN) in Self.isns {
            for recent: UInt32 in [5000, 1, 0] {
                for fromClient in [true, false] {
                    var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
                    wire.timestamps = true
                    wire.clientClock = recent &- 10
                    wire.serverClock = recent &- 10
                    let label = "\(describe(fromClient, clientISN, serverISN)) TS.Recent \(recent)"
                    assertClean(wire.handshake(), label)
                    XCTAssertTrue(wire.endpoint(!fromClient)?.timestampsEnabled ?? false, label)
                    assertClean([wire.send(fromClient: fromClient, [.ack, .psh], payload: 100, tsval: recent)], label)
                    XCTAssertEqual(wire.endpoint(!fromClient)?.timestampRecent, recent, label)
                    assertClean([wire.send(fromClient: !fromClient, .ack)], label)
                    // One tick older than TS.Recent: accepted.
                    let oneOlder = wire.send(fromClient: fromClient, [.ack, .psh], payload: 100, tsval: recent &- 1)
                    XCTAssertEqual(oneOlder.anomalies, [], label)
                    XCTAssertEqual(oneOlder.verdict, .accepted, label)
                    // Two ticks older, new data in the window: PAWS drops it.
                    let receiveNext = wire.endpoint(!fromClient)?.receiveNext
                    XCTAssertEqual(receiveNext, wire.next(fromClient), label)
                    let stale = wire.raw(fromClient: fromClient, [.ack, .psh], seq: wire.next(fromClient),
                                         ack: wire.ack(fromClient), payload: 100, tsval: recent &- 2)
                    XCTAssertEqual(stale.anomalies, [.pawsFailure], label)
                    XCTAssertEqual(TCPAnomaly.pawsFailure.severity, .violation)
                    XCTAssertEqual(stale.verdict, .dropped, label)
                    XCTAssertEqual(stale.response, .ack, label)
                    XCTAssertEqual(wire.endpoint(!fromClient)?.receiveNext, receiveNext, label)
                    XCTAssertEqual(wire.endpoint(!fromClient)?.timestampRecent, recent, label)
                    XCTAssertEqual(wire.record?.clientState, .established, label)
                    XCTAssertEqual(wire.record?.serverState, .established, label)
                    // The real segment there, with a fresh TSval.
                    let duplicateStart = wire.next(fromClient)
                    let real = wire.send(fromClient: fromClient, [.ack, .psh], payload: 100, tsval: recent &+ 1)
                    XCTAssertEqual(real.anomalies, [], label)
                    XCTAssertEqual(real.verdict, .accepted, label)
                    // An old duplicate of it, delivered late with its old TSval, before the receiver acknowledged it.
                    let old = wire.raw(fromClient: fromClient, [.ack, .psh], seq: duplicateStart,
                                       ack: wire.ack(fromClient), payload: 100, tsval: recent &- 20)
                    XCTAssertEqual(old.anomalies, [], label)
                    XCTAssertEqual(old.verdict, .dropped, label)
                    // And once the receiver acknowledged it: no PAWS failure, no violation.
                    assertClean([wire.send(fromClient: !fromClient, .ack)], label)
                    let older = wire.raw(fromClient: fromClient, [.ack, .psh], seq: duplicateStart,
                                         ack: wire.ack(fromClient), payload: 100, tsval: recent &- 20)
                    XCTAssertFalse(older.anomalies.contains(.pawsFailure), "\(label): \(older.anomalies)")
                    XCTAssertTrue(older.anomalies.filter(severity: .violation).isEmpty, "\(label): \(older.anomalies)")
                    XCTAssertEqual(older.verdict, .dropped, label)
                    XCTAssertEqual(wire.endpoint(!fromClient)?.timestampRecent, recent &+ 1, label)
                }
            }
        }
    }

    // MARK: 5. A new connection on the 4-tuple after a RST

    /// After a RST closed the connection (from either side), a SYN on the same 4-tuple starts a new flow.
    func testNewConnectionAfterReset() {
        for (clientISN, serverISN) in Self.isns {
            for fromClient in [true, false] {
                var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
                let label = describe(fromClient, clientISN, serverISN)
                assertClean(wire.handshake(), label)
                assertClean([wire.client([.ack, .psh], payload: 100), wire.server([.ack, .psh], payload: 100)], label)
                let rst = wire.raw(fromClient: fromClient, [.rst, .ack], seq: wire.next(fromClient),
                                   ack: wire.ack(fromClient))
                XCTAssertEqual(rst.anomalies, [], label)
                XCTAssertEqual(rst.verdict, .connectionReset, label)
                let firstID = wire.record?.id
                XCTAssertNotNil(firstID, label)
                let reused = wire.observer.statistics.flowsReused
                wire.clientNext = SequenceNumber(clientISN &+ 1_000_000)
                wire.serverNext = SequenceNumber(serverISN &+ 2_000_000)
                let handshake = wire.handshake()
                XCTAssertTrue(handshake[0].traits.contains(.newFlow), label)
                XCTAssertNotEqual(handshake[0].flowID, firstID, label)
                XCTAssertTrue(handshake[0].retiredFlow, label)
                XCTAssertEqual(wire.observer.statistics.flowsReused, reused + 1, label)
                assertClean(handshake, label)
                XCTAssertEqual(wire.record?.clientState, .established, label)
                XCTAssertEqual(wire.record?.serverState, .established, label)
                XCTAssertEqual(wire.observer.count, 1, label)
            }
        }
    }

    // MARK: 6. Evasions

    /// A RST/ACK in SYN-SENT with the right ACK but a TSecr the client never sent is dropped (Linux
    /// PAWSACTIVEREJECTED); the real SYN-ACK then completes the handshake.
    func testResetInSynSentWithForgedTSecrIsDropped() {
        for (clientISN, serverISN) in Self.isns {
            for forgedOffset: UInt32 in [5000, 0xFFFF_FFFF] {
                var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
                wire.timestamps = true
                wire.clientClock = clientISN
                let label = "\(describe(false, clientISN, serverISN)) forged +\(forgedOffset)"
                let synTSval = wire.clientClock &+ 1
                assertClean([wire.client(.syn)], label)
                let rst = wire.raw(fromClient: false, [.rst, .ack], seq: SequenceNumber(0), ack: wire.serverAck,
                                   tsval: 777, tsecr: synTSval &+ forgedOffset)
                XCTAssertEqual(rst.anomalies, [.timestampEchoMismatch], label)
                XCTAssertEqual(TCPAnomaly.timestampEchoMismatch.severity, .violation)
                XCTAssertEqual(rst.verdict, .dropped, label)
                XCTAssertEqual(rst.receiverState, .synSent, label)
                XCTAssertEqual(wire.record?.clientState, .synSent, label)
                XCTAssertNil(wire.record?.milestones.reset, label)
                let synAck = wire.server([.syn, .ack])
                XCTAssertEqual(synAck.anomalies, [], label)
                XCTAssertEqual(synAck.receiverState, .established, label)
                assertClean([wire.client(.ack), wire.client([.ack, .psh], payload: 10), wire.server(.ack)], label)
                XCTAssertEqual(wire.record?.clientState, .established, label)
                XCTAssertEqual(wire.record?.serverState, .established, label)
            }
        }
    }

    /// A TCP-MD5 option encodes as kind 19, length 18; a TCP-AO option as kind 29.
    func testAuthenticationOptionsEncoding() throws {
        let md5 = try SegmentBuilder.bytes(SegmentBuilder.header(.rst, options: [Self.md5]))
        XCTAssertEqual(Array(md5[20..<22]), [19, 18])
        let ao = try SegmentBuilder.bytes(SegmentBuilder.header(.rst, options: [Self.ao]))
        XCTAssertEqual(Array(ao[20..<22]), [29, 16])
    }

    static let md5 = TCPOption.md5Signature(try! TCPOptionData([UInt8](repeating: 0x5A, count: 16)))
    static let ao = TCPOption.authentication(
        TCPAuthenticationOption(keyID: 1, receiveNextKeyID: 1, mac: try! TCPOptionData([UInt8](repeating: 0xA5,
                                                                                            count: 12))))

    /// A RST carrying TCP-MD5 or TCP-AO on a connection whose SYNs carried neither is dropped (Linux
    /// tcp_inbound_hash), even at RCV.NXT; the connection stays ESTABLISHED and data flows on.
    func testAuthenticationOptionOnUnsignedConnectionIsDropped() {
        for (clientISN, serverISN) in Self.isns {
            for fromClient in [true, false] {
                for (name, option) in [("md5", Self.md5), ("ao", Self.ao)] {
                    var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
                    let label = "\(describe(fromClient, clientISN, serverISN)) \(name)"
                    assertClean(wire.handshake(), label)
                    assertClean([wire.client([.ack, .psh], payload: 100), wire.server([.ack, .psh], payload: 100)],
                                label)
                    let rst = wire.raw(fromClient: fromClient, [.rst, .ack], seq: wire.next(fromClient),
                                       ack: wire.ack(fromClient), options: [option])
                    XCTAssertEqual(rst.anomalies, [.unexpectedAuthenticationOption], label)
                    XCTAssertEqual(TCPAnomaly.unexpectedAuthenticationOption.severity, .violation)
                    XCTAssertEqual(rst.verdict, .dropped, label)
                    XCTAssertFalse(rst.traits.contains(.reset), label)
                    XCTAssertEqual(rst.senderState, .established, label)
                    XCTAssertEqual(rst.receiverState, .established, label)
                    assertClean([
                        wire.send(fromClient: fromClient, [.ack, .psh], payload: 300),
                        wire.send(fromClient: !fromClient, [.ack, .psh], payload: 20),
                        wire.send(fromClient: fromClient, .ack),
                    ], label)
                    XCTAssertEqual(wire.record?.clientState, .established, label)
                    XCTAssertEqual(wire.record?.serverState, .established, label)
                    XCTAssertNil(wire.record?.milestones.reset, label)
                }
            }
        }
    }

    /// Data from the client in SYN-SENT with an invented ACK: `ack-of-unseen-segment` at first; a SYN-ACK with
    /// another ISN proves it answered no SYN-ACK (`data-before-syn-ack` naming the data segment), and the real
    /// handshake and data then flow with no violation.
    func testDataBeforeSynAckDisprovedByTheRealSynAck() {
        for (clientISN, serverISN) in Self.isns {
            var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
            let label = describe(true, clientISN, serverISN)
            assertClean([wire.client(.syn)], label)
            let invented = SequenceNumber(serverISN &+ 77_777)
            let data = wire.raw(fromClient: true, [.ack, .psh], seq: wire.clientNext, ack: invented, payload: 100)
            let dataReference = wire.frame
            XCTAssertEqual(data.anomalies, [.ackOfUnseenSegment], label)
            XCTAssertEqual(TCPAnomaly.ackOfUnseenSegment.severity, .capture)
            let synAck = wire.server([.syn, .ack])
            XCTAssertEqual(synAck.earlierAnomaly, .dataBeforeSynAck, label)
            XCTAssertEqual(synAck.earlierReference, dataReference, label)
            XCTAssertNotEqual(dataReference, 0, label)
            XCTAssertEqual(TCPAnomaly.dataBeforeSynAck.severity, .violation)
            XCTAssertEqual(synAck.anomalies, [], label)
            XCTAssertEqual(synAck.receiverState, .established, label)
            let rest = [
                wire.client(.ack), wire.client([.ack, .psh], payload: 100), wire.server([.ack, .psh], payload: 50),
                wire.client(.ack),
            ]
            assertClean(rest, label)
            XCTAssertEqual(rest[0].receiverState, .established, label)
            XCTAssertNil(rest[0].earlierAnomaly, label)
            XCTAssertEqual(wire.record?.clientState, .established, label)
            XCTAssertEqual(wire.record?.serverState, .established, label)
            XCTAssertNotNil(wire.record?.milestones.established, label)
            XCTAssertTrue(wire.record?.anomalies.contains(.dataBeforeSynAck) ?? false, label)
        }
    }

    /// The same, but the SYN-ACK has the ISN the data's ACK implied: the capture only missed the first SYN-ACK, so
    /// no earlier anomaly, and no violation afterwards.
    func testDataBeforeCapturedSynAckConfirmedByItsRetransmission() {
        for (clientISN, serverISN) in Self.isns {
            var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
            let label = describe(true, clientISN, serverISN)
            assertClean([wire.client(.syn)], label)
            let synAckAck = wire.serverAck
            let data = wire.raw(fromClient: true, [.ack, .psh], seq: wire.clientNext,
                                ack: SequenceNumber(serverISN &+ 1), payload: 100)
            XCTAssertEqual(data.anomalies, [.ackOfUnseenSegment], label)
            wire.clientNext += 100
            wire.serverAck = wire.clientNext
            wire.clientAck = SequenceNumber(serverISN &+ 1)
            let synAck = wire.raw(fromClient: false, [.syn, .ack], seq: SequenceNumber(serverISN), ack: synAckAck)
            wire.serverNext = SequenceNumber(serverISN &+ 1)
            XCTAssertNil(synAck.earlierAnomaly, label)
            XCTAssertEqual(synAck.earlierReference, 0, label)
            XCTAssertEqual(synAck.anomalies, [], label)
            assertClean([
                wire.client(.ack), wire.server([.ack, .psh], payload: 50), wire.client([.ack, .psh], payload: 100),
                wire.server(.ack),
            ], label)
            XCTAssertEqual(wire.record?.clientState, .established, label)
            XCTAssertEqual(wire.record?.serverState, .established, label)
            XCTAssertFalse(wire.record?.anomalies.contains(.dataBeforeSynAck) ?? true, label)
        }
    }

    // MARK: 7. SYN+FIN to a listener

    /// SYN|FIN is `invalid-flags`, and the listener does not enter SYN-RECEIVED (Linux drops it in LISTEN).
    func testSYNFINToListenerIsDropped() {
        for (clientISN, serverISN) in Self.isns {
            var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
            let label = describe(true, clientISN, serverISN)
            let synFin = wire.raw(fromClient: true, [.syn, .fin], seq: wire.clientNext, ack: SequenceNumber(0))
            XCTAssertEqual(synFin.anomalies, [.invalidFlags], label)
            XCTAssertEqual(TCPAnomaly.invalidFlags.severity, .violation)
            XCTAssertEqual(synFin.verdict, .dropped, label)
            XCTAssertEqual(synFin.receiverState, .listen, label)
            XCTAssertEqual(wire.record?.serverState, .listen, label)
            // A proper SYN afterwards opens the connection.
            assertClean(wire.handshake(), label)
            XCTAssertEqual(wire.record?.serverState, .established, label)
        }
    }

    // MARK: 8. Capture artifacts

    /// A connection after a handshake and 100 bytes each way, then an acknowledgment from one side (the client when
    /// `fromClient`) of 500 bytes its peer was never captured sending (`ack-of-unseen-segment`, asserted).
    ///
    /// - Returns: the wire, and the peer's SND.NXT before the acknowledgment.
    private func unseenClaim(
        clientISN: UInt32, serverISN: UInt32, fromClient: Bool, timestamps: Bool, label: String
    ) -> (StackWire, SequenceNumber) {
        var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
        wire.timestamps = timestamps
        assertClean(wire.handshake(), label)
        assertClean([wire.send(fromClient: fromClient, [.ack, .psh], payload: 100),
                     wire.send(fromClient: !fromClient, [.ack, .psh], payload: 100),
                     wire.send(fromClient: fromClient, .ack)], label)
        let peerNext = wire.next(!fromClient)
        let ack = wire.raw(fromClient: fromClient, .ack, seq: wire.next(fromClient), ack: peerNext + 500)
        XCTAssertEqual(ack.anomalies, [.ackOfUnseenSegment], label)
        return (wire, peerNext)
    }

    /// An ACK of 500 bytes the capture never saw the peer send is `ack-of-unseen-segment`; the peer's next segment
    /// either starts at the acknowledged point (they were sent, not captured: nothing) or at its old SND.NXT. There,
    /// with timestamps, a TSval newer than any the acknowledgment could echo shows the bytes were never sent
    /// (`ack-unsent-data` of the ACK, as an earlier anomaly); without them, data from the old SND.NXT may have been
    /// overtaken by the acknowledgment in the capture and waits, and so does the peer's pure ACK of nothing newer than
    /// the acknowledging segment (it too may have been sent before the acknowledgment arrived); its pure ACK of bytes
    /// the acknowledging side sent after the acknowledgment, carrying an SND.NXT short of the acknowledged point, is
    /// the proof.
    func testACKOfUnseenBytesSettledByThePeersNextSegment() {
        for (clientISN, serverISN) in Self.isns {
            for fromClient in [true, false] {
                for (neverSent, timestamps) in [(true, false), (true, true), (false, false), (false, true)] {
                    let label = "\(describe(fromClient, clientISN, serverISN)) never sent \(neverSent) ts \(timestamps)"
                    let (claimed, peerNext) = unseenClaim(
                        clientISN: clientISN, serverISN: serverISN, fromClient: fromClient, timestamps: timestamps,
                        label: label)
                    var wire = claimed
                    let ackReference = wire.frame
                    XCTAssertEqual(TCPAnomaly.ackOfUnseenSegment.severity, .capture)
                    let start = neverSent ? peerNext : peerNext + 500
                    let next = wire.raw(fromClient: !fromClient, [.ack, .psh], seq: start, ack: wire.ack(!fromClient),
                                        payload: 100)
                    XCTAssertFalse(next.anomalies.contains { $0.severity == .violation }, "\(label): \(next.anomalies)")
                    if neverSent && timestamps {
                        XCTAssertEqual(next.anomalies, [], label)
                        XCTAssertEqual(next.earlierAnomaly, .ackOfUnsentData, label)
                        XCTAssertEqual(next.earlierReference, ackReference, label)
                        XCTAssertEqual(TCPAnomaly.ackOfUnsentData.severity, .violation)
                    } else if neverSent {
                        XCTAssertNil(next.earlierAnomaly, label)
                        let early = wire.raw(
                            fromClient: !fromClient, .ack, seq: start + 100, ack: wire.ack(!fromClient))
                        XCTAssertNil(early.earlierAnomaly, "\(label): a pure ACK of nothing newer may be overtaken")
                        let more = wire.raw(fromClient: fromClient, [.ack, .psh], seq: wire.next(fromClient),
                                            ack: peerNext + 500, payload: 50)
                        XCTAssertFalse(
                            more.anomalies.contains { $0.severity == .violation }, "\(label): \(more.anomalies)")
                        let pure = wire.raw(fromClient: !fromClient, .ack, seq: start + 100,
                                            ack: wire.next(fromClient) + 50)
                        XCTAssertEqual(pure.anomalies, [], label)
                        XCTAssertEqual(pure.earlierAnomaly, .ackOfUnsentData, label)
                        XCTAssertEqual(pure.earlierReference, ackReference, label)
                    } else {
                        XCTAssertEqual(next.anomalies, [], label)
                        XCTAssertNil(next.earlierAnomaly, label)
                        XCTAssertEqual(next.earlierReference, 0, label)
                        XCTAssertEqual(next.verdict, .accepted, label)
                    }
                }
            }
        }
    }

    /// Once the peer's segments proved an acknowledgment bogus (`ack-unsent-data`), the peer's data from its real
    /// SND.NXT on is taken by the acknowledging side, as a receiver whose acknowledgment was forged takes it: with
    /// timestamps from the first segment, the proof itself; without them, from the bytes the peer had sent before
    /// its pure ACK of later bytes of the acknowledging side proved the acknowledgment bogus.
    func testDataAfterADisprovedACKOfUnseenBytesIsTaken() {
        for (clientISN, serverISN) in Self.isns {
            for fromClient in [true, false] {
                for timestamps in [true, false] {
                    let label = "\(describe(fromClient, clientISN, serverISN)) ts \(timestamps)"
                    let (claimed, peerNext) = unseenClaim(
                        clientISN: clientISN, serverISN: serverISN, fromClient: fromClient, timestamps: timestamps,
                        label: label)
                    var wire = claimed
                    let first = wire.send(fromClient: !fromClient, [.ack, .psh], payload: 100)
                    if timestamps {
                        XCTAssertEqual(first.earlierAnomaly, .ackOfUnsentData, label)
                        XCTAssertEqual(first.anomalies, [], label)
                        XCTAssertEqual(first.verdict, .accepted, "\(label): data at the peer's real SND.NXT")
                    } else {
                        XCTAssertNil(first.earlierAnomaly, label)
                        // The acknowledging side's data after its acknowledgment, and the peer's pure ACK of it.
                        _ = wire.raw(fromClient: fromClient, [.ack, .psh], seq: wire.next(fromClient),
                                     ack: peerNext + 500, payload: 50)
                        wire.setNext(fromClient, wire.next(fromClient) + 50)
                        let proof = wire.send(fromClient: !fromClient, .ack)
                        XCTAssertEqual(proof.earlierAnomaly, .ackOfUnsentData, label)
                        XCTAssertEqual(proof.anomalies, [], label)
                    }
                    XCTAssertEqual(wire.endpoint(fromClient)?.receiveNext, peerNext + 100, label)
                    let second = wire.send(fromClient: !fromClient, [.ack, .psh], payload: 100)
                    XCTAssertEqual(second.anomalies, [], label)
                    XCTAssertEqual(second.verdict, .accepted, label)
                    XCTAssertEqual(wire.endpoint(fromClient)?.receiveNext, peerNext + 200, label)
                }
            }
        }
    }

    /// A data segment 3000 bytes past the sender's last byte: `previous-segment-not-captured`, no violation.
    func testDataPastTheSendersLastByte() {
        for (clientISN, serverISN) in Self.isns {
            for fromClient in [true, false] {
                var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
                let label = describe(fromClient, clientISN, serverISN)
                assertClean(wire.handshake(), label)
                assertClean([wire.send(fromClient: fromClient, [.ack, .psh], payload: 100),
                             wire.send(fromClient: !fromClient, .ack)], label)
                let start = wire.next(fromClient) + 3000
                let gap = wire.raw(fromClient: fromClient, [.ack, .psh], seq: start, ack: wire.ack(fromClient),
                                   payload: 100)
                XCTAssertEqual(gap.anomalies, [.previousSegmentNotCaptured], label)
                XCTAssertEqual(TCPAnomaly.previousSegmentNotCaptured.severity, .capture)
                XCTAssertNotEqual(gap.verdict, .connectionReset, label)
                // The receiver acknowledges everything, the missing bytes included.
                let ack = wire.raw(fromClient: !fromClient, .ack, seq: wire.next(!fromClient), ack: start + 100)
                XCTAssertEqual(ack.anomalies, [], label)
                XCTAssertEqual(wire.record?.clientState, .established, label)
                XCTAssertEqual(wire.record?.serverState, .established, label)
            }
        }
    }

    // MARK: 9. The reset of an endpoint closed for reading (RFC 1122 section 4.2.2.13)

    /// The side that closed first (its FIN acknowledged or not: FIN-WAIT-2 or FIN-WAIT-1) gets data and answers it
    /// with a RST at the data's acknowledgment number, as Linux does after `close()`: the RST is recognised as
    /// `reset-on-data-after-close`, is no anomaly, and resets the connection. The data itself is taken, as after a
    /// half-close.
    func testResetOnDataAfterClose() {
        for (clientISN, serverISN) in Self.isns {
            for fromClient in [true, false] {
                for finAcknowledged in [true, false] {
                    var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
                    wire.timestamps = true
                    let label = "\(describe(fromClient, clientISN, serverISN)) FIN acknowledged \(finAcknowledged)"
                    // `fromClient` is the side that closes first; its peer sends the data.
                    assertClean(wire.handshake(), label)
                    assertClean([wire.send(fromClient: fromClient, [.ack, .psh], payload: 100)], label)
                    let finSequence = wire.next(fromClient)
                    assertClean([wire.send(fromClient: fromClient, [.fin, .ack])], label)
                    let acknowledgment = finAcknowledged ? finSequence + 1 : finSequence
                    let data = wire.raw(
                        fromClient: !fromClient, [.ack, .psh], seq: wire.next(!fromClient), ack: acknowledgment,
                        payload: 10)
                    XCTAssertEqual(data.anomalies, [], label)
                    XCTAssertEqual(data.verdict, .accepted, label)
                    XCTAssertEqual(data.receiverState, finAcknowledged ? .finWait2 : .finWait1, label)
                    let reset = wire.raw(fromClient: fromClient, .rst, seq: acknowledgment, ack: SequenceNumber(0))
                    XCTAssertEqual(reset.traits, [.resetOnDataAfterClose, .reset], label)
                    XCTAssertEqual(reset.anomalies, [], label)
                    XCTAssertEqual(reset.verdict, .connectionReset, label)
                    XCTAssertEqual(wire.record?.clientState, .closed, label)
                    XCTAssertEqual(wire.record?.serverState, .closed, label)
                }
            }
        }
    }

    /// Not that reset: an abort from FIN-WAIT with no data after the FIN, a RST after the data was acknowledged (the
    /// endpoint took it, as after a half-close), a RST elsewhere than the data's acknowledgment number, and a RST
    /// from an endpoint that has not sent its FIN.
    func testOtherResetsAreNotResetsOnDataAfterClose() {
        for (clientISN, serverISN) in Self.isns {
            for fromClient in [true, false] {
                for variant in ["no data", "acknowledged", "elsewhere", "no FIN"] {
                    var wire = StackWire(clientISN: clientISN, serverISN: serverISN)
                    let label = "\(describe(fromClient, clientISN, serverISN)) \(variant)"
                    assertClean(wire.handshake(), label)
                    assertClean([wire.send(fromClient: fromClient, [.ack, .psh], payload: 100)], label)
                    if variant != "no FIN" {
                        assertClean([wire.send(fromClient: fromClient, [.fin, .ack])], label)
                    }
                    if variant != "no data" {
                        assertClean([wire.send(fromClient: !fromClient, [.ack, .psh], payload: 10)], label)
                    }
                    if variant == "acknowledged" {
                        let ack = wire.raw(
                            fromClient: fromClient, .ack, seq: wire.next(fromClient), ack: wire.ack(fromClient))
                        assertClean([ack], label)
                    }
                    let sequence = variant == "elsewhere" ? wire.next(fromClient) + 1 : wire.next(fromClient)
                    let reset = wire.raw(fromClient: fromClient, .rst, seq: sequence, ack: SequenceNumber(0))
                    XCTAssertFalse(reset.traits.contains(.resetOnDataAfterClose), "\(label): \(reset.traits)")
                }
            }
        }
    }
}

/// Feeds a `TCPFlowObserver` with segments encoded by `TCPHeader.encode`, like `ObserverWire`, with each side's
/// timestamps and each segment's reference (its frame number, from 1) under the test's control.
private struct StackWire {
    var observer = TCPFlowObserver()
    let clientAddress = IPAddress(ipv4: 0xC633_6401)
    let serverAddress = IPAddress(ipv4: 0xC633_6402)
    let clientPort: UInt16 = 51000
    let serverPort: UInt16 = 443
    var time: UInt64 = 1_000_000_000
    /// The frame number of the last segment observed, passed as its `reference`.
    private(set) var frame: UInt64 = 0
    /// Next sequence number of each side.
    var clientNext: SequenceNumber
    var serverNext: SequenceNumber
    /// What each side acknowledges.
    var clientAck = SequenceNumber(0)
    var serverAck = SequenceNumber(0)
    /// Whether every segment carries the timestamps option.
    var timestamps = false
    /// Each side's TSval clock: a segment without an explicit TSval takes the clock plus one.
    var clientClock: UInt32 = 100
    var serverClock: UInt32 = 90_000
    /// The newest TSval each side has received, echoed by default.
    var clientEcho: UInt32?
    var serverEcho: UInt32?

    init(clientISN: UInt32, serverISN: UInt32) {
        clientNext = SequenceNumber(clientISN)
        serverNext = SequenceNumber(serverISN)
    }

    /// The next sequence number of one side.
    func next(_ fromClient: Bool) -> SequenceNumber { fromClient ? clientNext : serverNext }

    /// What one side acknowledges.
    func ack(_ fromClient: Bool) -> SequenceNumber { fromClient ? clientAck : serverAck }

    /// Moves one side's next sequence number, and what its peer acknowledges.
    mutating func setNext(_ fromClient: Bool, _ next: SequenceNumber) {
        if fromClient {
            clientNext = next
            serverAck = next
        } else {
            serverNext = next
            clientAck = next
        }
    }

    /// One side's endpoint model.
    func endpoint(_ client: Bool) -> TCPEndpoint? { record.map { client ? $0.clientEndpoint : $0.serverEndpoint } }

    /// Sends raw fields from one side, without moving the sequence bookkeeping. With ``timestamps`` the segment
    /// carries `tsval` (by default the side's clock, advanced) and `tsecr` (by default the newest TSval received).
    @discardableResult
    mutating func raw(
        fromClient: Bool, _ flags: TCPFlags, seq: SequenceNumber, ack: SequenceNumber, payload: Int = 0,
        window: UInt16 = 65535, options: [TCPOption] = [], tsval: UInt32? = nil, tsecr: UInt32? = nil
    ) -> TCPObservation {
        time += 1_000_000
        frame += 1
        var all = options
        if timestamps {
            let value: UInt32
            if let tsval {
                value = tsval
            } else if fromClient {
                clientClock &+= 1
                value = clientClock
            } else {
                serverClock &+= 1
                value = serverClock
            }
            all.append(.timestamps(value: value, echoReply: tsecr ?? (fromClient ? clientEcho : serverEcho) ?? 0))
            func newer(_ echo: UInt32?) -> UInt32 {
                guard let echo, SequenceNumber(echo).isAfter(SequenceNumber(value)) else { return value }
                return echo
            }
            if fromClient { serverEcho = newer(serverEcho) } else { clientEcho = newer(clientEcho) }
        }
        let header = TCPHeader(
            sourcePort: fromClient ? clientPort : serverPort, destinationPort: fromClient ? serverPort : clientPort,
            sequenceNumber: seq, acknowledgmentNumber: ack, flags: flags, window: window,
            options: try! TCPOptionList(all))
        let bytes = try! SegmentBuilder.bytes(header, payload: [UInt8](repeating: 0x72, count: payload))
        let (source, destination) = fromClient ? (clientAddress, serverAddress) : (serverAddress, clientAddress)
        let reference = frame
        return bytes.withUnsafeBytes { raw in
            observer.observe(try! TCPSegmentView(raw), from: source, to: destination, at: time, reference: reference)
        }
    }

    /// A segment from one side at its next sequence number, with its acknowledgment, moving the bookkeeping.
    @discardableResult
    mutating func send(
        fromClient: Bool, _ flags: TCPFlags, payload: Int = 0, window: UInt16 = 65535, options: [TCPOption] = [],
        tsval: UInt32? = nil, tsecr: UInt32? = nil
    ) -> TCPObservation {
        let seq = next(fromClient)
        let ack = flags.contains(.ack) ? self.ack(fromClient) : SequenceNumber(0)
        let observation = raw(fromClient: fromClient, flags, seq: seq, ack: ack, payload: payload, window: window,
                              options: options, tsval: tsval, tsecr: tsecr)
        let control: UInt32 = (flags.contains(.syn) ? 1 : 0) + (flags.contains(.fin) ? 1 : 0)
        setNext(fromClient, seq + UInt32(payload) + control)
        return observation
    }

    /// A segment from the client (see ``send(fromClient:_:payload:window:options:tsval:tsecr:)``).
    @discardableResult
    mutating func client(
        _ flags: TCPFlags, payload: Int = 0, options: [TCPOption] = [], tsval: UInt32? = nil, tsecr: UInt32? = nil
    ) -> TCPObservation {
        send(fromClient: true, flags, payload: payload, options: options, tsval: tsval, tsecr: tsecr)
    }

    /// A segment from the server (see ``send(fromClient:_:payload:window:options:tsval:tsecr:)``).
    @discardableResult
    mutating func server(
        _ flags: TCPFlags, payload: Int = 0, options: [TCPOption] = [], tsval: UInt32? = nil, tsecr: UInt32? = nil
    ) -> TCPObservation {
        send(fromClient: false, flags, payload: payload, options: options, tsval: tsval, tsecr: tsecr)
    }

    /// The three-way handshake from the current next sequence numbers; returns the three observations.
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
