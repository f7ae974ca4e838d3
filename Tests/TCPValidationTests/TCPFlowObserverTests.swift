import TCPCodec
import XCTest

@testable import TCPValidation

/// The observer on scripted conversations, each run with ordinary ISNs and ISNs just below 2^32.
final class TCPFlowObserverTests: XCTestCase {
    static let isns: [(UInt32, UInt32)] = [(1000, 500_000), (0xFFFF_FFF0, 0xFFFF_FFFA), (0x7FFF_FFFF, 0xFFFF_FFFF)]

    func testCleanConversation() {
        for (clientISN, serverISN) in Self.isns {
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            let handshake = wire.handshake(options: [.maximumSegmentSize(1460), .windowScale(7), .sackPermitted])
            XCTAssertTrue(handshake[0].traits.contains(.newFlow))
            XCTAssertEqual(handshake[0].direction, .clientToServer)
            XCTAssertEqual(handshake[1].direction, .serverToClient)
            XCTAssertEqual(handshake[2].senderState, .established)
            XCTAssertEqual(handshake[2].receiverState, .established)
            var all = handshake
            all.append(wire.client([.ack, .psh], payload: 100))
            all.append(wire.server([.ack, .psh], payload: 2000))
            all.append(wire.client(.ack))
            all.append(wire.client([.fin, .ack]))
            all.append(wire.server([.fin, .ack]))
            all.append(wire.client(.ack))
            for (number, observation) in all.enumerated() {
                XCTAssertTrue(observation.anomalies.isEmpty, "segment \(number + 1): \(observation.anomalies)")
                XCTAssertEqual(observation.windowCheck, .passed, "segment \(number + 1)")
                XCTAssertNotNil(observation.flowID)
            }
            let record = wire.record!
            XCTAssertEqual(record.clientState, .timeWait)
            XCTAssertEqual(record.serverState, .closed)
            XCTAssertEqual(record.clientToServer.segments, 6)
            XCTAssertEqual(record.serverToClient.segments, 3)
            XCTAssertEqual(record.clientToServer.payloadBytes, 100)
            XCTAssertEqual(record.serverToClient.payloadBytes, 2000)
            XCTAssertNotNil(record.milestones.syn)
            XCTAssertNotNil(record.milestones.synAck)
            XCTAssertNotNil(record.milestones.established)
            XCTAssertNotNil(record.milestones.clientFIN)
            XCTAssertNotNil(record.milestones.serverFIN)
            XCTAssertNotNil(record.milestones.closed)
            XCTAssertNil(record.milestones.reset)
            XCTAssertTrue(record.isClosed)
            XCTAssertEqual(record.client.port, 40000)
            XCTAssertEqual(record.server.port, 80)
            XCTAssertTrue(record.serverEndpoint.windowScaling.isActive)
            XCTAssertEqual(wire.observer.count, 1)
        }
    }

    func testECNNegotiationRecordedNotFlagged() {
        var wire = ObserverWire(clientISN: 7, serverISN: 9)
        let syn = wire.client([.syn, .ae, .cwr, .ece])
        let synAck = wire.server([.syn, .ack, .ae])
        XCTAssertEqual(syn.ecn, .synAccurateECN)
        XCTAssertEqual(synAck.ecn, .synAckAccurateECN(synIPECN: .ect0))
        XCTAssertTrue(syn.anomalies.isEmpty)
        XCTAssertTrue(synAck.anomalies.isEmpty)
        XCTAssertEqual(wire.record?.synECN, .synAccurateECN)
        XCTAssertEqual(wire.record?.synAckECN, .synAckAccurateECN(synIPECN: .ect0))
    }

    func testRetransmissionAndBeforeLastACK() {
        for (clientISN, serverISN) in Self.isns {
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            wire.handshake()
            let start = wire.clientNext
            wire.client([.ack, .psh], payload: 100)
            let again = wire.raw(fromClient: true, [.ack, .psh], seq: start, ack: wire.clientAck, payload: 100)
            XCTAssertTrue(again.traits.contains(.retransmission))
            XCTAssertTrue(again.anomalies.isEmpty, "not yet acknowledged: a plain retransmission")
            XCTAssertEqual(again.response, .ack)
            wire.server(.ack)
            let spurious = wire.raw(fromClient: true, [.ack, .psh], seq: start, ack: wire.clientAck, payload: 100)
            XCTAssertTrue(spurious.traits.contains(.retransmission))
            XCTAssertEqual(spurious.anomalies, [.beforeLastACK])
            XCTAssertEqual(wire.record?.clientToServer.retransmissions, 2)
            // A retransmitted SYN during the handshake is a retransmission too, not an anomaly.
            var handshake = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            handshake.client(.syn)
            let synAgain = handshake.raw(fromClient: true, .syn, seq: SequenceNumber(clientISN), ack: SequenceNumber(0))
            XCTAssertTrue(synAgain.traits.contains(.retransmission))
            XCTAssertTrue(synAgain.anomalies.isEmpty)
            XCTAssertEqual(synAgain.response, .synAck)
        }
    }

    func testKeepAliveAndDuplicateACK() {
        for (clientISN, serverISN) in Self.isns {
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            wire.handshake()
            wire.client([.ack, .psh], payload: 10)
            wire.server(.ack)
            let keepAlive = wire.raw(fromClient: true, .ack, seq: wire.clientNext - 1, ack: wire.clientAck)
            XCTAssertTrue(keepAlive.traits.contains(.keepAlive))
            XCTAssertFalse(keepAlive.traits.contains(.retransmission))
            XCTAssertTrue(keepAlive.anomalies.isEmpty)
            XCTAssertEqual(keepAlive.response, .ack)
            let withByte = wire.raw(fromClient: true, .ack, seq: wire.clientNext - 1, ack: wire.clientAck, payload: 1)
            XCTAssertTrue(withByte.traits.contains(.keepAlive))
            XCTAssertTrue(withByte.anomalies.isEmpty)
            let reply = wire.server(.ack)
            XCTAssertTrue(reply.traits.contains(.duplicateACK))
            let update = wire.server(.ack, window: 1000)
            XCTAssertTrue(update.traits.contains(.windowUpdate))
            XCTAssertEqual(wire.record?.clientState, .established)
        }
    }

    func testZeroWindowProbe() {
        for (clientISN, serverISN) in Self.isns {
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            wire.handshake()
            wire.client([.ack, .psh], payload: 10)
            wire.server(.ack, window: 0)
            let probe = wire.raw(fromClient: true, .ack, seq: wire.clientNext, ack: wire.clientAck, payload: 1)
            XCTAssertTrue(probe.traits.contains(.zeroWindowProbe), "\(probe.traits)")
            XCTAssertTrue(probe.anomalies.isEmpty, "\(probe.anomalies)")
            XCTAssertEqual(probe.response, .ack)
            let answer = wire.server(.ack, window: 0)
            XCTAssertTrue(answer.anomalies.isEmpty)
            // The window opens; the byte is sent for real.
            wire.server(.ack, window: 1000)
            let data = wire.client([.ack, .psh], payload: 1)
            XCTAssertTrue(data.anomalies.isEmpty)
            XCTAssertFalse(data.traits.contains(.zeroWindowProbe))
        }
    }

