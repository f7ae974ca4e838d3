import PacketCapture
import TCPCodec

/// Writes one JSON object per TCP segment, on one line, by hand (no encoder, no intermediate values).
///
/// The schema, all numbers as JSON integers and sequence numbers absolute:
///
/// ```
/// {"frame": N, "src": "addr", "dst": "addr", ["layers": [{"type": "vxlan", "vni": V}, ...],]
///  "sport": P, "dport": P, "seq": S, "ack": A, "hlen": H,
///  "flags": F, "win": W, "csum": C, "csum_ok": true | false | null, "urp": U,
///  "opts": [{"kind": 1}, {"kind": 0}, {"kind": K, "len": L, "mss": M}, {"kind": 3, "len": 3, "shift": S},
///           {"kind": 8, "len": 10, "tsval": V, "tsecr": E}, {"kind": 5, "len": L, "blocks": [[l, r], ...]},
///           {"kind": 4, "len": 2}, {"kind": K, "len": L, "data": "<hex of the value bytes>"}],
///  "payload": N}
/// ```
///
/// `layers` is present only for a tunnelled segment: its tunnels, outermost first, each with its type (`vxlan`,
/// `geneve`, `gre`, `erspan2`, `erspan3`, `ipip`, `mpls`, `pppoe`, `gtpu`, `pbb`, `etag`, `vntag`, `fabricpath`,
/// `pptp`) and identifier (`vni`, `key` when the GRE header has one, `session`, `label` for the bottom MPLS label,
/// `teid`, `isid`, `ecid`, `vifs`, `ftag`, `call`); `src` and `dst` are the inner
/// packet's. `hlen` is the header length the data offset announces, in bytes; `flags` the 12 bits after the data offset
/// (AE is 0x100, reserved bits included); `payload` the payload length the IP header declares. `csum_ok` is
/// `null` when the checksum cannot be computed (capture cut short, first fragment, unknown pseudo-header), and
/// `"csum_unverifiable"` follows it with the reason when the pseudo-header cannot be known (an IPv6 routing
/// header of an unknown type, malformed IPv4 options ...: `UnknownPseudoHeaderReason`). A header that does not
/// decode strictly adds `"error"` with the reason, and keeps the fields that could be read: the fixed fields
/// that were captured, and the options before the malformed one. A SACK option with no block (length 2), which
/// RFC 2018 forbids and strict decoding rejects, is not where the list ends: it is written as any SACK option is,
/// `{"kind": 5, "len": 2, "blocks": []}`, and the options after it follow.
public enum SegmentJSONWriter {
    /// Writes the object of one segment, without a final newline.
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - out: where the text goes.
    ///   - extra: called before the closing brace to add more `,"key":value` members; may be `nil`.
    public static func write(
        _ segment: InspectedSegment, to out: OutputBuffer, extra: ((OutputBuffer) -> Void)? = nil
    ) {
        out.append("{\"frame\":")
        out.appendDecimal(segment.frame)
        out.append(",\"src\":\"")
        out.appendAddress(segment.source)
        out.append("\",\"dst\":\"")
        out.appendAddress(segment.destination)
        out.append(UInt8(ascii: "\""))
        if !segment.encapsulation.isEmpty {
            writeLayers(segment.encapsulation, to: out)
        }
        let view: TCPSegmentView
        switch segment.header {
        case .whole(let whole):
            view = whole
        case .cut(let prefix):
            writeTruncated(segment, prefix, to: out)
            extra?(out)
            out.append(UInt8(ascii: "}"))
            return
        }
        appendMember(TCPHeaderJSONField.sport.member, to: out)
        out.appendDecimal(view.sourcePort)
        appendMember(TCPHeaderJSONField.dport.member, to: out)
        out.appendDecimal(view.destinationPort)
        appendMember(TCPHeaderJSONField.seq.member, to: out)
        out.appendDecimal(view.sequenceNumber.rawValue)
        appendMember(TCPHeaderJSONField.ack.member, to: out)
        out.appendDecimal(view.acknowledgmentNumber.rawValue)
        appendMember(TCPHeaderJSONField.hlen.member, to: out)
        out.appendDecimal(UInt64(view.headerLength))
        appendMember(TCPHeaderJSONField.flags.member, to: out)
        out.appendDecimal(view.flags.rawValue)
        appendMember(TCPHeaderJSONField.win.member, to: out)
        out.appendDecimal(view.window)
        appendMember(TCPHeaderJSONField.csum.member, to: out)
        out.appendDecimal(view.checksum)
        appendChecksumVerdict(segment, to: out)
        appendMember(TCPHeaderJSONField.urp.member, to: out)
        out.appendDecimal(view.urgentPointer)
        appendMember(TCPHeaderJSONField.opts.member, to: out)
        out.append(UInt8(ascii: "["))
        var first = true
        // Read with framing checking, which yields a SACK option with no block as `.sack`, where the view's strict
        // walk stops; the list still ends before an option that breaks its kind's rule in any other way.
        for step in view.options(checking: .framing).walk() {
            guard case .option(let option, let offset) = step else { break }
            if case .malformed = option { break }
            if !first {
                out.append(UInt8(ascii: ","))
            }
            first = false
            // The walk yields an option whose `encodedLength` bytes from `offset` are in the header and are the
            // option's encoding (what the fuzz targets' `OptionWalkCheck` holds it to); clamped all the same, so
            // that no input can make the slice trap.
            let bytes = view.bytes
            let start = Swift.min(offset, bytes.count)
            let end = Swift.min(start + option.encodedLength, bytes.count)
            writeOption(option, encoded: UnsafeRawBufferPointer(rebasing: bytes[start ..< end]), to: out)
        }
        out.append("],\"payload\":")
        out.appendDecimal(UInt64(Swift.max(0, segment.tcpLength - view.headerLength)))
        if let problem = view.problem {
            out.append(",\"error\":")
            appendString(problem.description, to: out)
        } else if view.headerLength > segment.tcpLength {
            out.append(",\"error\":\"header length ")
            out.appendDecimal(UInt64(view.headerLength))
            out.append(" exceeds the TCP length ")
            out.appendDecimal(UInt64(segment.tcpLength))
            out.append(" the IP header declares\"")
        }
        extra?(out)
        out.append(UInt8(ascii: "}"))
    }

