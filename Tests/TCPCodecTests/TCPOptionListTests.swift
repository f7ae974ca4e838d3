import TCPCodec
import XCTest

final class TCPOptionListTests: XCTestCase {
    private func data(_ bytes: [UInt8]) -> TCPOptionData {
        try! TCPOptionData(bytes)
    }

    private func appendError(_ option: TCPOption, to list: TCPOptionList = TCPOptionList()) -> TCPEncodingError? {
        var copy = list
        do throws(TCPEncodingError) {
            try copy.append(option)
            return nil
        } catch {
            XCTAssertEqual(copy, list, "a refused option must leave the list unchanged")
            XCTAssertEqual(copy.byteCount, list.byteCount)
            return error
        }
    }

    func testAppendWritesWireForms() throws {
        let list = try TCPOptionList([
            .maximumSegmentSize(1460), .noOperation, .windowScale(6), .noOperation, .noOperation,
            .timestamps(value: 1_948_436_430, echoReply: 0), .sackPermitted, .endOfOptionList,
        ])
        // ssh.pcap frame 1's option area, before its padding byte.
        XCTAssertEqual(Array(list.bytes), Array(CaptureFixtures.sshSYN.bytes[20 ..< 43]))
        XCTAssertEqual(list.byteCount, 23)
        XCTAssertEqual(list.paddedByteCount, 24)
        XCTAssertFalse(list.isEmpty)
        XCTAssertNil(list.firstError)
        XCTAssertEqual(Array(list).count, 8)
    }

    func testEveryDecodedOptionAppendsToTheSameBytes() throws {
        for fixture in CaptureFixtures.strictlyValid {
            let options = try strictOptions(fixture.bytes)
            let list = try TCPOptionList(options)
            let area = Array(fixture.bytes[20 ..< fixture.headerLength])
            // The list holds the options; the area may have padding after an EOL.
            XCTAssertEqual(Array(list.bytes), Array(area.prefix(list.byteCount)), fixture.name)
            XCTAssertEqual(Array(list), options, fixture.name)
        }
    }

    func testAppendRefusesWhatWouldNotDecode() throws {
        let invalid: [(TCPOption, String)] = [
            (.unknown(kind: 0, data: data([])), "an unknown option with the kind of EOL"),
            (.unknown(kind: 1, data: data([1])), "an unknown option with the kind of NOP"),
            (.unknown(kind: 2, data: data([1])), "an MSS of length 3 spelled as unknown"),
            (.malformed(kind: 8, data: data([1, 2, 3])), "a malformed timestamps option"),
            (.malformed(kind: 5, data: data([])), "a SACK option with no block given as malformed"),
            (.unknown(kind: 5, data: data([])), "a SACK option with no block given as unknown"),
            (.md5Signature(data(Array(repeating: 1, count: 15))), "an MD5 digest of 15 bytes"),
            (.fastOpenCookie(data([1, 2, 3])), "a TFO cookie of 3 bytes"),
            (.fastOpenCookie(data(Array(repeating: 1, count: 17))), "a TFO cookie of 17 bytes"),
            (.accurateECN(TCPAccurateECNOption(order: 0, counterCount: 4)), "four AccECN counters"),
            (.multipath(MPTCPOption(subtype: .capable, subtypeBits: 1, data: data([1, 2]))), "MP_CAPABLE of 5"),
            (.multipath(MPTCPOption(subtype: .dataSequenceSignal, subtypeBits: 0, data: data([0x01]))),
             "a DSS whose flags announce a data ACK it does not carry"),
            (.multipath(MPTCPOption(subtype: .join, subtypeBits: 0, data: data([]))), "MP_JOIN of 3"),
        ]
        for (option, note) in invalid {
            XCTAssertEqual(appendError(option), .invalidOptionValue(kind: option.kind), note)
        }
        // Too long for the 40-byte area, alone or after other options.
        let full = try TCPOptionList(Array(repeating: TCPOption.noOperation, count: 38))
        XCTAssertEqual(appendError(.maximumSegmentSize(1), to: full), .optionsTooLong(length: 42, maximum: 40))
        XCTAssertNil(appendError(.sackPermitted, to: full))
        XCTAssertEqual(appendError(.md5Signature(data(Array(repeating: 1, count: 39)))),
                       .optionsTooLong(length: 41, maximum: 40))
        XCTAssertEqual(appendError(.experimental(TCPExperimentalOption(
            kind: 254, experimentID: 1, data: data(Array(repeating: 1, count: 37))))),
                       .optionsTooLong(length: 41, maximum: 40))
    }

