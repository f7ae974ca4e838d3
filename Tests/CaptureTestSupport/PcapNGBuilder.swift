/// Writes a pcapng file (draft-ietf-opsawg-pcapng), block by block; starts with a Section Header Block.
public struct PcapNGBuilder: Sendable {
    /// The writer that holds the file so far; its byte order is the current section's.
    public var writer: ByteWriter

    /// Writes the first Section Header Block.
    ///
    /// - Parameter bigEndian: the byte order of the first section.
    public init(bigEndian: Bool = false) {
        writer = ByteWriter(bigEndian: bigEndian)
        section(bigEndian: bigEndian)
    }

    /// Appends a block of any type with the given body (padded to 4), both total lengths filled in.
    ///
    /// - Parameters:
    ///   - type: the block type.
    ///   - body: the block body, without the type and lengths.
    public mutating func block(type: UInt32, body: [UInt8]) {
        let padded = (body.count + 3) & ~3
        writer.u32(type)
        writer.u32(UInt32(12 + padded))
        writer.raw(body)
        writer.pad4()
        writer.u32(UInt32(12 + padded))
    }

    /// Appends a Section Header Block in the given byte order; later blocks use that order.
    ///
    /// - Parameter bigEndian: the byte order of the new section.
    public mutating func section(bigEndian: Bool) {
        writer.bigEndian = bigEndian
        var body = ByteWriter(bigEndian: bigEndian)
        body.u32(0x1A2B_3C4D)  // byte-order magic
        body.u16(1)  // major
        body.u16(0)  // minor
        body.u64(UInt64.max)  // section length: unknown
        block(type: 0x0A0D_0D0A, body: body.bytes)
    }

    /// Appends an Interface Description Block named "eth", with optional if_tsresol and if_tsoffset options.
    ///
    /// - Parameters:
    ///   - linkType: the LINKTYPE_ value of the interface.
    ///   - snapLength: the snapshot length (0: none).
    ///   - resolution: the if_tsresol byte, if any.
    ///   - offsetSeconds: the if_tsoffset value, if any.
    public mutating func interface(linkType: UInt16, snapLength: UInt32 = 0, resolution: UInt8? = nil,
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

    /// Appends an Enhanced Packet Block carrying an opt_comment "hi".
    ///
    /// - Parameters:
    ///   - interface: the interface ID.
    ///   - timestamp: the 64-bit timestamp, in the interface's resolution.
    ///   - data: the captured bytes.
    ///   - originalLength: the length on the wire; `data.count` when `nil`.
    public mutating func enhancedPacket(interface: UInt32, timestamp: UInt64, _ data: [UInt8],
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

    /// Appends an obsolete Packet Block (type 2).
    ///
    /// - Parameters:
    ///   - interface: the 16-bit interface ID.
    ///   - timestamp: the 64-bit timestamp, in the interface's resolution.
    ///   - data: the captured bytes (the original length is the same).
    public mutating func obsoletePacket(interface: UInt16, timestamp: UInt64, _ data: [UInt8]) {
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

    /// Appends a Simple Packet Block (interface 0, no timestamp).
    ///
    /// - Parameters:
    ///   - data: the captured bytes.
    ///   - originalLength: the length on the wire; `data.count` when `nil`.
    public mutating func simplePacket(_ data: [UInt8], originalLength: UInt32? = nil) {
        var body = ByteWriter(bigEndian: writer.bigEndian)
        body.u32(originalLength ?? UInt32(data.count))  // Original Packet Length
        body.raw(data)
        block(type: 3, body: body.bytes)
    }

    /// The file written so far.
    public var bytes: [UInt8] { writer.bytes }
}
