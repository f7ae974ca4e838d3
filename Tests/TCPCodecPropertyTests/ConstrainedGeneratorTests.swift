import TCPCodec
import TCPCodecTesting
import TCPCodecXCTest
import XCTest

/// Generators held to constraints: flags, option kinds, payload lengths, and a segment with the header it was
/// built from.
final class ConstrainedGeneratorTests: XCTestCase {
    private static let knownKinds: [UInt8] = [1, 2, 3, 4, 5, 8, 19, 28, 29, 30, 34, 172, 174, 253, 254]

    func testOptionOfEveryKindIsOfThatKindAndValid() {
        check("option(kind:) gives that kind, valid under strict checking", iterations: 300) { gen in
            let kind = gen.element(of: Self.knownKinds + [gen.unknownOptionKind()])
            let option = gen.option(kind: kind)
            try gen.expectEqual(option.kind, kind, "kind")
            var list = TCPOptionList()
            try list.append(option)
            try gen.expect(list.byteCount == option.encodedLength, "encodes to its length")
        }
    }

    func testSYNConstraint() {
        check("a constrained SYN", iterations: 300) { gen in
            let segment = gen.segment(.syn, pseudoHeader: gen.pseudoHeader())
            try gen.expectEqual(segment.header.flags, [.syn], "flags")
            try gen.expect(segment.payload.isEmpty, "no payload")
            try segment.bytes.withUnsafeBytes { raw in
                let view = try TCPSegmentView(raw)
                try gen.expectEqual(view.flags, [.syn], "decoded flags")
                try gen.expect(view.payload.isEmpty, "decoded payload")
            }
        }
    }

    func testOptionKindsAndPayloadLengths() {
        check("given option kinds in order, payload in range", iterations: 300) { gen in
            var kinds: [UInt8] = []
            for _ in 0 ..< gen.int(in: 0 ... 4) {
                kinds.append(gen.element(of: [1, 2, 3, 4, 8, 28, 34] as [UInt8]))
            }
            let lower = gen.int(in: 0 ... 100)
            let lengths = lower ... lower + gen.int(in: 0 ... 50)
            let constraints = TCPHeaderConstraints(flags: [.psh, .ack], optionKinds: kinds, payloadLengths: lengths)
            let pseudoHeader = gen.pseudoHeader()
            let segment = gen.segment(constraints, pseudoHeader: pseudoHeader)
            try gen.expect(lengths.contains(segment.payload.count), "payload length \(segment.payload.count)")
            try segment.bytes.withUnsafeBytes { raw in
                let view = try TCPSegmentView(raw)
                // The encoder pads the option area to a multiple of 4 with zeros, which read as an EOL.
                let read = view.options.map(\.kind).prefix { $0 != TCPOptionKind.endOfOptionList }
                try gen.expectEqual(Array(read), kinds, "option kinds")
                try gen.expectEqual(view.flags, [.psh, .ack], "flags")
                try gen.expectEqual(Array(view.payload), segment.payload, "payload")
                try gen.expect(view.verifyChecksum(pseudoHeader: pseudoHeader), "checksum")
                try gen.expectEqual(TCPHeader(view), segment.header, "the header it was built from")
            }
        }
    }

    func testUnconstrainedSegmentKeepsItsHeader() {
        check("a segment without constraints comes with its header", iterations: 300) { gen in
            let segment = gen.segment(.any)
            try gen.expect(segment.pseudoHeader == nil, "no pseudo-header")
            try segment.bytes.withUnsafeBytes { raw in
                let view = try TCPSegmentView(raw)
                try gen.expectEqual(TCPHeader(view), segment.header, "header")
                try gen.expectEqual(view.checksum, segment.header.checksum, "the checksum field as generated")
            }
        }
    }

    func testPayloadLengthsAreClamped() {
        check("negative lengths are taken as 0", iterations: 100) { gen in
            let payload = gen.payload(lengths: -5 ... 3)
            try gen.expect(payload.count <= 3, "at most 3 bytes")
        }
    }
}
