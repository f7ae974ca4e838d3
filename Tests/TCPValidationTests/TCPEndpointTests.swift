import TCPCodec
import XCTest

@testable import TCPValidation

/// Every transition of RFC 9293's state diagram, RFC 5961, RFC 7323 PAWS and RFC 6191, each run with ordinary ISNs
/// and with ISNs just below 2^32 so handshakes and closes wrap.
final class TCPEndpointTests: XCTestCase {
    static let bases: [UInt32] = [1000, 0xFFFF_FFF0, 0xFFFF_FFFF, 0x7FFF_FFFF]

    // MARK: Opening

    func testThreeWayHandshake() {
        for base in Self.bases {
            var c = Conversation(base: base)
            let open = c.client.handle(.activeOpen(initialSequenceNumber: c.clientISN))
            XCTAssertEqual(open.state, .synSent)  // CLOSED -> SYN-SENT
            XCTAssertEqual(open.response, .syn)
            XCTAssertEqual(c.server.state, .listen)
            let syn = c.toServer(segment(.syn, seq: c.clientISN, window: 64240))
            XCTAssertEqual(syn.previousState, .listen)
            XCTAssertEqual(syn.state, .synReceived)  // LISTEN -> SYN-RECEIVED
            XCTAssertEqual(syn.response, .synAck)
            XCTAssertEqual(c.server.receiveNext, c.clientISN + 1)
            let synAck = c.toClient(segment([.syn, .ack], seq: c.serverISN, ack: c.clientISN + 1, window: 65160))
            XCTAssertEqual(synAck.state, .established)  // SYN-SENT -> ESTABLISHED
            XCTAssertEqual(synAck.response, .ack)
            XCTAssertEqual(synAck.verdict, .accepted)
            XCTAssertTrue(synAck.anomalies.isEmpty)
            let ack = c.toServer(c.fromClient(.ack))
            XCTAssertEqual(ack.state, .established)  // SYN-RECEIVED -> ESTABLISHED
            XCTAssertEqual(ack.response, .none)
            XCTAssertTrue(ack.anomalies.isEmpty, "\(ack.anomalies)")
            XCTAssertEqual(c.client.sendNext, c.clientISN + 1)
            XCTAssertEqual(c.server.sendUnacknowledged, c.serverISN + 1)
            XCTAssertEqual(c.server.sendWindow, 65535, "the final ACK's window, unscaled without scaling")
            XCTAssertEqual(c.client.sendWindow, 65160, "the SYN-ACK's window")
        }
    }

    func testPassiveOpenAndCloseFromListen() {
        var endpoint = TCPEndpoint()
        XCTAssertEqual(endpoint.handle(.passiveOpen).state, .listen)  // CLOSED -> LISTEN
        XCTAssertEqual(endpoint.handle(.close).state, .closed)  // LISTEN -> CLOSED
        _ = endpoint.handle(.passiveOpen)
        // LISTEN -> SYN-SENT: a SEND from LISTEN sends a SYN.
        let sent = endpoint.send(segment(.syn, seq: SequenceNumber(0xFFFF_FFFF)))
        XCTAssertEqual(sent.previousState, .listen)
        XCTAssertEqual(sent.state, .synSent)
        XCTAssertEqual(endpoint.sendNext, SequenceNumber(0))
        // SYN-SENT -> CLOSED on close.
        XCTAssertEqual(endpoint.handle(.close).state, .closed)
    }

    func testListenIgnoresRSTAndResetsACK() {
        var endpoint = TCPEndpoint(state: .listen)
        let rst = endpoint.receive(segment(.rst, seq: SequenceNumber(5)))
        XCTAssertEqual(rst.verdict, .dropped)
        XCTAssertEqual(rst.response, .none)
        let ack = endpoint.receive(segment(.ack, seq: SequenceNumber(5), ack: SequenceNumber(0xFFFF_FFFE)))
        XCTAssertEqual(ack.response, .reset(sequenceNumber: SequenceNumber(0xFFFF_FFFE)))
        XCTAssertEqual(ack.state, .listen)
        let fin = endpoint.receive(segment([.fin], seq: SequenceNumber(5)))
        XCTAssertEqual(fin.verdict, .dropped)
        XCTAssertEqual(fin.state, .listen)
    }

    func testClosedAnswersWithRST() {
        var endpoint = TCPEndpoint()
        let syn = endpoint.receive(segment(.syn, seq: SequenceNumber(0xFFFF_FFFF)))
        XCTAssertEqual(syn.response, .resetACK(acknowledgmentNumber: SequenceNumber(0)), "SEG.SEQ + SEG.LEN wraps")
        let ack = endpoint.receive(segment(.ack, seq: SequenceNumber(9), ack: SequenceNumber(77)))
        XCTAssertEqual(ack.response, .reset(sequenceNumber: SequenceNumber(77)))
        XCTAssertEqual(endpoint.receive(segment(.rst, seq: SequenceNumber(9))).response, .none)
        XCTAssertTrue(syn.anomalies.isEmpty)
    }

    func testSimultaneousOpen() {
        for base in Self.bases {
            var a = TCPEndpoint()
            var b = TCPEndpoint()
            let isnA = SequenceNumber(base)
            let isnB = SequenceNumber(base &+ 7)
            _ = a.handle(.activeOpen(initialSequenceNumber: isnA))
            _ = b.handle(.activeOpen(initialSequenceNumber: isnB))
            let synA = segment(.syn, seq: isnA)
            let synB = segment(.syn, seq: isnB)
            _ = a.send(synA)
            _ = b.send(synB)
            let atB = b.receive(synA)
            XCTAssertEqual(atB.state, .synReceived)  // SYN-SENT -> SYN-RECEIVED
            XCTAssertEqual(atB.response, .synAck)
            let atA = a.receive(synB)
            XCTAssertEqual(atA.state, .synReceived)
            let synAckA = segment([.syn, .ack], seq: isnA, ack: isnB + 1)
            let synAckB = segment([.syn, .ack], seq: isnB, ack: isnA + 1)
            _ = a.send(synAckA)
            _ = b.send(synAckB)
            let doneB = b.receive(synAckA)
            XCTAssertEqual(doneB.state, .established, "\(doneB)")
            XCTAssertTrue(doneB.anomalies.isEmpty)
            let doneA = a.receive(synAckB)
            XCTAssertEqual(doneA.state, .established)
            // Data then flows.
            let data = segment([.ack, .psh], seq: isnA + 1, ack: isnB + 1, payload: 10)
            _ = a.send(data)
            XCTAssertEqual(b.receive(data).verdict, .accepted)
            XCTAssertEqual(b.receiveNext, isnA + 11)
        }
    }

    func testWindowScalingFromBothSYNs() {
        var c = Conversation(base: 0xFFFF_FFF0)
        c.handshake(clientScale: 7, serverScale: 2)
        XCTAssertTrue(c.server.windowScaling.isActive)
        XCTAssertEqual(c.server.sendWindow, 65535 << 7, "the final ACK's window is scaled by the client's shift")
        XCTAssertEqual(c.client.sendWindow, 65160, "the SYN-ACK's window is never scaled")
        var one = Conversation(base: 1000)
        one.handshake(clientScale: 7, serverScale: nil)
        XCTAssertFalse(one.server.windowScaling.isActive)
        XCTAssertEqual(one.server.sendWindow, 65535)
        var clamped = Conversation(base: 1000)
        clamped.handshake(clientScale: 20, serverScale: 14)
        XCTAssertEqual(clamped.server.windowScaling.receiveShift, 14)
    }

    // MARK: Handshake errors

    func testSynAckWithWrongAck() {
        for base in Self.bases {
            var c = Conversation(base: base)
            _ = c.client.handle(.activeOpen(initialSequenceNumber: c.clientISN))
            c.toServer(segment(.syn, seq: c.clientISN))
            for wrong in [c.clientISN, c.clientISN + 2, c.clientISN - 100] {
                let result = c.client.receive(segment([.syn, .ack], seq: c.serverISN, ack: wrong))
                XCTAssertEqual(result.anomalies, [.synAckWrongAck])
                XCTAssertEqual(result.response, .reset(sequenceNumber: wrong))
                XCTAssertEqual(result.state, .synSent)
                XCTAssertEqual(result.verdict, .dropped)
            }
            let ambiguous = c.client.receive(segment([.syn, .ack], seq: c.serverISN, ack: c.clientISN + 0x8000_0001))
            XCTAssertTrue(ambiguous.anomalies.contains(.ambiguousSequence))
            XCTAssertEqual(ambiguous.ackAcceptability, .undefined)
            // The right one is accepted.
            let right = c.client.receive(segment([.syn, .ack], seq: c.serverISN, ack: c.clientISN + 1))
            XCTAssertEqual(right.state, .established)
        }
    }

