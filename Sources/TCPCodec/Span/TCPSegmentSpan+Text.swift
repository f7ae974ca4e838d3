#if compiler(>=6.2)
extension TCPSegmentSpan {
    /// The segment as `tcpdump -n` prints it after the addresses: the line of ``TCPSegmentView/description``.
    ///
    /// A property only: a non-escapable type cannot conform to `CustomStringConvertible` yet, so string
    /// interpolation of the span itself does not use it; interpolate `segment.description`.
    public var description: String { view.description }

    /// Writes the segment's line into any text output, with no allocation (``TCPSegmentTextWriter/write(_:to:)``).
    ///
    /// - Parameters:
    ///   - writer: the writer, which decides whether sequence numbers always show.
    ///   - output: where the text goes.
    public func write(with writer: TCPSegmentTextWriter, to output: inout some TCPTextOutput) {
        writer.write(view, to: &output)
    }
}
#endif
