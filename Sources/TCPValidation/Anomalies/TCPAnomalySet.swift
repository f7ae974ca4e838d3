/// A set of ``TCPAnomaly`` values held in two 64-bit words: no allocation, cheap to copy and to merge.
///
/// Iterating yields the anomalies in raw-value order. ``description`` joins their stable names with `,`
/// (for display only: it allocates a string).
@frozen
public struct TCPAnomalySet: Hashable, Sendable, Sequence, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// Bits 0 ..< 64: the anomalies with raw values 0 ..< 64.
    public var low: UInt64
    /// Bits 64 ..< 128: the anomalies with raw values 64 ..< 128.
    public var high: UInt64

    /// The empty set.
    @inlinable
    public init() {
        low = 0
        high = 0
    }

    /// A set from its two words, as read from ``low`` and ``high``.
    ///
    /// - Parameters:
    ///   - low: bits for raw values 0 ..< 64.
    ///   - high: bits for raw values 64 ..< 128.
    @inlinable
    public init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// A set holding the given anomalies.
    ///
    /// - Parameter elements: the anomalies.
    @inlinable
    public init(arrayLiteral elements: TCPAnomaly...) {
        self.init()
        for element in elements { insert(element) }
    }

    /// A set holding the anomalies of a sequence.
    ///
    /// - Parameter anomalies: the anomalies.
    @inlinable
    public init(_ anomalies: some Sequence<TCPAnomaly>) {
        self.init()
        for anomaly in anomalies { insert(anomaly) }
    }

    /// Whether the set holds no anomaly.
    @inlinable
    public var isEmpty: Bool { low == 0 && high == 0 }

    /// The number of anomalies in the set.
    ///
    /// An empty set, the common case, answers without counting bits (a population count is some 20 instructions
    /// per word on processors without a POPCNT instruction, the x86-64 baseline).
    @inlinable
    public var count: Int { low | high == 0 ? 0 : low.nonzeroBitCount + high.nonzeroBitCount }

    /// Whether `anomaly` is in the set.
    ///
    /// - Parameter anomaly: the anomaly to look for.
    /// - Returns: `true` when it is present.
    @inlinable @inline(__always)
    public func contains(_ anomaly: TCPAnomaly) -> Bool {
        let bit = anomaly.rawValue
        return bit < 64 ? low & (1 << UInt64(bit)) != 0 : high & (1 << UInt64(bit - 64)) != 0
    }

    /// Adds an anomaly.
    ///
    /// - Parameter anomaly: the anomaly to add.
    @inlinable @inline(__always)
    public mutating func insert(_ anomaly: TCPAnomaly) {
        let bit = anomaly.rawValue
        if bit < 64 { low |= 1 << UInt64(bit) } else { high |= 1 << UInt64(bit - 64) }
    }

    /// Removes an anomaly.
    ///
    /// - Parameter anomaly: the anomaly to remove.
    @inlinable @inline(__always)
    public mutating func remove(_ anomaly: TCPAnomaly) {
        let bit = anomaly.rawValue
        if bit < 64 { low &= ~(1 << UInt64(bit)) } else { high &= ~(1 << UInt64(bit - 64)) }
    }

    /// Adds every anomaly of `other`.
    ///
    /// - Parameter other: the anomalies to add.
    @inlinable
    public mutating func formUnion(_ other: TCPAnomalySet) {
        low |= other.low
        high |= other.high
    }

    /// The anomalies in either set.
    ///
    /// - Parameter other: the other set.
    /// - Returns: the union.
    @inlinable
    public func union(_ other: TCPAnomalySet) -> TCPAnomalySet {
        TCPAnomalySet(low: low | other.low, high: high | other.high)
    }

    /// The anomalies in both sets (use it to filter by a set of interesting names).
    ///
    /// - Parameter other: the other set.
    /// - Returns: the intersection.
    @inlinable
    public func intersection(_ other: TCPAnomalySet) -> TCPAnomalySet {
        TCPAnomalySet(low: low & other.low, high: high & other.high)
    }

    /// The anomalies of this set that are not in `other` (use it to ignore some names).
    ///
    /// - Parameter other: the anomalies to leave out.
    /// - Returns: the difference.
    @inlinable
    public func subtracting(_ other: TCPAnomalySet) -> TCPAnomalySet {
        TCPAnomalySet(low: low & ~other.low, high: high & ~other.high)
    }

    /// Whether any anomaly in the set is a refusal (``TCPAnomaly/isRefusal``).
    public var containsRefusal: Bool {
        for anomaly in self where anomaly.isRefusal { return true }
        return false
    }

    /// The anomalies of the set with the given severity.
    ///
    /// - Parameter severity: the severity to keep.
    /// - Returns: the subset.
    public func filter(severity: TCPAnomalySeverity) -> TCPAnomalySet {
        var kept = TCPAnomalySet()
        for anomaly in self where anomaly.severity == severity { kept.insert(anomaly) }
        return kept
    }

    /// The most serious severity in the set, or `nil` when it is empty.
    public var worstSeverity: TCPAnomalySeverity? {
        var worst: TCPAnomalySeverity?
        for anomaly in self where worst.map({ anomaly.severity > $0 }) ?? true { worst = anomaly.severity }
        return worst
    }

    /// Yields the anomalies in raw-value order.
    @frozen
    public struct Iterator: IteratorProtocol {
        @usableFromInline
        internal var low: UInt64
        @usableFromInline
        internal var high: UInt64

        @inlinable
        internal init(low: UInt64, high: UInt64) {
            self.low = low
            self.high = high
        }

        /// The next anomaly, or `nil` when all have been yielded.
        @inlinable
        public mutating func next() -> TCPAnomaly? {
            while low != 0 {
                let bit = low.trailingZeroBitCount
                low &= low &- 1  // Clears the lowest set bit (wrapping is the bit trick's meaning).
                if let anomaly = TCPAnomaly(rawValue: UInt8(bit)) { return anomaly }
            }
            while high != 0 {
                let bit = high.trailingZeroBitCount
                high &= high &- 1  // Clears the lowest set bit (wrapping is the bit trick's meaning).
                if let anomaly = TCPAnomaly(rawValue: UInt8(64 + bit)) { return anomaly }
            }
            return nil
        }
    }

    /// An iterator over the anomalies.
    @inlinable
    public func makeIterator() -> Iterator { Iterator(low: low, high: high) }

    /// The stable names joined by `,`, or `none`.
    public var description: String {
        var text = ""
        for anomaly in self {
            if !text.isEmpty { text += "," }
            text += anomaly.name.description
        }
        return text.isEmpty ? "none" : text
    }
}
