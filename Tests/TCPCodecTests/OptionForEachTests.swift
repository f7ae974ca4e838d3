@testable import TCPCodec
import XCTest

/// `TCPOptions.readEach` and `forEach` (which read the common layouts whole) yield exactly what the iterator
/// yields, stop where it stops, and report the same error, on the common layouts, near misses of them and random
/// option areas, for every way a view is made; and `TCPCommonOptionLayout` recognises each layout it names.
final class OptionForEachTests: XCTestCase {
    /// The generator of the layout tests.
    typealias Bytes = CommonLayoutTests.Bytes

    /// An option area of each common layout, with random values.
    static func layoutArea(_ layout: TCPCommonOptionLayout, _ bytes: inout Bytes) -> [UInt8] {
        switch layout {
        case .none: return []
        case .timestamps: return [1, 1, 8, 10] + bytes.bytes(8)
        case .timestampsAndSACK:
            let blocks = 1 + Int(bytes.next() % 3)
            return [1, 1, 8, 10] + bytes.bytes(8) + [1, 1, 5, UInt8(2 + 8 * blocks)] + bytes.bytes(8 * blocks)
        case .linuxSYN: return [2, 4] + bytes.bytes(2) + [4, 2, 8, 10] + bytes.bytes(8) + [1, 3, 3, bytes.next()]
        case .windowsSYN: return [2, 4] + bytes.bytes(2) + [1, 3, 3, bytes.next(), 1, 1, 4, 2]
        case .linuxSYNACKWithoutTimestamps: return [2, 4] + bytes.bytes(2) + [1, 1, 4, 2, 1, 3, 3, bytes.next()]
        case .appleSYN:
            return [2, 4] + bytes.bytes(2) + [1, 3, 3, bytes.next(), 1, 1, 8, 10] + bytes.bytes(8) + [4, 2, 0]
                + [bytes.next() % 2 == 0 ? 0 : bytes.next()]
        case .maximumSegmentSizeOnly: return [2, 4] + bytes.bytes(2)
        }
    }

    /// What the iterator yields and where it stops.
    func iterated(_ options: TCPOptions) -> (options: [TCPOption], error: TCPDecodingError?) {
        var iterator = options.makeIterator()
        var yielded: [TCPOption] = []
        while let option = iterator.next() { yielded.append(option) }
        return (yielded, iterator.error)
    }

    /// What `forEach` yields and the error it returns; the `Sequence`-shaped `forEach` is checked to yield the same.
    func visited(_ options: TCPOptions) -> (options: [TCPOption], error: TCPDecodingError?) {
        var yielded: [TCPOption] = []
        let error = options.readEach { yielded.append($0) }
        var again: [TCPOption] = []
        options.forEach { (option: TCPOption) in again.append(option) }
        XCTAssertEqual(again, yielded)
        return (yielded, error)
    }

    /// Checks `forEach` against the iterator on every view of `segment` and every checking.
    func checkAgreement(_ segment: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        segment.withUnsafeBytes { raw in
            var views: [TCPSegmentView] = []
            for checking in [TCPOptionChecking.strict, .framing] {
                if let view = try? TCPSegmentView(raw, optionChecking: checking) { views.append(view) }
                if let view = try? TCPSegmentView(checkingOptionsWhenRead: raw, optionChecking: checking) {
                    views.append(view)
                }
                if let view = try? TCPSegmentView(lenient: raw, optionChecking: checking) { views.append(view) }
            }
            for view in views {
                for checking in [TCPOptionChecking.strict, .framing] {
                    let options = view.options(checking: checking)
                    let expected = iterated(options)
                    let got = visited(options)
                    XCTAssertEqual(got.options, expected.options, "\(segment)", file: file, line: line)
                    XCTAssertEqual(got.error, expected.error, "\(segment)", file: file, line: line)
                }
            }
        }
        // An area that does not start after a fixed header (offsets from 0), as option lists hold.
        let area = Array(segment.dropFirst(20))
        area.withUnsafeBytes { raw in
            for checking in [TCPOptionChecking.strict, .framing] {
                let options = TCPOptions(base: raw.baseAddress, start: 0, end: raw.count, checking: checking)
                XCTAssertEqual(visited(options).options, iterated(options).options, file: file, line: line)
                XCTAssertEqual(visited(options).error, iterated(options).error, file: file, line: line)
            }
        }
        let empty = TCPOptions(base: nil, start: 0, end: 0)
        XCTAssertEqual(visited(empty).options, [], file: file, line: line)
        XCTAssertNil(visited(empty).error, file: file, line: line)
    }

    /// A header of 20 random bytes with `area` as its options, the data offset set to fit, and `payload` after.
    static func segment(area: [UInt8], payload: [UInt8] = [], _ bytes: inout Bytes) -> [UInt8] {
        var header = bytes.bytes(20) + area
        header[12] = UInt8(header.count / 4) << 4 | (header[12] & 0x0F)
        return header + payload
    }

