import TCPCodec
import XCTest

@testable import TCPValidation

/// Checksums as the observer judges them: a wrong one from a side whose checksums were right is a corrupt or
/// forged segment that its receiver drops; a side whose checksums are all wrong is checksum offload on the capturing
/// host.
final class ChecksumJudgmentTests: XCTestCase {
    func testAWrongChecksumAfterRightOnesIsDroppedAndMovesNothing() {
        for fromClient in [true, false] {
            var wire = ObserverWire(clientISN: 0xFFFF_FFF0, serverISN: 77)
            wire.handshake()
            let next = fromClient ? wire.clientNext : wire.serverNext
            let ack = fromClient ? wire.clientAck : wire.serverAck
            _ = wire.raw(fromClient: fromClient, [.ack, .psh], seq: next, ack: ack, payload: 10, checksumIsValid: true)
            let before = wire.record!
            // A forged RST at exactly RCV.NXT + 10 with a wrong checksum: a receiver drops it before TCP sees it.
            let forged = wire.raw(fromClient: fromClient, .rst, seq: next + 10, ack: SequenceNumber(0),
                                  checksumIsValid: false)
            XCTAssertEqual(forged.anomalies, [.badChecksum])
            XCTAssertEqual(TCPAnomaly.badChecksum.severity, .violation)
            XCTAssertEqual(forged.verdict, .dropped)
            XCTAssertTrue(forged.traits.contains(.dropped))
            let after = wire.record!
            XCTAssertEqual(after.clientState, .established)
            XCTAssertEqual(after.serverState, .established)
            XCTAssertEqual(after.clientEndpoint, before.clientEndpoint)
            XCTAssertEqual(after.serverEndpoint, before.serverEndpoint)
            XCTAssertNil(after.milestones.reset)
            // The same RST with a right checksum resets.
            let real = wire.raw(fromClient: fromClient, .rst, seq: next + 10, ack: SequenceNumber(0),
                                checksumIsValid: true)
            XCTAssertEqual(real.verdict, .connectionReset, "\(real.anomalies)")
        }
    }

    func testChecksumsAllWrongFromOneSideAreOffload() {
        var wire = ObserverWire(clientISN: 1000, serverISN: 5000)
        // The capture was taken on the client's host: its checksums are left to the network card.
        _ = wire.raw(fromClient: true, .syn, seq: wire.clientNext, ack: SequenceNumber(0), checksumIsValid: false)
        wire.clientNext += 1
        wire.serverAck = wire.clientNext
        _ = wire.raw(fromClient: false, [.syn, .ack], seq: wire.serverNext, ack: wire.serverAck,
                     checksumIsValid: true)
        wire.serverNext += 1
        wire.clientAck = wire.serverNext
        let third = wire.raw(fromClient: true, .ack, seq: wire.clientNext, ack: wire.clientAck, checksumIsValid: false)
        XCTAssertTrue(third.anomalies.isEmpty, "\(third.anomalies)")
        XCTAssertEqual(third.receiverState, .established)
        let record = wire.record!
        XCTAssertTrue(record.captureNotes.contains(.checksumOffload))
        XCTAssertEqual(TCPAnomaly.checksumOffload.severity, .capture)
        XCTAssertNotNil(record.milestones.established)
    }

    func testUncheckedChecksumsChangeNothing() {
        var wire = ObserverWire(clientISN: 1000, serverISN: 5000)
        let observations = wire.handshake()
        XCTAssertTrue(observations.allSatisfy { $0.anomalies.isEmpty })
        XCTAssertFalse(wire.record!.captureNotes.contains(.checksumOffload))
    }
}
