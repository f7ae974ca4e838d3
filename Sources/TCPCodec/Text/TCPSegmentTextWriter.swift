/// Writes a TCP segment as one line in the style of `tcpdump -n`: the one place that says how a segment reads as
/// text, for ``TCPSegmentView/description`` and for tools.
///
/// ```
/// 47001 > 8080: Flags [S], seq 1, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0
/// ```
///
/// Fields follow tcpdump's rules: `seq` is shown when the segment carries data or SYN, FIN or RST (or always,
/// with ``alwaysShowSequence``, as `tcpdump -vv` does), as `first:end` when it carries data; `ack` when ACK is set;
/// `urg` when URG is set; `options [...]` when the header has an option area (``TCPOptionTextWriter``); `length` is
/// the payload length. A header that cannot be shown whole ends the line the way tcpdump does: `[|tcp]` where the
/// captured bytes end, `[bad opt]` at a malformed option, `[bad hdr length ...]` for a data offset out of range.
///
/// The writer holds no output: each method writes into the ``TCPTextOutput`` it is given, so a tool's byte buffer
/// takes the text with no `String` built.
@frozen
public struct TCPSegmentTextWriter: Hashable, Sendable {
    /// Write `seq` on every segment, as `tcpdump -vv` does, not only on those with data, SYN, FIN or RST.
    public var alwaysShowSequence: Bool

    /// Makes a writer.
    ///
    /// - Parameter alwaysShowSequence: write `seq` on every segment.
    @inlinable
    public init(alwaysShowSequence: Bool = false) {
        self.alwaysShowSequence = alwaysShowSequence
    }

    /// Writes the whole line of a segment with absolute numbers: `SPORT > DPORT: ` and the body
    /// (``writeBody(_:segmentLength:sequenceNumber:acknowledgmentNumber:sackBase:expectedChecksum:to:)``), taking
    /// the view's bytes for the whole segment.
    ///
    /// - Parameters:
    ///   - view: the segment.
    ///   - output: where the text goes.
    @inlinable
    public func write<Output: TCPTextOutput>(_ view: TCPSegmentView, to output: inout Output) {
        output.writeDecimal(UInt64(view.sourcePort))
        output.writeText(" > ")
        output.writeDecimal(UInt64(view.destinationPort))
        output.writeText(": ")
        writeBody(
            view, segmentLength: view.bytes.count, sequenceNumber: view.sequenceNumber.rawValue,
            acknowledgmentNumber: view.acknowledgmentNumber.rawValue, sackBase: 0, expectedChecksum: nil,
            to: &output)
    }