    /// The fields of a header cut short by the capture: those wholly captured, and the error.
    private static func writeTruncated(_ segment: InspectedSegment, _ prefix: TCPHeaderPrefix, to out: OutputBuffer) {
        if let sourcePort = prefix.sourcePort {
            appendMember(TCPHeaderJSONField.sport.member, to: out)
            out.appendDecimal(sourcePort)
        }
        if let destinationPort = prefix.destinationPort {
            appendMember(TCPHeaderJSONField.dport.member, to: out)
            out.appendDecimal(destinationPort)
        }
        if let sequence = prefix.sequenceNumber {
            appendMember(TCPHeaderJSONField.seq.member, to: out)
            out.appendDecimal(sequence.rawValue)
        }
        if let acknowledgment = prefix.acknowledgmentNumber {
            appendMember(TCPHeaderJSONField.ack.member, to: out)
            out.appendDecimal(acknowledgment.rawValue)
        }
        // The header length is shown with the flags, once both bytes of their word are there.
        var headerLength: Int?
        if let flags = prefix.flags, let length = prefix.headerLength {
            headerLength = length
            appendMember(TCPHeaderJSONField.hlen.member, to: out)
            out.appendDecimal(UInt64(length))
            appendMember(TCPHeaderJSONField.flags.member, to: out)
            out.appendDecimal(flags.rawValue)
        }
        if let window = prefix.window {
            appendMember(TCPHeaderJSONField.win.member, to: out)
            out.appendDecimal(window)
        }
        if let checksum = prefix.checksum {
            appendMember(TCPHeaderJSONField.csum.member, to: out)
            out.appendDecimal(checksum)
        }
        appendChecksumVerdict(segment, to: out)
        if let headerLength, headerLength >= TCPSegmentView.minimumHeaderLength {
            out.append(",\"payload\":")
            out.appendDecimal(UInt64(Swift.max(0, segment.tcpLength - headerLength)))
        }
        out.append(",\"error\":\"truncated header: needed 20 bytes, ")
        out.appendDecimal(UInt64(prefix.capturedLength))
        out.append(" captured\"")
        if let shortfall = segment.headerShortfall {
            out.append(",\"truncated_by\":")
            switch shortfall {
            case .declaredByIPLength: out.append("\"ip_length\"")
            case .endedOnTheWire: out.append("\"frame\"")
            case .cutBySnapshot: out.append("\"snapshot\"")
            }
        }
    }

