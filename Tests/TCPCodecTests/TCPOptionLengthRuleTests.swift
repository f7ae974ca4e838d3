@testable import TCPCodec
import XCTest

/// The table of option length rules, ``TCPOptionKind/lengthRule(of:)``, against each kind's RFC, and every path of
/// the decoder that checks an option's length against the table: for every kind and every length a header can
/// hold, `isValidLength`, the validating walk, the one-pass iterator, the framing mode, the lenient view and the
/// option list all agree with it.
final class TCPOptionLengthRuleTests: XCTestCase {
    /// The rules, written out again from each RFC.
    func testTableMatchesTheRFCs() {
        let ruled: [UInt8: TCPOptionLengthRule] = [
            0: .kindOnly, 1: .kindOnly,                               // EOL, NOP: RFC 9293 section 3.2
            2: .exactly(4),                                           // MSS: RFC 9293 section 3.2
            3: .exactly(3),                                           // window scale: RFC 7323 section 2.2
            4: .exactly(2),                                           // SACK permitted: RFC 2018 section 2
            5: .repeating(base: 2, step: 8, counts: 1 ... 4),         // SACK: RFC 2018 section 3
            8: .exactly(10),                                          // timestamps: RFC 7323 section 3.2
            19: .exactly(18),                                         // MD5: RFC 2385
            28: .exactly(4),                                          // user timeout: RFC 5482
            29: .atLeast(4),                                          // TCP-AO: RFC 5925 section 2.2
            30: .bySubtype(atLeast: 3),                               // MPTCP: RFC 8684 section 3
            34: .emptyOrWithin(6 ... 18),                             // TFO: RFC 7413 section 4.1.1
            172: .repeating(base: 2, step: 3, counts: 0 ... 3),       // Accurate ECN: RFC 9768 section 3.2.3
            174: .repeating(base: 2, step: 3, counts: 0 ... 3),
            253: .atLeast(4), 254: .atLeast(4),                       // experiments: RFC 6994
        ]
        for kind in UInt8.min ... UInt8.max {
            XCTAssertEqual(TCPOptionKind.lengthRule(of: kind), ruled[kind] ?? .any, "kind \(kind)")
        }
    }

    /// The lengths each form of rule allows, among 0 ... 40, and its shortest.
    func testAllowedLengths() {
        func allowed(_ rule: TCPOptionLengthRule) -> [Int] { (0 ... 40).filter { rule.allows($0) } }
        XCTAssertEqual(allowed(.kindOnly), [1])
        XCTAssertEqual(allowed(.any), Array(2 ... 40))
        XCTAssertEqual(allowed(.exactly(4)), [4])
        XCTAssertEqual(allowed(.atLeast(4)), Array(4 ... 40))
        XCTAssertEqual(allowed(.bySubtype(atLeast: 3)), Array(3 ... 40))
        XCTAssertEqual(allowed(.repeating(base: 2, step: 8, counts: 1 ... 4)), [10, 18, 26, 34])
        XCTAssertEqual(allowed(.repeating(base: 2, step: 3, counts: 0 ... 3)), [2, 5, 8, 11])
        XCTAssertEqual(allowed(.emptyOrWithin(6 ... 18)), [2] + Array(6 ... 18))
        // Lengths a header cannot hold, and negative ones, wrap nowhere.
        XCTAssertFalse(TCPOptionLengthRule.repeating(base: 2, step: 8, counts: 1 ... 4).allows(42))
        XCTAssertFalse(TCPOptionLengthRule.repeating(base: 2, step: 8, counts: 1 ... 4).allows(-6))
        XCTAssertFalse(TCPOptionLengthRule.repeating(base: 2, step: 3, counts: 0 ... 3).allows(-1))
        XCTAssertEqual(
            [TCPOptionLengthRule.kindOnly, .any, .exactly(4), .atLeast(4), .bySubtype(atLeast: 3),
             .repeating(base: 2, step: 8, counts: 1 ... 4), .repeating(base: 2, step: 3, counts: 0 ... 3),
             .emptyOrWithin(6 ... 18)].map(\.minimumLength),
            [1, 2, 4, 4, 3, 10, 2, 2])
        XCTAssertEqual(TCPOptionLengthRule.bySubtype(atLeast: 3).isDecidedByLength, false)
        XCTAssertEqual(TCPOptionLengthRule.atLeast(4).isDecidedByLength, true)
    }

