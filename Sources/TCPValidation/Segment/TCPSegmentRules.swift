import TCPCodec

/// The stateless rules: everything that can be said about one segment without a connection.
///
/// Flag combinations (``TCPFlagProfile``), ECN negotiation (``TCPECNSignal``) and the anomalies that are legal
/// but worth flagging (RFC 9293 sections 3.1, 3.2 and 3.4; RFC 7323; RFC 7413; RFC 2018). Use a lenient view
/// (`TCPSegmentView(lenient:)`) to have data offset and option errors reported instead of thrown.
public enum TCPSegmentRules {
    /// Judges one segment alone.
    ///
    /// - Parameters:
    ///   - segment: the segment, decoded strictly or leniently.
    ///   - profile: which flag combinations are valid; ``TCPFlagProfile/conntrack`` by default.
    ///   - payloadLength: the payload length on the wire, when the capture cut the segment short (the IP length
    ///     minus the IP and TCP headers); `nil` takes the payload the view holds. When it is given and the view's
    ///     bytes end inside the TCP header, the snapshot length cut the header: that is
    ///     ``TCPAnomaly/headerCutByCapture``, not a data offset or option error.
    /// - Returns: the facts, the broken rules and the ECN signal. Allocates nothing.
    public static func judge(
        _ segment: TCPSegmentView, profile: TCPFlagProfile = .conntrack, payloadLength: Int? = nil
    ) -> TCPSegmentVerdict {
        var anomalies = TCPAnomalySet()
        let summary = summarize(segment, profile: profile, payloadLength: payloadLength, anomalies: &anomalies)
        return TCPSegmentVerdict(summary: summary, anomalies: anomalies, ecn: TCPECNSignal(flags: summary.flags))
    }

    /// The work of ``judge(_:profile:payloadLength:)`` without the verdict around it: the summary is returned and
    /// the anomalies added to `anomalies` (the ECN signal is `TCPECNSignal(flags: summary.flags)`).
    ///
    /// For ``TCPFlowObserver``, which would otherwise copy the summary into a verdict and out again on every
    /// segment.
    ///
    /// - Parameters:
    ///   - segment: the segment, decoded strictly or leniently.
    ///   - profile: which flag combinations are valid.
    ///   - payloadLength: the payload length on the wire, or `nil` for the payload the view holds.
    ///   - anomalies: where the broken rules are added.
    /// - Returns: the facts.
    @inline(__always)
    internal static func summarize(
        _ segment: TCPSegmentView, profile: TCPFlagProfile, payloadLength: Int?, anomalies: inout TCPAnomalySet
    ) -> TCPSegmentSummary {
        // A payload length known from the IP header means the wire held the whole TCP header: if the view's bytes
        // end inside it, the capture's snapshot length cut it.
        let wireKnown = payloadLength.map { $0 >= 0 } ?? false
        var summary = TCPSegmentSummary.scan(segment, anomalies: &anomalies, headerCutByCapture: wireKnown)
        if let payloadLength, payloadLength >= 0 { summary.payloadLength = UInt32(truncatingIfNeeded: payloadLength) }
        if segment.sourcePort == 0 || segment.destinationPort == 0 { anomalies.insert(.portZero) }
        // Most segments are ACK or PSH|ACK with no urgent pointer, for which `judgeFields` finds nothing under
        // either profile (`TCPSegmentRulesTests.testTheCommonShapeHasNoFieldAnomaly`): one compare instead.
        if !isCommonShape(summary.flags, urgentPointer: summary.urgentPointer) {
            anomalies.formUnion(judgeFields(
                flags: summary.flags, acknowledgmentNumber: summary.acknowledgmentNumber,
                urgentPointer: summary.urgentPointer, payloadLength: summary.payloadLength, profile: profile))
        }
        return summary
    }

    /// Whether a segment's flags are ACK or PSH|ACK (reserved bits clear) and its urgent pointer 0: the shape of
    /// most segments, in which ``judgeFields(flags:acknowledgmentNumber:urgentPointer:payloadLength:profile:)``
    /// finds nothing, whatever the rest.
    @inline(__always)
    internal static func isCommonShape(_ flags: TCPFlags, urgentPointer: UInt16) -> Bool {
        (flags.rawValue | TCPFlags.psh.rawValue) == TCPFlags.ack.union(.psh).rawValue && urgentPointer == 0
    }

    /// Applies the field rules (flags, ACK field, urgent pointer, data on SYN or RST) to a summary.
    ///
    /// Option rules need the option bytes and are applied by ``judge(_:profile:payloadLength:)`` only.
    ///
    /// - Parameters:
    ///   - summary: the segment's facts.
    ///   - profile: which flag combinations are valid.
    /// - Returns: the broken rules.
    public static func judgeFields(
        _ summary: TCPSegmentSummary, profile: TCPFlagProfile = .conntrack
    ) -> TCPAnomalySet {
        judgeFields(
            flags: summary.flags, acknowledgmentNumber: summary.acknowledgmentNumber,
            urgentPointer: summary.urgentPointer, payloadLength: summary.payloadLength, profile: profile)
    }

    /// ``judgeFields(_:profile:)`` given the fields it reads, so that `summarize` hands over four fields rather than
    /// a copy of the whole summary.
    ///
    /// - Parameters:
    ///   - flags: the flags.
    ///   - acknowledgmentNumber: SEG.ACK.
    ///   - urgentPointer: the urgent pointer.
    ///   - payloadLength: the number of payload bytes.
    ///   - profile: which flag combinations are valid.
    /// - Returns: the broken rules.
    @inline(__always)
    internal static func judgeFields(
        flags: TCPFlags, acknowledgmentNumber: SequenceNumber, urgentPointer: UInt16, payloadLength: UInt32,
        profile: TCPFlagProfile
    ) -> TCPAnomalySet {
        var anomalies = TCPAnomalySet()
        if !TCPFlagProfile.conntrackAccepts(flags) {
            anomalies.insert(.invalidFlags)
        } else if profile == .strict && !TCPFlagProfile.scrubAccepts(flags) {
            anomalies.insert(.strictFlags)
        }
        if flags.rawValue & TCPFlags.reserved.rawValue != 0 { anomalies.insert(.reservedBits) }
        if !flags.contains(.ack) && acknowledgmentNumber.rawValue != 0 { anomalies.insert(.brokenACKField) }
        if !flags.contains(.urg) && urgentPointer != 0 { anomalies.insert(.urgentPointerWithoutURG) }
        if payloadLength > 0 {
            if flags.contains(.rst) { anomalies.insert(.rstWithData) }
            if flags.contains(.syn) { anomalies.insert(.synWithData) }
        }
        return anomalies
    }
}
