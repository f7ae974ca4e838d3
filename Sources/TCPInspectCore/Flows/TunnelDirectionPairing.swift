import PacketCapture
import TCPValidation

/// Pairs the two directions of a tunnelled flow whose tunnel identifiers differ by direction.
///
/// A flow's tunnel word (``InspectedSegment/flowTunnel``) is the hash of the tunnel path it came through: outer
/// addresses and every layer's identifier. Some tunnels choose an identifier per direction: OVN's Geneve VNIs, GRE
/// keys picked by each end, MPLS label stacks (a label-switched path runs one way). Keyed by that word alone, the
/// two directions of one connection would be two one-sided flows, each full of "unseen" acknowledgments.
///
/// Each tunnel word seen for an inner flow (addresses, ports and VLAN tags) waits, with the direction it came in,
/// for the other direction. When that direction comes through the same word, the flow is symmetric and nothing is
/// paired. When it comes through a new word of the same outer kind and depth, the new word is paired with the
/// waiting one and maps to it from then on, in both directions. A new word in the direction already seen waits for
/// a partner of its own: two tenants with the same inner addresses (the reason VNIs exist) stay two flows. Only a
/// reversed copy of a flow in another tunnel, seen before that tunnel's own first direction, would be paired wrongly.
///
/// Memory is bounded: at most `capacity` words and `capacity` waiting inner flows are remembered, and an arbitrary
/// one is forgotten to make room (its directions, if still unpaired, are then judged apart).
struct TunnelDirectionPairing {
    /// A tunnel word waiting for its flow's other direction.
    struct Waiting: Equatable {
        /// The sender of the first segment seen through it.
        var source: TCPFlowEndpoint
        /// The word.
        var tunnel: UInt64
        /// The outermost layer's kind and the number of layers, which a partner must share.
        var outerKind: EncapsulationKind?
        var depth: Int
    }

    /// The most words, and the most inner flows with waiting words, remembered.
    let capacity: Int
    /// The word each (inner flow, tunnel word) maps to: itself, or the word it was paired with.
    private var words: [TCPFlowKey: UInt64] = [:]
    /// Per inner flow, the words still waiting for the other direction (at most four).
    private var waiting: [TCPFlowKey: [Waiting]] = [:]

    init(capacity: Int) {
        self.capacity = Swift.max(1, capacity)
    }

    /// The tunnel word that identifies the segment's flow: its own, or the one its other direction came with.
    ///
    /// - Parameters:
    ///   - segment: a tunnelled segment.
    ///   - source: its sending end.
    ///   - destination: its receiving end.
    /// - Returns: the word to key its flow by.
    mutating func flowTunnel(
        for segment: InspectedSegment, source: TCPFlowEndpoint, destination: TCPFlowEndpoint
    ) -> UInt64 {
        let tunnel = segment.encapsulation.tunnelIdentity
        let vlans = segment.vlanTags.rawValue
        let inner = TCPFlowKey(source: source, destination: destination, context: TCPFlowContext(rawValue: vlans))
        let key = TCPFlowKey(
            source: source, destination: destination, context: TCPFlowContext(rawValue: vlans, tunnel: tunnel))
        if let word = words[key] {
            // The other direction through the same word: a symmetric flow, no longer waiting.
            if word == tunnel, var list = waiting[inner],
               let index = list.firstIndex(where: { $0.tunnel == tunnel && $0.source != source })
            {
                list.remove(at: index)
                waiting[inner] = list.isEmpty ? nil : list
            }
            return word
        }
        let outerKind = segment.encapsulation.layer(at: 0)?.kind
        let depth = segment.encapsulation.count
        var list = waiting[inner] ?? []
        if let index = list.firstIndex(where: {
            $0.source != source && $0.outerKind == outerKind && $0.depth == depth
        }) {
            let partner = list.remove(at: index)
            waiting[inner] = list.isEmpty ? nil : list
            remember(key, partner.tunnel)
            return partner.tunnel
        }
        remember(key, tunnel)
        if list.count >= 4 { list.removeFirst() }
        list.append(Waiting(source: source, tunnel: tunnel, outerKind: outerKind, depth: depth))
        if waiting[inner] == nil, waiting.count >= capacity { waiting.remove(at: waiting.startIndex) }
        waiting[inner] = list
        return tunnel
    }

    /// Records the word a (flow, word) key maps to, forgetting an arbitrary one when full.
    private mutating func remember(_ key: TCPFlowKey, _ word: UInt64) {
        if words.count >= capacity { words.remove(at: words.startIndex) }
        words[key] = word
    }
}
