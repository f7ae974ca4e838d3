import ArgumentParser
import Foundation
import TCPCorpus

/// `tcp-corpus unpack ARCHIVE DIR`: writes each entry to its own file in a directory.
struct UnpackCommand: ParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "unpack",
        abstract: "Write each entry of an archive to DIR as one file named by its SHA-1, as libFuzzer names them.",
        discussion: "DIR is created if it does not exist; other files in it are left alone."
    )

    /// The archive to read.
    @Argument(help: "The corpus archive to unpack.")
    var archive: String

    /// The directory to write to.
    @Argument(help: "The directory to write the entries to.")
    var directory: String

    /// Reads the archive and writes the files.
    func run() throws {
        let corpus = try CorpusArchive(contentsOf: URL(fileURLWithPath: archive))
        let names = try corpus.unpack(to: URL(fileURLWithPath: directory, isDirectory: true))
        print("unpacked \(names.count) entries (\(corpus.totalByteCount) bytes) to \(directory)")
    }
}
