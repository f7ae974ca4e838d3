/// When a flow reached each step of its life, in the caller's timestamps (nanoseconds on the caller's clock).
///
/// Stored compactly (the times, and one bit per step saying whether it was reached) so that a flow's record stays
/// small in the observer's table; each step reads and writes as an optional.
@frozen
public struct TCPFlowMilestones: Hashable, Sendable {
    // What every segment reads or writes first (the last time, which steps were reached), then the rest, so that a
    // segment touches the fewest cache lines of its flow's slot.

    /// The last segment.
    public var lastSeen: UInt64 = 0
    /// One bit per ``Step``: whether it was reached.
    @usableFromInline
    internal var reached: UInt8 = 0
    /// The first segment.
    public var firstSeen: UInt64 = 0
    /// The times of the steps, by ``Step`` raw value; meaningful where ``reached`` has the step's bit.
    @usableFromInline
    internal var times: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0)

    /// The steps, by their bit in ``reached``.
    @usableFromInline
    internal enum Step: Int {
        case syn, synAck, established, clientFIN, serverFIN, reset, closed
    }

    /// Nothing reached yet.
    @inlinable
    public init() {}

    @inlinable @inline(__always)
    internal func time(_ step: Step) -> UInt64? {
        guard reached & (1 << UInt8(step.rawValue)) != 0 else { return nil }
        switch step {
        case .syn: return times.0
        case .synAck: return times.1
        case .established: return times.2
        case .clientFIN: return times.3
        case .serverFIN: return times.4
        case .reset: return times.5
        case .closed: return times.6
        }
    }

    @inlinable @inline(__always)
    internal mutating func setTime(_ step: Step, _ time: UInt64?) {
        let bit: UInt8 = 1 << UInt8(step.rawValue)
        reached = time == nil ? reached & ~bit : reached | bit
        let value = time ?? 0
        switch step {
        case .syn: times.0 = value
        case .synAck: times.1 = value
        case .established: times.2 = value
        case .clientFIN: times.3 = value
        case .serverFIN: times.4 = value
        case .reset: times.5 = value
        case .closed: times.6 = value
        }
    }

    /// The client's first SYN.
    @inlinable
    public var syn: UInt64? {
        get { time(.syn) }
        set { setTime(.syn, newValue) }
    }
    /// The server's first SYN-ACK.
    @inlinable
    public var synAck: UInt64? {
        get { time(.synAck) }
        set { setTime(.synAck, newValue) }
    }
    /// Both endpoints ESTABLISHED (the handshake's final ACK).
    @inlinable
    public var established: UInt64? {
        get { time(.established) }
        set { setTime(.established, newValue) }
    }
    /// The client's first FIN.
    @inlinable
    public var clientFIN: UInt64? {
        get { time(.clientFIN) }
        set { setTime(.clientFIN, newValue) }
    }
    /// The server's first FIN.
    @inlinable
    public var serverFIN: UInt64? {
        get { time(.serverFIN) }
        set { setTime(.serverFIN, newValue) }
    }
    /// The first accepted RST.
    @inlinable
    public var reset: UInt64? {
        get { time(.reset) }
        set { setTime(.reset, newValue) }
    }
    /// Both endpoints CLOSED or in TIME-WAIT.
    @inlinable
    public var closed: UInt64? {
        get { time(.closed) }
        set { setTime(.closed, newValue) }
    }

    /// Equal when the first and last times and every step reached, with its time, are equal.
    public static func == (lhs: TCPFlowMilestones, rhs: TCPFlowMilestones) -> Bool {
        lhs.firstSeen == rhs.firstSeen && lhs.lastSeen == rhs.lastSeen && lhs.syn == rhs.syn
            && lhs.synAck == rhs.synAck && lhs.established == rhs.established && lhs.clientFIN == rhs.clientFIN
            && lhs.serverFIN == rhs.serverFIN && lhs.reset == rhs.reset && lhs.closed == rhs.closed
    }

    /// Hashes what ``==`` compares.
    ///
    /// - Parameter hasher: the hasher.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(firstSeen)
        hasher.combine(lastSeen)
        for step in [syn, synAck, established, clientFIN, serverFIN, reset, closed] { hasher.combine(step) }
    }
}
