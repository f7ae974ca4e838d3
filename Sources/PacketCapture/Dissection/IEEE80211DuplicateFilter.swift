/// Finds the frames of a wireless capture that an IEEE 802.11 MAC sent again: a frame whose acknowledgment did not
/// come is sent again with the Retry flag and its sequence number, and a monitor-mode capture can hold both copies,
/// where the receiver keeps one (IEEE 802.11-2020 section 10.3.2.14; under a Block Ack agreement the receiver's
/// reordering buffer drops the copy). Without this filter the second copy would read as a second TCP segment.
///
/// A monitor's approximation of what the receiver does, from the frames alone. A frame is a retransmission when it
/// has the Retry flag, fragment number 0, and a sequence number already captured from the same transmitter (Address
/// 2) to the same receiver (Address 1) in the same sequence space (its traffic identifier for QoS data; one space for
/// the rest), among the last 64 sequence numbers of that space (a Block Ack window at most). Group-addressed frames
/// (no receiver acknowledges them, so none is sent again) and frames without data (null functions) are never
/// retransmissions, and do not count. The spaces are kept in a table of fixed size, where one may push out another
/// whose slot it shares: its next retry is then kept, as a receiver that lost its entry would keep it. Frames of link
/// types other than IEEE802_11, radiotap, and PPI or PKTAP with IEEE 802.11 or radiotap are never retransmissions.
public struct IEEE80211DuplicateFilter: Sendable {
    /// One sequence space: who sends to whom, the highest sequence number seen and which of the 64 below it (bit
    /// `n` for the number `n` below) were seen.
    private struct Space: Sendable {
        /// The receiver's address, 0 for an empty slot (a receiver address with the group bit clear is never 0
        /// here: a zero address is refused).
        var receiver: UInt64 = 0
        /// The transmitter's address, with the traffic identifier (16 for non-QoS frames) and the frame type above it.
        var transmitterAndSpace: UInt64 = 0
        var highest: UInt16 = 0
        var seen: UInt64 = 0
    }

    /// The sequence spaces.
    private var spaces: [Space]
    /// `spaces.count - 1`: the table's size is a power of two.
    private let mask: Int

    /// The sequence numbers a space remembers below its highest: a Block Ack window.
    static let window: UInt16 = 64

    /// Makes an empty filter.
    ///
    /// - Parameter capacity: how many sequence spaces (pairs of transmitter and receiver, per traffic identifier) it
    ///   remembers, rounded up to a power of two between 16 and 2^20.
    public init(capacity: Int = 1024) {
        var size = 16
        while size < Swift.min(capacity, 1 << 20) { size <<= 1 }
        spaces = [Space](repeating: Space(), count: size)
        mask = size - 1
    }

    /// Whether a frame is a MAC retransmission of a frame captured before; notes its sequence number otherwise.
    ///
    /// - Parameters:
    ///   - frame: the captured bytes, starting with the link-layer header.
    ///   - linkType: the link-layer header type of the capture interface.
    /// - Returns: `true` for a copy the receiver keeps only once (``NotTCPReason/ieee80211Retransmission``).
    public mutating func isRetransmission(_ frame: UnsafeRawBufferPointer, linkType: LinkType) -> Bool {
        guard Self.reads(linkType),
            let start = FrameInput(bytes: frame, wireLength: frame.count).ieee80211HeaderOffset(linkType),
            frame.count - start >= IEEE80211MACHeader.fixedDataHeaderLength
        else { return false }
        // Bytes start ..< start + 24 (frame control, duration, three addresses, sequence control) are inside the
        // check above.
        let header = IEEE80211MACHeader(control: frame[start], flags: frame[start + 1])
        // Protocol version 0, data or management frames (control frames have no sequence number), data with data.
        guard header.version == 0, header.type == IEEE80211MACHeader.managementType || header.carriesData
        else { return false }
        // A group-addressed receiver (the group bit of Address 1's first byte) acknowledges nothing.
        let receiverOffset = start + IEEE80211MACHeader.receiverAddressOffset
        guard frame[receiverOffset] & 0x01 == 0 else { return false }
        let receiver = Self.address(frame, at: receiverOffset)
        guard receiver != 0 else { return false }
        let sequenceOffset = start + IEEE80211MACHeader.sequenceControlOffset
        let sequenceControl = UInt16(frame[sequenceOffset]) | UInt16(frame[sequenceOffset + 1]) << 8
        guard sequenceControl & 0x000F == 0 else { return false }
        let sequence = sequenceControl >> 4
        var space: UInt64 = 16
        if header.isQoSData {
            let qosControl = start + header.qosControlOffset
            guard frame.count > qosControl else { return false }
            // Byte qosControl is inside the check above.
            space = UInt64(frame[qosControl] & IEEE80211MACHeader.trafficIdentifier)
        }
        let transmitterAndSpace = space << 48
            | Self.address(frame, at: start + IEEE80211MACHeader.transmitterAddressOffset)
        // A multiplicative hash of both addresses: their low bytes vary most, the product carries them up.
        let mixed = (receiver ^ (transmitterAndSpace &* 0x9E37_79B9_7F4A_7C15)) &* 0xC2B2_AE3D_27D4_EB4F
        let slot = Int(truncatingIfNeeded: mixed >> 40) & mask
        var entry = spaces[slot]
        if entry.receiver != receiver || entry.transmitterAndSpace != transmitterAndSpace {
            entry = Space(receiver: receiver, transmitterAndSpace: transmitterAndSpace, highest: sequence, seen: 1)
            spaces[slot] = entry
            return false
        }
        // Sequence numbers are 12 bits, compared modulo 4096: behind the highest within the window, ahead of it by
        // less than half the space (the new highest), or older than the window (not remembered, not a retransmission).
        let behind = (entry.highest &- sequence) & 0x0FFF
        if behind < Self.window {
            let bit = UInt64(1) << behind
            if header.flags & IEEE80211MACHeader.retry != 0 && entry.seen & bit != 0 { return true }
            entry.seen |= bit
        } else {
            let ahead = (sequence &- entry.highest) & 0x0FFF
            guard ahead < 2048 else { return false }
            entry.seen = ahead < Self.window ? entry.seen << ahead | 1 : 1
            entry.highest = sequence
        }
        spaces[slot] = entry
        return false
    }

    /// Whether frames of a link type can hold IEEE 802.11 frames, the only ones this filter compares: IEEE802_11,
    /// radiotap, PPI and PKTAP (each of the last two naming IEEE802_11 or radiotap as its packet's link type).
    ///
    /// - Parameter linkType: the link-layer header type of the capture interface.
    /// - Returns: whether ``isRetransmission(_:linkType:)`` can find a retransmission among its frames.
    public static func reads(_ linkType: LinkType) -> Bool {
        linkType == .ieee80211 || linkType == .radiotap || linkType == .perPacketInformation || linkType == .pktap
    }

    /// The 6-byte address at `offset` as a number; the caller has checked `offset + 6 <= frame.count`.
    private static func address(_ frame: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in offset ..< offset + 6 { value = value << 8 | UInt64(frame[index]) }
        return value
    }
}
