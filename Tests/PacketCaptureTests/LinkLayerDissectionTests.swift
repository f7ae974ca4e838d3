import CaptureTestSupport
import PacketCapture
import XCTest

/// `PacketDissector` on every supported link type.
final class LinkLayerDissectionTests: XCTestCase {
    private let tcp = FrameBuilder.tcp(payload: [1, 2, 3])
    private var ipv4Packet: [UInt8] { FrameBuilder.ipv4(payload: tcp) }
    private var ipv6Packet: [UInt8] { FrameBuilder.ipv6(payload: tcp) }

    func testEthernet() throws {
        let summary = try XCTUnwrap(dissectTCP(
            FrameBuilder.ethernet(etherType: 0x0800, payload: ipv4Packet), linkType: .ethernet))
        XCTAssertEqual(summary.ipVersion, .v4)
        XCTAssertEqual(summary.source, "192.0.2.1")
        XCTAssertEqual(summary.destination, "198.51.100.2")
        XCTAssertEqual(summary.ipHeaderOffset, 14)
        XCTAssertEqual(summary.tcpOffset, 34)
        XCTAssertEqual(summary.bytes, tcp)
        XCTAssertEqual(summary.declaredLength, tcp.count)
        XCTAssertFalse(summary.isTruncated)

        let v6 = try XCTUnwrap(dissectTCP(
            FrameBuilder.ethernet(etherType: 0x86DD, payload: ipv6Packet), linkType: .ethernet))
        XCTAssertEqual(v6.source, "2001:db8::1")
        XCTAssertEqual(v6.destination, "2001:db8::2")
        XCTAssertEqual(v6.tcpOffset, 54)
    }

