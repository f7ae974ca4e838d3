import TCPCodec

/// Window scaling of one connection as seen from one endpoint (RFC 7323 section 2).
///
/// Scaling is active only when both SYNs carried the window scale option (section 2.2); each side's shift is
/// the one it announced, clamped to 14 (section 2.3); and the window of a segment with SYN is never scaled
/// (section 2.2).
@frozen
public struct TCPWindowScaling: Hashable, Sendable {
    /// The largest shift: 14, so that windows stay below 2^30 (RFC 7323 section 2.3).
    public static let maximumShift: UInt8 = 14

    /// The shift applied to the windows this endpoint sends (the shift it announced), 0 when inactive.
    public var sendShift: UInt8
    /// The shift applied to the windows this endpoint receives (the shift the peer announced), 0 when inactive.
    public var receiveShift: UInt8
    /// Whether both SYNs carried the option.
    public var isActive: Bool

    /// No scaling.
    public static let disabled = TCPWindowScaling(localShift: nil, peerShift: nil)

    /// Agrees scaling from the two SYNs' options.
    ///
    /// - Parameters:
    ///   - localShift: the shift this endpoint's SYN carried, `nil` without the option.
    ///   - peerShift: the shift the peer's SYN carried, `nil` without the option.
    @inlinable
    public init(localShift: UInt8?, peerShift: UInt8?) {
        if let localShift, let peerShift {
            isActive = true
            sendShift = Self.clamp(localShift)
            receiveShift = Self.clamp(peerShift)
        } else {
            isActive = false
            sendShift = 0
            receiveShift = 0
        }
    }

    /// Clamps a shift to 14 (RFC 7323 section 2.3: "use 14 instead of the specified value").
    ///
    /// - Parameter shift: the shift as carried.
    /// - Returns: `min(shift, 14)`.
    @inlinable
    public static func clamp(_ shift: UInt8) -> UInt8 { min(shift, maximumShift) }

    /// The window a received segment offers, in bytes.
    ///
    /// - Parameters:
    ///   - window: SEG.WND as carried.
    ///   - isSYN: whether the segment has SYN (its window is never scaled).
    /// - Returns: the scaled window.
    @inlinable
    public func receivedWindow(_ window: UInt16, isSYN: Bool) -> UInt32 {
        isSYN ? UInt32(window) : UInt32(window) << UInt32(receiveShift)
    }

    /// The window a sent segment offers, in bytes.
    ///
    /// - Parameters:
    ///   - window: SEG.WND as carried.
    ///   - isSYN: whether the segment has SYN (its window is never scaled).
    /// - Returns: the scaled window.
    @inlinable
    public func sentWindow(_ window: UInt16, isSYN: Bool) -> UInt32 {
        isSYN ? UInt32(window) : UInt32(window) << UInt32(sendShift)
    }
}