    func testInjectedRSTIsChallengedAndChangesNothing() {
        for (clientISN, serverISN) in Self.isns {
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            wire.handshake()
            wire.client([.ack, .psh], payload: 10)
            wire.server(.ack)
            // A RST "from the client" inside the window but not at RCV.NXT.
            let injected = wire.raw(fromClient: true, .rst, seq: wire.clientNext + 100, ack: SequenceNumber(0))
            XCTAssertEqual(injected.anomalies, [.rstNotExact])
            XCTAssertEqual(injected.response, .challengeACK)
            XCTAssertEqual(injected.senderState, .established)
            XCTAssertEqual(injected.receiverState, .established)
            // The server's challenge ACK is recognised and changes no state.
            let challenge = wire.server(.ack)
            XCTAssertTrue(challenge.traits.contains(.challengeACK))
            XCTAssertTrue(challenge.anomalies.isEmpty)
            XCTAssertEqual(challenge.senderState, .established)
            XCTAssertEqual(challenge.receiverState, .established)
            // Out of the window: dropped silently.
            let outside = wire.raw(fromClient: true, .rst, seq: wire.clientNext + 10_000_000, ack: SequenceNumber(0))
            XCTAssertEqual(outside.anomalies, [.invalidRST])
            XCTAssertEqual(outside.response, .none)
            // The real client answers the challenge ACK with a RST at exactly the acknowledged number.
            let real = wire.raw(fromClient: true, .rst, seq: wire.clientNext, ack: SequenceNumber(0))
            XCTAssertTrue(real.traits.contains(.reset))
            XCTAssertTrue(real.anomalies.isEmpty)
            XCTAssertEqual(wire.record?.clientState, .closed)
            XCTAssertEqual(wire.record?.serverState, .closed)
            XCTAssertNotNil(wire.record?.milestones.reset)
            XCTAssertNotNil(wire.record?.milestones.closed)
        }
    }

    /// The same refusals with the roles swapped: each rule caught in both directions, and the well-formed
    /// segment in each direction accepted.
    func testRulesInBothDirections() {
        for (clientISN, serverISN) in Self.isns {
            for fromClient in [true, false] {
                var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
                wire.handshake()
                wire.client([.ack, .psh], payload: 10)
                wire.server([.ack, .psh], payload: 10)
                wire.client(.ack)
                var next = fromClient ? wire.clientNext : wire.serverNext
                let ack = fromClient ? wire.clientAck : wire.serverAck
                func send(_ flags: TCPFlags, seq: SequenceNumber, ack: SequenceNumber, payload: Int = 0)
                    -> TCPObservation
                {
                    wire.raw(fromClient: fromClient, flags, seq: seq, ack: ack, payload: payload)
                }
                let label = "\(fromClient ? "c>s" : "s>c") \(clientISN)"
                XCTAssertEqual(send([.ack, .psh], seq: next + 10_000_000, ack: ack, payload: 5).anomalies,
                               [.outOfWindow], label)
                XCTAssertEqual(send([.fin, .ack], seq: next + 10_000_000, ack: ack).anomalies, [.finOutOfWindow], label)
                // 500 bytes the capture never saw sent: taken as not captured, until the acknowledged side's pure ACK,
                // still at its old SND.NXT, of bytes sent after the acknowledgment proves that they were never sent.
                let unseen = wire.raw(fromClient: fromClient, .ack, seq: next, ack: ack + 500, reference: 77)
                XCTAssertEqual(unseen.anomalies, [.ackOfUnseenSegment], label)
                let peerNext = fromClient ? wire.serverNext : wire.clientNext
                let peerAck = fromClient ? wire.serverAck : wire.clientAck
                let after = send([.ack, .psh], seq: next, ack: ack + 500, payload: 10)
                XCTAssertTrue(after.anomalies.isEmpty, "\(label): \(after.anomalies)")
                next = next + 10
                let proof = wire.raw(fromClient: !fromClient, .ack, seq: peerNext, ack: peerAck + 10)
                XCTAssertEqual(proof.earlierAnomaly, .ackOfUnsentData, label)
                XCTAssertEqual(proof.earlierReference, 77, label)
                XCTAssertTrue(proof.anomalies.isEmpty, "\(label): \(proof.anomalies)")
                // Beyond the largest window the peer could offer, it cannot be a capture's gap.
                XCTAssertEqual(send(.ack, seq: next, ack: ack + 0x5000_0000).anomalies, [.ackOfUnsentData], label)
                XCTAssertEqual(send(.ack, seq: next, ack: ack - 1_000_000).anomalies, [.invalidACK], label)
                XCTAssertEqual(send(.syn, seq: next, ack: SequenceNumber(0)).anomalies, [.synInConnection], label)
                let rst = send(.rst, seq: next + 3, ack: SequenceNumber(0))
                XCTAssertEqual(rst.anomalies, [.rstNotExact], label)
                XCTAssertEqual(rst.response, .challengeACK, label)
                let challenge = wire.raw(
                    fromClient: !fromClient, .ack, seq: fromClient ? wire.serverNext : wire.clientNext, ack: next)
                XCTAssertTrue(challenge.traits.contains(.challengeACK), label)
                // The well-formed segment in the same direction is accepted and changes nothing wrongly.
                let good = send([.ack, .psh], seq: next, ack: ack, payload: 5)
                XCTAssertTrue(good.anomalies.isEmpty, "\(label): \(good.anomalies)")
                XCTAssertEqual(good.verdict, .accepted, label)
                XCTAssertEqual(wire.record?.clientState, .established, label)
                XCTAssertEqual(wire.record?.serverState, .established, label)
                let exact = send(.rst, seq: next + 5, ack: SequenceNumber(0))
                XCTAssertTrue(exact.traits.contains(.reset), label)
                XCTAssertEqual(wire.record?.clientState, .closed, label)
                XCTAssertEqual(wire.record?.serverState, .closed, label)
            }
        }
    }

    func testSYNInsideConnection() {
        for (clientISN, serverISN) in Self.isns {
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            wire.handshake()
            let syn = wire.raw(fromClient: true, .syn, seq: wire.clientNext + 5, ack: SequenceNumber(0))
            XCTAssertEqual(syn.anomalies, [.synInConnection])
            XCTAssertEqual(syn.response, .challengeACK)
            XCTAssertEqual(wire.record?.clientState, .established)
            XCTAssertEqual(wire.record?.serverState, .established)
            XCTAssertTrue(wire.server(.ack).traits.contains(.challengeACK))
        }
    }

    func testHandshakeDirectionAnomalies() {
        for (clientISN, serverISN) in Self.isns {
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            wire.client(.syn)
            let backwards = wire.raw(
                fromClient: true, [.syn, .ack], seq: wire.clientNext, ack: SequenceNumber(serverISN))
            XCTAssertTrue(backwards.anomalies.contains(.synAckWrongDirection), "\(backwards.anomalies)")
            wire.server([.syn, .ack])
            let toClient = wire.raw(fromClient: false, .syn, seq: SequenceNumber(serverISN), ack: SequenceNumber(0))
            XCTAssertTrue(toClient.anomalies.contains(.synWrongDirection), "\(toClient.anomalies)")
        }
    }

