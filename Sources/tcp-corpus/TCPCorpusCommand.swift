import ArgumentParser

/// The `tcp-corpus` tool: lists, packs, unpacks and extends the compressed fuzz corpora under `Corpus/`.
@main
struct TCPCorpusCommand: ParsableCommand {
    /// The tool's name, summary and subcommands.
    static let configuration = CommandConfiguration(
        commandName: "tcp-corpus",
        abstract: "Read and write the zlib-compressed fuzz corpus archives (see Corpus/README.md).",
        subcommands: [ListCommand.self, UnpackCommand.self, PackCommand.self, AddCommand.self]
    )
}
