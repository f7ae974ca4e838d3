import TCPCodec

/// Clamps the MSS a SYN announces to `limit`, as a router does for a tunnel with a smaller MTU, keeping the
/// checksum right by incremental update.
///
/// - Parameters:
///   - segment: a TCP segment, header first; rewritten in place.
///   - limit: the largest MSS to let through.
/// - Returns: the MSS the segment announces afterwards, or `nil` (the segment unchanged) when it is not a valid
///   SYN with an MSS option.
public func clampMSS(_ segment: inout [UInt8], to limit: UInt16) -> UInt16? {
    segment.withUnsafeMutableBytes { bytes -> UInt16? in
        guard let rewriter = try? TCPSegmentMutableView(bytes), rewriter.flags.contains(.syn) else { return nil }
        var announced: UInt16?
        var options = rewriter.view.options.makeIterator()
        while let option = options.next() {
            if case .maximumSegmentSize(let value) = option {
                announced = value
                break  // the first MSS option is the one a stack reads, and the one rewritten
            }
        }
        guard let mss = announced else { return nil }
        if mss > limit { rewriter.setMaximumSegmentSize(limit) }
        return min(mss, limit)
    }
}