    func testEachLayoutIsRecognisedAndReadAsTheIteratorReadsIt() {
        var bytes = Bytes(state: 7)
        let layouts: [TCPCommonOptionLayout] = TCPCommonOptionLayout.allRecognised
        for round in 0 ..< 400 {
            let layout = layouts[round % layouts.count]
            let area = Self.layoutArea(layout, &bytes)
            area.withUnsafeBytes { raw in
                let recognised = TCPCommonOptionLayout.recognise(base: raw.baseAddress!, start: 0, end: area.count)
                XCTAssertEqual(recognised, layout)
            }
            let segment = Self.segment(area: area, payload: bytes.bytes(Int(bytes.next() % 8)), &bytes)
            checkAgreement(segment)
            // The options are the layout's, in order, with their values.
            segment.withUnsafeBytes { raw in
                let view = try! TCPSegmentView(raw)
                var kinds: [UInt8] = []
                view.options.forEach { kinds.append($0.kind) }
                switch layout {
                case .timestamps: XCTAssertEqual(kinds, [1, 1, 8])
                case .timestampsAndSACK: XCTAssertEqual(kinds, [1, 1, 8, 1, 1, 5])
                case .linuxSYN: XCTAssertEqual(kinds, [2, 4, 8, 1, 3])
                case .windowsSYN: XCTAssertEqual(kinds, [2, 1, 3, 1, 1, 4])
                case .linuxSYNACKWithoutTimestamps: XCTAssertEqual(kinds, [2, 1, 1, 4, 1, 3])
                case .appleSYN: XCTAssertEqual(kinds, [2, 1, 3, 1, 1, 8, 4, 0])
                case .maximumSegmentSizeOnly: XCTAssertEqual(kinds, [2])
                case .none: XCTFail()
                }
            }
        }
    }

    func testNearMissesAndRandomAreasAgreeWithTheIterator() {
        var bytes = Bytes(state: 8)
        let layouts: [TCPCommonOptionLayout] = TCPCommonOptionLayout.allRecognised
        var recognisedNearMisses = 0
        for round in 0 ..< 6_000 {
            var area: [UInt8]
            if round % 3 == 0 {
                area = bytes.bytes(4 * Int(bytes.next() % 11))
            } else {
                // A layout with one byte changed: a kind, a length, a value or padding.
                area = Self.layoutArea(layouts[round % layouts.count], &bytes)
                area[Int(bytes.next()) % area.count] = [0, 1, 2, 3, 4, 5, 8, 10, 255, bytes.next()][round % 10]
            }
            area.withUnsafeBytes { raw in
                if TCPCommonOptionLayout.recognise(base: raw.baseAddress!, start: 0, end: area.count) != .none {
                    recognisedNearMisses += 1
                }
            }
            let segment = Self.segment(area: area, &bytes)
            checkAgreement(segment)
            // Cut short: the header then runs past the buffer (lenient views only), or the area is shorter.
            checkAgreement(Array(segment.prefix(20 + Int(bytes.next()) % (area.count + 1))))
        }
        XCTAssertGreaterThan(recognisedNearMisses, 0, "changes that keep a layout valid are recognised, and agree")
    }

    func testTheStartsOfEachLayoutAreTheWalks() {
        var bytes = Bytes(state: 9)
        for layout in TCPCommonOptionLayout.allRecognised {
            let area = Self.layoutArea(layout, &bytes)
            let header = bytes.bytes(20) + area
            header.withUnsafeBytes { raw in
                for checking in [TCPOptionChecking.strict, .framing] {
                    let walked = TCPOption.walkedStarts(
                        base: raw.baseAddress!, start: 20, end: header.count, checking: checking)
                    XCTAssertEqual(layout.starts << 20, walked, "\(layout)")
                    let recognised = TCPCommonOptionLayout.recognisedStarts(
                        base: raw.baseAddress!, start: 20, end: header.count)
                    XCTAssertEqual(recognised, walked, "\(layout)")
                    XCTAssertEqual(
                        TCPOption.plainlyValidStarts(base: raw.baseAddress!, start: 20, end: header.count,
                                                     checking: checking),
                        walked | layout.tag, "\(layout): the starts and the layout's tag")
                }
            }
        }
        XCTAssertEqual(TCPCommonOptionLayout.none.starts, 0)
    }
}

extension CommonLayoutTests.Bytes {
    /// `count` bytes from the generator.
    mutating func bytes(_ count: Int) -> [UInt8] { (0 ..< count).map { _ in next() } }
}

extension TCPCommonOptionLayout {
    /// Every layout but `none`.
    static let allRecognised = allCases.filter { $0 != .none }
}