    /// A SACK option with no block (kind 5, length 2), as some servers send. RFC 2018 section 3 requires one to
    /// four blocks: strict decoding rejects it on every path with its kind, offset and length; framing decoding
    /// reads it on every path as a SACK option with no block, goes on past it, and encodes it back to its bytes.
    func testSACKWithNoBlockOnEveryPath() throws {
        let area = hexBytes("""
            01 01                             # NOP, NOP (offsets 20, 21)
            05 02                             # SACK, length 2: no block (offset 22)
            01 01                             # NOP, NOP (offsets 24, 25)
            08 0a 00 00 00 01 00 00 00 02     # timestamps, TSval 1, TSecr 2 (offset 26)
            """)
        let bytes = segment(options: area)
        let error = TCPDecodingError.invalidOptionLength(kind: 5, offset: 22, length: 2)
        let noBlock = TCPOption.sack(TCPSACKBlocks())
        let framed: [TCPOption] = [
            .noOperation, .noOperation, noBlock, .noOperation, .noOperation, .timestamps(value: 1, echoReply: 2),
        ]
        XCTAssertEqual(noBlock.kind, 5)
        XCTAssertEqual(noBlock.encodedLength, 2)

        try bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            // Strict: the validating walk, the validating view, the owned header, the mutable view, the one-pass
            // iterator, the lenient view and an option list all name the SACK option.
            XCTAssertThrowsError(try TCPOption.validateAll(base: base, start: 20, end: 36, checking: .strict)) {
                XCTAssertEqual($0 as? TCPDecodingError, error)
            }
            XCTAssertEqual(strictError(bytes), error)
            XCTAssertThrowsError(try TCPHeader(decoding: raw)) { XCTAssertEqual($0 as? TCPDecodingError, error) }
            var copy = bytes
            try copy.withUnsafeMutableBytes { mutable in
                XCTAssertThrowsError(try TCPSegmentMutableView(mutable)) {
                    XCTAssertEqual($0 as? TCPDecodingError, error)
                }
            }
            var onePass = try TCPSegmentView(checkingOptionsWhenRead: raw).options.makeIterator()
            XCTAssertEqual(onePass.next(), .noOperation)
            XCTAssertEqual(onePass.next(), .noOperation)
            XCTAssertNil(onePass.next())
            XCTAssertEqual(onePass.error, error)
            let lenient = try TCPSegmentView(lenient: raw)
            XCTAssertEqual(lenient.problem, error)
            XCTAssertEqual(Array(lenient.options.walk()), [
                .option(.noOperation, offset: 20), .option(.noOperation, offset: 21), .malformed(error),
            ])
            let list = TCPOptionList(rawBytes: try TCPOptionData(area))
            XCTAssertEqual(Array(list), [.noOperation, .noOperation])
            XCTAssertEqual(list.firstError, error)

            // Framing: the validating view (its iterator reads at the offsets its walk recorded), the one-pass
            // iterator, the lenient view, a strict view's options read with framing checking, and the inline
            // reader of option lists all read the SACK option with no block, then the options after it.
            let validated = try TCPSegmentView(raw, optionChecking: .framing)
            XCTAssertNotEqual(validated.optionStarts, 0, "the inline walk accepts the area under framing")
            XCTAssertEqual(Array(validated.options), framed)
            XCTAssertEqual(Array(validated.options.walk()), zip(framed, [20, 21, 22, 24, 25, 26]).map {
                .option($0, offset: $1)
            })
            var framedOnePass = try TCPSegmentView(checkingOptionsWhenRead: raw, optionChecking: .framing)
                .options.makeIterator()
            var onePassOptions: [TCPOption] = []
            while let option = framedOnePass.next() { onePassOptions.append(option) }
            XCTAssertEqual(onePassOptions, framed)
            XCTAssertNil(framedOnePass.error)
            let lenientFraming = try TCPSegmentView(lenient: raw, optionChecking: .framing)
            XCTAssertNil(lenientFraming.problem)
            XCTAssertEqual(Array(lenientFraming.options), framed)
            XCTAssertEqual(Array(lenient.options(checking: .framing)), framed)
            var listIterator = TCPOptionList.Iterator(bytes: list.bytes, checking: .framing)
            var listOptions: [TCPOption] = []
            while let option = listIterator.next() { listOptions.append(option) }
            XCTAssertEqual(listOptions, framed)
            XCTAssertNil(listIterator.error)
            let (read, next) = try TCPOption.read(from: base, at: 22, end: 36, checking: .framing)
            XCTAssertEqual(read, noBlock)
            XCTAssertEqual(next, 24)
            XCTAssertEqual(try TCPOption.readFramed(from: base, at: 22, checking: .framing), noBlock)
            XCTAssertThrowsError(try TCPOption.readFramed(from: base, at: 22, checking: .strict)) {
                XCTAssertEqual($0 as? TCPDecodingError, error)
            }

            // Encoding: the options built one by one write the same area, and the owned header of the framing
            // view encodes to the same segment.
            XCTAssertEqual(Array(try TCPOptionList(framed).bytes), area)
            let header = TCPHeader(validated)
            var written = [UInt8](repeating: 0xFF, count: header.headerLength)
            XCTAssertEqual(try written.withUnsafeMutableBytes { try header.encode(into: $0) }, bytes.count)
            XCTAssertEqual(written, bytes)
            XCTAssertEqual(header.options.firstError, error, "the owned list's strict check names it")
        }
    }

    /// The same option alone in the area, before the EOL: framing reads it, the EOL and nothing of the padding.
    func testSACKWithNoBlockBeforeEndOfList() throws {
        let bytes = segment(options: hexBytes("""
            05 02    # SACK, length 2: no block
            00 00    # EOL, padding
            """))
        XCTAssertEqual(strictError(bytes), .invalidOptionLength(kind: 5, offset: 20, length: 2))
        XCTAssertEqual(
            try strictOptions(bytes, checking: .framing), [.sack(TCPSACKBlocks()), .endOfOptionList])
        // Only length 2 is read so: any other length outside 2 + 8n stays malformed under framing.
        for length in [3, 9, 11] {
            var area = [UInt8](repeating: 0, count: 12)
            area[0] = 5
            area[1] = UInt8(length)
            XCTAssertEqual(
                try strictOptions(segment(options: area), checking: .framing).first,
                .malformed(kind: 5, data: try TCPOptionData([UInt8](repeating: 0, count: length - 2))),
                "length \(length)")
        }
    }

    /// The bytes of a 40-byte option area holding one option of `kind` with length byte `length`, its value bytes
    /// `content` (cycled), then EOL and zero padding.
    private func segmentBytes(kind: UInt8, length: Int, content: [UInt8]) -> [UInt8] {
        var area = [UInt8](repeating: 0, count: 40)
        area[0] = kind
        area[1] = UInt8(length)
        for index in 2 ..< max(length, 2) { area[index] = content[(index - 2) % content.count] }
        return segment(options: area)
    }

    /// Whether strict decoding must accept an option of `kind` and `length` whose value bytes start with `content`:
    /// the table's rule and, for MPTCP, its subtype's rule.
    private func isAllowed(kind: UInt8, length: Int, content: [UInt8]) -> Bool {
        let rule = TCPOptionKind.lengthRule(of: kind)
        guard rule.allows(length) else { return false }
        if rule.isDecidedByLength { return true }
        XCTAssertEqual(kind, TCPOptionKind.multipath, "only MPTCP needs its bytes")
        return MPTCPOption.isValid(subtype: content[0] >> 4, length: length, flagsByte: length >= 4 ? content[1] : nil)
    }

    func testEveryKindAndLengthAgreesWithTheTable() throws {
        var checked = 0
        for kind in UInt8(2) ... UInt8.max {
            // MPTCP's subtypes (high nibble of the third byte) and DSS flags (fourth byte) decide its lengths.
            let contents: [[UInt8]] = kind == TCPOptionKind.multipath
                ? (0 ... 15).flatMap { subtype in (0 ... 0x1F).map { [UInt8(subtype << 4 | 0x01), UInt8($0), 0xA5] } }
                : [[kind ^ 0x5A, 0xC3, 0x0F]]
            for content in contents {
                for length in 0 ... 40 {
                    try checkAgreement(kind: kind, length: length, content: content)
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, (254 - 1) * 41 + 16 * 32 * 41)
    }

    func testEndOfListAndNoOperationTakeOneByte() throws {
        for kind in [TCPOptionKind.endOfOptionList, TCPOptionKind.noOperation] {
            XCTAssertEqual(TCPOptionKind.lengthRule(of: kind), .kindOnly)
            let bytes = segment(options: [kind, 0, 0, 0])
            let options = try strictOptions(bytes)
            let expected: [TCPOption] = kind == 0 ? [.endOfOptionList] : [.noOperation, .endOfOptionList]
            XCTAssertEqual(options, expected)
            XCTAssertEqual(options[0].encodedLength, TCPOptionKind.lengthRule(of: kind).minimumLength)
        }
    }

    private func checkAgreement(kind: UInt8, length: Int, content: [UInt8]) throws {
        let bytes = segmentBytes(kind: kind, length: length, content: content)
        let label = "kind \(kind), length \(length), content \(content)"
        let start = TCPHeaderLayout.minimumHeaderLength
        let allowed = length >= 2 && isAllowed(kind: kind, length: length, content: content)
        // What every strict path must report: nothing, a framing error, or the rule's error.
        let expectedError: TCPDecodingError? = length < 2
            ? .optionLengthTooSmall(kind: kind, offset: start, length: length)
            : (allowed ? nil : .invalidOptionLength(kind: kind, offset: start, length: length))

        try bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            // isValidLength, for a framed option.
            if length >= 2 {
                XCTAssertEqual(
                    TCPOption.isValidLength(kind: kind, length: length, base: base, offset: start), allowed, label)
                // The inline check may defer to the precise one, but never accept what the table forbids.
                if TCPOption.hasPlainlyValidLength(kind: kind, length: length) {
                    XCTAssertTrue(allowed, "plainly valid yet forbidden: \(label)")
                }
            }

            // The validating walk, alone and through the view's initializer (inline pass, then the precise one).
            var walkError: TCPDecodingError?
            do throws(TCPDecodingError) {
                try TCPOption.validateAll(base: base, start: start, end: raw.count, checking: .strict)
            } catch {
                walkError = error
            }
            XCTAssertEqual(walkError, expectedError, "validating walk: \(label)")
            var viewError: TCPDecodingError?
            var viewOptions: [TCPOption] = []
            do throws(TCPDecodingError) {
                viewOptions = Array(try TCPSegmentView(raw).options)
            } catch {
                viewError = error
            }
            XCTAssertEqual(viewError, expectedError, "validating view: \(label)")

            // The one-pass iterator.
            let onePass = try TCPSegmentView(checkingOptionsWhenRead: raw, optionChecking: .strict)
            var iterator = onePass.options.makeIterator()
            var onePassOptions: [TCPOption] = []
            while let option = iterator.next() { onePassOptions.append(option) }
            XCTAssertEqual(iterator.error, expectedError, "one-pass iterator: \(label)")
            XCTAssertEqual(onePassOptions, viewOptions, "one-pass iterator: \(label)")
            if allowed {
                XCTAssertEqual(onePassOptions.first?.kind, kind, label)
                XCTAssertEqual(onePassOptions.first?.encodedLength, length, label)
                if case .malformed = onePassOptions.first { XCTFail("malformed: \(label)") }
                if case .unknown = onePassOptions.first {
                    XCTAssertEqual(TCPOptionKind.lengthRule(of: kind), .any, "typed kind read as unknown: \(label)")
                }
            }

            // The lenient view and an option list over the same area (offsets from the area, moved to the header's).
            XCTAssertEqual(try TCPSegmentView(lenient: raw).problem, expectedError, "lenient view: \(label)")
            let list = TCPOptionList(rawBytes: try TCPOptionData(raw[start...]))
            XCTAssertEqual(list.firstError, expectedError, "option list: \(label)")
            if allowed { XCTAssertEqual(list.first { _ in true }, onePassOptions.first, "option list: \(label)") }

            // Framing mode: a length the rule forbids is yielded as malformed instead.
            if length >= 2 {
                let framed = try TCPSegmentView(checkingOptionsWhenRead: raw, optionChecking: .framing)
                var framedIterator = framed.options.makeIterator()
                let first = framedIterator.next()
                var isMalformed = false
                if case .malformed(let malformedKind, let data) = first {
                    isMalformed = true
                    XCTAssertEqual(malformedKind, kind, label)
                    XCTAssertEqual(data.count, length - 2, label)
                }
                // The one exception: a SACK option with no block is read as such (RFC 2018 forbids it).
                let isSACKWithoutBlocks = kind == TCPOptionKind.sack && length == 2
                XCTAssertEqual(isMalformed, !allowed && !isSACKWithoutBlocks, "framing mode: \(label)")
                if isSACKWithoutBlocks { XCTAssertEqual(first, .sack(TCPSACKBlocks()), label) }
                XCTAssertEqual(try TCPSegmentView(raw, optionChecking: .framing).options.first { _ in true }, first)
            }
        }
    }
}
