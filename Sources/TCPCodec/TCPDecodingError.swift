/// Why a byte sequence is not a well-formed TCP header, and where.
///
/// Every case carries the numbers that explain it: lengths needed and available, the option kind and its byte
/// offset from the first byte of the TCP header. The values hold no `String` or existential, so throwing one
/// never allocates; ``description`` builds the sentence only when asked.
public enum TCPDecodingError: Error, Hashable, Sendable, BitwiseCopyable, CustomStringConvertible,
    CustomDebugStringConvertible
{
    /// Fewer bytes than the 20-byte fixed header (RFC 9293 section 3.1).
    case truncatedHeader(needed: Int, available: Int)
    /// The data offset field is below 5 words, the size of the fixed header (RFC 9293 section 3.1).
    case dataOffsetTooSmall(dataOffset: Int)
    /// The data offset announces more header bytes than the buffer holds.
    case headerExceedsBuffer(headerLength: Int, available: Int)
    /// An option's length byte would lie past the end of the header.
    case optionLengthMissing(kind: UInt8, offset: Int)
    /// An option's length byte is below 2, the size of its own kind and length bytes (RFC 9293 section 3.2).
    case optionLengthTooSmall(kind: UInt8, offset: Int, length: Int)
    /// An option's length runs past the end of the header.
    case optionExceedsHeader(kind: UInt8, offset: Int, length: Int, available: Int)
    /// An option has a length its kind does not allow (e.g. MSS not 4, timestamps not 10, SACK not 2 + 8n with 1
    /// to 4 blocks, an MPTCP DSS whose length does not match the fields its flags announce).
    case invalidOptionLength(kind: UInt8, offset: Int, length: Int)

    /// The byte offset from the start of the TCP header at which the problem lies.
    public var offset: Int {
        switch self {
        case .truncatedHeader(_, let available): return available
        case .dataOffsetTooSmall: return TCPHeaderLayout.dataOffsetByte
        case .headerExceedsBuffer(_, let available): return available
        case .optionLengthMissing(_, let offset),
             .optionLengthTooSmall(_, let offset, _),
             .optionExceedsHeader(_, let offset, _, _),
             .invalidOptionLength(_, let offset, _):
            return offset
        }
    }

    /// A sentence that names the problem and its values.
    public var description: String {
        switch self {
        case .truncatedHeader(let needed, let available):
            return "truncated TCP header: needed \(needed) bytes, \(available) available"
        case .dataOffsetTooSmall(let dataOffset):
            return "data offset \(dataOffset) is below the minimum of 5 words"
        case .headerExceedsBuffer(let headerLength, let available):
            return "header length \(headerLength) exceeds the \(available) bytes available"
        case .optionLengthMissing(let kind, let offset):
            return "option kind \(kind) at offset \(offset) has no length byte before the end of the header"
        case .optionLengthTooSmall(let kind, let offset, let length):
            return "option kind \(kind) at offset \(offset) has length \(length), below the minimum of 2"
        case .optionExceedsHeader(let kind, let offset, let length, let available):
            return "option kind \(kind) at offset \(offset) has length \(length) but only \(available) bytes "
                + "remain in the header"
        case .invalidOptionLength(let kind, let offset, let length):
            return "option kind \(kind) at offset \(offset) has invalid length \(length) for its kind"
        }
    }

    /// The case and its values, then the sentence: `TCPDecodingError.<case>(<values>): <description>`.
    public var debugDescription: String {
        ErrorCaseText.of(self, typeName: "TCPDecodingError") + ": " + description
    }
}