    func testHandshakeACKWithWrongAck() {
        for base in Self.bases {
            var c = Conversation(base: base)
            _ = c.client.handle(.activeOpen(initialSequenceNumber: c.clientISN))
            c.toServer(segment(.syn, seq: c.clientISN))
            c.toClient(segment([.syn, .ack], seq: c.serverISN, ack: c.clientISN + 1))
            let wrong = c.server.receive(segment(.ack, seq: c.clientISN + 1, ack: c.serverISN + 5))
            XCTAssertEqual(wrong.anomalies, [.handshakeACKWrongAck])
            XCTAssertEqual(wrong.response, .reset(sequenceNumber: c.serverISN + 5))
            XCTAssertEqual(wrong.state, .synReceived)
            let wrongSeq = c.server.receive(segment(.ack, seq: c.clientISN + 5000_000, ack: c.serverISN + 1))
            XCTAssertEqual(wrongSeq.anomalies, [.outOfWindow])
            XCTAssertEqual(wrongSeq.response, .ack)
            let right = c.server.receive(segment(.ack, seq: c.clientISN + 1, ack: c.serverISN + 1))
            XCTAssertEqual(right.state, .established)
        }
    }

    /// Data on a SYN-ACK is taken only by a client whose SYN used Fast Open, as Linux does (tcp_rcv_fastopen_synack
    /// queues it; otherwise tcp_rcv_synsent_state_process acknowledges the SYN alone and the peer sends the data
    /// again).
    func testSynAckDataTakenOnlyAfterAFastOpenSYN() {
        for base in Self.bases {
            for (label, options, payload) in [
                ("plain SYN", [TCPOption](), 0), ("cookie request", [.fastOpenCookie(TCPOptionData())], 0),
                ("SYN data", [.fastOpenCookie(try! TCPOptionData([1, 2, 3, 4, 5, 6, 7, 8]))], 20),
            ] {
                var client = TCPEndpoint()
                let iss = SequenceNumber(base)
                _ = client.send(segment(.syn, seq: iss, payload: payload, options: options))
                XCTAssertEqual(client.localFastOpen, label != "plain SYN", label)
                let synAck = segment(
                    [.syn, .ack], seq: SequenceNumber(base &+ 0x4000_0000), ack: iss + 1 + UInt32(payload), payload: 10)
                let result = client.receive(synAck)
                XCTAssertEqual(result.state, .established, label)
                XCTAssertEqual(result.response, .ack, label)
                XCTAssertEqual(
                    client.receiveNext, synAck.sequenceNumber + (label == "plain SYN" ? 1 : 11), label)
                // With a FIN: a Fast Open client takes it too (tcp_fastopen_add_skb), and is in CLOSE-WAIT.
                var closing = TCPEndpoint()
                _ = closing.send(segment(.syn, seq: iss, payload: payload, options: options))
                let synAckFIN = segment(
                    [.syn, .ack, .fin], seq: synAck.sequenceNumber, ack: synAck.acknowledgmentNumber, payload: 10)
                let expected: TCPState = label == "plain SYN" ? .established : .closeWait
                XCTAssertEqual(closing.receive(synAckFIN).state, expected, label)
                XCTAssertEqual(
                    closing.receiveNext, synAck.sequenceNumber + (label == "plain SYN" ? 1 : 12), label)
            }
        }
    }

    /// A RST answering an unacceptable segment of the handshake leaves the handshake where it was (RFC 9293
    /// sections 3.10.7.3 and 3.10.7.4, and Linux): the listener's answer to a bad third ACK keeps the half-open
    /// connection, and a client's answer to a bad SYN-ACK keeps it in SYN-SENT. A RST at SND.NXT in SYN-RECEIVED is an
    /// abort.
    func testResetAnsweringABadHandshakeSegmentKeepsTheHandshake() {
        for base in Self.bases {
            let c = Conversation(base: base)
            var server = TCPEndpoint(state: .listen)
            _ = server.receive(segment(.syn, seq: c.clientISN))
            _ = server.send(segment([.syn, .ack], seq: c.serverISN, ack: c.clientISN + 1))
            let wrong = segment(.ack, seq: c.clientISN + 1, ack: c.serverISN + 1001)
            XCTAssertEqual(server.receive(wrong).response, .reset(sequenceNumber: c.serverISN + 1001))
            XCTAssertEqual(server.send(segment(.rst, seq: c.serverISN + 1001)).state, .synReceived)
            let right = server.receive(segment(.ack, seq: c.clientISN + 1, ack: c.serverISN + 1))
            XCTAssertEqual(right.state, .established)
            // An abort from SYN-RECEIVED: the RST carries SND.NXT.
            var aborting = TCPEndpoint(state: .listen)
            _ = aborting.receive(segment(.syn, seq: c.clientISN))
            _ = aborting.send(segment([.syn, .ack], seq: c.serverISN, ack: c.clientISN + 1))
            XCTAssertEqual(aborting.send(segment(.rst, seq: c.serverISN + 1)).state, .closed)
            // The client refuses a SYN-ACK acknowledging something else, answers with a RST, and stays in SYN-SENT.
            var client = TCPEndpoint()
            _ = client.send(segment(.syn, seq: c.clientISN))
            let bad = client.receive(segment([.syn, .ack], seq: c.serverISN, ack: c.clientISN + 1000))
            XCTAssertEqual(bad.response, .reset(sequenceNumber: c.clientISN + 1000))
            XCTAssertEqual(client.send(segment(.rst, seq: c.clientISN + 1000)).state, .synSent)
            XCTAssertEqual(
                client.receive(segment([.syn, .ack], seq: c.serverISN, ack: c.clientISN + 1)).state, .established)
        }
    }

    func testRetransmittedSYNAndSynAck() {
        for base in Self.bases {
            var c = Conversation(base: base)
            _ = c.client.handle(.activeOpen(initialSequenceNumber: c.clientISN))
            c.toServer(segment(.syn, seq: c.clientISN))
            // The same SYN again: the SYN-ACK was lost; answer with it again.
            let again = c.toServer(segment(.syn, seq: c.clientISN))
            XCTAssertEqual(again.response, .synAck)
            XCTAssertTrue(again.anomalies.isEmpty)
            XCTAssertEqual(again.state, .synReceived)
            // A SYN with a different ISN.
            let different = c.server.receive(segment(.syn, seq: c.clientISN + 99))
            XCTAssertEqual(different.anomalies, [.synResentWithDifferentISN])
            XCTAssertEqual(different.response, .challengeACK)
            // The sender's view of its own different ISN.
            var sender = TCPEndpoint()
            _ = sender.send(segment(.syn, seq: c.clientISN))
            XCTAssertEqual(sender.send(segment(.syn, seq: c.clientISN + 1)).anomalies, [.synResentWithDifferentISN])
            XCTAssertTrue(sender.send(segment(.syn, seq: c.clientISN + 1)).anomalies.isEmpty)
            // Established client gets the SYN-ACK again (its ACK was lost): plain ACK.
            let synAck = segment([.syn, .ack], seq: c.serverISN, ack: c.clientISN + 1)
            c.toClient(synAck)
            let repeated = c.client.receive(synAck)
            XCTAssertEqual(repeated.response, .ack)
            XCTAssertTrue(repeated.anomalies.isEmpty)
            XCTAssertEqual(repeated.state, .established)
            // The server re-sending a different SYN-ACK.
            XCTAssertEqual(c.server.send(segment([.syn, .ack], seq: c.serverISN + 3, ack: c.clientISN + 1)).anomalies,
                           [.synAckResentDifferent])
        }
    }

