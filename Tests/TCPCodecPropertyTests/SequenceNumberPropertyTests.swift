import TCPCodec
import TCPCodecTesting
import TCPCodecXCTest
import XCTest

/// Sequence arithmetic modulo 2^32 (RFC 9293 section 3.4) and serial number order (RFC 1982).
final class SequenceNumberPropertyTests: XCTestCase {
    func testAddThenSubtractGivesTheDistance() {
        check("(a + n) - a == n") { gen in
            let a = SequenceNumber(gen.edgyUInt32())
            let n = gen.edgyUInt32()
            try gen.expectEqual((a + n) - a, n, "(a + n) - a")
            try gen.expectEqual(a.distance(to: a + n), n, "distance")
            try gen.expectEqual((a + n) - n, a, "(a + n) - n")
            var b = a
            b += n
            b -= n
            try gen.expectEqual(b, a, "+= then -=")
        }
    }

    func testOrderIsAntisymmetricExceptAtHalfTheCircle() {
        check("compare is antisymmetric except at exactly 2^31") { gen in
            let a = SequenceNumber(gen.edgyUInt32())
            let distance = gen.chance(10) ? 0x8000_0000 : gen.edgyUInt32()
            let b = a + distance
            let forward = a.compare(b)
            let backward = b.compare(a)
            switch distance {
            case 0:
                try gen.expect(forward == .equal && backward == .equal, "equal numbers: \(forward) \(backward)")
            case 0x8000_0000:
                try gen.expect(forward == .undefined && backward == .undefined, "2^31 apart: \(forward) \(backward)")
                try gen.expect(a.signedDistance(to: b) == nil, "signed distance at 2^31")
            case 1 ..< 0x8000_0000:
                try gen.expect(forward == .before && backward == .after, "\(forward) \(backward) at \(distance)")
            default:
                try gen.expect(forward == .after && backward == .before, "\(forward) \(backward) at \(distance)")
            }
            try gen.expectEqual(a.isBefore(b), forward == .before, "isBefore")
            try gen.expectEqual(a.isAfter(b), forward == .after, "isAfter")
            try gen.expectEqual(a.isBefore(b), b.isAfter(a), "isBefore mirrors isAfter")
            if let signed = a.signedDistance(to: b) {
                try gen.expectEqual(a + UInt32(bitPattern: signed), b, "a + signedDistance")
                try gen.expectEqual(signed > 0, forward == .before, "sign")
            }
        }
    }

    func testBetweenAgreesWithAnUnwrappedModel() {
        check("between and isInWindow agree with 64-bit unwrapped numbers") { gen in
            // Unwrapped numbers: any 64-bit base; the wire carries them modulo 2^32.
            let low = UInt64(gen.edgyUInt32()) + (UInt64(gen.int(in: 0 ... 3)) << 32)
            let width = UInt64(gen.chance(20) ? gen.uint32() : gen.edgyUInt32())
            let high = low + width
            // A point within 2^32 of the window: k in (width - 2^32, 2^32).
            let span = Int64(1) << 32
            let lowest = Int64(width) - span + 1
            let k: Int64
            switch gen.int(in: 0 ... 4) {
            case 0: k = Int64(gen.int(in: -3 ... 3))
            case 1: k = Int64(width) + Int64(gen.int(in: -3 ... 3))
            case 2: k = lowest + Int64(gen.int(in: 0 ... 3))
            case 3: k = span - 1 - Int64(gen.int(in: 0 ... 3))
            default: k = lowest + Int64(gen.next() % UInt64(span - 1 - lowest))
            }
            let clamped = min(max(k, lowest), span - 1)
            let point = Int64(low) + clamped
            guard point >= 0 else { return }
            let model = Int64(low) <= point && point <= Int64(high)
            let wrap = { (value: Int64) in SequenceNumber(UInt32(truncatingIfNeeded: value)) }
            let x = wrap(point)
            gen.note("model", "low \(low) width \(width) point \(point)")
            try gen.expectEqual(x.between(wrap(Int64(low)), wrap(Int64(high))), model, "between")
            if width < 0xFFFF_FFFF {
                let window = UInt32(width + 1)
                try gen.expectEqual(x.isInWindow(start: wrap(Int64(low)), size: window), model, "isInWindow")
            }
        }
    }
}
