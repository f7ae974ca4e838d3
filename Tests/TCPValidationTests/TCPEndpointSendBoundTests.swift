import TCPCodec
import TCPValidation
import XCTest

/// The send model against segments the `validator` fuzz target found: one far ahead of SND.UNA does not move
/// SND.NXT, and a FIN that acknowledges the peer's pending FIN closes from CLOSE-WAIT.
final class TCPEndpointSendBoundTests: XCTestCase {
    func testSegmentsBeyondAnyWindowLeaveSendNextAlone() {
        var client = TCPEndpoint()
        var server = TCPEndpoint()
        let iss = SequenceNumber(0x7FFF_FFFF)
        _ = client.handle(.activeOpen(initialSequenceNumber: iss))
        _ = server.handle(.passiveOpen)
        let syn = TCPSegmentSummary(sequenceNumber: iss, flags: [.syn], window: 64240)
        _ = client.send(syn)
        _ = server.receive(syn)
        let synAck = TCPSegmentSummary(
            sequenceNumber: SequenceNumber(0x1000), acknowledgmentNumber: iss + 1, flags: [.syn, .ack], window: 64240)
        _ = server.send(synAck)
        _ = client.receive(synAck)
        XCTAssertEqual(client.state, .established)
        XCTAssertEqual(client.sendNext, iss + 1)

        // Ends 2^31 - 1 and then nearly 2^31 past SND.UNA: serially "after" SND.NXT, but beyond any window.
        for sequence: UInt32 in [0x0000_0000, 0x00FE_FFFF, 0x7FFF_FFFF &+ 0x4000_0002] {
            _ = client.send(TCPSegmentSummary(
                sequenceNumber: SequenceNumber(sequence), acknowledgmentNumber: SequenceNumber(0x1001), flags: [.ack]))
            XCTAssertEqual(client.sendNext, iss + 1, "SND.NXT moved to a segment ending at \(sequence)")
            XCTAssertNotEqual(client.sendUnacknowledged.compare(client.sendNext), .after)
        }
        // A FIN far ahead does not move it either, but one in range does.
        _ = client.send(TCPSegmentSummary(
            sequenceNumber: SequenceNumber(0x00FE_FFFF), acknowledgmentNumber: SequenceNumber(0x1001),
            flags: [.fin, .ack]))
        XCTAssertEqual(client.sendNext, iss + 1)
        var other = client
        _ = other.send(TCPSegmentSummary(
            sequenceNumber: iss + 1, acknowledgmentNumber: SequenceNumber(0x1001), flags: [.ack], payloadLength: 100))
        XCTAssertEqual(other.sendNext, iss + 101)
    }

    /// A SYN whose caller claims a payload beyond any window (an IP length of 3 GB, say) moves SND.NXT past the SYN
    /// only; one whose data fits a window moves it past the data (TCP Fast Open).
    func testSYNClaimingMoreThanAnyWindowMovesSendNextPastTheSYNOnly() {
        let iss = SequenceNumber(0xFFFF_F000)
        // Sent from CLOSED, as an observer's model of a side records the SYN it sees.
        var client = TCPEndpoint()
        _ = client.send(TCPSegmentSummary(
            sequenceNumber: iss, flags: [.syn], window: 64240, payloadLength: 3_000_000_000))
        XCTAssertEqual(client.state, .synSent)
        XCTAssertEqual(client.sendNext, iss + 1)
        XCTAssertNotEqual(client.sendUnacknowledged.compare(client.sendNext), .after)
        var fastOpen = TCPEndpoint()
        _ = fastOpen.send(TCPSegmentSummary(sequenceNumber: iss, flags: [.syn], window: 64240, payloadLength: 1000))
        XCTAssertEqual(fastOpen.sendNext, iss + 1001)
    }

