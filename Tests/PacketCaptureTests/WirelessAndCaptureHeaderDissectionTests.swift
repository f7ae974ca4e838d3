import CaptureTestSupport
import PacketCapture
import XCTest

/// IEEE 802.11 (link type 105), radiotap (127), PPI (192), Apple's PKTAP (258) and the pf log (117), built byte by
/// byte here.
final class WirelessAndCaptureHeaderDissectionTests: XCTestCase {
    // MARK: Builders

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0 ..< 4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    /// The LLC and SNAP headers of an 802.11 MSDU (RFC 1042), then the IPv4 or IPv6 packet of `TunnelFixtures`.
    private static func msdu(ipv6: Bool = false) -> [UInt8] {
        [0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00] + (ipv6 ? [0x86, 0xDD] : [0x08, 0x00])
            + TunnelFixtures.innerPacket(ipv6: ipv6)
    }

    /// An IEEE 802.11 data frame: frame control (type 2, `subtype`, `flags`), duration, three addresses (the
    /// receiver's, `receiver`; the transmitter's, ending in `transmitter`), sequence control (`sequenceControl`), a
    /// fourth address when both distribution system flags are set, the QoS control for QoS subtypes (`qosFirstByte`,
    /// `qosSecondByte`) and the HT control with the +HTC flag; then `body`.
    private static func dataFrame(
        subtype: UInt8 = 0, flags: UInt8 = 0x01, qosFirstByte: UInt8 = 0, qosSecondByte: UInt8 = 0, padding: Int = 0,
        receiver: [UInt8] = [0x02, 0, 0, 0, 0, 0x01], transmitter: UInt8 = 0x02, sequenceControl: UInt16 = 0x0010,
        body: [UInt8]
    ) -> [UInt8] {
        var frame: [UInt8] = [subtype << 4 | 2 << 2, flags, 0x3A, 0x01]
        frame += receiver + [0x02, 0, 0, 0, 0, transmitter] + [0x02, 0, 0, 0, 0, 0x03]
            + le16(sequenceControl)
        if flags & 0x03 == 0x03 { frame += [0x02, 0, 0, 0, 0, 0x04] }
        if subtype & 0x8 != 0 {
            frame += [qosFirstByte, qosSecondByte]
            if flags & 0x80 != 0 { frame += [0, 0, 0, 0] }
        }
        return frame + [UInt8](repeating: 0, count: padding) + body
    }

    /// A radiotap header with the present bitmaps `present` (the last without bit 31) and the field bytes `fields`.
    private static func radiotap(present: [UInt32], fields: [UInt8]) -> [UInt8] {
        let length = 4 + 4 * present.count + fields.count
        return [0, 0] + le16(UInt16(length)) + present.flatMap(le32) + fields
    }

    /// A radiotap header with TSFT (8 bytes, aligned to 8) and Flags: 8 + 8 + 1, padded to 18 by an antenna field.
    private static func radiotapWithFlags(_ flags: UInt8) -> [UInt8] {
        radiotap(present: [0x0000_0803], fields: [UInt8](repeating: 0x11, count: 8) + [flags, 0x01])
    }

    /// A PPI header for link type `linkType`, with an 802.11-Common field whose flags are `commonFlags`.
    private static func ppi(linkType: UInt32, commonFlags: UInt16?) -> [UInt8] {
        var fields: [UInt8] = []
        if let commonFlags {
            fields = le16(2) + le16(20) + [UInt8](repeating: 0, count: 8) + le16(commonFlags)
                + [UInt8](repeating: 0, count: 10)
        }
        return [0, 0] + le16(UInt16(8 + fields.count)) + le32(linkType) + fields
    }

    /// A PKTAP header of `length` bytes: record type `recordType`, link type `linkType`, then zeros.
    private static func pktap(length: UInt32 = 108, recordType: UInt32 = 1, linkType: UInt32) -> [UInt8] {
        le32(length) + le32(recordType) + le32(linkType) + [UInt8](repeating: 0, count: max(0, Int(length) - 12))
    }

    /// A pf log header: `length` (61, the packet at 64, as OpenBSD writes it), the address family, then zeros.
    private static func pflog(length: UInt8 = 61, family: UInt8) -> [UInt8] {
        [length, family] + [UInt8](repeating: 0, count: (Int(length) + 3) & ~3 - 2)
    }

    // MARK: IEEE 802.11

    func testDataFrames() throws {
        // To the distribution system, plain data: the MAC header (24), LLC and SNAP (8), then IPv4.
        let plain = try XCTUnwrap(dissectTunnelled(Self.dataFrame(body: Self.msdu()), linkType: .ieee80211))
        XCTAssertEqual(plain.summary.ipHeaderOffset, 32)
        XCTAssertEqual(plain.summary.source, "10.0.0.1")
        XCTAssertEqual(plain.checksumVerifies, true)
        // QoS data between two access points (four addresses) with an HT control: 24 + 6 + 2 + 4, then IPv6.
        let qos = try XCTUnwrap(dissectTunnelled(
            Self.dataFrame(subtype: 8, flags: 0x83, body: Self.msdu(ipv6: true)), linkType: .ieee80211))
        XCTAssertEqual(qos.summary.ipHeaderOffset, 36 + 8)
        XCTAssertEqual(qos.summary.destination, "2001:db8::2")
        XCTAssertEqual(qos.checksumVerifies, true)
        // The +HTC flag on a data frame that is not QoS is the order flag: no HT control.
        let ordered = try XCTUnwrap(dissectTunnelled(
            Self.dataFrame(flags: 0x81, body: Self.msdu()), linkType: .ieee80211))
        XCTAssertEqual(ordered.summary.ipHeaderOffset, 32)
    }

