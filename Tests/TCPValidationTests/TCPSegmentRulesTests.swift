import TCPCodec
import XCTest

@testable import TCPValidation

final class TCPSegmentRulesTests: XCTestCase {
    private let classic: [TCPFlags] = [.fin, .syn, .rst, .psh, .ack, .urg, .ece, .cwr]

    /// Every combination of FIN, SYN, RST, ACK and URG, with and without PSH, ECE, CWR and AE.
    func testConntrackTableExactly() throws {
        let valid: Set<UInt16> = [0x002, 0x022, 0x012, 0x004, 0x014, 0x011, 0x031, 0x010, 0x030]
        for base in 0..<32 {
            var flags = TCPFlags()
            if base & 1 != 0 { flags.insert(.fin) }
            if base & 2 != 0 { flags.insert(.syn) }
            if base & 4 != 0 { flags.insert(.rst) }
            if base & 8 != 0 { flags.insert(.ack) }
            if base & 16 != 0 { flags.insert(.urg) }
            let expected = valid.contains(flags.rawValue)
            for extra in [TCPFlags(), .psh, .ece, .cwr, .ae, [.psh, .ece, .cwr, .ae]] {
                let all = flags.union(extra)
                XCTAssertEqual(TCPFlagProfile.conntrackAccepts(all), expected, "flags \(all)")
                let verdict = try SegmentBuilder.judge(SegmentBuilder.header(all, ack: all.contains(.ack) ? 1 : 0))
                XCTAssertEqual(verdict.anomalies.contains(.invalidFlags), !expected, "flags \(all)")
                XCTAssertEqual(verdict.flagsAreValid, expected, "flags \(all)")
            }
        }
    }

    /// `summarize` skips `judgeFields` for the common shape (ACK or PSH|ACK, no urgent pointer): only where
    /// `judgeFields` finds nothing, under either profile, whatever the acknowledgment number and payload length.
    func testTheCommonShapeHasNoFieldAnomaly() {
        var common: [TCPFlags] = []
        for raw in UInt16(0) ..< 0x1000 {
            let flags = TCPFlags(rawValue: raw)
            for urgentPointer: UInt16 in [0, 1, 0xFFFF] {
                guard TCPSegmentRules.isCommonShape(flags, urgentPointer: urgentPointer) else { continue }
                XCTAssertEqual(urgentPointer, 0)
                if !common.contains(flags) { common.append(flags) }
                for profile: TCPFlagProfile in [.conntrack, .strict] {
                    for acknowledgment: UInt32 in [0, 1, 0xFFFF_FFFF] {
                        for payloadLength: UInt32 in [0, 1, 1460, 65535] {
                            XCTAssertEqual(TCPSegmentRules.judgeFields(
                                flags: flags, acknowledgmentNumber: SequenceNumber(acknowledgment),
                                urgentPointer: urgentPointer, payloadLength: payloadLength, profile: profile),
                                TCPAnomalySet(), "\(flags) \(profile)")
                        }
                    }
                }
            }
        }
        XCTAssertEqual(common, [.ack, TCPFlags.ack.union(.psh)])
    }

    func testNamedInvalidCombinations() {
        let invalid: [TCPFlags] = [
            [], .fin, [.fin, .syn, .rst, .psh, .ack, .urg], [.fin, .psh, .urg], [.syn, .fin], [.syn, .rst],
            [.fin, .rst], [.syn, .ack, .urg], [.syn, .fin, .ack], [.rst, .urg], .urg, .psh, [.fin, .urg],
        ]
        for flags in invalid {
            XCTAssertFalse(TCPFlagProfile.conntrack.accepts(flags), "\(flags)")
            XCTAssertFalse(TCPFlagProfile.strict.accepts(flags), "\(flags)")
        }
    }

