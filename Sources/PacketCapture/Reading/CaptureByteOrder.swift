/// The byte order in which a capture file stores its header fields.
///
/// pcap files take the order of the machine that wrote them, told by the magic number (libpcap's
/// `pcap-savefile(5)`); each pcapng section has its own, told by the Section Header Block's byte-order magic
/// (draft-ietf-opsawg-pcapng section 4.1). Packet bytes are never reordered.
public enum CaptureByteOrder: Hashable, Sendable {
    /// Most significant byte first (network order).
    case bigEndian
    /// Least significant byte first.
    case littleEndian
}

extension CaptureByteOrder {
    /// Reads a 16-bit field in this byte order.
    ///
    /// The caller has checked that `offset + 2 <= bytes.count` (release builds do not check).
    @inline(__always)
    func load16(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 {
        assert(offset >= 0 && offset + 2 <= bytes.count, "field outside the checked range")
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
        return self == .bigEndian ? UInt16(bigEndian: value) : UInt16(littleEndian: value)
    }

    /// Reads a 32-bit field in this byte order.
    ///
    /// The caller has checked that `offset + 4 <= bytes.count` (release builds do not check).
    @inline(__always)
    func load32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        assert(offset >= 0 && offset + 4 <= bytes.count, "field outside the checked range")
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return self == .bigEndian ? UInt32(bigEndian: value) : UInt32(littleEndian: value)
    }

    /// Reads a 64-bit field in this byte order.
    ///
    /// The caller has checked that `offset + 8 <= bytes.count` (release builds do not check).
    @inline(__always)
    func load64(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        assert(offset >= 0 && offset + 8 <= bytes.count, "field outside the checked range")
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        return self == .bigEndian ? UInt64(bigEndian: value) : UInt64(littleEndian: value)
    }
}
