import TCPCodec
import XCTest

/// The typed readings of MP_JOIN, ADD_ADDR and the single-field Multipath TCP subtypes (RFC 8684 section 3).
final class MPTCPSubtypeValuesTests: XCTestCase {
    /// Decodes one option through the strict walk and returns its Multipath value.
    func multipath(_ bytes: [UInt8]) throws -> MPTCPOption {
        let option = try bytes.withUnsafeBytes { try XCTUnwrap(MPTCPOption(optionBytes: $0)) }
        let walked = try ([0x50, 0x10] + bytes + [UInt8](repeating: 1, count: (4 - bytes.count % 4) % 4))
            .withUnsafeBytes { raw -> TCPOption? in
                let header = [UInt8](repeating: 0, count: 12) + [UInt8((20 + raw.count - 2) / 4) << 4, 0x10]
                    + [0, 0, 0, 0, 0, 0]
                let segment = header + Array(raw[2...])
                return try segment.withUnsafeBytes { try TCPSegmentView($0).options.first { _ in true } }
            }
        XCTAssertEqual(walked, .multipath(option), "the option walk reads the same value")
        return option
    }

    func testJoinForms() throws {
        let syn = try multipath([
            30, 12, 0x11, 7,  // kind, length, subtype 1 with the backup bit, address ID 7
            0xDE, 0xAD, 0xBE, 0xEF,  // receiver's token
            0x01, 0x02, 0x03, 0x04,  // sender's random number
        ])
        XCTAssertEqual(
            syn.join, .syn(isBackup: true, addressID: 7, receiverToken: 0xDEAD_BEEF, senderNonce: 0x0102_0304))
        let synAck = try multipath([
            30, 16, 0x10, 9,  // subtype 1, no backup, address ID 9
            1, 2, 3, 4, 5, 6, 7, 8,  // truncated HMAC
            0xAA, 0xBB, 0xCC, 0xDD,  // random number
        ])
        XCTAssertEqual(
            synAck.join,
            .synAck(isBackup: false, addressID: 9, truncatedHMAC: 0x0102_0304_0506_0708, senderNonce: 0xAABB_CCDD))
        let hmac = [UInt8](1 ... 20)
        let third = try multipath([30, 24, 0x10, 0] + hmac)  // subtype 1, reserved byte, 160-bit HMAC
        XCTAssertEqual(third.join, .thirdACK(hmac: try TCPOptionData(hmac)))
        XCTAssertNil(third.addAddress)
        XCTAssertNil(third.control)
    }

    func testAddAddressLengths() throws {
        let ipv4 = try multipath([30, 10, 0x30, 2, 192, 0, 2, 1, 0x1F, 0x90])  // v1, ID 2, 192.0.2.1, port 8080
        XCTAssertEqual(ipv4.addAddress?.addressID, 2)
        XCTAssertEqual(ipv4.addAddress?.address, try TCPOptionData([192, 0, 2, 1]))
        XCTAssertEqual(ipv4.addAddress?.port, 8080)
        XCTAssertNil(ipv4.addAddress?.truncatedHMAC)
        let withHMAC = try multipath([30, 16, 0x31, 3, 10, 0, 0, 1] + [1, 2, 3, 4, 5, 6, 7, 8])  // echo bit, HMAC
        XCTAssertEqual(withHMAC.addAddress?.subtypeBits, 1)
        XCTAssertNil(withHMAC.addAddress?.port)
        XCTAssertEqual(withHMAC.addAddress?.truncatedHMAC, 0x0102_0304_0506_0708)
        let ipv6Address: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [5]
        let ipv6 = try multipath([30, 30, 0x30, 4] + ipv6Address + [0, 80] + [8, 7, 6, 5, 4, 3, 2, 1])
        XCTAssertEqual(ipv6.addAddress?.address, try TCPOptionData(ipv6Address))
        XCTAssertEqual(ipv6.addAddress?.port, 80)
        XCTAssertEqual(ipv6.addAddress?.truncatedHMAC, 0x0807_0605_0403_0201)
    }

    func testSingleFieldSubtypes() throws {
        XCTAssertEqual(
            try multipath([30, 5, 0x40, 1, 2]).control, .removeAddress(addressIDs: try TCPOptionData([1, 2])))
        XCTAssertEqual(try multipath([30, 4, 0x51, 6]).control, .priority(isBackup: true, addressID: 6))
        XCTAssertEqual(try multipath([30, 3, 0x50]).control, .priority(isBackup: false, addressID: nil))
        XCTAssertEqual(
            try multipath([30, 12, 0x60, 0, 0, 0, 0, 0, 0, 0, 1, 0]).control, .fail(dataSequenceNumber: 256))
        XCTAssertEqual(
            try multipath([30, 12, 0x70, 0, 1, 2, 3, 4, 5, 6, 7, 8]).control,
            .fastClose(receiverKey: 0x0102_0304_0506_0708))
        XCTAssertEqual(try multipath([30, 4, 0x89, 3]).control, .reset(flags: 0x9, reason: 3))
        XCTAssertNil(try multipath([30, 4, 0x89, 3]).join)
    }

    /// Lengths a subtype does not have are refused by the reading from bytes, as by the strict walk.
    func testLengthsOutsideTheSubtypeAreRefused() {
        for bytes: [UInt8] in [
            [30, 11, 0x10, 0, 0, 0, 0, 0, 0, 0, 0],  // MP_JOIN of 11
            [30, 9, 0x30, 1, 1, 2, 3, 4, 0],  // ADD_ADDR of 9
            [30, 3, 0x40],  // REMOVE_ADDR without an ID
            [30, 5, 0x50, 1, 2],  // MP_PRIO of 5
            [30, 5, 0x80, 1, 2],  // MP_TCPRST of 5
            [30, 4, 0x00, 0],  // MP_CAPABLE of 4 is valid; this is checked below
        ].dropLast() {
            XCTAssertNil(bytes.withUnsafeBytes { MPTCPOption(optionBytes: $0) }, "\(bytes)")
        }
        XCTAssertNotNil([UInt8]([30, 4, 0x01, 0x81]).withUnsafeBytes { MPTCPOption(optionBytes: $0) })
        XCTAssertNil([UInt8]([30, 5, 0x01, 0x81]).withUnsafeBytes { MPTCPOption(optionBytes: $0) }, "length byte")
        XCTAssertNil([UInt8]([29, 4, 0x01, 0x81]).withUnsafeBytes { MPTCPOption(optionBytes: $0) }, "kind")
    }
}
