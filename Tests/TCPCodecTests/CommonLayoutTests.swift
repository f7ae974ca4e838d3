@testable import TCPCodec
import XCTest

/// The whole-word recognition of the common option layouts gives exactly the starts the option walk gives, and
/// recognises nothing else.
final class CommonLayoutTests: XCTestCase {
    /// A small deterministic generator.
    struct Bytes {
        var state: UInt64
        mutating func next() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    func starts(_ header: [UInt8]) -> (layout: UInt64, walked: [UInt64]) {
        header.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            let layout = TCPCommonOptionLayout.recognisedStarts(base: base, start: 20, end: header.count)
            let walked = [TCPOptionChecking.strict, .framing].map {
                TCPOption.walkedStarts(base: base, start: 20, end: header.count, checking: $0)
            }
            return (layout, walked)
        }
    }

    func testRecognisedLayoutsGiveTheWalksStarts() {
        var bytes = Bytes(state: 3)
        for _ in 0 ..< 2_000 {
            var header = (0 ..< 20).map { _ in bytes.next() }
            switch bytes.next() % 4 {
            case 0:
                header += [1, 1, 8, 10] + (0 ..< 8).map { _ in bytes.next() }
            case 1:
                header += [2, 4, bytes.next(), bytes.next(), 4, 2, 8, 10] + (0 ..< 8).map { _ in bytes.next() }
                header += [1, 3, 3, bytes.next()]
            case 2:
                header += [2, 4, bytes.next(), bytes.next(), 1, 3, 3, bytes.next(), 1, 1, 4, 2]
            default:
                let blocks = 1 + Int(bytes.next() % 3)
                header += [1, 1, 8, 10] + (0 ..< 8).map { _ in bytes.next() }
                header += [1, 1, 5, UInt8(2 + 8 * blocks)] + (0 ..< 8 * blocks).map { _ in bytes.next() }
            }
            let (layout, walked) = starts(header)
            XCTAssertNotEqual(layout, 0)
            XCTAssertEqual(walked, [layout, layout], "\(header)")
        }
    }

    func testAnyOtherAreaIsLeftToTheWalk() {
        var bytes = Bytes(state: 4)
        var recognised = 0
        for round in 0 ..< 20_000 {
            let optionLength = [12, 20, 24, 32, 40, 4 * Int(bytes.next() % 11)][round % 6]
            var header = (0 ..< 20 + optionLength).map { _ in bytes.next() }
            // Near misses: the recognised words with one byte changed, now and then.
            if optionLength == 12, round % 5 == 0 { header.replaceSubrange(20 ..< 24, with: [1, 1, 8, bytes.next()]) }
            if optionLength == 20, round % 5 == 0 {
                header.replaceSubrange(20 ..< 28, with: [2, 4, 5, 180, 4, 2, 8, 10])
                header.replaceSubrange(36 ..< 40, with: [1, 3, bytes.next(), 7])
            }
            if optionLength >= 24, round % 5 == 1 {
                header.replaceSubrange(20 ..< 24, with: [1, 1, 8, 10])
                header.replaceSubrange(32 ..< 36, with: [1, 1, 5, bytes.next()])
            }
            guard optionLength > 0 else { continue }
            let (layout, walked) = starts(header)
            if layout != 0 {
                recognised += 1
                XCTAssertEqual(walked, [layout, layout], "\(header)")
            }
        }
        XCTAssertGreaterThan(recognised, 0, "near misses that happen to match are recognised, and agree")
    }

    /// `timestampsOnlyOption` answers exactly when the walk yields NOP, NOP and one timestamps option, and then
    /// with that option's values; whatever the bytes and however the view was made.
    func testTimestampsOnlyOptionIsTheWalksOption() throws {
        var bytes = Bytes(state: 5)
        var answered = 0
        for round in 0 ..< 20_000 {
            let optionLength = [12, 12, 12, 8, 16, 20, 24][round % 7]
            var header = (0 ..< 20 + optionLength).map { _ in bytes.next() }
            header[12] = UInt8((20 + optionLength) / 4) << 4 | (header[12] & 0x0F)
            if round % 3 != 0 { header.replaceSubrange(20 ..< 24, with: [1, 1, 8, 10]) }
            if round % 11 == 0 { header[20 + Int(bytes.next() % 4)] = bytes.next() }
            // A lenient view of the whole header, of a header cut at byte 32, and a strict view when it decodes.
            let cut = Array(header.prefix(32))
            for buffer in [header, cut] {
                try buffer.withUnsafeBytes { raw in
                    let lenient = try TCPSegmentView(lenient: raw)
                    var views = [lenient]
                    if let strict = try? TCPSegmentView(raw) { views.append(strict) }
                    for view in views {
                        let options = Array(view.options)
                        let walked: (UInt32, UInt32)?
                        if view.headerBytes.count == 32, options.count == 3, options[0] == .noOperation,
                            options[1] == .noOperation, case .timestamps(let value, let echo) = options[2]
                        {
                            walked = (value, echo)
                        } else {
                            walked = nil
                        }
                        let read = view.timestampsOnlyOption
                        XCTAssertEqual(read?.value, walked?.0, "\(buffer)")
                        XCTAssertEqual(read?.echoReply, walked?.1, "\(buffer)")
                        if read != nil { answered += 1 }
                    }
                }
            }
        }
        XCTAssertGreaterThan(answered, 5_000)
    }
}

extension TCPCommonOptionLayout {
    /// The starts of the layout recognised in `start ..< end`, without its tag: 0 for any other area.
    static func recognisedStarts(base: UnsafeRawPointer, start: Int, end: Int) -> UInt64 {
        recognise(base: base, start: start, end: end).starts << UInt64(start)
    }
}