    func testAppendRefusesOptionsAfterEOL() throws {
        // After an EOL the rest of the area is padding: an option written there would not decode.
        let closed = try TCPOptionList([.noOperation, .endOfOptionList])
        XCTAssertEqual(appendError(.maximumSegmentSize(1460), to: closed), .invalidOptionValue(kind: 2))
        XCTAssertEqual(appendError(.noOperation, to: closed), .invalidOptionValue(kind: 1))
        // Padding goes in as raw bytes.
        var padded = closed
        try [UInt8]([0, 0x60]).withUnsafeBytes { try padded.appendRawBytes($0) }
        XCTAssertEqual(Array(padded.bytes), [1, 0, 0, 0x60])
        XCTAssertEqual(Array(padded), [.noOperation, .endOfOptionList])
        // Nor after a raw tail whose framing is broken: no walk reads past it.
        let broken = TCPOptionList(rawBytes: data([1, 2, 3]))
        XCTAssertEqual(appendError(.noOperation, to: broken), .invalidOptionValue(kind: 1))
        // After a framed tail that breaks only its kind's rule (an MSS of length 3), a framing walk reads on: the
        // option goes in, and the strict check still names the tail.
        var ruleBreaking = TCPOptionList(rawBytes: data([2, 3, 0]))
        try ruleBreaking.append(.noOperation)
        XCTAssertEqual(Array(ruleBreaking.bytes), [2, 3, 0, 1])
        XCTAssertEqual(ruleBreaking.firstError, .invalidOptionLength(kind: 2, offset: 20, length: 3))
    }

    /// A SACK option with no block appends as its two bytes, the faithful copy of what a framing view reads; RFC
    /// 2018 section 3 forbids it, so the list's strict iteration stops before it and ``firstError`` names it.
    func testSACKWithNoBlockAppendsAsItsTwoBytes() throws {
        var list = TCPOptionList()
        for option: TCPOption in [.noOperation, .noOperation, .sack(TCPSACKBlocks()), .noOperation, .noOperation] {
            try list.append(option)
        }
        try list.append(.timestamps(value: 1, echoReply: 2))
        XCTAssertEqual(Array(list.bytes), hexBytes("""
            01 01                             # NOP, NOP
            05 02                             # SACK, length 2: no block
            01 01                             # NOP, NOP
            08 0a 00 00 00 01 00 00 00 02     # timestamps, TSval 1, TSecr 2
            """))
        XCTAssertEqual(Array(list), [.noOperation, .noOperation])
        XCTAssertEqual(list.firstError, .invalidOptionLength(kind: 5, offset: 22, length: 2))
        XCTAssertEqual(try TCPOptionList([.sack(TCPSACKBlocks())]).byteCount, 2)
    }

    func testRawBytesKeepMalformedTailsAndReportThem() {
        let list = TCPOptionList(rawBytes: data([1, 2, 4, 5, 0xB4, 8, 3]))
        XCTAssertEqual(Array(list), [.noOperation, .maximumSegmentSize(1460)])
        // Offsets count from the start of the header: the area starts at byte 20.
        XCTAssertEqual(list.firstError, .optionExceedsHeader(kind: 8, offset: 25, length: 3, available: 2))
        var iterator = list.makeIterator()
        while iterator.next() != nil {}
        XCTAssertEqual(iterator.error, .optionExceedsHeader(kind: 8, offset: 25, length: 3, available: 2))
        XCTAssertEqual(TCPOptionList(rawBytes: data([8, 3, 0, 0])).firstError,
                       .invalidOptionLength(kind: 8, offset: 20, length: 3))
    }