    /// Writes what tcpdump prints after the ports: `Flags [S.], seq 1, ack 1, win 512, options [...], length 0`.
    ///
    /// - Parameters:
    ///   - view: the segment, decoded leniently or strictly; its bytes are those captured, header first.
    ///   - segmentLength: the length of the whole segment, header and payload: the length the IP header declares,
    ///     which may exceed what was captured.
    ///   - sequenceNumber: the sequence number to write (the view's, or one made relative to the connection).
    ///   - acknowledgmentNumber: the acknowledgment number to write.
    ///   - sackBase: subtracted from SACK block edges; 0 for absolute numbers.
    ///   - expectedChecksum: the right checksum when the view's checksum field is wrong, which then writes
    ///     `, cksum 0xCARRIED (incorrect -> 0xRIGHT)` after the flags as `tcpdump -v` does; `nil` otherwise.
    ///   - output: where the text goes.
    @inlinable
    public func writeBody<Output: TCPTextOutput>(
        _ view: TCPSegmentView, segmentLength: Int, sequenceNumber: UInt32, acknowledgmentNumber: UInt32,
        sackBase: UInt32, expectedChecksum: UInt16?, to output: inout Output
    ) {
        let headerLength = view.headerLength
        guard headerLength >= TCPHeaderLayout.minimumHeaderLength else {
            Self.writeHeaderTooShort(headerLength: headerLength, segmentLength: segmentLength, to: &output)
            return
        }
        let flags = view.flags
        output.writeText("Flags [")
        Self.writeFlags(flags, to: &output)
        output.writeByte(UInt8(ascii: "]"))
        guard headerLength <= segmentLength else {
            output.writeText(" [bad hdr length ")
            output.writeDecimal(UInt64(headerLength))
            output.writeText(" - too long, > ")
            output.writeDecimal(UInt64(segmentLength))
            output.writeText("] (invalid)")
            return
        }
        if let expectedChecksum {
            output.writeText(", cksum 0x")
            output.writeHex(UInt64(view.checksum), width: 4)
            output.writeText(" (incorrect -> 0x")
            output.writeHex(UInt64(expectedChecksum), width: 4)
            output.writeText(")")
        }
        let payloadLength = segmentLength - headerLength
        // Three tests rather than an option set literal, which an unoptimized build makes an array for.
        if alwaysShowSequence || payloadLength > 0 || flags.contains(.syn) || flags.contains(.fin)
            || flags.contains(.rst)
        {
            output.writeText(", seq ")
            output.writeDecimal(UInt64(sequenceNumber))
            if payloadLength > 0 {
                output.writeByte(UInt8(ascii: ":"))
                // The end of the range wraps like the sequence space.
                output.writeDecimal(UInt64(sequenceNumber &+ UInt32(truncatingIfNeeded: payloadLength)))
            }
        }
        if flags.contains(.ack) {
            output.writeText(", ack ")
            output.writeDecimal(UInt64(acknowledgmentNumber))
        }
        output.writeText(", win ")
        output.writeDecimal(UInt64(view.window))
        if flags.contains(.urg) {
            output.writeText(", urg ")
            output.writeDecimal(UInt64(view.urgentPointer))
        }
        if headerLength > TCPHeaderLayout.minimumHeaderLength {
            output.writeText(", options [")
            let options = TCPOptionTextWriter(
                bytes: view.bytes, headerLength: headerLength, flags: flags, sackBase: sackBase)
            guard options.writeList(view.options, to: &output) else {
                return
            }
            output.writeByte(UInt8(ascii: "]"))
        }
        output.writeText(", length ")
        output.writeDecimal(UInt64(payloadLength))
    }

    /// Writes tcpdump's words for a data offset below 5: ` tcp PAYLOAD [bad hdr length H - too short, < 20]
    /// (invalid)`, where PAYLOAD is the segment length less the header length the data offset announces.
    ///
    /// - Parameters:
    ///   - headerLength: the header length the data offset announces, below 20.
    ///   - segmentLength: the length of the whole segment, header and payload.
    ///   - output: where the text goes.
    @inlinable
    public static func writeHeaderTooShort<Output: TCPTextOutput>(
        headerLength: Int, segmentLength: Int, to output: inout Output
    ) {
        let payloadLength = segmentLength - headerLength
        output.writeText(" tcp ")
        if payloadLength < 0 {
            output.writeByte(UInt8(ascii: "-"))
        }
        output.writeDecimal(UInt64(payloadLength.magnitude))
        output.writeText(" [bad hdr length ")
        output.writeDecimal(UInt64(headerLength.magnitude))
        output.writeText(" - too short, < ")
        output.writeDecimal(UInt64(TCPHeaderLayout.minimumHeaderLength))
        output.writeText("] (invalid)")
    }

    /// Writes the flag letters tcpdump uses, in its order: `F` FIN, `S` SYN, `R` RST, `P` PSH, `.` ACK, `U` URG,
    /// `E` ECE, `W` CWR and `e` for AE (RFC 9768, formerly NS); `none` when none of these is set. Reserved bits are
    /// not shown (tcpdump does not show them either).
    ///
    /// - Parameters:
    ///   - flags: the flags.
    ///   - output: where the letters go.
    @inlinable
    public static func writeFlags<Output: TCPTextOutput>(_ flags: TCPFlags, to output: inout Output) {
        // The letters of bits 0 ... 8 of the flags field, FIN first: tcpdump's order is the bits' order.
        let letters: StaticString = "FSRP.UEWe"
        let shown = flags.rawValue & 0x1FF
        if shown == 0 {
            output.writeText("none")
            return
        }
        var index = 0
        while index < letters.utf8CodeUnitCount {
            if shown & (1 &<< UInt16(index)) != 0 {
                output.writeByte(letters.utf8Start[index])
            }
            index += 1
        }
    }
}
