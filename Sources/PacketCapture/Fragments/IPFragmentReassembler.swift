/// Puts fragmented IP datagrams back together (RFC 791 section 3.2, RFC 815, RFC 8200 section 4.5) with bounded
/// memory and time.
///
/// A datagram is known by its IP version, addresses, protocol, identification, VLAN tags and tunnel identity. Each
/// datagram in progress holds one payload buffer, one coverage map of 8-byte units (1 KiB) and the list of its
/// fragments' tags; feeding a fragment allocates nothing else.
///
/// Limits (see ``Limits``): at most ``Limits/datagrams`` datagrams in progress (a new one pushes out the oldest,
/// counted as ``DropReason/evicted``), at most ``Limits/fragmentsPerDatagram`` fragments each, at most
/// ``maximumPayloadLength`` bytes of payload each (IPv4's total length and IPv6's 16-bit offset both bound a
/// datagram so), and ``Limits/timeoutSeconds`` of capture time from a datagram's first fragment (Linux's
/// `ipfrag_time` is 30 seconds) before it is given up as ``DropReason/timedOut``.
///
/// Overlap policy: a fragment that repeats bytes already held exactly is a duplicate and is ignored
/// (``duplicateFragments``), for both versions (RFC 8200 section 4.5 allows this). Any other overlap:
/// - IPv6: the whole datagram is dropped (RFC 5722), as ``DropReason/overlap``;
/// - IPv4: the first data wins; the new fragment fills only the 8-byte units not yet held
///   (``trimmedOverlaps`` counts such fragments). The TCP header a later fragment tries to rewrite is the one the
///   first fragment gave.
///
/// A fragment other than the last whose length is not a multiple of 8 drops its datagram
/// (``DropReason/misaligned``); so do a second, different end (``DropReason/conflictingEnd``) and a fragment that
/// the capture cut short (``DropReason/truncated``), since its bytes are not all there.
public struct IPFragmentReassembler {
    /// The most payload a datagram may reassemble to, in bytes.
    public static let maximumPayloadLength = 65_535

    /// The bounds on memory and time.
    public struct Limits: Sendable {
        /// The most datagrams in progress at once.
        public var datagrams: Int
        /// The most fragments kept for one datagram.
        public var fragmentsPerDatagram: Int
        /// The capture time, in seconds, after a datagram's first fragment when it is given up.
        public var timeoutSeconds: Int64

        /// Makes limits.
        ///
        /// - Parameters:
        ///   - datagrams: the most datagrams in progress (at least 1; 64 by default).
        ///   - fragmentsPerDatagram: the most fragments per datagram (at least 1; 64 by default).
        ///   - timeoutSeconds: the reassembly timeout in capture seconds (30 by default, as Linux).
        public init(datagrams: Int = 64, fragmentsPerDatagram: Int = 64, timeoutSeconds: Int64 = 30) {
            self.datagrams = Swift.max(1, datagrams)
            self.fragmentsPerDatagram = Swift.max(1, fragmentsPerDatagram)
            self.timeoutSeconds = timeoutSeconds
        }
    }

    /// Why a datagram in progress was given up.
    public enum DropReason: Int, CaseIterable, Sendable, CustomStringConvertible {
        /// An IPv6 fragment overlapped bytes already held with other bytes (RFC 5722).
        case overlap
        /// More fragments than ``Limits/fragmentsPerDatagram``.
        case tooManyFragments
        /// A fragment reached past ``IPFragmentReassembler/maximumPayloadLength``.
        case tooLong
        /// A fragment other than the last whose length is not a multiple of 8.
        case misaligned
        /// Two last fragments with different ends, or bytes past the end the last fragment gave.
        case conflictingEnd
        /// A fragment the capture cut short.
        case truncated
        /// Not complete ``Limits/timeoutSeconds`` after its first fragment.
        case timedOut
        /// Pushed out by a new datagram when ``Limits/datagrams`` were in progress.
        case evicted
        /// Still incomplete when ``IPFragmentReassembler/finish()`` was called (the capture ended).
        case incomplete

        /// The reason's name in snake case, as summaries print it: `timed_out`.
        public var description: String {
            switch self {
            case .overlap: return "overlap"
            case .tooManyFragments: return "too_many_fragments"
            case .tooLong: return "too_long"
            case .misaligned: return "misaligned"
            case .conflictingEnd: return "conflicting_end"
            case .truncated: return "truncated"
            case .timedOut: return "timed_out"
            case .evicted: return "evicted"
            case .incomplete: return "incomplete"
            }
        }
    }