    func testFramesWithoutAPacket() {
        // A beacon (management, subtype 8), an ACK (control, subtype 13), a null function and a QoS null (data
        // subtypes 4 and 12).
        XCTAssertEqual(dissectOther([0x80, 0x00] + [UInt8](repeating: 0, count: 40), linkType: .ieee80211),
                       .notTCP(.ieee80211Frame(type: 0, subtype: 8)))
        XCTAssertEqual(dissectOther([0xD4, 0x00, 0, 0, 2, 0, 0, 0, 0, 1], linkType: .ieee80211),
                       .notTCP(.ieee80211Frame(type: 1, subtype: 13)))
        XCTAssertEqual(dissectOther(Self.dataFrame(subtype: 4, body: []), linkType: .ieee80211),
                       .notTCP(.ieee80211Frame(type: 2, subtype: 4)))
        XCTAssertEqual(dissectOther(Self.dataFrame(subtype: 12, body: []), linkType: .ieee80211),
                       .notTCP(.ieee80211Frame(type: 2, subtype: 12)))
        // An encrypted payload; an A-MSDU; a frame control of protocol version 1; a header cut short; an LLC header
        // that is not SNAP.
        XCTAssertEqual(dissectOther(Self.dataFrame(flags: 0x41, body: [1, 2, 3, 4, 5, 6, 7, 8]), linkType: .ieee80211),
                       .notTCP(.ieee80211Protected))
        XCTAssertEqual(dissectOther(Self.dataFrame(subtype: 8, qosFirstByte: 0x80, body: Self.msdu()),
                                    linkType: .ieee80211),
                       .notTCP(.ieee80211AggregateMSDU))
        XCTAssertEqual(dissectOther([0x09, 0x01] + [UInt8](repeating: 0, count: 40), linkType: .ieee80211),
                       .notTCP(.ieee80211SubOneGigahertzFrame))
        XCTAssertEqual(dissectOther([0x0A, 0x01] + [UInt8](repeating: 0, count: 40), linkType: .ieee80211),
                       .malformed(.ieee80211Version(2), offset: 0))
        XCTAssertEqual(dissectOther(Array(Self.dataFrame(body: []).prefix(20)), linkType: .ieee80211),
                       .malformed(.truncatedLinkHeader(needed: 24, available: 20), offset: 0))
        XCTAssertEqual(dissectOther(Self.dataFrame(body: [0x42, 0x42, 0x03, 0, 0, 0]), linkType: .ieee80211),
                       .notTCP(.logicalLinkControl(destination: 0x42, source: 0x42, control: 0x03)))
        XCTAssertEqual(LinkType.ieee80211.description, "IEEE802_11")
    }

    /// A mesh BSS (IEEE 802.11s): the QoS control's Mesh Control Present bit, then a mesh control of 6, 12 or 18
    /// bytes (address extension mode 0, 1, 2) before the LLC header. Outside a mesh BSS the bit belongs to another
    /// field: where the LLC and SNAP header starts right after the MAC header, it is read there.
    func testMeshControl() throws {
        for mode: UInt8 in [0, 1, 2] {
            let mesh = [mode, 0x1F, 1, 0, 0, 0] + [UInt8](repeating: 0x0C, count: 6 * Int(mode))
            let frame = Self.dataFrame(subtype: 8, flags: 0x03, qosSecondByte: 0x01, body: mesh + Self.msdu())
            let segment = try XCTUnwrap(dissectTunnelled(frame, linkType: .ieee80211), "mode \(mode)")
            XCTAssertEqual(segment.summary.ipHeaderOffset, 32 + 6 + 6 * Int(mode) + 8)
            XCTAssertEqual(segment.checksumVerifies, true)
        }
        let notMesh = try XCTUnwrap(dissectTunnelled(
            Self.dataFrame(subtype: 8, qosSecondByte: 0x01, body: Self.msdu()), linkType: .ieee80211))
        XCTAssertEqual(notMesh.summary.ipHeaderOffset, 26 + 8)
        XCTAssertEqual(
            dissectOther(Self.dataFrame(subtype: 8, flags: 0x03, qosSecondByte: 0x01, body: [3, 0x1F, 1, 0, 0, 0]),
                         linkType: .ieee80211),
            .malformed(.ieee80211MeshAddressExtension(3), offset: 32))
        XCTAssertEqual(
            dissectOther(Self.dataFrame(subtype: 8, flags: 0x03, qosSecondByte: 0x01, body: [2, 0x1F, 1, 0, 0, 0]),
                         linkType: .ieee80211),
            .malformed(.truncatedLinkHeader(needed: 32 + 18, available: 38), offset: 0))
    }

    // MARK: Radiotap

    func testRadiotapFlagsFrameCheckSequenceAndPadding() throws {
        // No fields: the 802.11 frame right after the 8-byte header.
        let bare = try XCTUnwrap(dissectTunnelled(
            Self.radiotap(present: [0], fields: []) + Self.dataFrame(body: Self.msdu()), linkType: .radiotap))
        XCTAssertEqual(bare.summary.ipHeaderOffset, 8 + 32)
        // TSFT and Flags with the FCS flag: the last 4 bytes are the FCS, not the packet's (the segment is whole).
        let fcs = [UInt8](repeating: 0xEE, count: 4)
        let withFCS = Self.radiotapWithFlags(0x10) + Self.dataFrame(body: Self.msdu()) + fcs
        let segment = try XCTUnwrap(dissectTunnelled(withFCS, linkType: .radiotap))
        XCTAssertEqual(segment.summary.ipHeaderOffset, 18 + 32)
        XCTAssertEqual(segment.checksumVerifies, true)
        withFCS.withUnsafeBytes { raw in
            guard case .tcp(let whole) = PacketDissector.dissect(raw, linkType: .radiotap) else {
                return XCTFail("not TCP")
            }
            XCTAssertFalse(whole.isTruncated)
        }
        // The padding flag: a QoS data header of 26 bytes is padded to 28.
        let padded = try XCTUnwrap(dissectTunnelled(
            Self.radiotapWithFlags(0x20) + Self.dataFrame(subtype: 8, flags: 0x02, padding: 2, body: Self.msdu()),
            linkType: .radiotap))
        XCTAssertEqual(padded.summary.ipHeaderOffset, 18 + 28 + 8)
        // A second present bitmap (bit 31 of the first): the TSFT is aligned to 8 after both, at 16, Flags at 24.
        let extended = Self.radiotap(
            present: [0x8000_0003, 0x0000_0000],
            fields: [UInt8](repeating: 0, count: 4) + [UInt8](repeating: 1, count: 8) + [0x10, 0])
        let afterExtended = try XCTUnwrap(dissectTunnelled(
            extended + Self.dataFrame(body: Self.msdu()) + fcs, linkType: .radiotap))
        XCTAssertEqual(afterExtended.summary.ipHeaderOffset, 26 + 32)
        XCTAssertEqual(afterExtended.checksumVerifies, true)
    }

