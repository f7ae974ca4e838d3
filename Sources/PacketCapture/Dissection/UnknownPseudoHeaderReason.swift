/// Why the addresses of a TCP checksum's pseudo-header cannot be known from the captured IP header.
///
/// The checksum covers the packet's final destination and a mobile node's home address (RFC 9293 section 3.1,
/// RFC 8200 section 8.1). When the IP layer names them in a way the dissector cannot read, the checksum cannot
/// be verified: such a segment is unverifiable, not wrong. These are facts about what the capture shows, not
/// verdicts on an endpoint.
public enum UnknownPseudoHeaderReason: Hashable, Sendable, CustomStringConvertible {
    /// The IPv4 options do not parse (RFC 791 section 3.1): an option's length byte is missing, below 2, or
    /// runs past the end of the header, so a source route among them cannot be ruled out.
    case malformedIPv4Options
    /// An IPv4 Loose (131) or Strict (137) Source Route option whose route is not complete but whose last
    /// address cannot be read: a pointer below 4, or a length that is not 3 plus a positive multiple of 4.
    case malformedSourceRoute(optionType: UInt8)
    /// More than one IPv4 source route option (RFC 791 allows one): which route is the packet's is unclear.
    case multipleSourceRoutes
    /// An IPv6 Routing header with Segments Left above 0 of a type whose final destination is not read here
    /// (types 0, 2, 3 and 4 are).
    case unknownRoutingType(UInt8)
    /// An IPv6 Routing header of a type read here, with Segments Left above 0, whose addresses cannot be read: a
    /// length that does not fit its type, or more segments left than it holds addresses.
    case malformedRoutingHeader(routingType: UInt8)
    /// More than one IPv6 Routing header, at least one of them with Segments Left above 0 (RFC 8200 section 4.1
    /// allows one): which one names the final destination is unclear.
    case multipleRoutingHeaders
    /// The options of an IPv6 Destination Options header run past its end (RFC 8200 section 4.2), so a Home
    /// Address option among them cannot be ruled out.
    case malformedDestinationOptions
    /// A Home Address option (type 0xC9) whose data is not 16 bytes (RFC 6275 section 6.3).
    case malformedHomeAddressOption
    /// More than one Home Address option: which address is the source is unclear.
    case multipleHomeAddressOptions

    /// A short phrase naming the problem and its values, `unknown routing header type 5` for example.
    public var description: String {
        switch self {
        case .malformedIPv4Options:
            return "malformed IPv4 options"
        case .malformedSourceRoute(let optionType):
            return optionType == 137 ? "malformed strict source route" : "malformed loose source route"
        case .multipleSourceRoutes:
            return "more than one IPv4 source route"
        case .unknownRoutingType(let type):
            return "unknown routing header type \(type)"
        case .malformedRoutingHeader(let type):
            return "malformed routing header type \(type)"
        case .multipleRoutingHeaders:
            return "more than one routing header"
        case .malformedDestinationOptions:
            return "malformed destination options"
        case .malformedHomeAddressOption:
            return "malformed home address option"
        case .multipleHomeAddressOptions:
            return "more than one home address option"
        }
    }
}
