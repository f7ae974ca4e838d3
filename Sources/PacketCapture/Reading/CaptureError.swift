/// What is wrong with a capture file, and where.
///
/// Every case carries the file offset (in bytes from the start of the input) of the file header, record or
/// block at fault, and the 1-based frame number (pcap) or block number (pcapng, counting every block,
/// Section Header Blocks included) it would have had. Lengths are the values read from the file.
/// `description` prints the case as a sentence with those values in it.
public enum CaptureError: Error, Hashable, Sendable {
    /// The file could not be opened (`open(2)` failed with `errorNumber`).
    case cannotOpen(path: String, errorNumber: Int32)
    /// The system refused a read at `offset` (`read(2)` or `fread(3)` failed with `errorNumber`).
    case readFailed(offset: UInt64, errorNumber: Int32)
    /// The input ends inside the file header (pcap) or the first Section Header Block (pcapng).
    case truncatedFileHeader(offset: UInt64, needed: Int, available: Int)
    /// The first four bytes are neither a pcap magic number (either byte order, microsecond or nanosecond)
    /// nor a pcapng Section Header Block type. `magic` holds them as read most significant byte first.
    case badMagic(offset: UInt64, magic: UInt32)
    /// A pcap file header with a major version other than 2, or a pcapng section with one other than 1.
    case unsupportedVersion(offset: UInt64, major: UInt16, minor: UInt16)
    /// A pcap file ends inside the 16-byte header of record `frame`.
    case truncatedRecordHeader(frame: UInt64, offset: UInt64, needed: Int, available: Int)
    /// A pcap file ends inside the packet bytes of record `frame`.
    case truncatedRecord(frame: UInt64, offset: UInt64, needed: Int, available: Int)
    /// A record or block declares more captured bytes than the reader's limit; the reader refuses rather than
    /// allocate for it.
    case capturedLengthTooLarge(frame: UInt64, offset: UInt64, length: UInt32, limit: Int)
    /// A pcapng file ends inside block `block`.
    case truncatedBlock(block: UInt64, offset: UInt64, needed: UInt64, available: UInt64)
    /// A pcapng block total length that is not a multiple of 4.
    case blockLengthNotMultipleOfFour(block: UInt64, offset: UInt64, length: UInt32)
    /// A pcapng block total length smaller than the fixed part of its block type.
    case blockLengthTooSmall(block: UInt64, offset: UInt64, length: UInt32, minimum: Int)
    /// A pcapng block the reader must hold in memory (SHB, IDB, packet blocks) that is longer than its limit.
    case blockLengthTooLarge(block: UInt64, offset: UInt64, length: UInt32, limit: Int)
    /// The total length repeated at the end of a pcapng block differs from the one at its start.
    case blockLengthMismatch(block: UInt64, offset: UInt64, leading: UInt32, trailing: UInt32)
    /// A Section Header Block whose byte-order magic is neither 0x1A2B3C4D nor its byte swap.
    case badByteOrderMagic(block: UInt64, offset: UInt64, value: UInt32)
    /// A packet block whose captured length does not fit in the block's body.
    case packetDataExceedsBlock(block: UInt64, offset: UInt64, capturedLength: UInt32, room: Int)
    /// A packet block names an interface the section has not described with an Interface Description Block.
    case unknownInterface(block: UInt64, offset: UInt64, interfaceID: UInt32, interfaceCount: Int)
    /// A section describes more interfaces than the reader keeps.
    case tooManyInterfaces(block: UInt64, offset: UInt64, limit: Int)
    /// An option inside a block runs past the block's end.
    case badOption(block: UInt64, offset: UInt64, code: UInt16, length: UInt16)
    /// An Interface Description Block's `if_tsresol` the reader cannot use (10^-n with n > 19, or 2^-n
    /// with n > 63).
    case unsupportedTimestampResolution(block: UInt64, offset: UInt64, value: UInt8)
}

