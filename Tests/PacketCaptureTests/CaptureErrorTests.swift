import CaptureTestSupport
import PacketCapture
import XCTest

/// Bad files of every kind: each must throw the right `CaptureError`, with the right position, and never trap.
final class CaptureErrorTests: XCTestCase {
    private let frame = FrameBuilder.ethernet(
        etherType: 0x0800, payload: FrameBuilder.ipv4(payload: FrameBuilder.tcp()))

    // MARK: - File header

    func testEmptyAndTinyFiles() {
        XCTAssertEqual(captureError([]), .truncatedFileHeader(offset: 0, needed: 4, available: 0))
        XCTAssertEqual(captureError([0xD4, 0xC3]), .truncatedFileHeader(offset: 0, needed: 4, available: 2))
    }

    func testBadMagic() {
        let error = captureError(Array("GET / HTTP/1.1\r\n".utf8))
        XCTAssertEqual(error, .badMagic(offset: 0, magic: 0x4745_5420))
        XCTAssertEqual(error?.description, "bad magic number 0x47455420 at offset 0: not a pcap or pcapng file")
    }

    func testTruncatedPcapHeader() {
        let bytes = Array(PcapBuilder().bytes.prefix(20))
        XCTAssertEqual(captureError(bytes), .truncatedFileHeader(offset: 0, needed: 24, available: 20))
    }

    func testUnsupportedPcapVersion() {
        var bytes = PcapBuilder().bytes
        bytes[4] = 1  // version major 1, little-endian
        XCTAssertEqual(captureError(bytes), .unsupportedVersion(offset: 0, major: 1, minor: 4))
    }

    func testTruncatedSectionHeader() {
        let whole = PcapNGBuilder().bytes
        XCTAssertEqual(captureError(Array(whole.prefix(10))),
                       .truncatedFileHeader(offset: 0, needed: 28, available: 10))
        XCTAssertEqual(captureError(Array(whole.prefix(24))),
                       .truncatedFileHeader(offset: 0, needed: 28, available: 24))
    }

    func testBadByteOrderMagic() {
        var bytes = PcapNGBuilder().bytes
        bytes[8] = 0x99
        XCTAssertEqual(captureError(bytes), .badByteOrderMagic(block: 1, offset: 0, value: 0x993C_2B1A))
    }

    func testUnsupportedPcapNGVersion() {
        var bytes = PcapNGBuilder().bytes
        bytes[12] = 2  // major version 2, little-endian
        XCTAssertEqual(captureError(bytes), .unsupportedVersion(offset: 0, major: 2, minor: 0))
    }

    // MARK: - pcap records

    func testTruncatedRecordHeader() {
        var builder = PcapBuilder()
        builder.record(seconds: 1, fraction: 0, frame)
        let bytes = builder.bytes + [1, 2, 3, 4, 5]
        let error = captureError(bytes)
        XCTAssertEqual(error, .truncatedRecordHeader(
            frame: 2, offset: UInt64(24 + 16 + frame.count), needed: 16, available: 5))
    }

    func testTruncatedRecord() {
        var builder = PcapBuilder(bigEndian: true, nanosecond: true)
        builder.record(seconds: 1, fraction: 0, frame)
        let bytes = Array(builder.bytes.dropLast(3))
        XCTAssertEqual(captureError(bytes), .truncatedRecord(
            frame: 1, offset: 24, needed: 16 + frame.count, available: 16 + frame.count - 3))
    }

    /// A record header that claims 4 GiB must be refused before anything is allocated for it.
    func testAbsurdCapturedLength() {
        var writer = ByteWriter(bigEndian: false)
        writer.raw(PcapBuilder().bytes)
        writer.u32(0)  // ts_sec
        writer.u32(0)  // ts_usec
        writer.u32(0xFFFF_FFF0)  // incl_len: absurd
        writer.u32(60)  // orig_len
        XCTAssertEqual(captureError(writer.bytes), .capturedLengthTooLarge(
            frame: 1, offset: 24, length: 0xFFFF_FFF0, limit: CaptureReader.defaultMaximumCapturedLength))

        var builder = PcapBuilder()
        builder.record(seconds: 0, fraction: 0, frame)
        XCTAssertEqual(captureError(builder.bytes, maximumCapturedLength: 20), .capturedLengthTooLarge(
            frame: 1, offset: 24, length: UInt32(frame.count), limit: 20))
    }

    /// Once a reader has thrown, it keeps throwing the same error.
    func testErrorsAreFinal() throws {
        var builder = PcapBuilder()
        builder.record(seconds: 1, fraction: 0, frame)
        let reader = try CaptureReader(bytes: builder.bytes + [0])
        XCTAssertNotNil(try reader.nextRecord())
        XCTAssertThrowsError(try reader.nextRecord())
        XCTAssertThrowsError(try reader.nextRecord()) { error in
            XCTAssertEqual(error as? CaptureError,
                           .truncatedRecordHeader(frame: 2, offset: UInt64(40 + frame.count), needed: 16, available: 1))
        }
    }

    // MARK: - pcapng blocks

