/// The VLAN IDs of a frame's 802.1Q, 802.1ad and legacy QinQ tags, outermost first (IEEE 802.1Q section 9.6).
///
/// Two flows with the same addresses and ports on different VLANs are different flows; this is the part of a
/// frame's identity that the link layer adds. A value of fixed size: up to four IDs are kept (a deeper stack
/// keeps its outer four and counts the rest), so dissection never allocates.
///
/// In a tunnelled frame the stack keeps pushing: the outer frame's tags first, then those of each inner Ethernet
/// frame (VXLAN, Geneve, GRE bridging, ERSPAN, an MPLS pseudowire), so the outer four tags of the whole path are
/// kept and all are counted.
@frozen
public struct VLANTagStack: Hashable, Sendable, CustomStringConvertible {
    /// Four 12-bit IDs in bits 0 ..< 48 (the outermost in the lowest bits) and the number of tags in bits 56 ..< 64.
    public let rawValue: UInt64

    /// The most IDs kept.
    public static let capacity = 4

    /// No tags.
    public static let none = VLANTagStack(rawValue: 0)

    /// A stack from its raw value, as read from ``rawValue``.
    ///
    /// - Parameter rawValue: the packed IDs and count.
    @inlinable
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// A stack of the given IDs, outermost first (each cut to its 12 bits; IDs past the fourth are counted only).
    ///
    /// - Parameter identifiers: the VLAN IDs.
    public init(_ identifiers: [UInt16]) {
        var stack = VLANTagStack.none
        for identifier in identifiers { stack = stack.pushing(identifier) }
        self = stack
    }

    /// The number of tags the frame carried (at most 255 counted).
    @inlinable
    public var count: Int { Int(rawValue >> 56) }

    /// Whether the frame carried no tag.
    @inlinable
    public var isEmpty: Bool { rawValue == 0 }

    /// The ID of tag `index` (0 is the outermost), for `index < min(count, capacity)`.
    ///
    /// - Parameter index: the tag's position.
    /// - Returns: its 12-bit VLAN ID, or `nil` past the IDs kept.
    public func identifier(at index: Int) -> UInt16? {
        guard index >= 0 && index < Swift.min(count, Self.capacity) else { return nil }
        return UInt16(truncatingIfNeeded: rawValue >> UInt64(12 * index)) & 0x0FFF
    }

    /// The IDs kept, outermost first.
    public var identifiers: [UInt16] { (0..<Swift.min(count, Self.capacity)).compactMap { identifier(at: $0) } }

    /// The stack with one more (inner) tag.
    ///
    /// - Parameter identifier: the tag's VLAN ID (its low 12 bits are kept).
    /// - Returns: the longer stack.
    @inlinable
    public func pushing(_ identifier: UInt16) -> VLANTagStack {
        let index = count
        var value = rawValue & 0x00FF_FFFF_FFFF_FFFF
        if index < Self.capacity { value |= UInt64(identifier & 0x0FFF) << UInt64(12 * index) }
        let newCount = UInt64(Swift.min(index + 1, 255))
        return VLANTagStack(rawValue: value | newCount << 56)
    }

    /// `vlan 10.20` (outermost first), or an empty string without tags.
    public var description: String {
        isEmpty ? "" : "vlan " + identifiers.map { String($0) }.joined(separator: ".")
    }
}
