/// The fixed-header fields wholly present in the first bytes of a TCP segment, for a header cut short (fewer than
/// 20 bytes captured, as a small snapshot length leaves it): each field is `nil` unless all its bytes are there.
///
/// A whole header is read with ``TCPSegmentView``; this type is for what a capture kept of one that is not whole
/// (RFC 9293 section 3.1 gives the layout). Reading never fails and never reads past the bytes given.
public struct TCPHeaderPrefix: Hashable, Sendable {
    /// The number of bytes the prefix was read from (at most 20 are looked at).
    public let capturedLength: Int
    /// The source port (bytes 0 ..< 2).
    public let sourcePort: UInt16?
    /// The destination port (bytes 2 ..< 4).
    public let destinationPort: UInt16?
    /// The sequence number (bytes 4 ..< 8).
    public let sequenceNumber: SequenceNumber?
    /// The acknowledgment number (bytes 8 ..< 12).
    public let acknowledgmentNumber: SequenceNumber?
    /// The data offset in 32-bit words (the high nibble of byte 12).
    public let dataOffset: Int?
    /// The 12 flag bits, reserved ones included (bytes 12 ..< 14).
    public let flags: TCPFlags?
    /// The window (bytes 14 ..< 16).
    public let window: UInt16?
    /// The checksum (bytes 16 ..< 18).
    public let checksum: UInt16?
    /// The urgent pointer (bytes 18 ..< 20).
    public let urgentPointer: UInt16?

    /// Reads the fields wholly present in `bytes`.
    ///
    /// - Parameter bytes: the first bytes of a TCP segment, any number of them.
    public init(_ bytes: UnsafeRawBufferPointer) {
        capturedLength = bytes.count
        /// A big-endian field of `width` bytes at `offset`, if all its bytes are there.
        func field(_ offset: Int, _ width: Int) -> UInt32? {
            guard offset + width <= bytes.count else { return nil }
            var value: UInt32 = 0
            // SAFETY: the guard above keeps offset + width within bytes.count; the subscript checks too.
            for index in offset ..< offset + width { value = value << 8 | UInt32(bytes[index]) }
            return value
        }
        sourcePort = field(0, 2).map { UInt16(truncatingIfNeeded: $0) }
        destinationPort = field(2, 2).map { UInt16(truncatingIfNeeded: $0) }
        sequenceNumber = field(4, 4).map { SequenceNumber($0) }
        acknowledgmentNumber = field(8, 4).map { SequenceNumber($0) }
        dataOffset = field(12, 1).map { Int($0 >> 4) }
        flags = field(12, 2).map { TCPFlags(rawValue: UInt16(truncatingIfNeeded: $0) & 0x0FFF) }
        window = field(14, 2).map { UInt16(truncatingIfNeeded: $0) }
        checksum = field(16, 2).map { UInt16(truncatingIfNeeded: $0) }
        urgentPointer = field(18, 2).map { UInt16(truncatingIfNeeded: $0) }
    }

    /// The header length the data offset announces, in bytes, if the data offset was captured.
    public var headerLength: Int? { dataOffset.map { $0 << 2 } }
}