    /// `,"csum_ok":V`, then `,"csum_unverifiable":"why"` when the pseudo-header cannot be known.
    /// `,"layers":[{"type":"vxlan","vni":100},...]`, outermost first: the layers kept, then
    /// `{"type":"more","count":N}` for those past ``EncapsulationStack/capacity``.
    private static func writeLayers(_ encapsulation: EncapsulationStack, to out: OutputBuffer) {
        out.append(",\"layers\":[")
        for (index, layer) in encapsulation.layers.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            let (type, key): (StaticString, StaticString?)
            switch layer.kind {
            case .vxlan: (type, key) = ("vxlan", "vni")
            case .geneve: (type, key) = ("geneve", "vni")
            case .gre: (type, key) = ("gre", layer.identifier == 0 ? nil : "key")
            case .erspanTypeII: (type, key) = ("erspan2", "session")
            case .erspanTypeIII: (type, key) = ("erspan3", "session")
            case .ipInIP: (type, key) = ("ipip", nil)
            case .mpls: (type, key) = ("mpls", "label")
            case .pppoe: (type, key) = ("pppoe", "session")
            case .gtpU: (type, key) = ("gtpu", "teid")
            case .providerBackbone: (type, key) = ("pbb", "isid")
            case .eTag: (type, key) = ("etag", "ecid")
            case .vnTag: (type, key) = ("vntag", "vifs")
            case .fabricPath: (type, key) = ("fabricpath", "ftag")
            case .pptp: (type, key) = ("pptp", "call")
            }
            out.append("{\"type\":\"")
            out.append(type)
            out.append(UInt8(ascii: "\""))
            if let key {
                out.append(",\"")
                out.append(key)
                out.append("\":")
                out.appendDecimal(UInt64(layer.identifier))
            }
            out.append(UInt8(ascii: "}"))
        }
        let hidden = encapsulation.count - EncapsulationStack.capacity
        if hidden > 0 {
            out.append(",{\"type\":\"more\",\"count\":")
            out.appendDecimal(UInt64(hidden))
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func appendChecksumVerdict(_ segment: InspectedSegment, to out: OutputBuffer) {
        switch segment.checksumIsCorrect {
        case .some(true): out.append(",\"csum_ok\":true")
        case .some(false): out.append(",\"csum_ok\":false")
        case .none: out.append(",\"csum_ok\":null")
        }
        if let reason = segment.unknownPseudoHeaderReason {
            out.append(",\"csum_unverifiable\":")
            appendString(reason.description, to: out)
        }
    }

    /// Writes one option object, in the shape of `TCPOption`'s `Codable` encoding: `{"kind":K,"len":L}` plus the
    /// typed fields of MSS, window scale, timestamps and SACK, and for every kind but those, NOP, EOL and
    /// SACK-permitted, `"data"`: the value bytes (after the kind and length bytes) as lowercase hex.
    ///
    /// - Parameters:
    ///   - option: the option.
    ///   - encoded: the option's bytes as carried, kind and length bytes first (`option.encodedLength` of them).
    ///   - out: where the text goes.
    static func writeOption(_ option: TCPOption, encoded: UnsafeRawBufferPointer, to out: OutputBuffer) {
        switch option {
        case .endOfOptionList, .noOperation:
            out.append(UInt8(ascii: "{"))
            appendMember(TCPOptionJSONField.kind.member, first: true, to: out)
            out.appendDecimal(option.kind)
            out.append(UInt8(ascii: "}"))
            return
        default:
            break
        }
        out.append(UInt8(ascii: "{"))
        appendMember(TCPOptionJSONField.kind.member, first: true, to: out)
        out.appendDecimal(option.kind)
        appendMember(TCPOptionJSONField.len.member, to: out)
        out.appendDecimal(UInt64(option.encodedLength))
        switch option {
        case .maximumSegmentSize(let value):
            appendMember(TCPOptionJSONField.mss.member, to: out)
            out.appendDecimal(value)
        case .windowScale(let shift):
            appendMember(TCPOptionJSONField.shift.member, to: out)
            out.appendDecimal(shift)
        case .timestamps(let value, let echoReply):
            appendMember(TCPOptionJSONField.tsval.member, to: out)
            out.appendDecimal(value)
            appendMember(TCPOptionJSONField.tsecr.member, to: out)
            out.appendDecimal(echoReply)
        case .sack(let blocks):
            appendMember(TCPOptionJSONField.blocks.member, to: out)
            out.append(UInt8(ascii: "["))
            var first = true
            for block in blocks {
                out.append(first ? "[" : ",[")
                first = false
                out.appendDecimal(block.left.rawValue)
                out.append(UInt8(ascii: ","))
                out.appendDecimal(block.right.rawValue)
                out.append(UInt8(ascii: "]"))
            }
            out.append(UInt8(ascii: "]"))
        case .sackPermitted:
            break
        default:
            appendMember(TCPOptionJSONField.data.member, to: out)
            out.append(UInt8(ascii: "\""))
            out.appendHexBytes(encoded.dropFirst(2))
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends a member's name and colon, `,"name":` (without the comma for the first member): the text of the
    /// codec's own JSON members, which `TCPHeader`'s and `TCPOption`'s `Codable` use too.
    ///
    /// - Parameters:
    ///   - member: the member's text, `,"name":` (``TCPHeaderJSONField``'s or ``TCPOptionJSONField``'s).
    ///   - first: whether it is the object's first member.
    ///   - out: where the text goes.
    @inline(__always)
    static func appendMember(_ member: StaticString, first: Bool = false, to out: OutputBuffer) {
        member.withUTF8Buffer { text in
            out.append(raw: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[(first ? 1 : 0)...]))
        }
    }

    /// Appends a JSON string literal, escaping quotes, backslashes and control characters (RFC 8259 section 7).
    ///
    /// - Parameters:
    ///   - text: the string.
    ///   - out: where it goes.
    public static func appendString(_ text: String, to out: OutputBuffer) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""):
                out.append("\\\"")
            case UInt8(ascii: "\\"):
                out.append("\\\\")
            case 0x0A:
                out.append("\\n")
            case 0 ..< 0x20:
                out.append("\\u00")
                out.appendHex(UInt64(byte), width: 2)
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