    func testSynSentChecksTSecr() {
        var endpoint = TCPEndpoint()
        let iss = SequenceNumber(0xFFFF_FFF0)
        _ = endpoint.send(segment(.syn, seq: iss, options: [.timestamps(value: 500, echoReply: 0)]))
        _ = endpoint.send(segment(.syn, seq: iss, options: [.timestamps(value: 1500, echoReply: 0)]))
        let bad = endpoint.receive(segment([.syn, .ack], seq: SequenceNumber(9), ack: iss + 1,
                                           options: [.timestamps(value: 1, echoReply: 2000)]))
        XCTAssertEqual(bad.anomalies, [.timestampEchoMismatch])
        XCTAssertEqual(bad.response, .reset(sequenceNumber: iss + 1))
        XCTAssertEqual(bad.state, .synSent)
        let low = endpoint.receive(segment([.syn, .ack], seq: SequenceNumber(9), ack: iss + 1,
                                           options: [.timestamps(value: 1, echoReply: 499)]))
        XCTAssertEqual(low.anomalies, [.timestampEchoMismatch])
        let good = endpoint.receive(segment([.syn, .ack], seq: SequenceNumber(9), ack: iss + 1,
                                            options: [.timestamps(value: 1, echoReply: 500)]))
        XCTAssertEqual(good.state, .established)
        XCTAssertTrue(endpoint.timestampsEnabled)
        XCTAssertEqual(endpoint.timestampRecent, 1)
    }

    // MARK: RST (RFC 5961 section 3) and SYN (section 4)

    func testRSTInSynSent() {
        for base in Self.bases {
            let iss = SequenceNumber(base)
            var endpoint = TCPEndpoint()
            _ = endpoint.handle(.activeOpen(initialSequenceNumber: iss))
            let bare = endpoint.receive(segment(.rst, seq: SequenceNumber(0)))
            XCTAssertEqual(bare.anomalies, [.invalidRST], "RST in SYN-SENT needs an acceptable ACK")
            XCTAssertEqual(bare.state, .synSent)
            let badAck = endpoint.receive(segment([.rst, .ack], seq: SequenceNumber(0), ack: iss + 2))
            XCTAssertEqual(badAck.anomalies, [.invalidRST])
            XCTAssertEqual(badAck.response, .none)
            let good = endpoint.receive(segment([.rst, .ack], seq: SequenceNumber(0), ack: iss + 1))
            XCTAssertEqual(good.verdict, .connectionReset)
            XCTAssertEqual(good.state, .closed)  // SYN-SENT -> CLOSED
        }
    }

    func testRSTInSynchronizedStates() {
        for base in Self.bases {
            var c = Conversation(base: base)
            c.handshake()
            let next = c.server.receiveNext
            // Outside the window: dropped silently.
            let outside = c.server.receive(segment(.rst, seq: next + 70_000))
            XCTAssertEqual(outside.anomalies, [.invalidRST])
            XCTAssertEqual(outside.response, .none)
            XCTAssertEqual(outside.state, .established)
            let before = c.server.receive(segment(.rst, seq: next - 1))
            XCTAssertEqual(before.anomalies, [.invalidRST])
            // In the window but not exact: challenge ACK, no state change.
            let inexact = c.server.receive(segment(.rst, seq: next + 1))
            XCTAssertEqual(inexact.anomalies, [.rstNotExact])
            XCTAssertEqual(inexact.response, .challengeACK)
            XCTAssertEqual(inexact.state, .established)
            XCTAssertEqual(inexact.verdict, .dropped)
            // Exactly RCV.NXT: reset.
            let exact = c.server.receive(segment([.rst, .ack], seq: next, ack: c.server.sendNext))
            XCTAssertEqual(exact.verdict, .connectionReset)
            XCTAssertEqual(exact.state, .closed)
            XCTAssertTrue(exact.anomalies.isEmpty)
        }
    }

    func testRSTInSynReceivedReturnsToListen() {
        for base in Self.bases {
            var c = Conversation(base: base)
            c.toServer(segment(.syn, seq: c.clientISN))
            _ = c.server.send(segment([.syn, .ack], seq: c.serverISN, ack: c.clientISN + 1))
            let reset = c.server.receive(segment(.rst, seq: c.clientISN + 1))
            XCTAssertEqual(reset.state, .listen)  // SYN-RECEIVED -> LISTEN
            XCTAssertEqual(reset.verdict, .connectionReset)
        }
        // From a simultaneous open, SYN-RECEIVED goes to CLOSED.
        var a = TCPEndpoint()
        _ = a.handle(.activeOpen(initialSequenceNumber: SequenceNumber(10)))
        _ = a.receive(segment(.syn, seq: SequenceNumber(0xFFFF_FFFF)))
        XCTAssertEqual(a.receive(segment(.rst, seq: SequenceNumber(0))).state, .closed)
    }

    func testSYNInSynchronizedStateGetsChallengeACK() {
        for base in Self.bases {
            var c = Conversation(base: base)
            c.handshake()
            for seq in [c.server.receiveNext, c.server.receiveNext + 10, c.server.receiveNext - 100_000] {
                let result = c.server.receive(segment(.syn, seq: seq))
                XCTAssertEqual(result.anomalies, [.synInConnection])
                XCTAssertEqual(result.response, .challengeACK)
                XCTAssertEqual(result.state, .established)
            }
        }
    }

    // MARK: ACK checks (RFC 5961 section 5)

    func testACKChecks() {
        for base in Self.bases {
            var c = Conversation(base: base)
            c.handshake()
            c.toClient(c.fromServer([.ack, .psh], payload: 1000))
            let next = c.client.receiveNext
            let unsent = c.server.receive(segment(.ack, seq: c.client.sendNext, ack: c.server.sendNext + 1))
            XCTAssertEqual(unsent.anomalies, [.ackOfUnsentData])
            XCTAssertEqual(unsent.response, .ack)
            XCTAssertEqual(unsent.verdict, .dropped)
            let tooOld = c.server.receive(
                segment(.ack, seq: c.client.sendNext, ack: c.server.sendUnacknowledged - 70_000))
            XCTAssertEqual(tooOld.anomalies, [.invalidACK])
            let ambiguous = c.server.receive(
                segment(.ack, seq: c.client.sendNext, ack: c.server.sendNext + 0x8000_0000))
            XCTAssertEqual(ambiguous.anomalies, [.ambiguousSequence])
            XCTAssertEqual(ambiguous.ackAcceptability, .undefined)
            let good = c.server.receive(segment(.ack, seq: c.client.sendNext, ack: next))
            XCTAssertEqual(good.ackAcceptability, .advances)
            XCTAssertEqual(c.server.sendUnacknowledged, c.server.sendNext)
            let dup = c.server.receive(segment(.ack, seq: c.client.sendNext, ack: next))
            XCTAssertEqual(dup.ackAcceptability, .duplicate)
            XCTAssertTrue(dup.anomalies.isEmpty)
        }
    }

    func testWindowRetraction() {
        var c = Conversation(base: 0xFFFF_FFF0)
        c.handshake()
        c.toClient(c.fromServer([.ack, .psh], payload: 1))
        c.toServer(c.fromClient(.ack, window: 1000))
        XCTAssertEqual(c.server.sendWindow, 1000)
        // The client acknowledges 5 more bytes and offers 10: the right edge moves 985 bytes left.
        c.toClient(c.fromServer([.ack, .psh], payload: 5))
        let retract = c.server.receive(segment(.ack, seq: c.client.sendNext, ack: c.client.receiveNext, window: 10))
        XCTAssertEqual(retract.anomalies, [.windowRetraction])
        XCTAssertEqual(retract.verdict, .accepted)
        XCTAssertEqual(c.server.sendWindow, 10)
    }

