/// What in the IP layer made the addresses of a TCP checksum's pseudo-header differ from the IP header's own.
///
/// The pseudo-header names the packet's final destination and, for a mobile node away from home, its home
/// address (RFC 9293 section 3.1, RFC 8200 section 8.1): a source route or a routing header that is not yet
/// complete puts the final destination in the route instead of the IP header, and a Home Address option puts
/// the source there.
public struct PseudoHeaderChanges: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// One bit per change.
    public var rawValue: UInt8

    /// Wraps a raw value.
    ///
    /// - Parameter rawValue: the bits, as ``rawValue`` holds them.
    @inlinable
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The destination is the last address of an IPv4 Loose (131) or Strict (137) Source Route option whose
    /// pointer is not past its end (RFC 791 section 3.1).
    @inlinable public static var sourceRoute: PseudoHeaderChanges { PseudoHeaderChanges(rawValue: 1) }
    /// The destination is the final one of an IPv6 Routing header with Segments Left above 0 (RFC 8200
    /// section 8.1): the last address of type 0, the home address of type 2 (RFC 6275 section 6.4), the last
    /// address of type 3 (RFC 6554) or Segment List[0] of type 4 (RFC 8754 section 2).
    @inlinable public static var routingHeader: PseudoHeaderChanges { PseudoHeaderChanges(rawValue: 2) }
    /// The source is the address of an IPv6 Home Address destination option (RFC 6275 section 6.3).
    @inlinable public static var homeAddress: PseudoHeaderChanges { PseudoHeaderChanges(rawValue: 4) }

    /// The changes' names joined by `+`, `source route+home address` for example; `none` when empty.
    public var description: String {
        var names: [String] = []
        if contains(.sourceRoute) { names.append("source route") }
        if contains(.routingHeader) { names.append("routing header") }
        if contains(.homeAddress) { names.append("home address") }
        return names.isEmpty ? "none" : names.joined(separator: "+")
    }
}
