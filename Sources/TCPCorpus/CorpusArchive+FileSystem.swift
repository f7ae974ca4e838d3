import Foundation

// MARK: - Archive files and corpus directories

extension CorpusArchive {
    /// Reads and decodes an archive file.
    ///
    /// The file is read only up to the most a valid archive within the limit can take (the header plus zlib's
    /// `compressBound` of the limit); a longer file is refused without reading the rest.
    ///
    /// - Parameters:
    ///   - url: the archive file.
    ///   - maximumUncompressedSize: the largest payload to accept; see ``init(decoding:maximumUncompressedSize:)``.
    /// - Throws: ``CorpusArchiveError``: `fileSystem` if the file cannot be read, `sizeLimitExceeded` if it is
    ///   too long, or any error of ``init(decoding:maximumUncompressedSize:)``.
    public init(
        contentsOf url: URL,
        maximumUncompressedSize: Int = CorpusArchive.defaultMaximumUncompressedSize
    ) throws(CorpusArchiveError) {
        let bytes = try Self.readFile(url, limit: Self.maximumArchiveSize(forPayload: maximumUncompressedSize))
        try self.init(decoding: bytes, maximumUncompressedSize: maximumUncompressedSize)
    }

    /// Encodes the corpus and writes it to a file atomically (a temporary file, then a rename).
    ///
    /// - Parameters:
    ///   - url: the archive file to create or replace.
    ///   - maximumUncompressedSize: the largest payload to write; see ``encoded(maximumUncompressedSize:)``.
    /// - Throws: ``CorpusArchiveError``: `sizeLimitExceeded` or `zlibFailure` from encoding, `fileSystem` if the
    ///   file cannot be written.
    public func write(
        to url: URL,
        maximumUncompressedSize: Int = CorpusArchive.defaultMaximumUncompressedSize
    ) throws(CorpusArchiveError) {
        let bytes = try encoded(maximumUncompressedSize: maximumUncompressedSize)
        do {
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw .fileSystem("write", path: url.path, reason: Self.describe(error))
        }
    }

    /// Reads every regular file directly inside a directory as one entry, the way libFuzzer reads a corpus
    /// directory.
    ///
    /// Hidden files (names starting with `.`), subdirectories and other non-regular files are skipped. File
    /// names do not matter: two files with the same content give one entry.
    ///
    /// - Parameters:
    ///   - directory: the corpus directory.
    ///   - maximumUncompressedSize: the largest payload the corpus may reach; packing stops with an error,
    ///     without reading further, as soon as the files read so far would exceed it.
    /// - Throws: ``CorpusArchiveError``: `fileSystem` if the directory or a file cannot be read,
    ///   `sizeLimitExceeded` if the contents are too large.
    public init(
        packing directory: URL,
        maximumUncompressedSize: Int = CorpusArchive.defaultMaximumUncompressedSize
    ) throws(CorpusArchiveError) {
        let files = try Self.regularFiles(in: directory)
        var collected: [[UInt8]] = []
        // The count field: see `payloadByteCount`.
        var payloadSize = 4
        for file in files {
            // Framing of 4 bytes per entry counts too, so the writer will accept what was packed.
            let room = maximumUncompressedSize - payloadSize - 4
            guard room >= 0 else {
                throw .sizeLimitExceeded(
                    "the corpus in \(directory.path)", size: UInt64(payloadSize + 4), limit: maximumUncompressedSize
                )
            }
            let bytes = try Self.readFile(file, limit: room)
            payloadSize += 4 + bytes.count
            collected.append(bytes)
        }
        self.init(entries: collected)
    }

