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
