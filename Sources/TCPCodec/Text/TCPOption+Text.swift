extension TCPOption: CustomStringConvertible, CustomDebugStringConvertible {
    /// The option as tcpdump prints it in a segment's option list: `mss 1460`, `sackOK`, `TS val 1 ecr 2`,
    /// `wscale 7`, `sack 1 {1000:2000}`, `mptcp 12 capable v1 flags [H] {0x...}`, `unknown-99 0x0102`, ...
    ///
    /// The text is what ``TCPOptionTextWriter`` writes for an option area that holds this option alone: the option's
    /// wire form read with tcpdump's rules, with no segment around it (so a Multipath TCP option is not checked
    /// against the SYN and ACK flags of its exchange step). A ``malformed(kind:data:)`` option reads as tcpdump
    /// reads such bytes: `mss[bad opt]` for an MSS option of length 3, whose 2-byte value does not fit;
    /// `mss 1460[len 5],eol` for one of length 5 holding `05 b4 00`, where tcpdump reads the value, notes the length
    /// and reads on after the value. An option too long to encode (more than 40 bytes) is its kind's name and
    /// `(cannot be encoded)`.
    public var description: String {
        TextCollector.text { writeDescription(to: &$0) }
    }

    /// Every field of the case: `TCPOption.maximumSegmentSize(1460)`, `TCPOption.timestamps(value: 1,
    /// echoReply: 2)`, `TCPOption.unknown(kind: 99, data: 0x0102)`, ...
    ///
    /// Option bytes print as `0x` and their hexadecimal digits, or `[]` when there are none.
    public var debugDescription: String {
        TextCollector.text { output in
            output.writeText("TCPOption")
            writeCaseLiteral(to: &output)
        }
    }

    private func writeDescription(to output: inout TextCollector) {
        let length = encodedLength
        var scratch = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &scratch) { raw in
            guard length <= raw.count, let base = raw.baseAddress, (try? write(to: base, at: 0)) != nil else {
                TCPOptionTextWriter.writeName(of: kind, to: &output)
                output.writeText(" (cannot be encoded)")
                return
            }
            let area = UnsafeRawBufferPointer(rebasing: raw[0 ..< length])
            let writer = TCPOptionTextWriter(bytes: area, headerLength: length, flags: nil)
            _ = writer.writeList(TCPOptions(base: area.baseAddress, start: 0, end: length), to: &output)
        }
    }

    /// `.maximumSegmentSize(1460)`: the case and its values, as an element of a list literal.
    func writeCaseLiteral(to output: inout TextCollector) {
        switch self {
        case .endOfOptionList:
            output.writeText(".endOfOptionList")
        case .noOperation:
            output.writeText(".noOperation")
        case .maximumSegmentSize(let value):
            output.writeText(".maximumSegmentSize(")
            output.writeDecimal(UInt64(value))
            output.writeText(")")
        case .windowScale(let shift):
            output.writeText(".windowScale(")
            output.writeDecimal(UInt64(shift))
            output.writeText(")")
        case .sackPermitted:
            output.writeText(".sackPermitted")
        case .sack(let blocks):
            output.writeText(".sack(")
            output.writeText(string: blocks.debugDescription)
            output.writeText(")")
        case .timestamps(let value, let echoReply):
            output.writeText(".timestamps(value: ")
            output.writeDecimal(UInt64(value))
            output.writeText(", echoReply: ")
            output.writeDecimal(UInt64(echoReply))
            output.writeText(")")
        case .md5Signature(let digest):
            output.writeText(".md5Signature(")
            Self.writeData(digest, to: &output)
            output.writeText(")")
        case .userTimeout(let timeout):
            output.writeText(".userTimeout(TCPUserTimeout(granularityIsMinutes: ")
            output.writeText(timeout.granularityIsMinutes ? "true" : "false")
            output.writeText(", timeout: ")
            output.writeDecimal(UInt64(timeout.timeout))
            output.writeText("))")
        case .authentication(let authentication):
            output.writeText(".authentication(TCPAuthenticationOption(keyID: ")
            output.writeDecimal(UInt64(authentication.keyID))
            output.writeText(", receiveNextKeyID: ")
            output.writeDecimal(UInt64(authentication.receiveNextKeyID))
            output.writeText(", mac: ")
            Self.writeData(authentication.mac, to: &output)
            output.writeText("))")
        case .multipath(let multipath):
            output.writeText(".multipath(MPTCPOption(subtype: ")
            Self.writeSubtype(multipath.subtype, to: &output)
            output.writeText(", subtypeBits: ")
            output.writeDecimal(UInt64(multipath.subtypeBits))
            output.writeText(", data: ")
            Self.writeData(multipath.data, to: &output)
            output.writeText("))")
        case .fastOpenCookie(let cookie):
            output.writeText(".fastOpenCookie(")
            Self.writeData(cookie, to: &output)
            output.writeText(")")
        case .accurateECN(let accurateECN):
            output.writeText(".accurateECN(TCPAccurateECNOption(order: ")
            output.writeDecimal(UInt64(accurateECN.order))
            output.writeText(", counterCount: ")
            output.writeDecimal(UInt64(accurateECN.counterCount))
            output.writeText(", first: ")
            output.writeDecimal(UInt64(accurateECN.first))
            output.writeText(", second: ")
            output.writeDecimal(UInt64(accurateECN.second))
            output.writeText(", third: ")
            output.writeDecimal(UInt64(accurateECN.third))
            output.writeText("))")
        case .experimental(let experiment):
            output.writeText(".experimental(TCPExperimentalOption(kind: ")
            output.writeDecimal(UInt64(experiment.kind))
            output.writeText(", experimentID: 0x")
            output.writeHex(UInt64(experiment.experimentID), width: 4)
            output.writeText(", data: ")
            Self.writeData(experiment.data, to: &output)
            output.writeText("))")
        case .unknown(let kind, let data), .malformed(let kind, let data):
            if case .unknown = self {
                output.writeText(".unknown(kind: ")
            } else {
                output.writeText(".malformed(kind: ")
            }
            output.writeDecimal(UInt64(kind))
            output.writeText(", data: ")
            Self.writeData(data, to: &output)
            output.writeText(")")
        }
    }

    /// `0x0102`, or `[]` for no byte.
    static func writeData(_ data: TCPOptionData, to output: inout TextCollector) {
        guard data.count > 0 else {
            output.writeText("[]")
            return
        }
        output.writeText("0x")
        data.withUnsafeBytes { output.writeHexBytes($0) }
    }

    /// `.capable`, ..., or `MPTCPSubtype(rawValue: 9)` for a subtype without a name of its own.
    private static func writeSubtype(_ subtype: MPTCPSubtype, to output: inout TextCollector) {
        switch subtype {
        case .capable: output.writeText(".capable")
        case .join: output.writeText(".join")
        case .dataSequenceSignal: output.writeText(".dataSequenceSignal")
        case .addAddress: output.writeText(".addAddress")
        case .removeAddress: output.writeText(".removeAddress")
        case .priority: output.writeText(".priority")
        case .fail: output.writeText(".fail")
        case .fastClose: output.writeText(".fastClose")
        case .tcpReset: output.writeText(".tcpReset")
        case .experimental: output.writeText(".experimental")
        default:
            output.writeText("MPTCPSubtype(rawValue: ")
            output.writeDecimal(UInt64(subtype.rawValue))
            output.writeText(")")
        }
    }
}
