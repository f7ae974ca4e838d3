/// The value of a user timeout option (RFC 5482 section 2).
@frozen
public struct TCPUserTimeout: Hashable, Sendable {
    /// `true` when ``timeout`` counts minutes, `false` when it counts seconds (the G bit).
    public var granularityIsMinutes: Bool
    /// The 15-bit timeout value, `0 ... 0x7FFF`.
    public var timeout: UInt16

    /// Creates a user timeout value.
    ///
    /// - Parameters:
    ///   - granularityIsMinutes: `true` for minutes, `false` for seconds.
    ///   - timeout: the 15-bit value; the sixteenth bit is ignored when encoding.
    @inlinable
    public init(granularityIsMinutes: Bool, timeout: UInt16) {
        self.granularityIsMinutes = granularityIsMinutes
        self.timeout = timeout & 0x7FFF
    }
}

/// The value of a TCP Authentication Option (RFC 5925 section 2.2).
@frozen
public struct TCPAuthenticationOption: Hashable, Sendable {
    /// The identifier of the master key tuple used for this segment.
    public var keyID: UInt8
    /// The key the sender is ready to receive next (RNextKeyID).
    public var receiveNextKeyID: UInt8
    /// The message authentication code, 0 to 36 bytes.
    public var mac: TCPOptionData

    /// Creates an authentication option value.
    ///
    /// - Parameters:
    ///   - keyID: the KeyID field.
    ///   - receiveNextKeyID: the RNextKeyID field.
    ///   - mac: the MAC bytes (at most 36 to fit an option).
    @inlinable
    public init(keyID: UInt8, receiveNextKeyID: UInt8, mac: TCPOptionData) {
        self.keyID = keyID
        self.receiveNextKeyID = receiveNextKeyID
        self.mac = mac
    }
}

/// The value of an RFC 6994 experimental option (kinds 253 and 254) with a 16-bit experiment identifier.
@frozen
public struct TCPExperimentalOption: Hashable, Sendable {
    /// Well-known experiment identifier of TCP Fast Open carried in kind 254 (RFC 7413 section 4.1.1).
    public static let fastOpenExperimentID: UInt16 = 0xF989

    /// The option kind: 253 or 254.
    public var kind: UInt8
    /// The 16-bit experiment identifier (ExID).
    public var experimentID: UInt16
    /// The bytes after the identifier, up to 36.
    public var data: TCPOptionData

    /// Creates an experimental option value.
    ///
    /// - Parameters:
    ///   - kind: 253 or 254.
    ///   - experimentID: the ExID.
    ///   - data: the bytes after the ExID.
    @inlinable
    public init(kind: UInt8, experimentID: UInt16, data: TCPOptionData) {
        self.kind = kind
        self.experimentID = experimentID
        self.data = data
    }
}

/// The value of an Accurate ECN option (RFC 9768 section 3.2.3): zero to three 24-bit byte counters.
///
/// Order 0 (kind 172) lists EE0B, ECEB, EE1B; order 1 (kind 174) lists EE1B, ECEB, EE0B. A shorter option
/// carries a prefix of its list.
@frozen
public struct TCPAccurateECNOption: Hashable, Sendable {
    /// `0` for kind 172, `1` for kind 174.
    public var order: UInt8
    /// How many of the counters below are present: `0 ... 3`.
    public var counterCount: UInt8
    /// The first field (EE0B in order 0, EE1B in order 1), 24 bits.
    public var first: UInt32
    /// The second field (ECEB in both orders), 24 bits.
    public var second: UInt32
    /// The third field (EE1B in order 0, EE0B in order 1), 24 bits.
    public var third: UInt32

    /// Creates an Accurate ECN option value.
    ///
    /// - Parameters:
    ///   - order: `0` for kind 172, `1` for kind 174; any non-zero value means order 1.
    ///   - counterCount: how many fields are present, `0 ... 3` (larger values cannot be encoded).
    ///   - first: the first field (24 bits are kept).
    ///   - second: the second field (24 bits are kept).
    ///   - third: the third field (24 bits are kept).
    @inlinable
    public init(order: UInt8, counterCount: UInt8, first: UInt32 = 0, second: UInt32 = 0, third: UInt32 = 0) {
        self.order = order == 0 ? 0 : 1
        self.counterCount = counterCount
        self.first = counterCount >= 1 ? first & 0xFF_FFFF : 0
        self.second = counterCount >= 2 ? second & 0xFF_FFFF : 0
        self.third = counterCount >= 3 ? third & 0xFF_FFFF : 0
    }

    /// The option kind: 172 for order 0, 174 for order 1.
    @inlinable
    public var kind: UInt8 { order == 0 ? TCPOptionKind.accurateECN0 : TCPOptionKind.accurateECN1 }

    /// The ECN-Echo byte counter of CE-marked bytes (ECEB), when present.
    @inlinable
    public var ceBytes: UInt32? { counterCount >= 2 ? second : nil }

    /// The byte counter of ECT(0)-marked bytes (EE0B), when present.
    @inlinable
    public var ect0Bytes: UInt32? {
        if order == 0 { return counterCount >= 1 ? first : nil }
        return counterCount >= 3 ? third : nil
    }

    /// The byte counter of ECT(1)-marked bytes (EE1B), when present.
    @inlinable
    public var ect1Bytes: UInt32? {
        if order == 0 { return counterCount >= 3 ? third : nil }
        return counterCount >= 1 ? first : nil
    }
}