    /// A file with one interface; blocks appended by the tests start at offset 60 and are block 3.
    private func oneInterface(bigEndian: Bool = false) -> PcapNGBuilder {
        var builder = PcapNGBuilder(bigEndian: bigEndian)
        builder.interface(linkType: 1)
        return builder
    }

    private func rawBlock(type: UInt32, totalLength: UInt32, body: [UInt8], trailing: UInt32? = nil) -> [UInt8] {
        var writer = ByteWriter(bigEndian: false)
        writer.u32(type)
        writer.u32(totalLength)
        writer.raw(body)
        writer.u32(trailing ?? totalLength)
        return writer.bytes
    }

    func testBlockLengthNotMultipleOfFour() {
        let bytes = oneInterface().bytes + rawBlock(type: 5, totalLength: 14, body: [0, 0])
        XCTAssertEqual(captureError(bytes), .blockLengthNotMultipleOfFour(block: 3, offset: 60, length: 14))
        var sectionHeader = PcapNGBuilder().bytes
        sectionHeader[4] = 30
        XCTAssertEqual(captureError(sectionHeader), .blockLengthNotMultipleOfFour(block: 1, offset: 0, length: 30))
    }

    func testBlockLengthTooSmall() {
        let unknown = oneInterface().bytes + rawBlock(type: 5, totalLength: 8, body: [])
        XCTAssertEqual(captureError(unknown), .blockLengthTooSmall(block: 3, offset: 60, length: 8, minimum: 12))
        let packet = oneInterface().bytes + rawBlock(type: 6, totalLength: 28, body: [UInt8](repeating: 0, count: 16))
        XCTAssertEqual(captureError(packet), .blockLengthTooSmall(block: 3, offset: 60, length: 28, minimum: 32))
        let interface = PcapNGBuilder().bytes + rawBlock(type: 1, totalLength: 16, body: [1, 0, 0, 0])
        XCTAssertEqual(captureError(interface), .blockLengthTooSmall(block: 2, offset: 28, length: 16, minimum: 20))
    }

    func testTrailingLengthMismatch() {
        let packet = oneInterface().bytes
            + rawBlock(type: 6, totalLength: 32, body: [UInt8](repeating: 0, count: 20), trailing: 36)
        XCTAssertEqual(captureError(packet), .blockLengthMismatch(block: 3, offset: 60, leading: 32, trailing: 36))
        let skipped = oneInterface().bytes + rawBlock(type: 5, totalLength: 16, body: [0, 0, 0, 0], trailing: 0)
        XCTAssertEqual(captureError(skipped), .blockLengthMismatch(block: 3, offset: 60, leading: 16, trailing: 0))
        XCTAssertEqual(captureError(skipped)?.description,
                       "block 3 at offset 60 starts with total length 16 but ends with 0")
    }

    func testTruncatedBlocks() {
        var builder = oneInterface()
        builder.enhancedPacket(interface: 0, timestamp: 0, frame)
        let whole = builder.bytes
        let blockLength = UInt64(whole.count - 60)
        XCTAssertEqual(captureError(Array(whole.dropLast(4))),
                       .truncatedBlock(block: 3, offset: 60, needed: blockLength, available: blockLength - 4))
        XCTAssertEqual(captureError(Array(whole.prefix(65))),
                       .truncatedBlock(block: 3, offset: 60, needed: 12, available: 5))
        // A skipped block is checked the same way, without being buffered.
        let skipped = oneInterface().bytes + Array(rawBlock(type: 5, totalLength: 1_000_000, body: [0, 0, 0, 0]))
        XCTAssertEqual(captureError(skipped),
                       .truncatedBlock(block: 3, offset: 60, needed: 1_000_000, available: 16))
    }

    func testBlockTooLargeToHold() {
        var builder = oneInterface()
        builder.enhancedPacket(interface: 0, timestamp: 0, frame)
        var bytes = builder.bytes
        // Total length 0x7FFFFFF0 at both ends of the packet block.
        bytes.replaceSubrange(64..<68, with: [0xF0, 0xFF, 0xFF, 0x7F])
        XCTAssertEqual(captureError(bytes, maximumCapturedLength: 1000),
                       .blockLengthTooLarge(block: 3, offset: 60, length: 0x7FFF_FFF0, limit: 1000 + (1 << 20)))
        // A block of a type nobody reads is bounded the same way: it is not streamed through to the limit of a
        // 32-bit length, swallowing the frames behind it.
        var unknown = oneInterface()
        unknown.block(type: 0x0BAD, body: [1, 2, 3, 4])
        unknown.enhancedPacket(interface: 0, timestamp: 0, frame)
        var huge = unknown.bytes
        huge.replaceSubrange(64..<68, with: [0xF0, 0xFF, 0xFF, 0x7F])
        XCTAssertEqual(captureError(huge, maximumCapturedLength: 1000),
                       .blockLengthTooLarge(block: 3, offset: 60, length: 0x7FFF_FFF0, limit: 1000 + (1 << 20)))
        XCTAssertNoThrow(try {
            let reader = try CaptureReader(bytes: unknown.bytes, maximumCapturedLength: 1000)
            var frames = 0
            while try reader.nextRecord() != nil { frames += 1 }
            XCTAssertEqual(frames, 1, "a small unknown block is skipped")
        }())
    }

