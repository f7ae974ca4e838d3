/// The duplicate detection of an IEEE 802.11 receiver (IEEE 802.11-2020 section 10.3.2.14), for wireless captures:
/// a frame the MAC sent again because its acknowledgment did not come (the Retry flag, with the sequence and
/// fragment numbers of the transmitter's frame before) is a duplicate, which the receiver drops before it reaches
/// IP. A monitor-mode capture holds both copies; without this filter the second would read as a second TCP segment.
///
/// Like a receiver, it remembers the sequence control of the last frame from each transmitter (Address 2), for QoS
/// data per traffic identifier: in a table of fixed size, where a transmitter may push out another whose slot it
/// shares (its next retry is then kept, as a receiver that lost its cache entry would). Only data and management
/// frames are compared; control frames carry no sequence control. Frames of link types other than IEEE802_11,
/// radiotap and PPI with IEEE 802.11 are never duplicates.
public struct IEEE80211DuplicateFilter: Sendable {
    /// The transmitters (with the traffic identifier and frame type) the slots hold: 0 for an empty slot.
    private var keys: [UInt64]
    /// The sequence control of each slot's last frame.
    private var sequenceControls: [UInt16]
    /// `keys.count - 1`: the table's size is a power of two.
    private let mask: Int

    /// Makes an empty filter.
    ///
    /// - Parameter capacity: how many transmitters and traffic identifiers it remembers, rounded up to a power of
    ///   two between 16 and 2^20.
    public init(capacity: Int = 1024) {
        var size = 16
        while size < Swift.min(capacity, 1 << 20) { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        sequenceControls = [UInt16](repeating: 0, count: size)
        mask = size - 1
    }

    /// Whether a frame is a MAC retransmission of the frame before it from the same transmitter; remembers its
    /// sequence control otherwise.
    ///
    /// - Parameters:
    ///   - frame: the captured bytes, starting with the link-layer header.
    ///   - linkType: the link-layer header type of the capture interface.
    /// - Returns: `true` for a duplicate the receiver drops (``NotTCPReason/ieee80211Retransmission``).
    public mutating func isRetransmission(_ frame: UnsafeRawBufferPointer, linkType: LinkType) -> Bool {
        guard linkType == .ieee80211 || linkType == .radiotap || linkType == .perPacketInformation,
            let start = FrameInput(bytes: frame, wireLength: frame.count).ieee80211HeaderOffset(linkType),
            frame.count - start >= 24
        else { return false }
        // Bytes start ..< start + 24 (frame control, duration, three addresses, sequence control) are inside the
        // check above.
        let control = frame[start]
        let flags = frame[start + 1]
        let type = (control >> 2) & 0x03
        guard control & 0x03 == 0, type == 0 || type == 2 else { return false }
        var transmitter: UInt64 = 0
        for index in start + 10 ..< start + 16 { transmitter = transmitter << 8 | UInt64(frame[index]) }
        // Non-QoS frames have a cache of their own per transmitter (16, a value no traffic identifier takes).
        var trafficIdentifier: UInt64 = 16
        let subtype = control >> 4
        if type == 2 && subtype & 0x8 != 0 {
            let qosControl = start + 24 + (flags & 0x03 == 0x03 ? 6 : 0)
            guard frame.count > qosControl else { return false }
            // Byte qosControl is inside the check above.
            trafficIdentifier = UInt64(frame[qosControl] & 0x0F)
        }
        let key = 1 << 63 | UInt64(type) << 56 | trafficIdentifier << 48 | transmitter
        let sequenceControl = UInt16(frame[start + 22]) | UInt16(frame[start + 23]) << 8
        // A multiplicative hash of the key: the transmitter's low bytes vary most, the product carries them up.
        let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        let retried = flags & 0x08 != 0
        if retried && keys[slot] == key && sequenceControls[slot] == sequenceControl { return true }
        keys[slot] = key
        sequenceControls[slot] = sequenceControl
        return false
    }
}
