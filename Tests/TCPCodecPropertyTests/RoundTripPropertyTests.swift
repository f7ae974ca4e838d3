import TCPCodec
import TCPCodecTesting
import TCPCodecXCTest
import XCTest

/// decode(encode(h)) == h and encode(decode(bytes)) == bytes.
final class RoundTripPropertyTests: XCTestCase {
    func testDecodeOfEncodeIsIdentity() {
        check("decode(encode(h)) == h") { gen in
            let header = gen.header()
            let payload = gen.payload()
            let bytes = TCPGenerator.encoded(header, payload: payload)
            try gen.expectEqual(bytes.count, header.headerLength + payload.count, "encoded length")
            for checking in [TCPOptionChecking.strict, .framing] {
                switch decode(bytes, checking: checking) {
                case .success(let decoded):
                    try gen.expectEqual(decoded.header, header, "decoded header (\(checking))")
                    try gen.expectEqual(decoded.payload, payload, "decoded payload (\(checking))")
                case .failure(let error):
                    try gen.expect(false, "a generated header does not decode (\(checking)): \(error)")
                }
            }
        }
    }

    func testEncodeOfDecodeIsIdentityForGeneratedSegments() {
        check("encode(decode(segment)) == segment") { gen in
            let bytes = gen.segment(pseudoHeader: gen.bool() ? gen.pseudoHeader() : nil)
            try self.expectReencodes(bytes, gen: gen, mustDecode: true)
        }
    }

    func testEncodeOfDecodeIsIdentityForRandomBytes() {
        check("encode(decode(random bytes)) == bytes") { gen in
            let bytes = gen.bytes(lengths: 0 ... 80)
            try self.expectReencodes(bytes, gen: gen, mustDecode: false)
        }
    }

    func testEncodeOfDecodeIsIdentityForRandomBytesWithAPlausibleDataOffset() {
        check("encode(decode(random bytes, valid data offset)) == bytes") { gen in
            let dataOffset = gen.int(in: 5 ... 15)
            var bytes = gen.bytes(lengths: dataOffset * 4 ... dataOffset * 4 + 24)
            bytes[12] = UInt8(dataOffset << 4) | (bytes[12] & 0x0F)
            // Random option areas rarely hold valid options: sometimes start them with valid ones.
            if gen.bool() {
                let options = gen.optionList()
                let area = dataOffset * 4 - 20
                for (index, byte) in options.bytes.prefix(area).enumerated() { bytes[20 + index] = byte }
            }
            try self.expectReencodes(bytes, gen: gen, mustDecode: false)
        }
    }

    func testMutatedHeadersRoundTrip() {
        check("decode(encode(mutation(h))) == mutation(h)") { gen in
            let (header, field) = gen.mutation(of: gen.header())
            let bytes = TCPGenerator.encoded(header)
            guard case .success(let decoded) = decode(bytes) else {
                return try gen.expect(false, "mutated \(field) does not decode")
            }
            try gen.expectEqual(decoded.header, header, "mutated \(field)")
        }
    }

    func testTypedOptionsReencodeToTheSameBytes() {
        check("options rebuilt from typed values give the same bytes") { gen in
            let list = gen.optionList()
            let rebuilt: TCPOptionList
            do {
                rebuilt = try TCPOptionList(Array(list))
            } catch {
                return try gen.expect(false, "typed options do not re-encode: \(error)")
            }
            // The typed options cover the bytes up to and including an EOL; the rest is padding.
            let typedLength = Array(list).reduce(0) { $0 + $1.encodedLength }
            try gen.expectEqual(Array(rebuilt.bytes), Array(list.bytes.prefix(typedLength)))
            try gen.expect(
                list.firstError == nil, "generated options have an error: \(String(describing: list.firstError))")
        }
    }

    /// When `bytes` decode (strictly or by framing), encoding the decoded header and payload gives `bytes`.
    func expectReencodes(_ bytes: [UInt8], gen: TCPGenerator, mustDecode: Bool) throws {
        var decodedOnce = false
        for checking in [TCPOptionChecking.strict, .framing] {
            guard case .success(let decoded) = decode(bytes, checking: checking) else { continue }
            decodedOnce = true
            let again = TCPGenerator.encoded(decoded.header, payload: decoded.payload)
            try gen.expectEqual(TCPGenerator.hex(again), TCPGenerator.hex(bytes), "re-encoded (\(checking))")
        }
        if mustDecode { try gen.expect(decodedOnce, "the segment does not decode") }
    }
}