    func testSmallerWindowAtTheSameSequenceAndAcknowledgmentIsKeptAsLinuxDoes() {
        var c = Conversation(base: 0xFFFF_FFF0)
        c.handshake()
        // The handshake's last ACK offered 65,535; an ACK of new bytes offers 1,000 (it moves SND.UNA: taken).
        c.toClient(c.fromServer([.ack, .psh], payload: 1))
        c.toServer(c.fromClient(.ack, window: 1000))
        XCTAssertEqual(c.server.sendWindow, 1000)
        let seq = c.client.sendNext
        let ack = c.client.receiveNext
        // An acknowledgment of the same bytes with a smaller window, delivered after the one that offered 1,000: as
        // likely sent first and reordered as a retraction. Linux (tcp_may_update_window) keeps the larger window.
        let earlier = c.server.receive(segment(.ack, seq: seq, ack: ack, window: 990))
        XCTAssertTrue(earlier.anomalies.isEmpty, "\(earlier.anomalies)")
        XCTAssertEqual(earlier.verdict, .accepted)
        XCTAssertEqual(c.server.sendWindow, 1000)
        // A larger one at the same point is taken.
        let larger = c.server.receive(segment(.ack, seq: seq, ack: ack, window: 1200))
        XCTAssertTrue(larger.anomalies.isEmpty, "\(larger.anomalies)")
        XCTAssertEqual(c.server.sendWindow, 1200)
        // A zero window at that point is taken, and still a retraction (a shrinking stack closes its window so).
        let closed = c.server.receive(segment(.ack, seq: seq, ack: ack, window: 0))
        XCTAssertEqual(closed.anomalies, [.windowRetraction])
        XCTAssertEqual(c.server.sendWindow, 0)
        _ = c.server.receive(segment(.ack, seq: seq, ack: ack, window: 1200))
        XCTAssertEqual(c.server.sendWindow, 1200)
        // Data at that SEQ was sent after the pure ACKs there: its smaller window is a retraction, and Linux still
        // keeps the larger window.
        let data = c.server.receive(segment([.ack, .psh], seq: seq, ack: ack, window: 700, payload: 10))
        XCTAssertEqual(data.anomalies, [.windowRetraction])
        XCTAssertEqual(data.verdict, .accepted)
        XCTAssertEqual(c.server.sendWindow, 1200)
    }

    /// Linux's window-update rule where RFC 9293's differs the other way: a segment before SND.WL1 whose
    /// acknowledgment advances SND.UNA was sent after the segment that set the window, and sets it (RFC 9293 keeps
    /// the older window). Its smaller window moves the right edge left: a retraction.
    func testARetransmissionWhoseAcknowledgmentAdvancesSetsTheWindowAsLinuxDoes() {
        var c = Conversation(base: 0xFFFF_FFF0)
        c.handshake()
        // The client's first 10 bytes are lost; the next 10 arrive out of order and set the window (SND.WL1).
        let seq = c.client.sendNext
        _ = c.client.send(c.fromClient([.ack, .psh], payload: 10))
        c.toServer(c.fromClient([.ack, .psh], payload: 10))
        XCTAssertEqual(c.server.sendWindowUpdateSequence, seq + 10)
        XCTAssertEqual(c.server.receiveNext, seq)
        c.toClient(c.fromServer([.ack, .psh], payload: 20))
        // The lost bytes sent again, acknowledging the server's 20 bytes, with a window of 500.
        let again = c.server.receive(
            segment([.ack, .psh], seq: seq, ack: c.client.receiveNext, window: 500, payload: 10))
        XCTAssertEqual(again.ackAcceptability, .advances)
        XCTAssertEqual(again.anomalies, [.windowRetraction])
        XCTAssertEqual(c.server.sendWindow, 500)
        XCTAssertEqual(c.server.sendWindowUpdateSequence, seq)
    }

    /// A zero window overtaken by the update that reopened it (a slow reader's, on a reordering link): both pure
    /// ACKs of the same bytes, the zero one's TSval one tick older than the update's (TS.Recent). It was sent first:
    /// no retraction, though it is taken as Linux takes a zero window at SND.WL1. With the same TSval nothing orders
    /// the pair, and the zero window is still a retraction.
    /// The client's bytes 0-9 are lost and 10-19 arrive; the client then sends a pure ACK (TSval 5001, window 500) and
    /// the retransmission of 0-9 (TSval 5002, window 1,000), and the network delivers the retransmission first: its
    /// acknowledgment advances SND.UNA and sets the window. The pure ACK comes next, at a newer SEQ, so Linux takes its
    /// window too (PAWS lets a TSval one tick older through), moving the edge left; its older TSval shows it sent
    /// before the retransmission: no retraction (found on Linux's own traffic both ways over a lossy, reordering
    /// link). A later segment with a newer TSval that moves the edge left is one; with the setter's own TSval the
    /// order cannot be told, and it is one too.
    func testAWindowSentBeforeTheSegmentThatSetTheWindowIsNoRetraction() {
        // TSvals from 4,999, and from 2^32 - 2 (wrapping to 0 between the pure ACK and the retransmission).
        for (sameTSval, base) in [(false, UInt32(4999)), (true, 4999), (false, 0xFFFF_FFFE), (true, 0xFFFF_FFFE)] {
            let label = "same TSval: \(sameTSval), TSvals from \(base)"
            var c = Conversation(base: 0xFFFF_FFF0, timestamps: true)
            c.clock = base &- 20
            c.handshake()
            let start = c.client.sendNext
            let echo = c.serverLastTSval
            func data(
                _ seq: SequenceNumber, ack: SequenceNumber, tsval: UInt32, window: UInt16 = 65535, payload: Int = 10
            ) -> TCPSegmentSummary {
                segment(payload > 0 ? [.ack, .psh] : .ack, seq: seq, ack: ack, window: window, payload: payload,
                        options: [.timestamps(value: base &+ tsval, echoReply: echo)])
            }
            let acknowledged = c.server.sendNext
            _ = c.client.send(data(start, ack: acknowledged, tsval: 0))
            c.toServer(data(start + 10, ack: acknowledged, tsval: 1, window: 1000))
            _ = c.server.send(segment([.ack, .psh], seq: c.server.sendNext, ack: c.server.receiveNext, payload: 100))
            let newer = acknowledged + 100
            let retransmission = c.server.receive(data(start, ack: newer, tsval: 3, window: 1000))
            XCTAssertTrue(retransmission.anomalies.isEmpty, "\(label): \(retransmission.anomalies)")
            XCTAssertEqual(c.server.sendWindow, 1000, label)
            let ack = c.server.receive(data(start + 20, ack: newer, tsval: sameTSval ? 3 : 2, window: 500, payload: 0))
            XCTAssertEqual(ack.verdict, .accepted, label)
            XCTAssertEqual(ack.anomalies, sameTSval ? [.windowRetraction] : [], label)
            XCTAssertEqual(c.server.sendWindow, 500, "taken, as Linux takes it; \(label)")
            let later = c.server.receive(data(start + 20, ack: newer, tsval: 4, window: 300))
            XCTAssertEqual(later.anomalies, [.windowRetraction], label)
        }
    }

    /// Segments that fail PAWS are dropped; Linux answers each with a duplicate ACK except a pure ACK whose SEQ is
    /// before RCV.NXT (an old ACK, overtaken by the peer's later data), which it drops silently (PAWSOldAck). A pure
    /// ACK at RCV.NXT with a new acknowledgment, and data, are answered, and so is an old ACK in a passive
    /// SYN-RECEIVED.
    func testAnOldACKThatFailsPAWSIsDroppedWithoutAnAnswer() {
        var c = Conversation(base: 0xFFFF_FFF0, timestamps: true)
        c.handshake()
        let seq = c.client.sendNext
        let acknowledged = c.server.sendNext
        let echo = c.serverLastTSval
        _ = c.server.send(segment([.ack, .psh], seq: acknowledged, ack: c.server.receiveNext, payload: 20))
        c.toServer(segment([.ack, .psh], seq: seq, ack: acknowledged, payload: 10,
                           options: [.timestamps(value: 5000, echoReply: echo)]))
        let old = c.server.receive(segment(.ack, seq: seq, ack: acknowledged + 10,
                                           options: [.timestamps(value: 4990, echoReply: echo)]))
        XCTAssertEqual(old.verdict, .dropped)
        XCTAssertEqual(old.response, .none)
        XCTAssertEqual(c.server.sendUnacknowledged, acknowledged, "the old ACK moves nothing")
        let atNext = c.server.receive(segment(.ack, seq: seq + 10, ack: acknowledged + 10,
                                              options: [.timestamps(value: 4990, echoReply: echo)]))
        XCTAssertEqual(atNext.verdict, .dropped)
        XCTAssertEqual(atNext.response, .ack)
        let data = c.server.receive(segment([.ack, .psh], seq: seq + 10, ack: acknowledged, payload: 5,
                                            options: [.timestamps(value: 4990, echoReply: echo)]))
        XCTAssertEqual(data.verdict, .dropped)
        XCTAssertEqual(data.response, .ack)
        XCTAssertEqual(c.server.receiveNext, seq + 10)
        // A FIN below RCV.NXT is no pure ACK: answered.
        let fin = c.server.receive(segment([.fin, .ack], seq: seq, ack: acknowledged,
                                           options: [.timestamps(value: 4990, echoReply: echo)]))
        XCTAssertEqual(fin.verdict, .dropped)
        XCTAssertEqual(fin.response, .ack)
        // A passive SYN-RECEIVED is Linux's request socket, which answers every PAWS failure (tcp_check_req).
        var server = TCPEndpoint(state: .listen)
        _ = server.receive(segment(.syn, seq: SequenceNumber(1000), options: [.timestamps(value: 100, echoReply: 0)]))
        _ = server.send(segment([.syn, .ack], seq: SequenceNumber(5000), ack: SequenceNumber(1001),
                                options: [.timestamps(value: 900, echoReply: 100)]))
        let early = server.receive(segment(.ack, seq: SequenceNumber(1000), ack: SequenceNumber(5001),
                                           options: [.timestamps(value: 50, echoReply: 900)]))
        XCTAssertEqual(early.verdict, .dropped)
        XCTAssertEqual(early.response, .ack)
        XCTAssertEqual(server.state, .synReceived)
    }