    /// Ethernet pads short frames to 60 bytes: the padding is not part of the segment.
    func testEthernetPaddingIsCut() throws {
        let frame = FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(payload: FrameBuilder.tcp()))
            + [UInt8](repeating: 0, count: 6)
        let summary = try XCTUnwrap(dissectTCP(frame, linkType: .ethernet))
        XCTAssertEqual(summary.bytes.count, 20)
    }

    func testVLANTags() throws {
        let cases: [[(UInt16, UInt16)]] = [
            [(0x8100, 10)],  // 802.1Q
            [(0x88A8, 100), (0x8100, 10)],  // 802.1ad QinQ
            [(0x9100, 100), (0x8100, 10)],  // legacy QinQ
            [(0x8100, 1), (0x8100, 2), (0x8100, 3)],  // stacked
        ]
        for tags in cases {
            let frame = FrameBuilder.ethernet(etherType: 0x86DD, tags: tags, payload: ipv6Packet)
            let summary = try XCTUnwrap(dissectTCP(frame, linkType: .ethernet))
            XCTAssertEqual(summary.ipHeaderOffset, 14 + 4 * tags.count)
            XCTAssertEqual(summary.bytes, tcp)
        }
        let cut = Array(FrameBuilder.ethernet(etherType: 0x0800, tags: [(0x8100, 1)], payload: []).prefix(16))
        XCTAssertEqual(dissectOther(cut, linkType: .ethernet),
                       .malformed(.truncatedLinkHeader(needed: 18, available: 16), offset: 0))
    }

    func testOtherEtherTypes() {
        XCTAssertEqual(dissectOther(FrameBuilder.ethernet(etherType: 0x0806, payload: [0, 1]), linkType: .ethernet),
                       .notTCP(.etherType(0x0806)))
        // A length (IEEE 802.3): the LLC header after it is cut short.
        XCTAssertEqual(dissectOther(FrameBuilder.ethernet(etherType: 46, payload: [0, 1]), linkType: .ethernet),
                       .malformed(.truncatedLogicalLinkControl(needed: 3, available: 2), offset: 14))
        XCTAssertEqual(dissectOther([1, 2, 3], linkType: .ethernet),
                       .malformed(.truncatedLinkHeader(needed: 14, available: 3), offset: 0))
        // An IPv6 packet behind the IPv4 EtherType.
        XCTAssertEqual(dissectOther(FrameBuilder.ethernet(etherType: 0x0800, payload: ipv6Packet), linkType: .ethernet),
                       .malformed(.badIPVersion(6), offset: 14))
    }

    func testLinuxCooked() throws {
        let sll: [UInt8] = [0, 0]  // packet type: to us
            + [0, 1]  // ARPHRD_ETHER
            + [0, 6]  // address length
            + [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0]  // address, padded to 8
            + [0x08, 0x00]  // protocol: IPv4
        let summary = try XCTUnwrap(dissectTCP(sll + ipv4Packet, linkType: .linuxSLL))
        XCTAssertEqual(summary.ipHeaderOffset, 16)

        let sll2: [UInt8] = [0x86, 0xDD]  // protocol: IPv6
            + [0, 0]  // reserved
            + [0, 0, 0, 2]  // interface index
            + [0, 1]  // ARPHRD_ETHER
            + [4, 6]  // packet type: outgoing, address length
            + [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0]  // address
        let summary2 = try XCTUnwrap(dissectTCP(sll2 + ipv6Packet, linkType: .linuxSLL2))
        XCTAssertEqual(summary2.ipHeaderOffset, 20)
        XCTAssertEqual(summary2.ipVersion, .v6)

        XCTAssertEqual(dissectOther(Array(sll2.prefix(19)), linkType: .linuxSLL2),
                       .malformed(.truncatedLinkHeader(needed: 20, available: 19), offset: 0))
        var arp = sll
        arp[14] = 0x08
        arp[15] = 0x06
        XCTAssertEqual(dissectOther(arp, linkType: .linuxSLL), .notTCP(.etherType(0x0806)))
    }

    func testBSDLoopbackBothByteOrders() throws {
        for (family, packet) in [(UInt32(2), ipv4Packet), (24, ipv6Packet), (28, ipv6Packet), (30, ipv6Packet)] {
            let little = [UInt8(family), 0, 0, 0]
            let big = [0, 0, 0, UInt8(family)]
            for header in [little, big] {
                let summary = try XCTUnwrap(dissectTCP(header + packet, linkType: .null))
                XCTAssertEqual(summary.ipHeaderOffset, 4)
                XCTAssertEqual(summary.ipVersion, family == 2 ? .v4 : .v6)
            }
        }
        XCTAssertEqual(dissectOther([7, 0, 0, 0] + ipv4Packet, linkType: .null), .notTCP(.addressFamily(7)))
        XCTAssertEqual(dissectOther([2, 0], linkType: .null),
                       .malformed(.truncatedLinkHeader(needed: 4, available: 2), offset: 0))
    }

    func testOpenBSDLoop() throws {
        XCTAssertNotNil(dissectTCP([0, 0, 0, 2] + ipv4Packet, linkType: .loop))
        XCTAssertNotNil(dissectTCP([0, 0, 0, 24] + ipv6Packet, linkType: .loop))
        // LOOP is always big-endian: a little-endian family is not recognised.
        XCTAssertEqual(dissectOther([2, 0, 0, 0] + ipv4Packet, linkType: .loop), .notTCP(.addressFamily(0x0200_0000)))
    }

    func testRawIP() throws {
        for linkType in [LinkType.raw, .rawAlternate12, .rawAlternate14] {
            XCTAssertEqual(try XCTUnwrap(dissectTCP(ipv4Packet, linkType: linkType)).ipVersion, .v4)
            XCTAssertEqual(try XCTUnwrap(dissectTCP(ipv6Packet, linkType: linkType)).ipVersion, .v6)
            XCTAssertEqual(dissectOther([0x50] + ipv4Packet.dropFirst(), linkType: linkType),
                           .malformed(.badIPVersion(5), offset: 0))
            XCTAssertEqual(dissectOther([], linkType: linkType),
                           .malformed(.truncatedIPHeader(needed: 20, available: 0), offset: 0))
        }
        XCTAssertNotNil(dissectTCP(ipv4Packet, linkType: .ipv4))
        XCTAssertNotNil(dissectTCP(ipv6Packet, linkType: .ipv6))
        XCTAssertEqual(dissectOther(ipv6Packet, linkType: .ipv4), .malformed(.badIPVersion(6), offset: 0))
        XCTAssertEqual(dissectOther(ipv4Packet, linkType: .ipv6), .malformed(.badIPVersion(4), offset: 0))
    }

    /// `LinkType.dissected` is the dissector's dispatch: every value it lists is read (an empty frame is then
    /// cut short, or no packet, never an unsupported link type), and every other value up to 1023 is not.
    func testTheDissectedListIsTheDispatch() {
        let listed = Set(LinkType.dissected.map(\.rawValue))
        XCTAssertEqual(listed.count, LinkType.dissected.count, "a link type listed twice")
        XCTAssertEqual(LinkType.dissected.map(\.rawValue), LinkType.dissected.map(\.rawValue).sorted())
        let empty: [UInt8] = []
        for value in UInt32(0) ... 1023 {
            let linkType = LinkType(rawValue: value)
            let result = empty.withUnsafeBytes { PacketDissector.dissect($0, linkType: linkType) }
            var unsupported = false
            if case .notTCP(.unsupportedLinkType(let named)) = result { unsupported = named == linkType }
            XCTAssertEqual(unsupported, !listed.contains(value), "link type \(value): \(result)")
        }
    }

    func testUnsupportedLinkType() {
        XCTAssertEqual(dissectOther(ipv4Packet, linkType: LinkType(rawValue: 147)),
                       .notTCP(.unsupportedLinkType(LinkType(rawValue: 147))))
        XCTAssertEqual(LinkType(rawValue: 147).description, "LINKTYPE_147")
        XCTAssertEqual(LinkType.ppp.description, "PPP")
        XCTAssertEqual(LinkType.linuxSLL2.description, "LINUX_SLL2")
    }

    /// Every prefix of every kind of frame dissects without trapping.
    func testEveryPrefix() {
        let frames: [([UInt8], LinkType)] = [
            (FrameBuilder.ethernet(etherType: 0x8100, tags: [(0x88A8, 1)], payload: [0x86, 0xDD] + ipv6Packet),
             .ethernet),
            (FrameBuilder.ethernet(etherType: 0x0800, payload: FrameBuilder.ipv4(options: [1, 1, 1, 0], payload: tcp)),
             .ethernet),
            ([2, 0, 0, 0] + ipv4Packet, .null),
            (ipv6Packet, .raw),
        ]
        for (frame, linkType) in frames {
            for length in 0...frame.count {
                _ = dissectOther(Array(frame.prefix(length)), linkType: linkType)
            }
        }
    }
}
