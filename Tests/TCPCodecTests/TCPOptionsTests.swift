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
}
