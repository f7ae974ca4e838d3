/// The 24-byte header of a pcap file (libpcap `pcap-savefile(5)`, draft-ietf-opsawg-pcap section 4).
public struct PcapFileHeader: Hashable, Sendable {
    /// The byte order of the header and record fields, told by the magic number.
    public var byteOrder: CaptureByteOrder
    /// Whether record time fractions are nanoseconds (magic 0xA1B23C4D) rather than microseconds (0xA1B2C3D4).
    public var hasNanosecondTimestamps: Bool
    /// The major version, 2.
    public var versionMajor: UInt16
    /// The minor version, normally 4.
    public var versionMinor: UInt16
    /// The snapshot length: the most bytes captured per frame.
    public var snapLength: UInt32
    /// The link-layer header type (the low 16 bits of the `LinkType` field; the upper bits hold FCS
    /// information, ignored here).
    public var linkType: LinkType

    /// Makes a header description.
    ///
    /// - Parameters:
    ///   - byteOrder: the field byte order.
    ///   - hasNanosecondTimestamps: nanosecond rather than microsecond fractions.
    ///   - versionMajor: the major version.
    ///   - versionMinor: the minor version.
    ///   - snapLength: the snapshot length.
    ///   - linkType: the link-layer header type.
    @inlinable
    public init(
        byteOrder: CaptureByteOrder,
        hasNanosecondTimestamps: Bool,
        versionMajor: UInt16,
        versionMinor: UInt16,
        snapLength: UInt32,
        linkType: LinkType
    ) {
        self.byteOrder = byteOrder
        self.hasNanosecondTimestamps = hasNanosecondTimestamps
        self.versionMajor = versionMajor
        self.versionMinor = versionMinor
        self.snapLength = snapLength
        self.linkType = linkType
    }
}
