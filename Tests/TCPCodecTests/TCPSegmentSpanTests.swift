import TCPCodec
import XCTest

/// Known answers for the non-escapable span views: every source of bytes, typed errors, the byte spans, options,
/// the bridge to the pointer view, and encoding into spans.
final class TCPSegmentSpanTests: XCTestCase {
    let syn = CaptureFixtures.sshSYN.bytes
    let pseudoHeader = TCPPseudoHeader(ipv4Source: 0xCA6C_57A5, destination: 0xDF84_35DE)

    static func array(_ span: RawSpan) -> [UInt8] {
        (0 ..< span.byteCount).map { span.unsafeLoad(fromByteOffset: $0, as: UInt8.self) }
    }

    func expectSSHSYN(_ segment: borrowing TCPSegmentSpan, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(segment.sourcePort, 62146, file: file, line: line)
        XCTAssertEqual(segment.destinationPort, 22, file: file, line: line)
        XCTAssertEqual(segment.sequenceNumber, SequenceNumber(4_082_233_688), file: file, line: line)
        XCTAssertEqual(segment.acknowledgmentNumber, SequenceNumber(0), file: file, line: line)
        XCTAssertEqual(segment.dataOffset, 11, file: file, line: line)
        XCTAssertEqual(segment.headerLength, 44, file: file, line: line)
        XCTAssertEqual(segment.flags, .syn, file: file, line: line)
        XCTAssertEqual(segment.window, 65535, file: file, line: line)
        XCTAssertEqual(segment.checksum, 0xEC12, file: file, line: line)
        XCTAssertEqual(segment.urgentPointer, 0, file: file, line: line)
        XCTAssertEqual(segment.sequenceLength, 1, file: file, line: line)
        XCTAssertNil(segment.problem, file: file, line: line)
        XCTAssertEqual(segment.payload.byteCount, 0, file: file, line: line)
        XCTAssertEqual(segment.headerBytes.byteCount, 44, file: file, line: line)
        XCTAssertTrue(segment.verifyChecksum(pseudoHeader: pseudoHeader), file: file, line: line)
    }

    func testEverySourceOfBytesDecodesTheSameSegment() throws {
        let bytes = syn
        expectSSHSYN(try TCPSegmentSpan(bytes))
        expectSSHSYN(try TCPSegmentSpan(bytes.span))
        expectSSHSYN(try TCPSegmentSpan(bytes.span.bytes))
        let padded = [0xAA, 0xBB] + bytes
        let slice = padded[2...]
        expectSSHSYN(try TCPSegmentSpan(slice))
        try bytes.withUnsafeBytes { raw in self.expectSSHSYN(try TCPSegmentSpan(raw)) }
        expectSSHSYN(try TCPSegmentSpan(checkingOptionsWhenRead: bytes.span.bytes))
        expectSSHSYN(try TCPSegmentSpan(lenient: bytes.span.bytes))
        expectSSHSYN(try TCPSegmentSpan(bytes, optionChecking: .framing))
    }

    func testOptionsAreThoseOfTheCapture() throws {
        let bytes = syn
        let segment = try TCPSegmentSpan(bytes)
        var iterator = segment.options.makeIterator()
        var options: [TCPOption] = []
        var offsets: [Int] = []
        while true {
            offsets.append(iterator.nextOffset)
            guard let option = iterator.next() else { break }
            options.append(option)
        }
        XCTAssertEqual(options, [
            .maximumSegmentSize(1460), .noOperation, .windowScale(6), .noOperation, .noOperation,
            .timestamps(value: 1_948_436_430, echoReply: 0), .sackPermitted, .endOfOptionList,
        ])
        XCTAssertEqual(offsets.dropLast(), [20, 24, 25, 28, 29, 30, 40, 42])
        XCTAssertNil(iterator.error)
        XCTAssertNil(segment.options.firstError)
        XCTAssertFalse(segment.options.isEmpty)
        XCTAssertEqual(segment.options.checking, .strict)
        XCTAssertEqual(Self.array(segment.options.bytes), Array(bytes[20 ..< 44]))
        XCTAssertEqual(Self.array(segment.options.padding), [0])
        var walk = segment.options.walk()
        var steps = 0
        while let step = walk.next() {
            if case .malformed = step { XCTFail("no option is malformed") }
            steps += 1
        }
        XCTAssertEqual(steps, 8)
        var kinds: [UInt8] = []
        XCTAssertNil(segment.options.forEach { kinds.append($0.kind) })
        XCTAssertEqual(kinds, [2, 1, 3, 1, 1, 8, 4, 0])
    }