    func testSynResentWithDifferentISNAndWrongHandshakeSeq() {
        for (clientISN, serverISN) in Self.isns {
            // A new ISN outside the window of the SYN-ACK: answered with an ACK (RFC 5961, and Linux), the half-open
            // connection kept.
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            wire.client(.syn)
            wire.server([.syn, .ack])
            let different = wire.raw(
                fromClient: true, .syn, seq: SequenceNumber(clientISN) - 100_000, ack: SequenceNumber(0))
            XCTAssertEqual(different.anomalies, [.synResentWithDifferentISN])
            XCTAssertEqual(different.response, .challengeACK)
            XCTAssertEqual(different.receiverState, .synReceived)
            let wrongSeq = wire.raw(fromClient: true, .ack, seq: wire.clientNext + 1_000_000, ack: wire.clientAck)
            XCTAssertEqual(wrongSeq.anomalies, [.handshakeACKWrongSeq])
            XCTAssertEqual(wire.client(.ack).receiverState, .established)
        }
    }

    /// A SYN with a new ISN inside the window of a SYN-RECEIVED server whose SYN-ACK went out: Linux answers RST/ACK
    /// and drops the half-open connection (`LinuxOracleTests`, probe syn-received-syn-new-isn); the handshake's ACK
    /// then reaches a listener, which answers with a RST.
    func testSynWithNewISNInsideTheWindowResetsTheHalfOpenConnection() {
        for (clientISN, serverISN) in Self.isns {
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            wire.client(.syn)
            wire.server([.syn, .ack])
            let newISN = SequenceNumber(clientISN) + 77
            let different = wire.raw(fromClient: true, .syn, seq: newISN, ack: SequenceNumber(0))
            XCTAssertEqual(different.anomalies, [.synResentWithDifferentISN])
            XCTAssertEqual(different.response, .resetACK(acknowledgmentNumber: newISN + 1))
            XCTAssertEqual(different.receiverState, .listen)
            let late = wire.raw(fromClient: true, .ack, seq: SequenceNumber(clientISN) + 1, ack: wire.clientAck)
            XCTAssertEqual(late.receiverState, .listen)
            XCTAssertEqual(late.response, .reset(sequenceNumber: wire.clientAck))
        }
    }

    /// The handshake's ACK at the ISN (one below ISN + 1, where a keep-alive would sit) is
    /// `handshake-ack-wrong-seq`, not a keep-alive; once the handshake is done a keep-alive there is clean.
    func testHandshakeACKAtTheISNIsNotAKeepAlive() {
        for (clientISN, serverISN) in Self.isns {
            for payload in [0, 1] {
                var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
                wire.client(.syn)
                wire.server([.syn, .ack])
                let atISN = wire.raw(
                    fromClient: true, .ack, seq: SequenceNumber(clientISN), ack: wire.clientAck, payload: payload)
                // A byte there also lies wholly before the server's acknowledgment (before-last-ack).
                let expected: TCPAnomalySet =
                    payload == 0 ? [.handshakeACKWrongSeq] : [.handshakeACKWrongSeq, .beforeLastACK]
                XCTAssertEqual(atISN.anomalies, expected, "payload \(payload)")
                XCTAssertFalse(atISN.traits.contains(.keepAlive), "payload \(payload)")
                XCTAssertEqual(atISN.verdict, .dropped)
                XCTAssertEqual(atISN.receiverState, .synReceived)
                let established = wire.client(.ack)
                XCTAssertTrue(established.anomalies.isEmpty, "\(established.anomalies)")
                XCTAssertEqual(established.receiverState, .established)
                let keepAlive = wire.raw(
                    fromClient: true, .ack, seq: wire.clientNext - 1, ack: wire.clientAck, payload: payload)
                XCTAssertTrue(keepAlive.traits.contains(.keepAlive), "payload \(payload)")
                XCTAssertTrue(keepAlive.anomalies.isEmpty, "\(keepAlive.anomalies)")
            }
        }
    }

    /// `handshake-ack-wrong-seq` exactly: any sequence number before ISN + 1, or one past the window of the
    /// SYN-ACK; ahead of ISN + 1 inside that window, or a pure ACK at its right edge (as Linux's `tcp_in_window` takes
    /// it), the ACK is acceptable and completes the handshake.
    func testHandshakeACKSequenceRule() {
        let window: UInt16 = 29200
        for (clientISN, serverISN) in Self.isns {
            let expectations: [(offset: Int64, payload: Int, flagged: Bool)] = [
                (-1, 0, true), (-2, 0, true), (-0x4000_0000, 0, true), (-1, 10, true),
                (Int64(window) + 1, 0, true), (Int64(window) + 5000, 0, true),
                (1_000_000, 0, true), (1, 0, false), (1000, 0, false), (Int64(window) - 1, 0, false),
                (Int64(window), 0, false), (500, 100, false),
            ]
            for (offset, payload, flagged) in expectations {
                var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
                wire.client(.syn)
                wire.server([.syn, .ack], window: window)
                let seq = offset < 0 ? wire.clientNext - UInt32(-offset) : wire.clientNext + UInt32(offset)
                let third = wire.raw(fromClient: true, .ack, seq: seq, ack: wire.clientAck, payload: payload)
                let context = "ISN + 1 \(offset < 0 ? "-" : "+") \(abs(offset)), \(payload) bytes"
                XCTAssertEqual(
                    third.anomalies.contains(.handshakeACKWrongSeq), flagged, "\(context): \(third.anomalies)")
                XCTAssertFalse(third.anomalies.contains(.outOfWindow), context)
                if !flagged {
                    // Ahead of ISN + 1: the capture missed the client's first bytes (a capture note, no violation).
                    let expected: TCPAnomalySet = offset > 0 && payload > 0 ? [.previousSegmentNotCaptured] : []
                    XCTAssertEqual(third.anomalies, expected, "\(context): \(third.anomalies)")
                    XCTAssertEqual(third.verdict, .accepted, context)
                    XCTAssertEqual(third.receiverState, .established, context)
                }
            }
        }
    }

    func testNoSession() {
        var wire = ObserverWire(clientISN: 1, serverISN: 2)
        let rst = wire.raw(fromClient: true, .rst, seq: SequenceNumber(5), ack: SequenceNumber(0))
        XCTAssertEqual(rst.anomalies, [.rstWithoutSession])
        XCTAssertTrue(rst.traits.contains(.untracked))
        XCTAssertNil(rst.flowID)
        XCTAssertEqual(wire.observer.count, 0)
        var strict = ObserverWire(clientISN: 1, serverISN: 2, configuration: .init(midStreamPickup: false))
        let fin = strict.raw(fromClient: true, [.fin, .ack], seq: SequenceNumber(5), ack: SequenceNumber(9))
        XCTAssertEqual(fin.anomalies, [.finWithoutSession])
        XCTAssertTrue(fin.traits.contains(.untracked))
        let data = strict.raw(fromClient: true, .ack, seq: SequenceNumber(5), ack: SequenceNumber(9), payload: 3)
        XCTAssertTrue(data.traits.contains(.untracked))
        XCTAssertEqual(strict.observer.count, 0)
        XCTAssertEqual(strict.observer.statistics.untrackedSegments, 2)
        // With pickup, a FIN still says there was no session, then the flow is followed loosely.
        let loose = wire.raw(fromClient: true, [.fin, .ack], seq: SequenceNumber(5), ack: SequenceNumber(9))
        XCTAssertEqual(loose.anomalies, [.finWithoutSession, .midStreamPickup])
        XCTAssertEqual(TCPAnomaly.finWithoutSession.severity, .capture)
        XCTAssertTrue(loose.traits.contains(.midStream))
    }

