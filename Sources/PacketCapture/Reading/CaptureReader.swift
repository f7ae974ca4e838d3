#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming reader for pcap and pcapng files that hands out one frame at a time in constant memory.
///
/// The format is detected from the first four bytes: pcap in either byte order with microsecond
/// (0xA1B2C3D4) or nanosecond (0xA1B23C4D) time stamps (libpcap `pcap-savefile(5)`), or pcapng
/// (draft-ietf-opsawg-pcapng) with any number of sections, each in its own byte order, and any number of
/// interfaces with their own link types and time resolutions.
///
/// The reader keeps one buffer and reuses it for every record, so a file of any size is read in memory
/// proportional to its largest record. A length field is never trusted for an allocation: a record that
/// declares more than `maximumCapturedLength` bytes is refused with an error.
///
/// ```swift
/// let reader = try CaptureReader(path: "trace.pcapng")
/// while let record = try reader.nextRecord() {
///     if case .tcp(let segment) = record.dissect() {
///         print(record.frameNumber, segment.source, segment.destination, segment.bytes.count)
///     }
/// }
/// ```
///
/// - Warning: The `bytes` of a record (and every dissection result made from them) point into the reader's
///   buffer and are valid only until the next call to `nextRecord()`. Copy what must outlive that.
///
/// Once a call throws, the reader is finished: every later call throws the same error.
public final class CaptureReader {
    /// The default limit on the captured length of one record: 256 MiB.
    public static let defaultMaximumCapturedLength = 256 * 1024 * 1024

    /// The file format found, with the pcap file header or the byte order of the first pcapng section.
    public let format: CaptureFormat

    /// The largest captured length accepted for one record.
    public let maximumCapturedLength: Int

    private enum Decoder {
        case pcap(PcapDecoder)
        case pcapng(PcapNGDecoder)
    }

    private let stream: CaptureInputStream
    private let decoder: Decoder
    private var failure: CaptureError?

