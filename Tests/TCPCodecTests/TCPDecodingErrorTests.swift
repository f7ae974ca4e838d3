import TCPCodec
import XCTest

final class TCPDecodingErrorTests: XCTestCase {
    func testOffsetsAndDescriptions() {
        let cases: [(TCPDecodingError, Int, String)] = [
            (.truncatedHeader(needed: 20, available: 7), 7, "truncated TCP header: needed 20 bytes, 7 available"),
            (.dataOffsetTooSmall(dataOffset: 3), 12, "data offset 3 is below the minimum of 5 words"),
            (.headerExceedsBuffer(headerLength: 44, available: 30), 30,
             "header length 44 exceeds the 30 bytes available"),
            (.optionLengthMissing(kind: 2, offset: 39), 39,
             "option kind 2 at offset 39 has no length byte before the end of the header"),
            (.optionLengthTooSmall(kind: 8, offset: 25, length: 1), 25,
             "option kind 8 at offset 25 has length 1, below the minimum of 2"),
            (.optionExceedsHeader(kind: 29, offset: 20, length: 21, available: 10), 20,
             "option kind 29 at offset 20 has length 21 but only 10 bytes remain in the header"),
            (.invalidOptionLength(kind: 30, offset: 36, length: 3), 36,
             "option kind 30 at offset 36 has invalid length 3 for its kind"),
        ]
        for (error, offset, description) in cases {
            XCTAssertEqual(error.offset, offset, description)
            XCTAssertEqual(error.description, description)
        }
    }

    func testEncodingErrorDescriptions() {
        XCTAssertEqual(TCPEncodingError.optionsTooLong(length: 42, maximum: 40).description,
                       "options need 42 bytes, more than the maximum of 40")
        XCTAssertEqual(TCPEncodingError.bufferTooSmall(needed: 27, available: 3).description,
                       "output buffer too small: needed 27 bytes, 3 available")
        XCTAssertEqual(TCPEncodingError.invalidOptionValue(kind: 5).description,
                       "option kind 5 has a value that cannot be encoded")
        XCTAssertEqual(TCPEncodingError.segmentTooLong(length: 65536, maximum: 65535).description,
                       "segment of 65536 bytes exceeds the pseudo-header maximum of 65535")
    }
}

/// Errors keep their sentences as descriptions and show their case in debug descriptions.
final class ErrorDebugDescriptionTests: XCTestCase {
    func testDebugDescriptionsNameTheCase() {
        XCTAssertEqual(
            String(reflecting: TCPDecodingError.invalidOptionLength(kind: 2, offset: 20, length: 3)),
            "TCPDecodingError.invalidOptionLength(kind: 2, offset: 20, length: 3): "
                + TCPDecodingError.invalidOptionLength(kind: 2, offset: 20, length: 3).description)
        XCTAssertEqual(
            String(reflecting: TCPDecodingError.dataOffsetTooSmall(dataOffset: 4)),
            "TCPDecodingError.dataOffsetTooSmall(dataOffset: 4): data offset 4 is below the minimum of 5 words")
        XCTAssertEqual(
            String(reflecting: TCPEncodingError.tooManySACKBlocks(count: 5, maximum: 4)),
            "TCPEncodingError.tooManySACKBlocks(count: 5, maximum: 4): 5 SACK blocks: at most 4 fit in the 40-byte "
                + "option space (RFC 2018 section 3)")
        XCTAssertEqual(
            String(reflecting: TCPPseudoHeaderError.unknownIPVersion(5)),
            "TCPPseudoHeaderError.unknownIPVersion(5): IP version 5 is neither 4 nor 6")
        // The description stays the sentence alone.
        XCTAssertEqual("\(TCPPseudoHeaderError.unknownIPVersion(5))", "IP version 5 is neither 4 nor 6")
    }
}