    func testMidStreamPickup() {
        for (clientISN, serverISN) in Self.isns {
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            wire.clientAck = SequenceNumber(serverISN)
            wire.serverAck = SequenceNumber(clientISN)
            let first = wire.client([.ack, .psh], payload: 100)
            XCTAssertTrue(first.traits.contains(.midStream))
            XCTAssertTrue(first.traits.contains(.newFlow))
            XCTAssertEqual(first.anomalies, [.midStreamPickup])
            var all = [first]
            all.append(wire.server([.ack, .psh], payload: 50000 % 1400))
            for _ in 0..<5 {
                all.append(wire.client([.ack, .psh], payload: 1000))
                all.append(wire.server(.ack))
            }
            all.append(wire.client([.fin, .ack]))
            all.append(wire.server([.fin, .ack]))
            all.append(wire.client(.ack))
            for (number, observation) in all.enumerated() {
                // What the capture could not see (the pickup, bytes acknowledged before it) and nothing else.
                XCTAssertTrue(
                    observation.anomalies.allSatisfy { $0.severity == .capture },
                    "segment \(number + 1): \(observation.anomalies)")
                XCTAssertTrue(observation.traits.contains(.midStream))
            }
            XCTAssertTrue(wire.record!.captureNotes.contains(.midStreamPickup))
            let record = wire.record!
            XCTAssertTrue(record.isMidStream)
            XCTAssertTrue(record.rolesAreGuessed)
            XCTAssertEqual(record.server.port, 80, "the lower port is taken as the server")
            XCTAssertEqual(record.clientState, .timeWait)
            XCTAssertEqual(record.serverState, .closed)
            XCTAssertNil(record.milestones.established, "the handshake was not seen")
            // A mid-stream flow still catches an ACK of data never sent.
            var other = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            other.clientAck = SequenceNumber(serverISN)
            other.serverAck = SequenceNumber(clientISN)
            other.client([.ack, .psh], payload: 100)
            other.server(.ack)
            let bogus = other.raw(
                fromClient: true, .ack, seq: other.clientNext, ack: other.clientAck + 5_000_000, reference: 9)
            XCTAssertEqual(bogus.anomalies, [.ackOfUnseenSegment])
            // The client's data after its acknowledgment, and the server's pure ACK of it at its old SND.NXT.
            _ = other.raw(fromClient: true, [.ack, .psh], seq: other.clientNext, ack: other.clientAck + 5_000_000,
                          payload: 10)
            let proof = other.raw(fromClient: false, .ack, seq: other.serverNext, ack: other.serverAck + 10)
            XCTAssertEqual(proof.earlierAnomaly, .ackOfUnsentData, "the server never sent those bytes")
            XCTAssertEqual(proof.earlierReference, 9)
        }
    }

    func testPickupAtTheSynAck() {
        for (clientISN, serverISN) in Self.isns {
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            wire.clientPort = 80  // A lower port than the server's: the SYN-ACK, not the port, decides the roles.
            wire.serverPort = 50000
            wire.serverAck = SequenceNumber(clientISN) + 1
            wire.clientNext = SequenceNumber(clientISN) + 1
            var all = [wire.server([.syn, .ack])]
            all.append(wire.client(.ack))
            all.append(wire.client([.ack, .psh], payload: 100))
            all.append(wire.server(.ack))
            all.append(wire.client([.fin, .ack]))
            all.append(wire.server([.fin, .ack]))
            all.append(wire.client(.ack))
            XCTAssertEqual(all[0].anomalies, [.midStreamPickup])
            for (number, observation) in all.enumerated().dropFirst() {
                XCTAssertTrue(observation.anomalies.isEmpty, "segment \(number + 1): \(observation.anomalies)")
            }
            let record = wire.record!
            XCTAssertTrue(record.isMidStream)
            XCTAssertFalse(record.rolesAreGuessed)
            XCTAssertEqual(record.client.port, 80)
            XCTAssertEqual(record.server.port, 50000)
            XCTAssertEqual(record.clientState, .timeWait)
        }
    }

    func testPAWSThroughObserver() {
        var wire = ObserverWire(clientISN: 0xFFFF_FFF0, serverISN: 0xFFFF_FFFE)
        wire.timestamps = true
        wire.handshake()
        wire.client([.ack, .psh], payload: 10)
        let old = wire.raw(fromClient: true, [.ack, .psh], seq: wire.clientNext, ack: wire.clientAck, payload: 10,
                           options: [])
        XCTAssertTrue(old.anomalies.isEmpty)
        wire.timestamps = false
        let stale = wire.raw(fromClient: true, [.ack, .psh], seq: wire.clientNext + 10, ack: wire.clientAck,
                             payload: 10, options: [.timestamps(value: 5, echoReply: 0)])
        XCTAssertEqual(stale.anomalies, [.pawsFailure])
        XCTAssertEqual(stale.response, .ack)
    }

    func testDataAfterCloseAndSegmentAfterClose() {
        for (clientISN, serverISN) in Self.isns {
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            wire.handshake()
            wire.client([.fin, .ack])
            wire.server(.ack)
            let late = wire.client([.ack, .psh], payload: 10)
            XCTAssertEqual(late.anomalies, [.dataAfterClose])
            // After an abort, the peer's segments reach a CLOSED endpoint.
            var abort = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            abort.handshake()
            abort.client([.rst, .ack])
            let after = abort.server([.ack, .psh], payload: 10)
            XCTAssertEqual(after.anomalies, [.segmentAfterClose])
            XCTAssertEqual(after.response, .reset(sequenceNumber: abort.serverAck))
        }
    }

    func testSimultaneousOpenAndClose() {
        for (clientISN, serverISN) in Self.isns {
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            var all = [wire.client(.syn)]
            all.append(wire.raw(fromClient: false, .syn, seq: wire.serverNext, ack: SequenceNumber(0)))
            wire.serverNext += 1
            wire.clientAck = wire.serverNext
            all.append(wire.raw(fromClient: true, [.syn, .ack], seq: wire.clientNext - 1, ack: wire.clientAck))
            all.append(wire.raw(fromClient: false, [.syn, .ack], seq: wire.serverNext - 1, ack: wire.serverAck))
            let established = wire.record!
            XCTAssertEqual(established.clientState, .established)
            XCTAssertEqual(established.serverState, .established)
            // Simultaneous close.
            let clientFIN = wire.clientNext
            let serverFIN = wire.serverNext
            all.append(wire.raw(fromClient: true, [.fin, .ack], seq: clientFIN, ack: wire.clientAck))
            all.append(wire.raw(fromClient: false, [.fin, .ack], seq: serverFIN, ack: wire.serverAck))
            XCTAssertEqual(wire.record?.clientState, .closing)
            XCTAssertEqual(wire.record?.serverState, .closing)
            all.append(wire.raw(fromClient: true, .ack, seq: clientFIN + 1, ack: serverFIN + 1))
            all.append(wire.raw(fromClient: false, .ack, seq: serverFIN + 1, ack: clientFIN + 1))
            XCTAssertEqual(wire.record?.clientState, .timeWait)
            XCTAssertEqual(wire.record?.serverState, .timeWait)
            for (number, observation) in all.enumerated() {
                XCTAssertTrue(observation.anomalies.isEmpty, "segment \(number + 1): \(observation.anomalies)")
            }
        }
    }

