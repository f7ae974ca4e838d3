import Foundation
import TCPInspectCore
import XCTest

/// README's tables of `tcp-inspect --json` members ("JSON output": a segment's object, and the `--summary` object)
/// and what the inspector writes agree: every top-level member written for the repository's captures is in its
/// table, and every member in a table is written for one of them, or by the input of the test named here for the
/// few that no capture calls for.
final class JSONMemberDocumentationTests: XCTestCase {
    /// Segment members that no capture of the repository calls for, each with the test whose input makes it.
    private static let segmentMembersMadeByOtherTests: [String: String] = [
        "reassembled_from": "FragmentOutputTests",
        "notes": "FragmentOutputTests (a tiny first fragment)",
        "held_for_reassembly": "FragmentOutputTests",
        "csum_unverifiable": "UnverifiableChecksumOutputTests",
        "subframe": "LinkLayerNoteTests, SkippedFrameTests (A-MSDU subframes)",
    ]

    /// Summary members that no capture of the repository calls for, each with the test whose input makes it.
    private static let summaryMembersMadeByOtherTests: [String: String] = [
        "flows_estimated": "testTheSummaryOfManyPairsWithoutValidationSaysItsFlowsAreEstimated",
        "flows_ended_for_room": "BoundedMemoryTests",
    ]

    /// The names in the first column of the README table that follows `start` (and ends before `end`).
    private func documentedMembers(after start: String, before end: String) throws -> Set<String> {
        let readme = try String(
            contentsOf: FixturePaths.captures.deletingLastPathComponent().appendingPathComponent("README.md"),
            encoding: .utf8)
        let from = try XCTUnwrap(readme.range(of: start), start)
        let to = try XCTUnwrap(readme.range(of: end, range: from.upperBound..<readme.endIndex), end)
        var names = Set<String>()
        for line in readme[from.upperBound..<to.lowerBound].split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: true)
            // The first cell: one name or several, each in backticks ("`src`, `dst`").
            for part in cells[0].split(separator: "`") where part.allSatisfy({ $0.isLetter || $0 == "_" }) {
                names.insert(String(part))
            }
        }
        return names
    }

    /// The top-level members of every object the inspector writes for the repository's captures in a
    /// configuration, each with a capture that has it, and the number of objects.
    private func writtenMembers(
        _ configuration: InspectConfiguration
    ) throws -> (members: [String: String], objects: Int) {
        var written = [String: String]()
        var objects = 0
        for folder in [FixturePaths.captures, FixturePaths.tcpdump] {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted()
            for name in names {
                let run = InspectHarness.run(
                    path: folder.appendingPathComponent(name).path, configuration: configuration)
                for line in run.output.split(separator: "\n") {
                    let object = try XCTUnwrap(
                        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(name): \(line)")
                    for key in object.keys where written[key] == nil { written[key] = name }
                    objects += 1
                }
            }
        }
        return (written, objects)
    }

    /// Checks one table against what was written.
    private func check(
        documented: Set<String>, written: [String: String], exceptions: [String: String], table: String
    ) {
        for (member, capture) in written.sorted(by: { $0.key < $1.key }) where !documented.contains(member) {
            XCTFail("\(member) is written (\(capture)) but not in README's table of \(table) members")
        }
        for member in documented.sorted() where written[member] == nil {
            XCTAssertNotNil(
                exceptions[member], "\(member) is in README's \(table) table, but no capture's output has it")
        }
        // The exceptions stay exceptions only while no capture makes them.
        for member in exceptions.keys.sorted() {
            XCTAssertTrue(documented.contains(member), "\(member) is no longer in README's \(table) table")
            XCTAssertNil(written[member], "\(member) is now written for a capture: take it off the exceptions")
        }
    }

    func testTheSegmentTableListsEveryMemberWrittenAndNoOther() throws {
        let documented = try documentedMembers(after: "### JSON output (`--json`)", before: "With `--summary --json`")
        XCTAssertTrue(documented.isSuperset(of: ["frame", "sport", "opts", "payload", "truncated_by", "layers"]))
        let (written, objects) = try writtenMembers(InspectConfiguration(json: true))
        XCTAssertGreaterThan(objects, 4_000)
        check(
            documented: documented, written: written, exceptions: Self.segmentMembersMadeByOtherTests, table: "segment")
    }

    func testTheSummaryTableListsEveryMemberWrittenAndNoOther() throws {
        let documented = try documentedMembers(after: "With `--summary --json`", before: "### Flows (`--flows`)")
        XCTAssertTrue(documented.isSuperset(of: ["frames", "segments", "skipped", "conntrack"]))
        let (written, objects) = try writtenMembers(InspectConfiguration(view: .summary, json: true))
        XCTAssertGreaterThan(objects, 90)
        check(
            documented: documented, written: written, exceptions: Self.summaryMembersMadeByOtherTests, table: "summary")
    }

    /// Without validation, past the pairs counted exactly, the summary says its flow count is an estimate.
    func testTheSummaryOfManyPairsWithoutValidationSaysItsFlowsAreEstimated() throws {
        // 70,000 distinct address and port pairs: source ports 1 ... 35,000 to two destination ports.
        var segments = [[UInt8]]()
        for port in 1...35_000 {
            for destination: UInt16 in [80, 443] {
                segments.append(InspectHarness.segment(sourcePort: UInt16(port), destinationPort: destination))
            }
        }
        let run = try InspectHarness.run(
            InspectHarness.ethernetPcap(segments),
            configuration: InspectConfiguration(view: .summary, json: true, validates: false))
        let object = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        XCTAssertEqual(object["flows_estimated"] as? Bool, true)
        let flows = try XCTUnwrap(object["flows"] as? Int)
        XCTAssertEqual(Double(flows), 70_000, accuracy: 70_000 * 0.05)
    }
}
