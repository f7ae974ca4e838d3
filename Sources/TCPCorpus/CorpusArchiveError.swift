/// An error reading or writing a corpus archive, or the files and directories it is packed from and unpacked to.
///
/// One struct for every failure, in the manner of swift-asn1: tests and callers compare ``code``; ``description``
/// is a sentence with the values in it, meant for a person. ``offset`` tells where in the input the problem was
/// found, when that is known: a byte offset in the archive file for header and zlib problems, a byte offset in
/// the uncompressed payload for problems with the entry list.
public struct CorpusArchiveError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case badMagic
            case truncated
            case zlibFailure
            case sizeLimitExceeded
            case sizeMismatch
            case trailingBytes
            case notCanonical
            case nameCollision
            case fileSystem
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The input does not start with the eight bytes `TCPCORP1`.
        public static let badMagic = Code(.badMagic)
        /// The input ends before the header, the zlib stream or the entry list it declares is complete.
        public static let truncated = Code(.truncated)
        /// zlib reported an error: a corrupted stream (bad header, bad block, bad Adler-32 checksum), a
        /// preset dictionary, or an allocation failure.
        public static let zlibFailure = Code(.zlibFailure)
        /// A size is above the caller's limit: a declared uncompressed size when reading, the payload when
        /// writing or packing, or an input file. Nothing of that size was allocated.
        public static let sizeLimitExceeded = Code(.sizeLimitExceeded)
        /// The zlib stream inflates to a size other than the one the header declares.
        public static let sizeMismatch = Code(.sizeMismatch)
        /// Bytes follow the end of the zlib stream, or follow the last entry in the payload.
        public static let trailingBytes = Code(.trailingBytes)
        /// The entries are not in strictly ascending byte order, so the archive holds a duplicate or was not
        /// written by this format's writer; canonical order is what makes repacking byte-for-byte stable.
        public static let notCanonical = Code(.notCanonical)
        /// Two different entries have the same FNV-1a 64-bit name, so unpacking would lose one of them.
        public static let nameCollision = Code(.nameCollision)
        /// A file or directory could not be read, written, listed or created.
        public static let fileSystem = Code(.fileSystem)

        /// The code's name, e.g. `badMagic`.
        public var description: String {
            switch kind {
            case .badMagic: return "badMagic"
            case .truncated: return "truncated"
            case .zlibFailure: return "zlibFailure"
            case .sizeLimitExceeded: return "sizeLimitExceeded"
            case .sizeMismatch: return "sizeMismatch"
            case .trailingBytes: return "trailingBytes"
            case .notCanonical: return "notCanonical"
            case .nameCollision: return "nameCollision"
            case .fileSystem: return "fileSystem"
            }
        }
    }

    /// What kind of failure this is; compare this, not ``description``.
    public let code: Code

    /// Where the problem was found, if known: see the type's discussion for what the offset counts from.
    public let offset: Int?

    /// What went wrong, as a sentence with the values in it.
    public let reason: String

    /// Creates an error; the factories below are the usual way to make one.
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - offset: where it was found, if known.
    ///   - reason: a sentence for a person.
    public init(code: Code, offset: Int? = nil, reason: String) {
        self.code = code
        self.offset = offset
        self.reason = reason
    }

    /// The code followed by the reason, e.g. `badMagic: the archive starts with 50 4b 03 04 ...`.
    public var description: String {
        "\(code): \(reason)"
    }
}

extension CorpusArchiveError {
    @inline(never)
    static func badMagic(found: some Collection<UInt8>) -> Self {
        let shown = found.prefix(8).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        return Self(
            code: .badMagic,
            offset: 0,
            reason: "the archive starts with \(shown.joined(separator: " ")), not the magic \"TCPCORP1\""
        )
    }

    @inline(never)
    static func truncated(_ what: String, offset: Int, needed: Int, available: Int) -> Self {
        Self(
            code: .truncated,
            offset: offset,
            reason: "\(what) at offset \(offset) needs \(needed) bytes but only \(available) remain"
        )
    }

    @inline(never)
    static func truncatedStream(offset: Int, producedSoFar: Int) -> Self {
        Self(
            code: .truncated,
            offset: offset,
            reason: "the zlib stream ends at file offset \(offset) before its end marker, after inflating "
                + "\(producedSoFar) bytes"
        )
    }

    @inline(never)
    static func zlibFailure(_ operation: String, status: Int32, message: String?) -> Self {
        let detail = message.map { " (\($0))" } ?? ""
        return Self(
            code: .zlibFailure,
            reason: "zlib \(operation) failed with status \(status)\(detail)"
        )
    }

    @inline(never)
    static func sizeLimitExceeded(_ what: String, size: UInt64, limit: Int) -> Self {
        Self(
            code: .sizeLimitExceeded,
            reason: "\(what) is \(size) bytes, above the limit of \(limit) bytes"
        )
    }

    @inline(never)
    static func sizeMismatch(declared: Int, atLeast: Int, exact: Bool) -> Self {
        let produced = exact ? "\(atLeast)" : "more than \(atLeast - 1)"
        return Self(
            code: .sizeMismatch,
            offset: 8,
            reason: "the header declares \(declared) uncompressed bytes but the zlib stream inflates to \(produced)"
        )
    }

    @inline(never)
    static func trailingBytes(_ what: String, offset: Int, count: Int) -> Self {
        Self(
            code: .trailingBytes,
            offset: offset,
            reason: "\(count) unexpected bytes follow \(what) at offset \(offset)"
        )
    }

    @inline(never)
    static func notCanonical(index: Int, offset: Int, duplicate: Bool) -> Self {
        let problem = duplicate ? "repeats the entry before it" : "sorts before the entry before it"
        return Self(
            code: .notCanonical,
            offset: offset,
            reason: "entry \(index) at payload offset \(offset) \(problem); entries must be strictly ascending"
        )
    }

    @inline(never)
    static func nameCollision(name: String) -> Self {
        Self(
            code: .nameCollision,
            reason: "two different entries share the FNV-1a name \(name); unpacking would lose one"
        )
    }

    @inline(never)
    static func fileSystem(_ operation: String, path: String, reason: String) -> Self {
        Self(
            code: .fileSystem,
            reason: "cannot \(operation) \(path): \(reason)"
        )
    }
}