    /// What feeding one fragment did.
    public enum Outcome {
        /// The fragment was kept (or ignored as a duplicate); its datagram is not complete yet.
        case pending
        /// The fragment completed its datagram.
        case completed(ReassembledIPDatagram)
        /// The fragment's datagram was dropped, and why.
        case dropped(DropReason)
    }

    /// Which datagram a fragment belongs to.
    private struct Key: Hashable {
        var ipVersion: IPVersion
        var source: IPAddress
        var destination: IPAddress
        var protocolNumber: UInt8
        var identification: UInt32
        var vlanTags: VLANTagStack
        var tunnelIdentity: UInt64
    }

    /// A datagram in progress.
    private struct Datagram {
        var key: Key
        var firstTime: CaptureTimestamp
        var payload: [UInt8]
        /// One bit per 8-byte unit of the payload that is held: 8,192 units cover 65,536 bytes.
        var covered: [UInt64]
        var tags: [UInt64]
        /// The payload's length, once the last fragment has been seen.
        var end: Int?
        var encapsulation: EncapsulationStack
        var pseudoHeaderAddressing: PseudoHeaderAddressing
    }

    /// The limits.
    public let limits: Limits
    /// The datagrams in progress, oldest first.
    private var datagrams: [Datagram] = []
    /// Drops by ``DropReason`` raw value.
    private var drops = [UInt64](repeating: 0, count: DropReason.allCases.count)
    /// The datagrams completed so far.
    public private(set) var completedDatagrams: UInt64 = 0
    /// The fragments ignored because they repeated bytes already held.
    public private(set) var duplicateFragments: UInt64 = 0
    /// The IPv4 fragments that overlapped bytes already held and were trimmed to the rest (first data wins).
    public private(set) var trimmedOverlaps: UInt64 = 0

    /// Makes a reassembler.
    ///
    /// - Parameter limits: the bounds on memory and time.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The number of datagrams in progress.
    public var datagramsInProgress: Int { datagrams.count }

    /// The datagrams dropped so far for `reason`.
    ///
    /// - Parameter reason: the reason.
    /// - Returns: the count.
    public func droppedDatagrams(_ reason: DropReason) -> UInt64 {
        drops[reason.rawValue]
    }

    /// The datagrams dropped so far, for every reason.
    public var totalDroppedDatagrams: UInt64 { drops.reduce(0, +) }

