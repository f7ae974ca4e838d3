import TCPCodec
import TCPValidation
import XCTest

/// A sent segment far ahead of SND.UNA does not move SND.NXT (a regression found by the `validator` fuzz target).
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
}