    /// After an active open (which sets the ISS and SND.NXT but puts nothing on the wire the model saw), the SYN
    /// sent with that ISS is the local SYN: its options are recorded and its TCP Fast Open data moves SND.NXT, as
    /// for a SYN sent from CLOSED.
    func testSYNSentAfterActiveOpenIsTheLocalSYN() {
        let iss = SequenceNumber(0xFFFF_FFC0)
        let syn = TCPSegmentSummary(
            sequenceNumber: iss, flags: [.syn], window: 64240, payloadLength: 100, maximumSegmentSize: 1460,
            windowScale: 7, sackPermitted: true, timestampValue: 1000, timestampEchoReply: 0)
        var opened = TCPEndpoint()
        XCTAssertEqual(opened.handle(.activeOpen(initialSequenceNumber: iss)).response, .syn)
        XCTAssertEqual(opened.sendNext, iss + 1)
        XCTAssertEqual(opened.send(syn).state, .synSent)
        var fromClosed = TCPEndpoint()
        _ = fromClosed.send(syn)
        for endpoint in [opened, fromClosed] {
            XCTAssertTrue(endpoint.sawLocalSYN)
            XCTAssertEqual(endpoint.localWindowScale, 7)
            XCTAssertTrue(endpoint.localTimestamps)
            XCTAssertEqual(endpoint.firstSYNTimestamp, 1000)
            XCTAssertEqual(endpoint.sendNext, iss + 101, "the Fast Open data is sent")
            XCTAssertEqual(endpoint.initialSendSequence, iss)
        }
        XCTAssertEqual(opened, fromClosed)

        // The peer's SYN-ACK then agrees window scaling: the client takes the server's windows scaled.
        let synAck = TCPSegmentSummary(
            sequenceNumber: SequenceNumber(5000), acknowledgmentNumber: iss + 101, flags: [.syn, .ack], window: 65535,
            windowScale: 8, timestampValue: 77, timestampEchoReply: 1000)
        XCTAssertEqual(opened.receive(synAck).state, .established)
        XCTAssertEqual(opened.windowScaling, TCPWindowScaling(localShift: 7, peerShift: 8))
        XCTAssertEqual(opened.sendUnacknowledged, iss + 101)
        let window = TCPSegmentSummary(
            sequenceNumber: SequenceNumber(5001), acknowledgmentNumber: iss + 101, flags: [.ack], window: 300,
            timestampValue: 78, timestampEchoReply: 1000)
        _ = opened.receive(window)
        XCTAssertEqual(opened.sendWindow, 300 << 8)
    }

    /// A SYN sent again with the same ISS that carries more data than the SYN before it moves SND.NXT past that
    /// data; one with less (Linux sends a Fast Open SYN again without its data) leaves SND.NXT where it was. Its
    /// options stay the first SYN's.
    func testRepeatedSYNMovesSendNextOnlyForward() {
        let iss = SequenceNumber(0x1000)
        var client = TCPEndpoint()
        _ = client.send(TCPSegmentSummary(
            sequenceNumber: iss, flags: [.syn], window: 64240, windowScale: 7, timestampValue: 1))
        XCTAssertEqual(client.sendNext, iss + 1)
        _ = client.send(TCPSegmentSummary(
            sequenceNumber: iss, flags: [.syn], window: 64240, payloadLength: 50, windowScale: 9, timestampValue: 2))
        XCTAssertEqual(client.sendNext, iss + 51)
        XCTAssertEqual(client.localWindowScale, 7)
        XCTAssertEqual(client.lastSYNTimestamp, 2)
        _ = client.send(TCPSegmentSummary(sequenceNumber: iss, flags: [.syn], window: 64240, timestampValue: 3))
        XCTAssertEqual(client.sendNext, iss + 51)
        XCTAssertEqual(client.state, .synSent)
    }

