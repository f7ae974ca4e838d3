import ArgumentParser
import Foundation
import TCPCorpus

/// `tcp-corpus pack DIR ARCHIVE`: writes every file of a corpus directory into an archive.
struct PackCommand: ParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Pack the regular files directly inside DIR into ARCHIVE, sorted and without duplicates.",
        discussion: "Hidden files and subdirectories are skipped. ARCHIVE is replaced if it exists; packing an "
            + "unchanged directory gives identical bytes (sorted entry names, fixed dates and attributes)."
    )

    /// The directory to read.
    @Argument(help: "The corpus directory to pack.")
    var directory: String

    /// The archive to write.
    @Argument(help: "The corpus archive to create or replace.")
    var archive: String

    /// Reads the directory and writes the archive.
    func run() throws {
        let corpus = try CorpusArchive(packing: URL(fileURLWithPath: directory, isDirectory: true))
        try corpus.write(to: URL(fileURLWithPath: archive))
        print("packed \(corpus.count) entries (\(corpus.totalByteCount) bytes) into \(archive)")
    }
}
