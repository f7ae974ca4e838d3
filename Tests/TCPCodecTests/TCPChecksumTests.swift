import TCPCodec
import XCTest

final class TCPChecksumTests: XCTestCase {
    func testCapturedChecksumsJudgedWithTheFramesPseudoHeader() throws {
        XCTAssertEqual(CaptureFixtures.wholeSegments.count, 26)
        for fixture in CaptureFixtures.wholeSegments {
            let expected = referenceChecksum(segment: fixture.bytes, source: fixture.source,
                                             destination: fixture.destination)
            fixture.bytes.withUnsafeBytes { raw in
                let pseudo = fixture.pseudoHeader
                XCTAssertEqual(TCPChecksum.verify(segment: raw, pseudoHeader: pseudo), fixture.checksumIsValid,
                               fixture.name)
                XCTAssertEqual(TCPChecksum.compute(segment: raw, pseudoHeader: pseudo), expected, fixture.name)
                let view = try? TCPSegmentView(raw, optionChecking: .framing)
                XCTAssertEqual(view?.verifyChecksum(pseudoHeader: pseudo), fixture.checksumIsValid, fixture.name)
                XCTAssertEqual(view.map { $0.checksum == expected }, fixture.checksumIsValid, fixture.name)
            }
        }
    }

    func testComputedChecksumsMatchWhatTcpdumpPrinted() {
        // tcpdump -v printed `cksum 0x209c (incorrect -> 0xe443)`, `0x20a4 (incorrect -> 0x3b19)`,
        // `0x6af3 (incorrect -> 0xd8aa)`, and `(correct)` for the others.
        let printed: [(CaptureSegment, UInt16)] = [
            (CaptureFixtures.accecnSYN, 0xE443), (CaptureFixtures.accecnACK, 0x3B19),
            (CaptureFixtures.ipv6WrongChecksum, 0xD8AA), (CaptureFixtures.accecnSYNACK, 0x22A8),
            (CaptureFixtures.bgpMD5, 0xE2AB), (CaptureFixtures.ipv6, 0xCBCD),
        ]
        for (fixture, checksum) in printed {
            fixture.bytes.withUnsafeBytes { raw in
                XCTAssertEqual(TCPChecksum.compute(segment: raw, pseudoHeader: fixture.pseudoHeader), checksum,
                               fixture.name)
            }
        }
    }

    /// tcpdump's print-flags.pcap: a loopback segment of 127.0.0.1 -> 127.0.0.1 whose 234 TCP bytes carry
    /// `cksum 0xfef2 (incorrect -> 0xc376)`: 0xFEF2 is the folded pseudo-header sum, what offload leaves.
    func testOffloadPlaceholderIsThePseudoHeaderSum() {
        let pseudo = TCPPseudoHeader(ipv4Source: 0x7F00_0001, destination: 0x7F00_0001)
        var segment = [UInt8](repeating: 0x41, count: 234)
        segment[12] = 0x80  // data offset 8
        segment[16] = 0xFE  // checksum field, high byte
        segment[17] = 0xF2  // checksum field, low byte
        segment.withUnsafeBytes { raw in
            XCTAssertTrue(TCPChecksum.isOffloadPlaceholder(segment: raw, pseudoHeader: pseudo))
            XCTAssertFalse(TCPChecksum.verify(segment: raw, pseudoHeader: pseudo))
            // Another length gives another pseudo-header sum.
            let shorter = UnsafeRawBufferPointer(rebasing: raw[0..<233])
            XCTAssertFalse(TCPChecksum.isOffloadPlaceholder(segment: shorter, pseudoHeader: pseudo))
            // Too short to hold the field.
            XCTAssertFalse(TCPChecksum.isOffloadPlaceholder(
                segment: UnsafeRawBufferPointer(rebasing: raw[0..<17]), pseudoHeader: pseudo))
        }
        segment[17] = 0xF3
        segment.withUnsafeBytes { raw in
            XCTAssertFalse(TCPChecksum.isOffloadPlaceholder(segment: raw, pseudoHeader: pseudo))
        }
    }

    func testFillRepairsOffloadedChecksums() {
        for fixture in CaptureFixtures.wholeSegments where fixture.checksumIsValid == false {
            var bytes = fixture.bytes
            let expected = referenceChecksum(segment: bytes, source: fixture.source, destination: fixture.destination)
            bytes.withUnsafeMutableBytes { raw in
                XCTAssertEqual(TCPChecksum.fill(segment: raw, pseudoHeader: fixture.pseudoHeader), expected)
                XCTAssertTrue(TCPChecksum.verify(
                    segment: UnsafeRawBufferPointer(raw), pseudoHeader: fixture.pseudoHeader))
            }
            XCTAssertEqual(UInt16(bytes[16]) << 8 | UInt16(bytes[17]), expected, fixture.name)
            XCTAssertEqual(bytes[0 ..< 16], fixture.bytes[0 ..< 16])
            XCTAssertEqual(bytes[18...], fixture.bytes[18...])
        }
    }

    func testWrongPseudoHeaderFailsVerification() {
        let fixture = CaptureFixtures.sshSYN
        let other = TCPPseudoHeader(ipv4Source: 0xCA6C_57A5, destination: 0xDF84_35DF)
        fixture.bytes.withUnsafeBytes { raw in
            XCTAssertTrue(TCPChecksum.verify(segment: raw, pseudoHeader: fixture.pseudoHeader))
            XCTAssertFalse(TCPChecksum.verify(segment: raw, pseudoHeader: other))
        }
    }

    func testComputeIgnoresTheStoredFieldAndGivesZeroNotFFFF() {
        var bytes = segment(options: [], payload: [0, 0])
        let pseudo = TCPPseudoHeader(ipv4Source: 0x0A00_0001, destination: 0x0A00_0002)
        // Choose the payload word so that the checksum is 0x0000.
        let partial = ~referenceChecksum(segment: bytes, source: [10, 0, 0, 1], destination: [10, 0, 0, 2])
        let word = 0xFFFF - partial
        bytes[20] = UInt8(word >> 8)
        bytes[21] = UInt8(truncatingIfNeeded: word)
        XCTAssertEqual(referenceChecksum(segment: bytes, source: [10, 0, 0, 1], destination: [10, 0, 0, 2]), 0)
        for stored: UInt16 in [0x0000, 0xFFFF, 0x1234] {
            bytes[16] = UInt8(stored >> 8)
            bytes[17] = UInt8(truncatingIfNeeded: stored)
            bytes.withUnsafeBytes { raw in
                XCTAssertEqual(TCPChecksum.compute(segment: raw, pseudoHeader: pseudo), 0x0000, "stored \(stored)")
            }
        }
    }

    func testShortSegmentsAreSummedAsTheyAre() {
        let pseudo = TCPPseudoHeader(ipv4Source: 1, destination: 2)
        let bytes: [UInt8] = [1, 2, 3]
        bytes.withUnsafeBytes { raw in
            XCTAssertEqual(TCPChecksum.compute(segment: raw, pseudoHeader: pseudo),
                           ~referenceSum(referencePseudoHeader(source: [0, 0, 0, 1], destination: [0, 0, 0, 2],
                                                               tcpLength: 3) + bytes))
        }
    }
}