    func testStrictProfile() throws {
        // Valid for conntrack, refused by pf's scrub.
        for flags: TCPFlags in [[.syn, .psh], [.syn, .urg], [.rst, .psh], [.syn, .urg, .psh]] {
            XCTAssertTrue(TCPFlagProfile.conntrack.accepts(flags), "\(flags)")
            XCTAssertFalse(TCPFlagProfile.strict.accepts(flags), "\(flags)")
            let strict = try SegmentBuilder.judge(SegmentBuilder.header(flags), profile: .strict)
            XCTAssertTrue(strict.anomalies.contains(.strictFlags), "\(flags)")
            XCTAssertFalse(strict.anomalies.contains(.invalidFlags))
            XCTAssertFalse(strict.flagsAreValid)
            let loose = try SegmentBuilder.judge(SegmentBuilder.header(flags), profile: .conntrack)
            XCTAssertFalse(loose.anomalies.contains(.strictFlags))
        }
        // Accepted by both.
        for flags: TCPFlags in [
            .syn, [.syn, .ack], [.syn, .ack, .psh], .rst, [.rst, .ack], [.rst, .ack, .psh], [.fin, .ack],
            [.fin, .ack, .psh, .urg], .ack, [.ack, .psh], [.ack, .urg], [.syn, .ece, .cwr], [.syn, .ece, .cwr, .ae],
        ] {
            XCTAssertTrue(TCPFlagProfile.strict.accepts(flags), "\(flags)")
            XCTAssertTrue(TCPFlagProfile.conntrack.accepts(flags), "\(flags)")
        }
        // Every conntrack-invalid combination is strict-invalid too.
        for raw in UInt16(0)...0xFF {
            let flags = TCPFlags(rawValue: raw)
            if !TCPFlagProfile.conntrack.accepts(flags) { XCTAssertFalse(TCPFlagProfile.strict.accepts(flags)) }
            // Strict: any non-SYN without ACK or RST is refused.
            if !flags.contains(.syn) && !flags.contains(.ack) && !flags.contains(.rst) {
                XCTAssertFalse(TCPFlagProfile.strict.accepts(flags))
            }
        }
    }

    func testECNNegotiationOnSYN() throws {
        let cases: [(TCPFlags, TCPECNSignal)] = [
            (.syn, .synNoECN),
            ([.syn, .ece, .cwr], .synClassicECN),
            ([.syn, .ae, .cwr, .ece], .synAccurateECN),
            ([.syn, .ece], .synOther(bits: 1)),
            ([.syn, .cwr], .synOther(bits: 2)),
            ([.syn, .ae], .synOther(bits: 4)),
            ([.syn, .ae, .ece], .synOther(bits: 5)),
            ([.syn, .ae, .cwr], .synOther(bits: 6)),
        ]
        for (flags, expected) in cases {
            let verdict = try SegmentBuilder.judge(SegmentBuilder.header(flags))
            XCTAssertEqual(verdict.ecn, expected, "\(flags)")
            XCTAssertTrue(verdict.anomalies.isEmpty, "ECN on a SYN is not an anomaly: \(verdict.anomalies)")
        }
    }

    func testECNNegotiationOnSYNACK() throws {
        // RFC 9768 section 3.1.1 Table 2 and section 3.1.2 Table 3: every SYN-ACK codepoint.
        let cases: [(TCPFlags, TCPECNSignal)] = [
            ([], .synAckNoECN),
            ([.ece], .synAckClassicECN),
            ([.cwr], .synAckAccurateECN(synIPECN: .notECT)),
            ([.cwr, .ece], .synAckAccurateECN(synIPECN: .ect1)),
            ([.ae], .synAckAccurateECN(synIPECN: .ect0)),
            ([.ae, .cwr], .synAckAccurateECN(synIPECN: .ce)),
            ([.ae, .ece], .synAckReservedNonce),
            ([.ae, .cwr, .ece], .synAckBroken),
        ]
        for (bits, expected) in cases {
            let verdict = try SegmentBuilder.judge(SegmentBuilder.header(bits.union([.syn, .ack]), ack: 5))
            XCTAssertEqual(verdict.ecn, expected, "\(bits)")
            XCTAssertTrue(verdict.anomalies.isEmpty, "\(verdict.anomalies)")
            XCTAssertTrue(verdict.flagsAreValid)
        }
        XCTAssertEqual(TCPECNSignal(flags: [.ack, .ece, .cwr]), .notNegotiation)
        XCTAssertEqual(TCPECNSignal(flags: [.syn, .ae, .cwr, .ece]).description, "accecn-syn")
        XCTAssertEqual(TCPECNSignal(flags: [.syn, .ack, .ae, .cwr]).description, "accecn-syn-ack-ce")
    }