    func testPayloadHeaderAndWholeBytes() throws {
        let payload: [UInt8] = [0x68, 0x69, 0x0A]
        let bytes = syn + payload
        let segment = try TCPSegmentSpan(bytes)
        XCTAssertEqual(Self.array(segment.payload), payload)
        XCTAssertEqual(Self.array(segment.headerBytes), syn)
        XCTAssertEqual(Self.array(segment.bytes), bytes)
        XCTAssertEqual(segment.sequenceLength, 4)
    }

    func testErrorsAreTypedAndThoseOfTheView() throws {
        let cases: [([UInt8], TCPDecodingError)] = [
            ([], .truncatedHeader(needed: 20, available: 0)),
            (Array(syn[..<19]), .truncatedHeader(needed: 20, available: 19)),
            (Array(syn[..<40]), .headerExceedsBuffer(headerLength: 44, available: 40)),
        ]
        for (bytes, expected) in cases {
            do throws(TCPDecodingError) {
                _ = try TCPSegmentSpan(bytes)
                XCTFail("\(bytes.count) bytes decoded")
            } catch {
                // `error` is a TCPDecodingError here, statically: no cast.
                XCTAssertEqual(error, expected)
            }
        }
        var badOption = syn
        badOption[21] = 3  // the MSS option's length byte: 3 is no MSS length
        badOption[23] = 1  // and the byte after its three is a NOP
        do throws(TCPDecodingError) {
            _ = try TCPSegmentSpan(badOption)
            XCTFail("a three-byte MSS option decoded strictly")
        } catch {
            XCTAssertEqual(error, .invalidOptionLength(kind: 2, offset: 20, length: 3))
        }
        let framed = try TCPSegmentSpan(badOption, optionChecking: .framing)
        XCTAssertEqual(framed.sourcePort, 62146, "framing checking accepts an option that breaks only its kind's rule")
    }

    func testLenientSpanRecordsTheProblemAndStopsItsWalk() throws {
        var bytes = syn
        bytes[21] = 0xFF  // the MSS option now claims to run past the header
        let segment = try TCPSegmentSpan(lenient: bytes.span.bytes)
        XCTAssertEqual(segment.problem, .optionExceedsHeader(kind: 2, offset: 20, length: 255, available: 24))
        var iterator = segment.options.makeIterator()
        XCTAssertNil(iterator.next())
        XCTAssertEqual(iterator.error, segment.problem)
    }

    func testOnePassSpanChecksOptionsAsTheyAreRead() throws {
        var bytes = syn
        bytes[26] = 9  // the window scale option (at 25) now claims length 9, which its kind forbids
        let segment = try TCPSegmentSpan(checkingOptionsWhenRead: bytes.span.bytes)
        XCTAssertNil(segment.problem, "nothing is known of the options before they are read")
        var options: [TCPOption] = []
        let error = segment.options.forEach { options.append($0) }
        XCTAssertEqual(options, [.maximumSegmentSize(1460), .noOperation])
        XCTAssertEqual(error, .invalidOptionLength(kind: 3, offset: 25, length: 9))
    }

    func testWithUnsafeViewLendsTheSameView() throws {
        let bytes = syn
        let segment = try TCPSegmentSpan(bytes)
        let header = segment.withUnsafeView { view in TCPHeader(view) }
        XCTAssertEqual(header, TCPHeader(segment))
        XCTAssertEqual(header.sourcePort, 62146)
        struct Stop: Error {}
        XCTAssertThrowsError(try segment.withUnsafeView { (_) throws(Stop) -> Int in throw Stop() }) {
            XCTAssertTrue($0 is Stop)
        }
    }

    func testFramingReadsWhatStrictStopsAt() throws {
        var bytes = syn
        bytes[21] = 3  // an MSS option of length 3: framed, but breaking its kind's rule
        bytes[22] = 0x05
        bytes[23] = 1  // and a NOP after it
        let segment = try TCPSegmentSpan(lenient: bytes.span.bytes)
        XCTAssertNotNil(segment.problem)
        var framed = segment.options(checking: .framing).makeIterator()
        XCTAssertEqual(framed.next(), .malformed(kind: 2, data: try TCPOptionData([0x05])))
        XCTAssertEqual(framed.next(), .noOperation)
    }

