import TCPCodec
import XCTest

final class SequenceNumberTests: XCTestCase {
    func testAdditionWrapsAtTwoToThe32() {
        XCTAssertEqual((SequenceNumber(0xFFFF_FFFF) + 1).rawValue, 0)
        XCTAssertEqual((SequenceNumber(0xFFFF_FFF0) + 0x20).rawValue, 0x10)
        XCTAssertEqual((SequenceNumber(0) - 1).rawValue, 0xFFFF_FFFF)
        var number = SequenceNumber(0xFFFF_FFFE)
        number += 3
        XCTAssertEqual(number.rawValue, 1)
        number -= 2
        XCTAssertEqual(number.rawValue, 0xFFFF_FFFF)
    }

    func testDifferenceIsTheForwardDistance() {
        XCTAssertEqual(SequenceNumber(5) - SequenceNumber(0xFFFF_FFFF), UInt32(6))
        XCTAssertEqual(SequenceNumber(0xFFFF_FFFF) - SequenceNumber(5), UInt32(0xFFFF_FFFA))
        XCTAssertEqual(SequenceNumber(0xFFFF_FFFF).distance(to: SequenceNumber(5)), 6)
        for start: UInt32 in [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF] {
            for step: UInt32 in [0, 1, 0x8000_0000, 0xFFFF_FFFF] {
                XCTAssertEqual((SequenceNumber(start) + step) - SequenceNumber(start), step)
            }
        }
    }

    func testCompareAcrossTheWrap() {
        let last = SequenceNumber(0xFFFF_FFFF)
        let first = SequenceNumber(0)
        XCTAssertEqual(last.compare(first), .before)
        XCTAssertEqual(first.compare(last), .after)
        XCTAssertEqual(last.compare(last), .equal)
        XCTAssertTrue(last.isBefore(first))
        XCTAssertTrue(first.isAfter(last))
        XCTAssertFalse(first.isBefore(last))
        XCTAssertFalse(last.isAfter(last))
        XCTAssertEqual(last.signedDistance(to: first), 1)
        XCTAssertEqual(first.signedDistance(to: last), -1)
        XCTAssertEqual(first.signedDistance(to: first), 0)
    }

    func testExactlyHalfTheCircleApartIsUndefined() {
        for base: UInt32 in [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF] {
            let a = SequenceNumber(base)
            let b = a + 0x8000_0000
            XCTAssertEqual(a.compare(b), .undefined, "\(base)")
            XCTAssertEqual(b.compare(a), .undefined, "\(base)")
            XCTAssertFalse(a.isBefore(b))
            XCTAssertFalse(a.isAfter(b))
            XCTAssertFalse(b.isBefore(a))
            XCTAssertNil(a.signedDistance(to: b))
            // One step either side of 2^31 is ordered again.
            XCTAssertEqual(a.compare(b - 1), .before)
            XCTAssertEqual(a.compare(b + 1), .after)
            XCTAssertEqual(a.signedDistance(to: b - 1), Int32.max)
            XCTAssertEqual(a.signedDistance(to: b + 1), -Int32.max)
        }
    }

    func testBetweenIsInclusiveAndWrapsPastZero() {
        let lo = SequenceNumber(0xFFFF_FFF0)
        let hi = SequenceNumber(0x10)
        XCTAssertTrue(SequenceNumber(0xFFFF_FFF0).between(lo, hi))
        XCTAssertTrue(SequenceNumber(0xFFFF_FFFF).between(lo, hi))
        XCTAssertTrue(SequenceNumber(0).between(lo, hi))
        XCTAssertTrue(SequenceNumber(0x10).between(lo, hi))
        XCTAssertFalse(SequenceNumber(0x11).between(lo, hi))
        XCTAssertFalse(SequenceNumber(0xFFFF_FFEF).between(lo, hi))
        XCTAssertFalse(SequenceNumber(0x8000_0000).between(lo, hi))
        // A single-point interval.
        XCTAssertTrue(SequenceNumber(7).between(SequenceNumber(7), SequenceNumber(7)))
        XCTAssertFalse(SequenceNumber(8).between(SequenceNumber(7), SequenceNumber(7)))
    }

    func testWindowIsHalfOpenAndEmptyForSizeZero() {
        let start = SequenceNumber(0xFFFF_FFFE)
        XCTAssertTrue(SequenceNumber(0xFFFF_FFFE).isInWindow(start: start, size: 4))
        XCTAssertTrue(SequenceNumber(0xFFFF_FFFF).isInWindow(start: start, size: 4))
        XCTAssertTrue(SequenceNumber(1).isInWindow(start: start, size: 4))
        XCTAssertFalse(SequenceNumber(2).isInWindow(start: start, size: 4))
        XCTAssertFalse(SequenceNumber(0xFFFF_FFFD).isInWindow(start: start, size: 4))
        for value: UInt32 in [0, 1, 0xFFFF_FFFE, 0xFFFF_FFFF, 0x8000_0000] {
            XCTAssertFalse(SequenceNumber(value).isInWindow(start: start, size: 0), "\(value)")
            XCTAssertFalse(SequenceNumber(value).isInWindow(start: SequenceNumber(value), size: 0), "\(value)")
        }
        XCTAssertTrue(SequenceNumber(0x1234).isInWindow(start: SequenceNumber(0x1234), size: 1))
        // The largest window holds every number but the one just before its start.
        XCTAssertTrue(SequenceNumber(0xFFFF_FFFC).isInWindow(start: start, size: 0xFFFF_FFFF))
        XCTAssertFalse(SequenceNumber(0xFFFF_FFFD).isInWindow(start: start, size: 0xFFFF_FFFF))
    }

    func testDescriptionAndRawValue() {
        XCTAssertEqual(SequenceNumber(4_294_967_295).description, "4294967295")
        XCTAssertEqual(SequenceNumber(rawValue: 42), SequenceNumber(42))
        XCTAssertNotEqual(SequenceNumber(42), SequenceNumber(43))
    }
}
