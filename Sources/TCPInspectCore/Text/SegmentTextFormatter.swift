import PacketCapture
import TCPCodec
import TCPValidation

/// Writes one line per TCP segment in the style of `tcpdump -# -n -tttt`.
///
/// ```
///     1  2024-05-01 12:00:00.000001 IP 192.0.2.1.47001 > 192.0.2.2.8080: Flags [S], seq 1, win 64240,
///        options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0
/// ```
///
/// (one line in the output). A tunnelled segment names its tunnels between the time and the inner packet, as
/// tcpdump does before an inner line: `... 12:00:00.000001 VXLAN vni 100: IP 10.0.0.1.47001 > ...`. Fields
/// follow tcpdump's rules: `seq` is shown when the segment carries data or SYN, FIN or RST; `ack` when ACK is
/// set; `urg` when URG is set; `length` is the payload length the IP header declares. Sequence numbers are
/// relative per connection unless ``absoluteSequenceNumbers`` is set (see ``RelativeSequenceTable``). A wrong
/// checksum adds `, cksum 0xCARRIED (incorrect -> 0xRIGHT)` after the flags, as `tcpdump -v` does. A header that
/// cannot be shown whole ends the line the way tcpdump does: `[|tcp]` where the capture ends, `[bad opt]` at a
/// malformed option, `[bad hdr length ...]` for a data offset out of range.
public struct SegmentTextFormatter {
    /// Print absolute sequence and acknowledgment numbers (`tcpdump -S`).
    public var absoluteSequenceNumbers: Bool
    /// Print `seq` on every segment, as `tcpdump -vv` does.
    public var alwaysShowSequence: Bool
    /// The connections seen so far, for relative numbers.
    public private(set) var table = RelativeSequenceTable()

    /// Makes a formatter.
    ///
    /// - Parameters:
    ///   - absoluteSequenceNumbers: print absolute numbers.
    ///   - alwaysShowSequence: print `seq` on every segment.
    public init(absoluteSequenceNumbers: Bool = false, alwaysShowSequence: Bool = false) {
        self.absoluteSequenceNumbers = absoluteSequenceNumbers
        self.alwaysShowSequence = alwaysShowSequence
    }

    /// Writes the line of one segment, without its final newline.
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - out: where the text goes.
    public mutating func write(_ segment: InspectedSegment, to out: OutputBuffer) {
        out.appendDecimal(segment.frame, spacePaddedTo: 5)
        writePrefix(segment, to: out)
        writeBody(segment, to: out)
        if segment.ipLengthExceedsFrame {
            out.append(" [IP length exceeds frame: TCP length cut to ")
            out.appendDecimal(UInt64(segment.tcpLength))
            out.append("]")
        }
    }

    /// ` [the IP length leaves 12 bytes for TCP, ...]` after `[|tcp]` when the packet itself, not the capture, is
    /// short; a header cut by the snapshot length gets tcpdump's `[|tcp]` alone.
    private static func appendShortfall(_ segment: InspectedSegment, to out: OutputBuffer) {
        guard let shortfall = segment.headerShortfall else { return }
        if case .cutBySnapshot = shortfall { return }
        out.append(" [")
        out.append(string: shortfall.description)
        out.append(UInt8(ascii: "]"))
    }

    private func writePrefix(_ segment: InspectedSegment, to out: OutputBuffer) {
        out.append("  ")
        out.appendTimestamp(segment.timestamp, problem: segment.timestampProblem)
        if !segment.encapsulation.isEmpty {
            Self.appendEncapsulation(segment.encapsulation, to: out)
        }
        out.append(segment.source.version == .v4 ? " IP " : " IP6 ")
        out.appendAddress(segment.source)
        if let sourcePort = segment.sourcePort, let destinationPort = segment.destinationPort {
            out.append(UInt8(ascii: "."))
            out.appendDecimal(sourcePort)
            out.append(" > ")
            out.appendAddress(segment.destination)
            out.append(UInt8(ascii: "."))
            out.appendDecimal(destinationPort)
            out.append(": ")
        } else {
            out.append(" > ")
            out.appendAddress(segment.destination)
            out.append(":")
        }
    }

    /// ` VXLAN vni 100:` for each tunnel layer, outermost first, as tcpdump names a tunnel before the inner
    /// packet; ` (+N more):` for layers past those kept.
    private static func appendEncapsulation(_ encapsulation: EncapsulationStack, to out: OutputBuffer) {
        for layer in encapsulation.layers {
            out.append(UInt8(ascii: " "))
            out.append(string: layer.description)
            out.append(UInt8(ascii: ":"))
        }
        let hidden = encapsulation.count - EncapsulationStack.capacity
        if hidden > 0 {
            out.append(" (+")
            out.appendDecimal(UInt64(hidden))
            out.append(" more):")
        }
    }

    private mutating func writeBody(_ segment: InspectedSegment, to out: OutputBuffer) {
        var output = out
        guard let headerLength = segment.headerLength else {
            out.append(" [|tcp]")
            Self.appendShortfall(segment, to: out)
            return
        }
        guard headerLength >= TCPSegmentView.minimumHeaderLength else {
            TCPSegmentTextWriter.writeHeaderTooShort(
                headerLength: headerLength, segmentLength: segment.tcpLength, to: &output)
            return
        }
        guard let view = segment.view else {
            out.append(" [|tcp]")
            Self.appendShortfall(segment, to: out)
            return
        }
        let flags = view.flags
        var sequence = view.sequenceNumber.rawValue
        var acknowledgment = view.acknowledgmentNumber.rawValue
        var sackBase: UInt32 = 0
        if !absoluteSequenceNumbers && flags.contains(.ack), let key = segment.flowKey,
            let source = segment.sourceEndpoint
        {
            let numbers = table.numbers(
                key: key, from: source, sequence: sequence, acknowledgment: acknowledgment, syn: flags.contains(.syn))
            sequence = numbers.sequence
            acknowledgment = numbers.acknowledgment
            sackBase = numbers.sackBase
        }
        // The codec writes the rest, from `Flags [...]` to `length N`: the one text of a segment and its options.
        TCPSegmentTextWriter(alwaysShowSequence: alwaysShowSequence).writeBody(
            view, segmentLength: segment.tcpLength, sequenceNumber: sequence, acknowledgmentNumber: acknowledgment,
            sackBase: sackBase,
            expectedChecksum: segment.checksumIsCorrect == false ? segment.expectedChecksum ?? 0 : nil, to: &output)
    }
}
