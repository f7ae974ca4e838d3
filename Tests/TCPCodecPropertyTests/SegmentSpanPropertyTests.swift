import TCPCodec
import TCPCodecTesting
import TCPCodecXCTest
import XCTest

/// `TCPSegmentSpan` decodes exactly as `TCPSegmentView` does: the same acceptance, errors, fields, option walks and
/// payload, for each initializer and option checking, over valid, malformed and random bytes.
final class SegmentSpanPropertyTests: XCTestCase {
    /// What one decoding yields, read through every accessor.
    struct Decoded: Equatable {
        var ports: [UInt16]
        var sequence: [SequenceNumber]
        var dataOffset: Int
        var flags: TCPFlags
        var sequenceLength: UInt32
        var problem: TCPDecodingError?
        var optionChecking: TCPOptionChecking
        var steps: [TCPOptions.Step]
        var iterated: [TCPOption]
        var iterationError: TCPDecodingError?
        var firstError: TCPDecodingError?
        var optionBytes: [UInt8]
        var padding: [UInt8]
        var header: [UInt8]
        var payload: [UInt8]
        var whole: [UInt8]
        var owned: TCPHeader
    }

    enum Initializer: CaseIterable {
        case strict, onePass, lenient
    }

    static func bytes(of span: RawSpan) -> [UInt8] {
        (0 ..< span.byteCount).map { span.unsafeLoad(fromByteOffset: $0, as: UInt8.self) }
    }

    static func decodeView(
        _ bytes: [UInt8], _ initializer: Initializer, _ checking: TCPOptionChecking
    ) -> Result<Decoded, TCPDecodingError> {
        bytes.withUnsafeBytes { raw in
            do throws(TCPDecodingError) {
                let view: TCPSegmentView
                switch initializer {
                case .strict: view = try TCPSegmentView(raw, optionChecking: checking)
                case .onePass: view = try TCPSegmentView(checkingOptionsWhenRead: raw, optionChecking: checking)
                case .lenient: view = try TCPSegmentView(lenient: raw, optionChecking: checking)
                }
                var iterator = view.options.makeIterator()
                var iterated: [TCPOption] = []
                while let option = iterator.next() { iterated.append(option) }
                return .success(Decoded(
                    ports: [view.sourcePort, view.destinationPort, view.window, view.checksum, view.urgentPointer],
                    sequence: [view.sequenceNumber, view.acknowledgmentNumber], dataOffset: view.dataOffset,
                    flags: view.flags, sequenceLength: view.sequenceLength, problem: view.problem,
                    optionChecking: view.optionChecking, steps: Array(view.options.walk()), iterated: iterated,
                    iterationError: iterator.error, firstError: view.options.firstError,
                    optionBytes: Array(view.options.bytes), padding: Array(view.options.padding),
                    header: Array(view.headerBytes), payload: Array(view.payload), whole: Array(view.bytes),
                    owned: TCPHeader(view)))
            } catch {
                return .failure(error)
            }
        }
    }

    static func decodeSpan(
        _ bytes: [UInt8], _ initializer: Initializer, _ checking: TCPOptionChecking
    ) -> Result<Decoded, TCPDecodingError> {
        do throws(TCPDecodingError) {
            let segment: TCPSegmentSpan
            switch initializer {
            case .strict: segment = try TCPSegmentSpan(bytes.span.bytes, optionChecking: checking)
            case .onePass:
                segment = try TCPSegmentSpan(checkingOptionsWhenRead: bytes.span.bytes, optionChecking: checking)
            case .lenient: segment = try TCPSegmentSpan(lenient: bytes.span.bytes, optionChecking: checking)
            }
            var iterator = segment.options.makeIterator()
            var iterated: [TCPOption] = []
            while let option = iterator.next() { iterated.append(option) }
            var walk = segment.options.walk()
            var steps: [TCPOptions.Step] = []
            while let step = walk.next() { steps.append(step) }
            var viaForEach: [TCPOption] = []
            let forEachError = segment.options.forEach { viaForEach.append($0) }
            guard viaForEach == iterated, forEachError == iterator.error else {
                XCTFail("forEach differs from the iterator")
                return .failure(.truncatedHeader(needed: -1, available: -1))
            }
            return .success(Decoded(
                ports: [segment.sourcePort, segment.destinationPort, segment.window, segment.checksum,
                        segment.urgentPointer],
                sequence: [segment.sequenceNumber, segment.acknowledgmentNumber], dataOffset: segment.dataOffset,
                flags: segment.flags, sequenceLength: segment.sequenceLength, problem: segment.problem,
                optionChecking: segment.optionChecking, steps: steps, iterated: iterated,
                iterationError: iterator.error, firstError: segment.options.firstError,
                optionBytes: Self.bytes(of: segment.options.bytes), padding: Self.bytes(of: segment.options.padding),
                header: Self.bytes(of: segment.headerBytes), payload: Self.bytes(of: segment.payload),
                whole: Self.bytes(of: segment.bytes), owned: TCPHeader(segment)))
        } catch {
            return .failure(error)
        }
    }

