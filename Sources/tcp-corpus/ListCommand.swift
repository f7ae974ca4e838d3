import ArgumentParser
import Foundation
import TCPCorpus

/// `tcp-corpus list ARCHIVE`: prints the entry count and total size, and with `--verbose` each entry.
struct ListCommand: ParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print an archive's entry count and total entry bytes.",
        discussion: "With --verbose, also print one line per entry: its size in bytes and its file name "
            + "(the SHA-1 of its content, as in the archive and as `unpack` names it)."
    )

    /// The archive to read.
    @Argument(help: "The corpus archive to list.")
    var archive: String

    /// Whether to print every entry.
    @Flag(name: .shortAndLong, help: "Print the size and name of every entry.")
    var verbose = false

    /// Reads the archive and prints its summary.
    func run() throws {
        let corpus = try CorpusArchive(contentsOf: URL(fileURLWithPath: archive))
        print("\(corpus.count) entries, \(corpus.totalByteCount) bytes")
        guard verbose else {
            return
        }
        let width = String(corpus.entries.map(\.count).max() ?? 0).count
        for entry in corpus.entries {
            let size = String(entry.count)
            let padding = String(repeating: " ", count: width - size.count)
            print("\(padding)\(size)  \(CorpusArchive.fileName(for: entry))")
        }
    }
}