    func testDescriptionIsTheViewsLine() throws {
        let bytes = syn + [1, 2, 3]
        let segment = try TCPSegmentSpan(bytes)
        let viewLine = bytes.withUnsafeBytes { (try? TCPSegmentView($0))?.description }
        XCTAssertEqual(segment.description, viewLine)
        XCTAssertTrue(
            segment.description.hasPrefix(
                "62146 > 22: Flags [S], seq 4082233688:4082233691, win 65535, options [mss 1460"),
            segment.description)
        XCTAssertTrue(segment.description.hasSuffix("length 3"))
        var collected = CollectedText()
        segment.write(with: TCPSegmentTextWriter(), to: &collected)
        XCTAssertEqual(String(decoding: collected.bytes, as: UTF8.self), segment.description)
    }

    /// A text output that keeps what is written.
    struct CollectedText: TCPTextOutput {
        var bytes: [UInt8] = []
        mutating func writeBytes(_ bytes: UnsafeRawBufferPointer) { self.bytes += bytes }
    }

    // MARK: Encoding into spans

    func testEncodingIntoAMutableSpanWritesTheHeaderAndChecksum() throws {
        let bytes = syn
        let header = TCPHeader(try TCPSegmentSpan(bytes))
        var buffer = [UInt8](repeating: 0xEE, count: 50)
        let written: Int
        do {
            var span = buffer.mutableSpan
            var output = span.mutableBytes
            written = try header.encode(into: &output, pseudoHeader: pseudoHeader)
        }
        XCTAssertEqual(written, 44)
        XCTAssertEqual(Array(buffer[..<44]), syn, "the capture's bytes, with its checksum recomputed")
        XCTAssertEqual(Array(buffer[44...]), Array(repeating: 0xEE, count: 6))
    }

    func testEncodingIntoATooSmallMutableSpanThrows() throws {
        let bytes = syn
        let header = TCPHeader(try TCPSegmentSpan(bytes))
        var buffer = [UInt8](repeating: 0, count: 43)
        var span = buffer.mutableSpan
        var output = span.mutableBytes
        do throws(TCPEncodingError) {
            try header.encode(into: &output)
            XCTFail("44 bytes fitted in 43")
        } catch {
            XCTAssertEqual(error, .bufferTooSmall(needed: 44, available: 43))
        }
    }

    func testEncodingIntoAnOutputRawSpanAppendsAndLeavesItUnchangedOnError() throws {
        let bytes = syn
        let header = TCPHeader(try TCPSegmentSpan(bytes))
        let payload: [UInt8] = [1, 2, 3]
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 60, alignment: 1)
        defer { storage.deallocate() }
        var output = OutputRawSpan(buffer: storage, initializedCount: 0)
        output.append(0x7F, as: UInt8.self)
        XCTAssertEqual(try header.encode(into: &output, payload: payload.span.bytes), 47)
        XCTAssertEqual(output.byteCount, 48)
        do throws(TCPEncodingError) {
            try header.encode(into: &output)
            XCTFail("44 more bytes fitted in 12")
        } catch {
            XCTAssertEqual(error, .bufferTooSmall(needed: 44, available: 12))
        }
        XCTAssertEqual(output.byteCount, 48, "nothing appended on error")
        let count = output.finalize(for: storage)
        XCTAssertEqual(count, 48)
        XCTAssertEqual(Array(storage[..<48]), [0x7F] + syn + payload)
    }

    func testEncodedReturnsTheBytesAndChecksTheIPv4Length() throws {
        let bytes = syn
        let header = TCPHeader(try TCPSegmentSpan(bytes))
        XCTAssertEqual(try header.encoded(pseudoHeader: pseudoHeader), syn)
        let payload: [UInt8] = [9, 8, 7]
        let encoded = try header.encoded(payload: payload.span.bytes, pseudoHeader: pseudoHeader)
        XCTAssertEqual(encoded.count, 47)
        XCTAssertTrue(try TCPSegmentSpan(encoded).verifyChecksum(pseudoHeader: pseudoHeader))
        let long = [UInt8](repeating: 0, count: 0xFFFF)
        do throws(TCPEncodingError) {
            _ = try header.encoded(payload: long.span.bytes, pseudoHeader: pseudoHeader)
            XCTFail("an IPv4 segment of \(44 + long.count) bytes encoded")
        } catch {
            XCTAssertEqual(error, .segmentTooLong(length: 44 + 0xFFFF, maximum: 0xFFFF))
        }
    }
}
