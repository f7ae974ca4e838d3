/// Reads the blocks of a pcapng file (draft-ietf-opsawg-pcapng), one at a time.
///
/// Section Header Blocks start a new section with its own byte order and interface list; Interface Description
/// Blocks add an interface; Enhanced, Simple and (obsolete) Packet Blocks yield frames; every other block type
/// (Interface Statistics, Name Resolution, Decryption Secrets, custom ...) is skipped without being buffered,
/// its length bounded like the others' and its trailing length still checked.
final class PcapNGDecoder {
    /// The Section Header Block type, the same in both byte orders.
    static let sectionHeaderType: UInt32 = 0x0A0D_0D0A
    /// The byte-order magic of a Section Header Block.
    static let byteOrderMagic: UInt32 = 0x1A2B_3C4D
    /// The most interfaces kept per section.
    static let maximumInterfaces = 1 << 16
    /// Room allowed for options beyond the packet data when a block must be held in memory.
    static let optionAllowance = 1 << 20

    private enum BlockType {
        static let interfaceDescription: UInt32 = 1
        static let packet: UInt32 = 2
        static let simplePacket: UInt32 = 3
        static let enhancedPacket: UInt32 = 6
    }

    let maximumCapturedLength: Int
    let maximumBlockLength: Int
    private(set) var byteOrder: CaptureByteOrder = .littleEndian
    private(set) var interfaces: [CaptureInterface] = []
    private var blockCount: UInt64 = 0
    private var frameCount: UInt64 = 0

    /// Reads the first Section Header Block.
    ///
    /// - Throws: `truncatedFileHeader` when the input ends inside it, or any Section Header Block error.
    init(stream: CaptureInputStream, maximumCapturedLength: Int) throws(CaptureError) {
        self.maximumCapturedLength = maximumCapturedLength
        // maximumCapturedLength is at most Int.max / 2 (checked by the reader), so the sum cannot overflow.
        self.maximumBlockLength = maximumCapturedLength + Self.optionAllowance
        try readSectionHeader(from: stream, isFirst: true)
    }

    /// Reads the next frame, skipping blocks that carry none, or returns `nil` at a clean end of file.
    func next(from stream: CaptureInputStream) throws(CaptureError) -> CaptureRecord? {
        while true {
            let blockOffset = stream.offset
            let block = blockCount + 1
            let got = try stream.fill(8)
            if got == 0 {
                return nil
            }
            guard got >= 8 else {
                throw .truncatedBlock(block: block, offset: blockOffset, needed: 12, available: UInt64(got))
            }
            let head = stream.bytes(8)
            // Both loads are inside the 8 bytes checked above.
            if CaptureByteOrder.bigEndian.load32(head, 0) == Self.sectionHeaderType {
                try readSectionHeader(from: stream, isFirst: false)
                continue
            }
            let type = byteOrder.load32(head, 0)
            let length = byteOrder.load32(head, 4)
            try checkLength(length, block: block, offset: blockOffset, minimum: 12)
            switch type {
            case BlockType.interfaceDescription, BlockType.packet, BlockType.simplePacket,
                BlockType.enhancedPacket:
                let bytes = try readWholeBlock(type: type, length: length, from: stream, block: block)
                if let record = try parse(type: type, bytes, block: block, offset: blockOffset) {
                    stream.consume(bytes.count)
                    blockCount = block
                    return record
                }
                stream.consume(bytes.count)
                blockCount = block
            default:
                try skipBlock(length: length, from: stream, block: block)
                blockCount = block
            }
        }
    }

    // MARK: - Blocks

    private func readSectionHeader(from stream: CaptureInputStream, isFirst: Bool) throws(CaptureError) {
        let blockOffset = stream.offset
        let block = blockCount + 1
        func truncated(_ needed: Int, _ available: Int) -> CaptureError {
            isFirst
                ? .truncatedFileHeader(offset: blockOffset, needed: needed, available: available)
                : .truncatedBlock(block: block, offset: blockOffset, needed: UInt64(needed),
                    available: UInt64(available))
        }
        let got = try stream.fill(12)
        guard got >= 12 else {
            throw truncated(28, got)
        }
        let head = stream.bytes(12)
        // Loads inside the 12 bytes checked above.
        let order: CaptureByteOrder
        let magic = CaptureByteOrder.bigEndian.load32(head, 8)
        if magic == Self.byteOrderMagic {
            order = .bigEndian
        } else if CaptureByteOrder.littleEndian.load32(head, 8) == Self.byteOrderMagic {
            order = .littleEndian
        } else {
            throw .badByteOrderMagic(block: block, offset: blockOffset, value: magic)
        }
        let length = order.load32(head, 4)
        try checkLength(length, block: block, offset: blockOffset, minimum: 28)
        guard length <= maximumBlockLength else {
            throw .blockLengthTooLarge(block: block, offset: blockOffset, length: length, limit: maximumBlockLength)
        }
        let total = Int(length)
        let available = try stream.fill(total)
        guard available >= total else {
            throw truncated(total, available)
        }
        let bytes = stream.bytes(total)
        // total >= 28: the trailing length and the version fields are inside the block.
        let trailing = order.load32(bytes, total - 4)
        guard trailing == length else {
            throw .blockLengthMismatch(block: block, offset: blockOffset, leading: length, trailing: trailing)
        }
        let major = order.load16(bytes, 12)
        let minor = order.load16(bytes, 14)
        guard major == 1 else {
            throw .unsupportedVersion(offset: blockOffset, major: major, minor: minor)
        }
        stream.consume(total)
        blockCount = block
        byteOrder = order
        interfaces.removeAll(keepingCapacity: true)
    }