    func testAZeroWindowWithAnOlderTSvalIsNoRetraction() {
        for olderBy: UInt32 in [1, 0] {
            var c = Conversation(base: 0xFFFF_FFF0, timestamps: true)
            c.handshake()
            c.toClient(c.fromServer([.ack, .psh], payload: 10))
            let echo = c.serverLastTSval
            let update = c.server.receive(segment(
                .ack, seq: c.client.sendNext, ack: c.client.receiveNext,
                options: [.timestamps(value: 5000, echoReply: echo)]))
            XCTAssertTrue(update.anomalies.isEmpty, "\(update.anomalies)")
            XCTAssertEqual(c.server.timestampRecent, 5000)
            let zero = c.server.receive(segment(
                .ack, seq: c.client.sendNext, ack: c.client.receiveNext, window: 0,
                options: [.timestamps(value: 5000 - olderBy, echoReply: echo)]))
            XCTAssertEqual(zero.verdict, .accepted)
            XCTAssertEqual(zero.anomalies, olderBy == 1 ? [] : [.windowRetraction], "older by \(olderBy)")
            XCTAssertEqual(c.server.sendWindow, 0)
        }
    }

    /// The peer's own SYN (its ISN, no ACK) delivered after the segments that synchronized the connection: sent
    /// again from SYN-SENT and overtaken (its TSval no newer than TS.Recent, or no timestamps to tell). Dropped with a
    /// challenge ACK, as Linux answers it, and no violation. A newer TSval, or another ISN, is a SYN in the
    /// connection.
    func testALateCopyOfThePeersSYNIsNoViolation() {
        for timestamps in [true, false] {
            var c = Conversation(base: 0xFFFF_FFF0, timestamps: timestamps)
            c.handshake()
            c.toServer(c.fromClient([.ack, .psh], payload: 10))
            c.toClient(c.fromServer(.ack))
            func syn(seq: SequenceNumber, tsval: UInt32) -> TCPSegmentSummary {
                segment(.syn, seq: seq, options: [.maximumSegmentSize(1460)]
                    + (timestamps ? [.timestamps(value: tsval, echoReply: 0)] : []))
            }
            let late = c.server.receive(syn(seq: c.clientISN, tsval: 1))
            XCTAssertTrue(late.anomalies.isEmpty, "\(late.anomalies)")
            XCTAssertEqual(late.verdict, .dropped)
            XCTAssertEqual(late.response, .challengeACK)
            XCTAssertEqual(c.server.state, .established)
            let other = c.server.receive(syn(seq: c.clientISN + 5000, tsval: 1))
            XCTAssertEqual(other.anomalies, [.synInConnection])
            if timestamps {
                let newer = c.server.receive(syn(seq: c.clientISN, tsval: c.server.timestampRecent + 100))
                XCTAssertEqual(newer.anomalies, [.synInConnection])
            }
        }
    }

    /// When the capture's unseen bytes are proved never sent (`retractUnseenSent`), the window their acknowledgment
    /// set is anchored back at the retracted SND.UNA: a later acknowledgment of real bytes with the same window moves
    /// the edge right, not 500 bytes left of an edge the peer never offered.
    func testRetractingUnseenBytesAnchorsTheWindowBack() {
        var c = Conversation(base: 0xFFFF_FFF0)
        c.handshake()
        let start = c.server.sendNext
        c.server.sendNext = start + 500
        let claim = c.server.receive(segment(.ack, seq: c.client.sendNext, ack: start + 500))
        XCTAssertTrue(claim.anomalies.isEmpty, "\(claim.anomalies)")
        XCTAssertEqual(c.server.sendWindowUpdateAcknowledgment, start + 500)
        c.server.retractUnseenSent(to: start)
        XCTAssertEqual(c.server.sendUnacknowledged, start)
        XCTAssertEqual(c.server.sendWindowUpdateAcknowledgment, start)
        XCTAssertEqual(c.server.sendWindow, 65535)
        c.toClient(c.fromServer([.ack, .psh], payload: 50))
        let real = c.server.receive(segment(.ack, seq: c.client.sendNext, ack: start + 50))
        XCTAssertTrue(real.anomalies.isEmpty, "\(real.anomalies)")
        XCTAssertEqual(c.server.sendWindowUpdateAcknowledgment, start + 50)
    }

    /// The window rules hold in the closing states that still take windows. FIN-WAIT-1: the client has sent its data
    /// and FIN, and the server acknowledges the data (not the FIN). CLOSE-WAIT: the server has the client's FIN and
    /// sends data, which the client acknowledges. In both, an acknowledgment older than SND.UNA (sent before the
    /// last one, delivered after it) sets no window and is no retraction; a smaller window at SND.WL1 and SND.WL2 is
    /// kept, as Linux keeps it, and is no retraction either; a zero window there is taken, and is one.
    func testTheWindowRulesHoldInFINWait1AndCloseWait() {
        for closeWait in [false, true] {
            var c = Conversation(base: 0xFFFF_FFF0)
            c.handshake()
            let state: TCPState
            let seq: SequenceNumber
            let acknowledged: SequenceNumber
            if closeWait {
                c.toServer(c.fromClient([.fin, .ack]))
                _ = c.server.send(c.fromServer([.ack, .psh], payload: 20))
                state = .closeWait
                seq = c.client.sendNext
                acknowledged = c.server.sendNext
            } else {
                c.toServer(c.fromClient([.ack, .psh], payload: 20))
                _ = c.client.send(c.fromClient([.fin, .ack]))
                state = .finWait1
                seq = c.server.sendNext
                acknowledged = c.client.sendNext - 1
            }
            // The endpoint under test: the one whose peer sends `seq`, in `state`.
            func receive(_ segment: TCPSegmentSummary) -> TCPEndpointResult {
                closeWait ? c.server.receive(segment) : c.client.receive(segment)
            }
            func endpoint() -> TCPEndpoint { closeWait ? c.server : c.client }
            XCTAssertEqual(endpoint().state, state)
            let taken = receive(segment(.ack, seq: seq, ack: acknowledged))
            XCTAssertTrue(taken.anomalies.isEmpty, "\(closeWait): \(taken.anomalies)")
            XCTAssertEqual(endpoint().sendWindow, 65535, "\(closeWait)")
            let old = receive(segment(.ack, seq: seq, ack: acknowledged - 10, window: 5))
            XCTAssertEqual(old.ackAcceptability, .old, "\(closeWait)")
            XCTAssertTrue(old.anomalies.isEmpty, "\(closeWait): \(old.anomalies)")
            XCTAssertEqual(endpoint().sendWindow, 65535, "\(closeWait)")
            XCTAssertEqual(endpoint().sendUnacknowledged, acknowledged, "\(closeWait)")
            let smaller = receive(segment(.ack, seq: seq, ack: acknowledged, window: 65000))
            XCTAssertTrue(smaller.anomalies.isEmpty, "\(closeWait): \(smaller.anomalies)")
            XCTAssertEqual(endpoint().sendWindow, 65535, "\(closeWait)")
            let closed = receive(segment(.ack, seq: seq, ack: acknowledged, window: 0))
            XCTAssertEqual(closed.anomalies, [.windowRetraction], "\(closeWait)")
            XCTAssertEqual(endpoint().sendWindow, 0, "\(closeWait)")
            XCTAssertEqual(endpoint().state, state)
        }
    }