    func expectAgreement(_ bytes: [UInt8], gen: TCPGenerator) throws {
        for initializer in Initializer.allCases {
            for checking in [TCPOptionChecking.strict, .framing] {
                let view = Self.decodeView(bytes, initializer, checking)
                let span = Self.decodeSpan(bytes, initializer, checking)
                try gen.expectEqual(span, view, "\(initializer) \(checking)")
                // The span's header length check is that of the view: if it made it, it agrees on the header length.
                if case .success(let decoded) = span, initializer != .lenient {
                    try gen.expectEqual(decoded.header.count, decoded.dataOffset * 4, "header bytes")
                }
            }
        }
    }

    func testSpanAgreesWithViewOnValidSegments() {
        check("TCPSegmentSpan == TCPSegmentView on valid segments", iterations: 400) { gen in
            try self.expectAgreement(gen.segment(), gen: gen)
        }
    }

    func testSpanAgreesWithViewOnMalformedSegments() {
        check("TCPSegmentSpan == TCPSegmentView on malformed segments", iterations: 400) { gen in
            try self.expectAgreement(gen.malformedSegment().bytes, gen: gen)
        }
    }

    func testSpanAgreesWithViewOnRandomBytes() {
        check("TCPSegmentSpan == TCPSegmentView on random bytes", iterations: 300) { gen in
            var bytes = gen.bytes(lengths: 0 ... 80)
            // Keep the data offset plausible half the time, so that the option walks are reached.
            if bytes.count > 12, gen.bool() { bytes[12] = UInt8(gen.int(in: 5 ... 15) << 4) | (bytes[12] & 0x0F) }
            try self.expectAgreement(bytes, gen: gen)
        }
    }

    func testSpanAgreesWithViewOnEveryPrefix() {
        // The drip-feed: every prefix of a segment, as a reader that has not yet received all of it sees it.
        check("every prefix decodes as the view decodes it", iterations: 100) { gen in
            let bytes = gen.segment()
            // Every prefix up to the largest header and a few payload bytes: past them, only the payload grows.
            for length in 0 ... min(bytes.count, TCPSegmentView.maximumHeaderLength + 4) {
                try self.expectAgreement(Array(bytes[..<length]), gen: gen)
            }
        }
    }

    func testEncodingIntoSpansWritesThePointerEncodersBytes() {
        check("encode into spans == encode into a buffer", iterations: 300) { gen in
            let header = gen.header()
            let payload = gen.payload()
            let pseudoHeader: TCPPseudoHeader? = gen.bool() ? gen.pseudoHeader() : nil
            let expected = TCPGenerator.encoded(header, payload: payload, pseudoHeader: pseudoHeader)
            try gen.expectEqual(
                try header.encoded(payload: payload.span.bytes, pseudoHeader: pseudoHeader), expected, "encoded()")
            var buffer = [UInt8](repeating: 0xEE, count: expected.count + 3)
            let written: Int
            do {
                var span = buffer.mutableSpan
                var mutable = span.mutableBytes
                written = try header.encode(into: &mutable, payload: payload.span.bytes, pseudoHeader: pseudoHeader)
            }
            try gen.expectEqual(written, expected.count, "MutableRawSpan count")
            try gen.expectEqual(Array(buffer[..<written]), expected, "MutableRawSpan bytes")
            try gen.expectEqual(Array(buffer[written...]), [0xEE, 0xEE, 0xEE], "bytes after those written")
            let prefix: [UInt8] = [1, 2, 3]
            let appended = try [UInt8](capacity: prefix.count + expected.count) { output throws(TCPEncodingError) in
                for byte in prefix { output.append(byte) }
                try header.encode(into: &output, payload: payload.span.bytes, pseudoHeader: pseudoHeader)
            }
            try gen.expectEqual(appended, prefix + expected, "OutputSpan<UInt8> appends")
        }
    }
}