    /// The FCS the radiotap flags announce is not the packet's: an IPv4 packet whose total length is 0 (segmentation
    /// offload) takes its length from the frame, which ends before the FCS; a frame the snapshot length cut inside
    /// its FCS holds the whole segment, one cut before it does not; a header that runs into the FCS needs the FCS's
    /// bytes too.
    func testRadiotapFrameCheckSequenceIsNotThePacket() throws {
        let fcs: [UInt8] = [0xEE, 0xEE, 0xEE, 0xEE]
        let tcp = TunnelFixtures.tcp()
        let offload = FrameBuilder.ipv4(
            source: TunnelFixtures.innerSource, destination: TunnelFixtures.innerDestination, totalLength: 0,
            payload: tcp)
        let frame = Self.radiotapWithFlags(0x10)
            + Self.dataFrame(body: [0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00] + offload) + fcs
        try frame.withUnsafeBytes { raw in
            guard case .tcp(let segment) = PacketDissector.dissect(raw, linkType: .radiotap) else {
                return XCTFail("not TCP")
            }
            XCTAssertEqual(segment.lengthSource, .frame)
            XCTAssertEqual(segment.declaredLength, tcp.count, "the FCS is not TCP payload")
            XCTAssertEqual(segment.bytes.count, tcp.count)
            XCTAssertEqual(try XCTUnwrap(segment.verifyChecksum()), true)
        }
        let whole = Self.radiotapWithFlags(0x10) + Self.dataFrame(body: Self.msdu()) + fcs
        for cut in 1 ... 5 {
            let prefix = Array(whole.prefix(whole.count - cut))
            prefix.withUnsafeBytes { raw in
                guard case .tcp(let segment) = PacketDissector.dissect(
                    raw, linkType: .radiotap, originalLength: whole.count)
                else { return XCTFail("cut \(cut): not TCP") }
                XCTAssertEqual(segment.isTruncated, cut == 5, "cut \(cut)")
            }
        }
        // A 44-byte frame, all captured: 18 bytes of radiotap, 22 of a 24-byte MAC header, the FCS.
        let short = Self.radiotapWithFlags(0x10) + Array(Self.dataFrame(body: []).prefix(22)) + fcs
        XCTAssertEqual(dissectOther(short, linkType: .radiotap),
                       .malformed(.truncatedLinkHeader(needed: 46, available: 44), offset: 0))
        // Cut by the snapshot length inside the header, far from the FCS: what the header needs.
        XCTAssertEqual(dissectOther(Array(short.prefix(30)), linkType: .radiotap, originalLength: 200),
                       .malformed(.truncatedLinkHeader(needed: 42, available: 30), offset: 0))
    }

    func testRadiotapReceiveErrorAndMalformed() {
        // The bad-FCS flag: the captured bytes are corrupt.
        XCTAssertEqual(dissectOther(Self.radiotapWithFlags(0x50) + Self.dataFrame(body: Self.msdu()) + [0, 0, 0, 0],
                                    linkType: .radiotap),
                       .notTCP(.ieee80211ReceiveError))
        XCTAssertEqual(dissectOther([1, 0, 8, 0, 0, 0, 0, 0] + Self.dataFrame(body: Self.msdu()), linkType: .radiotap),
                       .malformed(.captureHeaderVersion(.radiotap, version: 1), offset: 0))
        // A length that does not hold the second bitmap, or the Flags field.
        XCTAssertEqual(dissectOther([0, 0, 8, 0] + Self.le32(0x8000_0000) + [0, 0, 0, 0], linkType: .radiotap),
                       .malformed(.captureHeaderLengthTooSmall(.radiotap, length: 8, minimum: 12), offset: 0))
        XCTAssertEqual(dissectOther([0, 0, 8, 0] + Self.le32(0x2) + [0x10], linkType: .radiotap),
                       .malformed(.captureHeaderLengthTooSmall(.radiotap, length: 8, minimum: 9), offset: 0))
        XCTAssertEqual(dissectOther([0, 0, 40, 0, 0, 0, 0, 0, 0], linkType: .radiotap),
                       .malformed(.truncatedLinkHeader(needed: 42, available: 9), offset: 0))
        XCTAssertEqual(LinkType.radiotap.description, "IEEE802_11_RADIOTAP")
    }

    // MARK: PPI, PKTAP, pf log

