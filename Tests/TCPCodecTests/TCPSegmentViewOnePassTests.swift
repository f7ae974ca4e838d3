import TCPCodec
import XCTest

/// `TCPSegmentView(checkingOptionsWhenRead:optionChecking:)`: the fixed header checked at once, the options as they
/// are read, with the same errors as the validating initializer.
final class TCPSegmentViewOnePassTests: XCTestCase {
    /// What one-pass decoding gives: the initializer's error, or the options read and the iterator's error.
    enum OnePass: Equatable {
        case rejected(TCPDecodingError)
        case read([TCPOption], stoppedBy: TCPDecodingError?)
    }

    func onePass(_ bytes: [UInt8], checking: TCPOptionChecking = .strict) -> OnePass {
        bytes.withUnsafeBytes { raw in
            do throws(TCPDecodingError) {
                let view = try TCPSegmentView(checkingOptionsWhenRead: raw, optionChecking: checking)
                var options: [TCPOption] = []
                var iterator = view.options.makeIterator()
                while let option = iterator.next() { options.append(option) }
                return .read(options, stoppedBy: iterator.error)
            } catch {
                return .rejected(error)
            }
        }
    }

    func testWellFormedSegmentsReadAsTheValidatingViewReadsThem() throws {
        let fixtures = [
            CaptureFixtures.sshSYN, CaptureFixtures.sshSYNACK, CaptureFixtures.sshSACK,
            CaptureFixtures.mptcpV1CapableSYN, CaptureFixtures.mptcpV0AddAddressAndDSS, CaptureFixtures.tfoCookie,
            CaptureFixtures.accecnSYN, CaptureFixtures.bgpMD5, CaptureFixtures.ipv6,
        ]
        for fixture in fixtures {
            for checking in [TCPOptionChecking.strict, .framing] {
                let expected = try strictOptions(fixture.bytes, checking: checking)
                XCTAssertFalse(expected.isEmpty)
                XCTAssertEqual(onePass(fixture.bytes, checking: checking), .read(expected, stoppedBy: nil))
                try fixture.bytes.withUnsafeBytes { raw in
                    let validated = try TCPSegmentView(raw, optionChecking: checking)
                    let view = try TCPSegmentView(checkingOptionsWhenRead: raw, optionChecking: checking)
                    XCTAssertEqual(view.optionChecking, checking)
                    XCTAssertNil(view.problem)
                    XCTAssertEqual(TCPHeader(view), TCPHeader(validated))
                    XCTAssertEqual(view.payload.count, validated.payload.count)
                    XCTAssertEqual(view.headerLength, validated.headerLength)
                    XCTAssertEqual(view.sequenceNumber, validated.sequenceNumber)
                    XCTAssertEqual(view.flags, validated.flags)
                }
            }
        }
    }

    func testFixedHeaderProblemsAreThrownByTheInitializer() {
        XCTAssertEqual(onePass(Array(repeating: 0, count: 19)), .rejected(.truncatedHeader(needed: 20, available: 19)))
        XCTAssertEqual(onePass([]), .rejected(.truncatedHeader(needed: 20, available: 0)))
        var small = segment(options: [])
        small[12] = 0x40  // data offset 4
        XCTAssertEqual(onePass(small), .rejected(.dataOffsetTooSmall(dataOffset: 4)))
        var long = segment(options: [0x01, 0x01, 0x01, 0x01])
        long[12] = 0x70  // data offset 7: 28 bytes announced, 24 given
        XCTAssertEqual(onePass(long), .rejected(.headerExceedsBuffer(headerLength: 28, available: 24)))
        // An option problem after a fixed-header problem is not reached: the initializer throws first.
        var both = segment(options: [0x02, 0x01, 0x00, 0x00])
        both[12] = 0xF0
        XCTAssertEqual(onePass(both), .rejected(.headerExceedsBuffer(headerLength: 60, available: 24)))
    }

    func testOptionProblemsStopTheIterationWithTheValidatingError() throws {
        let cases: [[UInt8]] = [
            [0x01, 0x02, 0x04, 0x05, 0xB4, 0x01, 0x08, 0x0A],   // MSS, then a timestamps option cut by the area
            [0x02, 0x01, 0x00, 0x00],                           // length 1
            [0x01, 0x01, 0x01, 0x02],                           // length byte missing at the area's end
            [0x02, 0x03, 0x05, 0x01],                           // MSS of length 3: breaks only its kind's rule
            [0x03, 0x03, 0x07, 0x05, 0x05, 0x00, 0x00, 0x00],   // window scale, then SACK of length 5
            [0x01, 0x01, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00],   // EOL first: the broken bytes after it are padding
        ]
        for area in cases {
            let bytes = segment(options: area)
            for checking in [TCPOptionChecking.strict, .framing] {
                let validatingError = strictError(bytes, checking: checking)
                let result = onePass(bytes, checking: checking)
                guard case .read(let options, let stoppedBy) = result else {
                    XCTFail("\(area): the one-pass initializer threw: \(result)")
                    continue
                }
                XCTAssertEqual(stoppedBy, validatingError, "\(area), \(checking)")
                if validatingError == nil {
                    XCTAssertEqual(options, try strictOptions(bytes, checking: checking), "\(area), \(checking)")
                }
                // The options read before the problem are those a lenient walk shows before it.
                let lenient = try bytes.withUnsafeBytes { raw in
                    Array(try TCPSegmentView(lenient: raw, optionChecking: checking).options)
                }
                XCTAssertEqual(options, lenient, "\(area), \(checking)")
            }
        }
        // Spot checks of the errors themselves.
        XCTAssertEqual(onePass(segment(options: [0x02, 0x01, 0x00, 0x00])),
                       .read([], stoppedBy: .optionLengthTooSmall(kind: 2, offset: 20, length: 1)))
        XCTAssertEqual(onePass(segment(options: [0x02, 0x03, 0x05, 0x01])),
                       .read([], stoppedBy: .invalidOptionLength(kind: 2, offset: 20, length: 3)))
        XCTAssertEqual(onePass(segment(options: [0x02, 0x03, 0x05, 0x01]), checking: .framing),
                       .read([.malformed(kind: 2, data: try TCPOptionData([0x05])), .noOperation], stoppedBy: nil))
        XCTAssertEqual(onePass(segment(options: [0x01, 0x01, 0x01, 0x02])),
                       .read([.noOperation, .noOperation, .noOperation],
                             stoppedBy: .optionLengthMissing(kind: 2, offset: 23)))
    }

