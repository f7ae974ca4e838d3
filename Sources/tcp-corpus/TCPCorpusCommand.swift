import ArgumentParser

/// The `tcp-corpus` tool: lists, packs, unpacks and extends the fuzz seed corpora (zip archives) under `Corpus/`.
@main
struct TCPCorpusCommand: ParsableCommand {
    /// The tool's name, summary and subcommands.
    static let configuration = CommandConfiguration(
        commandName: "tcp-corpus",
        abstract: "Read and write the fuzz seed corpus zip archives (see Corpus/README.md).",
        subcommands: [ListCommand.self, UnpackCommand.self, PackCommand.self, AddCommand.self]
    )
}
