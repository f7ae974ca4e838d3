extension TCPFlags: CustomStringConvertible, CustomDebugStringConvertible {
    /// The flags in tcpdump's notation, e.g. `S.` for SYN+ACK, `none` when no tcpdump-shown flag is set: what
    /// tcpdump prints between the brackets of `Flags [S.]`.
    ///
    /// Letters in tcpdump's order: `F` FIN, `S` SYN, `R` RST, `P` PSH, `.` ACK, `U` URG, `E` ECE, `W` CWR, `e` AE
    /// (``TCPSegmentTextWriter/writeFlags(_:to:)``). Reserved bits are not shown (tcpdump does not show them either);
    /// ``debugDescription`` shows every bit.
    public var description: String {
        TextCollector.text { TCPSegmentTextWriter.writeFlags(self, to: &$0) }
    }

    /// Every bit by name, as an option set literal: `TCPFlags([.syn, .ack])`, `TCPFlags([.fin, .reserved1])`,
    /// `TCPFlags([])`; a value with bits above the twelfth, which no header carries, as
    /// `TCPFlags(rawValue: 0x1012)`.
    public var debugDescription: String {
        TextCollector.text { output in
            output.writeText("TCPFlags(")
            writeLiteral(to: &output)
            output.writeText(")")
        }
    }

    /// `[.syn, .ack]`, or `rawValue: 0x1012` for a value with bits above the twelfth: the part of
    /// ``debugDescription`` between its parentheses.
    func writeLiteral(to output: inout TextCollector) {
        guard rawValue & ~TCPFlags.all.rawValue == 0 else {
            output.writeText("rawValue: 0x")
            output.writeHex(UInt64(rawValue), width: 3)
            return
        }
        let names: [StaticString] = [
            ".fin", ".syn", ".rst", ".psh", ".ack", ".urg", ".ece", ".cwr", ".ae", ".reserved1", ".reserved2",
            ".reserved3",
        ]
        output.writeText("[")
        var first = true
        for (bit, name) in names.enumerated() where rawValue & (1 << bit) != 0 {
            if !first {
                output.writeText(", ")
            }
            output.writeText(name)
            first = false
        }
        output.writeText("]")
    }
}
