import TCPCodec
import XCTest

@testable import TCPValidation

/// Forged segments that once moved the observer's models although the real receiver drops them (found in review).
final class EvasionRegressionTests: XCTestCase {
    /// Out-of-order data marks the capture as lossy; a RST after it, past the sender's last captured byte, is not
    /// called a violation, but does not reset the connection either.
    func testARSTAfterAForgedGapResetsNothing() {
        for fromClient in [true, false] {
            var wire = ObserverWire(clientISN: 0xFFFF_FF00, serverISN: 9)
            wire.handshake()
            let next = fromClient ? wire.clientNext : wire.serverNext
            let ack = fromClient ? wire.clientAck : wire.serverAck
            let gap = wire.raw(fromClient: fromClient, [.ack, .psh], seq: next + 100, ack: ack, payload: 10)
            XCTAssertEqual(gap.anomalies, [.previousSegmentNotCaptured])
            let rst = wire.raw(fromClient: fromClient, .rst, seq: next + 200, ack: SequenceNumber(0))
            XCTAssertFalse(rst.anomalies.contains { $0.severity == .violation }, "\(rst.anomalies)")
            XCTAssertNotEqual(rst.verdict, .connectionReset)
            XCTAssertEqual(wire.record!.clientState, .established)
            XCTAssertEqual(wire.record!.serverState, .established)
            XCTAssertNil(wire.record!.milestones.reset)
        }
    }

    /// A capture of one direction only (the client's), with a gap in the client's data: a RST at the end of the
    /// data after the gap may be exact, as the receiver may have taken the missed bytes (or sent a SACK block that
    /// ends there, which Linux takes a RST at), and none of its segments were captured to say. Not a violation;
    /// it resets nothing either. With the receiver's acknowledgment of the bytes before the gap captured (no SACK),
    /// the same RST is not exact.
    func testARSTInsideDataPastAGapIsNotAViolationWhenTheReceiverWasNeverCaptured() {
        var wire = ObserverWire(clientISN: 1000, serverISN: 0xFFFF_FFF0)
        let serverISN = SequenceNumber(0xFFFF_FFF0)
        let syn = wire.raw(fromClient: true, .syn, seq: SequenceNumber(1000), ack: SequenceNumber(0))
        XCTAssertTrue(syn.traits.contains(.newFlow))
        // The server's SYN-ACK is not captured; the client's third ACK infers it.
        _ = wire.raw(fromClient: true, .ack, seq: SequenceNumber(1001), ack: serverISN + 1)
        XCTAssertEqual(wire.record?.serverState, .established)
        let data = wire.raw(fromClient: true, [.ack, .psh], seq: SequenceNumber(1001), ack: serverISN + 1, payload: 10)
        XCTAssertEqual(data.verdict, .accepted)
        let gap = wire.raw(fromClient: true, [.ack, .psh], seq: SequenceNumber(1111), ack: serverISN + 1, payload: 10)
        XCTAssertEqual(gap.anomalies, [.previousSegmentNotCaptured])
        let rst = wire.raw(fromClient: true, .rst, seq: SequenceNumber(1121), ack: SequenceNumber(0))
        XCTAssertFalse(rst.anomalies.contains { $0.severity == .violation }, "\(rst.anomalies)")
        XCTAssertNotEqual(rst.verdict, .connectionReset)
        XCTAssertEqual(wire.record?.serverState, .established)

        // Both directions captured: the server acknowledged up to the gap, with no SACK block.
        var seen = ObserverWire(clientISN: 1000, serverISN: 0xFFFF_FFF0)
        seen.handshake()
        let next = seen.clientNext
        _ = seen.raw(fromClient: true, [.ack, .psh], seq: next, ack: seen.clientAck, payload: 10)
        _ = seen.raw(fromClient: false, .ack, seq: seen.serverNext, ack: next + 10)
        let seenGap = seen.raw(fromClient: true, [.ack, .psh], seq: next + 110, ack: seen.clientAck, payload: 10)
        XCTAssertEqual(seenGap.anomalies, [.previousSegmentNotCaptured])
        let seenReset = seen.raw(fromClient: true, .rst, seq: next + 120, ack: SequenceNumber(0))
        XCTAssertTrue(seenReset.anomalies.contains(.rstNotExact), "\(seenReset.anomalies)")
    }