    /// RFC 9293 figure 7 seen from a capture point between the two ends: both SYNs cross, then both SYN-ACKs
    /// (in either order) repeat each side's ISN. With window scale and SACK permitted on the SYNs (the SYN-ACKs
    /// repeating them or not), data both ways and a simultaneous close, every segment is clean.
    func testSimultaneousOpenEitherSynAckFirstWithOptions() {
        let synOptions: [[TCPOption]] = [[], [.maximumSegmentSize(1460), .sackPermitted, .noOperation, .windowScale(7)]]
        for (clientISN, serverISN) in Self.isns {
            for responderSynAckFirst in [false, true] {
                for options in synOptions {
                    for synAckRepeatsOptions in [false, true] {
                        let context = "ISNs \(clientISN), \(serverISN), responder first \(responderSynAckFirst), "
                            + "options \(options.count), repeated \(synAckRepeatsOptions)"
                        var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
                        var all = [wire.client(.syn, window: 64240, options: options)]
                        all.append(wire.raw(
                            fromClient: false, .syn, seq: wire.serverNext, ack: SequenceNumber(0), window: 65160,
                            options: options))
                        wire.serverNext += 1
                        wire.clientAck = wire.serverNext
                        let synAckOptions = synAckRepeatsOptions ? options : []
                        let clientSynAck = (seq: wire.clientNext - 1, ack: wire.clientAck)
                        let serverSynAck = (seq: wire.serverNext - 1, ack: wire.serverAck)
                        for fromClient in responderSynAckFirst ? [false, true] : [true, false] {
                            let fields = fromClient ? clientSynAck : serverSynAck
                            all.append(wire.raw(
                                fromClient: fromClient, [.syn, .ack], seq: fields.seq, ack: fields.ack,
                                window: fromClient ? 64240 : 65160, options: synAckOptions))
                        }
                        XCTAssertEqual(wire.record?.clientState, .established, context)
                        XCTAssertEqual(wire.record?.serverState, .established, context)
                        XCTAssertEqual(
                            wire.record?.clientEndpoint.windowScaling.isActive, !options.isEmpty, context)
                        XCTAssertEqual(
                            wire.record?.serverEndpoint.windowScaling.isActive, !options.isEmpty, context)
                        // Scaled by 2^7 the windows stay at or above the SYNs' (64240 and 65160 bytes).
                        let scaled = !options.isEmpty
                        all.append(wire.client([.ack, .psh], payload: 300, window: scaled ? 502 : 64240))
                        all.append(wire.server([.ack, .psh], payload: 1200, window: scaled ? 510 : 65160))
                        all.append(wire.client(.ack, window: scaled ? 503 : 64400))
                        all.append(wire.server(.ack, window: scaled ? 511 : 65535))
                        let clientFIN = wire.clientNext
                        let serverFIN = wire.serverNext
                        all.append(wire.raw(fromClient: true, [.fin, .ack], seq: clientFIN, ack: wire.clientAck))
                        all.append(wire.raw(fromClient: false, [.fin, .ack], seq: serverFIN, ack: wire.serverAck))
                        all.append(wire.raw(fromClient: true, .ack, seq: clientFIN + 1, ack: serverFIN + 1))
                        all.append(wire.raw(fromClient: false, .ack, seq: serverFIN + 1, ack: clientFIN + 1))
                        XCTAssertEqual(wire.record?.clientState, .timeWait, context)
                        XCTAssertEqual(wire.record?.serverState, .timeWait, context)
                        for (number, observation) in all.enumerated() {
                            XCTAssertTrue(
                                observation.anomalies.isEmpty,
                                "\(context): segment \(number + 1): \(observation.anomalies)")
                            XCTAssertEqual(observation.verdict, .accepted, "\(context): segment \(number + 1)")
                        }
                        XCTAssertTrue(wire.record?.anomalies.isEmpty ?? false, context)
                    }
                }
            }
        }
    }

    /// The crossing SYN of a simultaneous open is clean, but either side resending its SYN with another ISN is
    /// still `syn-resent-different-isn`, and a responder's SYN after its SYN-ACK is still `syn-wrong-direction`.
    func testSimultaneousOpenStillCatchesADifferentISN() {
        for (clientISN, serverISN) in Self.isns {
            for resenderIsClient in [false, true] {
                var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
                XCTAssertTrue(wire.client(.syn).anomalies.isEmpty)
                let crossing = wire.raw(fromClient: false, .syn, seq: SequenceNumber(serverISN), ack: SequenceNumber(0))
                XCTAssertTrue(crossing.anomalies.isEmpty, "\(crossing.anomalies)")
                XCTAssertEqual(crossing.senderState, .synReceived)
                XCTAssertEqual(crossing.receiverState, .synReceived)
                let isn = SequenceNumber(resenderIsClient ? clientISN : serverISN)
                let again = wire.raw(fromClient: resenderIsClient, .syn, seq: isn, ack: SequenceNumber(0))
                XCTAssertTrue(again.anomalies.isEmpty, "the same SYN again: \(again.anomalies)")
                let different = wire.raw(fromClient: resenderIsClient, .syn, seq: isn + 77, ack: SequenceNumber(0))
                XCTAssertEqual(
                    different.anomalies, [.synResentWithDifferentISN], "resent by the client: \(resenderIsClient)")
            }
            var ordinary = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            ordinary.client(.syn)
            ordinary.server([.syn, .ack])
            let backwards = ordinary.raw(
                fromClient: false, .syn, seq: SequenceNumber(serverISN), ack: SequenceNumber(0))
            XCTAssertTrue(backwards.anomalies.contains(.synWrongDirection), "\(backwards.anomalies)")
        }
    }

    func testReuseOfClosedFourTuple() {
        var wire = ObserverWire(clientISN: 0xFFFF_FFF0, serverISN: 100)
        wire.handshake()
        wire.client([.rst, .ack])
        let firstID = wire.record?.id
        wire.clientNext = SequenceNumber(5000)
        let syn = wire.client(.syn)
        XCTAssertTrue(syn.traits.contains(.newFlow))
        XCTAssertTrue(syn.retiredFlow)
        XCTAssertEqual(wire.observer.lastRetiredFlow?.id, firstID)
        XCTAssertNotEqual(syn.flowID, firstID)
        XCTAssertEqual(wire.observer.statistics.flowsReused, 1)
        XCTAssertEqual(wire.observer.count, 1)
    }

