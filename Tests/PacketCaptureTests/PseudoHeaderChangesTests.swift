import PacketCapture
import XCTest

/// `PseudoHeaderChanges` as text.
final class PseudoHeaderChangesTests: XCTestCase {
    func testDescriptions() {
        XCTAssertEqual(PseudoHeaderChanges().description, "none")
        XCTAssertEqual(PseudoHeaderChanges.sourceRoute.description, "source route")
        XCTAssertEqual(PseudoHeaderChanges([.routingHeader, .homeAddress]).description, "routing header+home address")
    }
}
