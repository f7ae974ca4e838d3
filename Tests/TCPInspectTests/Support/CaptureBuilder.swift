// The capture writers of PacketCaptureTests/Support, repeated here: test targets cannot share helpers.
import PacketCapture

/// Appends integers in a chosen byte order; the building block of the capture writers below.
struct ByteWriter {
    var bytes: [UInt8] = []
    var bigEndian: Bool

    init(bigEndian: Bool) {
        self.bigEndian = bigEndian
    }

    mutating func u8(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func u16(_ value: UInt16) {
        let ordered = bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: ordered) { bytes.append(contentsOf: $0) }
    }

    mutating func u32(_ value: UInt32) {
        let ordered = bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: ordered) { bytes.append(contentsOf: $0) }
    }

    mutating func u64(_ value: UInt64) {
        let ordered = bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: ordered) { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ data: [UInt8]) {
        bytes.append(contentsOf: data)
    }

    /// Zero bytes up to the next multiple of 4.
    mutating func pad4() {
        while bytes.count % 4 != 0 {
            bytes.append(0)
        }
    }
}

/// Writes a pcap file (libpcap `pcap-savefile(5)`).
struct PcapBuilder {
    var writer: ByteWriter
    let nanosecond: Bool

    init(bigEndian: Bool = false, nanosecond: Bool = false, linkType: UInt32 = 1, snapLength: UInt32 = 65_535) {
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

    mutating func record(seconds: UInt32, fraction: UInt32, _ data: [UInt8], originalLength: UInt32? = nil) {
        writer.u32(seconds)  // ts_sec
        writer.u32(fraction)  // ts_usec or ts_nsec
        writer.u32(UInt32(data.count))  // incl_len
        writer.u32(originalLength ?? UInt32(data.count))  // orig_len
        writer.raw(data)
    }

    var bytes: [UInt8] { writer.bytes }
}

/// Writes a pcapng file (draft-ietf-opsawg-pcapng), block by block.
struct PcapNGBuilder {
    var writer: ByteWriter

    init(bigEndian: Bool = false) {
        writer = ByteWriter(bigEndian: bigEndian)
        section(bigEndian: bigEndian)
    }

    /// A block of any type with the given body (padded to 4), both total lengths filled in.
    mutating func block(type: UInt32, body: [UInt8]) {
        let padded = (body.count + 3) & ~3
        writer.u32(type)
        writer.u32(UInt32(12 + padded))
        writer.raw(body)
        writer.pad4()
        writer.u32(UInt32(12 + padded))
    }

    /// A Section Header Block in the given byte order; later blocks use that order.
    mutating func section(bigEndian: Bool) {
        writer.bigEndian = bigEndian
        var body = ByteWriter(bigEndian: bigEndian)
        body.u32(0x1A2B_3C4D)  // byte-order magic
        body.u16(1)  // major
        body.u16(0)  // minor
        body.u64(UInt64.max)  // section length: unknown
        block(type: 0x0A0D_0D0A, body: body.bytes)
    }

    /// An Interface Description Block with optional if_tsresol and if_tsoffset options.
    mutating func interface(linkType: UInt16, snapLength: UInt32 = 0, resolution: UInt8? = nil,
                            offsetSeconds: Int64? = nil) {
        var body = ByteWriter(bigEndian: writer.bigEndian)
        body.u16(linkType)  // LinkType
        body.u16(0)  // reserved
        body.u32(snapLength)  // SnapLen
        body.u16(2)  // if_name
        body.u16(3)
        body.raw([0x65, 0x74, 0x68, 0])  // "eth" + padding
        if let resolution {
            body.u16(9)  // if_tsresol
            body.u16(1)
            body.raw([resolution, 0, 0, 0])
        }
        if let offsetSeconds {
            body.u16(14)  // if_tsoffset
            body.u16(8)
            body.u64(UInt64(bitPattern: offsetSeconds))
        }
        body.u16(0)  // opt_endofopt
        body.u16(0)
        block(type: 1, body: body.bytes)
    }

    /// An Enhanced Packet Block.
    mutating func enhancedPacket(interface: UInt32, timestamp: UInt64, _ data: [UInt8],
                                 originalLength: UInt32? = nil) {
        var body = ByteWriter(bigEndian: writer.bigEndian)
        body.u32(interface)  // Interface ID
        body.u32(UInt32(truncatingIfNeeded: timestamp >> 32))  // Timestamp (High)
        body.u32(UInt32(truncatingIfNeeded: timestamp))  // Timestamp (Low)
        body.u32(UInt32(data.count))  // Captured Packet Length
        body.u32(originalLength ?? UInt32(data.count))  // Original Packet Length
        body.raw(data)
        body.pad4()
        body.u16(1)  // opt_comment
        body.u16(2)
        body.raw([0x68, 0x69, 0, 0])  // "hi" + padding
        body.u16(0)  // opt_endofopt
        body.u16(0)
        block(type: 6, body: body.bytes)
    }

    /// An obsolete Packet Block (type 2).
    mutating func obsoletePacket(interface: UInt16, timestamp: UInt64, _ data: [UInt8]) {
        var body = ByteWriter(bigEndian: writer.bigEndian)
        body.u16(interface)  // Interface ID
        body.u16(0)  // Drops Count
        body.u32(UInt32(truncatingIfNeeded: timestamp >> 32))
        body.u32(UInt32(truncatingIfNeeded: timestamp))
        body.u32(UInt32(data.count))
        body.u32(UInt32(data.count))
        body.raw(data)
        block(type: 2, body: body.bytes)
    }

    /// A Simple Packet Block.
    mutating func simplePacket(_ data: [UInt8], originalLength: UInt32? = nil) {
        var body = ByteWriter(bigEndian: writer.bigEndian)
        body.u32(originalLength ?? UInt32(data.count))  // Original Packet Length
        body.raw(data)
        block(type: 3, body: body.bytes)
    }

    var bytes: [UInt8] { writer.bytes }
}
