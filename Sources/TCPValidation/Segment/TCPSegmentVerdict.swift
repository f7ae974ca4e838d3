import TCPCodec

/// The verdict on one segment judged alone: its facts, the rules it breaks, and its ECN negotiation signal.
@frozen
public struct TCPSegmentVerdict: Hashable, Sendable {
    /// The facts read from the segment.
    public var summary: TCPSegmentSummary
    /// Every stateless rule the segment breaks.
    public var anomalies: TCPAnomalySet
    /// What the AE, CWR and ECE flags say about ECN negotiation (RFC 3168 section 6.1.1, RFC 9768 section 3.1).
    public var ecn: TCPECNSignal

    /// Creates a verdict.
    ///
    /// - Parameters:
    ///   - summary: the facts.
    ///   - anomalies: the broken rules.
    ///   - ecn: the ECN signal.
    @inlinable
    public init(summary: TCPSegmentSummary, anomalies: TCPAnomalySet, ecn: TCPECNSignal) {
        self.summary = summary
        self.anomalies = anomalies
        self.ecn = ecn
    }

    /// Whether the flag combination is acceptable under the profile used (no ``TCPAnomaly/invalidFlags`` nor
    /// ``TCPAnomaly/strictFlags``).
    @inlinable
    public var flagsAreValid: Bool {
        !anomalies.contains(.invalidFlags) && !anomalies.contains(.strictFlags)
    }

    /// Whether a conforming stateless filter would drop the segment: any refusal anomaly, or strict flags.
    @inlinable
    public var isRefused: Bool { anomalies.containsRefusal || anomalies.contains(.strictFlags) }
}
