import XCTest

@testable import TCPValidation

final class TCPAnomalyTests: XCTestCase {
    func testNamesAreUniqueStableAndRoundTrip() {
        var names = Set<String>()
        for anomaly in TCPAnomaly.allCases {
            let name = anomaly.name.description
            XCTAssertTrue(names.insert(name).inserted, "duplicate name \(name)")
            XCTAssertEqual(TCPAnomaly(name: name), anomaly)
            XCTAssertFalse(anomaly.summary.description.isEmpty)
            XCTAssertFalse(anomaly.reference.description.isEmpty)
            XCTAssertTrue(name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, name)
        }
        XCTAssertNil(TCPAnomaly(name: "no-such-rule"))
        // A few names pinned: changing them breaks users' filters.
        XCTAssertEqual(TCPAnomaly.synAckWrongAck.name.description, "syn-ack-wrong-ack")
        XCTAssertEqual(TCPAnomaly.outOfWindow.name.description, "out-of-window")
        XCTAssertEqual(TCPAnomaly.invalidFlags.rawValue, 0)
        XCTAssertEqual(TCPAnomaly.segmentAfterClose.rawValue, 40)
    }

    func testSetOperations() {
        var set = TCPAnomalySet()
        XCTAssertTrue(set.isEmpty)
        XCTAssertEqual(set.description, "none")
        XCTAssertEqual(set.count, 0)
        XCTAssertEqual(TCPAnomalySet(low: 1 << 63, high: 1 << 63 | 1).count, 3, "bits of both words counted")
        set.insert(.outOfWindow)
        set.insert(.invalidFlags)
        set.insert(.outOfWindow)
        XCTAssertEqual(set.count, 2)
        XCTAssertEqual(Array(set), [.invalidFlags, .outOfWindow])
        XCTAssertEqual(set.description, "invalid-flags,out-of-window")
        XCTAssertTrue(set.contains(.outOfWindow))
        set.remove(.outOfWindow)
        XCTAssertFalse(set.contains(.outOfWindow))
        let other: TCPAnomalySet = [.synWithData, .invalidFlags]
        XCTAssertEqual(set.union(other), [.invalidFlags, .synWithData])
        XCTAssertEqual(set.intersection(other), [.invalidFlags])
        XCTAssertEqual(other.subtracting(set), [.synWithData])
        XCTAssertTrue(set.containsRefusal)
        XCTAssertFalse(TCPAnomalySet([.synWithData]).containsRefusal)
        // The high word.
        var high = TCPAnomalySet(low: 0, high: 1)
        XCTAssertEqual(high.count, 1)
        XCTAssertEqual(Array(high), [], "no case has raw value 64 yet")
        high.formUnion([.portZero])
        XCTAssertEqual(Array(high), [.portZero])
    }

    func testStatelessClassification() {
        XCTAssertTrue(TCPAnomaly.portZero.isStateless)
        XCTAssertTrue(TCPAnomaly.invalidFlags.isStateless)
        XCTAssertFalse(TCPAnomaly.synAckWrongAck.isStateless)
        XCTAssertFalse(TCPAnomaly.synWithData.isRefusal)
        XCTAssertTrue(TCPAnomaly.pawsFailure.isRefusal)
    }
}
