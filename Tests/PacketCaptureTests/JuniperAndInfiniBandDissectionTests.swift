import CaptureTestSupport
import PacketCapture
import XCTest

/// Juniper Ethernet (link type JUNIPER_ETHER, 178) and IP over InfiniBand (link type IPOIB, 242), built byte by byte
/// here; the real captures of both (`bgp-aigp.pcap`, `ipoib.pcap`) are in `FixtureCaptureTests` and
/// `TcpdumpFidelityTests`.
final class JuniperAndInfiniBandDissectionTests: XCTestCase {
    /// A Juniper capture header: "MGC", `flags`, and when `extensions` is given (the 0x80 flag is then set), its
    /// 16-bit length and the bytes.
    static func juniperHeader(flags: UInt8, extensions: [UInt8]? = nil) -> [UInt8] {
        guard let extensions else { return [0x4D, 0x47, 0x43, flags] }
        return [0x4D, 0x47, 0x43, flags | 0x80, UInt8(extensions.count >> 8), UInt8(extensions.count & 0xFF)]
            + extensions
    }

    /// An IP over InfiniBand frame as `ipoib.pcap` has them: 16 zero bytes and 4 more, the destination's hardware
    /// address (20 bytes), the EtherType and 2 reserved bytes, `payload`.
    static func infiniBand(etherType: UInt16, payload: [UInt8]) -> [UInt8] {
        var frame = [UInt8](repeating: 0, count: 16) + [0x2F, 0xA3, 0x00, 0x0A]
        frame += [0x80, 0x00, 0x05, 0x50, 0xFE, 0x80] + [UInt8](repeating: 0, count: 6)
            + [0x00, 0x10, 0xE0, 0x00, 0x66, 0x4A, 0xB4, 0x51]
        precondition(frame.count == 40)
        return frame + [UInt8(etherType >> 8), UInt8(etherType & 0xFF), 0, 0] + payload
    }

    func testJuniperEthernetWithAndWithoutExtensions() throws {
        // Extensions as a Juniper router writes them (TLVs of interface media type, encapsulation and index), then
        // Ethernet: the IPv4 header at 22 + 14.
        let extensions: [UInt8] = [0x03, 0x01, 0x01, 0x06, 0x01, 0x0E, 0x01, 0x02, 0x8C, 0x00, 0x04, 0x04, 0x4C, 0x01,
                                   0x00, 0x00]
        let withExtensions = try XCTUnwrap(dissectTunnelled(
            Self.juniperHeader(flags: 0x00, extensions: extensions) + TunnelFixtures.innerFrame(),
            linkType: .juniperEthernet))
        XCTAssertEqual(withExtensions.summary.ipHeaderOffset, 36)
        XCTAssertEqual(withExtensions.summary.source, "10.0.0.1")
        XCTAssertEqual(withExtensions.checksumVerifies, true)
        XCTAssertEqual(withExtensions.layers, [])
        // No extensions, an incoming frame (flag 0x01), IPv6 behind a VLAN tag: the Ethernet header at 4.
        let tagged = try XCTUnwrap(dissectTunnelled(
            Self.juniperHeader(flags: 0x01) + TunnelFixtures.innerFrame(ipv6: true, tags: [(0x8100, 42)]),
            linkType: .juniperEthernet))
        XCTAssertEqual(tagged.summary.ipHeaderOffset, 4 + 18)
        XCTAssertEqual(tagged.summary.destination, "2001:db8::2")
        XCTAssertEqual(tagged.vlanTags, [42])
        XCTAssertEqual(tagged.checksumVerifies, true)
    }

    func testJuniperWithoutLinkHeaderCarriesIP() throws {
        // The no-link-header flag (0x02): 4 bytes past the header, then the IP packet, told by its version.
        let v4 = try XCTUnwrap(dissectTunnelled(
            Self.juniperHeader(flags: 0x02) + [0, 0, 0, 0] + TunnelFixtures.innerPacket(), linkType: .juniperEthernet))
        XCTAssertEqual(v4.summary.ipHeaderOffset, 8)
        XCTAssertEqual(v4.checksumVerifies, true)
        let v6 = try XCTUnwrap(dissectTunnelled(
            Self.juniperHeader(flags: 0x03, extensions: [0x01, 0x02, 0x41, 0x42]) + [0, 0, 0, 0]
                + TunnelFixtures.innerPacket(ipv6: true),
            linkType: .juniperEthernet))
        XCTAssertEqual(v6.summary.ipHeaderOffset, 6 + 4 + 4)
        XCTAssertEqual(v6.summary.source, "2001:db8::1")
    }

