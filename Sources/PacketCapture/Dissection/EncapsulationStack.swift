import TCPCodec

/// The tunnels and encapsulations a TCP segment was found inside, outermost first, and a 64-bit identity of the
/// tunnel path that separates its flow from the same addresses and ports elsewhere.
///
/// A value of fixed size, so dissection never allocates: the outer ``capacity`` layers are kept, deeper ones only
/// counted and hashed (the dissector follows at most ``depthLimit``). An untunnelled segment has no layers and an
/// identity of 0. Two layers are kept so that a `CapturedTCPSegment` stays 128 bytes, copied without a call to
/// memcpy on the path of every plain frame; real captures rarely nest deeper.
///
/// ``tunnelIdentity`` is a hash, not a name: it folds, in order, every outer IP header's two addresses (as an
/// unordered pair, so both directions of a flow agree) and every layer's kind and identifier (all MPLS labels of
/// a stack, the VNI, the GRE key ...) through a fixed-seed 64-bit mix. The same tunnel path always gives the
/// same value, in every run; two different paths give different values except by a collision, which is possible
/// in principle (about one chance in 2^64 per pair) and accepted, as a flow context is an opaque 64-bit word.
/// An identifier that differs by direction (a Geneve VNI or GRE key chosen per direction) gives the two
/// directions two identities.
@frozen
public struct EncapsulationStack: Hashable, Sendable {
    /// The identifiers of layers 0 and 1 (layer 0 in the low 32 bits).
    @usableFromInline var identifiers: UInt64
    /// The kinds of layers 0 and 1 in bits 0 ..< 4 and 4 ..< 8, the number of layers in bits 8 ..< 16.
    @usableFromInline var kindsAndCount: UInt16
    /// The hash of the tunnel path: outer addresses and layers. 0 with no layer, never 0 with one.
    public private(set) var tunnelIdentity: UInt64

    /// The most layers kept.
    public static let capacity = 2

    /// The most layers the dissector follows; one more is `NotTCPReason.encapsulationTooDeep`.
    public static let depthLimit = 8

    /// No encapsulation.
    public static let none = EncapsulationStack(identifiers: 0, kindsAndCount: 0, tunnelIdentity: 0)

    /// A stack from its stored parts; `CapturedTCPSegment` keeps them apart to pack its storage.
    @usableFromInline
    init(identifiers: UInt64, kindsAndCount: UInt16, tunnelIdentity: UInt64) {
        self.identifiers = identifiers
        self.kindsAndCount = kindsAndCount
        self.tunnelIdentity = tunnelIdentity
    }

    /// A stack of the given layers, outermost first, without outer addresses in its identity.
    ///
    /// - Parameter layers: the layers.
    public init(_ layers: [EncapsulationLayer]) {
        var stack = EncapsulationStack.none
        for layer in layers { stack = stack.pushing(layer) }
        self = stack
    }

    /// The number of layers the segment was found inside (at most ``depthLimit`` from the dissector).
    @inlinable
    public var count: Int { Int(kindsAndCount >> 8) }

    /// Whether the segment was not tunnelled.
    @inlinable
    public var isEmpty: Bool { kindsAndCount == 0 }

    /// Layer `index` (0 is the outermost), for `index < min(count, capacity)`.
    ///
    /// - Parameter index: the layer's position.
    /// - Returns: the layer, or `nil` past the layers kept.
    public func layer(at index: Int) -> EncapsulationLayer? {
        guard index >= 0 && index < Swift.min(count, Self.capacity) else { return nil }
        let kindValue = UInt8(truncatingIfNeeded: kindsAndCount >> UInt16(4 * index)) & 0x0F
        let identifier = UInt32(truncatingIfNeeded: identifiers >> UInt64(32 * index))
        guard let kind = EncapsulationKind(rawValue: kindValue) else { return nil }
        return EncapsulationLayer(kind: kind, identifier: identifier)
    }

    /// The layers kept, outermost first.
    public var layers: [EncapsulationLayer] { (0..<Swift.min(count, Self.capacity)).compactMap { layer(at: $0) } }

    /// The stack with one more (inner) layer, its kind and identifier folded into ``tunnelIdentity``.
    ///
    /// - Parameter layer: the layer.
    /// - Returns: the deeper stack (past ``capacity`` layers, the layer is counted and hashed but not kept).
    public func pushing(_ layer: EncapsulationLayer) -> EncapsulationStack {
        let index = count
        var result = self
        if index < Self.capacity {
            result.identifiers |= UInt64(layer.identifier) << UInt64(32 * index)
            // Kinds are 1 ... 9: 4 bits each.
            result.kindsAndCount |= UInt16(layer.kind.rawValue) << UInt16(4 * index)
        }
        let newCount = UInt16(Swift.min(index + 1, 255))
        result.kindsAndCount = result.kindsAndCount & 0x00FF | newCount << 8
        result.tunnelIdentity = Self.finish(
            Self.mix(result.tunnelIdentity, UInt64(layer.kind.rawValue) << 32 | UInt64(layer.identifier)))
        return result
    }

    /// The stack with an outer IP header's addresses folded into ``tunnelIdentity``, as an unordered pair so that
    /// both directions give the same value; the layers are unchanged.
    ///
    /// - Parameters:
    ///   - first: one address of the outer header.
    ///   - second: the other.
    /// - Returns: the stack with the new identity.
    public func foldingEndpoints(_ first: IPAddress, _ second: IPAddress) -> EncapsulationStack {
        let (lower, upper) = first < second ? (first, second) : (second, first)
        var state = Self.mix(tunnelIdentity, lower.version == .v6 ? 6 : 4)
        state = Self.mix(state, lower.high)
        state = Self.mix(state, lower.low)
        state = Self.mix(state, upper.high)
        state = Self.mix(state, upper.low)
        var result = self
        result.tunnelIdentity = Self.finish(state)
        return result
    }

    /// The stack with an identifier that is not a layer of its own (an MPLS label above the bottom one) folded
    /// into ``tunnelIdentity``.
    func foldingIdentifier(_ value: UInt32) -> EncapsulationStack {
        var result = self
        result.tunnelIdentity = Self.finish(Self.mix(tunnelIdentity, 1 << 40 | UInt64(value)))
        return result
    }

    /// One step of the fixed-seed mix: the value XORed into the state, then a multiply-xorshift round (the
    /// finalizer of SplitMix64), seeded so that an empty state is not a fixed point.
    @usableFromInline
    static func mix(_ state: UInt64, _ value: UInt64) -> UInt64 {
        // Wrapping arithmetic is the point of the mix: no overflow is an error here.
        var x = (state ^ value) &+ 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }

    /// Keeps 0 for "not tunnelled": a mix that lands on 0 becomes 1.
    @usableFromInline
    static func finish(_ state: UInt64) -> UInt64 { state == 0 ? 1 : state }
}