    func testEqualityIsSamePaddedBytes() throws {
        let nop = try TCPOptionList([.noOperation])
        let nopEOL = try TCPOptionList([.noOperation, .endOfOptionList])
        let raw = TCPOptionList(rawBytes: data([1, 0, 0, 0]))
        XCTAssertEqual(nop, nopEOL)
        XCTAssertEqual(nop, raw)
        XCTAssertEqual(nop.hashValue, raw.hashValue)
        XCTAssertNotEqual(nop, try TCPOptionList([.noOperation, .noOperation]))
        // Five bytes pad to eight, which four zero bytes do not equal.
        XCTAssertNotEqual(TCPOptionList(rawBytes: data([1, 0, 0, 0, 0])), raw)
        XCTAssertEqual(TCPOptionList(), TCPOptionList(rawBytes: data([])))
        var list = nopEOL
        list.removeAll()
        XCTAssertTrue(list.isEmpty)
        XCTAssertEqual(list, TCPOptionList())
    }
}

final class TCPOptionDataTests: XCTestCase {
    func testHoldsUpToFortyBytes() throws {
        let forty = try TCPOptionData(Array(0 ..< 40))
        XCTAssertEqual(forty.count, 40)
        XCTAssertEqual(Array(forty), Array(0 ..< 40))
        XCTAssertThrowsError(try TCPOptionData(Array(0 ..< 41))) {
            XCTAssertEqual($0 as? TCPEncodingError, .optionsTooLong(length: 41, maximum: 40))
        }
        try [UInt8](repeating: 7, count: 41).withUnsafeBytes { raw in
            XCTAssertThrowsError(try TCPOptionData(raw))
            XCTAssertEqual(try TCPOptionData(UnsafeRawBufferPointer(rebasing: raw[0 ..< 3])),
                           try TCPOptionData([7, 7, 7]))
        }
        var growing = try TCPOptionData([1])
        try growing.append(2)
        XCTAssertEqual(growing.description, "0102")
        var full = forty
        XCTAssertThrowsError(try full.append(1))
        XCTAssertEqual(full, forty)
        XCTAssertNotEqual(try TCPOptionData([0]), TCPOptionData())
        XCTAssertEqual(try TCPOptionData([1, 0]).hashValue, try TCPOptionData([1, 0]).hashValue)
    }
}

final class TCPSACKBlocksTests: XCTestCase {
    func testOneToFourBlocks() throws {
        let block = TCPSACKBlock(left: SequenceNumber(1), right: SequenceNumber(2))
        XCTAssertThrowsError(try TCPSACKBlocks([])) {
            XCTAssertEqual($0 as? TCPEncodingError, .invalidOptionValue(kind: 5))
        }
        XCTAssertThrowsError(try TCPSACKBlocks(Array(repeating: block, count: 5))) {
            XCTAssertEqual($0 as? TCPEncodingError, .tooManySACKBlocks(count: 5, maximum: 4))
            XCTAssertEqual(
                ($0 as? TCPEncodingError)?.description,
                "5 SACK blocks: at most 4 fit in the 40-byte option space (RFC 2018 section 3)")
        }
        var five = try TCPSACKBlocks(Array(repeating: block, count: 4))
        XCTAssertThrowsError(try five.append(block)) {
            XCTAssertEqual($0 as? TCPEncodingError, .tooManySACKBlocks(count: 5, maximum: 4))
        }
        var blocks = try TCPSACKBlocks(Array(repeating: block, count: 3))
        try blocks.append(TCPSACKBlock(left: SequenceNumber(9), right: SequenceNumber(10)))
        XCTAssertEqual(blocks.count, 4)
        XCTAssertEqual(blocks[3].left, SequenceNumber(9))
        XCTAssertThrowsError(try blocks.append(block))
        XCTAssertNotEqual(blocks, try TCPSACKBlocks(Array(repeating: block, count: 4)))
        XCTAssertEqual(try TCPSACKBlocks([block]), try TCPSACKBlocks([block]))
    }

