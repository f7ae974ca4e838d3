import PacketCapture
import XCTest

/// `UnknownPseudoHeaderReason` as text, which tcp-inspect's JSON carries.
final class UnknownPseudoHeaderReasonTests: XCTestCase {
    func testDescriptions() {
        let expected = [
            "malformed IPv4 options", "malformed loose source route", "malformed strict source route",
            "more than one IPv4 source route", "unknown routing header type 0", "unknown routing header type 253",
            "malformed routing header type 4", "more than one routing header", "malformed destination options",
            "malformed home address option", "more than one home address option",
        ]
        XCTAssertEqual(CapturedTCPSegmentTests.reasons.map(\.description), expected)
    }
}
