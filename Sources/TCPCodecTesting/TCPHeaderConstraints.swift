import TCPCodec

/// What a generated header must be: its flags, the kinds of its options, the length of its payload. Anything not
/// constrained is generated as ``TCPGenerator/header()`` and ``TCPGenerator/payload(maximumCount:)`` do.
///
/// ```swift
/// let segment = gen.segment(.syn.withOptionKinds([2, 4, 8, 1, 3]), pseudoHeader: gen.pseudoHeader())
/// // segment.header.flags == [.syn]; its options are MSS, SACK permitted, timestamps, NOP, window scale
/// ```
public struct TCPHeaderConstraints: Hashable, Sendable {
    /// The header's flags exactly, or `nil` for any.
    public var flags: TCPFlags?
    /// The kinds of the header's options, in order, each option generated with any value its kind allows; `nil`
    /// for any mix. The options must fit in the 40 bytes of the option area (see
    /// ``TCPGenerator/header(_:)``).
    public var optionKinds: [UInt8]?
    /// The payload's length range, or `nil` for any (short ones more likely).
    public var payloadLengths: ClosedRange<Int>?

    /// Constraints; none by default.
    ///
    /// - Parameters:
    ///   - flags: the flags exactly, or `nil`.
    ///   - optionKinds: the option kinds in order, or `nil`.
    ///   - payloadLengths: the payload's length range (lengths below 0 are taken as 0), or `nil`.
    public init(flags: TCPFlags? = nil, optionKinds: [UInt8]? = nil, payloadLengths: ClosedRange<Int>? = nil) {
        self.flags = flags
        self.optionKinds = optionKinds
        self.payloadLengths = payloadLengths
    }

    /// No constraint.
    public static let any = TCPHeaderConstraints()
    /// A SYN (RFC 9293 section 3.5): SYN alone, with any options and no payload.
    public static let syn = TCPHeaderConstraints(flags: [.syn], payloadLengths: 0 ... 0)
    /// A SYN-ACK: SYN and ACK, with any options and no payload.
    public static let synAck = TCPHeaderConstraints(flags: [.syn, .ack], payloadLengths: 0 ... 0)

    /// These constraints with the given option kinds.
    ///
    /// - Parameter kinds: the option kinds in order.
    /// - Returns: the constraints.
    public func withOptionKinds(_ kinds: [UInt8]) -> TCPHeaderConstraints {
        var copy = self
        copy.optionKinds = kinds
        return copy
    }

    /// These constraints with the given payload lengths.
    ///
    /// - Parameter lengths: the payload's length range.
    /// - Returns: the constraints.
    public func withPayloadLengths(_ lengths: ClosedRange<Int>) -> TCPHeaderConstraints {
        var copy = self
        copy.payloadLengths = lengths
        return copy
    }
}

/// A generated segment with what it was built from: the header, the payload, the pseudo-header its checksum was
/// computed over (if any) and the bytes.
public struct TCPGeneratedSegment: Hashable, Sendable {
    /// The header the bytes encode (with the checksum the encoding filled in when there is a pseudo-header).
    public var header: TCPHeader
    /// The payload after the header.
    public var payload: [UInt8]
    /// The pseudo-header the checksum covers, or `nil` when the header's checksum field was kept as generated.
    public var pseudoHeader: TCPPseudoHeader?
    /// The segment's bytes: header and payload.
    public var bytes: [UInt8]
}
