/// Writes a pcap file (libpcap `pcap-savefile(5)`): the file header at creation, then one record per call.
public struct PcapBuilder: Sendable {
    /// The writer that holds the file so far; tests may append hand-made records to it.
    public var writer: ByteWriter
    /// Whether the timestamps' fractions are nanoseconds (magic `A1B23C4D`) rather than microseconds.
    public let nanosecond: Bool

    /// Writes the 24-byte file header.
    ///
    /// - Parameters:
    ///   - bigEndian: the byte order of the file.
    ///   - nanosecond: whether record fractions are nanoseconds.
    ///   - linkType: the LINKTYPE_ value of every record (1 is Ethernet).
    ///   - snapLength: the snapshot length the header announces.
    public init(bigEndian: Bool = false, nanosecond: Bool = false, linkType: UInt32 = 1,
                snapLength: UInt32 = 65_535) {
        writer = ByteWriter(bigEndian: bigEndian)
        self.nanosecond = nanosecond
        writer.u32(nanosecond ? 0xA1B2_3C4D : 0xA1B2_C3D4)  // magic, in the chosen order
        writer.u16(2)  // version major
        writer.u16(4)  // version minor
        writer.u32(0)  // thiszone
        writer.u32(0)  // sigfigs
        writer.u32(snapLength)  // snaplen
        writer.u32(linkType)  // network
    }

    /// Appends a record: its 16-byte header, then `data`.
    ///
    /// - Parameters:
    ///   - seconds: the timestamp's seconds.
    ///   - fraction: the timestamp's microseconds or nanoseconds.
    ///   - data: the captured bytes.
    ///   - originalLength: the length on the wire; `data.count` when `nil`.
    public mutating func record(seconds: UInt32, fraction: UInt32, _ data: [UInt8], originalLength: UInt32? = nil) {
        writer.u32(seconds)  // ts_sec
        writer.u32(fraction)  // ts_usec or ts_nsec
        writer.u32(UInt32(data.count))  // incl_len
        writer.u32(originalLength ?? UInt32(data.count))  // orig_len
        writer.raw(data)
    }

    /// The file written so far.
    public var bytes: [UInt8] { writer.bytes }
}