    func testPerPacketInformation() throws {
        // 802.11 with the 802.11-Common field saying the FCS is there: 8 + 24 bytes of header.
        let wireless = try XCTUnwrap(dissectTunnelled(
            Self.ppi(linkType: 105, commonFlags: 0x0001) + Self.dataFrame(body: Self.msdu()) + [1, 2, 3, 4],
            linkType: .perPacketInformation))
        XCTAssertEqual(wireless.summary.ipHeaderOffset, 32 + 32)
        XCTAssertEqual(wireless.checksumVerifies, true)
        // The alignment flag: a 1-byte field padded to 4 before the 802.11-Common field.
        let aligned = [0, 0x01] + Self.le16(8 + 8 + 24) + Self.le32(105)
            + Self.le16(30_000) + Self.le16(1) + [7, 0, 0, 0]
            + Self.le16(2) + Self.le16(20) + [UInt8](repeating: 0, count: 8) + Self.le16(0x0001)
            + [UInt8](repeating: 0, count: 10)
        let alignedSegment = try XCTUnwrap(dissectTunnelled(
            aligned + Self.dataFrame(body: Self.msdu()) + [1, 2, 3, 4], linkType: .perPacketInformation))
        XCTAssertEqual(alignedSegment.summary.ipHeaderOffset, 40 + 32)
        XCTAssertEqual(alignedSegment.checksumVerifies, true)
        // Ethernet, with no field.
        let wired = try XCTUnwrap(dissectTunnelled(
            Self.ppi(linkType: 1, commonFlags: nil) + TunnelFixtures.innerFrame(), linkType: .perPacketInformation))
        XCTAssertEqual(wired.summary.ipHeaderOffset, 8 + 14)
        // An FCS error or a PHY error; a link type that is not followed; a field past the header's length.
        for flags: UInt16 in [0x0004, 0x0008] {
            XCTAssertEqual(dissectOther(Self.ppi(linkType: 105, commonFlags: flags) + Self.dataFrame(body: Self.msdu()),
                                        linkType: .perPacketInformation),
                           .notTCP(.ieee80211ReceiveError))
        }
        XCTAssertEqual(
            dissectOther(Self.ppi(linkType: 147, commonFlags: nil) + [1, 2, 3], linkType: .perPacketInformation),
            .notTCP(.unsupportedLinkType(LinkType(rawValue: 147))))
        XCTAssertEqual(dissectOther([0, 0, 12, 0, 1, 0, 0, 0] + Self.le16(2) + Self.le16(20),
                                    linkType: .perPacketInformation),
                       .malformed(.captureHeaderLengthTooSmall(.perPacketInformation, length: 12, minimum: 32),
                                  offset: 0))
        XCTAssertEqual(dissectOther([0, 0, 4, 0, 1, 0, 0, 0], linkType: .perPacketInformation),
                       .malformed(.captureHeaderLengthTooSmall(.perPacketInformation, length: 4, minimum: 8),
                                  offset: 0))
        XCTAssertEqual(dissectOther([2, 0, 8, 0, 1, 0, 0, 0], linkType: .perPacketInformation),
                       .malformed(.captureHeaderVersion(.perPacketInformation, version: 2), offset: 0))
        XCTAssertEqual(LinkType.perPacketInformation.description, "PPI")
    }

    func testPKTAP() throws {
        let ethernet = try XCTUnwrap(dissectTunnelled(
            Self.pktap(linkType: 1) + TunnelFixtures.innerFrame(), linkType: .pktap))
        XCTAssertEqual(ethernet.summary.ipHeaderOffset, 108 + 14)
        XCTAssertEqual(ethernet.checksumVerifies, true)
        // A utun interface: BSD loopback with AF_INET6 30 (macOS), in the writer's (little-endian) order.
        let tunnel = try XCTUnwrap(dissectTunnelled(
            Self.pktap(linkType: 0) + Self.le32(30) + TunnelFixtures.innerPacket(ipv6: true), linkType: .pktap))
        XCTAssertEqual(tunnel.summary.ipHeaderOffset, 112)
        // Raw IP as macOS numbers it (12).
        let raw = try XCTUnwrap(dissectTunnelled(
            Self.pktap(linkType: 12) + TunnelFixtures.innerPacket(), linkType: .pktap))
        XCTAssertEqual(raw.summary.ipHeaderOffset, 108)
        XCTAssertEqual(dissectOther(Self.pktap(recordType: 0, linkType: 1), linkType: .pktap),
                       .notTCP(.pktapRecordType(0)))
        // Shorter than the header's first version, as tcpdump refuses it: the interface name is no packet.
        XCTAssertEqual(dissectOther(Self.pktap(length: 12, linkType: 12) + TunnelFixtures.innerPacket(),
                                    linkType: .pktap),
                       .malformed(.captureHeaderLengthTooSmall(.pktap, length: 12, minimum: 108), offset: 0))
        // A PPP interface (DLT_PPP, 9): the PPP frame after the header.
        let ppp = try XCTUnwrap(dissectTunnelled(
            Self.pktap(linkType: 9) + FrameBuilder.ppp(addressAndControl: true, protocolField: [0x00, 0x21],
                                                       payload: TunnelFixtures.innerPacket()),
            linkType: .pktap))
        XCTAssertEqual(ppp.summary.ipHeaderOffset, 112)
        XCTAssertEqual(dissectOther(Array(Self.pktap(linkType: 1).prefix(50)), linkType: .pktap),
                       .malformed(.truncatedLinkHeader(needed: 108, available: 50), offset: 0))
        XCTAssertEqual(dissectOther(Self.pktap(linkType: 1) + [0, 1, 2], linkType: .pktap),
                       .malformed(.truncatedLinkHeader(needed: 122, available: 111), offset: 0))
        XCTAssertEqual(LinkType.pktap.description, "PKTAP")
    }

    /// An A-MSDU subframe (IEEE 802.11-2020 section 9.3.2.2.2): destination and source addresses, the MSDU's
    /// length (`length`, or the MSDU's), the MSDU, padded to 4 bytes unless `last`.
    private static func subframe(_ msdu: [UInt8], last: Bool = false, length: UInt16? = nil) -> [UInt8] {
        let header = [0x02, 0, 0, 0, 0, 0x01] + [0x02, 0, 0, 0, 0, 0x02]
            + FrameBuilder.be16(length ?? UInt16(msdu.count))
        let padding = last ? 0 : (4 - (header.count + msdu.count) % 4) % 4
        return header + msdu + [UInt8](repeating: 0, count: padding)
    }