    func testCapturedLengthBeyondBlockOrLimit() {
        var builder = oneInterface()
        builder.enhancedPacket(interface: 0, timestamp: 0, frame)
        var bytes = builder.bytes
        bytes.replaceSubrange(80..<84, with: [0xFF, 0xFF, 0, 0])  // Captured Packet Length 65535
        let blockLength = bytes.count - 60
        XCTAssertEqual(captureError(bytes), .packetDataExceedsBlock(
            block: 3, offset: 60, capturedLength: 65_535, room: blockLength - 32))
        XCTAssertEqual(captureError(builder.bytes, maximumCapturedLength: 10), .capturedLengthTooLarge(
            frame: 1, offset: 60, length: UInt32(frame.count), limit: 10))
    }

    func testUnknownInterface() {
        var builder = oneInterface(bigEndian: true)
        builder.enhancedPacket(interface: 0, timestamp: 0, frame)
        builder.enhancedPacket(interface: 3, timestamp: 0, frame)
        let error = captureError(builder.bytes)
        guard case .unknownInterface(let block, _, let interfaceID, let interfaceCount) = error else {
            return XCTFail("got \(String(describing: error))")
        }
        XCTAssertEqual([block, UInt64(interfaceID), UInt64(interfaceCount)], [4, 3, 1])

        var simple = PcapNGBuilder()
        simple.simplePacket(frame)
        XCTAssertEqual(captureError(simple.bytes),
                       .unknownInterface(block: 2, offset: 28, interfaceID: 0, interfaceCount: 0))
    }

    func testBadInterfaceOptions() {
        var body = ByteWriter(bigEndian: false)
        body.u16(1)  // LinkType
        body.u16(0)  // reserved
        body.u32(0)  // SnapLen
        body.u16(2)  // if_name
        body.u16(200)  // length far past the block
        body.raw([0x61, 0, 0, 0])
        var builder = PcapNGBuilder()
        builder.block(type: 1, body: body.bytes)
        XCTAssertEqual(captureError(builder.bytes), .badOption(block: 2, offset: 28, code: 2, length: 200))

        var resolution = PcapNGBuilder()
        resolution.interface(linkType: 1, resolution: 20)  // 10^-20: beyond 64 bits
        XCTAssertEqual(captureError(resolution.bytes),
                       .unsupportedTimestampResolution(block: 2, offset: 28, value: 20))
        var binary = PcapNGBuilder()
        binary.interface(linkType: 1, resolution: 0x80 | 64)
        XCTAssertEqual(captureError(binary.bytes),
                       .unsupportedTimestampResolution(block: 2, offset: 28, value: 0xC0))
    }

    func testDescriptionsNameThePosition() {
        let errors: [CaptureError] = [
            .truncatedRecord(frame: 7, offset: 1234, needed: 80, available: 12),
            .blockLengthTooSmall(block: 9, offset: 4321, length: 8, minimum: 12),
            .unknownInterface(block: 5, offset: 99, interfaceID: 2, interfaceCount: 1),
        ]
        XCTAssertEqual(errors.map(\.description), [
            "record of frame 7 at offset 1234 is truncated: needed 80 bytes, found 12",
            "block 9 at offset 4321 has total length 8, less than the minimum 12 for its type",
            "packet block 5 at offset 99 names interface 2 but the section describes 1",
        ])
        XCTAssertEqual(errors.map(\.offset), [1234, 4321, 99])
    }

    /// Random corruptions of valid files: reading and dissecting must end in records or a `CaptureError`,
    /// never a trap. The seed is printed so that a failure can be replayed.
    func testRandomCorruptionNeverTraps() throws {
        var pcap = PcapBuilder()
        var pcapng = PcapNGBuilder()
        pcapng.interface(linkType: 1)
        pcapng.interface(linkType: 113, resolution: 9)
        for index in 0..<6 {
            pcap.record(seconds: UInt32(index), fraction: 0, frame)
            pcapng.enhancedPacket(interface: UInt32(index % 2), timestamp: UInt64(index), frame)
            pcapng.simplePacket(frame)
            pcapng.block(type: 5, body: [0, 0, 0, 0])
        }
        let seed = UInt64.random(in: 0...UInt64.max)
        print("testRandomCorruptionNeverTraps seed: \(seed)")
        var generator = SplitMix64(seed: seed)
        for original in [pcap.bytes, pcapng.bytes] {
            for _ in 0..<1500 {
                var bytes = original
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    let index = Int(generator.next() % UInt64(bytes.count))
                    bytes[index] = UInt8(truncatingIfNeeded: generator.next())
                }
                if generator.next() % 4 == 0 {
                    bytes.removeLast(Int(generator.next() % UInt64(bytes.count)))
                }
                do {
                    let reader = try CaptureReader(bytes: bytes)
                    while let record = try reader.nextRecord() {
                        _ = record.dissect()
                    }
                } catch {
                    continue  // the reader throws only CaptureError (typed throws)
                }
            }
        }
    }
}