    /// The same point with window scaling (both sides scale by 2^7): the rule compares scaled windows. At SND.WL1 and
    /// SND.WL2, one unit more is a larger window, taken; one unit less is kept (a pure ACK) and, on data, a retraction
    /// of one unit, not rounding; a zero window is taken and is a retraction.
    func testTheSamePointRuleComparesScaledWindows() {
        var c = scaledConversation(clientScale: 7, serverScale: 7, window: 100)
        XCTAssertEqual(c.server.sendWindow, 100 << 7)
        let seq = c.client.sendNext
        let ack = c.client.receiveNext
        let larger = c.server.receive(segment(.ack, seq: seq, ack: ack, window: 101))
        XCTAssertTrue(larger.anomalies.isEmpty, "\(larger.anomalies)")
        XCTAssertEqual(c.server.sendWindow, 101 << 7)
        let smaller = c.server.receive(segment(.ack, seq: seq, ack: ack, window: 100))
        XCTAssertTrue(smaller.anomalies.isEmpty, "\(smaller.anomalies)")
        XCTAssertEqual(c.server.sendWindow, 101 << 7)
        let data = c.server.receive(segment([.ack, .psh], seq: seq, ack: ack, window: 100, payload: 10))
        XCTAssertEqual(data.anomalies, [.windowRetraction])
        XCTAssertEqual(c.server.sendWindow, 101 << 7)
        let same = c.server.receive(segment([.ack, .psh], seq: seq + 10, ack: ack, window: 101, payload: 10))
        XCTAssertTrue(same.anomalies.isEmpty, "\(same.anomalies)")
        let closed = c.server.receive(segment(.ack, seq: seq + 20, ack: ack, window: 0))
        XCTAssertEqual(closed.anomalies, [.windowRetraction])
        XCTAssertEqual(c.server.sendWindow, 0)
    }

    func testAnOldAcknowledgmentDoesNotSetTheWindow() {
        var c = Conversation(base: 0xFFFF_FFF0)
        c.handshake()
        c.toClient(c.fromServer([.ack, .psh], payload: 20))
        let seq = c.client.sendNext
        let acknowledged = c.server.sendNext
        // A data segment of the client's acknowledging all 20 bytes (a retransmission, sent last), then one with a
        // newer SEQ and an acknowledgment 10 bytes older (sent before the retransmission, delivered after it):
        // SEG.ACK < SND.UNA, and RFC 9293 section 3.10.7.4 updates the window only when SND.UNA =< SEG.ACK (Linux's
        // tcp_ack ignores an old acknowledgment too).
        let first = c.server.receive(segment([.ack, .psh], seq: seq, ack: acknowledged, payload: 5))
        XCTAssertTrue(first.anomalies.isEmpty, "\(first.anomalies)")
        XCTAssertEqual(c.server.sendWindow, 65535)
        let old = c.server.receive(segment([.ack, .psh], seq: seq + 5, ack: acknowledged - 10, window: 5, payload: 5))
        XCTAssertEqual(old.ackAcceptability, .old)
        XCTAssertTrue(old.anomalies.isEmpty, "\(old.anomalies)")
        XCTAssertEqual(old.verdict, .accepted)
        XCTAssertEqual(c.server.sendWindow, 65535)
        XCTAssertEqual(c.server.sendUnacknowledged, acknowledged)
        XCTAssertEqual(c.server.receiveNext, seq + 10, "the data is taken")
    }

    func testSegmentWithoutACKInSynchronizedState() {
        for base in Self.bases {
            var c = Conversation(base: base)
            c.handshake()
            let bare = c.server.receive(segment(.psh, seq: c.server.receiveNext, payload: 5))
            XCTAssertEqual(bare.anomalies, [.missingACKFlag])
            XCTAssertEqual(bare.verdict, .dropped)
            XCTAssertEqual(bare.response, .none)
            XCTAssertEqual(c.server.receiveNext, c.clientISN + 1, "the data is not taken")
            let acked = c.server.receive(segment([.psh, .ack], seq: c.server.receiveNext, ack: c.server.sendNext,
                                                 payload: 5))
            XCTAssertTrue(acked.anomalies.isEmpty)
            XCTAssertEqual(c.server.receiveNext, c.clientISN + 6)
        }
    }

    /// A handshake with window scaling, one byte of the server's, and the client's acknowledgment of it offering
    /// `window` (in units of the client's scale).
    private func scaledConversation(clientScale: UInt8, serverScale: UInt8, window: UInt16) -> Conversation {
        var c = Conversation(base: 0xFFFF_FFF0)
        c.handshake(clientScale: clientScale, serverScale: serverScale)
        c.toClient(c.fromServer([.ack, .psh], payload: 1))
        c.toServer(c.fromClient(.ack, window: window))
        return c
    }

    func testWindowRetractionBelowScaleGranularityIsRounding() {
        var c = scaledConversation(clientScale: 6, serverScale: 7, window: 4096)
        XCTAssertEqual(c.server.sendWindow, 4096 << 6)
        // 39 bytes arrive and the window drops by one unit of 64: the edge moves left by 25 bytes, under 2^6.
        c.toClient(c.fromServer([.ack, .psh], payload: 39))
        let rounded = c.toServer(c.fromClient(.ack, window: 4095))
        XCTAssertTrue(rounded.anomalies.isEmpty, "\(rounded.anomalies)")
        // Two units less is a real retraction.
        c.toClient(c.fromServer([.ack, .psh], payload: 1))
        let real = c.toServer(c.fromClient(.ack, window: 4092))
        XCTAssertEqual(real.anomalies, [.windowRetraction])
    }

    // MARK: Sequence test

    func testOutOfWindowDataAndFIN() {
        for base in Self.bases {
            var c = Conversation(base: base)
            c.handshake()
            let next = c.server.receiveNext
            let far = c.server.receive(segment([.ack, .psh], seq: next + 100_000, ack: c.server.sendNext, payload: 10))
            XCTAssertEqual(far.anomalies, [.outOfWindow])
            XCTAssertEqual(far.response, .ack)
            let fin = c.server.receive(segment([.fin, .ack], seq: next + 100_000, ack: c.server.sendNext))
            XCTAssertEqual(fin.anomalies, [.finOutOfWindow])
            XCTAssertEqual(fin.state, .established)
            // An old retransmission is acknowledged, not flagged.
            c.toServer(c.fromClient([.ack, .psh], payload: 100))
            let old = c.server.receive(segment([.ack, .psh], seq: next, ack: c.server.sendNext, payload: 100))
            XCTAssertTrue(old.anomalies.isEmpty)
            XCTAssertEqual(old.response, .ack)
            XCTAssertEqual(old.verdict, .dropped)
            // A keep-alive (SEG.SEQ = RCV.NXT - 1) gets an ACK.
            let keepAlive = c.server.receive(segment(.ack, seq: c.server.receiveNext - 1, ack: c.server.sendNext))
            XCTAssertEqual(keepAlive.response, .ack)
            XCTAssertTrue(keepAlive.anomalies.isEmpty)
            // Out of order but in the window: accepted, RCV.NXT waits.
            let ahead = c.server.receive(
                segment([.ack, .psh], seq: c.server.receiveNext + 50, ack: c.server.sendNext, payload: 10))
            XCTAssertEqual(ahead.verdict, .accepted)
            XCTAssertEqual(c.server.receiveNext, next + 100)
        }
    }

    func testZeroWindowControlOnly() {
        for base in Self.bases {
            var c = Conversation(base: base)
            c.handshake()
            let next = c.server.receiveNext
            c.toClient(c.fromServer([.ack, .psh], payload: 20, window: 0))
            XCTAssertEqual(c.server.receiveWindow, 0)
            let probe = c.server.receive(segment(.ack, seq: next, ack: c.client.receiveNext, payload: 1))
            XCTAssertEqual(probe.acceptability, .controlOnly)
            XCTAssertEqual(probe.ackAcceptability, .advances, "the ACK is processed at a zero window")
            XCTAssertEqual(probe.response, .ack)
            XCTAssertEqual(c.server.receiveNext, next, "the byte is not taken")
            XCTAssertEqual(c.server.sendUnacknowledged, c.server.sendNext)
        }
    }

    // MARK: PAWS (RFC 7323)