    /// An A-MSDU in a QoS data frame (the A-MSDU present bit of its QoS control): an IPv4 segment, an IPv6 one, an
    /// ARP packet.
    private static var aggregate: [UInt8] {
        dataFrame(subtype: 8, qosFirstByte: 0x80, body: subframe(msdu()) + subframe(msdu(ipv6: true))
            + subframe([0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x06] + [UInt8](repeating: 0, count: 28), last: true))
    }

    /// Every subframe's result, without pointers.
    private static func subframes(
        _ frame: [UInt8], linkType: LinkType = .ieee80211, originalLength: Int? = nil
    ) -> [Result<TCPSummary, OtherResultError>] {
        var results: [Result<TCPSummary, OtherResultError>] = []
        let count = frame.withUnsafeBytes { raw in
            PacketDissector.dissectSubframes(raw, linkType: linkType, originalLength: originalLength) { index, packet in
                XCTAssertEqual(index, results.count)
                switch packet {
                case .tcp(let segment): results.append(.success(TCPSummary(segment)))
                case .notTCP(let reason): results.append(.failure(OtherResultError(.notTCP(reason))))
                case .malformed(let reason, let offset):
                    results.append(.failure(OtherResultError(.malformed(reason, offset: offset))))
                }
            }
        }
        XCTAssertEqual(count, results.count)
        return results
    }

    func testAggregateMSDUSubframes() throws {
        let frame = Self.aggregate
        XCTAssertEqual(dissectOther(frame, linkType: .ieee80211), .notTCP(.ieee80211AggregateMSDU),
                       "plain dissection leaves an A-MSDU to dissectSubframes")
        let results = Self.subframes(frame)
        XCTAssertEqual(results.count, 3)
        guard results.count == 3 else { return }
        // MAC header 26 (QoS), subframe header 14, LLC and SNAP 8; the next subframe after the first's padding.
        let first = try results[0].get()
        XCTAssertEqual(first.ipHeaderOffset, 26 + 14 + 8)
        let firstLength = 14 + Self.msdu().count
        let second = try results[1].get()
        XCTAssertEqual(second.ipVersion, .v6)
        XCTAssertEqual(second.ipHeaderOffset, 26 + (firstLength + 3) & ~3 + 14 + 8)
        XCTAssertEqual(results[2], .failure(OtherResultError(.notTCP(.etherType(0x0806)))))
        let checked = frame.withUnsafeBytes { raw in
            PacketDissector.dissectSubframes(raw, linkType: .ieee80211) { _, packet in
                if case .tcp(let segment) = packet { XCTAssertEqual(segment.verifyChecksum(), true) }
            }
        }
        XCTAssertEqual(checked, 3)
        // After radiotap, with the FCS the flags announce (not part of the last MSDU) and padding after it.
        let radio = Self.subframes(Self.radiotapWithFlags(0x10) + frame + [0, 0] + [0xEE, 0xEE, 0xEE, 0xEE],
                                   linkType: .radiotap)
        XCTAssertEqual(radio.count, 3)
        XCTAssertEqual(try radio.dropFirst().first?.get().ipHeaderOffset, 18 + second.ipHeaderOffset)
        // A frame that is no A-MSDU, or not 802.11 at all: no subframe.
        XCTAssertTrue(Self.subframes(Self.dataFrame(body: Self.msdu())).isEmpty)
        XCTAssertTrue(Self.subframes(TunnelFixtures.innerFrame(), linkType: .ethernet).isEmpty)
    }

    /// A record read from a capture hands over its subframes as `PacketDissector` does.
    func testCaptureRecordDissectsSubframes() throws {
        var pcap = PcapBuilder(linkType: 105)
        pcap.record(seconds: 1, fraction: 0, Self.aggregate)
        pcap.record(seconds: 1, fraction: 1, Self.dataFrame(body: Self.msdu()))
        let reader = try CaptureReader(bytes: pcap.bytes)
        var counts: [Int] = []
        var segments = 0
        try reader.forEachRecord { record in
            counts.append(record.dissectSubframes { _, packet in
                if case .tcp = packet { segments += 1 }
            })
        }
        XCTAssertEqual(counts, [3, 0])
        XCTAssertEqual(segments, 2)
    }

    func testAggregateMSDUCutOrMalformed() throws {
        let frame = Self.aggregate
        // Cut by the snapshot length inside the second MSDU: the first whole, the second cut, the third's header
        // missing (handed over as malformed, and the walk ends).
        // (Its subframe header, LLC and SNAP, the IPv6 header and 10 bytes of TCP.)
        let cutAt = 26 + (14 + Self.msdu().count + 3) & ~3 + 14 + 8 + 40 + 10
        let cut = Self.subframes(Array(frame.prefix(cutAt)), originalLength: frame.count)
        XCTAssertEqual(cut.count, 3)
        guard cut.count == 3 else { return }
        XCTAssertFalse(try cut[0].get().isTruncated)
        XCTAssertTrue(try cut[1].get().isTruncated)
        guard case .failure(let third) = cut[2], case .malformed(.truncatedLinkHeader, _) = third.result else {
            return XCTFail("\(cut[2])")
        }
        // A subframe whose length runs past the frame: malformed, the last one read.
        let long = Self.dataFrame(subtype: 8, qosFirstByte: 0x80, body: Self.subframe(Self.msdu())
            + Self.subframe(Self.msdu(), last: true, length: 2000))
        let results = Self.subframes(long)
        XCTAssertEqual(results.count, 2)
        guard results.count == 2 else { return }
        let secondStart = 26 + (14 + Self.msdu().count + 3) & ~3
        XCTAssertEqual(results[1], .failure(OtherResultError(.malformed(
            .ieee80211SubframeLength(length: 2000, available: Self.msdu().count), offset: secondStart))))
        // An A-MSDU of no subframe: none handed over.
        XCTAssertTrue(Self.subframes(Self.dataFrame(subtype: 8, qosFirstByte: 0x80, body: [])).isEmpty)
    }

