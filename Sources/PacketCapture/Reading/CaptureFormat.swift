/// Which file format a reader found, told by the first four bytes.
public enum CaptureFormat: Hashable, Sendable {
    /// A pcap file (libpcap `pcap-savefile(5)`), with its header.
    case pcap(PcapFileHeader)
    /// A pcapng file (draft-ietf-opsawg-pcapng), with the byte order of its first section.
    case pcapng(firstSectionByteOrder: CaptureByteOrder)
}
