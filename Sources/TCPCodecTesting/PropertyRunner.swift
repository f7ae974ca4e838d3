#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How many cases a property runs, from which seeds, and how hard a failure is shrunk.
public struct PropertyConfiguration: Hashable, Sendable {
    /// The number of cases to run.
    public var iterations: Int
    /// The seed the case seeds are derived from; `nil` derives it from the property's name, so every run of a
    /// property tries the same cases.
    public var baseSeed: UInt64?
    /// When set, only the case with this seed runs: the way to replay a reported failure.
    public var replaySeed: UInt64?
    /// The most property evaluations spent shrinking a failure.
    public var shrinkBudget: Int

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - iterations: the number of cases.
    ///   - baseSeed: the seed case seeds derive from; `nil` for one derived from the property's name.
    ///   - replaySeed: the one case seed to run, or `nil` to run `iterations` cases.
    ///   - shrinkBudget: the most evaluations spent shrinking.
    public init(
        iterations: Int = 1_000, baseSeed: UInt64? = nil, replaySeed: UInt64? = nil, shrinkBudget: Int = 4_000
    ) {
        self.iterations = iterations
        self.baseSeed = baseSeed
        self.replaySeed = replaySeed
        self.shrinkBudget = shrinkBudget
    }

    /// The configuration for a property with `iterations` cases by default, overridden by the environment:
    /// `TCP_PROPERTY_ITERATIONS` (a count for every property), `TCP_PROPERTY_SEED` (replay one case) and
    /// `TCP_PROPERTY_BASE_SEED` (try other cases than the default ones). Numbers are decimal or `0x` hex.
    ///
    /// - Parameter iterations: the property's default number of cases.
    /// - Returns: the configuration.
    public static func environment(defaultIterations iterations: Int) -> PropertyConfiguration {
        var configuration = PropertyConfiguration(iterations: iterations)
        if let count = PropertyRunner.environmentNumber(PropertyRunner.iterationsVariable) {
            configuration.iterations = Int(clamping: count)
        }
        configuration.baseSeed = PropertyRunner.environmentNumber(PropertyRunner.baseSeedVariable)
        configuration.replaySeed = PropertyRunner.environmentNumber(PropertyRunner.seedVariable)
        return configuration
    }
}

/// A property that failed: the case's seed, what failed, and the generated inputs before and after shrinking.
public struct PropertyFailure: Sendable, CustomStringConvertible {
    /// The property's name.
    public var name: String
    /// The seed of the failing case: set `TCP_PROPERTY_SEED` to it to run that case again.
    public var seed: UInt64
    /// The number of the failing case, from 0 (0 when a replayed seed failed).
    public var caseIndex: Int
    /// Why the shrunk case failed.
    public var message: String
    /// The inputs the shrunk case generated, bytes in hex.
    public var inputs: [TCPGenerator.LogEntry]
    /// Why the case failed before shrinking.
    public var originalMessage: String
    /// The inputs of the case before shrinking.
    public var originalInputs: [TCPGenerator.LogEntry]
    /// How many smaller failing cases shrinking went through.
    public var shrinkSteps: Int
    /// The test that runs the property, for the replay line (`swift test --filter <testName>`), when known.
    public var testName: String?

    /// The report printed for a failure: the seed, how to replay it, the shrunk inputs, the original inputs.
    public var description: String {
        var text = "property '\(name)' failed at case \(caseIndex), seed \(Self.hexSeed(seed)): \(message)\n"
        text += "replay: \(PropertyRunner.seedVariable)=\(Self.hexSeed(seed)) swift test --filter "
            + "\(testName ?? "<this test>")\n"
        text += "shrunk input (\(shrinkSteps) steps):"
        for entry in inputs { text += "\n  \(entry)" }
        if shrinkSteps > 0 {
            text += "\noriginal failure: \(originalMessage)\noriginal input:"
            for entry in originalInputs { text += "\n  \(entry)" }
        }
        return text
    }