    func testBrokenACKField() throws {
        let bad = try SegmentBuilder.judge(SegmentBuilder.header(.syn, ack: 77))
        XCTAssertTrue(bad.anomalies.contains(.brokenACKField))
        XCTAssertFalse(bad.isRefused)
        let good = try SegmentBuilder.judge(SegmentBuilder.header(.syn, ack: 0))
        XCTAssertFalse(good.anomalies.contains(.brokenACKField))
        let acked = try SegmentBuilder.judge(SegmentBuilder.header(.ack, ack: 77))
        XCTAssertFalse(acked.anomalies.contains(.brokenACKField))
    }

    func testUrgentPointerWithoutURG() throws {
        XCTAssertTrue(try SegmentBuilder.judge(SegmentBuilder.header(.ack, ack: 1, urgent: 5)).anomalies
            .contains(.urgentPointerWithoutURG))
        XCTAssertFalse(try SegmentBuilder.judge(SegmentBuilder.header([.ack, .urg], ack: 1, urgent: 5)).anomalies
            .contains(.urgentPointerWithoutURG))
        XCTAssertFalse(try SegmentBuilder.judge(SegmentBuilder.header(.ack, ack: 1)).anomalies
            .contains(.urgentPointerWithoutURG))
    }

    func testDataOnRSTAndSYN() throws {
        let payload: [UInt8] = Array("diagnostic".utf8)
        let rst = try SegmentBuilder.judge(SegmentBuilder.header([.rst, .ack], ack: 1), payload: payload)
        XCTAssertEqual(rst.anomalies, [.rstWithData])
        XCTAssertFalse(rst.isRefused)
        let syn = try SegmentBuilder.judge(SegmentBuilder.header(.syn), payload: payload)
        XCTAssertEqual(syn.anomalies, [.synWithData])
        XCTAssertEqual(syn.summary.payloadLength, UInt32(payload.count))
        XCTAssertEqual(syn.summary.sequenceLength, UInt32(payload.count) + 1)
        XCTAssertTrue(try SegmentBuilder.judge(SegmentBuilder.header([.rst, .ack], ack: 1)).anomalies.isEmpty)
        XCTAssertTrue(try SegmentBuilder.judge(SegmentBuilder.header(.syn)).anomalies.isEmpty)
        XCTAssertTrue(try SegmentBuilder.judge(SegmentBuilder.header(.ack, ack: 1), payload: payload).anomalies.isEmpty)
    }

    func testSYNOnlyOptionsOnNonSYN() throws {
        for option: TCPOption in [.maximumSegmentSize(1460), .windowScale(7), .sackPermitted] {
            let onSYN = try SegmentBuilder.judge(SegmentBuilder.header(.syn, options: [option]))
            XCTAssertTrue(onSYN.anomalies.isEmpty, "\(option)")
            let onSYNACK = try SegmentBuilder.judge(SegmentBuilder.header([.syn, .ack], ack: 1, options: [option]))
            XCTAssertTrue(onSYNACK.anomalies.isEmpty, "\(option)")
            let onACK = try SegmentBuilder.judge(SegmentBuilder.header(.ack, ack: 1, options: [option]))
            XCTAssertEqual(onACK.anomalies, [.synOnlyOptionOnNonSYN], "\(option)")
        }
    }

    func testWindowScaleAbove14() throws {
        let ok = try SegmentBuilder.judge(SegmentBuilder.header(.syn, options: [.windowScale(14)]))
        XCTAssertTrue(ok.anomalies.isEmpty)
        let high = try SegmentBuilder.judge(SegmentBuilder.header(.syn, options: [.windowScale(15)]))
        XCTAssertEqual(high.anomalies, [.windowScaleAbove14])
        XCTAssertEqual(high.summary.windowScale, 15)
        XCTAssertEqual(TCPWindowScaling.clamp(15), 14)
        XCTAssertEqual(TCPWindowScaling.clamp(255), 14)
        XCTAssertEqual(TCPWindowScaling.clamp(3), 3)
    }

