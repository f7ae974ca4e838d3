extension TCPSACKBlocks: CustomStringConvertible, CustomDebugStringConvertible {
    /// The blocks as tcpdump prints them after `sack N `: `{1000:2000}{3000:4000}`, only the blocks held (none
    /// prints nothing).
    public var description: String {
        TextCollector.text { TCPOptionTextWriter.writeSACKBlocks(self, sackBase: 0, to: &$0) }
    }

    /// Each block as the half-open range of sequence numbers it acknowledges (RFC 2018 section 3):
    /// `TCPSACKBlocks([1000..<2000, 3000..<4000])`, `TCPSACKBlocks([])` for none.
    public var debugDescription: String {
        TextCollector.text { output in
            output.writeText("TCPSACKBlocks(")
            writeLiteral(to: &output)
            output.writeText(")")
        }
    }

    /// `[1000..<2000, 3000..<4000]`: the part of ``debugDescription`` between its parentheses.
    func writeLiteral(to output: inout TextCollector) {
        output.writeText("[")
        for (index, block) in enumerated() {
            if index > 0 {
                output.writeText(", ")
            }
            output.writeDecimal(UInt64(block.left.rawValue))
            output.writeText("..<")
            output.writeDecimal(UInt64(block.right.rawValue))
        }
        output.writeText("]")
    }
}
