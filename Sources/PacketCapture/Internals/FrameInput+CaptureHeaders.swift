// Headers a capture puts before the frame (radiotap and PPI radio information, Apple's PKTAP, the pf log) and the
// IEEE 802.11 frames of wireless captures. Each is reached from `FrameInput.link` by its link type; PPI and PKTAP
// name the link type of the frame after them, which is followed from here.

extension FrameInput {
    // MARK: - Reading little-endian fields

    /// Reads a little-endian 16-bit field, as radiotap, PPI and PKTAP headers store them; the caller has checked
    /// `offset + 2 <= bytes.count`.
    @inline(__always)
    private func littleEndian16(_ offset: Int) -> UInt16 {
        CaptureByteOrder.littleEndian.load16(bytes, offset)
    }

    /// Reads a little-endian 32-bit field; the caller has checked `offset + 4 <= bytes.count`.
    @inline(__always)
    private func littleEndian32(_ offset: Int) -> UInt32 {
        CaptureByteOrder.littleEndian.load32(bytes, offset)
    }

    /// The same frame without its last `count` bytes on the wire (a frame check sequence): what was captured of
    /// them is dropped, and the length on the wire is `count` less. The caller has checked `wireLength >= count`.
    private func droppingTrailer(_ count: Int) -> FrameInput {
        prefix(Swift.max(0, Swift.min(bytes.count, wireLength - count)), wireLength: wireLength - count)
    }

    /// What a capture header (radiotap, PPI, PKTAP) says of the frame after it.
    enum RadioHeaderReading {
        /// The frame of `linkType` at `offset`; for IEEE 802.11, whether it ends with its FCS and whether the
        /// capture padded its MAC header to 4 bytes.
        case frame(linkType: LinkType, offset: Int, frameCheckSequence: Bool, paddedHeader: Bool)
        /// No frame to read: the header is cut or malformed, or says the frame was received corrupt.
        case stop(DissectedPacket)
    }

    /// The frame of link type `linkType` that starts at `offset`, after a PPI or PKTAP header: Ethernet, BSD
    /// loopback, PPP, raw IP, IEEE 802.11 (with `frameCheckSequence` as the PPI header says) or a radiotap header
    /// and the IEEE 802.11 frame after it; any other link type is not followed.
    private func frame(_ linkType: LinkType, at offset: Int, frameCheckSequence: Bool = false) -> DissectedPacket {
        switch linkType {
        case .ethernet:
            return ethernet(at: offset)
        case .null:
            return loopback(bigEndianOnly: false, at: offset)
        case .ppp:
            return ppp(at: offset)
        case .loop:
            return loopback(bigEndianOnly: true, at: offset)
        case .raw, .rawAlternate12, .rawAlternate14:
            return ip(at: offset, expected: nil)
        case .ipv4:
            return ip(at: offset, expected: .v4)
        case .ipv6:
            return ip(at: offset, expected: .v6)
        case .ieee80211:
            return ieee80211(at: offset, frameCheckSequence: frameCheckSequence)
        case .radiotap:
            return radiotap(at: offset)
        default:
            return .notTCP(.unsupportedLinkType(linkType))
        }
    }

    // MARK: - IEEE 802.11

