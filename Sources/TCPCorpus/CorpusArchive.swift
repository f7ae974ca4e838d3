import Foundation
import ZIPFoundation

/// A fuzz corpus: a set of byte strings, kept sorted and free of duplicates, stored as an ordinary zip archive.
///
/// The archive is what libFuzzer users and OSS-Fuzz call a seed corpus (`<fuzzer>_seed_corpus.zip`): one zip entry
/// per input, read by `unzip`, by ClusterFuzzLite and by any zip library as it is. The reader accepts any zip
/// (stored or deflated entries, any names, directories skipped) and keeps each distinct content once. The writer is
/// deterministic, so that an unchanged corpus is a byte-identical file:
///
/// - each entry is named by the SHA-1 of its content as 40 lowercase hex digits (the name libFuzzer gives a corpus
///   file), and the entries are written in ascending order of name;
/// - every entry is deflated (zlib's default level), dated 1980-01-01 00:00:00 (the earliest MS-DOS date, the
///   one reproducible-build tools use), with Unix permissions `0644`, made by "Unix, zip 2.1", with no extra
///   field and no comment.
///
/// The zip container is ZIPFoundation's; for one zlib release, the same entries give the same bytes.
public struct CorpusArchive: Hashable, Sendable {
    /// The default limit on the entries' total size, 256 MiB: larger corpora are refused.
    public static let defaultMaximumUncompressedSize = 256 << 20

    /// The modification date of every entry written: 1980-01-01 00:00:00 UTC, the MS-DOS epoch.
    public static let entryModificationDate = Date(timeIntervalSince1970: 315_532_800)

    /// The Unix permissions of every entry written: `rw-r--r--`.
    public static let entryPermissions: UInt16 = 0o644

    /// The entries, in strictly ascending lexicographic byte order, each at most once.
    public private(set) var entries: [[UInt8]]

    /// Creates an empty corpus.
    public init() {
        self.entries = []
    }

    /// Creates a corpus from entries in any order, sorting them and dropping duplicates.
    ///
    /// - Parameter entries: the inputs; repeats are kept once.
    public init(entries: some Sequence<[UInt8]>) {
        let sorted = entries.sorted { $0.lexicographicallyPrecedes($1) }
        var unique: [[UInt8]] = []
        unique.reserveCapacity(sorted.count)
        for entry in sorted where unique.last != entry {
            unique.append(entry)
        }
        self.entries = unique
    }

    /// The number of entries.
    public var count: Int {
        entries.count
    }

    /// The sum of the entries' lengths, without the container's headers.
    public var totalByteCount: Int {
        entries.reduce(0) { $0 + $1.count }
    }

    /// Whether the corpus holds `entry`.
    ///
    /// - Parameter entry: the bytes to look for.
    /// - Returns: `true` if an equal entry is present.
    public func contains(_ entry: [UInt8]) -> Bool {
        let index = insertionIndex(of: entry)
        return index < entries.count && entries[index] == entry
    }

    /// Adds one entry at its sorted place, unless an equal entry is already present.
    ///
    /// - Parameter entry: the bytes to add.
    /// - Returns: `true` if the entry was new and was added.
    @discardableResult
    public mutating func insert(_ entry: [UInt8]) -> Bool {
        let index = insertionIndex(of: entry)
        if index < entries.count && entries[index] == entry {
            return false
        }
        entries.insert(entry, at: index)
        return true
    }

    /// Adds several entries, skipping those already present.
    ///
    /// - Parameter newEntries: the bytes to add, in any order, repeats allowed.
    /// - Returns: how many entries were new.
    @discardableResult
    public mutating func insert(contentsOf newEntries: some Sequence<[UInt8]>) -> Int {
        let before = entries.count
        self = CorpusArchive(entries: entries + Array(newEntries))
        return entries.count - before
    }

