/// Changes to a sequence of segments (or of any steps) the way networks and attackers change a conversation:
/// a segment repeated (a retransmission or a replay), lost, reordered, or itself mutated.
public enum TCPSequenceMutation: CaseIterable, Hashable, Sendable {
    /// One element changed by the element mutator.
    case mutateOne
    /// One element repeated, right after itself or elsewhere.
    case duplicate
    /// One element removed.
    case delete
    /// Two neighbours swapped.
    case swapNeighbours
    /// One element moved elsewhere.
    case move

    /// Applies one to three changes to `elements`.
    ///
    /// - Parameters:
    ///   - elements: the sequence; kept at most `maximumCount` long, and never emptied.
    ///   - random: the source of every choice.
    ///   - maximumCount: the most elements the result may hold.
    ///   - mutateElement: changes one element (for segments, a ``TCPSegmentMutator``).
    public static func mutate<Element>(
        _ elements: inout [Element], random: inout TCPFuzzRandom, maximumCount: Int = .max,
        mutateElement: (inout Element, inout TCPFuzzRandom) -> Void
    ) {
        guard !elements.isEmpty else { return }
        for _ in 0 ... random.below(3) {
            let index = random.below(elements.count)
            switch random.element(of: allCases) {
            case .mutateOne:
                mutateElement(&elements[index], &random)
            case .duplicate:
                guard elements.count < maximumCount else { continue }
                let copy = elements[index]
                elements.insert(copy, at: random.chance(70) ? index + 1 : random.below(elements.count + 1))
            case .delete:
                if elements.count > 1 { elements.remove(at: index) }
            case .swapNeighbours:
                if index + 1 < elements.count { elements.swapAt(index, index + 1) }
            case .move:
                let element = elements.remove(at: index)
                elements.insert(element, at: random.below(elements.count + 1))
            }
        }
    }
}
