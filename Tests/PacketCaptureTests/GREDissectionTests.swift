import CaptureTestSupport
import PacketCapture
import XCTest

/// GRE version 0 (RFC 2784, RFC 2890) with IP, transparent Ethernet bridging and ERSPAN types II and III.
final class GREDissectionTests: XCTestCase {
    private func frame(_ gre: [UInt8]) -> [UInt8] {
        TunnelFixtures.outerIPv4(protocolNumber: 47, payload: gre)
    }

    func testInnerIPWithEveryOptionalField() throws {
        let gre = FrameBuilder.gre(protocolType: 0x0800, checksum: 0, key: 0x1234, sequence: 9,
                                   payload: TunnelFixtures.innerPacket())
        let segment = try XCTUnwrap(dissectTunnelled(frame(gre)))
        // Outer 14 + 20, GRE 4 + checksum 4 + key 4 + sequence 4.
        XCTAssertEqual(segment.summary.ipHeaderOffset, 50)
        XCTAssertEqual(segment.summary.source, "10.0.0.1")
        XCTAssertEqual(segment.destinationPort, 443)
        XCTAssertEqual(segment.checksumVerifies, true)
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .gre, identifier: 0x1234)])
    }

    func testPlainGREAndInnerIPv6() throws {
        let gre = FrameBuilder.gre(protocolType: 0x86DD, payload: TunnelFixtures.innerPacket(ipv6: true))
        let segment = try XCTUnwrap(dissectTunnelled(frame(gre)))
        XCTAssertEqual(segment.summary.ipHeaderOffset, 38)
        XCTAssertEqual(segment.checksumVerifies, true)
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .gre, identifier: 0)])
    }

    func testKeysSeparateTunnels() throws {
        let first = try XCTUnwrap(dissectTunnelled(frame(FrameBuilder.gre(
            protocolType: 0x0800, key: 1, payload: TunnelFixtures.innerPacket()))))
        let second = try XCTUnwrap(dissectTunnelled(frame(FrameBuilder.gre(
            protocolType: 0x0800, key: 2, payload: TunnelFixtures.innerPacket()))))
        XCTAssertNotEqual(first.tunnelIdentity, second.tunnelIdentity)
    }

    func testTransparentEthernetBridging() throws {
        let gre = FrameBuilder.gre(
            protocolType: 0x6558, key: 7, payload: TunnelFixtures.innerFrame(tags: [(0x8100, 5)]))
        let segment = try XCTUnwrap(dissectTunnelled(frame(gre)))
        XCTAssertEqual(segment.vlanTags, [5])
        XCTAssertEqual(segment.checksumVerifies, true)
    }

    func testERSPAN() throws {
        let typeII = FrameBuilder.gre(protocolType: 0x88BE, sequence: 1, payload: FrameBuilder.erspanTypeII(
            session: 0x2A5, payload: TunnelFixtures.innerFrame()))
        let second = try XCTUnwrap(dissectTunnelled(frame(typeII)))
        // Outer 14 + 20, GRE 8, ERSPAN 8, mirrored Ethernet 14.
        XCTAssertEqual(second.summary.ipHeaderOffset, 64)
        XCTAssertEqual(second.checksumVerifies, true)
        XCTAssertEqual(second.layers, [EncapsulationLayer(kind: .gre, identifier: 0),
                                       EncapsulationLayer(kind: .erspanTypeII, identifier: 0x2A5)])
        for subheader in [false, true] {
            let typeIII = FrameBuilder.gre(protocolType: 0x22EB, sequence: 1, payload: FrameBuilder.erspanTypeIII(
                session: 3, platformSubheader: subheader, payload: TunnelFixtures.innerFrame()))
            let third = try XCTUnwrap(dissectTunnelled(frame(typeIII)))
            XCTAssertEqual(third.summary.ipHeaderOffset, 42 + 12 + (subheader ? 8 : 0) + 14)
            XCTAssertEqual(third.layers.last, EncapsulationLayer(kind: .erspanTypeIII, identifier: 3))
            assertDripFeed(frame(typeIII))
        }
        let wrongVersion = FrameBuilder.gre(protocolType: 0x88BE, payload: FrameBuilder.erspanTypeII(
            version: 2, session: 1, payload: TunnelFixtures.innerFrame()))
        XCTAssertEqual(dissectOther(frame(wrongVersion), linkType: .ethernet),
                       .notTCP(.encapsulationVersion(.erspanTypeII, version: 2)))
    }

    /// PPTP's enhanced GRE header (RFC 2637 section 4.1): flags and version 1, protocol type 0x880B, payload
    /// length and call ID, the sequence number (S) and acknowledgment number (A) when present; then `ppp`.
    private func pptp(
        call: UInt16, payloadLength: UInt16? = nil, sequence: UInt32? = nil, acknowledgment: UInt32? = nil,
        flags: UInt16 = 0x2001, protocolType: UInt16 = 0x880B, ppp: [UInt8]
    ) -> [UInt8] {
        var first = flags
        if sequence != nil { first |= 0x1000 }
        if acknowledgment != nil { first |= 0x0080 }
        var header = FrameBuilder.be16(first) + FrameBuilder.be16(protocolType)
            + FrameBuilder.be16(payloadLength ?? UInt16(ppp.count)) + FrameBuilder.be16(call)
        if let sequence { header += FrameBuilder.be32(sequence) }
        if let acknowledgment { header += FrameBuilder.be32(acknowledgment) }
        return header + ppp
    }

    func testPPTP() throws {
        // HDLC address and control, a two-byte protocol field, IPv4; the sequence number present.
        let full = pptp(call: 0x1234, sequence: 7, ppp: [0xFF, 0x03, 0x00, 0x21] + TunnelFixtures.innerPacket())
        let segment = try XCTUnwrap(dissectTunnelled(frame(full)))
        // Outer 14 + 20, GRE 8 + sequence 4, PPP 4.
        XCTAssertEqual(segment.summary.ipHeaderOffset, 50)
        XCTAssertEqual(segment.checksumVerifies, true)
        XCTAssertEqual(segment.layers, [EncapsulationLayer(kind: .pptp, identifier: 0x1234)])
        XCTAssertEqual(segment.layers.first?.description, "PPTP call 4660")
        assertDripFeed(frame(full))
        // Both numbers, no address and control, a compressed protocol field (RFC 1661 section 6.5), IPv6.
        let compressed = pptp(
            call: 9, sequence: 8, acknowledgment: 3, ppp: [0x57] + TunnelFixtures.innerPacket(ipv6: true))
        let v6 = try XCTUnwrap(dissectTunnelled(frame(compressed)))
        XCTAssertEqual(v6.summary.ipHeaderOffset, 34 + 16 + 1)
        XCTAssertEqual(v6.checksumVerifies, true)
        // Each end names the call by its peer's ID: two directions, two identities (paired by the inspector).
        let other = try XCTUnwrap(dissectTunnelled(frame(pptp(
            call: 0x4321, ppp: [0xFF, 0x03, 0x00, 0x21] + TunnelFixtures.innerPacket()))))
        XCTAssertNotEqual(other.tunnelIdentity, segment.tunnelIdentity)
    }

    func testPPTPWithoutATCPSegment() {
        // An acknowledgment alone; MPPE's compressed or encrypted datagrams, LCP; another protocol type.
        XCTAssertEqual(dissectOther(frame(pptp(call: 1, payloadLength: 0, acknowledgment: 5, ppp: [])),
                                    linkType: .ethernet),
                       .notTCP(.encapsulationWithoutPayload(.pptp)))
        XCTAssertEqual(dissectOther(frame(pptp(call: 1, ppp: [0xFD, 0x90, 0x01, 0x02])), linkType: .ethernet),
                       .notTCP(.pppProtocol(0x00FD)))
        XCTAssertEqual(dissectOther(frame(pptp(call: 1, ppp: [0xFF, 0x03, 0xC0, 0x21, 1, 1, 0, 4])),
                                    linkType: .ethernet),
                       .notTCP(.pppProtocol(0xC021)))
        XCTAssertEqual(dissectOther(frame(pptp(call: 1, protocolType: 0x0800, ppp: TunnelFixtures.innerPacket())),
                                    linkType: .ethernet),
                       .notTCP(.encapsulatedProtocol(.pptp, protocolType: 0x0800)))
        // Not PPTP's header: no key, or a checksum; versions 2 to 7.
        for flags: UInt16 in [0x0001, 0xA001, 0x2002, 0x2007] {
            let version = UInt8(flags & 7)
            XCTAssertEqual(dissectOther(frame(pptp(call: 1, flags: flags, ppp: [0x21] + TunnelFixtures.innerPacket())),
                                        linkType: .ethernet),
                           .notTCP(.encapsulationVersion(.gre, version: version)),
                           "flags 0x\(String(flags, radix: 16))")
        }
        // Cut short: inside the header (the S and A numbers announced), and before the PPP protocol field.
        let cut = Array(frame(pptp(call: 1, sequence: 1, acknowledgment: 1, ppp: [0x21])).prefix(34 + 10))
        XCTAssertEqual(dissectOther(cut, linkType: .ethernet),
                       .malformed(.truncatedEncapsulation(.pptp, needed: 16, available: 10), offset: 34))
        let empty = Array(frame(pptp(call: 1, ppp: [0xFF, 0x03, 0x00, 0x21])).prefix(34 + 8))
        XCTAssertEqual(dissectOther(empty, linkType: .ethernet),
                       .malformed(.truncatedLinkHeader(needed: 43, available: 42), offset: 0))
    }

    func testUnfollowedVariants() {
        let other = FrameBuilder.gre(protocolType: 0x0806, payload: [0, 1])
        XCTAssertEqual(dissectOther(frame(other), linkType: .ethernet),
                       .notTCP(.encapsulatedProtocol(.gre, protocolType: 0x0806)))
        let routed = FrameBuilder.gre(routing: true, protocolType: 0x0800, checksum: 0,
                                      payload: TunnelFixtures.innerPacket())
        XCTAssertEqual(dissectOther(frame(routed), linkType: .ethernet), .notTCP(.greSourceRouting))
    }

    func testHeaderCutShort() {
        let gre = FrameBuilder.gre(protocolType: 0x0800, key: 1, sequence: 2, payload: TunnelFixtures.innerPacket())
        XCTAssertEqual(dissectOther(Array(frame(gre).prefix(34 + 10)), linkType: .ethernet),
                       .malformed(.truncatedEncapsulation(.gre, needed: 12, available: 10), offset: 34))
    }

    func testDripFeed() {
        assertDripFeed(frame(FrameBuilder.gre(protocolType: 0x0800, checksum: 0, key: 5, sequence: 6,
                                              payload: TunnelFixtures.innerPacket())))
        assertDripFeed(frame(FrameBuilder.gre(protocolType: 0x88BE, payload: FrameBuilder.erspanTypeII(
            session: 1, payload: TunnelFixtures.innerFrame()))))
    }
}
