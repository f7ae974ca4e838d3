import CaptureTestSupport
import Foundation
import TCPInspectCore
import TCPValidation
import XCTest

/// The roles the validator recognises in a segment (`TCPSegmentTraits.roles`: a retransmission, a duplicate ACK, the
/// reset of an endpoint closed for reading...), in the text's ` [roles: ...]` mark and the JSON's `"roles"` member.
final class RoleOutputTests: XCTestCase {
    private static let oracle = FixturePaths.captures.appendingPathComponent("linux-oracle.pcap").path

    /// Frame number -> the roles of the text line's mark, for the lines that have one.
    private static func textRoles(_ run: InspectHarness.Run) throws -> [Int: [String]] {
        var roles: [Int: [String]] = [:]
        for line in run.lines {
            guard let start = line.range(of: " [roles: ") else { continue }
            let rest = line[start.upperBound...]
            let end = try XCTUnwrap(rest.firstIndex(of: "]"), line)
            let frame = try XCTUnwrap(line.split(separator: " ").first.flatMap { Int($0) }, line)
            roles[frame] = rest[..<end].components(separatedBy: ", ")
        }
        return roles
    }

    /// Frame number -> the JSON object's `"roles"`, for the objects that have them.
    private static func jsonRoles(_ run: InspectHarness.Run) throws -> [Int: [String]] {
        var roles: [Int: [String]] = [:]
        for object in try ConntrackOutputTests.objects(run) {
            guard let names = object["roles"] else { continue }
            roles[try XCTUnwrap(object["frame"] as? Int)] = try XCTUnwrap(names as? [String])
        }
        return roles
    }

    func testTextAndJSONShowTheSameRoles() throws {
        let text = try Self.textRoles(InspectHarness.run(path: Self.oracle))
        let json = try Self.jsonRoles(
            InspectHarness.run(path: Self.oracle, configuration: InspectConfiguration(json: true)))
        XCTAssertFalse(text.isEmpty)
        XCTAssertEqual(text, json)
        // Only role names, each once, in the library's order.
        let order = TCPSegmentTraits.named.filter { TCPSegmentTraits.roles.contains($0.trait) }.map(\.name)
        for (frame, names) in text {
            XCTAssertEqual(names, order.filter { names.contains($0) }, "frame \(frame)")
        }
        // Each of the roles this capture holds shows up.
        let shown = Set(text.values.joined())
        for role in ["retransmission", "keep-alive", "challenge-ack", "duplicate-ack", "window-update",
                     "reset-on-data-after-close"]
        {
            XCTAssertTrue(shown.contains(role), role)
        }
    }

    /// The resets of the FIN-WAIT probes, Linux's answers to data after `close()`, and no other segment, are marked
    /// as such.
    func testResetsOnDataAfterCloseAreMarked() throws {
        let run = InspectHarness.run(path: Self.oracle, configuration: InspectConfiguration(json: true))
        var marked: [Int] = []
        for object in try ConntrackOutputTests.objects(run) {
            guard let roles = object["roles"] as? [String], roles.contains("reset-on-data-after-close") else {
                continue
            }
            marked.append(try XCTUnwrap(object["frame"] as? Int))
            XCTAssertEqual(object["sport"] as? Int, 47702, "the closing server sends it")
            XCTAssertEqual(object["flags"] as? Int, 4, "RST alone")
        }
        XCTAssertEqual(marked.count, 4, "fin-wait-1-data, fin-wait-2-data, and the follow-ups of two more probes")
    }

    /// The summary counts the segments of each role that the segments view marks, in its statistics, its JSON and
    /// its text.
    func testTheSummaryCountsTheRolesTheSegmentsShow() throws {
        var expected: [String: UInt64] = [:]
        for names in try Self.jsonRoles(
            InspectHarness.run(path: Self.oracle, configuration: InspectConfiguration(json: true))).values
        {
            for name in names { expected[name, default: 0] += 1 }
        }
        let summary = InspectHarness.run(path: Self.oracle, configuration: InspectConfiguration(view: .summary))
        XCTAssertEqual(summary.statistics?.roles, expected)
        for (name, count) in expected {
            XCTAssertTrue(summary.lines.contains { $0.hasPrefix("  \(name) ") && $0.hasSuffix(" \(count)") }, name)
        }
        let json = InspectHarness.run(
            path: Self.oracle, configuration: InspectConfiguration(view: .summary, json: true))
        let object = try XCTUnwrap(ConntrackOutputTests.objects(json).first)
        XCTAssertEqual(object["roles"] as? [String: Int], expected.mapValues { Int($0) })
    }

    /// The flows view counts each flow's segments by role: in JSON and text, adding up to the summary's counts.
    func testTheFlowsViewCountsTheRolesOfEachFlow() throws {
        let summary = InspectHarness.run(path: Self.oracle, configuration: InspectConfiguration(view: .summary))
        let expected = try XCTUnwrap(summary.statistics?.roles)
        let json = InspectHarness.run(path: Self.oracle, configuration: InspectConfiguration(view: .flows, json: true))
        var fromJSON: [String: UInt64] = [:]
        for flow in try ConntrackOutputTests.objects(json) {
            let roles = try XCTUnwrap(flow["roles"] as? [String: Int], "every flow has the member")
            for (name, count) in roles { fromJSON[name, default: 0] += UInt64(count) }
        }
        XCTAssertEqual(fromJSON, expected)
        var fromText: [String: UInt64] = [:]
        for line in InspectHarness.run(path: Self.oracle, configuration: InspectConfiguration(view: .flows)).lines
        where line.hasPrefix("  roles: ") {
            for entry in line.dropFirst("  roles: ".count).components(separatedBy: ", ") {
                let parts = entry.split(separator: " ")
                XCTAssertEqual(parts.count, 2, line)
                fromText[String(parts[0]), default: 0] += try XCTUnwrap(UInt64(parts[1]), line)
            }
        }
        XCTAssertEqual(fromText, expected)
    }

    /// Without the validator there are no roles.
    func testNoValidationNoRoles() throws {
        let configuration = InspectConfiguration(json: true, validates: false)
        XCTAssertTrue(try Self.jsonRoles(InspectHarness.run(path: Self.oracle, configuration: configuration)).isEmpty)
        let text = InspectHarness.run(path: Self.oracle, configuration: InspectConfiguration(validates: false))
        XCTAssertFalse(text.output.contains("[roles: "))
    }
}