    /// A simultaneous open whose SYN carried data: the peer (Linux drops data on a SYN it receives in SYN-SENT)
    /// answers with a SYN-ACK of ISS + 1 only, which is acceptable (ISS < SEG.ACK =< SND.NXT) and establishes; the
    /// data is acknowledged later. The same with the data on a SYN sent again, and without any active open.
    func testSimultaneousOpenWhoseSYNCarriedData() {
        let iss = SequenceNumber(0xFFFF_FFF0)
        let peerISS = SequenceNumber(0x2000)
        let peerSYN = TCPSegmentSummary(sequenceNumber: peerISS, flags: [.syn], window: 64240)
        let peerSynAck = TCPSegmentSummary(
            sequenceNumber: peerISS, acknowledgmentNumber: iss + 1, flags: [.syn, .ack], window: 64240)
        var opened = TCPEndpoint()
        _ = opened.handle(.activeOpen(initialSequenceNumber: iss))
        _ = opened.send(TCPSegmentSummary(sequenceNumber: iss, flags: [.syn], window: 64240, payloadLength: 100))
        var resent = TCPEndpoint()
        _ = resent.send(TCPSegmentSummary(sequenceNumber: iss, flags: [.syn], window: 64240))
        var fromClosed = TCPEndpoint()
        _ = fromClosed.send(TCPSegmentSummary(sequenceNumber: iss, flags: [.syn], window: 64240, payloadLength: 100))
        for (name, endpoint) in [("after an active open", opened), ("resent", resent), ("from CLOSED", fromClosed)] {
            var endpoint = endpoint
            XCTAssertEqual(endpoint.receive(peerSYN).state, .synReceived, name)
            if name == "resent" {
                _ = endpoint.send(TCPSegmentSummary(
                    sequenceNumber: iss, flags: [.syn], window: 64240, payloadLength: 50))
            }
            let sent = endpoint.sendNext
            XCTAssertTrue(sent.isAfter(iss + 1), name)
            let result = endpoint.receive(peerSynAck)
            XCTAssertEqual(result.state, .established, "\(name): \(result)")
            XCTAssertTrue(result.anomalies.isEmpty, "\(name): \(result.anomalies)")
            XCTAssertEqual(endpoint.sendUnacknowledged, iss + 1, name)
            XCTAssertEqual(endpoint.sendNext, sent, name)
            // The data, sent again, is acknowledged.
            let ackOfData = TCPSegmentSummary(
                sequenceNumber: peerISS + 1, acknowledgmentNumber: sent, flags: [.ack], window: 64240)
            let acknowledged = endpoint.receive(ackOfData)
            XCTAssertTrue(acknowledged.anomalies.isEmpty, "\(name): \(acknowledged.anomalies)")
            XCTAssertEqual(endpoint.sendUnacknowledged, sent, name)
        }
        // A SYN-ACK acknowledging beyond SND.NXT is still no simultaneous open's.
        var beyond = TCPEndpoint()
        _ = beyond.send(TCPSegmentSummary(sequenceNumber: iss, flags: [.syn], window: 64240))
        _ = beyond.receive(peerSYN)
        let wrong = TCPSegmentSummary(
            sequenceNumber: peerISS, acknowledgmentNumber: iss + 2, flags: [.syn, .ack], window: 64240)
        XCTAssertEqual(beyond.receive(wrong).state, .synReceived)
    }

    /// After an active open, the peer's SYN arrives first: the SYN-ACK this endpoint then sends with its ISS is its
    /// local SYN (its window scale agreed with the peer's, RFC 7323 section 2.2).
    func testSynAckAfterActiveOpenIsTheLocalSYN() {
        let iss = SequenceNumber(0x1000)
        let peerISS = SequenceNumber(0x9000)
        var endpoint = TCPEndpoint()
        _ = endpoint.handle(.activeOpen(initialSequenceNumber: iss))
        XCTAssertEqual(endpoint.receive(TCPSegmentSummary(
            sequenceNumber: peerISS, flags: [.syn], window: 64240, windowScale: 9, timestampValue: 5)).state,
            .synReceived)
        _ = endpoint.send(TCPSegmentSummary(
            sequenceNumber: iss, acknowledgmentNumber: peerISS + 1, flags: [.syn, .ack], window: 65535,
            windowScale: 7, timestampValue: 70, timestampEchoReply: 5))
        XCTAssertTrue(endpoint.sawLocalSYN)
        XCTAssertEqual(endpoint.localWindowScale, 7)
        XCTAssertEqual(endpoint.windowScaling, TCPWindowScaling(localShift: 7, peerShift: 9))
        XCTAssertTrue(endpoint.timestampsEnabled)
    }