    func testTimeWaitReuseNeedsHigherISN() {
        for (clientISN, serverISN) in Self.isns {
            var wire = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            wire.handshake()
            // The server closes first: it ends in TIME-WAIT.
            wire.server([.fin, .ack])
            wire.client([.fin, .ack])
            wire.server(.ack)
            XCTAssertEqual(wire.record?.serverState, .timeWait)
            let lower = wire.raw(fromClient: true, .syn, seq: wire.clientNext - 100, ack: SequenceNumber(0))
            XCTAssertEqual(lower.anomalies, [.reuseWithoutHigherISN])
            XCTAssertFalse(lower.retiredFlow)
            XCTAssertNil(wire.observer.lastRetiredFlow)
            let higher = wire.raw(fromClient: true, .syn, seq: wire.clientNext + 100_000, ack: SequenceNumber(0))
            XCTAssertTrue(higher.anomalies.isEmpty)
            XCTAssertTrue(higher.retiredFlow)
            XCTAssertNotNil(wire.observer.lastRetiredFlow)
            XCTAssertTrue(higher.traits.contains(.newFlow))
        }
    }

    func testSYNFloodStaysWithinCapacity() {
        let capacity = 32
        var wire = ObserverWire(clientISN: 1, serverISN: 2, configuration: .init(capacity: capacity))
        var established = [UInt16]()
        for port in UInt16(1000)..<1008 {
            wire.clientPort = port
            wire.clientNext = SequenceNumber(UInt32(port) * 1000)
            wire.handshake()
            wire.client([.ack, .psh], payload: 10)
            established.append(port)
        }
        for port in UInt16(20000)..<21000 {
            wire.clientPort = port
            wire.clientNext = SequenceNumber(UInt32(port))
            _ = wire.client(.syn)
            XCTAssertLessThanOrEqual(wire.observer.count, capacity)
        }
        XCTAssertEqual(wire.observer.count, capacity)
        for port in established {
            wire.clientPort = port
            XCTAssertNotNil(wire.record, "established flow on port \(port) survived the flood")
        }
        XCTAssertGreaterThan(wire.observer.statistics.flowsEvicted, 900)
        // A table full of live, established flows refuses new ones instead of evicting them.
        var full = ObserverWire(clientISN: 1, serverISN: 2, configuration: .init(capacity: 4))
        for port in UInt16(1000)..<1004 {
            full.clientPort = port
            full.handshake()
        }
        full.clientPort = 5000
        let refused = full.client(.syn)
        XCTAssertTrue(refused.traits.contains(.untracked))
        XCTAssertEqual(full.observer.statistics.flowsRefused, 1)
        // Once they are idle long enough, one of them makes room.
        full.time += 700_000_000_000
        full.clientPort = 5001
        let admitted = full.client(.syn)
        XCTAssertTrue(admitted.traits.contains(.evictedAnother))
        XCTAssertTrue(admitted.retiredFlow)
        XCTAssertNotNil(full.observer.lastRetiredFlow)
        XCTAssertEqual(full.observer.count, 4)
    }

    func testExpire() {
        var wire = ObserverWire(clientISN: 1, serverISN: 2)
        wire.handshake()
        wire.client([.rst, .ack])
        wire.clientPort = 40001
        wire.handshake()
        XCTAssertEqual(wire.observer.count, 2)
        var retired = [UInt64]()
        XCTAssertEqual(wire.observer.expire(now: wire.time + 1) { retired.append($0.id) }, 0)
        XCTAssertEqual(wire.observer.expire(now: wire.time + 121_000_000_000) { retired.append($0.id) }, 1)
        XCTAssertEqual(retired, [1], "the closed flow goes after 2 MSL")
        XCTAssertEqual(wire.observer.expire(now: wire.time + 601_000_000_000) { retired.append($0.id) }, 1)
        XCTAssertEqual(retired, [1, 2], "the idle one after the idle timeout")
        XCTAssertEqual(wire.observer.count, 0)
        XCTAssertTrue(Array(wire.observer.flows).isEmpty)
    }

    func testExpireClosedFlowsKeepsIdleOpenFlows() {
        var wire = ObserverWire(clientISN: 1, serverISN: 2)
        wire.handshake()
        wire.client([.rst, .ack])
        wire.clientPort = 40001
        wire.handshake()
        var retired = [UInt64]()
        XCTAssertEqual(wire.observer.expireClosedFlows(now: wire.time + 1) { retired.append($0.id) }, 0)
        XCTAssertEqual(wire.observer.expireClosedFlows(now: wire.time + 3_600_000_000_000) { retired.append($0.id) }, 1)
        XCTAssertEqual(retired, [1], "only the closed flow goes, however long the open one is silent")
        XCTAssertEqual(wire.observer.count, 1)
        XCTAssertEqual(wire.observer.flows.map(\.id), [2])
    }

    func testTableStaysConsistentUnderChurn() {
        // Many inserts and removals through reuse and eviction; every live flow stays findable.
        var wire = ObserverWire(clientISN: 1, serverISN: 2, configuration: .init(capacity: 16, evictionSampleSize: 4))
        for round in 0..<400 {
            wire.clientPort = UInt16(30000 + (round * 7919) % 50)
            wire.clientNext = SequenceNumber(UInt32(round) * 100_000)
            wire.client(.syn)
            if round % 3 == 0 { wire.server([.syn, .ack]); wire.client(.ack); wire.client([.rst, .ack]) }
        }
        var seen = 0
        for record in wire.observer.flows {
            seen += 1
            XCTAssertEqual(wire.observer.flow(between: record.client, and: record.server)?.id, record.id)
        }
        XCTAssertEqual(seen, wire.observer.count)
        XCTAssertLessThanOrEqual(seen, 16)
        XCTAssertEqual(wire.observer.sortedFlows.map(\.id), wire.observer.sortedFlows.map(\.id).sorted())
    }


