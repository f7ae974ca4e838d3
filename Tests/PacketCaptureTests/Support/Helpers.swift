import PacketCapture
import XCTest

/// What a test keeps of a record after the reader has moved on.
struct RecordSummary: Equatable {
    var frameNumber: UInt64
    var timestamp: CaptureTimestamp?
    var timestampProblem: CaptureTimestampProblem?
    var linkType: LinkType
    var interfaceID: UInt32
    var originalLength: UInt32
    var bytes: [UInt8]

    init(_ record: CaptureRecord) {
        frameNumber = record.frameNumber
        timestamp = record.timestamp
        timestampProblem = record.timestampProblem
        linkType = record.linkType
        interfaceID = record.interfaceID
        originalLength = record.originalLength
        bytes = Array(record.bytes)
    }
}

/// Reads every record of an in-memory capture.
func readAll(_ bytes: [UInt8], maximumCapturedLength: Int = CaptureReader.defaultMaximumCapturedLength)
    throws -> [RecordSummary] {
    let reader = try CaptureReader(bytes: bytes, maximumCapturedLength: maximumCapturedLength)
    var records: [RecordSummary] = []
    try reader.forEachRecord { records.append(RecordSummary($0)) }
    return records
}

/// The `CaptureError` reading `bytes` throws, at open or while reading; fails the test when none is thrown.
func captureError(
    _ bytes: [UInt8],
    maximumCapturedLength: Int = CaptureReader.defaultMaximumCapturedLength,
    file: StaticString = #filePath,
    line: UInt = #line
) -> CaptureError? {
    do {
        let reader = try CaptureReader(bytes: bytes, maximumCapturedLength: maximumCapturedLength)
        while try reader.nextRecord() != nil {}
        XCTFail("no error thrown", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// Dissects `frame` and returns the TCP segment's fields a test can compare, or fails.
func dissectTCP(
    _ frame: [UInt8],
    linkType: LinkType,
    originalLength: Int? = nil,
    file: StaticString = #filePath,
    line: UInt = #line
) -> TCPSummary? {
    frame.withUnsafeBytes { raw in
        let result = PacketDissector.dissect(raw, linkType: linkType, originalLength: originalLength)
        guard case .tcp(let segment) = result else {
            XCTFail("expected TCP, got \(result)", file: file, line: line)
            return nil
        }
        return TCPSummary(segment)
    }
}

/// Dissects `frame` and returns the non-TCP result as text-free values a test can compare.
func dissectOther(_ frame: [UInt8], linkType: LinkType, originalLength: Int? = nil) -> OtherResult {
    frame.withUnsafeBytes { raw in
        switch PacketDissector.dissect(raw, linkType: linkType, originalLength: originalLength) {
        case .tcp:
            return .tcp
        case .notTCP(let reason):
            return .notTCP(reason)
        case .malformed(let reason, let offset):
            return .malformed(reason, offset: offset)
        }
    }
}

/// A dissection result without pointers.
enum OtherResult: Equatable {
    case tcp
    case notTCP(NotTCPReason)
    case malformed(MalformedReason, offset: Int)
}

/// A TCP dissection result without pointers.
struct TCPSummary: Equatable {
    var ipVersion: IPVersion
    var source: String
    var destination: String
    var ipHeaderOffset: Int
    var tcpOffset: Int
    var bytes: [UInt8]
    var declaredLength: Int
    var lengthSource: CapturedTCPSegment.LengthSource
    var isFirstFragment: Bool
    var isTruncated: Bool

    init(_ segment: CapturedTCPSegment) {
        ipVersion = segment.ipVersion
        source = segment.source.description
        destination = segment.destination.description
        ipHeaderOffset = segment.ipHeaderOffset
        tcpOffset = segment.tcpOffset
        bytes = Array(segment.bytes)
        declaredLength = segment.declaredLength
        lengthSource = segment.lengthSource
        isFirstFragment = segment.isFirstFragment
        isTruncated = segment.isTruncated
    }
}
