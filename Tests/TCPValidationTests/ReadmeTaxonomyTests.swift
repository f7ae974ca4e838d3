import Foundation
import XCTest

@testable import TCPValidation

/// The README's taxonomy table says what the code says: every anomaly once, with its raw value, severity and
/// summary, and every severity of the severity table.
final class ReadmeTaxonomyTests: XCTestCase {
    /// The rows of the README table that starts with `| name | raw |`, as cells.
    func taxonomyRows() throws -> [[String]] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("| name | raw | scope | severity |") })
        return lines[(header + 2)...].prefix { $0.hasPrefix("|") }.map { line in
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    func testEveryAnomalyIsInTheTableWithItsSeverity() throws {
        let rows = try taxonomyRows()
        XCTAssertEqual(rows.count, TCPAnomaly.allCases.count)
        for (row, anomaly) in zip(rows, TCPAnomaly.allCases) {
            XCTAssertEqual(row[0], "`\(anomaly.name)`")
            XCTAssertEqual(row[1], String(anomaly.rawValue), anomaly.description)
            XCTAssertEqual(row[2], anomaly.isStateless ? "segment" : "flow", anomaly.description)
            XCTAssertEqual(row[3], anomaly.severity.description, anomaly.description)
            XCTAssertEqual(row[4], anomaly.summary.description, anomaly.description)
        }
    }

    func testSeveritiesOrderAndNames() {
        XCTAssertEqual(TCPAnomalySeverity.allCases.sorted(), [.info, .capture, .discouraged, .violation])
        for severity in TCPAnomalySeverity.allCases {
            XCTAssertEqual(TCPAnomalySeverity(name: severity.description), severity)
        }
        XCTAssertNil(TCPAnomalySeverity(name: "fatal"))
        // A refusal is exactly a violation.
        for anomaly in TCPAnomaly.allCases {
            XCTAssertEqual(anomaly.isRefusal, anomaly.severity == .violation, anomaly.description)
        }
        let set: TCPAnomalySet = [.synWithData, .ackOfUnseenSegment, .outOfWindow]
        XCTAssertEqual(set.worstSeverity, .violation)
        XCTAssertEqual(set.filter(severity: .capture), [.ackOfUnseenSegment])
        XCTAssertNil(TCPAnomalySet().worstSeverity)
    }
}
