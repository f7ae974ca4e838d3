import TCPCodec
import XCTest

final class MPTCPOptionTests: XCTestCase {
    /// The MPTCP options of a captured segment, in order.
    private func multipathOptions(_ fixture: CaptureSegment) throws -> [MPTCPOption] {
        try strictOptions(fixture.bytes).compactMap { option in
            if case .multipath(let value) = option { return value }
            return nil
        }
    }

    func testCapableReadingsMatchTcpdump() throws {
        // mptcp 4 capable v1 flags [H]
        let syn = try XCTUnwrap(multipathOptions(CaptureFixtures.mptcpV1CapableSYN).first)
        XCTAssertEqual(syn.subtype, .capable)
        XCTAssertEqual(syn.version, 1)
        XCTAssertEqual(syn.length, 4)
        let synCapable = try XCTUnwrap(syn.capable)
        XCTAssertEqual(synCapable.flags, 0x01)
        XCTAssertNil(synCapable.senderKey)
        // mptcp 12 capable v1 flags [H] {0x29a6c86981ad933c}
        let synACK = try XCTUnwrap(multipathOptions(CaptureFixtures.mptcpV1CapableSYNACK).first?.capable)
        XCTAssertEqual(synACK.senderKey, 0x29A6_C869_81AD_933C)
        XCTAssertNil(synACK.receiverKey)
        // mptcp 20 capable v1 flags [H] {0x1fdb5df328bc3def,0x29a6c86981ad933c}
        let ack = try XCTUnwrap(multipathOptions(CaptureFixtures.mptcpV1CapableACK).first?.capable)
        XCTAssertEqual(ack.senderKey, 0x1FDB_5DF3_28BC_3DEF)
        XCTAssertEqual(ack.receiverKey, 0x29A6_C869_81AD_933C)
        XCTAssertNil(ack.dataLevelLength)
        // mptcp 22 capable v1 flags [H] {0x1fdb5df328bc3def,0x29a6c86981ad933c,data_len=8192}
        let data = try XCTUnwrap(multipathOptions(CaptureFixtures.mptcpV1CapableWithData).first?.capable)
        XCTAssertEqual(data.dataLevelLength, 8192)
        XCTAssertNil(data.checksum)
        XCTAssertEqual(data.version, 1)
        // The 24-byte form adds a checksum (built by hand: no capture has one).
        let full = MPTCPOption(subtype: .capable, subtypeBits: 1, data: try TCPOptionData(hexBytes(
            "81 0000000000000001 0000000000000002 0010 beef")))
        XCTAssertEqual(full.length, 24)
        XCTAssertEqual(full.capable?.flags, 0x81)
        XCTAssertEqual(full.capable?.checksum, 0xBEEF)
        XCTAssertEqual(full.capable?.dataLevelLength, 16)
        // A wrong length has no reading; another subtype has neither reading nor version.
        XCTAssertNil(MPTCPOption(subtype: .capable, subtypeBits: 0, data: try TCPOptionData([1, 2])).capable)
        let join = try XCTUnwrap(multipathOptions(CaptureFixtures.mptcpV0JoinSYN).first)
        XCTAssertNil(join.capable)
        XCTAssertNil(join.version)
        XCTAssertNil(join.dataSequenceSignal)
    }

    func testDataSequenceSignalReadingsMatchTcpdump() throws {
        // mptcp 12 dss ack 14413541604287230030
        let ackOnly = try XCTUnwrap(multipathOptions(CaptureFixtures.mptcpV1DataACK).first?.dataSequenceSignal)
        XCTAssertEqual(ackOnly.dataAcknowledgment, 14_413_541_604_287_230_030)
        XCTAssertNil(ackOnly.dataSequenceNumber)
        XCTAssertFalse(ackOnly.isDataFIN)
        // mptcp 26 dss fin ack 11713449205243400434 seq 14413541604287240298 subseq 0 len 1
        let fin = try XCTUnwrap(multipathOptions(CaptureFixtures.mptcpV1DataFIN).first?.dataSequenceSignal)
        XCTAssertTrue(fin.isDataFIN)
        XCTAssertEqual(fin.dataAcknowledgment, 11_713_449_205_243_400_434)
        XCTAssertEqual(fin.dataSequenceNumber, 14_413_541_604_287_240_298)
        XCTAssertEqual(fin.subflowSequenceNumber, 0)
        XCTAssertEqual(fin.dataLevelLength, 1)
        XCTAssertNil(fin.checksum)
        // mptcp 20 dss ack 3576348362 seq 3518592144 subseq 1 len 41 csum 0x82f (4-byte forms, with checksum)
        let options = try multipathOptions(CaptureFixtures.mptcpV0AddAddressAndDSS)
        XCTAssertEqual(options.map(\.subtype), [.addAddress, .dataSequenceSignal])
        let v0 = try XCTUnwrap(options.last?.dataSequenceSignal)
        XCTAssertEqual(v0.dataAcknowledgment, 3_576_348_362)
        XCTAssertEqual(v0.dataSequenceNumber, 3_518_592_144)
        XCTAssertEqual(v0.subflowSequenceNumber, 1)
        XCTAssertEqual(v0.dataLevelLength, 41)
        XCTAssertEqual(v0.checksum, 0x082F)
        // mptcp 12 dss ack 17186763219675866581 after an ADD_ADDR; mptcp 12 dss ack 17984156407873109865
        XCTAssertEqual(try multipathOptions(CaptureFixtures.mptcpAddAddressWithHMAC).last?.dataSequenceSignal?
            .dataAcknowledgment, 17_186_763_219_675_866_581)
        XCTAssertEqual(try multipathOptions(CaptureFixtures.mptcpAddAddressEcho).last?.dataSequenceSignal?
            .dataAcknowledgment, 17_984_156_407_873_109_865)
        // Flags that contradict the length give no reading.
        let wrong = MPTCPOption(subtype: .dataSequenceSignal, subtypeBits: 0, data: try TCPOptionData([0x01]))
        XCTAssertNil(wrong.dataSequenceSignal)
    }

    func testSubtypeNamesAndNibbles() {
        XCTAssertEqual(MPTCPSubtype.capable.description, "MP_CAPABLE")
        XCTAssertEqual(MPTCPSubtype.tcpReset.description, "MP_TCPRST")
        XCTAssertEqual(MPTCPSubtype(rawValue: 12).description, "subtype 12")
        XCTAssertEqual(MPTCPSubtype(rawValue: 0x53), .addAddress, "only the low nibble is kept")
        XCTAssertEqual(MPTCPOption(subtype: .priority, subtypeBits: 0xF1, data: TCPOptionData()).subtypeBits, 1)
    }
}