    /// An IEEE 802.11 frame at `offset` (link type IEEE802_11, or after a radiotap or PPI header). A data frame
    /// (type 2) with data carries its MSDU after the MAC header: 24 bytes, a fourth address when both distribution
    /// system flags are set, and for QoS subtypes the QoS control and, with the +HTC flag, the HT control; then the
    /// IEEE 802.2 LLC and SNAP headers and the EtherType. Other frames carry no packet; an encrypted payload or an
    /// A-MSDU is not read.
    ///
    /// - Parameters:
    ///   - offset: where the frame starts.
    ///   - frameCheckSequence: whether the frame ends with its 4-byte FCS (the radio header says).
    ///   - paddedHeader: whether the capture padded the MAC header to a multiple of 4 bytes (radiotap's flag).
    func ieee80211(at offset: Int, frameCheckSequence: Bool = false, paddedHeader: Bool = false) -> DissectedPacket {
        if frameCheckSequence {
            let trailer = IEEE80211MACHeader.frameCheckSequenceLength
            guard wireLength - offset >= trailer else { return truncatedLink(needed: offset + trailer) }
            let result = droppingTrailer(trailer).ieee80211(at: offset, paddedHeader: paddedHeader)
            // A header cut short in the frame without its FCS: said of the frame as captured. Where the captured
            // bytes hold the header but it would run into the FCS, the frame needed the FCS's bytes more.
            if case .malformed(.truncatedLinkHeader(let needed, _), let at) = result {
                let total = bytes.count >= needed ? needed + trailer : needed
                return .malformed(.truncatedLinkHeader(needed: total, available: bytes.count), offset: at)
            }
            return result
        }
        guard bytes.count - offset >= 2 else { return truncatedLink(needed: offset + 2) }
        // Bytes offset and offset + 1 are inside the check above.
        let header = IEEE80211MACHeader(control: bytes[offset], flags: bytes[offset + 1])
        let flags = header.flags
        if header.version == IEEE80211MACHeader.subOneGigahertzVersion {
            return .notTCP(.ieee80211SubOneGigahertzFrame)
        }
        guard header.version == 0 else { return .malformed(.ieee80211Version(header.version), offset: offset) }
        guard header.carriesData else { return .notTCP(.ieee80211Frame(type: header.type, subtype: header.subtype)) }
        let headerLength = header.dataHeaderLength
        let isQoS = header.isQoSData
        let qosControl = offset + header.qosControlOffset
        guard bytes.count - offset >= headerLength else { return truncatedLink(needed: offset + headerLength) }
        if flags & IEEE80211MACHeader.protected != 0 { return .notTCP(.ieee80211Protected) }
        // A fragment other than the last: the MSDU's start without its end. (The last fragment is read as a frame:
        // some interfaces put the fragments together and deliver the whole MSDU with the last one's fragment number;
        // a real last fragment starts with no LLC header.)
        if flags & IEEE80211MACHeader.moreFragments != 0 { return .notTCP(.ieee80211Fragment) }
        // Byte qosControl is inside the header checked above.
        let isAggregate = isQoS && bytes[qosControl] & IEEE80211MACHeader.aggregateMSDU != 0
        if isAggregate && aggregateSubframe < 0 { return .notTCP(.ieee80211AggregateMSDU) }
        let body = offset + (paddedHeader ? (headerLength + 3) & ~3 : headerLength)
        guard bytes.count >= body else { return truncatedLink(needed: body) }
        // Byte qosControl + 1 is inside the header checked above.
        let meshControlPresent = isQoS && bytes[qosControl + 1] & IEEE80211MACHeader.meshControlPresent != 0
        if isAggregate { return readSubframe(aggregateSubframe, from: body, meshControlPresent: meshControlPresent) }
        return msdu(at: body, meshControlPresent: meshControlPresent)
    }

    /// Subframe `index` of an A-MSDU whose first subframe starts at `start` (IEEE 802.11-2020 section 9.3.2.2.2):
    /// each a destination and a source address, the MSDU's length (16 bits, big-endian) and the MSDU, padded to a
    /// multiple of 4 bytes but for the last. The MSDU is read as a frame's body is, within its length; the
    /// subframes before it are only stepped over.
    ///
    /// - Returns: subframe `index`'s packet, or why there is none; `.notTCP(.ieee80211AggregateMSDU)` when the
    ///   A-MSDU has no subframe `index` (it ends before, or a subframe before it runs past the frame, which the
    ///   caller was told when it read that one).
    private func readSubframe(_ index: Int, from start: Int, meshControlPresent: Bool) -> DissectedPacket {
        let header = IEEE80211MACHeader.aggregateSubframeHeaderLength
        var position = start
        var current = 0
        // Each subframe moves `position` at least 16 bytes forward, and the guards stop at the frame's end on the
        // wire: the loop ends.
        while true {
            // Fewer bytes than a subframe header on the wire: the A-MSDU has ended (what is left, if anything, is
            // padding some senders put after the last subframe too).
            guard wireLength - position >= header else { return .notTCP(.ieee80211AggregateMSDU) }
            guard bytes.count - position >= header else {
                return current < index ? .notTCP(.ieee80211AggregateMSDU) : truncatedLink(needed: position + header)
            }
            // Bytes position ..< position + 14 are inside the check above.
            let length = Int(load16(position + header - 2))
            let end = position + header + length
            guard end <= wireLength else {
                if current < index { return .notTCP(.ieee80211AggregateMSDU) }
                return .malformed(
                    .ieee80211SubframeLength(length: length, available: wireLength - position - header),
                    offset: position)
            }
            if current == index {
                // The MSDU alone: its length bounds what is read, and a frame cut before its end is cut there.
                let part = prefix(Swift.min(bytes.count, end), wireLength: end)
                return part.msdu(at: position + header, meshControlPresent: meshControlPresent)
            }
            current += 1
            position += (header + length + 3) & ~3
        }
    }