    func testObserverIsAValue() {
        // The table is shared by copies until one of them changes: the copy it leaves behind must not move.
        var wire = ObserverWire(clientISN: 1, serverISN: 2)
        wire.handshake()
        let before = wire.observer
        let flowsBefore = wire.observer.flows
        let recordBefore = wire.record
        wire.client([.ack, .psh], payload: 100)
        wire.clientPort = 40001
        wire.handshake()
        XCTAssertEqual(wire.observer.count, 2)
        XCTAssertEqual(before.count, 1)
        XCTAssertEqual(Array(flowsBefore), [recordBefore].compactMap { $0 })
        XCTAssertEqual(Array(before.flows), [recordBefore].compactMap { $0 })
        XCTAssertEqual(before.statistics.segments, 3)
        XCTAssertNotEqual(wire.record, recordBefore)
        // A copy that changes leaves the original alone too, retired flows included.
        var copy = wire.observer
        XCTAssertEqual(copy.expire(now: wire.time + 601_000_000_000), 2)
        XCTAssertEqual(copy.count, 0)
        XCTAssertEqual(wire.observer.count, 2)
        XCTAssertEqual(Array(wire.observer.flows).count, 2)
    }
    func testIPv6Flows() {
        var wire = ObserverWire(clientISN: 0xFFFF_FFFF, serverISN: 0xFFFF_FFFF)
        wire.clientAddress = IPAddress(bytes: [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1])!
        wire.serverAddress = IPAddress(bytes: [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [2])!
        let all = wire.handshake() + [wire.client([.fin, .ack]), wire.server([.fin, .ack]), wire.client(.ack)]
        XCTAssertTrue(all.allSatisfy { $0.anomalies.isEmpty })
        XCTAssertEqual(wire.record?.client.description, "[2001:db8::1]:40000")
    }
}

extension TCPFlowObserverTests {
    /// Configured sizes beyond what the table can hold are brought into range instead of overflowing.
    func testConfigurationExtremesAreClamped() {
        var configuration = TCPFlowObserver.Configuration(capacity: 4)
        configuration.capacity = Int.max
        configuration.evictionSampleSize = Int.max
        let large = TCPFlowObserver(configuration: configuration)
        XCTAssertEqual(large.configuration.capacity, TCPFlowObserver.maximumCapacity)
        XCTAssertEqual(large.configuration.evictionSampleSize, TCPFlowObserver.maximumCapacity)
        // The capacity is a bound, not an allocation: the table starts with room for 64 flows.
        XCTAssertEqual(large.allocatedFlowSlots, 64)
        configuration.capacity = -5
        configuration.evictionSampleSize = -5
        let small = TCPFlowObserver(configuration: configuration)
        XCTAssertEqual(small.configuration.capacity, 1)
        XCTAssertEqual(small.configuration.evictionSampleSize, 1)
    }
}

extension TCPFlowObserverTests {
    /// The same 4-tuple in two tunnels (or on two VLANs) is two flows, each found by its key either way round.
    func testTunnelsSeparateFlowsFoundByKey() throws {
        var observer = TCPFlowObserver(configuration: .init(capacity: 8))
        let client = TCPFlowEndpoint(address: IPAddress(ipv4: 0xC000_0201), port: 40000)
        let server = TCPFlowEndpoint(address: IPAddress(ipv4: 0xC000_0202), port: 80)
        let header = try TCPHeader(
            sourcePort: client.port, destinationPort: server.port, sequenceNumber: SequenceNumber(1000),
            acknowledgmentNumber: SequenceNumber(0), flags: .syn, window: 65535, options: TCPOptionList([]))
        let bytes = try SegmentBuilder.bytes(header, payload: [])
        let contexts = [TCPFlowContext.none, TCPFlowContext(tunnel: 1), TCPFlowContext(tunnel: 2),
                        TCPFlowContext(rawValue: 7, tunnel: 1)]
        var ids = [UInt64]()
        for (index, context) in contexts.enumerated() {
            let observation = try bytes.withUnsafeBytes { raw in
                observer.observe(
                    try TCPSegmentView(raw), from: client.address, to: server.address, at: UInt64(index + 1),
                    context: context)
            }
            XCTAssertTrue(observation.traits.contains(.newFlow), "\(context)")
            ids.append(try XCTUnwrap(observation.flowID))
        }
        XCTAssertEqual(observer.count, 4)
        for (context, id) in zip(contexts, ids) {
            let key = TCPFlowKey(source: server, destination: client, context: context)
            XCTAssertEqual(observer.flow(for: key)?.id, id)
            XCTAssertEqual(observer.flow(for: key)?.context, context)
            XCTAssertEqual(observer.flow(between: client, and: server, context: context)?.id, id)
        }
        XCTAssertNil(observer.flow(for: TCPFlowKey(source: client, destination: server, context: .init(tunnel: 3))))
    }
}

extension TCPFlowObserverTests {
    /// A connection whose segments carry a SACK option with no block (kind 5, length 2, before the timestamps) is
    /// judged exactly as the same connection without it, as Linux ignores such an option: the same verdicts,
    /// responses, window checks, endpoint states and records. The only difference is the stateless
    /// `sack-without-blocks` of each segment that carries it (in its observation, the flow's anomalies and the
    /// count of segments with anomalies).
    func testSACKWithoutBlocksIsJudgedAsIfAbsent() {
        let noBlock = TCPOption.sack(TCPSACKBlocks())
        for (clientISN, serverISN) in Self.isns {
            let label = "ISNs \(clientISN), \(serverISN)"
            var with = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            with.optionChecking = .framing
            with.timestamps = true
            var without = ObserverWire(clientISN: clientISN, serverISN: serverISN)
            without.timestamps = true

            /// One step of the script on both wires; `send` is told which wire it writes to.
            func step(
                carries: Bool = true, line: UInt = #line,
                _ send: (_ wire: inout ObserverWire, _ isWith: Bool) -> TCPObservation
            ) {
                let a = send(&with, true)
                let b = send(&without, false)
                var expected = b.anomalies
                if carries { expected.insert(.sackWithoutBlocks) }
                XCTAssertEqual(a.anomalies, expected, label, line: line)
                XCTAssertEqual(a.verdict, b.verdict, label, line: line)
                XCTAssertEqual(a.response, b.response, label, line: line)
                XCTAssertEqual(a.windowCheck, b.windowCheck, label, line: line)
                XCTAssertEqual(a.senderState, b.senderState, label, line: line)
                XCTAssertEqual(a.receiverState, b.receiverState, label, line: line)
                XCTAssertEqual(a.traits, b.traits, label, line: line)
                XCTAssertEqual(a.direction, b.direction, label, line: line)
                XCTAssertEqual(a.flowID, b.flowID, label, line: line)
                XCTAssertEqual(normalized(with.record), without.record, label, line: line)
            }
            /// The record of the wire `with` less what the option adds: its anomaly and the segments it counted.
            func normalized(_ record: TCPFlowRecord?) -> TCPFlowRecord? {
                guard var record, let other = without.record else { return record }
                record.anomalies.remove(.sackWithoutBlocks)
                XCTAssertGreaterThanOrEqual(
                    record.clientToServer.segmentsWithAnomalies, other.clientToServer.segmentsWithAnomalies, label)
                XCTAssertGreaterThanOrEqual(
                    record.serverToClient.segmentsWithAnomalies, other.serverToClient.segmentsWithAnomalies, label)
                record.clientToServer.segmentsWithAnomalies = other.clientToServer.segmentsWithAnomalies
                record.serverToClient.segmentsWithAnomalies = other.serverToClient.segmentsWithAnomalies
                return record
            }
            /// `base`, then on the wire `with` a NOP, a NOP and the SACK option with no block.
            func options(_ isWith: Bool, _ base: [TCPOption] = []) -> [TCPOption] {
                isWith ? base + [.noOperation, .noOperation, noBlock] : base
            }
            let synOptions: [TCPOption] = [.maximumSegmentSize(1460), .sackPermitted, .windowScale(7)]
            step { $0.client(.syn, options: options($1, synOptions)) }
            step { $0.server([.syn, .ack], options: options($1, synOptions)) }
            step { $0.client(.ack, options: options($1)) }
            step { $0.client([.ack, .psh], payload: 100, options: options($1)) }
            step { $0.server(.ack, options: options($1)) }
            step { $0.server([.ack, .psh], payload: 1000, options: options($1)) }
            // A SACK option with a block, the empty one after it on the wire `with`: the block stands.
            let block = TCPSACKBlock(left: with.clientAck - UInt32(500), right: with.clientAck - UInt32(100))
            let real = TCPOption.sack(try! TCPSACKBlocks([block]))
            step { wire, isWith in wire.client(.ack, options: isWith ? [real, noBlock] : [real]) }
            XCTAssertEqual(without.record?.clientEndpoint.highestSACKSent, block.right, label)
            // A segment far outside the window is refused the same way.
            step { wire, isWith in
                wire.raw(fromClient: false, [.ack, .psh], seq: wire.serverNext + UInt32(0x4000_0000),
                         ack: wire.serverAck, payload: 10, options: options(isWith))
            }
            step { $0.client([.fin, .ack], options: options($1)) }
            step { $0.server([.fin, .ack], options: options($1)) }
            step(carries: false) { wire, _ in wire.client(.ack) }

            XCTAssertTrue(with.record!.anomalies.contains(.sackWithoutBlocks), label)
            XCTAssertEqual(with.record!.clientToServer.segmentsWithAnomalies, 5, label)
            XCTAssertEqual(without.record!.clientToServer.segmentsWithAnomalies, 0, label)
            XCTAssertEqual(without.record!.clientState, .timeWait, label)
            XCTAssertEqual(with.observer.statistics.segments, without.observer.statistics.segments, label)
        }
    }