    /// Opens a capture file by path; `-` reads standard input.
    ///
    /// - Parameters:
    ///   - path: the file's path, or `-` for standard input (which is not closed at the end).
    ///   - maximumCapturedLength: the largest captured length accepted for one record.
    /// - Throws: `CaptureError.cannotOpen` when the file cannot be opened, or a file-header error.
    public convenience init(
        path: String,
        maximumCapturedLength: Int = CaptureReader.defaultMaximumCapturedLength
    ) throws(CaptureError) {
        if path == "-" {
            try self.init(
                stream: CaptureInputStream(source: .fileDescriptor(0, closeWhenDone: false)),
                maximumCapturedLength: maximumCapturedLength)
            return
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, errorNumber: errno)
        }
        // From here the stream owns the descriptor and closes it, also when the header is refused.
        try self.init(
            stream: CaptureInputStream(source: .fileDescriptor(descriptor, closeWhenDone: true)),
            maximumCapturedLength: maximumCapturedLength)
    }

    /// Reads from an open file descriptor with `read(2)`.
    ///
    /// - Parameters:
    ///   - fileDescriptor: a descriptor open for reading, positioned at the start of the capture.
    ///   - closeWhenDone: whether the reader closes the descriptor when it is deinitialized.
    ///   - maximumCapturedLength: the largest captured length accepted for one record.
    /// - Throws: a file-header error or `readFailed`.
    public convenience init(
        fileDescriptor: Int32,
        closeWhenDone: Bool = false,
        maximumCapturedLength: Int = CaptureReader.defaultMaximumCapturedLength
    ) throws(CaptureError) {
        try self.init(
            stream: CaptureInputStream(source: .fileDescriptor(fileDescriptor, closeWhenDone: closeWhenDone)),
            maximumCapturedLength: maximumCapturedLength)
    }

    /// Reads from an open C stream with `fread(3)`; the stream is never closed by the reader.
    ///
    /// - Parameters:
    ///   - file: a `FILE *` open for reading, positioned at the start of the capture.
    ///   - maximumCapturedLength: the largest captured length accepted for one record.
    /// - Throws: a file-header error or `readFailed`.
    public convenience init(
        file: UnsafeMutablePointer<FILE>,
        maximumCapturedLength: Int = CaptureReader.defaultMaximumCapturedLength
    ) throws(CaptureError) {
        try self.init(stream: CaptureInputStream(source: .file(file)), maximumCapturedLength: maximumCapturedLength)
    }

    /// Reads a capture held in memory (the bytes are copied once).
    ///
    /// - Parameters:
    ///   - bytes: the whole capture file.
    ///   - maximumCapturedLength: the largest captured length accepted for one record.
    /// - Throws: a file-header error.
    public convenience init(
        bytes: some Collection<UInt8>,
        maximumCapturedLength: Int = CaptureReader.defaultMaximumCapturedLength
    ) throws(CaptureError) {
        try self.init(stream: CaptureInputStream(bytes: bytes), maximumCapturedLength: maximumCapturedLength)
    }

    private init(stream: CaptureInputStream, maximumCapturedLength: Int) throws(CaptureError) {
        precondition(
            maximumCapturedLength >= 0 && maximumCapturedLength <= Int(UInt32.max),
            "maximumCapturedLength must be between 0 and UInt32.max")
        self.stream = stream
        self.maximumCapturedLength = maximumCapturedLength
        let offset = stream.offset
        let got = try stream.fill(4)
        guard got >= 4 else {
            throw .truncatedFileHeader(offset: offset, needed: 4, available: got)
        }
        // Four bytes are buffered: the load is in range.
        let magic = CaptureByteOrder.bigEndian.load32(stream.bytes(4), 0)
        switch magic {
        case 0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1:
            let order: CaptureByteOrder = magic == 0xA1B2_C3D4 || magic == 0xA1B2_3C4D ? .bigEndian : .littleEndian
            let nanosecond = magic == 0xA1B2_3C4D || magic == 0x4D3C_B2A1
            let header = try PcapDecoder.readHeader(from: stream, byteOrder: order, nanosecond: nanosecond)
            self.decoder = .pcap(PcapDecoder(header: header, maximumCapturedLength: maximumCapturedLength))
            self.format = .pcap(header)
        case PcapNGDecoder.sectionHeaderType:
            let decoder = try PcapNGDecoder(stream: stream, maximumCapturedLength: maximumCapturedLength)
            self.decoder = .pcapng(decoder)
            self.format = .pcapng(firstSectionByteOrder: decoder.byteOrder)
        default:
            throw .badMagic(offset: offset, magic: magic)
        }
    }

    /// The interfaces of the current pcapng section, or the single interface a pcap file header describes.
    public var interfaces: [CaptureInterface] {
        switch decoder {
        case .pcap(let pcap):
            let header = pcap.header
            return [CaptureInterface(
                linkType: header.linkType,
                snapLength: header.snapLength,
                timestampUnitsPerSecond: header.hasNanosecondTimestamps ? 1_000_000_000 : 1_000_000,
                timestampOffset: 0
            )]
        case .pcapng(let pcapng):
            return pcapng.interfaces
        }
    }

    /// Reads the next frame.
    ///
    /// - Returns: the record, whose `bytes` stay valid until the next call, or `nil` at the end of the file.
    /// - Throws: a `CaptureError` naming the problem and its file offset and frame or block number.
    public func nextRecord() throws(CaptureError) -> CaptureRecord? {
        if let failure {
            throw failure
        }
        do {
            switch decoder {
            case .pcap(let pcap):
                return try pcap.next(from: stream)
            case .pcapng(let pcapng):
                return try pcapng.next(from: stream)
            }
        } catch {
            failure = error
            throw error
        }
    }

    /// Calls `body` with every remaining frame, in file order.
    ///
    /// - Parameter body: receives each record; its `bytes` are valid only during the call.
    /// - Throws: the first `CaptureError` met, or whatever `body` throws.
    public func forEachRecord(_ body: (CaptureRecord) throws -> Void) throws {
        while let record = try nextRecord() {
            try body(record)
        }
    }
}