    /// No block: what framing decoding gives a SACK option of length 2; `init(_:)` still builds only what RFC 2018
    /// allows.
    func testNoBlock() throws {
        let none = TCPSACKBlocks()
        XCTAssertEqual(none.count, 0)
        XCTAssertTrue(none.isEmpty)
        XCTAssertEqual(Array(none), [])
        XCTAssertEqual(none, TCPSACKBlocks())
        XCTAssertEqual(none.hashValue, TCPSACKBlocks().hashValue)
        let block = TCPSACKBlock(left: SequenceNumber(1), right: SequenceNumber(2))
        XCTAssertNotEqual(none, try TCPSACKBlocks([block]))
        XCTAssertEqual(TCPOption.sack(none).encodedLength, 2)
    }
}

/// Values that would decode to something else are refused by `append`, so a built list reads back as built.
final class TCPOptionListReadBackTests: XCTestCase {
    func testAppendRefusesValuesThatDecodeDifferently() throws {
        var list = TCPOptionList()
        // An unknown option spelled with MSS's kind decodes as an MSS, not as the unknown value given.
        let mssBytes = try TCPOptionData([0x05, 0xB4])
        XCTAssertThrowsError(try list.append(.unknown(kind: TCPOptionKind.maximumSegmentSize, data: mssBytes)))
        // An experimental option must use kind 253 or 254.
        let experimental = TCPExperimentalOption(kind: 5, experimentID: 0xF989, data: TCPOptionData())
        XCTAssertThrowsError(try list.append(.experimental(experimental)))
        XCTAssertTrue(list.isEmpty)
        // The same MSS value through its typed case is accepted and reads back.
        try list.append(.maximumSegmentSize(1460))
        XCTAssertEqual(Array(list), [.maximumSegmentSize(1460)])
    }

    func testAccurateECNOrderIsNormalised() throws {
        let option = TCPAccurateECNOption(order: 2, counterCount: 1, first: 7)
        XCTAssertEqual(option.order, 1)
        XCTAssertEqual(option.kind, TCPOptionKind.accurateECN1)
        var list = TCPOptionList()
        try list.append(.accurateECN(option))
        XCTAssertEqual(Array(list), [.accurateECN(option)])
    }
}

final class TCPOptionListLiteralTests: XCTestCase {
    func testALiteralIsTheListOfItsOptions() throws {
        let literal: TCPOptionList = [.maximumSegmentSize(1460), .sackPermitted, .noOperation, .windowScale(7)]
        let built = try TCPOptionList([.maximumSegmentSize(1460), .sackPermitted, .noOperation, .windowScale(7)])
        XCTAssertEqual(literal, built)
        XCTAssertEqual(Array(literal.bytes), [2, 4, 0x05, 0xB4, 4, 2, 1, 3, 3, 7])  // MSS 1460, sackOK, NOP, WS 7
        let empty: TCPOptionList = []
        XCTAssertTrue(empty.isEmpty)
        // What a literal cannot hold, the checked initializer refuses with a sentence.
        let fiftyBytes = Array(repeating: TCPOption.timestamps(value: 1, echoReply: 2), count: 5)
        XCTAssertThrowsError(try TCPOptionList(fiftyBytes)) {
            XCTAssertEqual($0 as? TCPEncodingError, .optionsTooLong(length: 50, maximum: 40))
        }
    }
}