    /// A PPI or PKTAP header naming radiotap (127) as its packet's link type: the radiotap header after it, then
    /// the IEEE 802.11 frame as the radiotap flags say (FCS, padding, bad FCS); a PKTAP header naming IEEE 802.11.
    func testRadiotapAfterPPIAndPKTAP() throws {
        let fcs: [UInt8] = [0xEE, 0xEE, 0xEE, 0xEE]
        let afterPPI = try XCTUnwrap(dissectTunnelled(
            Self.ppi(linkType: 127, commonFlags: nil) + Self.radiotapWithFlags(0x10) + Self.dataFrame(body: Self.msdu())
                + fcs,
            linkType: .perPacketInformation))
        XCTAssertEqual(afterPPI.summary.ipHeaderOffset, 8 + 18 + 32)
        XCTAssertEqual(afterPPI.checksumVerifies, true, "the FCS the radiotap flags announce is not the packet's")
        let afterPKTAP = try XCTUnwrap(dissectTunnelled(
            Self.pktap(linkType: 127) + Self.radiotapWithFlags(0x20)
                + Self.dataFrame(subtype: 8, flags: 0x02, padding: 2, body: Self.msdu()),
            linkType: .pktap))
        XCTAssertEqual(afterPKTAP.summary.ipHeaderOffset, 108 + 18 + 28 + 8)
        XCTAssertEqual(afterPKTAP.checksumVerifies, true)
        let bare = try XCTUnwrap(dissectTunnelled(
            Self.pktap(linkType: 105) + Self.dataFrame(body: Self.msdu()), linkType: .pktap))
        XCTAssertEqual(bare.summary.ipHeaderOffset, 108 + 32)
        // What the radiotap header says, and what is wrong with it, at its own offset.
        XCTAssertEqual(dissectOther(Self.pktap(linkType: 127) + Self.radiotapWithFlags(0x50)
                                        + Self.dataFrame(body: Self.msdu()) + fcs, linkType: .pktap),
                       .notTCP(.ieee80211ReceiveError))
        XCTAssertEqual(dissectOther(Self.ppi(linkType: 127, commonFlags: nil) + [1, 0, 8, 0, 0, 0, 0, 0]
                                        + Self.dataFrame(body: Self.msdu()), linkType: .perPacketInformation),
                       .malformed(.captureHeaderVersion(.radiotap, version: 1), offset: 8))
        XCTAssertEqual(dissectOther(Self.ppi(linkType: 127, commonFlags: nil) + [0, 0, 8, 0] + Self.le32(0x2) + [0x10],
                                    linkType: .perPacketInformation),
                       .malformed(.captureHeaderLengthTooSmall(.radiotap, length: 8, minimum: 9), offset: 8))
        XCTAssertEqual(dissectOther(Self.ppi(linkType: 127, commonFlags: nil) + [0, 0, 8],
                                    linkType: .perPacketInformation),
                       .malformed(.truncatedLinkHeader(needed: 16, available: 11), offset: 0))
        XCTAssertEqual(dissectOther(Self.pktap(linkType: 127) + [0, 0, 40, 0, 0, 0, 0, 0, 0], linkType: .pktap),
                       .malformed(.truncatedLinkHeader(needed: 150, available: 117), offset: 0))
    }

    /// The duplicate filter reads the IEEE 802.11 frame after a PKTAP header, and after a radiotap header inside a
    /// PPI or PKTAP header.
    func testDuplicateFilterReadsWirelessFramesInsideCaptureHeaders() {
        XCTAssertTrue(IEEE80211DuplicateFilter.reads(.pktap))
        for (header, linkType) in [
            (Self.pktap(linkType: 105), LinkType.pktap),
            (Self.pktap(linkType: 127) + Self.radiotap(present: [0], fields: []), .pktap),
            (Self.ppi(linkType: 127, commonFlags: nil) + Self.radiotapWithFlags(0), .perPacketInformation),
        ] {
            var filter = IEEE80211DuplicateFilter()
            func check(_ frame: [UInt8]) -> Bool {
                (header + frame).withUnsafeBytes { filter.isRetransmission($0, linkType: linkType) }
            }
            XCTAssertFalse(check(Self.dataFrame(sequenceControl: 100 << 4, body: Self.msdu())), "\(linkType)")
            XCTAssertTrue(check(Self.dataFrame(flags: 0x09, sequenceControl: 100 << 4, body: Self.msdu())),
                          "\(linkType): the Retry flag with a sequence number captured before")
        }
        // A PKTAP header of another link type holds no 802.11 frame.
        var filter = IEEE80211DuplicateFilter()
        let ethernet = Self.pktap(linkType: 1) + TunnelFixtures.innerFrame()
        XCTAssertFalse(ethernet.withUnsafeBytes { filter.isRetransmission($0, linkType: .pktap) })
        XCTAssertFalse(ethernet.withUnsafeBytes { filter.isRetransmission($0, linkType: .pktap) })
    }

    func testPFLog() throws {
        let v4 = try XCTUnwrap(dissectTunnelled(Self.pflog(family: 2) + TunnelFixtures.innerPacket(), linkType: .pflog))
        XCTAssertEqual(v4.summary.ipHeaderOffset, 64)
        XCTAssertEqual(v4.checksumVerifies, true)
        // AF_INET6 as OpenBSD (24) and FreeBSD (28) number it; a header length that is a multiple of 4.
        for family: UInt8 in [24, 28] {
            let v6 = try XCTUnwrap(dissectTunnelled(
                Self.pflog(length: 64, family: family) + TunnelFixtures.innerPacket(ipv6: true), linkType: .pflog))
            XCTAssertEqual(v6.summary.ipHeaderOffset, 64)
        }
        XCTAssertEqual(dissectOther(Self.pflog(family: 7) + [1, 2, 3], linkType: .pflog), .notTCP(.addressFamily(7)))
        XCTAssertEqual(dissectOther(Self.pflog(length: 40, family: 2) + TunnelFixtures.innerPacket(), linkType: .pflog),
                       .malformed(.captureHeaderLengthTooSmall(.pflog, length: 40, minimum: 45), offset: 0))
        XCTAssertEqual(dissectOther([61, 2, 0, 0], linkType: .pflog),
                       .malformed(.truncatedLinkHeader(needed: 64, available: 4), offset: 0))
        XCTAssertEqual(LinkType.pflog.description, "PFLOG")
    }

