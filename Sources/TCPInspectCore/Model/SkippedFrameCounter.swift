import PacketCapture

/// Counts the frames that hold no TCP segment, by why, in bounded memory: nothing a capture holds is dropped
/// without a word.
///
/// A reason is what stopped the dissector: a link type it does not read, an EtherType, a loopback address family,
/// or an IP protocol other than TCP (fragments without a TCP header are counted on their own, as
/// ``InspectStatistics/nonFirstFragments``). At most ``capacity`` distinct reasons are kept (a hostile capture could
/// use every EtherType and address family); frames of any further reason are counted together as ``overflow``.
public struct SkippedFrameCounter: Hashable, Sendable {
    /// The most distinct reasons kept.
    public static let capacity = 256

    /// The number of frames per reason.
    public private(set) var counts: [NotTCPReason: UInt64] = [:]
    /// Frames whose reason came after ``capacity`` others.
    public private(set) var overflow: UInt64 = 0

    /// An empty count.
    public init() {}

    /// Counts one frame.
    ///
    /// - Parameter reason: why the frame holds no TCP segment.
    public mutating func add(_ reason: NotTCPReason) {
        if let index = counts.index(forKey: reason) {
            counts.values[index] += 1
        } else if counts.count < Self.capacity {
            counts[reason] = 1
        } else {
            overflow += 1
        }
    }

    /// The total number of frames counted.
    public var total: UInt64 { counts.values.reduce(overflow, +) }

    /// The reasons as text with their counts, most frames first (ties in the order of their text), with
    /// `other reasons` last when some were not kept apart.
    public var described: [(reason: String, frames: UInt64)] {
        var list = counts.map { (reason: FrameNoteText.describe($0.key), frames: $0.value) }
        list.sort { $0.frames != $1.frames ? $0.frames > $1.frames : $0.reason < $1.reason }
        if overflow > 0 { list.append((reason: "other reasons", frames: overflow)) }
        return list
    }
}