    /// `0x` and 16 hex digits.
    internal static func hexSeed(_ seed: UInt64) -> String {
        let digits = String(seed, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// Runs properties over generated cases and shrinks the first failure. XCTest users call
/// `XCTestCase.check(_:iterations:file:line:_:)` (module `TCPCodecXCTest`), Swift Testing users `checkProperty`
/// (module `TCPCodecSwiftTesting`); this type returns the failure instead of reporting it.
public enum PropertyRunner {
    /// The environment variable that replays one case: its value is the seed a failure printed.
    public static let seedVariable = "TCP_PROPERTY_SEED"
    /// The environment variable that sets every property's number of cases.
    public static let iterationsVariable = "TCP_PROPERTY_ITERATIONS"
    /// The environment variable that sets the seed case seeds are derived from.
    public static let baseSeedVariable = "TCP_PROPERTY_BASE_SEED"

    /// Runs `property` over the configured cases; on the first failure, shrinks it and returns it.
    ///
    /// A case fails when `property` throws (for example through ``TCPGenerator/expect(_:_:file:line:)``).
    /// Shrinking replays the case's record of draws with draws removed, zeroed and made smaller, keeping each
    /// change after which the property still fails; so the failure reported is a simpler one: fewer options,
    /// zeroed fields, shorter payloads.
    ///
    /// - Parameters:
    ///   - name: the property's name, which also seeds its cases.
    ///   - configuration: the number of cases and seeds.
    ///   - property: the property: it draws its inputs from the generator and throws when they break it.
    /// - Returns: the shrunk failure, or `nil` when every case passed.
    public static func run(
        _ name: String, configuration: PropertyConfiguration, property: (TCPGenerator) throws -> Void
    ) -> PropertyFailure? {
        let seeds: [(index: Int, seed: UInt64)]
        if let replay = configuration.replaySeed {
            seeds = [(0, replay)]
        } else {
            let base = configuration.baseSeed ?? TestRandom.seed(from: name)
            seeds = (0 ..< max(configuration.iterations, 0)).map { ($0, caseSeed(base: base, index: $0)) }
        }
        for (index, seed) in seeds {
            let generator = TCPGenerator(seed: seed)
            do {
                try property(generator)
            } catch {
                var failure = PropertyFailure(
                    name: name, seed: seed, caseIndex: index, message: "\(error)", inputs: generator.log,
                    originalMessage: "\(error)", originalInputs: generator.log, shrinkSteps: 0, testName: nil)
                shrink(&failure, record: generator.usedRecord, budget: configuration.shrinkBudget, property: property)
                return failure
            }
        }
        return nil
    }

    /// The seed of case `index` of a run whose base seed is `base`.
    ///
    /// - Parameters:
    ///   - base: the run's base seed.
    ///   - index: the case number.
    /// - Returns: the case's seed.
    public static func caseSeed(base: UInt64, index: Int) -> UInt64 {
        var state = base ^ UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03
        return TestRandom.splitMix64(&state)
    }

    // MARK: - Shrinking

    /// Shortlex order: shorter records are simpler; at equal length, the first differing draw decides.
    internal static func isSimpler(_ lhs: [UInt64], than rhs: [UInt64]) -> Bool {
        if lhs.count != rhs.count { return lhs.count < rhs.count }
        for (left, right) in zip(lhs, rhs) where left != right { return left < right }
        return false
    }

    internal static func shrink(
        _ failure: inout PropertyFailure, record: [UInt64], budget: Int, property: (TCPGenerator) throws -> Void
    ) {
        var best = record
        var remaining = budget

        /// Replays `candidate`; keeps it when the property still fails and the used record is simpler.
        func attempt(_ candidate: [UInt64]) -> Bool {
            guard remaining > 0 else { return false }
            remaining -= 1
            let generator = TCPGenerator(replaying: candidate, seed: failure.seed)
            do {
                try property(generator)
                return false
            } catch {
                let used = generator.usedRecord
                guard isSimpler(used, than: best) else { return false }
                best = used
                failure.message = "\(error)"
                failure.inputs = generator.log
                failure.shrinkSteps += 1
                return true
            }
        }

        var improved = true
        while improved, remaining > 0 {
            improved = false
            // Remove runs of draws: a run of an option's draws, or a "one more?" draw with what follows.
            for size in [8, 4, 2, 1] {
                var start = 0
                while start + size <= best.count, remaining > 0 {
                    var candidate = best
                    candidate.removeSubrange(start ..< start + size)
                    if attempt(candidate) { improved = true } else { start += 1 }
                }
            }
            // Make each draw as small as it can be: zero first, then by bisection.
            var index = 0
            while index < best.count, remaining > 0 {
                let value = best[index]
                if value != 0 {
                    var candidate = best
                    candidate[index] = 0
                    if attempt(candidate) {
                        improved = true
                    } else if (1 ..< min(value, 9)).contains(where: { small in
                        // Draws are mostly taken modulo a small range: the smallest values often work when a
                        // bisection, which assumes monotony, would stop early.
                        var candidate = best
                        candidate[index] = small
                        return attempt(candidate)
                    }) {
                        improved = true
                    } else {
                        var low: UInt64 = 0
                        var high = value
                        while low + 1 < high, remaining > 0, index < best.count, best[index] == high {
                            let middle = low + (high - low) / 2
                            var candidate = best
                            candidate[index] = middle
                            if attempt(candidate) {
                                improved = true
                                high = middle
                            } else {
                                low = middle
                            }
                        }
                    }
                }
                index += 1
            }
        }
    }

    // MARK: - Environment

    /// The value of an environment variable as a decimal or `0x` hexadecimal number, or `nil`.
    internal static func environmentNumber(_ variable: String) -> UInt64? {
        guard let raw = getenv(variable) else { return nil }
        let text = String(cString: raw).trimmingSpaces()
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16) }
        return UInt64(text)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    internal func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first ... last])
    }
}
