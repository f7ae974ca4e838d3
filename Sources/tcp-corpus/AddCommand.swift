import ArgumentParser
import Foundation
import TCPCorpus

/// `tcp-corpus add ARCHIVE FILE...`: adds files to an archive as entries and rewrites it.
struct AddCommand: ParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add each FILE to ARCHIVE as an entry, skipping duplicates, and rewrite ARCHIVE.",
        discussion: "ARCHIVE is created if it does not exist. Nothing is written if any FILE cannot be read."
    )

    /// The archive to extend.
    @Argument(help: "The corpus archive to add to (created if missing).")
    var archive: String

    /// The files to add.
    @Argument(help: "The files to add, one entry each.")
    var files: [String]

    /// Checks that at least one file was named.
    func validate() throws {
        guard !files.isEmpty else {
            throw ValidationError("Name at least one FILE to add.")
        }
    }

    /// Reads the archive and the files, and writes the archive back.
    func run() throws {
        let archiveURL = URL(fileURLWithPath: archive)
        var corpus = CorpusArchive()
        if FileManager.default.fileExists(atPath: archiveURL.path) {
            corpus = try CorpusArchive(contentsOf: archiveURL)
        }
        var added = 0
        for file in files {
            let bytes = try CorpusArchive.readEntry(contentsOf: URL(fileURLWithPath: file))
            if corpus.insert(bytes) {
                added += 1
            }
        }
        try corpus.write(to: archiveURL)
        print("added \(added) new entries of \(files.count) files; \(corpus.count) entries in \(archive)")
    }
}
