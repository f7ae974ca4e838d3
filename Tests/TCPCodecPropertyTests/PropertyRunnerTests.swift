import TCPCodec
import TCPCodecTesting
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The runner itself: it runs the cases asked for, reports a failing seed, replays it, and shrinks.
final class PropertyRunnerTests: XCTestCase {
    struct Deliberate: Error, CustomStringConvertible {
        var description: String { "deliberate failure" }
    }

    func testAPassingPropertyRunsEveryCase() {
        var cases = 0
        let failure = PropertyRunner.run("counts", configuration: PropertyConfiguration(iterations: 37)) { _ in
            cases += 1
        }
        XCTAssertNil(failure)
        XCTAssertEqual(cases, 37)
    }

    func testTheSameSeedGeneratesTheSameValues() {
        let first = TCPGenerator(seed: 0x1234)
        let second = TCPGenerator(seed: 0x1234)
        XCTAssertEqual(first.header(), second.header())
        XCTAssertEqual(first.trace(), second.trace())
        XCTAssertEqual(first.malformedSegment(), second.malformedSegment())
        XCTAssertEqual(first.log, second.log)
        XCTAssertNotEqual(TCPGenerator(seed: 1).header(), TCPGenerator(seed: 2).header())
        var random = TestRandom(seed: 7)
        var again = TestRandom(seed: 7)
        XCTAssertEqual((0 ..< 8).map { _ in random.next() }, (0 ..< 8).map { _ in again.next() })
    }

    /// A property that fails whenever a header carries a timestamps option shrinks to the smallest such header:
    /// every field zero and the timestamps option alone, with zero values.
    func testAFailingHeaderPropertyIsReportedWithItsSeedAndShrunk() throws {
        let property: (TCPGenerator) throws -> Void = { gen in
            let header = gen.header()
            let hasTimestamps = header.options.contains {
                if case .timestamps = $0 { return true }
                return false
            }
            try gen.expect(!hasTimestamps, "a header with timestamps")
        }
        let failure = try XCTUnwrap(
            PropertyRunner.run("no timestamps", configuration: PropertyConfiguration(iterations: 1_000),
                               property: property))
        XCTAssertTrue(failure.message.hasPrefix("a header with timestamps ("), failure.message)
        XCTAssertGreaterThan(failure.shrinkSteps, 0)

        var smallest = TCPHeader()
        try smallest.options.append(.timestamps(value: 0, echoReply: 0))
        let expected = TCPGenerator.hex(TCPGenerator.encoded(smallest))
        XCTAssertEqual(failure.inputs, [TCPGenerator.LogEntry(label: "header", value: expected)])
        XCTAssertNotEqual(failure.originalInputs, failure.inputs, "the original failure was not already minimal")

        // The report names the seed in hex, the variable that replays it, and the shrunk header.
        let report = failure.description
        let seedText = "0x" + String(repeating: "0", count: 16 - String(failure.seed, radix: 16).count)
            + String(failure.seed, radix: 16)
        XCTAssertTrue(report.contains("seed \(seedText)"), report)
        XCTAssertTrue(report.contains("TCP_PROPERTY_SEED=\(seedText)"), report)
        XCTAssertTrue(report.contains("header: \(expected)"), report)

        // Replaying the seed fails again, at once, with the same original input.
        let replayed = try XCTUnwrap(
            PropertyRunner.run("no timestamps", configuration: PropertyConfiguration(replaySeed: failure.seed),
                               property: property))
        XCTAssertEqual(replayed.seed, failure.seed)
        XCTAssertEqual(replayed.originalInputs, failure.originalInputs)
        XCTAssertEqual(replayed.inputs, failure.inputs)
    }

    /// Byte strings shrink too: a property failing on any byte above 0x7F shrinks to the single byte 0x80.
    func testAFailingBytesPropertyShrinksToOneByte() throws {
        let failure = try XCTUnwrap(PropertyRunner.run("small bytes", configuration: PropertyConfiguration()) { gen in
            let bytes = gen.bytes(lengths: 0 ... 100)
            if bytes.contains(where: { $0 > 0x7F }) { throw Deliberate() }
        })
        XCTAssertEqual(failure.message, "deliberate failure")
        XCTAssertEqual(failure.inputs, [TCPGenerator.LogEntry(label: "bytes", value: "80")])
    }

    func testTheEnvironmentSetsIterationsAndSeeds() {
        setenv(PropertyRunner.iterationsVariable, "25", 1)
        setenv(PropertyRunner.seedVariable, "0x00000000000000ff", 1)
        setenv(PropertyRunner.baseSeedVariable, "12", 1)
        let configuration = PropertyConfiguration.environment(defaultIterations: 1_000)
        unsetenv(PropertyRunner.iterationsVariable)
        unsetenv(PropertyRunner.seedVariable)
        unsetenv(PropertyRunner.baseSeedVariable)
        XCTAssertEqual(configuration.iterations, 25)
        XCTAssertEqual(configuration.replaySeed, 255)
        XCTAssertEqual(configuration.baseSeed, 12)
        XCTAssertEqual(PropertyConfiguration.environment(defaultIterations: 1_000).iterations, 1_000)
    }
}
