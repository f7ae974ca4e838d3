import Foundation

// MARK: - Archive files and corpus directories

extension CorpusArchive {
    /// Reads and decodes an archive file.
    ///
    /// - Parameters:
    ///   - url: the zip file.
    ///   - maximumUncompressedSize: the largest total of entry sizes to accept; see
    ///     ``init(decoding:maximumUncompressedSize:)``.
    ///   - maximumFileSize: the longest file to read; a longer one is refused without reading the rest.
    /// - Throws: ``CorpusArchiveError``: `fileSystem` if the file cannot be read, `sizeLimitExceeded` if it is
    ///   too long, or any error of ``init(decoding:maximumUncompressedSize:)``.
    public init(
        contentsOf url: URL,
        maximumUncompressedSize: Int = CorpusArchive.defaultMaximumUncompressedSize,
        maximumFileSize: Int = CorpusArchive.defaultMaximumFileSize
    ) throws(CorpusArchiveError) {
        let bytes = try Self.readFile(url, limit: maximumFileSize)
        try self.init(decoding: bytes, from: url, maximumUncompressedSize: maximumUncompressedSize)
    }

    /// The default limit on the size of an archive file read, 512 MiB: room for the default limit on the
    /// entries stored uncompressed, plus their headers.
    public static let defaultMaximumFileSize = 512 << 20

    /// Encodes the corpus and writes it to a file atomically (a temporary file, then a rename).
    ///
    /// - Parameters:
    ///   - url: the archive file to create or replace.
    ///   - maximumUncompressedSize: the largest total of entry sizes to write; see
    ///     ``encoded(maximumUncompressedSize:)``.
    /// - Throws: ``CorpusArchiveError``: any error of ``encoded(maximumUncompressedSize:)``, `fileSystem` if the
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
    ///   - maximumUncompressedSize: the largest total of file sizes the corpus may reach; packing stops with an
    ///     error, without reading further, as soon as the files read so far would exceed it.
    /// - Throws: ``CorpusArchiveError``: `fileSystem` if the directory or a file cannot be read,
    ///   `sizeLimitExceeded` if the contents are too large.
    public init(
        packing directory: URL,
        maximumUncompressedSize: Int = CorpusArchive.defaultMaximumUncompressedSize
    ) throws(CorpusArchiveError) {
        let files = try Self.regularFiles(in: directory)
        var collected: [[UInt8]] = []
        var total = 0
        for file in files {
            // A file longer than what is left of the limit is refused after reading at most one byte past it.
            let bytes: [UInt8]
            do {
                bytes = try Self.readFile(file, limit: maximumUncompressedSize - total)
            } catch where error.code == .sizeLimitExceeded {
                throw .sizeLimitExceeded(
                    "the corpus in \(directory.path)", size: UInt64(maximumUncompressedSize) + 1,
                    limit: maximumUncompressedSize
                )
            }
            total += bytes.count
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
    static func describe(_ error: any Error) -> String {
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
