// The XCTest glue of the property runner, in a module of its own so that the generators (TCPCodecTesting) do not
// depend on a test framework. Importing this module imports the generators too.
@_exported import TCPCodecTesting
import XCTest

extension XCTestCase {
    /// Checks a property over generated cases and reports its first failure as a test failure, shrunk, with the
    /// seed that replays it and the inputs in hex.
    ///
    /// The property draws its inputs from the generator and throws when they break it; use
    /// ``TCPGenerator/expect(_:_:file:line:)`` and ``TCPGenerator/expectEqual(_:_:_:file:line:)`` rather than
    /// `XCTAssert`, so that the runner sees the failure and can shrink it. Environment variables:
    /// `TCP_PROPERTY_ITERATIONS` sets the number of cases, `TCP_PROPERTY_SEED` replays one case,
    /// `TCP_PROPERTY_BASE_SEED` tries other cases.
    ///
    /// - Parameters:
    ///   - name: the property's name; it seeds the cases, so each run of a property tries the same ones.
    ///   - iterations: the number of cases unless the environment says otherwise; 1,000 by default.
    ///   - file: where to report a failure.
    ///   - line: where to report a failure.
    ///   - property: the property.
    public func check(
        _ name: String, iterations: Int = 1_000, file: StaticString = #filePath, line: UInt = #line,
        _ property: (TCPGenerator) throws -> Void
    ) {
        let configuration = PropertyConfiguration.environment(defaultIterations: iterations)
        if var failure = PropertyRunner.run(name, configuration: configuration, property: property) {
            // XCTest names a test "Class.testMethod" on Linux and "-[Class testMethod]" on Darwin.
            failure.testName = String(self.name.compactMap { character -> Character? in
                switch character {
                case "-", "[", "]": return nil
                case " ", ".": return "/"
                default: return character
                }
            })
            XCTFail(failure.description, file: file, line: line)
        }
    }
}