    /// Writes each entry to its own file in a directory, named by ``fileName(for:)``, creating the directory
    /// if needed.
    ///
    /// Files already there are left alone unless an entry has the same name, in which case it is overwritten
    /// (with the same content, since the name is the content's hash). All names are checked before anything
    /// is written.
    ///
    /// - Parameter directory: the corpus directory.
    /// - Returns: the file names written, in entry order.
    /// - Throws: ``CorpusArchiveError``: `nameCollision` if two entries share a name, `fileSystem` if the
    ///   directory cannot be created or a file cannot be written.
    @discardableResult
    public func unpack(to directory: URL) throws(CorpusArchiveError) -> [String] {
        var names: [String] = []
        names.reserveCapacity(entries.count)
        var seen: Set<String> = []
        for entry in entries {
            let name = Self.fileName(for: entry)
            guard seen.insert(name).inserted else {
                throw .nameCollision(name: name)
            }
            names.append(name)
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .fileSystem("create the directory", path: directory.path, reason: Self.describe(error))
        }
        for (entry, name) in zip(entries, names) {
            let file = directory.appendingPathComponent(name, isDirectory: false)
            do {
                try Data(entry).write(to: file)
            } catch {
                throw .fileSystem("write", path: file.path, reason: Self.describe(error))
            }
        }
        return names
    }

    /// The file name an entry gets in an unpacked corpus directory: its FNV-1a 64-bit hash as 16 lowercase
    /// hexadecimal digits.
    ///
    /// - Parameter entry: the entry's bytes.
    /// - Returns: a name such as `"af63dc4c8601ec8c"`.
    public static func fileName(for entry: [UInt8]) -> String {
        FNV1a64.hexDigest(entry)
    }

    /// The longest archive file a reader with this payload limit reads: the header and zlib's bound for
    /// deflating that many bytes.
    ///
    /// - Parameter maximumUncompressedSize: the payload limit.
    /// - Returns: the file size limit.
    public static func maximumArchiveSize(forPayload maximumUncompressedSize: Int) -> Int {
        // compressBound(n) is n plus about 0.03%, plus 13 bytes (zlib.h); the sum cannot overflow for a limit
        // below UInt32.max.
        let payload = maximumUncompressedSize
        return headerSize + payload + (payload >> 12) + (payload >> 14) + (payload >> 25) + 13
    }

    /// Reads one file as a corpus entry, refusing a file longer than the limit without reading all of it.
    ///
    /// - Parameters:
    ///   - url: the file.
    ///   - maximumSize: the longest entry to accept.
    /// - Returns: the file's bytes.
    /// - Throws: ``CorpusArchiveError``: `fileSystem` if the file cannot be read, `sizeLimitExceeded` if it is
    ///   longer than `maximumSize`.
    public static func readEntry(
        contentsOf url: URL,
        maximumSize: Int = CorpusArchive.defaultMaximumUncompressedSize
    ) throws(CorpusArchiveError) -> [UInt8] {
        try readFile(url, limit: maximumSize)
    }

    /// Reads a whole file, refusing one longer than `limit` bytes without reading past `limit + 1`.
    static func readFile(_ url: URL, limit: Int) throws(CorpusArchiveError) -> [UInt8] {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw .fileSystem("read", path: url.path, reason: Self.describe(error))
        }
        guard data.count <= limit else {
            throw .sizeLimitExceeded("the file \(url.path)", size: UInt64(data.count), limit: limit)
        }
        return [UInt8](data)
    }

    /// The regular, non-hidden files directly inside `directory`, sorted by name.
    private static func regularFiles(in directory: URL) throws(CorpusArchiveError) -> [URL] {
        // Foundation on Linux lists a regular file as an empty directory, so check first.
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) else {
            throw .fileSystem("list the directory", path: directory.path, reason: "No such file or directory")
        }
        guard isDirectory.boolValue else {
            throw .fileSystem("list the directory", path: directory.path, reason: "Not a directory")
        }
        do {
            let contents = try FileManager.default.contentsOfDirectory(
                at: directory,
                includingPropertiesForKeys: [.isRegularFileKey],
                options: [.skipsHiddenFiles]
            )
            return try contents
                .filter { try $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw .fileSystem("list the directory", path: directory.path, reason: Self.describe(error))
        }
    }

    /// A short description of a Foundation or POSIX error, for messages.
    private static func describe(_ error: any Error) -> String {
        if let posix = error as? POSIXError {
            return String(cString: strerror(posix.code.rawValue))
        }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(nsError.code)))
        }
        // Foundation on Linux wraps the errno in NSUnderlyingErrorKey, sometimes as a Swift POSIXError.
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? any Error {
            let underlyingError = underlying as NSError
            if underlyingError.domain == NSPOSIXErrorDomain {
                return String(cString: strerror(Int32(underlyingError.code)))
            }
        }
        return nsError.localizedDescription
    }
}
