/// How bad an anomaly is, and whose doing it is: an endpoint's, or the capture's.
///
/// The order is from least to most serious (`info < capture < discouraged < violation`), so that a report can keep
/// the worst severity of a flow with `max`.
@frozen
public enum TCPAnomalySeverity: UInt8, CaseIterable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Worth knowing, nothing wrong: data on a SYN (TCP Fast Open), a spurious retransmission, a SYN sent again
    /// with a new ISN.
    case info = 0
    /// The capture, not an endpoint, is incomplete: the flow was picked up mid-stream, a segment or a direction
    /// was not captured, the snapshot length cut a header. Nothing any endpoint did is wrong.
    case capture = 1
    /// Legal but discouraged: a SHOULD NOT of the RFCs (a receiver shrinking its window, RFC 9293 SHLD-14), or a
    /// field a receiver ignores (reserved bits, an option on the wrong segment).
    case discouraged = 2
    /// A conforming endpoint refuses or drops the segment: it breaks a MUST of RFC 9293, 5961 or 7323, or a rule
    /// Linux enforces.
    case violation = 3

    /// The stable name: `info`, `capture`, `discouraged` or `violation`.
    public var name: StaticString {
        switch self {
        case .info: return "info"
        case .capture: return "capture"
        case .discouraged: return "discouraged"
        case .violation: return "violation"
        }
    }

    /// The stable name.
    public var description: String { name.description }

    /// Orders by seriousness.
    public static func < (lhs: TCPAnomalySeverity, rhs: TCPAnomalySeverity) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Finds a severity by its stable ``name``.
    ///
    /// - Parameter name: `info`, `capture`, `discouraged` or `violation`.
    /// - Returns: the severity, or `nil` for any other text.
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name.description == name }) else { return nil }
        self = match
    }
}