    /// An MSDU at `start`: a mesh BSS's mesh control when present, then the IEEE 802.2 LLC and SNAP headers.
    private func msdu(at start: Int, meshControlPresent: Bool) -> DissectedPacket {
        var body = start
        // A mesh BSS (IEEE 802.11s): the QoS control's Mesh Control Present bit (its second byte's lowest), and a mesh
        // control before the LLC header: flags (the address extension mode in bits 0 and 1), TTL, a 4-byte sequence
        // number and 0, 6 or 12 bytes of addresses. Outside a mesh BSS that bit is part of another field, so the mesh
        // control is read only where the LLC and SNAP header does not already start.
        if meshControlPresent && !startsWithSNAPHeader(at: body) {
            guard bytes.count > body else { return truncatedLink(needed: body + 1) }
            // Byte body is inside the check above.
            let mode = bytes[body] & 0x03
            guard mode != 3 else { return .malformed(.ieee80211MeshAddressExtension(mode), offset: body) }
            body += 6 + 6 * Int(mode)
            guard bytes.count >= body else { return truncatedLink(needed: body) }
        }
        return logicalLinkControl(at: body, ieee8023Length: nil)
    }

    /// Whether the bytes at `offset` start an IEEE 802.2 LLC header with SNAP (0xAA 0xAA 0x03), as RFC 1042 puts
    /// before an EtherType.
    private func startsWithSNAPHeader(at offset: Int) -> Bool {
        bytes.count - offset >= 3 && bytes[offset] == 0xAA && bytes[offset + 1] == 0xAA && bytes[offset + 2] == 0x03
    }

    // MARK: - Radiotap

    /// Values of the radiotap header (radiotap.org).
    private enum Radiotap {
        /// Version, pad, length and the first present bitmap.
        static let fixedLength = 8
        /// The present bitmap's bits for TSFT (8 bytes, aligned to 8) and Flags (1 byte), the first two fields, and
        /// the bit that says another bitmap follows.
        static let timeSynchronizationFunctionTimer: UInt32 = 0x1
        static let flagsField: UInt32 = 0x2
        static let anotherBitmap: UInt32 = 0x8000_0000
        /// Flags: the frame ends with its FCS; the MAC header is padded to 4 bytes; the FCS check failed.
        static let frameCheckSequence: UInt8 = 0x10
        static let paddedHeader: UInt8 = 0x20
        static let badFrameCheckSequence: UInt8 = 0x40
    }

    /// A radiotap header (link type IEEE802_11_RADIOTAP), then an IEEE 802.11 frame. The header: version 0, a pad
    /// byte, its length (16 bits, little-endian), present bitmaps (32 bits each, while bit 31 is set), then the
    /// fields, each aligned to its size. Only the Flags field is read: whether the frame ends with its FCS, whether
    /// its MAC header is padded, and whether it failed the FCS check (then its bytes are corrupt, and not read).
    ///
    /// - Parameter base: where the radiotap header starts: 0 for the link type, the end of a PPI or PKTAP header
    ///   that names radiotap as its packet's link type.
    @inline(never)
    func radiotap(at base: Int = 0) -> DissectedPacket {
        switch readRadiotapHeader(at: base) {
        case .frame(_, let offset, let frameCheckSequence, let paddedHeader):
            return ieee80211(at: offset, frameCheckSequence: frameCheckSequence, paddedHeader: paddedHeader)
        case .stop(let result):
            return result
        }
    }