extension CaptureError {
    /// The file offset of the file header, record or block at fault (the read position for `readFailed`,
    /// 0 for `cannotOpen`).
    public var offset: UInt64 {
        switch self {
        case .cannotOpen:
            return 0
        case .readFailed(let offset, _), .truncatedFileHeader(let offset, _, _), .badMagic(let offset, _),
            .unsupportedVersion(let offset, _, _):
            return offset
        case .truncatedRecordHeader(_, let offset, _, _), .truncatedRecord(_, let offset, _, _),
            .capturedLengthTooLarge(_, let offset, _, _), .truncatedBlock(_, let offset, _, _),
            .blockLengthNotMultipleOfFour(_, let offset, _), .blockLengthTooSmall(_, let offset, _, _),
            .blockLengthTooLarge(_, let offset, _, _), .blockLengthMismatch(_, let offset, _, _),
            .badByteOrderMagic(_, let offset, _), .packetDataExceedsBlock(_, let offset, _, _),
            .unknownInterface(_, let offset, _, _), .tooManyInterfaces(_, let offset, _),
            .badOption(_, let offset, _, _), .unsupportedTimestampResolution(_, let offset, _):
            return offset
        }
    }
}

extension CaptureError: CustomStringConvertible {
    /// The error as a sentence, with the values and the position in it.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let code):
            return "cannot open \(path): error \(code)"
        case .readFailed(let offset, let code):
            return "read failed at offset \(offset): error \(code)"
        case .truncatedFileHeader(let offset, let needed, let available):
            return "file header at offset \(offset) is truncated: needed \(needed) bytes, found \(available)"
        case .badMagic(let offset, let magic):
            return "bad magic number 0x\(hex(magic)) at offset \(offset): not a pcap or pcapng file"
        case .unsupportedVersion(let offset, let major, let minor):
            return "unsupported format version \(major).\(minor) at offset \(offset)"
        case .truncatedRecordHeader(let frame, let offset, let needed, let available):
            return "record header of frame \(frame) at offset \(offset) is truncated: "
                + "needed \(needed) bytes, found \(available)"
        case .truncatedRecord(let frame, let offset, let needed, let available):
            return "record of frame \(frame) at offset \(offset) is truncated: needed \(needed) bytes, "
                + "found \(available)"
        case .capturedLengthTooLarge(let frame, let offset, let length, let limit):
            return "frame \(frame) at offset \(offset) declares \(length) captured bytes, "
                + "more than the limit of \(limit)"
        case .truncatedBlock(let block, let offset, let needed, let available):
            return "block \(block) at offset \(offset) is truncated: needed \(needed) bytes, found \(available)"
        case .blockLengthNotMultipleOfFour(let block, let offset, let length):
            return "block \(block) at offset \(offset) has total length \(length), not a multiple of 4"
        case .blockLengthTooSmall(let block, let offset, let length, let minimum):
            return "block \(block) at offset \(offset) has total length \(length), less than the minimum "
                + "\(minimum) for its type"
        case .blockLengthTooLarge(let block, let offset, let length, let limit):
            return "block \(block) at offset \(offset) has total length \(length), more than the limit of \(limit)"
        case .blockLengthMismatch(let block, let offset, let leading, let trailing):
            return "block \(block) at offset \(offset) starts with total length \(leading) "
                + "but ends with \(trailing)"
        case .badByteOrderMagic(let block, let offset, let value):
            return "section header block \(block) at offset \(offset) has byte-order magic 0x\(hex(value)), "
                + "not 0x1a2b3c4d"
        case .packetDataExceedsBlock(let block, let offset, let capturedLength, let room):
            return "packet block \(block) at offset \(offset) declares \(capturedLength) captured bytes "
                + "but has room for \(room)"
        case .unknownInterface(let block, let offset, let interfaceID, let interfaceCount):
            return "packet block \(block) at offset \(offset) names interface \(interfaceID) "
                + "but the section describes \(interfaceCount)"
        case .tooManyInterfaces(let block, let offset, let limit):
            return "interface description block \(block) at offset \(offset) exceeds the limit of "
                + "\(limit) interfaces per section"
        case .badOption(let block, let offset, let code, let length):
            return "option \(code) of length \(length) in block \(block) at offset \(offset) "
                + "runs past the end of the block"
        case .unsupportedTimestampResolution(let block, let offset, let value):
            return "interface description block \(block) at offset \(offset) has unsupported "
                + "if_tsresol 0x\(hex(value))"
        }
    }
}

/// Lowercase hexadecimal without a prefix.
private func hex(_ value: some BinaryInteger) -> String {
    String(value, radix: 16)
}