    func testPAWS() {
        for base in Self.bases {
            var c = Conversation(base: base, timestamps: true)
            c.handshake()
            XCTAssertTrue(c.server.timestampsEnabled)
            let data = c.fromClient([.ack, .psh], payload: 10)
            XCTAssertEqual(c.toServer(data).verdict, .accepted)
            XCTAssertEqual(c.server.timestampRecent, data.timestampValue)
            // An older TSval: PAWS drops it and acknowledges.
            let old = segment([.ack, .psh], seq: c.client.sendNext, ack: c.client.receiveNext, payload: 10,
                              options: [.timestamps(value: data.timestampValue! &- 5, echoReply: 0)])
            let paws = c.server.receive(old)
            XCTAssertEqual(paws.anomalies, [.pawsFailure])
            XCTAssertEqual(paws.response, .ack)
            XCTAssertEqual(paws.verdict, .dropped)
            // The same TSval passes (>=).
            let same = segment(.ack, seq: c.client.sendNext, ack: c.client.receiveNext,
                               options: [.timestamps(value: data.timestampValue!, echoReply: 0)])
            XCTAssertTrue(c.server.receive(same).anomalies.isEmpty)
            // No timestamp at all on a non-RST: RFC 7323 would drop it; Linux takes it (data and all), and so does
            // the model, flagging the sender's missing option.
            let recentBefore = c.server.timestampRecent
            let bare = segment([.ack, .psh], seq: c.client.sendNext, ack: c.client.receiveNext, payload: 10)
            let none = c.server.receive(bare)
            XCTAssertEqual(none.anomalies, [.missingTimestamp])
            XCTAssertEqual(none.verdict, .accepted)
            XCTAssertEqual(none.response, .ack)
            XCTAssertEqual(c.server.receiveNext, bare.sequenceNumber + 10)
            XCTAssertEqual(c.server.timestampRecent, recentBefore)
            // RST is exempt from PAWS and from the timestamp requirement.
            let rst = c.server.receive(segment(.rst, seq: c.server.receiveNext,
                                               options: [.timestamps(value: 1, echoReply: 0)]))
            XCTAssertEqual(rst.verdict, .connectionReset)
        }
    }

    func testTSRecentUpdateRule() {
        var c = Conversation(base: 0xFFFF_FFF0, timestamps: true)
        c.handshake()
        let recent = c.server.timestampRecent
        // In the window but beyond Last.ACK.sent: accepted, TS.Recent not updated (RFC 7323 section 4.3).
        let ahead = segment([.ack, .psh], seq: c.server.receiveNext + 100, ack: c.server.sendNext, payload: 10,
                            options: [.timestamps(value: recent &+ 50, echoReply: 0)])
        XCTAssertEqual(c.server.receive(ahead).verdict, .accepted)
        XCTAssertEqual(c.server.timestampRecent, recent)
        // At Last.ACK.sent: updated.
        let inOrder = segment([.ack, .psh], seq: c.server.receiveNext, ack: c.server.sendNext, payload: 10,
                              options: [.timestamps(value: recent &+ 60, echoReply: 0)])
        _ = c.server.receive(inOrder)
        XCTAssertEqual(c.server.timestampRecent, recent &+ 60)
        // TSvals wrap too: 0xFFFFFFF0 -> 0x10 is newer.
        var w = Conversation(base: 1000, timestamps: true)
        w.clock = 0xFFFF_FFF0
        w.handshake()
        let wrapped = segment(.ack, seq: w.client.sendNext, ack: w.client.receiveNext,
                              options: [.timestamps(value: 0x10, echoReply: 0)])
        XCTAssertTrue(w.server.receive(wrapped).anomalies.isEmpty)
        XCTAssertEqual(w.server.timestampRecent, 0x10)
    }

    // MARK: Closing

    func testActiveCloseEveryStep() {
        for base in Self.bases {
            var c = Conversation(base: base)
            c.handshake()
            let close = c.client.handle(.close)
            XCTAssertEqual(close.state, .finWait1)  // ESTABLISHED -> FIN-WAIT-1
            XCTAssertEqual(close.response, .fin)
            let fin = segment([.fin, .ack], seq: c.client.sendNext - 1, ack: c.client.receiveNext)
            let atServer = c.toServer(fin)
            XCTAssertEqual(atServer.state, .closeWait)  // ESTABLISHED -> CLOSE-WAIT
            XCTAssertEqual(atServer.response, .ack)
            XCTAssertEqual(c.server.receiveNext, c.clientISN + 2)
            let ackOfFIN = c.toClient(c.fromServer(.ack))
            XCTAssertEqual(ackOfFIN.state, .finWait2)  // FIN-WAIT-1 -> FIN-WAIT-2
            let serverClose = c.server.handle(.close)
            XCTAssertEqual(serverClose.state, .lastAck)  // CLOSE-WAIT -> LAST-ACK
            XCTAssertEqual(serverClose.response, .fin)
            let serverFIN = segment([.fin, .ack], seq: c.server.sendNext - 1, ack: c.server.receiveNext)
            let atClient = c.toClient(serverFIN)
            XCTAssertEqual(atClient.state, .timeWait)  // FIN-WAIT-2 -> TIME-WAIT
            XCTAssertEqual(atClient.response, .ack)
            let last = c.toServer(c.fromClient(.ack))
            XCTAssertEqual(last.state, .closed)  // LAST-ACK -> CLOSED
            // A retransmitted FIN in TIME-WAIT is acknowledged again.
            let again = c.client.receive(serverFIN)
            XCTAssertEqual(again.response, .ack)
            XCTAssertEqual(again.state, .timeWait)
            XCTAssertTrue(again.anomalies.isEmpty)
            // Data in TIME-WAIT: the text is ignored, and Linux acknowledges it (tcp_timewait_state_process).
            let late = c.client.receive(segment(
                [.ack, .psh], seq: c.client.receiveNext, ack: c.client.sendNext, payload: 10))
            XCTAssertEqual(late.anomalies, [.dataAfterClose])
            XCTAssertEqual(late.response, .ack)
            XCTAssertEqual(late.state, .timeWait)
            XCTAssertEqual(c.client.receiveNext, serverFIN.sequenceNumber + 1)
            // What else TIME-WAIT answers, as Linux's tcp_timewait_state_process: nothing to a RST in the window
            // (no challenge ACK) nor to a bare ACK at RCV.NXT, whatever it acknowledges; an ACK to a segment
            // elsewhere in the window and to data without ACK.
            let next = c.client.receiveNext
            let quiet = [
                segment(.rst, seq: next + 100),
                segment(.ack, seq: next, ack: c.client.sendNext),
                segment(.ack, seq: next, ack: c.client.sendNext + 1000),
            ]
            for probe in quiet {
                let result = c.client.receive(probe)
                XCTAssertEqual(result.response, .none, "\(probe.flags)")
                XCTAssertEqual(result.state, .timeWait, "\(probe.flags)")
            }
            XCTAssertEqual(c.client.receive(segment(.ack, seq: next + 100, ack: c.client.sendNext)).response, .ack)
            XCTAssertEqual(c.client.receive(segment(.psh, seq: next, payload: 10)).response, .ack)
            XCTAssertEqual(c.client.state, .timeWait)
            XCTAssertEqual(c.client.timeWaitTimeout().state, .closed)  // TIME-WAIT -> CLOSED
            XCTAssertEqual(c.server.timeWaitTimeout().state, .closed)
        }
    }

    func testFINWait1ToTimeWaitOnFINACK() {
        for base in Self.bases {
            var c = Conversation(base: base)
            c.handshake()
            _ = c.client.handle(.close)
            c.toServer(segment([.fin, .ack], seq: c.client.sendNext - 1, ack: c.client.receiveNext))
            _ = c.server.handle(.close)
            // The server's FIN acknowledges the client's FIN in the same segment.
            let both = c.toClient(segment([.fin, .ack], seq: c.server.sendNext - 1, ack: c.server.receiveNext))
            XCTAssertEqual(both.previousState, .finWait1)
            XCTAssertEqual(both.state, .timeWait)
        }
    }

