// The Swift Testing glue of the property runner, in a module of its own so that the generators (TCPCodecTesting)
// do not depend on a test framework. Importing this module imports the generators too.
@_exported import TCPCodecTesting
import Testing

/// Checks a property over generated cases from a Swift Testing test, and records its first failure as an issue:
/// shrunk, with the seed that replays it and the inputs in hex.
///
/// The property draws its inputs from the generator and throws when they break it; use
/// ``TCPGenerator/expect(_:_:file:line:)`` and ``TCPGenerator/expectEqual(_:_:_:file:line:)`` rather than `#expect`,
/// so that the runner sees the failure and can shrink it. The environment variables are those of the XCTest
/// runner: `TCP_PROPERTY_ITERATIONS` sets the number of cases, `TCP_PROPERTY_SEED` replays one case,
/// `TCP_PROPERTY_BASE_SEED` tries other cases.
///
/// ```swift
/// @Test func readsBackEveryHeader() {
///     checkProperty("reads back every header") { gen in
///         let header = gen.header()
///         try gen.expect(header.sourcePort == header.sourcePort, "source port")
///     }
/// }
/// ```
///
/// - Parameters:
///   - name: the property's name; it seeds the cases, so each run of a property tries the same ones.
///   - iterations: the number of cases unless the environment says otherwise; 1,000 by default.
///   - sourceLocation: where to record a failure.
///   - property: the property.
public func checkProperty(
    _ name: String, iterations: Int = 1_000, sourceLocation: SourceLocation = #_sourceLocation,
    _ property: (TCPGenerator) throws -> Void
) {
    let configuration = PropertyConfiguration.environment(defaultIterations: iterations)
    guard var failure = PropertyRunner.run(name, configuration: configuration, property: property) else { return }
    // `swift test --filter` takes a Swift Testing function's name as it does an XCTest method's.
    failure.testName = Test.current?.name
    Issue.record(Comment(rawValue: failure.description), sourceLocation: sourceLocation)
}