    /// The window rules through the observer, on both of its paths: the server's acknowledgments of the client's 10
    /// bytes with windows 500, then 2,000 (taken), then 1,500 at the same point (kept, as Linux keeps it; no
    /// retraction), then 0 with a TSval one tick older than the 1,500's (a zero window overtaken by the updates that
    /// reopened it: taken, no retraction); the full path judges these (repeated acknowledgments). Then the server's
    /// data at
    /// SND.WL1 with a window smaller than the one last taken, which header prediction judges: a retraction.
    func testTheWindowRulesOnBothPaths() {
        var wire = ObserverWire(clientISN: 1000, serverISN: 5000)
        func ack(_ window: UInt16, _ tsval: UInt32) -> TCPObservation {
            wire.raw(fromClient: false, .ack, seq: SequenceNumber(5001), ack: SequenceNumber(1011), window: window,
                     options: [.timestamps(value: tsval, echoReply: 102)])
        }
        _ = wire.raw(fromClient: true, .syn, seq: SequenceNumber(1000), ack: SequenceNumber(0),
                     options: [.timestamps(value: 100, echoReply: 0)])
        _ = wire.raw(fromClient: false, [.syn, .ack], seq: SequenceNumber(5000), ack: SequenceNumber(1001),
                     window: 500, options: [.timestamps(value: 900, echoReply: 100)])
        _ = wire.raw(fromClient: true, .ack, seq: SequenceNumber(1001), ack: SequenceNumber(5001),
                     options: [.timestamps(value: 101, echoReply: 900)])
        _ = wire.raw(fromClient: true, [.ack, .psh], seq: SequenceNumber(1001), ack: SequenceNumber(5001), payload: 10,
                     options: [.timestamps(value: 102, echoReply: 900)])
        XCTAssertEqual(ack(500, 901).anomalies, [])
        XCTAssertEqual(wire.record?.clientEndpoint.sendWindow, 500)
        XCTAssertEqual(ack(2000, 903).anomalies, [])
        XCTAssertEqual(wire.record?.clientEndpoint.sendWindow, 2000)
        let smaller = ack(1500, 904)
        XCTAssertEqual(smaller.anomalies, [], "\(smaller.anomalies)")
        XCTAssertEqual(wire.record?.clientEndpoint.sendWindow, 2000)
        let overtaken = ack(0, 903)
        XCTAssertEqual(overtaken.anomalies, [], "\(overtaken.anomalies)")
        XCTAssertEqual(wire.record?.clientEndpoint.sendWindow, 0)
        _ = ack(2000, 905)
        let predicted = wire.observer.predictedSegments
        let data = wire.raw(fromClient: false, [.ack, .psh], seq: SequenceNumber(5001), ack: SequenceNumber(1011),
                            payload: 10, window: 1000, options: [.timestamps(value: 906, echoReply: 102)])
        XCTAssertEqual(data.anomalies, [.windowRetraction])
        XCTAssertEqual(wire.observer.predictedSegments, predicted + 1, "header prediction judged the data")
        XCTAssertEqual(wire.record?.clientEndpoint.sendWindow, 2000)
    }

    /// Every segment of a handshake captured twice (`tcpdump -i any` on a bridge and its port): the repeated SYN-ACK
    /// reaches a client already ESTABLISHED, which answers it with an ACK and changes nothing. With Fast Open the
    /// SYN-ACK acknowledges the SYN's data too; it is still the same SYN-ACK, not a SYN in the connection. One
    /// acknowledging nothing the client sent is.
    /// Found in review: only the SYN's own end is the repeated Fast Open SYN-ACK's acknowledgment. One acknowledging
    /// data sent after the handshake is a SYN in the connection, and so is one past ISN + 1 after a SYN that only
    /// asked for a cookie (no data).
    func testARepeatedFastOpenSYNACKAcknowledgesTheSYNsEndOnly() {
        let cases = [(10, UInt32(1011), false), (10, 6011, true), (0, 1001, false), (0, 1501, true)]
        for (payload, ack, violation) in cases {
            let label = "SYN data \(payload), ack \(ack)"
            var wire = ObserverWire(clientISN: 1000, serverISN: 5000)
            _ = wire.raw(fromClient: true, .syn, seq: SequenceNumber(1000), ack: SequenceNumber(0), payload: payload,
                         options: [.fastOpenCookie(TCPOptionData())])
            _ = wire.raw(fromClient: false, [.syn, .ack], seq: SequenceNumber(5000),
                         ack: SequenceNumber(1001 + UInt32(payload)))
            for index in 0..<5 {
                _ = wire.raw(fromClient: true, [.ack, .psh], seq: SequenceNumber(1001 + UInt32(payload + index * 1000)),
                             ack: SequenceNumber(5001), payload: 1000)
            }
            let again = wire.raw(fromClient: false, [.syn, .ack], seq: SequenceNumber(5000), ack: SequenceNumber(ack))
            XCTAssertEqual(again.anomalies.contains(.synInConnection), violation, "\(label): \(again.anomalies)")
        }
    }

    func testASYNACKCapturedTwiceIsNoSYNInTheConnection() {
        for (fastOpen, ack, violation) in [(false, UInt32(1001), false), (true, 1011, false), (false, 1011, true)] {
            let label = "Fast Open \(fastOpen), ack \(ack)"
            var wire = ObserverWire(clientISN: 1000, serverISN: 5000)
            for _ in 0..<2 {
                _ = wire.raw(fromClient: true, .syn, seq: SequenceNumber(1000), ack: SequenceNumber(0),
                             payload: fastOpen ? 10 : 0)
            }
            let first = wire.raw(fromClient: false, [.syn, .ack], seq: SequenceNumber(5000),
                                 ack: SequenceNumber(fastOpen ? 1011 : 1001))
            XCTAssertEqual(first.anomalies, [], label)
            XCTAssertEqual(wire.record?.clientState, .established, label)
            let again = wire.raw(fromClient: false, [.syn, .ack], seq: SequenceNumber(5000), ack: SequenceNumber(ack))
            XCTAssertEqual(again.anomalies.contains(.synInConnection), violation, "\(label): \(again.anomalies)")
            XCTAssertEqual(again.response, violation ? .challengeACK : .ack, label)
            XCTAssertEqual(wire.record?.clientState, .established, label)
        }
    }
}
