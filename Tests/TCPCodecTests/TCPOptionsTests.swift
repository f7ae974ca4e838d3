import TCPCodec
import XCTest

final class TCPOptionsTests: XCTestCase {
    func testPaddingAfterEOLIsKeptZeroAndNonZero() throws {
        // bgp-as-path-oobr.pcap frame 2: md5, EOL, then five zero bytes.
        try CaptureFixtures.bgpMD5.bytes.withUnsafeBytes { raw in
            let options = try TCPSegmentView(raw).options
            XCTAssertEqual(Array(options.padding), [0, 0, 0, 0, 0])
            XCTAssertEqual(options.bytes.count, 24)
            XCTAssertNil(options.firstError)
        }
        // Frame 3: the padding holds a non-zero byte, 0x60; it is not read as an option.
        try CaptureFixtures.bgpMD5NonZeroPadding.bytes.withUnsafeBytes { raw in
            let options = try TCPSegmentView(raw).options
            XCTAssertEqual(Array(options.padding), [0x00, 0x60, 0x00, 0x00, 0x00])
            XCTAssertEqual(Array(options).last, .endOfOptionList)
            XCTAssertEqual(Array(options).count, 2)
        }
        // A non-zero padding that would be a malformed option is not checked either.
        let bytes = segment(options: [1, 0, 2, 9, 0xFF, 0xFF, 0xFF, 0xFF])
        XCTAssertNil(strictError(bytes))
        try bytes.withUnsafeBytes { raw in
            let options = try TCPSegmentView(raw).options
            XCTAssertEqual(Array(options.padding), [2, 9, 0xFF, 0xFF, 0xFF, 0xFF])
            XCTAssertEqual(Array(options), [.noOperation, .endOfOptionList])
        }
        // No EOL: no padding.
        try CaptureFixtures.sshSYNACK.bytes.withUnsafeBytes { raw in
            XCTAssertEqual(try TCPSegmentView(raw).options.padding.count, 0)
        }
    }

    func testWalkYieldsOffsetsThenTheError() throws {
        // MSS, NOP, window scale, then a timestamps option of length 9.
        let bytes = segment(options: hexBytes("020405b4 01 030307 0809 00000000000000 000000"))
        XCTAssertEqual(bytes.count, 20 + 20)
        let expected = TCPDecodingError.invalidOptionLength(kind: 8, offset: 28, length: 9)
        let lenient = try lenientWalk(bytes)
        XCTAssertEqual(lenient.problem, expected)
        XCTAssertEqual(lenient.steps, [
            .option(.maximumSegmentSize(1460), offset: 20), .option(.noOperation, offset: 24),
            .option(.windowScale(7), offset: 25), .malformed(expected),
        ])
        try bytes.withUnsafeBytes { raw in
            let options = try TCPSegmentView(lenient: raw).options
            XCTAssertEqual(options.firstError, expected)
            var iterator = options.makeIterator()
            XCTAssertEqual(iterator.nextOffset, 20)
            var count = 0
            while iterator.next() != nil { count += 1 }
            XCTAssertEqual(count, 3)
            XCTAssertEqual(iterator.error, expected)
            XCTAssertNil(iterator.next(), "the iterator stays finished")
            XCTAssertEqual(options.padding.count, 0)
        }
        // A good area walks to the end with no error step.
        let good = try lenientWalk(CaptureFixtures.sshSYN.bytes)
        XCTAssertNil(good.problem)
        XCTAssertEqual(good.steps.last, .option(.endOfOptionList, offset: 42))
    }

    func testEmptyArea() throws {
        try segment(options: []).withUnsafeBytes { raw in
            let options = try TCPSegmentView(raw).options
            XCTAssertTrue(options.isEmpty)
            XCTAssertEqual(Array(options), [])
            XCTAssertEqual(Array(options.walk()), [])
            XCTAssertNil(options.firstError)
            XCTAssertEqual(options.checking, .strict)
        }
    }

    /// A view's iterator reads the options at the offsets its validating walk recorded; a lenient view's iterator
    /// checks each option as it goes. Over random option areas built mostly from real kinds, both must yield the
    /// same options, offsets, padding and end, under both checkings. Replay a failure with its printed seed.
    func testRecordedOffsetsReadLikeTheCheckedWalk() throws {
        let pieces: [[UInt8]] = [
            [1], [0], [2, 4, 5, 0xB4], [3, 3, 7], [4, 2], [8, 10, 1, 2, 3, 4, 5, 6, 7, 8],
            [5, 10, 0, 0, 0, 1, 0, 0, 0, 2], [5, 18] + [UInt8](repeating: 9, count: 16), [2, 3, 1], [8, 9],
            [30, 4, 0x00, 0x81], [30, 12, 0x00, 0x81] + [UInt8](repeating: 3, count: 8), [34, 2], [253, 4, 1, 2],
            [99, 3, 0], [19, 18] + [UInt8](repeating: 7, count: 16), [2, 1], [5, 40],
        ]
        var state: UInt64 = 0x5EED_0007
        func random(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        var viewsChecked = 0
        for round in 0 ..< 4000 {
            let seed = state
            var area: [UInt8] = []
            for _ in 0 ..< random(7) { area += pieces[random(pieces.count)] }
            if area.count > 40 { area = Array(area[0 ..< 40]) }
            while area.count % 4 != 0 { area.append(UInt8(random(3))) }
            let bytes = segment(options: area, payload: [UInt8](repeating: 0xAB, count: random(3)))
            for checking in [TCPOptionChecking.strict, .framing] {
                try bytes.withUnsafeBytes { raw in
                    guard let view = try? TCPSegmentView(raw, optionChecking: checking) else { return }
                    viewsChecked += 1
                    let lenient = try TCPSegmentView(lenient: raw, optionChecking: checking)
                    let context = "round \(round), seed \(seed), checking \(checking), area \(area)"
                    XCTAssertEqual(Array(view.options.walk()), Array(lenient.options.walk()), context)
                    XCTAssertEqual(Array(view.options), Array(lenient.options), context)
                    XCTAssertEqual(Array(view.options.padding), Array(lenient.options.padding), context)
                    XCTAssertNil(view.options.firstError, context)
                    var iterator = view.options.makeIterator()
                    var checked = lenient.options.makeIterator()
                    repeat {
                        XCTAssertEqual(iterator.nextOffset, checked.nextOffset, context)
                    } while iterator.next() != nil && checked.next() != nil
                }
            }
        }
        XCTAssertGreaterThan(viewsChecked, 2000)
    }
}
