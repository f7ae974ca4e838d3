// The README's Swift Testing example (README.md, section "Property tests for your own tools"), copied verbatim
// below so that it compiles and runs; the last test checks that the two stay the same.

import TCPCodec
import TCPCodecSwiftTesting
import Testing

@Test func readsBackEveryHeaderSwiftTesting() {
    checkProperty("reads back every header (Swift Testing)") { gen in
        let header = gen.header()
        let payload = gen.payload()
        let pseudoHeader = gen.pseudoHeader()
        let bytes = TCPGenerator.encoded(header, payload: payload, pseudoHeader: pseudoHeader)
        try bytes.withUnsafeBytes { raw in
            let view = try TCPSegmentView(raw)  // your tool's parser goes here
            try gen.expectEqual(view.sourcePort, header.sourcePort, "source port")
            try gen.expect(view.verifyChecksum(pseudoHeader: pseudoHeader), "checksum")
        }
    }
}

/// The Swift Testing runner itself: a broken property is recorded as an issue with its seed and replay line.
@Suite struct SwiftTestingRunnerTests {
    @Test func aBrokenPropertyIsRecordedWithItsSeed() {
        withKnownIssue {
            checkProperty("no port is above 1000", iterations: 200) { gen in
                let header = gen.header()
                try gen.expect(header.sourcePort <= 1000, "source port \(header.sourcePort) above 1000")
            }
        } matching: { issue in
            let text = issue.comments.map(\.rawValue).joined()
            return text.contains("property 'no port is above 1000' failed")
                && text.contains("replay: TCP_PROPERTY_SEED=0x")
                && text.contains("aBrokenPropertyIsRecordedWithItsSeed()")
        }
    }

    @Test func aHoldingPropertyRecordsNothing() {
        // Nothing is recorded: a recorded issue would fail this test.
        checkProperty("ports are 16 bits", iterations: 100) { gen in
            let header = gen.header()
            try gen.expect(Int(header.sourcePort) < 65_536, "source port")
        }
    }

    @Test func theExampleMatchesTheReadme() throws {
        let here = String(describing: #filePath)
        let root = here.components(separatedBy: "/Tests/TCPCodecPropertyTests/")[0]
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        let source = try String(contentsOfFile: here, encoding: .utf8)
        let blocks = readme.components(separatedBy: "```swift\n").dropFirst().map {
            $0.components(separatedBy: "```")[0]
        }
        let example = try #require(blocks.first { $0.contains("import TCPCodecSwiftTesting") })
        #expect(source.contains("stay the same.\n\n" + example), "the README example and its copy here differ")
    }
}
