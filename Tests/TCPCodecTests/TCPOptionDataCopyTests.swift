import TCPCodec
import XCTest

/// `TCPOptionData` built from a buffer copies exactly the bytes given, whatever their length and alignment.
final class TCPOptionDataCopyTests: XCTestCase {
    func testEveryLengthAtEveryAlignmentCopiesExactlyTheBytes() throws {
        var generator = SplitMix64(seed: 0xDA7A)
        // The bytes around each copied range are random too, so a load past either end would show as a wrong byte.
        let pool = randomBytes(64, using: &generator)
        try pool.withUnsafeBytes { raw in
            for count in 0 ... TCPOptionData.capacity {
                for start in 0 ... 8 {
                    let source = UnsafeRawBufferPointer(rebasing: raw[start ..< start + count])
                    let data = try TCPOptionData(source)
                    XCTAssertEqual(data.count, count)
                    XCTAssertEqual(Array(data), Array(source), "count \(count), start \(start)")
                    // Equal to the same bytes appended one at a time: the bytes past `count` are zero in both.
                    var appended = TCPOptionData()
                    for byte in source { try appended.append(byte) }
                    XCTAssertEqual(data, appended, "count \(count), start \(start)")
                    XCTAssertEqual(data.hashValue, appended.hashValue)
                    data.withUnsafeBytes { XCTAssertTrue($0.elementsEqual(source)) }
                }
            }
        }
    }
}