    func testDuplicateOptions() throws {
        let dup = try SegmentBuilder.judge(SegmentBuilder.header(
            .syn, options: [.maximumSegmentSize(1460), .noOperation, .noOperation, .maximumSegmentSize(536)]))
        XCTAssertEqual(dup.anomalies, [.duplicateOption])
        XCTAssertEqual(dup.summary.maximumSegmentSize, 536, "the last one wins, as in Linux")
        let nops = try SegmentBuilder.judge(SegmentBuilder.header(
            .syn, options: [.noOperation, .noOperation, .noOperation, .maximumSegmentSize(1460), .endOfOptionList]))
        XCTAssertTrue(nops.anomalies.isEmpty)
        let high = try SegmentBuilder.judge(SegmentBuilder.header(
            .ack, ack: 1,
            options: [.unknown(kind: 200, data: TCPOptionData()), .unknown(kind: 200, data: TCPOptionData())]))
        XCTAssertEqual(high.anomalies, [.duplicateOption])
    }

    func testMultipathOptionsDuplicateOnlyBySubtype() throws {
        func option(subtype: UInt8) throws -> TCPOption {
            .multipath(MPTCPOption(subtype: MPTCPSubtype(rawValue: subtype), subtypeBits: 0,
                                   data: try TCPOptionData([1])))
        }
        let different = try SegmentBuilder.judge(SegmentBuilder.header(
            .ack, ack: 1, options: [try option(subtype: 4), try option(subtype: 5)]))
        XCTAssertTrue(different.anomalies.isEmpty, "\(different.anomalies)")
        let same = try SegmentBuilder.judge(SegmentBuilder.header(
            .ack, ack: 1, options: [try option(subtype: 4), try option(subtype: 4)]))
        XCTAssertEqual(same.anomalies, [.duplicateOption])
    }

    func testFastOpenCookie() throws {
        let cookie8 = try TCPOptionData([1, 2, 3, 4, 5, 6, 7, 8])
        let cookie5 = try TCPOptionData([1, 2, 3, 4, 5])
        let good = try SegmentBuilder.judge(SegmentBuilder.header(.syn, options: [.fastOpenCookie(cookie8)]))
        XCTAssertTrue(good.anomalies.isEmpty)
        XCTAssertEqual(good.summary.fastOpenCookieLength, 8)
        let request = try SegmentBuilder.judge(SegmentBuilder.header(.syn, options: [.fastOpenCookie(TCPOptionData())]))
        XCTAssertTrue(request.anomalies.isEmpty)
        XCTAssertEqual(request.summary.fastOpenCookieLength, 0)
        let odd = try SegmentBuilder.judge(SegmentBuilder.header(.syn, options: [.fastOpenCookie(cookie5)]))
        XCTAssertEqual(odd.anomalies, [.fastOpenCookieOddLength])
        let late = try SegmentBuilder.judge(SegmentBuilder.header(.ack, ack: 1, options: [.fastOpenCookie(cookie8)]))
        XCTAssertEqual(late.anomalies, [.fastOpenCookieOnNonSYN])
        // The experimental form (kind 254, ExID 0xF989).
        let experimental = TCPExperimentalOption(
            kind: 254, experimentID: TCPExperimentalOption.fastOpenExperimentID, data: cookie5)
        let oddExperimental = try SegmentBuilder.judge(
            SegmentBuilder.header(.ack, ack: 1, options: [.experimental(experimental)]))
        XCTAssertEqual(oddExperimental.anomalies, [.fastOpenCookieOnNonSYN, .fastOpenCookieOddLength])
    }

    func testReservedBitsAndPortZero() throws {
        let reserved = try SegmentBuilder.judge(SegmentBuilder.header([.ack, .reserved2], ack: 1))
        XCTAssertEqual(reserved.anomalies, [.reservedBits])
        XCTAssertTrue(reserved.flagsAreValid)
        let port = try SegmentBuilder.judge(SegmentBuilder.header(.syn, sourcePort: 0))
        XCTAssertEqual(port.anomalies, [.portZero])
        XCTAssertTrue(port.isRefused)
    }