    // MARK: Fragments and retransmissions

    func testFragmentsAreNotFollowed() throws {
        // The first fragment (More Fragments flag) and a later one (fragment number 1).
        XCTAssertEqual(dissectOther(Self.dataFrame(flags: 0x05, body: Self.msdu()), linkType: .ieee80211),
                       .notTCP(.ieee80211Fragment))
        // The last fragment (More Fragments clear, fragment number 1) is read as a frame: some interfaces deliver the
        // whole MSDU so.
        let last = try XCTUnwrap(dissectTunnelled(
            Self.dataFrame(sequenceControl: 0x0011, body: Self.msdu()), linkType: .ieee80211))
        XCTAssertEqual(last.summary.ipHeaderOffset, 32)
    }

    func testDuplicateFilterFindsTheMACsRetransmissions() {
        var filter = IEEE80211DuplicateFilter()
        func check(_ frame: [UInt8], _ linkType: LinkType = .ieee80211) -> Bool {
            frame.withUnsafeBytes { filter.isRetransmission($0, linkType: linkType) }
        }
        let first = Self.dataFrame(sequenceControl: 100 << 4, body: Self.msdu())
        let retry = Self.dataFrame(flags: 0x09, sequenceControl: 100 << 4, body: Self.msdu())
        XCTAssertFalse(check(first))
        XCTAssertTrue(check(retry), "the Retry flag with a sequence number captured before")
        XCTAssertTrue(check(retry), "and again")
        // The same number without the Retry flag is never a copy; another transmitter has its own numbers.
        XCTAssertFalse(check(first))
        XCTAssertFalse(check(Self.dataFrame(flags: 0x09, transmitter: 0x07, sequenceControl: 100 << 4, body: [])))
        // A Block Ack retry after newer numbers: 101 and 102 sent, 101 again.
        XCTAssertFalse(check(Self.dataFrame(sequenceControl: 101 << 4, body: [])))
        XCTAssertFalse(check(Self.dataFrame(sequenceControl: 102 << 4, body: [])))
        XCTAssertTrue(check(Self.dataFrame(flags: 0x09, sequenceControl: 101 << 4, body: [])))
        // A retry of a number never captured (its original lost to the monitor) is the frame.
        XCTAssertFalse(check(Self.dataFrame(flags: 0x09, sequenceControl: 103 << 4, body: [])))
        // Numbers wrap at 4096: 4095 then 0, and 4095 again.
        XCTAssertFalse(check(Self.dataFrame(transmitter: 0x08, sequenceControl: 4095 << 4, body: [])))
        XCTAssertFalse(check(Self.dataFrame(transmitter: 0x08, sequenceControl: 0, body: [])))
        XCTAssertTrue(check(Self.dataFrame(flags: 0x09, transmitter: 0x08, sequenceControl: 4095 << 4, body: [])))
        // Older than the window (64 numbers below the highest): not remembered.
        XCTAssertFalse(check(Self.dataFrame(transmitter: 0x08, sequenceControl: 200 << 4, body: [])))
        XCTAssertFalse(check(Self.dataFrame(flags: 0x09, transmitter: 0x08, sequenceControl: 100 << 4, body: [])))
        // QoS data: one space per traffic identifier.
        XCTAssertFalse(check(Self.dataFrame(subtype: 8, qosFirstByte: 0, sequenceControl: 5 << 4, body: [])))
        XCTAssertFalse(check(Self.dataFrame(subtype: 8, flags: 0x09, qosFirstByte: 1, sequenceControl: 5 << 4,
                                            body: [])))
        XCTAssertTrue(check(Self.dataFrame(subtype: 8, flags: 0x09, qosFirstByte: 0, sequenceControl: 5 << 4,
                                           body: [])))
    }