    /// A capture of the client's segments only, in the handshake: a RST away from the client's SND.NXT has the
    /// form of the answer to a SYN-ACK acknowledging something else (`<SEQ=SEG.ACK><CTL=RST>`), which the capture
    /// would not hold. Not a violation, and it resets nothing; with the server's segments captured, and the
    /// SYN-ACK among them acknowledging something else again, the same RST answers nothing the capture holds.
    func testARSTAnsweringAnUncapturedSegmentInTheHandshakeIsNotAViolation() {
        var oneSided = ObserverWire(clientISN: 1000, serverISN: 0xFFFF_FFF0)
        _ = oneSided.raw(fromClient: true, .syn, seq: SequenceNumber(1000), ack: SequenceNumber(0))
        let answer = oneSided.raw(fromClient: true, .rst, seq: SequenceNumber(2001), ack: SequenceNumber(0))
        XCTAssertFalse(answer.anomalies.contains { $0.severity == .violation }, "\(answer.anomalies)")
        XCTAssertNotEqual(answer.verdict, .connectionReset)
        XCTAssertNil(oneSided.record?.milestones.reset)

        var seen = ObserverWire(clientISN: 1000, serverISN: 0xFFFF_FFF0)
        _ = seen.raw(fromClient: true, .syn, seq: SequenceNumber(1000), ack: SequenceNumber(0))
        _ = seen.raw(fromClient: false, [.syn, .ack], seq: SequenceNumber(0xFFFF_FFF0), ack: SequenceNumber(1501))
        let reset = seen.raw(fromClient: true, .rst, seq: SequenceNumber(2001), ack: SequenceNumber(0))
        XCTAssertTrue(reset.anomalies.contains { $0.severity == .violation }, "\(reset.anomalies)")
    }

    /// A connection closed by FINs, then a SYN-ACK acknowledging a SYN the capture did not hold (the client's new
    /// SYN, which reopened the 4-tuple): a new flow, picked up mid-handshake, not a SYN-ACK "resent different" on
    /// the old one. The old connection's own SYN-ACK sent again stays with the old flow.
    func testASYNAckAnsweringAnUncapturedSYNStartsANewFlow() {
        var wire = ObserverWire(clientISN: 1000, serverISN: 0xFFFF_FFF0)
        wire.handshake()
        _ = wire.client([.fin, .ack])
        _ = wire.server([.fin, .ack])
        _ = wire.client(.ack)
        XCTAssertEqual(wire.record?.clientState, .timeWait)
        let oldID = wire.record?.id
        let again = wire.raw(
            fromClient: false, [.syn, .ack], seq: SequenceNumber(0xFFFF_FFF0), ack: SequenceNumber(1001))
        XCTAssertFalse(again.traits.contains(.newFlow))
        XCTAssertEqual(again.flowID, oldID)

        let reopened = wire.raw(
            fromClient: false, [.syn, .ack], seq: SequenceNumber(700_000), ack: SequenceNumber(90_001))
        XCTAssertTrue(reopened.traits.contains(.newFlow))
        XCTAssertTrue(reopened.retiredFlow)
        XCTAssertNotEqual(reopened.flowID, oldID)
        XCTAssertFalse(reopened.anomalies.contains { $0.severity == .violation }, "\(reopened.anomalies)")
        XCTAssertTrue(reopened.anomalies.contains(.midStreamPickup))
        XCTAssertEqual(wire.observer.statistics.flowsReused, 1)
    }

    /// Data carrying an acknowledgment of bytes never sent is taken while the bytes count as not captured; once the
    /// acknowledged side proves them never sent, the data is given back, so the real bytes sent again are taken.
    func testDataTakenOnABogusACKIsGivenBack() {
        for fromClient in [true, false] {
            var wire = ObserverWire(clientISN: 1000, serverISN: 0xFFFF_FFF0)
            wire.handshake()
            let next = fromClient ? wire.clientNext : wire.serverNext
            let ack = fromClient ? wire.clientAck : wire.serverAck
            let forged = wire.raw(
                fromClient: fromClient, [.ack, .psh], seq: next, ack: ack + 500, payload: 100, reference: 5)
            XCTAssertEqual(forged.anomalies, [.ackOfUnseenSegment])
            let peerNext = fromClient ? wire.serverNext : wire.clientNext
            let peerAck = fromClient ? wire.serverAck : wire.clientAck
            let proof = wire.raw(fromClient: !fromClient, .ack, seq: peerNext, ack: peerAck)
            XCTAssertEqual(proof.earlierAnomaly, .ackOfUnsentData)
            XCTAssertEqual(proof.earlierReference, 5)
            let receiver = fromClient ? wire.record!.serverEndpoint : wire.record!.clientEndpoint
            XCTAssertEqual(receiver.receiveNext, next, "the forged segment's data was given back")
            let real = wire.raw(fromClient: fromClient, [.ack, .psh], seq: next, ack: ack, payload: 100)
            XCTAssertEqual(real.verdict, .accepted)
            XCTAssertFalse(real.traits.contains(.dropped))
        }
    }
}