    func testCodecProblemsThroughLenientView() throws {
        var bytes = try SegmentBuilder.bytes(SegmentBuilder.header(.syn, options: [.maximumSegmentSize(1460)]))
        // Data offset 4 (too small).
        var small = bytes
        small[12] = 0x40
        let offset = try SegmentBuilder.withLenientView(small) { TCPSegmentRules.judge($0) }
        XCTAssertTrue(offset.anomalies.contains(.dataOffsetError))
        // Data offset 15 past a 24-byte segment.
        var past = bytes
        past[12] = 0xF0
        let exceeds = try SegmentBuilder.withLenientView(past) { TCPSegmentRules.judge($0) }
        XCTAssertTrue(exceeds.anomalies.contains(.dataOffsetError))
        // MSS option with length 3, then a NOP: framing holds, the kind's length rule does not.
        bytes[21] = 3
        bytes[23] = 1
        let option = try SegmentBuilder.withLenientView(bytes) { TCPSegmentRules.judge($0) }
        XCTAssertEqual(option.anomalies, [.optionError])
        XCTAssertNil(option.summary.maximumSegmentSize)
        // Under framing-only checking, the same option comes back as .malformed.
        let framed = try bytes.withUnsafeBytes { raw in
            TCPSegmentRules.judge(try TCPSegmentView(raw, optionChecking: .framing))
        }
        XCTAssertEqual(framed.anomalies, [.optionError])
        // A clean segment through the lenient view has none.
        let clean = try SegmentBuilder.bytes(SegmentBuilder.header(.syn, options: [.maximumSegmentSize(1460)]))
        XCTAssertTrue(try SegmentBuilder.withLenientView(clean) { TCPSegmentRules.judge($0) }.anomalies.isEmpty)
    }

    func testSummaryReadsOptions() throws {
        let blocks = try TCPSACKBlocks([TCPSACKBlock(left: SequenceNumber(10), right: SequenceNumber(20))])
        let verdict = try SegmentBuilder.judge(SegmentBuilder.header(
            .ack, ack: 1, options: [.noOperation, .noOperation, .timestamps(value: 7, echoReply: 9), .sack(blocks)]))
        XCTAssertEqual(verdict.summary.timestampValue, 7)
        XCTAssertEqual(verdict.summary.timestampEchoReply, 9)
        XCTAssertEqual(verdict.summary.sackBlocks, blocks)
        XCTAssertTrue(verdict.anomalies.isEmpty)
        let syn = try SegmentBuilder.withView(SegmentBuilder.header(
            .syn, options: [.maximumSegmentSize(1400), .sackPermitted, .windowScale(7)])) { TCPSegmentSummary($0) }
        XCTAssertEqual(syn.maximumSegmentSize, 1400)
        XCTAssertTrue(syn.sackPermitted)
        XCTAssertEqual(syn.windowScale, 7)
    }
}