    func testJuniperMalformedAndNotTCP() {
        // A header without the magic number, one cut short at each of its parts, an ARP frame.
        XCTAssertEqual(dissectOther([0x4D, 0x47, 0x44, 0x00] + TunnelFixtures.innerFrame(), linkType: .juniperEthernet),
                       .malformed(.juniperMagicNumber(0x4D_4744), offset: 0))
        XCTAssertEqual(dissectOther([0x4D, 0x47], linkType: .juniperEthernet),
                       .malformed(.truncatedLinkHeader(needed: 4, available: 2), offset: 0))
        XCTAssertEqual(dissectOther([0x4D, 0x47, 0x43, 0x80, 0x00], linkType: .juniperEthernet),
                       .malformed(.truncatedLinkHeader(needed: 6, available: 5), offset: 0))
        // Extensions announced longer than the frame: the Ethernet header after them is what is missing.
        XCTAssertEqual(dissectOther([0x4D, 0x47, 0x43, 0x80, 0xFF, 0xFF, 1, 2, 3], linkType: .juniperEthernet),
                       .malformed(.truncatedLinkHeader(needed: 6 + 0xFFFF + 14, available: 9), offset: 0))
        XCTAssertEqual(dissectOther([0x4D, 0x47, 0x43, 0x02, 0, 0], linkType: .juniperEthernet),
                       .malformed(.truncatedLinkHeader(needed: 9, available: 6), offset: 0))
        XCTAssertEqual(dissectOther([0x4D, 0x47, 0x43, 0x02, 0, 0, 0, 0], linkType: .juniperEthernet),
                       .malformed(.truncatedLinkHeader(needed: 9, available: 8), offset: 0))
        // Without a link header, a payload that is not IP by its first nibble (an MPLS label stack here) is not
        // followed.
        XCTAssertEqual(
            dissectOther(Self.juniperHeader(flags: 0x02) + [0, 0, 0, 0]
                         + FrameBuilder.mpls(labels: [16], payload: TunnelFixtures.innerPacket()),
                         linkType: .juniperEthernet),
            .notTCP(.juniperNonIPPayload(firstByte: 0x00)))
        XCTAssertEqual(
            dissectOther(Self.juniperHeader(flags: 0) + FrameBuilder.ethernet(etherType: 0x0806, payload: [0, 1]),
                         linkType: .juniperEthernet),
            .notTCP(.etherType(0x0806)))
    }

    func testIPOverInfiniBand() throws {
        let v4 = try XCTUnwrap(dissectTunnelled(
            Self.infiniBand(etherType: 0x0800, payload: TunnelFixtures.innerPacket()), linkType: .ipOverInfiniBand))
        XCTAssertEqual(v4.summary.ipHeaderOffset, 44)
        XCTAssertEqual(v4.summary.destination, "10.0.0.2")
        XCTAssertEqual(v4.checksumVerifies, true)
        let v6 = try XCTUnwrap(dissectTunnelled(
            Self.infiniBand(etherType: 0x86DD, payload: TunnelFixtures.innerPacket(ipv6: true)),
            linkType: .ipOverInfiniBand))
        XCTAssertEqual(v6.summary.ipHeaderOffset, 44)
        XCTAssertEqual(v6.checksumVerifies, true)
        // ARP, a type in the IEEE 802.3 length range (no LLC follows on InfiniBand), a header cut short.
        XCTAssertEqual(dissectOther(Self.infiniBand(etherType: 0x0806, payload: [0, 1]), linkType: .ipOverInfiniBand),
                       .notTCP(.etherType(0x0806)))
        XCTAssertEqual(dissectOther(Self.infiniBand(etherType: 0x0040, payload: TunnelFixtures.innerPacket()),
                                    linkType: .ipOverInfiniBand),
                       .notTCP(.etherType(0x0040)))
        XCTAssertEqual(dissectOther([UInt8](repeating: 0, count: 43), linkType: .ipOverInfiniBand),
                       .malformed(.truncatedLinkHeader(needed: 44, available: 43), offset: 0))
    }

    func testNamesOfTheLinkTypes() {
        XCTAssertEqual(LinkType.juniperEthernet.description, "JUNIPER_ETHER")
        XCTAssertEqual(LinkType.ipOverInfiniBand.description, "IPOIB")
        XCTAssertEqual(LinkType(rawValue: 178), .juniperEthernet)
        XCTAssertEqual(LinkType(rawValue: 242), .ipOverInfiniBand)
    }

    func testDripFeed() {
        assertDripFeed(
            Self.juniperHeader(flags: 0x01, extensions: [0x03, 0x01, 0x01]) + TunnelFixtures.innerFrame(),
            linkType: .juniperEthernet)
        assertDripFeed(
            Self.juniperHeader(flags: 0x02) + [0, 0, 0, 0] + TunnelFixtures.innerPacket(), linkType: .juniperEthernet)
        assertDripFeed(
            Self.infiniBand(etherType: 0x0800, payload: TunnelFixtures.innerPacket()), linkType: .ipOverInfiniBand)
    }
}
