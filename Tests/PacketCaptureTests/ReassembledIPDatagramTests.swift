import CaptureTestSupport
import PacketCapture
import TCPCodec
import XCTest

final class ReassembledIPDatagramTests: XCTestCase {
    private func datagram(_ payload: [UInt8], protocolNumber: UInt8) -> ReassembledIPDatagram {
        ReassembledIPDatagram(
            ipVersion: .v6, source: IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1),
            destination: IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 2), protocolNumber: protocolNumber,
            identification: 1, payload: payload, fragmentTags: [1, 2], vlanTags: .none, encapsulation: .none,
            pseudoHeaderAddressing: .ipHeader)
    }

    /// IPv6 Destination Options after the Fragment header are skipped to reach TCP.
    func testDestinationOptionsAreSkipped() {
        let segment = IPFragmentReassemblerTests.segment(.v6)
        let options = FrameBuilder.extensionHeader(next: 6, body: [1, 4, 0, 0, 0, 0])  // PadN
        let result = datagram(options + segment, protocolNumber: 60).withDissectedPacket { packet -> Bool? in
            guard case .tcp(let captured) = packet else { return nil }
            XCTAssertEqual(captured.tcpOffset, 8)
            XCTAssertEqual(captured.declaredLength, segment.count)
            return captured.verifyChecksum()
        }
        XCTAssertEqual(result, true)
    }

    func testOtherProtocolAndCutOptions() {
        let other = datagram([0, 0, 0, 0], protocolNumber: 17).withDissectedPacket { packet -> Bool in
            if case .notTCP(.ipProtocol(version: .v6, protocolNumber: 17)) = packet { return true }
            return false
        }
        XCTAssertTrue(other)
        let cut = datagram([6, 1, 0, 0], protocolNumber: 60).withDissectedPacket { packet -> Bool in
            if case .malformed(.truncatedIPHeader(needed: 8, available: 4), offset: 0) = packet { return true }
            return false
        }
        XCTAssertTrue(cut)
    }
}
