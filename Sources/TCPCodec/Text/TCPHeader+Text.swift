extension TCPHeader: CustomStringConvertible, CustomDebugStringConvertible {
    /// The header as tcpdump prints a segment that carries it and no payload: `443 > 51000: Flags [S.], seq 1,
    /// ack 2, win 65535, options [mss 1460,sackOK], length 0`.
    ///
    /// The text is that of the bytes the header encodes to (``TCPSegmentView/description``), so a header decoded
    /// from a segment without payload prints as the segment's view does. A header holds no payload: it prints
    /// `length 0`, and `seq` only with SYN, FIN or RST, as tcpdump prints a segment with no data. The options are
    /// padded with zero bytes as encoding pads them, which reads as `eol` when the padding follows the last option.
    public var description: String {
        TextCollector.text { output in
            var bytes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            withUnsafeMutableBytes(of: &bytes) { raw in
                // 64 bytes hold the longest header, 60 bytes: encoding cannot fail.
                guard let length = try? encode(into: raw),
                    let view = try? TCPSegmentView(lenient: UnsafeRawBufferPointer(rebasing: raw[0 ..< length]))
                else { return }
                TCPSegmentTextWriter().write(view, to: &output)
            }
        }
    }

    /// Every field, as the initializer takes them: `TCPHeader(sourcePort: 443, destinationPort: 51000,
    /// sequenceNumber: 1, acknowledgmentNumber: 2, flags: [.syn, .ack], window: 65535, checksum: 0x1c46,
    /// urgentPointer: 0, options: [.maximumSegmentSize(1460), .sackPermitted])`.
    ///
    /// The checksum is in hexadecimal, as tcpdump shows it. The options are a list literal, or, when the bytes held
    /// go past the options read from them (padding after an EOL, a malformed option), the list's own
    /// ``TCPOptionList/debugDescription``. Flag bits above the twelfth, which are not encoded, show in the flags.
    public var debugDescription: String {
        TextCollector.text { output in
            output.writeText("TCPHeader(sourcePort: ")
            output.writeDecimal(UInt64(sourcePort))
            output.writeText(", destinationPort: ")
            output.writeDecimal(UInt64(destinationPort))
            output.writeText(", sequenceNumber: ")
            output.writeDecimal(UInt64(sequenceNumber.rawValue))
            output.writeText(", acknowledgmentNumber: ")
            output.writeDecimal(UInt64(acknowledgmentNumber.rawValue))
            output.writeText(", flags: ")
            if flags.rawValue & ~TCPFlags.all.rawValue != 0 {
                output.writeText("TCPFlags(")
                flags.writeLiteral(to: &output)
                output.writeText(")")
            } else {
                flags.writeLiteral(to: &output)
            }
            output.writeText(", window: ")
            output.writeDecimal(UInt64(window))
            output.writeText(", checksum: 0x")
            output.writeHex(UInt64(checksum), width: 4)
            output.writeText(", urgentPointer: ")
            output.writeDecimal(UInt64(urgentPointer))
            output.writeText(", options: ")
            if options.readByteCount < options.byteCount {
                output.writeText(string: options.debugDescription)
            } else {
                options.writeLiteral(to: &output)
            }
            output.writeText(")")
        }
    }
}
