import Foundation
import XCTest
@testable import TCPCorpus

/// Tests of the SHA-1 that names corpus entries: the FIPS 180 examples, then every length across the padding
/// boundaries against the system's `sha1sum`.
final class SHA1Tests: XCTestCase {
    func testFIPSExamples() {
        XCTAssertEqual(SHA1.hexDigest([]), "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        XCTAssertEqual(SHA1.hexDigest(Array("abc".utf8)), "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(
            SHA1.hexDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        )
        XCTAssertEqual(
            SHA1.hexDigest([UInt8](repeating: 0x61, count: 1_000_000)), "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    func testLengthsAroundTheBlockBoundariesMatchSha1sum() throws {
        let tool = URL(fileURLWithPath: "/usr/bin/sha1sum")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else {
            throw XCTSkip("no /usr/bin/sha1sum to compare with")
        }
        for length in [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000] {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
            let process = Process()
            process.executableURL = tool
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            input.fileHandleForWriting.write(Data(message))
            try input.fileHandleForWriting.close()
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(SHA1.hexDigest(message), String(printed.prefix(40)), "length \(length)")
        }
    }
}
