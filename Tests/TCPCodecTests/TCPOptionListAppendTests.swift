import TCPCodec
import XCTest

/// `TCPOptionList.append` refuses values that would not read back as themselves (a regression found by the
/// `roundtrip` fuzz target).
final class TCPOptionListAppendTests: XCTestCase {
    func testLongOptionsWithTheKindOfEOLOrNOPAreRefused() throws {
        let data = try TCPOptionData([0xAA, 0xBB])
        let refused: [TCPOption] = [
            .unknown(kind: 0, data: data), .unknown(kind: 1, data: data),
            .malformed(kind: 0, data: TCPOptionData()), .malformed(kind: 1, data: data),
            .experimental(TCPExperimentalOption(kind: 0, experimentID: 0xF989, data: TCPOptionData())),
            .experimental(TCPExperimentalOption(kind: 1, experimentID: 0x1234, data: data)),
        ]
        for option in refused {
            var list = TCPOptionList()
            XCTAssertThrowsError(try list.append(option), "\(option)") { error in
                XCTAssertEqual(error as? TCPEncodingError, .invalidOptionValue(kind: option.kind))
            }
            XCTAssertEqual(list.byteCount, 0, "a refused option left bytes behind")
        }
        var list = TCPOptionList()
        try list.append(.noOperation)
        try list.append(.endOfOptionList)
        XCTAssertEqual(Array(list.bytes), [1, 0])
    }
}