    /// Reads a radiotap header: where the IEEE 802.11 frame starts and how to read it, or why there is none.
    ///
    /// - Parameter base: where the header starts (its fields are aligned from there); at most the captured length.
    func readRadiotapHeader(at base: Int = 0) -> RadioHeaderReading {
        guard bytes.count - base >= Radiotap.fixedLength else {
            return .stop(truncatedLink(needed: base + Radiotap.fixedLength))
        }
        // Bytes base ..< base + 8 are inside the check above.
        let version = bytes[base]
        guard version == 0 else {
            return .stop(.malformed(.captureHeaderVersion(.radiotap, version: version), offset: base))
        }
        let length = Int(littleEndian16(base + 2))
        let present = littleEndian32(base + 4)
        // From the header's start, as its fields' alignment is.
        var position = Radiotap.fixedLength
        var bitmap = present
        // Each bitmap moves `position` 4 bytes forward, and the guard stops at the header's end: the loop ends.
        while bitmap & Radiotap.anotherBitmap != 0 {
            guard length - position >= 4 else { return .stop(radiotapTooShort(length, minimum: position + 4, base)) }
            guard bytes.count - base - position >= 4 else { return .stop(truncatedLink(needed: base + position + 4)) }
            bitmap = littleEndian32(base + position)
            position += 4
        }
        var flags: UInt8 = 0
        if present & Radiotap.flagsField != 0 {
            if present & Radiotap.timeSynchronizationFunctionTimer != 0 { position = ((position + 7) & ~7) + 8 }
            guard length > position else { return .stop(radiotapTooShort(length, minimum: position + 1, base)) }
            guard bytes.count - base > position else { return .stop(truncatedLink(needed: base + position + 1)) }
            flags = bytes[base + position]
        }
        guard length >= position else { return .stop(radiotapTooShort(length, minimum: position, base)) }
        if flags & Radiotap.badFrameCheckSequence != 0 { return .stop(.notTCP(.ieee80211ReceiveError)) }
        return .frame(
            linkType: .ieee80211, offset: base + length, frameCheckSequence: flags & Radiotap.frameCheckSequence != 0,
            paddedHeader: flags & Radiotap.paddedHeader != 0)
    }

    /// A radiotap header (starting at `base`) whose length does not hold the bitmaps and fields it announces.
    private func radiotapTooShort(_ length: Int, minimum: Int, _ base: Int) -> DissectedPacket {
        .malformed(.captureHeaderLengthTooSmall(.radiotap, length: length, minimum: minimum), offset: base)
    }

    // MARK: - PPI

    /// Values of the Per-Packet Information header (the PPI specification, version 1.0.10).
    private enum PerPacketInformation {
        /// Version, flags, length, link type.
        static let fixedLength = 8
        /// The flag that says each field is padded to a 4-byte boundary.
        static let alignedFields: UInt8 = 0x01
        /// The 802.11-Common field, and its flags (at byte 8 of its data): FCS present, FCS error, PHY error.
        static let commonField: UInt16 = 2
        static let commonFlagsOffset = 8
        static let frameCheckSequence: UInt16 = 0x0001
        static let receiveErrors: UInt16 = 0x0004 | 0x0008
    }

    /// A PPI header (link type PPI), then the frame of the link type it names. The header: version 0, flags (0x01:
    /// fields padded to 4 bytes), its length and the link type (little-endian), then fields, each a type and a data
    /// length (16 bits each) and the data. The 802.11-Common field says whether an IEEE 802.11 frame ends with its FCS,
    /// and whether it was received with an FCS or PHY error (then its bytes are corrupt, and not read).
    @inline(never)
    func perPacketInformation() -> DissectedPacket {
        switch readPPIHeader() {
        case .frame(let linkType, let offset, let frameCheckSequence, _):
            return frame(linkType, at: offset, frameCheckSequence: frameCheckSequence)
        case .stop(let result):
            return result
        }
    }

    /// Reads a PPI header: the link type and offset of the frame after it and whether an IEEE 802.11 frame ends
    /// with its FCS, or why there is no frame to read.
    func readPPIHeader() -> RadioHeaderReading {
        let fixed = PerPacketInformation.fixedLength
        guard bytes.count >= fixed else { return .stop(truncatedLink(needed: fixed)) }
        // Bytes 0 ..< 8 are inside the check above.
        let version = bytes[0]
        guard version == 0 else {
            return .stop(.malformed(.captureHeaderVersion(.perPacketInformation, version: version), offset: 0))
        }
        let length = Int(littleEndian16(2))
        guard length >= fixed else {
            return .stop(.malformed(
                .captureHeaderLengthTooSmall(.perPacketInformation, length: length, minimum: fixed), offset: 0))
        }
        guard bytes.count >= length else { return .stop(truncatedLink(needed: length)) }
        let linkType = LinkType(rawValue: littleEndian32(4))
        let aligned = bytes[1] & PerPacketInformation.alignedFields != 0
        var frameCheckSequence = false
        var position = fixed
        // Each field moves `position` at least 4 bytes forward, and the guards stop at the header's end (inside the
        // captured bytes, checked above): the loop ends.
        while length - position >= 4 {
            let type = littleEndian16(position)
            let data = position + 4
            let dataLength = Int(littleEndian16(position + 2))
            guard length - data >= dataLength else {
                return .stop(.malformed(
                    .captureHeaderLengthTooSmall(.perPacketInformation, length: length, minimum: data + dataLength),
                    offset: 0))
            }
            if type == PerPacketInformation.commonField && dataLength >= PerPacketInformation.commonFlagsOffset + 2 {
                // Bytes data + 8 ..< data + 10 are inside the field, checked above.
                let commonFlags = littleEndian16(data + PerPacketInformation.commonFlagsOffset)
                if commonFlags & PerPacketInformation.receiveErrors != 0 {
                    return .stop(.notTCP(.ieee80211ReceiveError))
                }
                frameCheckSequence = commonFlags & PerPacketInformation.frameCheckSequence != 0
            }
            position = data + dataLength
            // With the alignment flag, each field starts on a 4-byte boundary.
            if aligned { position = (position + 3) & ~3 }
        }
        return .frame(linkType: linkType, offset: length, frameCheckSequence: frameCheckSequence, paddedHeader: false)
    }

