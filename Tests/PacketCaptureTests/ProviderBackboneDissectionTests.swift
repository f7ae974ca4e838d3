import CaptureTestSupport
import PacketCapture
import XCTest

/// IEEE 802.1ah provider backbone bridging (EtherType 0x88E7): the I-TAG, then the customer's Ethernet frame.
final class ProviderBackboneDissectionTests: XCTestCase {
    private func frame(serviceIdentifier: UInt32 = 0x12_3456, customerTags: [(UInt16, UInt16)] = [],
                       ipv6: Bool = false) -> [UInt8] {
        // Backbone addresses, B-TAG (0x88A8, VLAN 100), EtherType 0x88E7, I-TAG, customer frame.
        FrameBuilder.ethernet(etherType: 0x88E7, tags: [(0x88A8, 100)], payload: FrameBuilder.providerBackboneTag(
            priority: 3, serviceIdentifier: serviceIdentifier,
            payload: TunnelFixtures.innerFrame(ipv6: ipv6, tags: customerTags)))
    }

    func testCustomerFrameIsFollowed() throws {
        // Backbone header 18, I-TAG 4, customer header 14: the IP header at 36.
        let v4 = try XCTUnwrap(dissectTunnelled(frame()))
        XCTAssertEqual(v4.summary.ipHeaderOffset, 36)
        XCTAssertEqual(v4.summary.source, "10.0.0.1")
        XCTAssertEqual(v4.checksumVerifies, true)
        XCTAssertEqual(v4.layers, [EncapsulationLayer(kind: .providerBackbone, identifier: 0x12_3456)])
        XCTAssertEqual(v4.vlanTags, [100])
        XCTAssertNotEqual(v4.tunnelIdentity, 0)
        // A customer tag follows the backbone's in one stack.
        let tagged = try XCTUnwrap(dissectTunnelled(frame(customerTags: [(0x8100, 7)], ipv6: true)))
        XCTAssertEqual(tagged.summary.ipHeaderOffset, 40)
        XCTAssertEqual(tagged.vlanTags, [100, 7])
        XCTAssertEqual(tagged.checksumVerifies, true)
    }

    func testServiceInstancesAreTunnelsApart() throws {
        let first = try XCTUnwrap(dissectTunnelled(frame(serviceIdentifier: 1)))
        let second = try XCTUnwrap(dissectTunnelled(frame(serviceIdentifier: 2)))
        XCTAssertNotEqual(first.tunnelIdentity, second.tunnelIdentity)
        XCTAssertEqual(EncapsulationLayer(kind: .providerBackbone, identifier: 256).description, "PBB isid 256")
    }

    func testMalformed() {
        let cut = Array(frame().prefix(20))
        XCTAssertEqual(dissectOther(cut, linkType: .ethernet),
                       .malformed(.truncatedEncapsulation(.providerBackbone, needed: 4, available: 2), offset: 18))
        let customerCut = Array(frame().prefix(30))
        XCTAssertEqual(dissectOther(customerCut, linkType: .ethernet),
                       .malformed(.truncatedLinkHeader(needed: 14, available: 8), offset: 22))
    }

    func testDripFeed() {
        assertDripFeed(frame(customerTags: [(0x8100, 7)]))
    }
}
