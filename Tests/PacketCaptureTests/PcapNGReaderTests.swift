import CaptureTestSupport
import PacketCapture
import XCTest

/// `CaptureReader` on pcapng files: interfaces, resolutions, block types and sections.
final class PcapNGReaderTests: XCTestCase {
    private let ethernetFrame = FrameBuilder.ethernet(
        etherType: 0x0800, payload: FrameBuilder.ipv4(payload: FrameBuilder.tcp()))
    private let rawFrame = FrameBuilder.ipv6(payload: FrameBuilder.tcp())

    /// Two interfaces (Ethernet at the default microseconds, raw IP at nanoseconds with an offset) and
    /// packets interleaved between them, with blocks to skip in between.
    private func twoInterfaces(bigEndian: Bool) -> [UInt8] {
        var builder = PcapNGBuilder(bigEndian: bigEndian)
        builder.interface(linkType: 1, snapLength: 65_535)
        builder.interface(linkType: 101, snapLength: 0, resolution: 9, offsetSeconds: 100)
        builder.block(type: 4, body: [0, 0, 0, 0])  // Name Resolution Block: nrb_record_end only
        builder.enhancedPacket(interface: 0, timestamp: 1_700_000_000_123_456, ethernetFrame)
        builder.enhancedPacket(interface: 1, timestamp: 1_700_000_000_123_456_789, rawFrame, originalLength: 1500)
        builder.block(type: 5, body: [UInt8](repeating: 0, count: 12))  // Interface Statistics Block
        builder.block(type: 0x0A, body: [0x4B, 0x53, 0x4C, 0x54, 0, 0, 0, 4, 1, 2, 3, 4])  // Decryption Secrets
        builder.block(type: 0x0000_0BAD, body: [0, 0, 0x7E, 0x01])  // custom block
        builder.enhancedPacket(interface: 0, timestamp: 1_700_000_001_000_000, ethernetFrame)
        return builder.bytes
    }