    /// Where the IEEE 802.11 MAC header of a frame of `linkType` starts: at 0 for IEEE802_11, after a radiotap
    /// header, or after a PPI or PKTAP header that names IEEE802_11, or radiotap and then after that; `nil` for
    /// other link types and for headers that give no frame to read.
    func ieee80211HeaderOffset(_ linkType: LinkType) -> Int? {
        var reading: RadioHeaderReading
        switch linkType {
        case .ieee80211: return 0
        case .radiotap: reading = readRadiotapHeader()
        case .perPacketInformation: reading = readPPIHeader()
        case .pktap: reading = readPKTAPHeader()
        default: return nil
        }
        if case .frame(.radiotap, let offset, _, _) = reading { reading = readRadiotapHeader(at: offset) }
        guard case .frame(.ieee80211, let offset, _, _) = reading else { return nil }
        return offset
    }

    // MARK: - PKTAP

    /// Values of Apple's PKTAP header (little-endian; Apple's `net/pktap.h`, as tcpdump's `print-pktap.c` reads it).
    private enum PKTAP {
        /// The header as its first version defined it, the shortest tcpdump accepts: its length, the record type,
        /// the link type of the packet, the interface's name, flags, protocol family, link-layer header and trailer
        /// lengths, the process, its command, the service class, the interface's type and unit, the effective
        /// process and its command.
        static let minimumLength = 108
        /// The fields read: the header's length, the record type, the link type of the packet.
        static let fieldsRead = 12
        /// The record type of a packet.
        static let packetRecord: UInt32 = 1
    }

    /// An Apple PKTAP header (link type PKTAP, as `tcpdump -i pktap` on macOS writes it): its length, the record
    /// type and the link type of the packet (32 bits each, little-endian), then the interface, process and
    /// service, up to its length; then the packet, of that link type.
    @inline(never)
    func pktap() -> DissectedPacket {
        switch readPKTAPHeader() {
        case .frame(let linkType, let offset, _, _):
            return frame(linkType, at: offset)
        case .stop(let result):
            return result
        }
    }

    /// Reads a PKTAP header: the link type of the packet after it and where it starts, or why there is none.
    func readPKTAPHeader() -> RadioHeaderReading {
        guard bytes.count >= PKTAP.fieldsRead else { return .stop(truncatedLink(needed: PKTAP.fieldsRead)) }
        // Bytes 0 ..< 12 are inside the check above; the header's length is checked before the rest is read.
        let length = Int(littleEndian32(0))
        guard length >= PKTAP.minimumLength else {
            return .stop(.malformed(
                .captureHeaderLengthTooSmall(.pktap, length: length, minimum: PKTAP.minimumLength), offset: 0))
        }
        let recordType = littleEndian32(4)
        guard recordType == PKTAP.packetRecord else { return .stop(.notTCP(.pktapRecordType(recordType))) }
        guard bytes.count >= length else { return .stop(truncatedLink(needed: length)) }
        return .frame(
            linkType: LinkType(rawValue: littleEndian32(8)), offset: length, frameCheckSequence: false,
            paddedHeader: false)
    }

    // MARK: - pf log

    /// Values of the pf log header (OpenBSD's and FreeBSD's `if_pflog.h`).
    private enum PFLog {
        /// The shortest header pf writes (the fields up to the rule numbers), as tcpdump accepts.
        static let minimumLength = 45
    }

