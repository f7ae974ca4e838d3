import PacketCapture
import TCPCodec

/// One TCP segment of a capture, decoded once, with what the inspector worked out about it once for every output
/// format and the observer: the header (a lenient ``TCPSegmentView`` when 20 bytes or more were captured, else the
/// fields of the ``TCPHeaderPrefix`` that were), the TCP length and the checksum verdict. No writer reads header
/// bytes by hand.
///
/// - Warning: `bytes` points into the capture reader's buffer and is valid only while the frame is being
///   handled. Do not escape it.
public struct InspectedSegment {
    /// The 1-based frame number in the file.
    public var frame: UInt64
    /// When the frame was captured, if the format says and the time is one that can be shown.
    public var timestamp: CaptureTimestamp?
    /// Why the record's timestamp cannot be shown, if it cannot (``timestamp`` is then `nil`).
    public var timestampProblem: CaptureTimestampProblem?
    /// The IP source address.
    public var source: IPAddress
    /// The IP destination address.
    public var destination: IPAddress
    /// The frame's VLAN tags, outermost first: part of what identifies the segment's flow.
    public var vlanTags: VLANTagStack
    /// The tunnels the segment came through, outermost first (empty when it was not tunnelled): part of what
    /// identifies its flow. ``source``, ``destination`` and the checksum are the inner packet's.
    public var encapsulation: EncapsulationStack
    /// The tunnel word of the segment's flow: `encapsulation.tunnelIdentity`, or, when the inspector paired the two
    /// directions of a tunnel whose identifiers differ by direction, the word of the flow's first direction.
    public var flowTunnel: UInt64
    /// The captured TCP bytes, at most ``tcpLength`` of them.
    public var bytes: UnsafeRawBufferPointer
    /// The TCP length (header and payload) the packet carries: what the IP header declares, cut to what the frame
    /// held on the wire when the IP header claims more.
    public var tcpLength: Int
    /// The TCP header as decoded, once.
    public enum Header {
        /// At least 20 bytes were captured: a lenient view (its ``TCPSegmentView/problem`` says what a strict
        /// decode would reject).
        case whole(TCPSegmentView)
        /// Fewer than 20 bytes were captured: the fields that were.
        case cut(TCPHeaderPrefix)
    }

    /// The TCP header, decoded once for every writer and the observer.
    public var header: Header
    /// Whether the IP header declared more bytes than the frame held on the wire (the length was cut).
    public var ipLengthExceedsFrame: Bool
    /// Whether the checksum is right; `nil` when it cannot be computed (capture cut short, first fragment, a
    /// pseudo-header that cannot be known). Taken over the pseudo-header the IP layer names (a source route's or
    /// routing header's final destination, a home address), not always the IP header's own addresses.
    public var checksumIsCorrect: Bool?
    /// Why the checksum's pseudo-header cannot be known (an IPv6 routing header of an unknown type, malformed IPv4
    /// options ...), or `nil` when it can. The checksum is then unverifiable: ``checksumIsCorrect`` is `nil`.
    public var unknownPseudoHeaderReason: UnknownPseudoHeaderReason?
    /// The checksum the segment should carry, when it is wrong.
    public var expectedChecksum: UInt16?
    /// Whether a wrong checksum is what checksum offload leaves (the pseudo-header sum alone): computed by the
    /// network card after the capture point, not a corrupt segment.
    public var checksumIsOffloadPlaceholder: Bool

    /// Works out the facts of a dissected segment.
    ///
    /// - Parameters:
    ///   - record: the frame.
    ///   - segment: the TCP segment the dissector found in it.
    public init(record: CaptureRecord, segment: CapturedTCPSegment) {
        frame = record.frameNumber
        timestampProblem = record.timestampProblem
        timestamp = record.timestampProblem == nil ? record.timestamp : nil
        source = segment.source
        destination = segment.destination
        vlanTags = segment.vlanTags
        encapsulation = segment.encapsulation
        flowTunnel = segment.encapsulation.tunnelIdentity
        let wireRoom = Int(record.originalLength) - segment.tcpOffset
        var length = segment.declaredLength
        ipLengthExceedsFrame = false
        if segment.lengthSource == .ipHeader, wireRoom >= 0, length > Swift.max(wireRoom, segment.bytes.count) {
            length = Swift.max(wireRoom, segment.bytes.count)
            ipLengthExceedsFrame = true
        }
        tcpLength = length
        bytes = segment.bytes.count > length
            ? UnsafeRawBufferPointer(rebasing: segment.bytes[0 ..< length]) : segment.bytes
        if let view = try? TCPSegmentView(lenient: bytes) {
            header = .whole(view)
        } else {
            header = .cut(TCPHeaderPrefix(bytes))
        }
        unknownPseudoHeaderReason = segment.unknownPseudoHeaderReason
        if bytes.count == length, bytes.count >= TCPSegmentView.minimumHeaderLength, !segment.isFirstFragment,
            let pseudoHeader = segment.pseudoHeader
        {
            let correct = TCPChecksum.verify(segment: bytes, pseudoHeader: pseudoHeader)
            checksumIsCorrect = correct
            // The right value is summed a second time only for the rare bad segment.
            expectedChecksum = correct ? nil : TCPChecksum.compute(segment: bytes, pseudoHeader: pseudoHeader)
            checksumIsOffloadPlaceholder = !correct
                && TCPChecksum.isOffloadPlaceholder(segment: bytes, pseudoHeader: pseudoHeader)
        } else {
            checksumIsCorrect = nil
            expectedChecksum = nil
            checksumIsOffloadPlaceholder = false
        }
    }

    /// The lenient view of the header, when 20 bytes or more were captured.
    public var view: TCPSegmentView? {
        if case .whole(let view) = header { return view }
        return nil
    }

    /// The header length the data offset announces, if the data offset was captured.
    public var headerLength: Int? {
        switch header {
        case .whole(let view): return view.headerLength
        case .cut(let prefix): return prefix.headerLength
        }
    }

    /// The source port, if captured.
    public var sourcePort: UInt16? {
        switch header {
        case .whole(let view): return view.sourcePort
        case .cut(let prefix): return prefix.sourcePort
        }
    }

    /// The destination port, if captured.
    public var destinationPort: UInt16? {
        switch header {
        case .whole(let view): return view.destinationPort
        case .cut(let prefix): return prefix.destinationPort
        }
    }

    /// Whether the header decodes strictly: whole, a data offset in range, within the TCP length, and every option
    /// well formed.
    public var headerIsWellFormed: Bool {
        guard case .whole(let view) = header else { return false }
        return view.problem == nil && view.headerLength <= tcpLength
    }
}
