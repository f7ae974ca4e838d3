/// The entry count of a zip archive, taken from its end-of-central-directory record and checked by walking the
/// central directory header by header (APPNOTE.TXT 6.3, sections 4.3.12 and 4.3.16).
///
/// ZIPFoundation's entry iterator ends quietly, as if the archive had no more entries, when a central directory
/// header or a local header cannot be read; on its own, a damaged archive would read as a shorter corpus. The
/// decoder therefore requires that it read as many entries as this walk counts.
enum ZipCentralDirectory {
    /// What the walk found.
    enum Count: Equatable {
        /// The record and the headers agree on this many entries.
        case entries(Int)
        /// A ZIP64 archive (more than 65,535 entries, or a directory past 4 GiB): the 32-bit record does not hold
        /// the numbers, and the walk is not done.
        case zip64
        /// The record is missing or the headers do not fill the directory exactly; the reason says which.
        case malformed(String)
    }

    /// The size of the end-of-central-directory record without its comment.
    private static let endRecordSize = 22

    /// The size of a central directory header without its name, extra field and comment.
    private static let headerSize = 46

    /// Finds the end-of-central-directory record and walks the central directory it points to.
    ///
    /// - Parameter bytes: the whole zip file.
    /// - Returns: the entry count, ``Count/zip64``, or what is wrong.
    static func count(in bytes: [UInt8]) -> Count {
        guard let end = endRecordOffset(in: bytes) else {
            return .malformed("no end-of-central-directory record")
        }
        // The record's 22 bytes are inside `bytes`: `endRecordOffset` checked that.
        let entriesOnDisk = readLittleEndian(bytes, at: end + 8, count: 2)
        let entries = readLittleEndian(bytes, at: end + 10, count: 2)
        let size = readLittleEndian(bytes, at: end + 12, count: 4)
        let start = readLittleEndian(bytes, at: end + 16, count: 4)
        if entries == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF {
            return .zip64
        }
        guard readLittleEndian(bytes, at: end + 4, count: 4) == 0, entriesOnDisk == entries else {
            return .malformed("the end record describes a multi-disk archive")
        }
        // `start` and `size` are below 2^32 each, so their sum cannot overflow an Int.
        guard start + size == end else {
            return .malformed("the central directory (offset \(start), \(size) bytes) does not end at the end record")
        }
        var offset = start
        var walked = 0
        while offset < end {
            guard end - offset >= headerSize, bytes[offset..<(offset + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02])
            else {
                return .malformed("no central directory header at offset \(offset)")
            }
            // The lengths of the name, the extra field and the comment.
            let variable = readLittleEndian(bytes, at: offset + 28, count: 2)
                + readLittleEndian(bytes, at: offset + 30, count: 2)
                + readLittleEndian(bytes, at: offset + 32, count: 2)
            offset += headerSize + variable
            walked += 1
        }
        guard offset == end else {
            return .malformed("the last central directory header runs \(offset - end) bytes past the directory")
        }
        guard walked == entries else {
            return .malformed("the end record counts \(entries) entries but the directory holds \(walked)")
        }
        return .entries(walked)
    }

    /// The offset of the last end-of-central-directory record whose comment runs exactly to the end of the file.
    private static func endRecordOffset(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= endRecordSize else {
            return nil
        }
        // The comment is at most 65,535 bytes, so the record starts no further back than that.
        let earliest = max(0, bytes.count - endRecordSize - 0xFFFF)
        var offset = bytes.count - endRecordSize
        while offset >= earliest {
            if bytes[offset..<(offset + 4)].elementsEqual([0x50, 0x4B, 0x05, 0x06]),
                readLittleEndian(bytes, at: offset + 20, count: 2) == bytes.count - offset - endRecordSize
            {
                return offset
            }
            offset -= 1
        }
        return nil
    }

    /// Reads an unsigned little-endian integer of `count` bytes; the caller has checked that they exist.
    private static func readLittleEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> Int {
        (0..<count).reduce(0) { $0 | Int(bytes[offset + $1]) << ($1 * 8) }
    }
}