    private func checkLength(_ length: UInt32, block: UInt64, offset: UInt64, minimum: Int) throws(CaptureError) {
        guard length % 4 == 0 else {
            throw .blockLengthNotMultipleOfFour(block: block, offset: offset, length: length)
        }
        guard length >= minimum else {
            throw .blockLengthTooSmall(block: block, offset: offset, length: length, minimum: minimum)
        }
    }

    /// Buffers a whole block of a type that must be parsed, after checking its length.
    private func readWholeBlock(
        type: UInt32,
        length: UInt32,
        from stream: CaptureInputStream,
        block: UInt64
    ) throws(CaptureError) -> UnsafeRawBufferPointer {
        let blockOffset = stream.offset
        let minimum: Int
        switch type {
        case BlockType.interfaceDescription: minimum = 20
        case BlockType.simplePacket: minimum = 16
        default: minimum = 32
        }
        try checkLength(length, block: block, offset: blockOffset, minimum: minimum)
        guard length <= maximumBlockLength else {
            throw .blockLengthTooLarge(block: block, offset: blockOffset, length: length, limit: maximumBlockLength)
        }
        let total = Int(length)
        let available = try stream.fill(total)
        guard available >= total else {
            throw .truncatedBlock(block: block, offset: blockOffset, needed: UInt64(total),
                available: UInt64(available))
        }
        let bytes = stream.bytes(total)
        // total >= minimum >= 16: the trailing length is inside the block.
        let trailing = byteOrder.load32(bytes, total - 4)
        guard trailing == length else {
            throw .blockLengthMismatch(block: block, offset: blockOffset, leading: length, trailing: trailing)
        }
        return bytes
    }

    /// Skips a block of a type nobody reads, streaming through it, then checks its trailing length.
    ///
    /// Its length is bounded like that of the blocks that are read: a bogus length from a pipe must not make the
    /// reader swallow the rest of the stream as one block.
    private func skipBlock(length: UInt32, from stream: CaptureInputStream, block: UInt64) throws(CaptureError) {
        let blockOffset = stream.offset
        guard length <= maximumBlockLength else {
            throw .blockLengthTooLarge(block: block, offset: blockOffset, length: length, limit: maximumBlockLength)
        }
        stream.consume(8)
        // length >= 12 was checked by the caller.
        let body = UInt64(length) - 12
        let skipped = try stream.skip(body)
        guard skipped == body else {
            throw .truncatedBlock(block: block, offset: blockOffset, needed: UInt64(length), available: 8 + skipped)
        }
        let got = try stream.fill(4)
        guard got >= 4 else {
            throw .truncatedBlock(block: block, offset: blockOffset, needed: UInt64(length),
                available: 8 + skipped + UInt64(got))
        }
        let trailing = byteOrder.load32(stream.bytes(4), 0)
        stream.consume(4)
        guard trailing == length else {
            throw .blockLengthMismatch(block: block, offset: blockOffset, leading: length, trailing: trailing)
        }
    }

    /// Parses a buffered block; returns a record for packet blocks, `nil` for an Interface Description Block.
    private func parse(
        type: UInt32,
        _ bytes: UnsafeRawBufferPointer,
        block: UInt64,
        offset blockOffset: UInt64
    ) throws(CaptureError) -> CaptureRecord? {
        switch type {
        case BlockType.interfaceDescription:
            try parseInterfaceDescription(bytes, block: block, offset: blockOffset)
            return nil
        case BlockType.simplePacket:
            return try parseSimplePacket(bytes, block: block, offset: blockOffset)
        default:
            return try parsePacket(type: type, bytes, block: block, offset: blockOffset)
        }
    }