    /// A pf log record (link type PFLOG): the header's length (one byte, the packet starting at that length rounded
    /// up to 4 bytes), the address family (BSD numbering), the action, the reason, the interface and ruleset names,
    /// rule numbers, users, processes and direction; then the IP packet.
    @inline(never)
    func pflog() -> DissectedPacket {
        guard bytes.count >= 2 else { return truncatedLink(needed: 2) }
        // Bytes 0 and 1 are inside the check above.
        let length = Int(bytes[0])
        guard length >= PFLog.minimumLength else {
            return .malformed(
                .captureHeaderLengthTooSmall(.pflog, length: length, minimum: PFLog.minimumLength), offset: 0)
        }
        let family = UInt32(bytes[1])
        guard let version = Self.ipVersion(ofAddressFamily: family) else { return .notTCP(.addressFamily(family)) }
        let start = (length + 3) & ~3
        guard bytes.count >= start else { return truncatedLink(needed: start) }
        return ip(at: start, expected: version)
    }
}

/// The frame control of an IEEE 802.11 MAC header (its first two bytes) and where the header's parts lie (IEEE
/// 802.11-2020 section 9.2.4): what the dissector and ``IEEE80211DuplicateFilter`` both read.
struct IEEE80211MACHeader {
    /// The frame control's first byte (protocol version, type, subtype) and second (the flags).
    let control: UInt8
    let flags: UInt8

    /// Where Address 1 (the receiver's), Address 2 (the transmitter's) and the sequence control lie from the header's
    /// start.
    static let receiverAddressOffset = 4
    static let transmitterAddressOffset = 10
    static let sequenceControlOffset = 22
    /// A data frame's header up to its optional parts: frame control, duration, three addresses, sequence control.
    static let fixedDataHeaderLength = 24
    /// The type of management and of data frames (control frames have no sequence control).
    static let managementType: UInt8 = 0
    static let dataType: UInt8 = 2
    /// Subtype bits of data frames: QoS (a 2-byte QoS control follows the addresses); no data (a null function).
    static let qosSubtype: UInt8 = 0x8
    static let noDataSubtype: UInt8 = 0x4
    /// Flags: to and from the distribution system (both set: a fourth address), more fragments of the MSDU follow,
    /// the frame is sent again (Retry), protected (the payload is encrypted), and +HTC (in a QoS data frame, a 4-byte
    /// HT control follows the QoS control).
    static let toAndFromDistribution: UInt8 = 0x03
    static let moreFragments: UInt8 = 0x04
    static let retry: UInt8 = 0x08
    static let protected: UInt8 = 0x40
    static let highThroughputControl: UInt8 = 0x80
    /// The A-MSDU present bit of the QoS control's first byte, and the Mesh Control Present bit of its second; the
    /// traffic identifier, the first byte's low 4 bits.
    static let aggregateMSDU: UInt8 = 0x80
    /// An A-MSDU subframe's header: destination and source addresses, the MSDU's length.
    static let aggregateSubframeHeaderLength = 14
    static let meshControlPresent: UInt8 = 0x01
    static let trafficIdentifier: UInt8 = 0x0F
    /// The protocol version of S1G frames (IEEE 802.11ah), whose MAC header is another.
    static let subOneGigahertzVersion: UInt8 = 1
    /// The frame check sequence that ends a frame when the capture kept it.
    static let frameCheckSequenceLength = 4

    /// The protocol version, type and subtype.
    var version: UInt8 { control & 0x03 }
    var type: UInt8 { (control >> 2) & 0x03 }
    var subtype: UInt8 { control >> 4 }
    /// Whether it is a data frame that carries data (not a null function).
    var carriesData: Bool { type == Self.dataType && subtype & Self.noDataSubtype == 0 }
    /// Whether it is a QoS data frame.
    var isQoSData: Bool { type == Self.dataType && subtype & Self.qosSubtype != 0 }
    /// Where a data frame's QoS control lies from the header's start (where a non-QoS data frame's body starts):
    /// after a fourth address when both distribution system flags are set.
    var qosControlOffset: Int {
        Self.fixedDataHeaderLength + (flags & Self.toAndFromDistribution == Self.toAndFromDistribution ? 6 : 0)
    }
    /// A data frame's header length: with the QoS control for QoS data and, with the +HTC flag, the HT control.
    var dataHeaderLength: Int {
        guard isQoSData else { return qosControlOffset }
        return qosControlOffset + 2 + (flags & Self.highThroughputControl != 0 ? 4 : 0)
    }
}
