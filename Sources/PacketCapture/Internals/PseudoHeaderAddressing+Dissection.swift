extension PseudoHeaderAddressing {
    /// What has replaced the IP header's addresses so far (empty for `.ipHeader` and `.unknown`).
    var changes: PseudoHeaderChanges {
        if case .replaced(_, _, let changes) = self { return changes }
        return []
    }

    /// Records that the pseudo-header cannot be known; the first reason found is the one kept.
    ///
    /// - Parameter reason: why.
    mutating func markUnknown(_ reason: UnknownPseudoHeaderReason) {
        if case .unknown = self { return }
        self = .unknown(reason)
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
        switch self {
        case .unknown:
            return
        case .ipHeader:
            self = .replaced(source: newSource ?? ipSource, destination: newDestination ?? ipDestination,
                             changes: change)
        case .replaced(let source, let destination, let changes):
            guard changes.isDisjoint(with: change) else {
                self = .unknown(duplicate)
                return
            }
            self = .replaced(source: newSource ?? source, destination: newDestination ?? destination,
                             changes: changes.union(change))
        }
    }
}