    /// After an active open, a first SYN with another ISN sets the ISS: nothing was sent again, so no anomaly. A SYN
    /// claiming more than any window moves SND.NXT past the SYN only, as from CLOSED.
    func testFirstSYNAfterActiveOpenSetsTheISS() {
        var endpoint = TCPEndpoint()
        _ = endpoint.handle(.activeOpen(initialSequenceNumber: SequenceNumber(100)))
        let result = endpoint.send(TCPSegmentSummary(
            sequenceNumber: SequenceNumber(5000), flags: [.syn], window: 64240, windowScale: 7))
        XCTAssertTrue(result.anomalies.isEmpty, "\(result.anomalies)")
        XCTAssertEqual(endpoint.initialSendSequence, SequenceNumber(5000))
        XCTAssertEqual(endpoint.sendNext, SequenceNumber(5001))
        XCTAssertEqual(endpoint.localWindowScale, 7)
        // Then a SYN with yet another ISN is one sent again differently.
        XCTAssertTrue(endpoint.send(TCPSegmentSummary(sequenceNumber: SequenceNumber(9000), flags: [.syn]))
            .anomalies.contains(.synResentWithDifferentISN))

        var huge = TCPEndpoint()
        let iss = SequenceNumber(0x10)
        _ = huge.handle(.activeOpen(initialSequenceNumber: iss))
        _ = huge.send(TCPSegmentSummary(
            sequenceNumber: iss, flags: [.syn], window: 64240, payloadLength: 3_000_000_000))
        XCTAssertEqual(huge.sendNext, iss + 1)
        XCTAssertTrue(huge.sawLocalSYN)
    }

    /// Linux's Fast Open fallback: the SYN with data, sent again without it after a timeout, and a SYN-ACK that
    /// acknowledges the SYN only: ESTABLISHED, and the data, sent again, is then acknowledged without an anomaly.
    func testFastOpenFallbackAcknowledgesTheSYNOnly() {
        let iss = SequenceNumber(0x8000_0000)
        var client = TCPEndpoint()
        _ = client.handle(.activeOpen(initialSequenceNumber: iss))
        _ = client.send(TCPSegmentSummary(sequenceNumber: iss, flags: [.syn], window: 64240, payloadLength: 38))
        _ = client.send(TCPSegmentSummary(sequenceNumber: iss, flags: [.syn], window: 64240))
        XCTAssertEqual(client.sendNext, iss + 39)
        let synAck = TCPSegmentSummary(
            sequenceNumber: SequenceNumber(77), acknowledgmentNumber: iss + 1, flags: [.syn, .ack], window: 65535)
        XCTAssertEqual(client.receive(synAck).state, .established)
        let ack = client.receive(TCPSegmentSummary(
            sequenceNumber: SequenceNumber(78), acknowledgmentNumber: iss + 39, flags: [.ack], window: 65535))
        XCTAssertTrue(ack.anomalies.isEmpty, "\(ack.anomalies)")
        XCTAssertEqual(client.sendUnacknowledged, iss + 39)
    }

    func testFINAcknowledgingThePeersPendingFINGoesThroughCloseWait() {
        for base in TCPEndpointTests.bases {
            var c = Conversation(base: base)
            c.handshake()
            // The client's 100 bytes never reach the server's model; its FIN after them does, and waits.
            let next = c.server.receiveNext
            let data = c.fromClient([.ack, .psh], payload: 100)
            _ = c.client.send(data)
            let fin = c.fromClient([.fin, .ack])
            XCTAssertEqual(fin.sequenceNumber, next + 100)
            _ = c.client.send(fin)
            let held = c.server.receive(fin)
            XCTAssertEqual(held.state, .established)
            XCTAssertEqual(c.server.pendingFINSequence, next + 100)
            // The server's FIN acknowledges all of it, the FIN included: it was sent after that FIN arrived, so the
            // server went to CLOSE-WAIT first and its FIN takes it to LAST-ACK (RFC 9293 section 3.6), not to
            // CLOSING or TIME-WAIT as if the two FINs had crossed.
            let reply = segment([.fin, .ack], seq: c.server.sendNext, ack: next + 101)
            let result = c.server.send(reply)
            XCTAssertEqual(result.previousState, .established, "base \(base)")
            XCTAssertEqual(result.state, .lastAck, "base \(base)")
            XCTAssertEqual(c.server.receiveNext, next + 101)
            XCTAssertNil(c.server.pendingFINSequence)
            // The client's acknowledgment of that FIN closes the server.
            XCTAssertEqual(c.client.receive(reply).state, .timeWait)
            XCTAssertEqual(c.server.receive(c.fromClient(.ack)).state, .closed, "base \(base)")
        }
    }
}
