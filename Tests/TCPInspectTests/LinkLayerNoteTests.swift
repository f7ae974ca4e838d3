import PacketCapture
import TCPInspectCore
import XCTest

/// The words for the link layers' reasons: PPP, HDLC, NFLOG, IEEE 802.2 LLC and SNAP.
final class LinkLayerNoteTests: XCTestCase {
    func testNotTCPReasons() {
        XCTAssertEqual(FrameNoteText.describe(.pppProtocol(0xC021)), "PPP protocol 0xc021 (LCP)")
        XCTAssertEqual(FrameNoteText.describe(.pppProtocol(0x00FD)), "PPP protocol 0x00fd (compressed datagram)")
        XCTAssertEqual(FrameNoteText.describe(.nflogAddressFamily(7)), "NFLOG address family 7")
        XCTAssertEqual(FrameNoteText.describe(.nflogVersion(1)), "NFLOG version 1")
        XCTAssertEqual(FrameNoteText.describe(.nflogWithoutPayload), "NFLOG record without packet bytes")
        XCTAssertEqual(FrameNoteText.describe(.logicalLinkControl(destination: 0x42, source: 0x42, control: 0x03)),
                       "IEEE 802.2 LLC frame, DSAP 0x42 (spanning tree), SSAP 0x42, control 0x03")
        XCTAssertEqual(FrameNoteText.describe(.snapProtocol(organization: 0x00_000C, protocolIdentifier: 0x2000)),
                       "SNAP organization 00-00-0c protocol 0x2000 (CDP)")
        XCTAssertEqual(FrameNoteText.describe(.fddiFrameControl(0x41)), "FDDI frame control 0x41, not an LLC frame")
        XCTAssertEqual(FrameNoteText.describe(.juniperNonIPPayload(firstByte: 0x00)),
                       "Juniper frame without a link header, first byte 0x00 (not IP)")
        XCTAssertEqual(FrameNoteText.describe(.ieee80211Frame(type: 0, subtype: 8)),
                       "IEEE 802.11 management frame, subtype 8")
        XCTAssertEqual(FrameNoteText.describe(.ieee80211Frame(type: 2, subtype: 4)),
                       "IEEE 802.11 data frame without data, subtype 4")
        XCTAssertEqual(FrameNoteText.describe(.ieee80211Protected), "IEEE 802.11 protected (encrypted) data frame")
        XCTAssertEqual(FrameNoteText.describe(.ieee80211AggregateMSDU),
                       "IEEE 802.11 aggregate MSDU (A-MSDU) with no subframe")
        XCTAssertEqual(FrameNoteText.describe(.ieee80211ReceiveError),
                       "IEEE 802.11 frame received with a bad frame check sequence or PHY error (corrupt)")
        XCTAssertEqual(FrameNoteText.describe(.pktapRecordType(0)), "PKTAP record type 0, not a packet")
        XCTAssertEqual(FrameNoteText.describe(.ieee80211Fragment), "IEEE 802.11 fragment of an MSDU")
        XCTAssertEqual(FrameNoteText.describe(.ieee80211Retransmission),
                       "IEEE 802.11 retransmission (a copy its receiver keeps once)")
        XCTAssertEqual(FrameNoteText.describe(.ieee80211SubOneGigahertzFrame),
                       "IEEE 802.11 S1G frame (protocol version 1)")
        XCTAssertEqual(FrameNoteText.describe(.etherType(1500)), "IEEE 802.3 frame (length field 1500)")
        XCTAssertEqual(FrameNoteText.describe(.etherType(1501)),
                       "type field 1501, neither an IEEE 802.3 length nor an EtherType")
    }

    func testMalformedReasons() {
        XCTAssertEqual(FrameNoteText.describe(.ieee80211SubframeLength(length: 2000, available: 60)),
                       "IEEE 802.11 A-MSDU subframe of 2000 bytes with 60 left in the frame")
        XCTAssertEqual(FrameNoteText.describe(.hdlcAddressControl(address: 0xFF, control: 0x00)),
                       "HDLC address 0xff and control 0x00 are not PPP's or Cisco's")
        XCTAssertEqual(FrameNoteText.describe(.invalidPPPProtocol(0x0020)), "PPP protocol 0x0020 ends in an even byte")
        XCTAssertEqual(FrameNoteText.describe(.nflogAttributeLengthTooSmall(length: 2)),
                       "NFLOG attribute length 2 is less than 4")
        XCTAssertEqual(FrameNoteText.describe(.truncatedLogicalLinkControl(needed: 8, available: 5)),
                       "IEEE 802.2 LLC header cut short: needed 8 bytes, 5 captured")
        XCTAssertEqual(FrameNoteText.describe(.ieee8023LengthTooSmall(length: 7, minimum: 8)),
                       "IEEE 802.3 length 7 is less than its 8-byte LLC header")
        XCTAssertEqual(FrameNoteText.describe(.juniperMagicNumber(0x4D_4744)),
                       "Juniper capture header starts with 0x4d4744, not \"MGC\"")
        XCTAssertEqual(FrameNoteText.describe(.ieee80211Version(2)), "IEEE 802.11 protocol version 2")
        XCTAssertEqual(FrameNoteText.describe(.ieee80211MeshAddressExtension(3)),
                       "IEEE 802.11 mesh control with address extension mode 3 (reserved)")
        XCTAssertEqual(FrameNoteText.describe(.captureHeaderVersion(.radiotap, version: 1)),
                       "IEEE802_11_RADIOTAP header version 1")
        XCTAssertEqual(FrameNoteText.describe(.captureHeaderLengthTooSmall(.pflog, length: 40, minimum: 45)),
                       "PFLOG header length 40 is less than 45")
    }
}
