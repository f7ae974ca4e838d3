import PacketCapture
import TCPCodec
import TCPInspectCore

/// The `capture` fuzz target: `tcp-inspect` on what a capture holds, the capture reader (pcap and pcapng), the
/// link-layer, tunnel and IP dissector, the fragment reassembler, and the inspector with the observer and its writers.
///
/// The first byte chooses the mode. Even: the rest is one frame, dissected under the link type the first byte chooses
/// from ``linkTypes`` (every link type the dissector reads, and one it does not), said to be as long on the wire as
/// captured or, by the first byte's top bit, 1,000 bytes longer (a frame the snapshot length cut). Odd: the rest is a
/// whole capture file, whose records (at most ``recordLimit``) are each dissected under their own link type (and shown
/// to an IEEE 802.11 duplicate filter), their fragments reassembled, and which `tcp-inspect`'s inspector then reads
/// whole in one of its views (``configurations``). The invariants: a TCP segment's bytes are the frame's from its TCP
/// offset, after its IP header, and no more than the length the IP header declares; a fragment's payload lies in the
/// frame; a reassembled datagram is no longer than an IP datagram can be. Decoding, checksum and every step must not
/// trap.
public enum CaptureFuzzTarget {
    /// The link types a frame is dissected under in frame mode: every one the dissector reads
    /// (`LinkType.dissected`), then one it does not (147, the first of the user-defined ones). A link type added
    /// to the dissector's list comes before 147, so that the corpus' inputs for the others keep their link type.
    static let linkTypes: [LinkType] = LinkType.dissected + [LinkType(rawValue: 147)]

    /// The most records of a capture file one input reads.
    static let recordLimit = 256

    /// The most bytes an IP datagram can hold: an IPv6 jumbogram's 2^32 - 1 payload bytes and its header.
    static let largestDatagram = Int(UInt32.max) + 40

    /// Runs one input; traps (through `precondition`) when an invariant does not hold.
    ///
    /// - Parameter input: the mode byte, then a frame or a capture file.
    public static func run(_ input: UnsafeRawBufferPointer) {
        guard let mode = input.first else { return }
        let rest = UnsafeRawBufferPointer(rebasing: input[1...])
        var reassembler = IPFragmentReassembler(limits: .init(datagrams: 8, fragmentsPerDatagram: 16))
        if mode & 1 == 0 {
            let linkType = linkTypes[Int(mode >> 1) % linkTypes.count]
            let originalLength = mode & 0x80 != 0 ? rest.count + 1000 : nil
            check(
                rest, linkType: linkType, originalLength: originalLength, reassembler: &reassembler,
                time: CaptureTimestamp(seconds: 0, nanoseconds: 0), frame: 1)
            return
        }
        guard let reader = try? CaptureReader(bytes: rest) else { return }
        var records = 0
        var duplicates = IEEE80211DuplicateFilter(capacity: 16)
        while records < recordLimit, let record = try? reader.nextRecord() {
            records += 1
            _ = duplicates.isRetransmission(record.bytes, linkType: record.linkType)
            let time = record.timestamp ?? CaptureTimestamp(seconds: 0, nanoseconds: 0)
            check(
                record.bytes, linkType: record.linkType, originalLength: Int(record.originalLength),
                reassembler: &reassembler, time: time, frame: record.frameNumber)
        }
        _ = reassembler.finish()
        inspect(rest, mode: mode)
    }

    /// The views of `tcp-inspect` the mode byte's upper bits choose from, for the whole tool on a capture file. Each
    /// judges at most 8 flows at once (of 2 in one view), not the tool's 16,384: a table that size for every input
    /// would cost more than the input, and a small one makes the fuzzer's flows push each other out.
    static let configurations: [InspectConfiguration] = [
        InspectConfiguration(flowCapacity: 8),
        InspectConfiguration(json: true, flowCapacity: 8),
        InspectConfiguration(view: .flows, flowCapacity: 2),
        InspectConfiguration(view: .summary, json: true, validates: false, flowCapacity: 8),
        InspectConfiguration(
            absoluteSequenceNumbers: true, alwaysShowSequence: true, flowCapacity: 8, reassemblesFragments: false),
        InspectConfiguration(view: .flows, json: true, listsFlowFrames: true, flowCapacity: 8),
    ]

    /// Runs `tcp-inspect`'s inspector, in the view the mode byte chooses, over a capture file, its output kept in
    /// memory: the reader, the dissector, the observer and every writer on what the fuzzer makes.
    static func inspect(_ capture: UnsafeRawBufferPointer, mode: UInt8) {
        guard let reader = try? CaptureReader(bytes: capture) else { return }
        let configuration = configurations[Int(mode >> 1) % configurations.count]
        let output = OutputBuffer(destination: .memory)
        let inspector = Inspector(configuration: configuration, output: output)
        _ = try? inspector.run(reader, name: "fuzz")
        _ = inspector.closingNotes
    }

    /// The invariants of a dissected TCP segment: its IP header before it, its bytes the frame's from its TCP offset
    /// and no more than the IP header declares; then its checksum, pseudo-header and views, which must not trap.
    static func check(_ packet: DissectedPacket, in frame: UnsafeRawBufferPointer) {
        guard case .tcp(let segment) = packet else { return }
        precondition(segment.ipHeaderOffset < segment.tcpOffset, "the TCP header before the IP header")
        precondition(segment.tcpOffset <= frame.count, "the TCP offset past the frame")
        precondition(segment.bytes.count <= segment.declaredLength, "more TCP bytes than the IP header declares")
        if segment.bytes.count > 0, let base = frame.baseAddress {
            precondition(segment.bytes.baseAddress == base + segment.tcpOffset, "the TCP bytes are not the frame's")
            precondition(segment.tcpOffset + segment.bytes.count <= frame.count, "the TCP bytes past the frame")
        }
        _ = segment.verifyChecksum()
        _ = segment.pseudoHeader
        _ = try? TCPSegmentView(segment.bytes)
        _ = try? TCPSegmentView(lenient: segment.bytes, optionChecking: .framing)
    }

    /// Dissects one frame, and hands its fragment, if it is one, to the reassembler; checks what they return.
    static func check(
        _ frame: UnsafeRawBufferPointer, linkType: LinkType, originalLength: Int?,
        reassembler: inout IPFragmentReassembler, time: CaptureTimestamp, frame number: UInt64
    ) {
        check(PacketDissector.dissect(frame, linkType: linkType, originalLength: originalLength), in: frame)
        // An A-MSDU's subframes: each held to the same invariants, and at most one per 14 bytes of the frame.
        let subframes = PacketDissector.dissectSubframes(frame, linkType: linkType, originalLength: originalLength) {
            _, packet in check(packet, in: frame)
        }
        precondition(subframes <= frame.count / 14, "more subframes than the frame can hold")
        guard let fragment = PacketDissector.fragment(in: frame, linkType: linkType, originalLength: originalLength)
        else { return }
        if fragment.payload.count > 0, let base = frame.baseAddress, let start = fragment.payload.baseAddress {
            precondition(start >= base && start + fragment.payload.count <= base + frame.count, "fragment outside")
        }
        if case .completed(let datagram) = reassembler.add(fragment, time: time, tag: number) {
            precondition(datagram.payload.count <= largestDatagram, "a datagram longer than IP allows")
            precondition(!datagram.fragmentTags.isEmpty, "a datagram of no fragment")
            datagram.payload.withUnsafeBytes { _ = try? TCPSegmentView($0) }
        }
    }
}
