/// One captured frame as a reader hands it out.
///
/// - Warning: `bytes` points into the reader's reusable buffer. It is valid only until the next call to
///   `CaptureReader.nextRecord()` (or the end of the `forEachRecord` closure that received it) and while the
///   reader is alive. Do not escape it: copy the bytes (`Array(record.bytes)`) to keep them.
public struct CaptureRecord {
    /// The 1-based number of this frame among all frames of the file, across all interfaces and sections.
    public var frameNumber: UInt64
    /// When the frame was captured; `nil` for a pcapng Simple Packet Block, which carries no time.
    public var timestamp: CaptureTimestamp?
    /// Why ``timestamp`` is not a time that can be shown (a fraction field of a second or more, an offset that
    /// leaves the range), or `nil` when it is. ``timestamp`` then holds the fields as read (wrapped where they
    /// overflow); tools should say what is wrong instead of printing it.
    public var timestampProblem: CaptureTimestampProblem?
    /// The link-layer header type of the interface the frame was captured on.
    public var linkType: LinkType
    /// The interface number within its pcapng section (0 for pcap files).
    public var interfaceID: UInt32
    /// The number of bytes captured, `bytes.count`.
    public var capturedLength: Int { bytes.count }
    /// The length of the frame on the wire; may exceed `capturedLength` when the capture was cut short.
    public var originalLength: UInt32
    /// The file offset of the record header (pcap) or the block (pcapng).
    public var fileOffset: UInt64
    /// The captured bytes, starting with the link-layer header. See the lifetime warning above.
    public var bytes: UnsafeRawBufferPointer

    /// Makes a record; the reader does this, tests may too.
    ///
    /// - Parameters:
    ///   - frameNumber: the 1-based frame number.
    ///   - timestamp: the capture time, if the format has one.
    ///   - linkType: the interface's link type.
    ///   - interfaceID: the interface number (0 for pcap).
    ///   - originalLength: the length on the wire.
    ///   - fileOffset: where the record starts in the file.
    ///   - bytes: the captured bytes; the caller keeps them alive as long as the record is used.
    ///   - timestampProblem: why the timestamp cannot be shown, if it cannot.
    @inlinable
    public init(
        frameNumber: UInt64,
        timestamp: CaptureTimestamp?,
        linkType: LinkType,
        interfaceID: UInt32,
        originalLength: UInt32,
        fileOffset: UInt64,
        bytes: UnsafeRawBufferPointer,
        timestampProblem: CaptureTimestampProblem? = nil
    ) {
        self.frameNumber = frameNumber
        self.timestamp = timestamp
        self.timestampProblem = timestampProblem
        self.linkType = linkType
        self.interfaceID = interfaceID
        self.originalLength = originalLength
        self.fileOffset = fileOffset
        self.bytes = bytes
    }

    /// Dissects the link and network layers of this frame down to the TCP segment.
    ///
    /// The result points into `bytes` and shares its lifetime. The original length is passed on so that an
    /// IPv4 total length of 0 or an IPv6 payload length of 0 (segmentation offload) can be resolved from the
    /// frame's length on the wire.
    ///
    /// - Returns: the TCP segment, or why there is none.
    @inlinable
    public func dissect() -> DissectedPacket {
        PacketDissector.dissect(bytes, linkType: linkType, originalLength: Int(originalLength))
    }

    /// Dissects each subframe of this frame when it is an IEEE 802.11 A-MSDU (``dissect()`` then answers
    /// `.notTCP(.ieee80211AggregateMSDU)`): ``PacketDissector/dissectSubframes(_:linkType:originalLength:_:)``.
    ///
    /// - Parameter body: called with each subframe's index (from 0) and packet, in order; the packets point into
    ///   `bytes` and share its lifetime.
    /// - Returns: the number of subframes handed over; 0 when the frame is no A-MSDU.
    /// - Throws: what `body` throws.
    @inlinable @discardableResult
    public func dissectSubframes<Failure: Error>(
        _ body: (Int, DissectedPacket) throws(Failure) -> Void
    ) throws(Failure) -> Int {
        try PacketDissector.dissectSubframes(bytes, linkType: linkType, originalLength: Int(originalLength), body)
    }
}
