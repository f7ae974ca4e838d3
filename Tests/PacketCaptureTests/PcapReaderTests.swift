import CaptureTestSupport
import Foundation
import PacketCapture
import XCTest

/// `CaptureReader` on pcap files: both byte orders, both time resolutions, and every kind of input source.
final class PcapReaderTests: XCTestCase {
    private let frameA = FrameBuilder.ethernet(
        etherType: 0x0800, payload: FrameBuilder.ipv4(payload: FrameBuilder.tcp()))
    private let frameB: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF]

    private func sample(bigEndian: Bool, nanosecond: Bool) -> [UInt8] {
        var builder = PcapBuilder(bigEndian: bigEndian, nanosecond: nanosecond, linkType: 1, snapLength: 262_144)
        builder.record(seconds: 1_700_000_000, fraction: 123_456, frameA)
        builder.record(seconds: 1_700_000_001, fraction: 999_999, frameB, originalLength: 60)
        return builder.bytes
    }

    func testAllFourMagicNumbers() throws {
        for bigEndian in [false, true] {
            for nanosecond in [false, true] {
                let reader = try CaptureReader(bytes: sample(bigEndian: bigEndian, nanosecond: nanosecond))
                guard case .pcap(let header) = reader.format else {
                    return XCTFail("not detected as pcap")
                }
                XCTAssertEqual(header.byteOrder, bigEndian ? .bigEndian : .littleEndian)
                XCTAssertEqual(header.hasNanosecondTimestamps, nanosecond)
                XCTAssertEqual(header.versionMajor, 2)
                XCTAssertEqual(header.versionMinor, 4)
                XCTAssertEqual(header.snapLength, 262_144)
                XCTAssertEqual(header.linkType, .ethernet)
                XCTAssertEqual(reader.interfaces.first?.timestampUnitsPerSecond,
                               nanosecond ? 1_000_000_000 : 1_000_000)

                let first = try XCTUnwrap(reader.nextRecord())
                XCTAssertEqual(first.frameNumber, 1)
                XCTAssertEqual(first.fileOffset, 24)
                XCTAssertEqual(first.linkType, .ethernet)
                XCTAssertEqual(first.capturedLength, frameA.count)
                XCTAssertEqual(first.originalLength, UInt32(frameA.count))
                XCTAssertEqual(Array(first.bytes), frameA)
                let nanoseconds: UInt64 = nanosecond ? 123_456 : 123_456_000
                XCTAssertEqual(first.timestamp, CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: nanoseconds))

                let second = try XCTUnwrap(reader.nextRecord())
                XCTAssertEqual(second.frameNumber, 2)
                XCTAssertEqual(second.fileOffset, UInt64(24 + 16 + frameA.count))
                XCTAssertEqual(Array(second.bytes), frameB)
                XCTAssertEqual(second.capturedLength, 4)
                XCTAssertEqual(second.originalLength, 60)
                XCTAssertEqual(second.timestamp?.nanoseconds, nanosecond ? 999_999 : 999_999_000)
                XCTAssertNil(try reader.nextRecord())
                XCTAssertNil(try reader.nextRecord(), "end of file stays the end")
            }
        }
    }

    func testOutOfRangeFractionIsKeptAndFlagged() throws {
        var builder = PcapBuilder()
        builder.record(seconds: 5, fraction: 1_000_000, frameB)
        let records = try readAll(builder.bytes)
        XCTAssertEqual(records[0].timestamp?.nanoseconds, 1_000_000_000)
        XCTAssertEqual(records[0].timestamp?.isValid, false)
        XCTAssertEqual(records[0].timestampProblem, .fractionOutOfRange(fraction: 1_000_000, unitsPerSecond: 1_000_000))
        XCTAssertEqual(CaptureTimestamp(seconds: 5, nanoseconds: 42).description, "5.000000042")
        var last = PcapBuilder(nanosecond: true)
        last.record(seconds: 5, fraction: 999_999_999, frameB)
        last.record(seconds: 5, fraction: 0xFFFF_FFFF, frameB)
        let nano = try readAll(last.bytes)
        XCTAssertNil(nano[0].timestampProblem, "the last nanosecond of a second is in range")
        XCTAssertEqual(nano[1].timestampProblem?.description, "nanosecond field 4294967295 is a second or more")
    }

    func testTimestampOffsetsThatLeaveTheRangeAreFlagged() {
        let interface = CaptureInterface(
            linkType: .ethernet, snapLength: 0, timestampUnitsPerSecond: 1, timestampOffset: Int64.max - 10)
        XCTAssertNil(interface.timestampProblem(units: 10))
        XCTAssertEqual(interface.timestampProblem(units: 11), .offsetOverflow(seconds: 11, offset: Int64.max - 10))
        XCTAssertEqual(
            interface.timestampProblem(units: UInt64.max), .offsetOverflow(seconds: UInt64.max, offset: Int64.max - 10))
        let negative = CaptureInterface(
            linkType: .ethernet, snapLength: 0, timestampUnitsPerSecond: 1_000_000, timestampOffset: Int64.min)
        XCTAssertNil(negative.timestampProblem(units: UInt64.max), "seconds below 2^63 plus Int64.min stay in range")
    }

    func testEmptyRecordAndHeaderOnlyFile() throws {
        var builder = PcapBuilder()
        XCTAssertEqual(try readAll(builder.bytes), [])
        builder.record(seconds: 0, fraction: 0, [])
        let records = try readAll(builder.bytes)
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(records[0].bytes, [])
    }

    func testLinkTypeUpperBitsAreIgnored() throws {
        // The upper bits of the LinkType field carry FCS information (draft-ietf-opsawg-pcap section 4).
        let builder = PcapBuilder(linkType: 0x1000_0000 | 113)
        let reader = try CaptureReader(bytes: builder.bytes)
        XCTAssertEqual(reader.interfaces[0].linkType, .linuxSLL)
    }

    private func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "packetcapture-\(UUID().uuidString).pcap"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// Many records, some larger than the reader's initial buffer, read from a file: exercises refills,
    /// compaction and growth of the reusable buffer.
    func testFileSourcesAcrossBufferBoundaries() throws {
        var builder = PcapBuilder(bigEndian: true)
        var expected: [[UInt8]] = []
        var generator = SplitMix64(seed: 7)
        for index in 0..<3000 {
            let length = index % 500 == 499 ? 200_000 : Int(generator.next() % 1600)
            let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 &+ index) }
            builder.record(seconds: UInt32(index), fraction: 0, data)
            expected.append(data)
        }
        let path = try temporaryFile(builder.bytes)

        func check(_ reader: CaptureReader, _ source: String) throws {
            var count = 0
            try reader.forEachRecord { record in
                XCTAssertEqual(record.frameNumber, UInt64(count + 1), source)
                XCTAssertTrue(record.bytes.elementsEqual(expected[count]), "\(source) frame \(count + 1)")
                count += 1
            }
            XCTAssertEqual(count, expected.count, source)
        }

        try check(CaptureReader(path: path), "path")

        let descriptor = open(path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        try check(CaptureReader(fileDescriptor: descriptor, closeWhenDone: true), "descriptor")

        let file = try XCTUnwrap(fopen(path, "rb"))
        defer { fclose(file) }
        try check(CaptureReader(file: file), "FILE")
    }

    /// A pipe fed a few bytes at a time: every `read(2)` returns short, the reader must still assemble records.
    func testPipeWithShortReads() throws {
        var builder = PcapNGBuilder(bigEndian: true)
        builder.interface(linkType: 1)
        for index in 0..<50 {
            builder.enhancedPacket(interface: 0, timestamp: UInt64(index), frameA)
        }
        let bytes = builder.bytes
        var descriptors: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&descriptors), 0)
        let writeEnd = descriptors[1]
        let writer = Thread {
            var offset = 0
            while offset < bytes.count {
                let chunk = min(7, bytes.count - offset)
                let written = bytes[offset..<(offset + chunk)].withUnsafeBytes {
                    write(writeEnd, $0.baseAddress, chunk)
                }
                if written <= 0 { break }
                offset += written
            }
            close(writeEnd)
        }
        writer.start()
        let reader = try CaptureReader(fileDescriptor: descriptors[0], closeWhenDone: true)
        var count = 0
        try reader.forEachRecord { record in
            XCTAssertTrue(record.bytes.elementsEqual(frameA))
            count += 1
        }
        XCTAssertEqual(count, 50)
    }

    /// The path `-` reads standard input (here replaced by a file for the duration of the test).
    func testDashReadsStandardInput() throws {
        let path = try temporaryFile(sample(bigEndian: true, nanosecond: true))
        let file = open(path, O_RDONLY)
        let saved = dup(0)
        XCTAssertEqual(dup2(file, 0), 0)
        close(file)
        defer {
            dup2(saved, 0)
            close(saved)
        }
        XCTAssertEqual(try readAllFromPath("-").count, 2)
    }

    private func readAllFromPath(_ path: String) throws -> [RecordSummary] {
        let reader = try CaptureReader(path: path)
        var records: [RecordSummary] = []
        try reader.forEachRecord { records.append(RecordSummary($0)) }
        return records
    }

    func testMissingFile() {
        XCTAssertThrowsError(try CaptureReader(path: "/nonexistent/packetcapture.pcap")) { error in
            XCTAssertEqual(error as? CaptureError, .cannotOpen(path: "/nonexistent/packetcapture.pcap",
                                                              errorNumber: ENOENT))
        }
    }

    func testDripFeed() throws {
        let whole = sample(bigEndian: false, nanosecond: false)
        let expected = try readAll(whole)
        let boundaries: Set<Int> = [24, 24 + 16 + frameA.count, whole.count]
        for length in 0..<whole.count {
            let prefix = Array(whole[0..<length])
            if boundaries.contains(length) {
                let records = try readAll(prefix)
                XCTAssertEqual(records, Array(expected.prefix(records.count)), "prefix \(length)")
            } else {
                XCTAssertNotNil(captureError(prefix), "prefix \(length)")
            }
        }
    }
}
