/// An error reading or writing a seed corpus archive, or the files and directories it is packed from and
/// unpacked to.
///
/// One struct for every failure, in the manner of swift-asn1: tests and callers compare ``code``; ``description``
/// is a sentence with the values in it, meant for a person.
public struct CorpusArchiveError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case unreadableArchive
            case unwritableArchive
            case sizeLimitExceeded
            case nameCollision
            case fileSystem
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The bytes are not a zip archive that can be read: no end-of-central-directory record, a header or
        /// offset that does not add up, a compression method other than stored or deflate, a deflate stream that
        /// does not inflate, or an entry whose CRC-32 does not match its content.
        public static let unreadableArchive = Code(.unreadableArchive)
        /// The zip writer failed while building the archive in memory.
        public static let unwritableArchive = Code(.unwritableArchive)
        /// A size is above the caller's limit: the entries' total when reading, writing or packing, an archive
        /// file, or an input file. Nothing of that size was read.
        public static let sizeLimitExceeded = Code(.sizeLimitExceeded)
        /// Two different entries have the same SHA-1 name, so one of them would be lost in the archive or when
        /// unpacking.
        public static let nameCollision = Code(.nameCollision)
        /// A file or directory could not be read, written, listed or created.
        public static let fileSystem = Code(.fileSystem)

        /// The code's name, e.g. `unreadableArchive`.
        public var description: String {
            switch kind {
            case .unreadableArchive: return "unreadableArchive"
            case .unwritableArchive: return "unwritableArchive"
            case .sizeLimitExceeded: return "sizeLimitExceeded"
            case .nameCollision: return "nameCollision"
            case .fileSystem: return "fileSystem"
            }
        }
    }

    /// What kind of failure this is; compare this, not ``description``.
    public let code: Code

    /// What went wrong, as a sentence with the values in it.
    public let reason: String

    /// Creates an error; the factories below are the usual way to make one.
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - reason: a sentence for a person.
    public init(code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The code followed by the reason, e.g. `sizeLimitExceeded: the entries are 300 bytes, above ...`.
    public var description: String {
        "\(code): \(reason)"
    }
}

extension CorpusArchiveError {
    @inline(never)
    static func unreadableArchive(_ what: String, underlying: any Error) -> Self {
        Self(code: .unreadableArchive, reason: "\(what) is not a readable zip archive (\(underlying))")
    }

    @inline(never)
    static func unreadableArchive(reason: String) -> Self {
        Self(code: .unreadableArchive, reason: "the archive is not a readable zip archive: \(reason)")
    }

    @inline(never)
    static func unwritableArchive(underlying: any Error) -> Self {
        Self(code: .unwritableArchive, reason: "the zip writer failed (\(underlying))")
    }

    @inline(never)
    static func sizeLimitExceeded(_ what: String, size: UInt64, limit: Int) -> Self {
        Self(code: .sizeLimitExceeded, reason: "\(what) is \(size) bytes, above the limit of \(limit) bytes")
    }

    @inline(never)
    static func nameCollision(name: String) -> Self {
        Self(
            code: .nameCollision,
            reason: "two different entries share the SHA-1 name \(name); the archive would lose one"
        )
    }

    @inline(never)
    static func fileSystem(_ operation: String, path: String, reason: String) -> Self {
        Self(code: .fileSystem, reason: "cannot \(operation) \(path): \(reason)")
    }
}
