// The README example (README.md, section "Property tests for your own tools"), copied verbatim below so that it
// compiles and runs; ReadmeExampleTests checks that the two stay the same.

import TCPCodec
import TCPCodecXCTest
import XCTest

final class MyToolPropertyTests: XCTestCase {
    /// Whatever header we build, the tool reads it back: same ports, same payload, a good checksum.
    func testReadsBackEveryHeader() {
        check("reads back every header") { gen in
            let header = gen.header()
            let payload = gen.payload()
            let pseudoHeader = gen.pseudoHeader()
            let bytes = TCPGenerator.encoded(header, payload: payload, pseudoHeader: pseudoHeader)
            try bytes.withUnsafeBytes { raw in
                let view = try TCPSegmentView(raw)  // your tool's parser goes here
                try gen.expectEqual(view.sourcePort, header.sourcePort, "source port")
                try gen.expectEqual(Array(view.payload), payload, "payload")
                try gen.expect(view.verifyChecksum(pseudoHeader: pseudoHeader), "checksum")
            }
        }
    }
}

/// Checks that the example above is the README's, byte for byte.
final class ReadmeExampleTests: XCTestCase {
    func testTheExampleMatchesTheReadme() throws {
        let here = String(describing: #filePath)
        let root = here.components(separatedBy: "/Tests/TCPCodecPropertyTests/")[0]
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        let source = try String(contentsOfFile: here, encoding: .utf8)
        let blocks = readme.components(separatedBy: "```swift\n").dropFirst().map {
            $0.components(separatedBy: "```")[0]
        }
        let example = try XCTUnwrap(
            blocks.first { $0.contains("import TCPCodecXCTest") }, "no XCTest property example in the README")
        XCTAssertTrue(source.contains("runs; ReadmeExampleTests checks that the two stay the same.\n\n" + example),
                      "the README example and its copy in this file differ")
    }
}