    /// The name an entry has in an archive and as a file in an unpacked corpus directory: the SHA-1 of its
    /// content as 40 lowercase hexadecimal digits, as libFuzzer names the files of a corpus directory.
    ///
    /// - Parameter entry: the entry's bytes.
    /// - Returns: a name such as `"da39a3ee5e6b4b0d3255bfef95601890afd80709"` (the empty entry).
    public static func fileName(for entry: [UInt8]) -> String {
        SHA1.hexDigest(entry)
    }

    /// The index of the first entry not less than `entry` (binary search over the sorted entries).
    private func insertionIndex(of entry: [UInt8]) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            // `low + (high - low) / 2` cannot overflow: both bounds lie in `0...entries.count`.
            let middle = low + (high - low) / 2
            if entries[middle].lexicographicallyPrecedes(entry) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}

// MARK: - Encoding and decoding

extension CorpusArchive {
    /// Decodes a zip archive held in memory.
    ///
    /// Every file entry is one input, whatever its name; directory entries (empty, named with a trailing slash)
    /// are skipped, a symbolic link is refused, and a content that appears under several names is kept once.
    /// Deflated entries are inflated and every entry's CRC-32 checked; the central directory must list exactly the
    /// entries that can be read.
    ///
    /// The bytes are handed to ZIPFoundation through a temporary file: its in-memory backend traps on an offset
    /// past the end of the data (a one-byte change to a header is enough), its file backend reads short instead.
    ///
    /// - Parameters:
    ///   - bytes: the whole zip file.
    ///   - maximumUncompressedSize: the largest total of entry sizes to accept; reading stops, before the entry
    ///     that would pass it is inflated further, as soon as the total would exceed it.
    /// - Throws: ``CorpusArchiveError`` with code `unreadableArchive` or `sizeLimitExceeded`, or `fileSystem` if
    ///   the temporary file cannot be written.
    public init(
        decoding bytes: [UInt8],
        maximumUncompressedSize: Int = CorpusArchive.defaultMaximumUncompressedSize
    ) throws(CorpusArchiveError) {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("tcp-corpus-\(UUID().uuidString).zip", isDirectory: false)
        do {
            try Data(bytes).write(to: file)
        } catch {
            throw .fileSystem("write", path: file.path, reason: Self.describe(error))
        }
        defer { try? FileManager.default.removeItem(at: file) }
        try self.init(decoding: bytes, from: file, maximumUncompressedSize: maximumUncompressedSize)
    }

