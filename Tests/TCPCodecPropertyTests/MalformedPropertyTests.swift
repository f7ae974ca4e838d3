import TCPCodec
import TCPCodecTesting
import TCPCodecXCTest
import XCTest

/// Every way a header can be broken gives its exact error, never a crash.
final class MalformedPropertyTests: XCTestCase {
    func testEachMalformationGivesItsExpectedError() {
        var seen = Set<TCPMalformation>()
        check("malformed segments throw their expected error", iterations: 1_400) { gen in
            let malformed = gen.malformedSegment()
            seen.insert(malformed.malformation)
            let bytes = malformed.bytes
            try gen.expectEqual(decodingError(bytes), malformed.expectedError, "strict TCPSegmentView")
            let viaHeader: TCPDecodingError? = bytes.withUnsafeBytes { raw in
                do throws(TCPDecodingError) {
                    _ = try TCPHeader(decoding: raw)
                    return nil
                } catch {
                    return error
                }
            }
            try gen.expectEqual(viaHeader, malformed.expectedError, "TCPHeader(decoding:)")
            var copy = bytes
            let viaMutable: TCPDecodingError? = copy.withUnsafeMutableBytes { raw in
                do throws(TCPDecodingError) {
                    _ = try TCPSegmentMutableView(raw)
                    return nil
                } catch {
                    return error
                }
            }
            try gen.expectEqual(viaMutable, malformed.expectedError, "TCPSegmentMutableView")
            try self.expectLenientAndFraming(malformed, gen: gen)
        }
        XCTAssertEqual(seen, Set(TCPMalformation.allCases), "every malformation was generated")
    }

    func expectLenientAndFraming(_ malformed: TCPMalformedSegment, gen: TCPGenerator) throws {
        let bytes = malformed.bytes
        let lenient: (problem: TCPDecodingError?, walkError: TCPDecodingError?, fields: UInt16)? =
            bytes.withUnsafeBytes { raw in
                guard let view = try? TCPSegmentView(lenient: raw) else { return nil }
                var walkError: TCPDecodingError?
                for step in view.options.walk() {
                    if case .malformed(let error) = step { walkError = error }
                }
                return (view.problem, walkError, view.sourcePort)
            }
        if malformed.malformation == .truncatedHeader {
            try gen.expect(lenient == nil, "the lenient decoder accepted fewer than 20 bytes")
        } else {
            try gen.expectEqual(lenient?.problem, malformed.expectedError, "lenient problem")
            let optionMalformations: Set<TCPMalformation> = [
                .optionLengthMissing, .optionLengthTooSmall, .optionExceedsHeader, .invalidOptionLength,
            ]
            if optionMalformations.contains(malformed.malformation) {
                try gen.expectEqual(lenient?.walkError, malformed.expectedError, "walk ends with the error")
            }
        }
        // Framing-only checking accepts an option its kind forbids, as `.malformed` (or, for a SACK option with no
        // block, as a SACK option with no block), and nothing else.
        let framing = decode(bytes, checking: .framing)
        if malformed.malformation == .invalidOptionLength {
            // The option breaks only its kind's rule: framing-only decoding reads it as `.malformed` and goes on
            // to the bytes after it, which may hold a framing error of their own, further on.
            let brokenOffset = malformed.expectedError.offset
            switch framing {
            case .success(let decoded):
                let broken = bytes.withUnsafeBytes { raw in
                    (try? TCPSegmentView(raw, optionChecking: .framing))?.options.walk().first { step in
                        if case .option(_, brokenOffset) = step { return true }
                        return false
                    }
                }
                let expected: TCPOption = bytes[brokenOffset] == TCPOptionKind.sack && bytes[brokenOffset + 1] == 2
                    ? .sack(TCPSACKBlocks())
                    : .malformed(kind: bytes[brokenOffset], data: try TCPOptionData(
                        bytes[brokenOffset + 2 ..< brokenOffset + Int(bytes[brokenOffset + 1])]))
                try gen.expectEqual(broken, .option(expected, offset: brokenOffset), "the broken option, framed")
                let again = TCPGenerator.encoded(decoded.header, payload: decoded.payload)
                try gen.expectEqual(again, bytes, "framing-decoded segment re-encodes")
            case .failure(let error):
                try gen.expect(error.offset > brokenOffset, "framing-only decode: \(error)")
            }
        } else if case .success = framing {
            try gen.expect(false, "framing-only decode accepted \(malformed.malformation)")
        } else if case .failure(let error) = framing {
            try gen.expectEqual(error, malformed.expectedError, "framing-only decode")
        }
    }

    func testEveryPrefixOfAValidSegmentThrowsOrDecodes() {
        check("drip-feed: every prefix throws the length error or decodes", iterations: 300) { gen in
            let bytes = gen.segment()
            let headerLength = Int(bytes[12] >> 4) * 4
            for count in 0 ... bytes.count {
                let prefix = Array(bytes.prefix(count))
                let expected: TCPDecodingError?
                if count < 20 {
                    expected = .truncatedHeader(needed: 20, available: count)
                } else if count < headerLength {
                    expected = .headerExceedsBuffer(headerLength: headerLength, available: count)
                } else {
                    expected = nil
                }
                try gen.expectEqual(decodingError(prefix), expected, "prefix of \(count) bytes")
            }
        }
    }

    func testRandomBytesNeverCrashAnyDecoder() {
        check("random bytes: every decoder throws or decodes") { gen in
            var bytes = gen.bytes(lengths: 0 ... 72)
            if bytes.count > 12, gen.bool() { bytes[12] = UInt8(gen.int(in: 5 ... 15) << 4) | (bytes[12] & 0x0F) }
            for checking in [TCPOptionChecking.strict, .framing] {
                if case .success(let decoded) = decode(bytes, checking: checking) {
                    _ = Array(decoded.header.options)
                }
            }
            bytes.withUnsafeBytes { raw in
                if let view = try? TCPSegmentView(lenient: raw) {
                    for _ in view.options.walk() {}
                    _ = view.options.padding
                    _ = TCPHeader(view)
                }
            }
        }
    }
}