    func testEveryKindAndLengthReadsAsTheValidatingViewReadsIt() throws {
        // Every kind with every length an option area can hold, and for MPTCP every subtype with two flag bytes:
        // the one-pass iterator (which checks each kind's rule as it reads the option) must agree with the
        // validating initializer (which checks the rules in a separate walk) under both checkings.
        var compared = 0
        for kind in 2 ... 255 {
            for length in 2 ... 38 {
                let thirdBytes: [UInt8] = kind == 30 ? (0 ... 15).map { UInt8($0) << 4 } : [0xA5]
                for third in thirdBytes {
                    for fourth: UInt8 in kind == 30 ? [0x00, 0xFF] : [0x5A] {
                        var option = [UInt8(kind), UInt8(length)] + [UInt8](repeating: 0x11, count: length - 2)
                        if length > 2 { option[2] = third }
                        if length > 3 { option[3] = fourth }
                        let bytes = segment(options: padded(option))
                        for checking in [TCPOptionChecking.strict, .framing] {
                            let validatingError = strictError(bytes, checking: checking)
                            guard case .read(let options, let stoppedBy) = onePass(bytes, checking: checking) else {
                                XCTFail("kind \(kind) length \(length): the initializer threw")
                                continue
                            }
                            XCTAssertEqual(stoppedBy, validatingError, "kind \(kind) length \(length) \(checking)")
                            if validatingError == nil {
                                XCTAssertEqual(options, try strictOptions(bytes, checking: checking),
                                               "kind \(kind) length \(length) \(checking)")
                            }
                            compared += 1
                        }
                    }
                }
            }
        }
        XCTAssertEqual(compared, (254 * 37 + 16 * 2 * 37 - 37) * 2)
    }

    func testFirstErrorAndWalkAgreeWithTheIterator() throws {
        let bytes = segment(options: [0x01, 0x03, 0x03, 0x07, 0x08, 0x0A, 0x00, 0x00])
        try bytes.withUnsafeBytes { raw in
            let view = try TCPSegmentView(checkingOptionsWhenRead: raw)
            let error = TCPDecodingError.optionExceedsHeader(kind: 8, offset: 24, length: 10, available: 4)
            XCTAssertEqual(view.options.firstError, error)
            XCTAssertEqual(Array(view.options.walk()), [
                .option(.noOperation, offset: 20), .option(.windowScale(7), offset: 21), .malformed(error),
            ])
            XCTAssertEqual(strictError(bytes), error)
        }
    }

    func testRandomBytesGiveTheValidatingVerdict() {
        var generator = SplitMix64(seed: 0x0E_0A55)
        var outcomes = (rejected: 0, stopped: 0, clean: 0)
        for round in 0 ..< 20_000 {
            // A plausible fixed header (data offset 5 ... 15) with random option bytes, sometimes cut short.
            let dataOffset = Int.random(in: 5 ... 15, using: &generator)
            var bytes = segment(options: []) + randomBytes((dataOffset - 5) * 4, using: &generator)
            bytes[12] = UInt8(dataOffset << 4)
            if round % 7 == 0 { bytes.removeLast(Int.random(in: 0 ... bytes.count, using: &generator)) }
            for checking in [TCPOptionChecking.strict, .framing] {
                let validatingError = strictError(bytes, checking: checking)
                switch onePass(bytes, checking: checking) {
                case .rejected(let error):
                    outcomes.rejected += 1
                    XCTAssertEqual(error, validatingError, "round \(round)")
                case .read(let options, let stoppedBy):
                    if stoppedBy == nil { outcomes.clean += 1 } else { outcomes.stopped += 1 }
                    XCTAssertEqual(stoppedBy, validatingError, "round \(round)")
                    if validatingError == nil {
                        XCTAssertEqual(options, try? strictOptions(bytes, checking: checking), "round \(round)")
                    }
                }
            }
        }
        // The rounds reach all three outcomes, each many times.
        XCTAssertGreaterThan(outcomes.rejected, 1_000)
        XCTAssertGreaterThan(outcomes.stopped, 1_000)
        XCTAssertGreaterThan(outcomes.clean, 1_000)
    }
}
