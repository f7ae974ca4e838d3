import XCTest
import TCPCorpus

/// Known-answer tests for the FNV-1a 64-bit hash.
final class FNV1a64Tests: XCTestCase {
    func testKnownAnswers() {
        // Test vectors from draft-eastlake-fnv (section 8 test suite) and the reference implementation.
        XCTAssertEqual(FNV1a64.hash([UInt8]()), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(FNV1a64.hash(Array("a".utf8)), 0xaf63_dc4c_8601_ec8c)
        XCTAssertEqual(FNV1a64.hash(Array("foobar".utf8)), 0x8594_4171_f739_67e8)
    }

    func testHexDigestIsZeroPaddedLowercase() {
        XCTAssertEqual(FNV1a64.hexDigest(Array("a".utf8)), "af63dc4c8601ec8c")
        XCTAssertEqual(FNV1a64.hexDigest([UInt8]()), "cbf29ce484222325")
        for length in 0..<300 {
            let digest = FNV1a64.hexDigest([UInt8](repeating: 7, count: length))
            XCTAssertEqual(digest.count, 16)
            XCTAssertEqual(digest, digest.lowercased())
        }
    }

    func testIncrementalUpdateMatchesOneShot() {
        let bytes = Array("incremental hashing".utf8)
        var hasher = FNV1a64()
        hasher.update(with: bytes[..<5])
        hasher.update(with: bytes[5...])
        XCTAssertEqual(hasher.value, FNV1a64.hash(bytes))
    }
}
