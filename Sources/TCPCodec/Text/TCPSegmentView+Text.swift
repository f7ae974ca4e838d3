extension TCPSegmentView: CustomStringConvertible {
    /// The segment as `tcpdump -n` prints it after the addresses, with absolute numbers: `47001 > 8080: Flags [S],
    /// seq 1, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0`.
    ///
    /// The text is ``TCPSegmentTextWriter/write(_:to:)``'s, taking the view's bytes for the whole segment: `length`
    /// is the number of bytes after the header. A lenient view's problem shows as tcpdump shows it: `[bad opt]` at
    /// a malformed option, `[bad hdr length ...]` for a data offset below 5 or a header longer than the bytes.
    public var description: String {
        TextCollector.text { TCPSegmentTextWriter().write(self, to: &$0) }
    }
}
