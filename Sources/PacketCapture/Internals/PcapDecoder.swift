/// Reads the records of a pcap file after its header (libpcap `pcap-savefile(5)`).
final class PcapDecoder {
    /// The size of a record header: seconds, fraction, captured length, original length.
    static let recordHeaderLength = 16

    let header: PcapFileHeader
    let maximumCapturedLength: Int
    private var frameCount: UInt64 = 0

    init(header: PcapFileHeader, maximumCapturedLength: Int) {
        self.header = header
        self.maximumCapturedLength = maximumCapturedLength
    }

    /// Reads the 24-byte file header once the magic number has been recognised.
    ///
    /// - Throws: `truncatedFileHeader` when fewer than 24 bytes exist, `unsupportedVersion` unless major is 2.
    static func readHeader(
        from stream: CaptureInputStream,
        byteOrder: CaptureByteOrder,
        nanosecond: Bool
    ) throws(CaptureError) -> PcapFileHeader {
        let got = try stream.fill(24)
        guard got >= 24 else {
            throw .truncatedFileHeader(offset: stream.offset, needed: 24, available: got)
        }
        let bytes = stream.bytes(24)
        // Every read below is inside the 24 bytes checked above.
        let header = PcapFileHeader(
            byteOrder: byteOrder,
            hasNanosecondTimestamps: nanosecond,
            versionMajor: byteOrder.load16(bytes, 4),
            versionMinor: byteOrder.load16(bytes, 6),
            snapLength: byteOrder.load32(bytes, 16),
            linkType: LinkType(rawValue: byteOrder.load32(bytes, 20) & 0xFFFF)
        )
        guard header.versionMajor == 2 else {
            throw .unsupportedVersion(offset: stream.offset, major: header.versionMajor, minor: header.versionMinor)
        }
        stream.consume(24)
        return header
    }

    /// Reads the next record, or returns `nil` at a clean end of file.
    func next(from stream: CaptureInputStream) throws(CaptureError) -> CaptureRecord? {
        let recordOffset = stream.offset
        let frame = frameCount + 1
        let headerLength = Self.recordHeaderLength
        let got = try stream.fill(headerLength)
        if got == 0 {
            return nil
        }
        guard got >= headerLength else {
            throw .truncatedRecordHeader(frame: frame, offset: recordOffset, needed: headerLength, available: got)
        }
        let order = header.byteOrder
        let recordHeader = stream.bytes(headerLength)
        // The four fields lie inside the 16 bytes checked above.
        let seconds = order.load32(recordHeader, 0)
        let fraction = order.load32(recordHeader, 4)
        let capturedLength = order.load32(recordHeader, 8)
        let originalLength = order.load32(recordHeader, 12)
        guard UInt64(capturedLength) <= UInt64(maximumCapturedLength) else {
            throw .capturedLengthTooLarge(
                frame: frame, offset: recordOffset, length: capturedLength, limit: maximumCapturedLength)
        }
        // capturedLength <= maximumCapturedLength, an Int, so the sum cannot overflow.
        let total = headerLength + Int(capturedLength)
        let available = try stream.fill(total)
        guard available >= total else {
            throw .truncatedRecord(frame: frame, offset: recordOffset, needed: total, available: available)
        }
        let bytes = UnsafeRawBufferPointer(rebasing: stream.bytes(total)[headerLength...])
        stream.consume(total)
        frameCount = frame
        let multiplier: UInt64 = header.hasNanosecondTimestamps ? 1 : 1000
        let unitsPerSecond: UInt64 = header.hasNanosecondTimestamps ? 1_000_000_000 : 1_000_000
        return CaptureRecord(
            frameNumber: frame,
            timestamp: CaptureTimestamp(seconds: Int64(seconds), nanoseconds: UInt64(fraction) * multiplier),
            linkType: header.linkType,
            interfaceID: 0,
            originalLength: originalLength,
            fileOffset: recordOffset,
            bytes: bytes,
            timestampProblem: UInt64(fraction) >= unitsPerSecond
                ? .fractionOutOfRange(fraction: fraction, unitsPerSecond: unitsPerSecond) : nil
        )
    }
}
