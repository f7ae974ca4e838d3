/// Where the addresses of a TCP segment's checksum pseudo-header come from.
///
/// The pseudo-header names the packet's source and its final destination (RFC 9293 section 3.1 for IPv4, RFC
/// 8200 section 8.1 for IPv6). Usually they are the IP header's own; an IPv4 source route or an IPv6 routing
/// header that is not yet complete names the final destination elsewhere, and an IPv6 Home Address option names
/// the source (RFC 6275 section 6.3). The IP header's addresses stay what the segment reports as its own
/// (``CapturedTCPSegment/source``, ``CapturedTCPSegment/destination``); these are for the checksum alone.
public enum PseudoHeaderAddressing: Hashable, Sendable {
    /// The IP header's own source and destination: nothing in the IP layer replaces them.
    case ipHeader
    /// Addresses taken from the IP layer's options or extension headers, and what they were taken from.
    ///
    /// - Parameters:
    ///   - source: the pseudo-header's source (the home address, or the IP header's source).
    ///   - destination: the pseudo-header's destination (the final destination, or the IP header's).
    ///   - changes: what replaced the IP header's addresses; never empty when the dissector made the value.
    case replaced(source: IPAddress, destination: IPAddress, changes: PseudoHeaderChanges)
    /// The addresses cannot be known, and why: the checksum cannot be verified.
    case unknown(UnknownPseudoHeaderReason)
}