extension TCPSegmentRulesTests {
    /// A SACK option with no block (kind 5, length 2): RFC 2018 section 3 forbids it, a receiver ignores it. Read
    /// with framing checking it is `sack-without-blocks` and nothing else: the options after it are read, and it
    /// neither clears the blocks of a real SACK option nor makes one a duplicate. Read strictly it is an option
    /// error that stops the options there.
    func testSACKWithoutBlocks() throws {
        let noBlock = TCPOption.sack(TCPSACKBlocks())
        let block = TCPSACKBlock(left: SequenceNumber(2000), right: SequenceNumber(3000))
        let real = TCPOption.sack(try TCPSACKBlocks([block]))
        let timestamps = TCPOption.timestamps(value: 7, echoReply: 9)
        let header = try SegmentBuilder.header(
            .ack, ack: 1, options: [.noOperation, .noOperation, noBlock, .noOperation, .noOperation, timestamps])
        let framed = try SegmentBuilder.withFramingView(header) { TCPSegmentRules.judge($0) }
        XCTAssertEqual(framed.anomalies, [.sackWithoutBlocks])
        XCTAssertFalse(framed.isRefused)
        XCTAssertTrue(framed.summary.sackBlocks.isEmpty)
        XCTAssertEqual(framed.summary.timestampValue, 7)
        XCTAssertEqual(framed.summary.timestampEchoReply, 9)
        // The same segment without the option: the same facts.
        let without = try SegmentBuilder.judge(SegmentBuilder.header(.ack, ack: 1, options: [timestamps]))
        XCTAssertEqual(framed.summary, without.summary)
        XCTAssertEqual(without.anomalies, [])

        // Before or after a SACK option with a block: that block stands, and no duplicate is reported.
        for options in [[real, noBlock], [noBlock, real]] {
            let both = try SegmentBuilder.withFramingView(SegmentBuilder.header(.ack, ack: 1, options: options)) {
                TCPSegmentRules.judge($0)
            }
            XCTAssertEqual(both.anomalies, [.sackWithoutBlocks], "\(options)")
            XCTAssertEqual(Array(both.summary.sackBlocks), [block], "\(options)")
        }
        let twice = try SegmentBuilder.withFramingView(
            SegmentBuilder.header(.ack, ack: 1, options: [noBlock, noBlock])
        ) { TCPSegmentRules.judge($0) }
        XCTAssertEqual(twice.anomalies, [.sackWithoutBlocks])

        // Strictly (a lenient view with strict checking): an option error, and the timestamps after it unread.
        let strict = try SegmentBuilder.withLenientView(try SegmentBuilder.bytes(header)) { TCPSegmentRules.judge($0) }
        XCTAssertEqual(strict.anomalies, [.optionError])
        XCTAssertNil(strict.summary.timestampValue)

        XCTAssertEqual(TCPAnomaly.sackWithoutBlocks.name.description, "sack-without-blocks")
        XCTAssertEqual(TCPAnomaly.sackWithoutBlocks.severity, .discouraged)
        XCTAssertFalse(TCPAnomaly.sackWithoutBlocks.isRefusal)
        XCTAssertTrue(TCPAnomaly.sackWithoutBlocks.isStateless)
        XCTAssertEqual(TCPAnomaly(name: "sack-without-blocks"), .sackWithoutBlocks)
    }

    /// The options of the common data segment, NOP NOP TS, are read without the walk: the summary holds the fixed
    /// header's fields and the timestamps, and the anomalies are the field rules' alone; a lenient view whose header
    /// was cut at the end of those 12 bytes is still read by the walk (and says so).
    func testTimestampsOnlyOptionAreaIsSummarizedAsTheWalkWould() throws {
        var random = PredictionRandom(seed: 11)
        for _ in 0..<2_000 {
            let flags = TCPFlags(rawValue: UInt16(truncatingIfNeeded: random.next()) & 0xFFF)
            let (value, echo) = (random.word(), random.word())
            let header = TCPHeader(
                sourcePort: UInt16(truncatingIfNeeded: random.next()), destinationPort: 443,
                sequenceNumber: SequenceNumber(random.word()), acknowledgmentNumber: SequenceNumber(random.word()),
                flags: flags, window: UInt16(truncatingIfNeeded: random.next()),
                urgentPointer: UInt16(truncatingIfNeeded: random.next() & 1),
                options: try TCPOptionList([.noOperation, .noOperation,
                                            .timestamps(value: value, echoReply: echo)]))
            let payload = [UInt8](repeating: 1, count: random.below(3) * 7)
            let bytes = try SegmentBuilder.bytes(header, payload: payload)
            let verdict = try bytes.withUnsafeBytes { try TCPSegmentRules.judge(TCPSegmentView($0)) }
            let expected = TCPSegmentSummary(
                sequenceNumber: header.sequenceNumber, acknowledgmentNumber: header.acknowledgmentNumber,
                flags: flags, window: header.window, urgentPointer: header.urgentPointer,
                payloadLength: UInt32(payload.count), timestampValue: value, timestampEchoReply: echo)
            XCTAssertEqual(verdict.summary, expected)
            XCTAssertEqual(verdict.anomalies, TCPSegmentRules.judgeFields(expected))
            // The data offset says 40 bytes, the capture kept 32: the walk reads it, as a header cut by the capture.
            var cut = Array(bytes.prefix(32))
            cut[12] = 10 << 4 | (cut[12] & 0x0F)
            let cutVerdict = try cut.withUnsafeBytes {
                TCPSegmentRules.judge(try TCPSegmentView(lenient: $0), payloadLength: 0)
            }
            XCTAssertTrue(cutVerdict.summary.headerCutByCapture)
            XCTAssertTrue(cutVerdict.anomalies.contains(.headerCutByCapture))
        }
    }
}
