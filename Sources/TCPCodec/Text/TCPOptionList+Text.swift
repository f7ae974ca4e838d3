extension TCPOptionList: CustomStringConvertible, CustomDebugStringConvertible {
    /// The options in brackets as tcpdump prints them after `options `: `[mss 1460,sackOK,TS val 1 ecr 0,nop,wscale
    /// 7]`, `[]` for none.
    ///
    /// The bytes held are read as tcpdump reads a header's option area (``TCPOptionTextWriter``), with no segment
    /// around them: a malformed option ends the list with `[bad opt]` as it ends tcpdump's, and after an EOL the
    /// padding is not shown.
    public var description: String {
        TextCollector.text { output in
            output.writeText("[")
            if writeOptions(to: &output) {
                output.writeText("]")
            }
        }
    }

    /// The options as a list literal, `TCPOptionList([.maximumSegmentSize(1460), .sackPermitted])`, then the bytes
    /// held past them, if any (padding after an EOL, or a malformed option and what follows it):
    /// `TCPOptionList([.endOfOptionList], unread: 0x000000)`.
    public var debugDescription: String {
        TextCollector.text { output in
            output.writeText("TCPOptionList(")
            writeLiteral(to: &output)
            output.writeText(")")
        }
    }

    /// The options separated by commas, without brackets.
    ///
    /// - Returns: `false` when a malformed option ended the list with `[bad opt]`.
    func writeOptions(to output: inout TextCollector) -> Bool {
        bytes.withUnsafeBytes { raw in
            let writer = TCPOptionTextWriter(bytes: raw, headerLength: raw.count, flags: nil)
            return writer.writeList(TCPOptions(base: raw.baseAddress, start: 0, end: raw.count), to: &output)
        }
    }

    /// The number of bytes the options read from the list take: all of them unless padding follows an EOL or a
    /// malformed option stops the reading.
    var readByteCount: Int {
        // A strictly read option takes exactly the bytes it encodes to.
        reduce(0) { $0 + $1.encodedLength }
    }

    /// `[.maximumSegmentSize(1460)]`, then `, unread: 0x...` for the bytes the options leave: the part of
    /// ``debugDescription`` between its parentheses.
    func writeLiteral(to output: inout TextCollector) {
        output.writeText("[")
        var first = true
        for option in self {
            if !first {
                output.writeText(", ")
            }
            option.writeCaseLiteral(to: &output)
            first = false
        }
        output.writeText("]")
        let read = readByteCount
        if read < byteCount {
            output.writeText(", unread: 0x")
            bytes.withUnsafeBytes { raw in
                output.writeHexBytes(UnsafeRawBufferPointer(rebasing: raw[read...]))
            }
        }
    }
}
