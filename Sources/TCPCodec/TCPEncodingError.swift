/// Why a header, an option or a segment cannot be written.
///
/// Like ``TCPDecodingError`` it carries only numbers, so throwing it never allocates.
public enum TCPEncodingError: Error, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The options would take more than the 40 bytes a header can hold (RFC 9293 section 3.1).
    case optionsTooLong(length: Int, maximum: Int)
    /// The output buffer is smaller than the bytes to write.
    case bufferTooSmall(needed: Int, available: Int)
    /// An option value cannot be represented on the wire (e.g. option data longer than the option length byte
    /// allows, five SACK blocks, a malformed option's value).
    case invalidOptionValue(kind: UInt8)
    /// The segment is too long for the pseudo-header's length field (65,535 bytes for IPv4).
    case segmentTooLong(length: Int, maximum: Int)
    /// More SACK blocks than a SACK option holds: at most four fit in the 40-byte option space (RFC 2018 section
    /// 3: 2 + 8 x 4 = 34 bytes; a fifth would need 42).
    case tooManySACKBlocks(count: Int, maximum: Int)

    /// A sentence that names the problem and its values.
    public var description: String {
        switch self {
        case .optionsTooLong(let length, let maximum):
            return "options need \(length) bytes, more than the maximum of \(maximum)"
        case .bufferTooSmall(let needed, let available):
            return "output buffer too small: needed \(needed) bytes, \(available) available"
        case .invalidOptionValue(let kind):
            return "option kind \(kind) has a value that cannot be encoded"
        case .segmentTooLong(let length, let maximum):
            return "segment of \(length) bytes exceeds the pseudo-header maximum of \(maximum)"
        case .tooManySACKBlocks(let count, let maximum):
            return "\(count) SACK blocks: at most \(maximum) fit in the 40-byte option space (RFC 2018 section 3)"
        }
    }

    /// The case and its values, then the sentence: `TCPEncodingError.<case>(<values>): <description>`.
    public var debugDescription: String {
        ErrorCaseText.of(self, typeName: "TCPEncodingError") + ": " + description
    }
}
