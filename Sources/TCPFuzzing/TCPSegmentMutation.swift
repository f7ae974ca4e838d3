/// One kind of change a ``TCPSegmentMutator`` makes to a segment: the fields and structures where attacks and bugs
/// live.
public enum TCPSegmentMutation: CaseIterable, Hashable, Sendable {
    /// The 12 flag bits: a combination that matters (SYN, SYN-ACK, RST, SYN|FIN, none, all...) or one bit flipped.
    case flags
    /// The sequence or acknowledgment number: next to itself, half the number space away, or across the 2^32 wrap.
    case sequenceNumbers
    /// The window field: 0, 1, the top, or random.
    case window
    /// The urgent pointer: 0, at or past the payload's end, or random.
    case urgentPointer
    /// The ports: swapped, 0, or random.
    case ports
    /// A well-formed option of any kind (lengths from the codec's length rules) inserted between two options.
    case insertOption
    /// One option removed.
    case deleteOption
    /// One option's length byte set at or past its kind's limits (0, 1, the minimum and its neighbours, past the
    /// header's end), so that its framing or length rule breaks.
    case resizeOption
    /// One option repeated.
    case duplicateOption
    /// An option's value changed: MSS, window-scale shift, timestamps, SACK blocks near the ACK or the wrap.
    case optionValues
    /// The data offset set to any of its 16 values, whatever the options take.
    case dataOffset
    /// The segment cut at a boundary: inside the fixed header, at its end, inside or at the end of the options.
    case truncate
    /// The payload grown, shrunk, emptied or rewritten.
    case payload
}