    func testTwoInterfacesBothByteOrders() throws {
        for bigEndian in [false, true] {
            let bytes = twoInterfaces(bigEndian: bigEndian)
            let reader = try CaptureReader(bytes: bytes)
            XCTAssertEqual(reader.format, .pcapng(firstSectionByteOrder: bigEndian ? .bigEndian : .littleEndian))
            var records: [RecordSummary] = []
            try reader.forEachRecord { records.append(RecordSummary($0)) }
            XCTAssertEqual(reader.interfaces.map(\.linkType), [.ethernet, .raw])
            XCTAssertEqual(reader.interfaces.map(\.timestampUnitsPerSecond), [1_000_000, 1_000_000_000])
            XCTAssertEqual(reader.interfaces.map(\.timestampOffset), [0, 100])
            XCTAssertEqual(records.map(\.frameNumber), [1, 2, 3])
            XCTAssertEqual(records.map(\.interfaceID), [0, 1, 0])
            XCTAssertEqual(records.map(\.linkType), [.ethernet, .raw, .ethernet])
            XCTAssertEqual(records[0].bytes, ethernetFrame)
            XCTAssertEqual(records[1].bytes, rawFrame)
            XCTAssertEqual(records[1].originalLength, 1500)
            XCTAssertEqual(records[0].timestamp, CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 123_456_000))
            XCTAssertEqual(records[1].timestamp, CaptureTimestamp(seconds: 1_700_000_100, nanoseconds: 123_456_789))
            XCTAssertEqual(records[2].timestamp, CaptureTimestamp(seconds: 1_700_000_001, nanoseconds: 0))
        }
    }

    func testBinaryTimestampResolution() throws {
        var builder = PcapNGBuilder()
        builder.interface(linkType: 1, resolution: 0x80 | 10)  // 2^-10 s
        builder.enhancedPacket(interface: 0, timestamp: 3 * 1024 + 512, ethernetFrame)
        let records = try readAll(builder.bytes)
        XCTAssertEqual(records[0].timestamp, CaptureTimestamp(seconds: 3, nanoseconds: 500_000_000))
    }

    func testSimplePacketBlockTakesInterfaceZeroAndSnapLength() throws {
        var builder = PcapNGBuilder()
        builder.interface(linkType: 1, snapLength: 20)
        builder.simplePacket(ethernetFrame)  // cut to the snap length of 20
        builder.simplePacket([1, 2, 3], originalLength: 3)
        builder.simplePacket([1, 2, 3, 4, 5, 6, 7, 8], originalLength: 5)  // original shorter than the body
        let records = try readAll(builder.bytes)
        XCTAssertEqual(records.map(\.frameNumber), [1, 2, 3])
        XCTAssertEqual(records[0].bytes, Array(ethernetFrame.prefix(20)))
        XCTAssertEqual(records[0].originalLength, UInt32(ethernetFrame.count))
        XCTAssertNil(records[0].timestamp)
        XCTAssertEqual(records[1].bytes, [1, 2, 3])
        XCTAssertEqual(records[2].bytes, [1, 2, 3, 4, 5])
    }

    func testObsoletePacketBlock() throws {
        var builder = PcapNGBuilder(bigEndian: true)
        builder.interface(linkType: 113)
        builder.interface(linkType: 1)
        builder.obsoletePacket(interface: 1, timestamp: 2_000_001, ethernetFrame)
        let records = try readAll(builder.bytes)
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(records[0].interfaceID, 1)
        XCTAssertEqual(records[0].linkType, .ethernet)
        XCTAssertEqual(records[0].timestamp, CaptureTimestamp(seconds: 2, nanoseconds: 1000))
        XCTAssertEqual(records[0].bytes, ethernetFrame)
    }

    /// A second section in the other byte order starts a fresh interface list; frame numbers continue.
    func testSeveralSections() throws {
        var builder = PcapNGBuilder(bigEndian: false)
        builder.interface(linkType: 1)
        builder.enhancedPacket(interface: 0, timestamp: 1, ethernetFrame)
        builder.section(bigEndian: true)
        builder.interface(linkType: 229)
        builder.enhancedPacket(interface: 0, timestamp: 2, rawFrame)
        builder.section(bigEndian: false)
        builder.interface(linkType: 101)
        builder.interface(linkType: 113)
        builder.enhancedPacket(interface: 1, timestamp: 3, [0xAA])
        let reader = try CaptureReader(bytes: builder.bytes)
        var records: [RecordSummary] = []
        try reader.forEachRecord { records.append(RecordSummary($0)) }
        XCTAssertEqual(records.map(\.frameNumber), [1, 2, 3])
        XCTAssertEqual(records.map(\.linkType), [.ethernet, .ipv6, .linuxSLL])
        XCTAssertEqual(records[1].bytes, rawFrame)
        XCTAssertEqual(reader.interfaces.count, 2, "only the last section's interfaces remain")

        // An interface of an earlier section is not visible in the next one.
        var stale = PcapNGBuilder()
        stale.interface(linkType: 1)
        stale.section(bigEndian: true)
        stale.enhancedPacket(interface: 0, timestamp: 0, ethernetFrame)
        XCTAssertEqual(captureError(stale.bytes),
                       .unknownInterface(block: 4, offset: 28 + 32 + 28, interfaceID: 0, interfaceCount: 0))
    }

    func testRecordsDissect() throws {
        let reader = try CaptureReader(bytes: twoInterfaces(bigEndian: true))
        var versions: [IPVersion] = []
        try reader.forEachRecord { record in
            if case .tcp(let segment) = record.dissect() {
                versions.append(segment.ipVersion)
            }
        }
        XCTAssertEqual(versions, [.v4, .v6, .v4])
    }

    func testDripFeed() throws {
        let whole = twoInterfaces(bigEndian: false)
        let expected = try readAll(whole)
        for length in 0..<whole.count {
            let prefix = Array(whole[0..<length])
            do {
                let records = try readAll(prefix)
                XCTAssertEqual(records, Array(expected.prefix(records.count)), "prefix \(length)")
                XCTAssertLessThan(records.count, expected.count, "prefix \(length)")
            } catch is CaptureError {
                continue
            }
        }
    }
}
