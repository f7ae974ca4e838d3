import TCPCodec
import XCTest

@testable import TCPValidation

/// Acceptability, ACK ranges, window updates and scaling, each run at a plain base and just below 2^32.
final class TCPSequenceRulesTests: XCTestCase {
    /// Bases: ordinary, and just below 2^32 so windows and ranges wrap.
    static let bases: [UInt32] = [1000, 0xFFFF_FFF0, 0x7FFF_FFF8]

    private func s(_ value: UInt32) -> SequenceNumber { SequenceNumber(value) }

    func testZeroLengthZeroWindow() {
        for base in Self.bases {
            let next = s(base)
            XCTAssertEqual(TCPSegmentAcceptability.check(
                sequenceNumber: next, length: 0, receiveNext: next, receiveWindow: 0), .acceptable)
            XCTAssertEqual(TCPSegmentAcceptability.check(
                sequenceNumber: next + 1, length: 0, receiveNext: next, receiveWindow: 0), .unacceptable)
            XCTAssertEqual(TCPSegmentAcceptability.check(
                sequenceNumber: next - 1, length: 0, receiveNext: next, receiveWindow: 0), .unacceptable)
        }
    }

    /// RCV.NXT =< SEG.SEQ =< RCV.NXT + RCV.WND: the right edge itself is taken, as Linux's `tcp_sequence` takes it
    /// (RFC 9293 stops one short), so that a pure ACK of a sender that filled the window is acceptable.
    func testZeroLengthOpenWindow() {
        for base in Self.bases {
            let next = s(base)
            for (offset, expected) in [(0, true), (1, true), (99, true), (100, true), (101, false), (-1, false)] {
                let seq = offset >= 0 ? next + UInt32(offset) : next - UInt32(-offset)
                let result = TCPSegmentAcceptability.check(
                    sequenceNumber: seq, length: 0, receiveNext: next, receiveWindow: 100)
                XCTAssertEqual(result.acceptsData, expected, "base \(base) offset \(offset)")
                XCTAssertEqual(result.acceptsControl, expected)
            }
        }
    }

    func testDataZeroWindow() {
        for base in Self.bases {
            let next = s(base)
            // At RCV.NXT: control only (ACK, URG, RST still processed), data refused.
            let probe = TCPSegmentAcceptability.check(
                sequenceNumber: next, length: 1, receiveNext: next, receiveWindow: 0)
            XCTAssertEqual(probe, .controlOnly)
            XCTAssertTrue(probe.acceptsControl)
            XCTAssertFalse(probe.acceptsData)
            XCTAssertEqual(TCPSegmentAcceptability.check(
                sequenceNumber: next + 1, length: 1, receiveNext: next, receiveWindow: 0), .unacceptable)
            XCTAssertEqual(TCPSegmentAcceptability.check(
                sequenceNumber: next - 5, length: 10, receiveNext: next, receiveWindow: 0), .unacceptable)
        }
    }

    func testDataOpenWindow() {
        for base in Self.bases {
            let next = s(base)
            func check(_ offset: Int, _ length: UInt32) -> TCPSegmentAcceptability {
                let seq = offset >= 0 ? next + UInt32(offset) : next - UInt32(-offset)
                return TCPSegmentAcceptability.check(sequenceNumber: seq, length: length, receiveNext: next,
                                                     receiveWindow: 100)
            }
            XCTAssertEqual(check(0, 10), .acceptable)
            XCTAssertEqual(check(95, 10), .acceptable, "starts in the window")
            XCTAssertEqual(check(-5, 10), .acceptable, "ends in the window")
            XCTAssertEqual(check(-10, 10), .unacceptable, "ends just before RCV.NXT: old")
            XCTAssertEqual(check(-10, 11), .acceptable, "last byte at RCV.NXT")
            XCTAssertEqual(check(100, 1), .unacceptable, "just past the right edge")
            XCTAssertEqual(check(99, 1), .acceptable, "last byte of the window")
            XCTAssertEqual(check(-10, 200), .acceptable, "covers the whole window")
            XCTAssertEqual(check(-1000, 10), .unacceptable)
        }
    }

