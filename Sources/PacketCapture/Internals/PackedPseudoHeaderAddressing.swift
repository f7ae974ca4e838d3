/// A ``PseudoHeaderAddressing`` packed into four words and a 32-bit field for storage in a ``CapturedTCPSegment``.
///
/// A segment is handed from the dissector to the inspector's writers by value, and copied on the way. Stored as
/// an enum of two `IPAddress` values it made the segment 161 bytes, copied by calls to memcpy, and plain traffic
/// paid for it on every frame; packed, the segment is 120 bytes of whole words (see the storage note in
/// ``CapturedTCPSegment``).
@usableFromInline
struct PackedPseudoHeaderAddressing {
    /// The replacement source's words, as ``IPAddress/high`` and ``IPAddress/low`` give them.
    @usableFromInline var sourceHigh: UInt64 = 0
    @usableFromInline var sourceLow: UInt64 = 0
    /// The replacement destination's words.
    @usableFromInline var destinationHigh: UInt64 = 0
    @usableFromInline var destinationLow: UInt64 = 0
    /// Bit 0: `.replaced`; bit 1: the replacement source is IPv6; bit 2: the replacement destination is IPv6;
    /// bits 8 ..< 16: the changes; bits 16 ..< 24: the code of the unknown reason (0 when known, see
    /// `reasonCode`); bits 24 ..< 32: the reason's value (an option or routing type).
    @usableFromInline var info: UInt32 = 0

    /// The IP header's own addresses: `.ipHeader`.
    @inlinable
    init() {}

    /// Packs a value.
    ///
    /// - Parameter addressing: the value.
    @inlinable
    init(_ addressing: PseudoHeaderAddressing) {
        switch addressing {
        case .ipHeader:
            break
        case .replaced(let source, let destination, let changes):
            sourceHigh = source.high
            sourceLow = source.low
            destinationHigh = destination.high
            destinationLow = destination.low
            info = 1 | (source.version == .v6 ? 2 : 0) | (destination.version == .v6 ? 4 : 0)
                | UInt32(changes.rawValue) << 8
        case .unknown(let reason):
            let (code, value) = Self.reasonCode(reason)
            info = UInt32(code) << 16 | UInt32(value) << 24
        }
    }

    /// Whether the value is `.replaced`.
    @inlinable
    var isReplaced: Bool { info & 1 != 0 }

    /// Whether the value is `.unknown`.
    @inlinable
    var isUnknown: Bool { info & 0x00FF_0000 != 0 }

    /// The replacement source, meaningful when `isReplaced`.
    @inlinable
    var source: IPAddress {
        IPAddress(version: info & 2 != 0 ? .v6 : .v4, high: sourceHigh, low: sourceLow)
    }

    /// The replacement destination, meaningful when `isReplaced`.
    @inlinable
    var destination: IPAddress {
        IPAddress(version: info & 4 != 0 ? .v6 : .v4, high: destinationHigh, low: destinationLow)
    }

    /// The reason of `.unknown`, or `nil`.
    @inlinable
    var unknownReason: UnknownPseudoHeaderReason? {
        guard isUnknown else { return nil }
        return Self.reason(code: UInt8(truncatingIfNeeded: info >> 16), value: UInt8(truncatingIfNeeded: info >> 24))
    }

    /// What replaced the addresses, for `.replaced`.
    @inlinable
    var changes: PseudoHeaderChanges {
        PseudoHeaderChanges(rawValue: UInt8(truncatingIfNeeded: info >> 8))
    }

    /// Records that the pseudo-header cannot be known; the first reason found is the one kept.
    ///
    /// - Parameter reason: why.
    mutating func markUnknown(_ reason: UnknownPseudoHeaderReason) {
        guard !isUnknown else { return }
        self = PackedPseudoHeaderAddressing(.unknown(reason))
    }

    /// Records an address that an option or extension header names for the pseudo-header. A second replacement of
    /// the same kind leaves the pseudo-header unknown, for `duplicate`: which of the two counts is unclear.
    ///
    /// - Parameters:
    ///   - newSource: the source to name instead of the IP header's, or `nil` to keep it.
    ///   - newDestination: the destination to name instead of the IP header's, or `nil` to keep it.
    ///   - change: what named it.
    ///   - ipSource: the IP header's source address.
    ///   - ipDestination: the IP header's destination address.
    ///   - duplicate: the reason to give when `change` was recorded before.
    mutating func replace(
        source newSource: IPAddress? = nil, destination newDestination: IPAddress? = nil,
        by change: PseudoHeaderChanges, ipSource: IPAddress, ipDestination: IPAddress,
        duplicate: UnknownPseudoHeaderReason
    ) {
        guard !isUnknown else { return }
        guard isReplaced else {
            self = PackedPseudoHeaderAddressing(
                .replaced(source: newSource ?? ipSource, destination: newDestination ?? ipDestination, changes: change))
            return
        }
        guard changes.isDisjoint(with: change) else {
            markUnknown(duplicate)
            return
        }
        self = PackedPseudoHeaderAddressing(
            .replaced(source: newSource ?? source, destination: newDestination ?? destination,
                      changes: changes.union(change)))
    }

    /// The value packed.
    @inlinable
    var unpacked: PseudoHeaderAddressing {
        if let unknownReason {
            return .unknown(unknownReason)
        }
        guard isReplaced else {
            return .ipHeader
        }
        return .replaced(source: source, destination: destination, changes: changes)
    }

    /// A reason as a non-zero code and a value; ``reason(code:value:)`` reads it back. One table for both ways.
    @usableFromInline
    static func reasonCode(_ reason: UnknownPseudoHeaderReason) -> (code: UInt8, value: UInt8) {
        switch reason {
        case .malformedIPv4Options: return (1, 0)
        case .malformedSourceRoute(let optionType): return (2, optionType)
        case .multipleSourceRoutes: return (3, 0)
        case .unknownRoutingType(let type): return (4, type)
        case .malformedRoutingHeader(let type): return (5, type)
        case .multipleRoutingHeaders: return (6, 0)
        case .malformedDestinationOptions: return (7, 0)
        case .malformedHomeAddressOption: return (8, 0)
        case .multipleHomeAddressOptions: return (9, 0)
        }
    }

    /// The reason a code and value from ``reasonCode(_:)`` stand for.
    @usableFromInline
    static func reason(code: UInt8, value: UInt8) -> UnknownPseudoHeaderReason {
        switch code {
        case 1: return .malformedIPv4Options
        case 2: return .malformedSourceRoute(optionType: value)
        case 3: return .multipleSourceRoutes
        case 4: return .unknownRoutingType(value)
        case 5: return .malformedRoutingHeader(routingType: value)
        case 6: return .multipleRoutingHeaders
        case 7: return .malformedDestinationOptions
        case 8: return .malformedHomeAddressOption
        default:
            assert(code == 9, "reason code \(code) was never packed")
            return .multipleHomeAddressOptions
        }
    }
}

extension IPAddress {
    /// Rebuilds an address from its version and words, as ``IPAddress/version``, ``IPAddress/high`` and
    /// ``IPAddress/low`` give them.
    ///
    /// - Parameters:
    ///   - version: the family.
    ///   - high: bytes 0 ..< 8 (IPv4: the address in the top 32 bits).
    ///   - low: bytes 8 ..< 16 (0 for IPv4).
    @inlinable
    init(version: IPVersion, high: UInt64, low: UInt64) {
        switch version {
        case .v4:
            self.init(ipv4: UInt32(truncatingIfNeeded: high >> 32))
        case .v6:
            self.init(ipv6High: high, low: low)
        }
    }
}
