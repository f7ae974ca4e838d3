import Foundation
import TCPInspectCore
import XCTest

/// The text view against tcpdump's own output: for every capture in `Captures/tcpdump`, every field tcpdump
/// printed for a TCP segment (flags, seq, ack, win, urg, options, length) must be what `tcp-inspect` prints.
final class TcpdumpFidelityTests: XCTestCase {
    /// One expected-output file of the fixture table, with the options it was made with.
    struct Expectation {
        var capture: String
        var output: String
        var options: [String]

        /// tcpdump's verbosity: 0, 1 (`-v`), 2 (`-vv`), 3 (`-vvv`).
        var verbosity: Int {
            options.map { $0 == "-v" ? 1 : $0 == "-vv" ? 2 : $0 == "-vvv" ? 3 : 0 }.max() ?? 0
        }

        /// `-q`: TCP lines show only `tcp LENGTH`.
        var isQuiet: Bool { options.contains("-q") }

        /// `-c`, `--skip`, `--print-sampling`: not every frame is in the output.
        var selectsFrames: Bool {
            options.contains { $0 == "-c" || $0 == "-c1" || $0 == "--skip" || $0.hasPrefix("--print-sampling") }
        }

        /// A filter expression after `--`: tcpdump's `-#` then numbers the frames it prints, not the capture's, so
        /// the output cannot be compared frame by frame.
        var filtersFrames: Bool { options.contains("--") }

        /// How far the options are from a plain `-tttt` run: lower is plainer.
        var distance: Int {
            var score = 0
            if isQuiet { score += 100 }
            if selectsFrames { score += 50 }
            score += 10 * verbosity
            for option in options where ["-x", "-xx", "-X", "-XX", "-A", "-AA", "-e"].contains(option) {
                score += 5
            }
            if output.contains("-ssl") { score += 1 }  // libcrypto builds print MD5 options as a check result
            return score
        }
    }

    /// Fields of a tcpdump-style line that are compared, by name.
    typealias Fields = [String: String]

    /// Where tcpdump and we differ, and why it is accepted. Empty: every field agrees.
    static let acceptedDisagreements: [String: String] = [:]