    /// Feeds one fragment.
    ///
    /// Datagrams older than the timeout at `time` are given up first.
    ///
    /// - Parameters:
    ///   - fragment: the fragment; its payload is copied.
    ///   - time: when it was captured.
    ///   - tag: a number handed back with the datagram (a frame number).
    /// - Returns: whether the datagram is pending, complete or dropped.
    public mutating func add(_ fragment: IPFragment, time: CaptureTimestamp, tag: UInt64) -> Outcome {
        expire(at: time)
        let key = Key(
            ipVersion: fragment.ipVersion, source: fragment.source, destination: fragment.destination,
            protocolNumber: fragment.protocolNumber, identification: fragment.identification,
            vlanTags: fragment.vlanTags, tunnelIdentity: fragment.encapsulation.tunnelIdentity)
        let existing = datagrams.firstIndex { $0.key == key }
        let start = fragment.offset
        let end = fragment.offset + fragment.payload.count
        if fragment.isTruncated { return drop(existing, .truncated) }
        if end > Self.maximumPayloadLength { return drop(existing, .tooLong) }
        if fragment.moreFragments && fragment.payload.count % 8 != 0 { return drop(existing, .misaligned) }

        let index: Int
        if let existing {
            index = existing
        } else {
            if datagrams.count >= limits.datagrams {
                datagrams.removeFirst()
                drops[DropReason.evicted.rawValue] += 1
            }
            datagrams.append(
                Datagram(
                    key: key, firstTime: time, payload: [],
                    covered: [UInt64](repeating: 0, count: (Self.maximumPayloadLength + 1) / 512),
                    tags: [], end: nil, encapsulation: fragment.encapsulation,
                    pseudoHeaderAddressing: fragment.pseudoHeaderAddressing))
            datagrams[datagrams.count - 1].tags.reserveCapacity(Swift.min(limits.fragmentsPerDatagram, 8))
            index = datagrams.count - 1
        }
        if datagrams[index].tags.count >= limits.fragmentsPerDatagram { return drop(index, .tooManyFragments) }
        if !fragment.moreFragments {
            if let known = datagrams[index].end, known != end { return drop(index, .conflictingEnd) }
            if datagrams[index].payload.count > end { return drop(index, .conflictingEnd) }
            datagrams[index].end = end
        } else if let known = datagrams[index].end, end > known {
            return drop(index, .conflictingEnd)
        }
        // The units the fragment covers: start is a multiple of 8 (the offset field counts 8-byte units), and a
        // last fragment may end inside its last unit. end <= maximumPayloadLength, so every unit is in the map.
        let firstUnit = start / 8
        let endUnit = (end + 7) / 8
        var heldUnits = 0
        for unit in firstUnit ..< endUnit where datagrams[index].covered[unit >> 6] & (1 << UInt64(unit & 63)) != 0 {
            heldUnits += 1
        }
        if heldUnits > 0 {
            let isDuplicate = heldUnits == endUnit - firstUnit && end <= datagrams[index].payload.count
                && datagrams[index].payload[start ..< end].elementsEqual(fragment.payload)
            if isDuplicate {
                duplicateFragments += 1
                return .pending
            }
            if fragment.ipVersion == .v6 { return drop(index, .overlap) }
            trimmedOverlaps += 1
        }
        if datagrams[index].payload.count < end {
            datagrams[index].payload.append(contentsOf: repeatElement(0, count: end - datagrams[index].payload.count))
        }
        if start == 0 { datagrams[index].pseudoHeaderAddressing = fragment.pseudoHeaderAddressing }
        // The buffers are moved out of the table while they are written (swapping with empty arrays allocates
        // nothing), so that no copy is made and no access to the table overlaps.
        var payload: [UInt8] = []
        var covered: [UInt64] = []
        swap(&payload, &datagrams[index].payload)
        swap(&covered, &datagrams[index].covered)
        payload.withUnsafeMutableBytes { buffer in
            for unit in firstUnit ..< endUnit {
                let word = unit >> 6
                let bit: UInt64 = 1 << UInt64(unit & 63)
                // First data wins: a unit already held keeps its bytes.
                guard covered[word] & bit == 0 else { continue }
                covered[word] |= bit
                // unit * 8 >= start and Swift.min(unit * 8 + 8, end) <= end <= buffer.count (grown above).
                let from = unit * 8
                let to = Swift.min(from + 8, end)
                for position in from ..< to {
                    buffer[position] = fragment.payload[position - start]
                }
            }
        }
        swap(&payload, &datagrams[index].payload)
        swap(&covered, &datagrams[index].covered)
        datagrams[index].tags.append(tag)
        guard let total = datagrams[index].end, isCovered(datagrams[index], units: (total + 7) / 8) else {
            return .pending
        }
        let done = datagrams.remove(at: index)
        completedDatagrams += 1
        return .completed(
            ReassembledIPDatagram(
                ipVersion: key.ipVersion, source: key.source, destination: key.destination,
                protocolNumber: key.protocolNumber, identification: key.identification, payload: done.payload,
                fragmentTags: done.tags, vlanTags: key.vlanTags, encapsulation: done.encapsulation,
                pseudoHeaderAddressing: done.pseudoHeaderAddressing))
    }

    /// Gives up the datagrams whose first fragment is more than ``Limits/timeoutSeconds`` before `time`.
    ///
    /// - Parameter time: the capture time now.
    /// - Returns: how many were given up (counted as ``DropReason/timedOut``).
    @discardableResult
    public mutating func expire(at time: CaptureTimestamp) -> Int {
        guard !datagrams.isEmpty else { return 0 }
        let before = datagrams.count
        let timeout = limits.timeoutSeconds
        datagrams.removeAll { datagram in
            let elapsed = time.seconds &- datagram.firstTime.seconds
            return elapsed > timeout || (elapsed == timeout && time.nanoseconds > datagram.firstTime.nanoseconds)
        }
        let expired = before - datagrams.count
        drops[DropReason.timedOut.rawValue] += UInt64(expired)
        return expired
    }

    /// Gives up every datagram in progress (the capture ended).
    ///
    /// - Returns: how many were given up (counted as ``DropReason/incomplete``).
    @discardableResult
    public mutating func finish() -> Int {
        let count = datagrams.count
        datagrams.removeAll()
        drops[DropReason.incomplete.rawValue] += UInt64(count)
        return count
    }

    private func isCovered(_ datagram: Datagram, units: Int) -> Bool {
        let wholeWords = units >> 6
        for word in 0 ..< wholeWords where datagram.covered[word] != UInt64.max {
            return false
        }
        let rest = units & 63
        guard rest > 0 else { return true }
        let mask: UInt64 = (1 << UInt64(rest)) - 1
        return datagram.covered[wholeWords] & mask == mask
    }

    /// Drops the datagram at `index`, if any, and counts the reason.
    private mutating func drop(_ index: Int?, _ reason: DropReason) -> Outcome {
        if let index { datagrams.remove(at: index) }
        drops[reason.rawValue] += 1
        return .dropped(reason)
    }
}