    /// Linux ignores a FIN on a SYN-ACK in SYN-SENT; the handshake completes and the FIN must come again.
    func testFINOnASynAckIsNotTaken() {
        var client = TCPEndpoint()
        _ = client.handle(.activeOpen(initialSequenceNumber: SequenceNumber(0xFFFF_FFF0)))
        let result = client.receive(TCPSegmentSummary(
            sequenceNumber: SequenceNumber(7), acknowledgmentNumber: SequenceNumber(0xFFFF_FFF1),
            flags: [.syn, .ack, .fin], window: 65535))
        XCTAssertEqual(result.state, .established)
        XCTAssertEqual(client.receiveNext, SequenceNumber(8), "the FIN took no sequence number")
        let again = client.receive(TCPSegmentSummary(
            sequenceNumber: SequenceNumber(8), acknowledgmentNumber: SequenceNumber(0xFFFF_FFF1),
            flags: [.fin, .ack], window: 65535))
        XCTAssertEqual(again.state, .closeWait)
        XCTAssertTrue(again.anomalies.isEmpty)
    }

    func testSimultaneousClose() {
        for base in Self.bases {
            var c = Conversation(base: base)
            c.handshake()
            _ = c.client.handle(.close)
            _ = c.server.handle(.close)
            let clientFIN = segment([.fin, .ack], seq: c.client.sendNext - 1, ack: c.client.receiveNext)
            let serverFIN = segment([.fin, .ack], seq: c.server.sendNext - 1, ack: c.server.receiveNext)
            _ = c.client.send(clientFIN)
            _ = c.server.send(serverFIN)
            let atServer = c.server.receive(clientFIN)
            XCTAssertEqual(atServer.state, .closing)  // FIN-WAIT-1 -> CLOSING
            let atClient = c.client.receive(serverFIN)
            XCTAssertEqual(atClient.state, .closing)
            // Each acknowledges the other's FIN.
            let ackToServer = segment(.ack, seq: c.client.sendNext, ack: c.client.receiveNext)
            let ackToClient = segment(.ack, seq: c.server.sendNext, ack: c.server.receiveNext)
            XCTAssertEqual(c.server.receive(ackToServer).state, .timeWait)  // CLOSING -> TIME-WAIT
            XCTAssertEqual(c.client.receive(ackToClient).state, .timeWait)
        }
    }

    func testHalfClose() {
        for base in Self.bases {
            var c = Conversation(base: base)
            c.handshake()
            c.toServer(c.fromClient([.ack, .psh], payload: 30))
            c.toServer(c.fromClient([.fin, .ack]))
            XCTAssertEqual(c.server.state, .closeWait)
            XCTAssertEqual(c.toClient(c.fromServer(.ack)).state, .finWait2)
            // Data still flows from the server in CLOSE-WAIT.
            for _ in 0..<3 {
                let data = c.toClient(c.fromServer([.ack, .psh], payload: 1448))
                XCTAssertEqual(data.verdict, .accepted)
                XCTAssertEqual(data.state, .finWait2)
                XCTAssertTrue(data.anomalies.isEmpty)
                XCTAssertEqual(c.toServer(c.fromClient(.ack)).state, .closeWait)
            }
            XCTAssertEqual(c.toClient(c.fromServer([.fin, .ack, .psh], payload: 22)).state, .timeWait)
            XCTAssertEqual(c.toServer(c.fromClient(.ack)).state, .closed)
        }
    }

    func testDataAfterClose() {
        for base in Self.bases {
            var c = Conversation(base: base)
            c.handshake()
            c.toServer(c.fromClient([.fin, .ack]))
            // New data beyond the client's FIN.
            let late = c.server.receive(segment([.ack, .psh], seq: c.server.receiveNext, ack: c.server.sendNext,
                                                payload: 5))
            XCTAssertEqual(late.anomalies, [.dataAfterClose])
            // The sender's own view.
            XCTAssertEqual(c.client.send(segment([.ack, .psh], seq: c.client.sendNext, ack: c.client.receiveNext,
                                                 payload: 5)).anomalies, [.dataAfterClose])
        }
    }

    func testCloseFromSynReceivedAndAbort() {
        var c = Conversation(base: 0xFFFF_FFFF)
        c.toServer(segment(.syn, seq: c.clientISN))
        _ = c.server.send(segment([.syn, .ack], seq: c.serverISN, ack: c.clientISN + 1))
        let close = c.server.handle(.close)
        XCTAssertEqual(close.state, .finWait1)  // SYN-RECEIVED -> FIN-WAIT-1
        XCTAssertEqual(close.response, .fin)
        // Abort from synchronized states sends a RST at SND.NXT.
        var d = Conversation(base: 1000)
        d.handshake()
        let abort = d.client.handle(.abort)
        XCTAssertEqual(abort.state, .closed)
        XCTAssertEqual(abort.response, .reset(sequenceNumber: d.client.sendNext))
        var listen = TCPEndpoint(state: .listen)
        XCTAssertEqual(listen.handle(.abort).response, .none)
        // Close where it does nothing.
        var closed = TCPEndpoint()
        XCTAssertEqual(closed.handle(.close).state, .closed)
    }

    func testSegmentAfterClose() {
        var c = Conversation(base: 1000)
        c.handshake()
        _ = c.client.handle(.abort)
        let late = c.client.receive(c.fromServer([.ack, .psh], payload: 3))
        XCTAssertEqual(late.anomalies, [.segmentAfterClose])
        XCTAssertEqual(late.response, .reset(sequenceNumber: c.server.receiveNext))
    }

    // MARK: TIME-WAIT reuse (RFC 6191)

    func testTimeWaitReopenedOnlyByHigherISN() {
        for base in Self.bases {
            var c = Conversation(base: base)
            c.handshake()
            // The server closes first, so it is the one in TIME-WAIT.
            c.toClient(c.fromServer([.fin, .ack]))
            c.toServer(c.fromClient([.fin, .ack]))
            c.toClient(c.fromServer(.ack))
            XCTAssertEqual(c.server.state, .timeWait)
            let next = c.server.receiveNext
            let lower = c.server.receive(segment(.syn, seq: next - 10))
            XCTAssertEqual(lower.anomalies, [.reuseWithoutHigherISN])
            XCTAssertEqual(lower.state, .timeWait)
            XCTAssertEqual(lower.response, .ack)
            let equal = c.server.receive(segment(.syn, seq: next))
            XCTAssertEqual(equal.anomalies, [.reuseWithoutHigherISN])
            let higher = c.server.receive(segment(.syn, seq: next + 1000))
            XCTAssertEqual(higher.state, .synReceived)
            XCTAssertEqual(higher.response, .synAck)
            XCTAssertTrue(higher.anomalies.isEmpty)
            XCTAssertEqual(c.server.initialReceiveSequence, next + 1000)
        }
    }

    func testTimeWaitReopenedByNewerTimestamp() {
        var c = Conversation(base: 0xFFFF_FFF0, timestamps: true)
        c.handshake()
        c.toClient(c.fromServer([.fin, .ack]))
        c.toServer(c.fromClient([.fin, .ack]))
        c.toClient(c.fromServer(.ack))
        XCTAssertEqual(c.server.state, .timeWait)
        let recent = c.server.timestampRecent
        // A lower ISN but a newer timestamp reopens.
        let older = c.server.receive(segment(.syn, seq: c.server.receiveNext + 5,
                                             options: [.timestamps(value: recent &- 1, echoReply: 0)]))
        XCTAssertEqual(older.anomalies, [.reuseWithoutHigherISN], "higher ISN but older timestamp")
        let newer = c.server.receive(segment(.syn, seq: c.server.receiveNext - 5000,
                                             options: [.timestamps(value: recent &+ 1, echoReply: 0)]))
        XCTAssertEqual(newer.state, .synReceived)
        XCTAssertTrue(newer.anomalies.isEmpty)
    }

    func testActiveOpenFromTimeWait() {
        var c = Conversation(base: 1000)
        c.handshake()
        c.toServer(c.fromClient([.fin, .ack]))
        c.toClient(c.fromServer([.fin, .ack]))
        XCTAssertEqual(c.client.state, .timeWait)
        let reopen = c.client.send(segment(.syn, seq: c.clientISN + 100_000))
        XCTAssertEqual(reopen.state, .synSent)
        XCTAssertEqual(c.client.initialSendSequence, c.clientISN + 100_000)
    }

    func testEveryStateHasAName() {
        XCTAssertEqual(TCPState.allCases.count, 11)
        XCTAssertEqual(TCPState.allCases.map(\.description), [
            "CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT",
            "CLOSING", "LAST-ACK", "TIME-WAIT",
        ])
        XCTAssertFalse(TCPState.synSent.isSynchronized)
        XCTAssertTrue(TCPState.synReceived.isSynchronized)
    }
}