    private func parseInterfaceDescription(
        _ bytes: UnsafeRawBufferPointer,
        block: UInt64,
        offset blockOffset: UInt64
    ) throws(CaptureError) {
        // bytes.count >= 20 (readWholeBlock): link type at 8, snap length at 12, options from 16 to count - 4.
        let linkType = LinkType(rawValue: UInt32(byteOrder.load16(bytes, 8)))
        let snapLength = byteOrder.load32(bytes, 12)
        var resolution: UInt8 = 6
        var timestampOffset: Int64 = 0
        let end = bytes.count - 4
        var position = 16
        while end - position >= 4 {
            let code = byteOrder.load16(bytes, position)
            let length = byteOrder.load16(bytes, position + 2)
            if code == 0 {
                break
            }
            let valueStart = position + 4
            guard Int(length) <= end - valueStart else {
                throw .badOption(block: block, offset: blockOffset, code: code, length: length)
            }
            if code == 9 && length >= 1 {
                resolution = bytes[valueStart]
            } else if code == 14 && length >= 8 {
                // valueStart + 8 <= end, checked by the guard above.
                timestampOffset = Int64(bitPattern: byteOrder.load64(bytes, valueStart))
            }
            let padded = (Int(length) + 3) & ~3
            position = valueStart + Swift.min(padded, end - valueStart)
        }
        let unitsPerSecond: UInt64
        if resolution & 0x80 == 0 {
            guard resolution <= 19 else {
                throw .unsupportedTimestampResolution(block: block, offset: blockOffset, value: resolution)
            }
            var units: UInt64 = 1
            for _ in 0..<resolution {
                units *= 10  // 10^19 < 2^64: cannot overflow.
            }
            unitsPerSecond = units
        } else {
            let exponent = resolution & 0x7F
            guard exponent <= 63 else {
                throw .unsupportedTimestampResolution(block: block, offset: blockOffset, value: resolution)
            }
            unitsPerSecond = 1 << UInt64(exponent)
        }
        guard interfaces.count < Self.maximumInterfaces else {
            throw .tooManyInterfaces(block: block, offset: blockOffset, limit: Self.maximumInterfaces)
        }
        interfaces.append(CaptureInterface(
            linkType: linkType,
            snapLength: snapLength,
            timestampUnitsPerSecond: unitsPerSecond,
            timestampOffset: timestampOffset
        ))
    }

    /// Enhanced Packet Block (type 6) or the obsolete Packet Block (type 2), which differ only in the width of
    /// the interface field.
    private func parsePacket(
        type: UInt32,
        _ bytes: UnsafeRawBufferPointer,
        block: UInt64,
        offset blockOffset: UInt64
    ) throws(CaptureError) -> CaptureRecord {
        // bytes.count >= 32 (readWholeBlock): every fixed field below lies in bytes 8 ..< 28.
        let interfaceID = type == BlockType.enhancedPacket
            ? byteOrder.load32(bytes, 8)
            : UInt32(byteOrder.load16(bytes, 8))
        let high = byteOrder.load32(bytes, 12)
        let low = byteOrder.load32(bytes, 16)
        let capturedLength = byteOrder.load32(bytes, 20)
        let originalLength = byteOrder.load32(bytes, 24)
        let frame = frameCount + 1
        guard UInt64(capturedLength) <= UInt64(maximumCapturedLength) else {
            throw .capturedLengthTooLarge(
                frame: frame, offset: blockOffset, length: capturedLength, limit: maximumCapturedLength)
        }
        let room = bytes.count - 32
        guard Int(capturedLength) <= room else {
            throw .packetDataExceedsBlock(
                block: block, offset: blockOffset, capturedLength: capturedLength, room: room)
        }
        guard Int(interfaceID) < interfaces.count else {
            throw .unknownInterface(
                block: block, offset: blockOffset, interfaceID: interfaceID, interfaceCount: interfaces.count)
        }
        let interface = interfaces[Int(interfaceID)]
        frameCount = frame
        let units = UInt64(high) << 32 | UInt64(low)
        return CaptureRecord(
            frameNumber: frame,
            timestamp: interface.timestamp(units: units),
            linkType: interface.linkType,
            interfaceID: interfaceID,
            originalLength: originalLength,
            fileOffset: blockOffset,
            // 28 + capturedLength <= count - 4, checked above.
            bytes: UnsafeRawBufferPointer(rebasing: bytes[28..<(28 + Int(capturedLength))]),
            timestampProblem: interface.timestampProblem(units: units)
        )
    }

    private func parseSimplePacket(
        _ bytes: UnsafeRawBufferPointer,
        block: UInt64,
        offset blockOffset: UInt64
    ) throws(CaptureError) -> CaptureRecord {
        // bytes.count >= 16 (readWholeBlock): original length at 8, data from 12 to count - 4.
        let originalLength = byteOrder.load32(bytes, 8)
        guard let interface = interfaces.first else {
            throw .unknownInterface(block: block, offset: blockOffset, interfaceID: 0, interfaceCount: 0)
        }
        let frame = frameCount + 1
        var capturedLength = Swift.min(Int(originalLength), bytes.count - 16)
        if interface.snapLength != 0 {
            capturedLength = Swift.min(capturedLength, Int(interface.snapLength))
        }
        guard capturedLength <= maximumCapturedLength else {
            throw .capturedLengthTooLarge(frame: frame, offset: blockOffset, length: UInt32(capturedLength),
                limit: maximumCapturedLength)
        }
        frameCount = frame
        return CaptureRecord(
            frameNumber: frame,
            timestamp: nil,
            linkType: interface.linkType,
            interfaceID: 0,
            originalLength: originalLength,
            fileOffset: blockOffset,
            // 12 + capturedLength <= count - 4 by the min above.
            bytes: UnsafeRawBufferPointer(rebasing: bytes[12..<(12 + capturedLength)])
        )
    }
}