    func testSYNAndFINCountInLength() {
        for base in Self.bases {
            let next = s(base)
            // A bare FIN at RCV.NXT with a zero window has SEG.LEN 1: control only.
            let fin = TCPSegmentSummary(sequenceNumber: next, acknowledgmentNumber: s(1), flags: [.fin, .ack])
            XCTAssertEqual(fin.sequenceLength, 1)
            XCTAssertEqual(TCPSegmentAcceptability.check(fin, receiveNext: next, receiveWindow: 0), .controlOnly)
            XCTAssertEqual(TCPSegmentAcceptability.check(fin, receiveNext: next, receiveWindow: 1), .acceptable)
            // A retransmitted SYN (SEG.SEQ = IRS = RCV.NXT - 1) is old.
            let syn = TCPSegmentSummary(sequenceNumber: next - 1, flags: .syn)
            XCTAssertEqual(TCPSegmentAcceptability.check(syn, receiveNext: next, receiveWindow: 1000), .unacceptable)
        }
    }

    func testACKAcceptabilityRFC5961() {
        for base in Self.bases {
            let una = s(base)
            let nxt = una + 500
            func check(_ ack: SequenceNumber) -> TCPAckAcceptability {
                TCPAckAcceptability.check(ack, sendUnacknowledged: una, sendNext: nxt, maximumSendWindow: 1000)
            }
            XCTAssertEqual(check(una), .duplicate)
            XCTAssertEqual(check(una + 1), .advances)
            XCTAssertEqual(check(nxt), .advances)
            XCTAssertEqual(check(nxt + 1), .unsent)
            XCTAssertEqual(check(nxt + 100_000), .unsent)
            XCTAssertEqual(check(una - 1), .old)
            XCTAssertEqual(check(una - 1000), .old, "SND.UNA - MAX.SND.WND is the lower bound, inclusive")
            XCTAssertEqual(check(una - 1001), .tooOld)
            XCTAssertEqual(check(una - 100_000), .tooOld)
            XCTAssertTrue(check(una - 1000).isAcceptable)
            XCTAssertFalse(check(una - 1001).isAcceptable)
            XCTAssertFalse(check(nxt + 1).isAcceptable)
            // Exactly 2^31 from SND.NXT or SND.UNA: undefined, never guessed.
            XCTAssertEqual(check(nxt + 0x8000_0000), .undefined)
            XCTAssertEqual(check(una + 0x8000_0000), .undefined)
            XCTAssertFalse(check(nxt + 0x8000_0000).isAcceptable)
        }
    }

    func testACKAcceptabilitySynSent() {
        for base in Self.bases {
            let iss = s(base)
            let nxt = iss + 1
            XCTAssertEqual(
                TCPAckAcceptability.checkSynSent(iss + 1, initialSendSequence: iss, sendNext: nxt), .advances)
            XCTAssertEqual(TCPAckAcceptability.checkSynSent(iss, initialSendSequence: iss, sendNext: nxt), .tooOld)
            XCTAssertEqual(TCPAckAcceptability.checkSynSent(iss - 7, initialSendSequence: iss, sendNext: nxt), .tooOld)
            XCTAssertEqual(TCPAckAcceptability.checkSynSent(iss + 2, initialSendSequence: iss, sendNext: nxt), .unsent)
            XCTAssertEqual(TCPAckAcceptability.checkSynSent(
                nxt + 0x8000_0000, initialSendSequence: iss, sendNext: nxt), .undefined)
            // TFO: a SYN carrying 10 bytes makes SND.NXT = ISS + 11.
            XCTAssertEqual(TCPAckAcceptability.checkSynSent(iss + 11, initialSendSequence: iss, sendNext: iss + 11),
                           .advances)
        }
    }

