/// The version of an IP header: 4 (RFC 791) or 6 (RFC 8200).
@frozen
public enum IPVersion: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// IPv4, RFC 791.
    case v4 = 4
    /// IPv6, RFC 8200.
    case v6 = 6

    /// `IPv4` or `IPv6`.
    public var description: String {
        self == .v4 ? "IPv4" : "IPv6"
    }
}