    static func expectations() throws -> [Expectation] {
        let table = try String(
            contentsOf: FixturePaths.tcpdump.appendingPathComponent("TESTS.tsv"), encoding: .utf8)
        var rows: [Expectation] = []
        for line in table.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 3 else { continue }
            let row = Expectation(
                capture: columns[0], output: columns[1], options: columns[2].split(separator: " ").map(String.init))
            if !row.filtersFrames { rows.append(row) }
        }
        return rows
    }

    /// For each capture, the plainest of its expected outputs.
    static func plainestExpectations() throws -> [Expectation] {
        let grouped = Dictionary(grouping: try expectations(), by: \.capture)
        return grouped.keys.sorted().compactMap { capture in
            grouped[capture]?.min { ($0.distance, $0.output) < ($1.distance, $1.output) }
        }
    }

    /// The TCP fields of each frame in a tcpdump-style listing (tcpdump's `.out` files, or our text view).
    ///
    /// A frame's lines start with its number (`-#`); with `-v` the TCP fields are on the line after the IP
    /// header. Lines without TCP fields (other protocols, dump lines) are skipped.
    static func tcpFields(of listing: String, quiet: Bool) -> [UInt64: Fields] {
        var result: [UInt64: Fields] = [:]
        var frame: UInt64?
        for line in listing.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " }
            if let space = trimmed.firstIndex(of: " "), trimmed[space...].hasPrefix("  "),
                let number = UInt64(trimmed[..<space])
            {
                frame = number
            }
            guard let frame, result[frame] == nil, let fields = fields(of: line, quiet: quiet) else { continue }
            result[frame] = fields
        }
        return result
    }

    /// The compared fields of one line, or `nil` when it shows no TCP header.
    static func fields(of line: Substring, quiet: Bool) -> Fields? {
        if let flagsStart = line.range(of: ": Flags [") {
            let tcp = line[flagsStart.upperBound...]
            var fields: Fields = [:]
            if let close = tcp.firstIndex(of: "]") {
                fields["flags"] = String(tcp[..<close])
            }
            var beforeOptions = tcp
            if let options = tcp.range(of: ", options [") {
                let rest = tcp[options.upperBound...]
                if let end = rest.range(of: "], length ") {
                    fields["options"] = String(rest[..<end.lowerBound])
                    fields["length"] = leadingNumber(rest[end.upperBound...])
                } else {
                    fields["options"] = String(rest)
                }
                beforeOptions = tcp[..<options.lowerBound]
            } else if let length = tcp.range(of: ", length ") {
                fields["length"] = leadingNumber(tcp[length.upperBound...])
            }
            for name in ["seq", "ack", "win", "urg"] {
                if let range = beforeOptions.range(of: ", \(name) ") {
                    let value = beforeOptions[range.upperBound...].prefix { $0 != "," }
                    fields[name] = String(value)
                }
            }
            if let bad = beforeOptions.range(of: " [bad hdr length") {
                fields["header"] = String(beforeOptions[bad.lowerBound...])
            }
            return fields
        }
        if quiet, let tcp = line.range(of: ": tcp ") {
            return ["length": leadingNumber(line[tcp.upperBound...])]
        }
        // A header tcpdump could not show: `A.P > B.Q:  [|tcp]`, `... tcp N [bad hdr length ...] (invalid)`.
        if let arrow = line.range(of: " > "), let colon = line[arrow.upperBound...].range(of: ": ") {
            let body = line[colon.upperBound...].trimmingCharacters(in: .whitespaces)
            if body == "[|tcp]" || (body.hasPrefix("tcp ") && body.contains("[bad hdr length")) {
                return ["header": body]
            }
        }
        return nil
    }

    /// Our text without the validator's ` [roles: ...]`, ` [anomalies: ...]` and ` [conntrack: ...]` marks (and what
    /// follows them), which tcpdump does not print.
    static func removingAnomalyMarks(_ text: String) -> String {
        text.split(separator: "\n").map { line -> Substring in
            let marks = [" [roles: ", " [anomalies: ", " [conntrack: "].compactMap { line.range(of: $0)?.lowerBound }
            guard let first = marks.min() else { return line }
            return line[..<first]
        }.joined(separator: "\n")
    }

    static func leadingNumber(_ text: Substring) -> String {
        String(text.prefix { $0.isNumber })
    }

    /// Runs the text view over a fixture capture.
    static func inspectText(_ capture: String, alwaysShowSequence: Bool) throws -> String {
        let output = OutputBuffer(destination: .memory)
        let inspector = Inspector(
            configuration: InspectConfiguration(alwaysShowSequence: alwaysShowSequence), output: output)
        try inspector.run(path: FixturePaths.tcpdump.appendingPathComponent(capture).path)
        return output.text
    }

    /// The line parser finds each field, so that the comparison below compares something.
    func testFieldsOfALine() {
        let line: Substring = "    4  2018-12-23 10:50:09.917574 IP 202.108.87.165.62146 > 223.132.53.222.22: "
            + "Flags [P.], "
            + "cksum 0x1234 (correct), seq 1:22, ack 1, win 4096, urg 3, options [nop,nop,TS val 1 ecr 2], "
            + "length 21: SSH: SSH-2.0-OpenSSH_7.8"
        XCTAssertEqual(Self.fields(of: line, quiet: false), [
            "flags": "P.", "seq": "1:22", "ack": "1", "win": "4096", "urg": "3", "options": "nop,nop,TS val 1 ecr 2",
            "length": "21",
        ])
        let bad: Substring = "IP 1.2.3.4.5 > 6.7.8.9.10: Flags [S], seq 1, win 2, options [mss 3,scps[bad opt]]"
        XCTAssertEqual(Self.fields(of: bad, quiet: false),
                       ["flags": "S", "seq": "1", "win": "2", "options": "mss 3,scps[bad opt]]"])
        XCTAssertEqual(Self.fields(of: "    48.48.48.48.12336 > 48.48.48.48.12336:  [|tcp]", quiet: false),
                       ["header": "[|tcp]"])
        XCTAssertEqual(Self.fields(of: "IP 1.2.3.4.5 > 6.7.8.9.10: tcp 0", quiet: true), ["length": "0"])
        XCTAssertNil(Self.fields(of: "IP 1.2.3.4.53 > 6.7.8.9.10: 1234 A? example. (30)", quiet: false))
    }

    /// Every TCP line of every capture agrees with tcpdump's, field by field.
    func testEveryTCPLineAgreesWithTcpdump() throws {
        let expectations = try Self.plainestExpectations()
        XCTAssertEqual(expectations.count, 82, "one output per capture")
        var disagreements: [String] = []
        var comparedLines = 0
        var comparedFields = 0
        for expectation in expectations {
            let expected = try String(
                contentsOf: FixturePaths.tcpdump.appendingPathComponent(expectation.output), encoding: .utf8)
            let theirs = Self.tcpFields(of: expected, quiet: expectation.isQuiet)
            let text = try Self.inspectText(expectation.capture, alwaysShowSequence: expectation.verbosity >= 2)
            let ours = Self.tcpFields(of: Self.removingAnomalyMarks(text), quiet: false)
            for frame in theirs.keys.sorted() {
                let their = theirs[frame] ?? [:]
                comparedLines += 1
                guard let our = ours[frame] else {
                    disagreements.append("\(expectation.output) frame \(frame): we print no TCP line")
                    continue
                }
                for (name, value) in their.sorted(by: { $0.key < $1.key }) {
                    comparedFields += 1
                    let key = "\(expectation.capture) \(frame) \(name)"
                    if our[name] != value && Self.acceptedDisagreements[key] == nil {
                        disagreements.append(
                            "\(expectation.output) frame \(frame) \(name): tcpdump \"\(value)\", "
                                + "we \"\(our[name] ?? "(nothing)")\"")
                    }
                }
                if !expectation.isQuiet {
                    for name in our.keys.sorted() where their[name] == nil {
                        disagreements.append(
                            "\(expectation.output) frame \(frame) \(name): tcpdump prints none, we \"\(our[name]!)\"")
                    }
                }
            }
            if !expectation.selectsFrames {
                for frame in ours.keys.sorted() where theirs[frame] == nil {
                    disagreements.append("\(expectation.output) frame \(frame): tcpdump prints no TCP line, we do")
                }
            }
        }
        print("tcpdump fidelity: \(comparedLines) TCP lines, \(comparedFields) fields compared, "
            + "\(disagreements.count) disagreements")
        XCTAssertGreaterThanOrEqual(comparedLines, 850)
        XCTAssertTrue(
            disagreements.isEmpty,
            "\(disagreements.count) disagreements:\n" + disagreements.joined(separator: "\n"))
    }
}

/// Paths of the test data, found from this file's path so that tests need nothing outside the package.
enum FixturePaths {
    /// `Captures`, the real Linux sessions.
    static let captures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TCPInspectTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("Captures")

    /// `Captures/tcpdump`, tcpdump's test captures and expected outputs.
    static let tcpdump = captures.appendingPathComponent("tcpdump")
}