    /// What a receiver would keep is not taken for a copy: a frame to another receiver with the same number, a
    /// group-addressed frame's number, a null function's number, a frame whose first copy was received corrupt.
    func testDuplicateFilterKeepsWhatAReceiverKeeps() {
        var filter = IEEE80211DuplicateFilter()
        func check(_ frame: [UInt8], _ linkType: LinkType = .ieee80211) -> Bool {
            frame.withUnsafeBytes { filter.isRetransmission($0, linkType: linkType) }
        }
        let stationA: [UInt8] = [0x02, 0, 0, 0, 0, 0x0A]
        let stationB: [UInt8] = [0x02, 0, 0, 0, 0, 0x0B]
        XCTAssertFalse(check(Self.dataFrame(subtype: 8, receiver: stationA, sequenceControl: 100 << 4, body: [])))
        XCTAssertFalse(check(Self.dataFrame(subtype: 8, flags: 0x09, receiver: stationB, sequenceControl: 100 << 4,
                                            body: [])))
        let broadcast: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        XCTAssertFalse(check(Self.dataFrame(receiver: broadcast, sequenceControl: 50 << 4, body: [])))
        XCTAssertFalse(check(Self.dataFrame(flags: 0x09, receiver: broadcast, sequenceControl: 50 << 4, body: [])))
        XCTAssertFalse(check(Self.dataFrame(flags: 0x09, receiver: stationA, sequenceControl: 50 << 4, body: [])))
        XCTAssertFalse(check(Self.dataFrame(subtype: 12, receiver: stationB, sequenceControl: 60 << 4, body: [])))
        XCTAssertFalse(check(Self.dataFrame(subtype: 12, flags: 0x09, receiver: stationB, sequenceControl: 60 << 4,
                                            body: [])))
        XCTAssertFalse(check(Self.dataFrame(flags: 0x09, receiver: stationB, sequenceControl: 60 << 4, body: [])))
        // Through radiotap and PPI headers: a first copy with a bad FCS is not noted, its retry is the frame; a retry
        // of a good copy is found through either header.
        let fcs: [UInt8] = [1, 2, 3, 4]
        let corrupt = Self.radiotapWithFlags(0x50) + Self.dataFrame(transmitter: 0x33, sequenceControl: 7 << 4,
                                                                    body: []) + fcs
        let retried = Self.radiotapWithFlags(0x10)
            + Self.dataFrame(flags: 0x09, transmitter: 0x33, sequenceControl: 7 << 4, body: []) + fcs
        XCTAssertFalse(check(corrupt, .radiotap))
        XCTAssertFalse(check(retried, .radiotap))
        XCTAssertTrue(check(retried, .radiotap))
        let ppiRetry = Self.ppi(linkType: 105, commonFlags: 0)
            + Self.dataFrame(flags: 0x09, transmitter: 0x33, sequenceControl: 7 << 4, body: [])
        XCTAssertTrue(check(ppiRetry, .perPacketInformation))
        // Never for a PPI of another link type, a control frame, a short frame or another link type.
        XCTAssertFalse(
            check(Self.ppi(linkType: 1, commonFlags: nil) + TunnelFixtures.innerFrame(), .perPacketInformation))
        XCTAssertFalse(check([0xD4, 0x08, 0, 0, 2, 0, 0, 0, 0, 1] + [UInt8](repeating: 0, count: 20)))
        let shortRetry = Self.dataFrame(flags: 0x09, transmitter: 0x33, sequenceControl: 7 << 4, body: [])
        XCTAssertFalse(check(Array(shortRetry.prefix(23))))
        XCTAssertFalse(check(shortRetry, .ethernet))
        // Every prefix of a retry, alone and behind radiotap, is read without a trap, and only the whole frames
        // (which hold the sequence control) are copies.
        for (frame, linkType) in [(shortRetry, LinkType.ieee80211), (retried, .radiotap)] {
            for length in 0 ..< frame.count - 4 {
                XCTAssertFalse(check(Array(frame.prefix(length)), linkType) && length < 24, "\(linkType) \(length)")
            }
        }
    }

    /// The table is bounded: with 16 slots, of 200 transmitters only those still in a slot are known.
    func testDuplicateFilterIsBounded() {
        var filter = IEEE80211DuplicateFilter(capacity: 16)
        for transmitter in UInt8(1) ... 200 {
            let first = Self.dataFrame(transmitter: transmitter, sequenceControl: 9 << 4, body: [])
            _ = first.withUnsafeBytes { filter.isRetransmission($0, linkType: .ieee80211) }
        }
        var known = 0
        for transmitter in (UInt8(1) ... 200).reversed() {
            let retry = Self.dataFrame(flags: 0x09, transmitter: transmitter, sequenceControl: 9 << 4, body: [])
            if retry.withUnsafeBytes({ filter.isRetransmission($0, linkType: .ieee80211) }) { known += 1 }
        }
        XCTAssertLessThanOrEqual(known, 16, "one space per slot")
        XCTAssertGreaterThan(known, 8, "the spaces spread over the slots")
    }

    // MARK: Every prefix

    func testDripFeed() {
        assertDripFeed(Self.dataFrame(subtype: 8, flags: 0x83, body: Self.msdu()), linkType: .ieee80211)
        assertDripFeed(Self.radiotapWithFlags(0x20) + Self.dataFrame(subtype: 8, flags: 0x02, padding: 2,
                                                                    body: Self.msdu(ipv6: true)),
                       linkType: .radiotap)
        assertDripFeed(Self.ppi(linkType: 105, commonFlags: 0) + Self.dataFrame(body: Self.msdu()),
                       linkType: .perPacketInformation)
        assertDripFeed(Self.pktap(linkType: 1) + TunnelFixtures.innerFrame(), linkType: .pktap)
        assertDripFeed(Self.radiotapWithFlags(0x10) + Self.dataFrame(body: Self.msdu()), linkType: .radiotap)
        assertDripFeed(Self.pflog(family: 2) + TunnelFixtures.innerPacket(), linkType: .pflog)
    }

    /// A fragment inside a link layer that hands on a shorter frame (the FCS of radiotap, NFLOG's attribute) still
    /// reaches the caller that asked for fragments.
    func testFragmentsThroughShortenedFrames() throws {
        let first = FrameBuilder.ipv4(fragmentField: 0x2000, payload: [UInt8](repeating: 0x5A, count: 32))
        let radiotap = Self.radiotapWithFlags(0x10) + Self.dataFrame(body: [0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00]
                                                                        + first) + [1, 2, 3, 4]
        let nflog = FrameBuilder.nflog(family: 2, attributes: [(9, nil, first)], littleEndian: true)
        for (frame, linkType) in [(radiotap, LinkType.radiotap), (nflog, .nflog)] {
            let fragment = frame.withUnsafeBytes { PacketDissector.fragment(in: $0, linkType: linkType) }
            let found = try XCTUnwrap(fragment, "\(linkType)")
            XCTAssertEqual(found.offset, 0)
            XCTAssertTrue(found.moreFragments)
            XCTAssertEqual(found.payload.count, 32, "\(linkType): the FCS is not the fragment's")
        }
    }
}

/// A non-TCP dissection result as an error, so that subframe results can be compared as `Result`s.
struct OtherResultError: Error, Equatable {
    var result: OtherResult
    init(_ result: OtherResult) { self.result = result }
}