    func testWindowUpdateRule() {
        for base in Self.bases {
            let wl1 = s(base)
            let wl2 = s(base &+ 0x1234_5678)
            func check(_ seq: SequenceNumber, _ ack: SequenceNumber) -> TCPWindowUpdate {
                TCPWindowUpdate.check(sequenceNumber: seq, acknowledgmentNumber: ack, lastUpdateSequence: wl1,
                                      lastUpdateAcknowledgment: wl2)
            }
            XCTAssertEqual(check(wl1 + 1, wl2 - 5), .update, "SND.WL1 < SEG.SEQ")
            XCTAssertEqual(check(wl1, wl2), .update, "equal SEQ, SND.WL2 = SEG.ACK")
            XCTAssertEqual(check(wl1, wl2 + 1), .update, "equal SEQ, SND.WL2 < SEG.ACK")
            XCTAssertEqual(check(wl1, wl2 - 1), .keep, "equal SEQ, older ACK")
            XCTAssertEqual(check(wl1 - 1, wl2 + 10), .keep, "older SEQ")
            XCTAssertEqual(check(wl1 + 0x8000_0000, wl2), .undefined)
            XCTAssertEqual(check(wl1, wl2 + 0x8000_0000), .undefined)
        }
    }

    /// Linux's `tcp_may_update_window`: an advancing acknowledgment or a newer SEG.SEQ takes any window; at SND.WL1
    /// with SND.UNA, only a larger window or a zero one (a smaller one may be a duplicate ACK delivered late).
    func testLinuxWindowUpdateRule() {
        for base in Self.bases {
            let wl1 = s(base)
            func check(_ advances: Bool, _ seq: SequenceNumber, _ window: UInt32) -> TCPWindowUpdate {
                TCPWindowUpdate.checkAsLinux(
                    acknowledgmentAdvances: advances, sequenceNumber: seq, lastUpdateSequence: wl1, window: window,
                    sendWindow: 1000)
            }
            XCTAssertEqual(check(true, wl1 - 1, 10), .update, "an advancing ACK, however old its SEQ")
            XCTAssertEqual(check(false, wl1 + 1, 10), .update, "SND.WL1 < SEG.SEQ, a smaller window")
            XCTAssertEqual(check(false, wl1, 1001), .update, "at SND.WL1, a larger window")
            XCTAssertEqual(check(false, wl1, 0), .update, "at SND.WL1, a zero window")
            XCTAssertEqual(check(false, wl1, 1000), .keep, "at SND.WL1, the same window")
            XCTAssertEqual(check(false, wl1, 999), .keep, "at SND.WL1, a smaller window")
            XCTAssertEqual(check(false, wl1 - 1, 5000), .keep, "an older SEQ")
        }
    }

    func testWindowScaling() {
        let both = TCPWindowScaling(localShift: 7, peerShift: 2)
        XCTAssertTrue(both.isActive)
        XCTAssertEqual(both.receivedWindow(1000, isSYN: false), 4000)
        XCTAssertEqual(both.sentWindow(1000, isSYN: false), 128_000)
        XCTAssertEqual(both.receivedWindow(1000, isSYN: true), 1000, "never applied to a SYN's window")
        XCTAssertEqual(both.sentWindow(1000, isSYN: true), 1000)
        let one = TCPWindowScaling(localShift: 7, peerShift: nil)
        XCTAssertFalse(one.isActive, "needs both SYNs")
        XCTAssertEqual(one.sentWindow(1000, isSYN: false), 1000)
        XCTAssertEqual(TCPWindowScaling(localShift: nil, peerShift: 7).receivedWindow(1000, isSYN: false), 1000)
        let clamped = TCPWindowScaling(localShift: 20, peerShift: 15)
        XCTAssertEqual(clamped.sendShift, 14)
        XCTAssertEqual(clamped.receiveShift, 14)
        XCTAssertEqual(clamped.receivedWindow(0xFFFF, isSYN: false), 0xFFFF << 14, "below 2^30")
        XCTAssertEqual(TCPWindowScaling.disabled.receivedWindow(5, isSYN: false), 5)
    }
}