    /// Decodes a zip file whose bytes have been read already: the walk of the central directory reads `bytes`,
    /// ZIPFoundation reads `file`.
    init(
        decoding bytes: [UInt8],
        from file: URL,
        maximumUncompressedSize: Int
    ) throws(CorpusArchiveError) {
        precondition(maximumUncompressedSize >= 0, "maximumUncompressedSize must not be negative")
        let archive: Archive
        do {
            archive = try Archive(url: file, accessMode: .read)
        } catch {
            throw .unreadableArchive("the archive", underlying: error)
        }
        let listed: Int?
        switch ZipCentralDirectory.count(in: bytes) {
        case .entries(let count): listed = count
        case .zip64: listed = nil
        case .malformed(let reason): throw .unreadableArchive(reason: reason)
        }
        var collected: [[UInt8]] = []
        var read = 0
        var total = 0
        for entry in archive {
            read += 1
            switch entry.type {
            case .file:
                break
            case .directory:
                // A damaged attribute can make a file look like a directory: only an empty entry whose name ends
                // in a slash is skipped as one.
                guard entry.path.hasSuffix("/"), entry.uncompressedSize == 0, entry.compressedSize == 0 else {
                    throw .unreadableArchive(
                        reason: "the entry \(entry.path) is marked a directory but has a file's name or size")
                }
                continue
            case .symlink:
                throw .unreadableArchive(reason: "the entry \(entry.path) is a symbolic link, not an input")
            }
            // The central directory's size is a claim; it is checked here so that a corpus far above the
            // limit is refused unread, and checked again below against what inflating actually produces.
            let room = maximumUncompressedSize - total
            guard entry.uncompressedSize <= UInt64(room) else {
                throw .sizeLimitExceeded(
                    "the entries, with \(entry.path),", size: UInt64(total) + entry.uncompressedSize,
                    limit: maximumUncompressedSize
                )
            }
            var content: [UInt8] = []
            content.reserveCapacity(Int(entry.uncompressedSize))
            let checksum: CRC32
            do {
                checksum = try archive.extract(entry) { chunk in
                    guard chunk.count <= room - content.count else {
                        throw EntryTooLarge()
                    }
                    content.append(contentsOf: chunk)
                }
            } catch is EntryTooLarge {
                throw .sizeLimitExceeded(
                    "the entries, with \(entry.path),", size: UInt64(maximumUncompressedSize) + 1,
                    limit: maximumUncompressedSize
                )
            } catch {
                throw .unreadableArchive("the entry \(entry.path)", underlying: error)
            }
            // ZIPFoundation's extraction into a closure computes the CRC-32 but leaves comparing it to the caller.
            guard checksum == entry.checksum, content.count == entry.uncompressedSize else {
                throw .unreadableArchive(
                    reason: "the entry \(entry.path) inflates to \(content.count) bytes with CRC-32 \(checksum), "
                        + "not the \(entry.uncompressedSize) bytes with CRC-32 \(entry.checksum) its header gives"
                )
            }
            total += content.count
            collected.append(content)
        }
        if let listed, read != listed {
            throw .unreadableArchive(reason: "the central directory lists \(listed) entries but \(read) could be read")
        }
        self.init(entries: collected)
    }

    /// Encodes the corpus as the bytes of a zip file, deterministically (see the type's discussion).
    ///
    /// - Parameter maximumUncompressedSize: the largest total of entry sizes to write, so that no archive is
    ///   produced that a reader with the same limit would refuse.
    /// - Returns: the zip file; the same bytes for the same entries (and zlib release).
    /// - Throws: ``CorpusArchiveError`` with code `sizeLimitExceeded` if the entries are too large together,
    ///   `nameCollision` if two entries have one SHA-1 name, or `unwritableArchive`.
    public func encoded(
        maximumUncompressedSize: Int = CorpusArchive.defaultMaximumUncompressedSize
    ) throws(CorpusArchiveError) -> [UInt8] {
        precondition(maximumUncompressedSize >= 0, "maximumUncompressedSize must not be negative")
        let total = totalByteCount
        guard total <= maximumUncompressedSize else {
            throw .sizeLimitExceeded("the entries", size: UInt64(total), limit: maximumUncompressedSize)
        }
        let named = entries.map { (name: Self.fileName(for: $0), content: $0) }.sorted { $0.name < $1.name }
        for (previous, next) in zip(named, named.dropFirst()) where previous.name == next.name {
            // The entries are distinct, so one name for two of them is a collision.
            throw .nameCollision(name: next.name)
        }
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (name, content) in named {
                try archive.addEntry(
                    with: name, type: .file, uncompressedSize: Int64(content.count),
                    modificationDate: Self.entryModificationDate, permissions: Self.entryPermissions,
                    compressionMethod: .deflate
                ) { position, size in
                    // ZIPFoundation asks for the chunks in order, each within `0..<content.count`.
                    Data(content[Int(position)..<(Int(position) + size)])
                }
            }
            guard let data = archive.data else {
                throw ArchiveNotInMemory()
            }
            return [UInt8](data)
        } catch {
            throw .unwritableArchive(underlying: error)
        }
    }
}

/// Thrown from inside an extraction's consumer to stop it at the size limit.
private struct EntryTooLarge: Error {}

/// Thrown if ZIPFoundation did not keep an in-memory archive in memory.
private struct ArchiveNotInMemory: Error {}
