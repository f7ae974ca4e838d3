import PacketCapture

/// Sentences for frames that carry no TCP header to print: broken link or IP headers, non-first fragments.
public enum FrameNoteText {
    /// What is wrong with a link or IP header, as a sentence.
    ///
    /// - Parameter reason: the dissector's finding.
    /// - Returns: the text.
    public static func describe(_ reason: MalformedReason) -> String {
        switch reason {
        case .truncatedLinkHeader(let needed, let available):
            return "link-layer header cut short: needed \(needed) bytes, \(available) captured"
        case .truncatedIPHeader(let needed, let available):
            return "IP header cut short: needed \(needed) bytes, \(available) captured"
        case .badIPVersion(let version):
            return "IP version \(version) does not match the link layer"
        case .ipv4HeaderLengthTooSmall(let words):
            return "IPv4 header length \(words) words, less than 5"
        case .ipv4TotalLengthTooSmall(let totalLength, let headerLength):
            return "IPv4 total length \(totalLength) is less than the header length \(headerLength)"
        case .hopByHopOptionOverrun(let optionType):
            return "IPv6 hop-by-hop option 0x\(String(optionType, radix: 16)) runs past its header"
        case .invalidJumboPayload(let length, let value):
            return "IPv6 jumbo payload option of length \(length) with value \(value)"
        case .jumboPayloadWithPayloadLength(let payloadLength):
            return "IPv6 jumbo payload option with a payload length of \(payloadLength)"
        case .extensionHeadersExceedPayload(let extensionLength, let payloadLength):
            return "IPv6 extension headers of \(extensionLength) bytes exceed the payload length \(payloadLength)"
        }
    }

    /// Writes the line of a frame that has a note: frame number, time, and the note.
    ///
    /// - Parameters:
    ///   - record: the frame.
    ///   - note: the text.
    ///   - out: where the line goes (without its newline).
    public static func write(_ record: CaptureRecord, note: String, to out: OutputBuffer) {
        out.appendDecimal(record.frameNumber, spacePaddedTo: 5)
        out.append("  ")
        out.appendTimestamp(record.timestamp, problem: record.timestampProblem)
        out.append(UInt8(ascii: " "))
        out.append(string: note)
    }
}
