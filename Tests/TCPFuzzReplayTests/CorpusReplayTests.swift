import Foundation
import TCPCorpus
import _TCPFuzzSupport
import XCTest

/// Replays the fuzz corpora through the fuzz targets' bodies: the same code libFuzzer runs, in a plain build.
///
/// Every entry of every seed corpus zip in `Corpus/` goes through every target (an input one target found interesting
/// is still a fair input for the others). A violated invariant traps, which fails the test run. Set
/// `TCP_FUZZ_REPLAY` to a file or directory to replay those inputs too (e.g. a `crash-*` file from `Fuzz/work/`).
final class CorpusReplayTests: XCTestCase {
    /// The repository's `Corpus/` directory, found from this source file's path.
    static let corpusDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus", isDirectory: true)

    /// The archive of reproducers of every crash the fuzzers found, kept as regressions.
    static let regressionsArchiveName = "regressions.zip"

    /// Every archive the tests replay: one per target, then the regressions.
    static let archiveNames = FuzzTarget.allCases.map(\.archiveName) + [regressionsArchiveName]

    /// Reads an archive of `Corpus/`.
    func archive(named name: String) throws -> CorpusArchive {
        try CorpusArchive(contentsOf: Self.corpusDirectory.appendingPathComponent(name))
    }

    /// Runs one input through every target's body.
    func replay(_ entry: [UInt8]) {
        entry.withUnsafeBytes { bytes in
            for target in FuzzTarget.allCases {
                target.body(bytes)
            }
        }
    }

    func testEveryArchiveExistsAndIsNotEmpty() throws {
        for name in Self.archiveNames {
            let corpus = try archive(named: name)
            XCTAssertGreaterThan(corpus.count, 0, "\(name) is empty")
        }
    }

    /// An unchanged corpus is a byte-identical file: each committed archive is exactly what the writer makes of
    /// its own entries (sorted names, fixed dates and attributes), so `Fuzz/run.sh --merge` and `tcp-corpus pack`
    /// rewrite it only when an entry changes. (With a zlib release whose deflate output differs from the one the
    /// archives were written with, this fails for every archive at once; repack them then.)
    func testCommittedArchivesAreWhatTheWriterWrites() throws {
        for name in Self.archiveNames {
            let file = Self.corpusDirectory.appendingPathComponent(name)
            let bytes = [UInt8](try Data(contentsOf: file))
            let rewritten = try CorpusArchive(decoding: bytes).encoded()
            XCTAssertEqual(rewritten.count, bytes.count, "\(name): rewriting changes its size")
            XCTAssertTrue(rewritten == bytes, "\(name): rewriting changes its bytes")
        }
    }

    func testNoOtherArchivesLieInTheCorpusDirectory() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpusDirectory.path)
            .filter { !$0.hasPrefix(".") && $0 != "README.md" }
        XCTAssertEqual(Set(names), Set(Self.archiveNames), "every file of Corpus/ should be replayed")
    }

    func testDecodeCorpus() throws {
        try replayArchive(named: FuzzTarget.decode.archiveName)
    }

    func testRoundTripCorpus() throws {
        try replayArchive(named: FuzzTarget.roundtrip.archiveName)
    }

    func testChecksumCorpus() throws {
        try replayArchive(named: FuzzTarget.checksum.archiveName)
    }

    func testMutationCorpus() throws {
        try replayArchive(named: FuzzTarget.mutation.archiveName)
    }

    func testValidatorCorpus() throws {
        try replayArchive(named: FuzzTarget.validator.archiveName)
    }

    func testCaptureCorpus() throws {
        try replayArchive(named: FuzzTarget.capture.archiveName)
    }

    func testRegressions() throws {
        try replayArchive(named: Self.regressionsArchiveName)
    }

    func testEdgeInputs() {
        // Short inputs of every length up to a full header, and a few fixed patterns.
        for length in 0 ... 64 {
            replay([UInt8](repeating: 0, count: length))
            replay([UInt8](repeating: 0xFF, count: length))
            replay((0 ..< length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 0x50) })
        }
    }

    /// SACK options with no block (kind 5, length 2), which RFC 2018 forbids and some servers send, through every
    /// target: the decoders' agreement (strict rejects, framing reads a SACK option with no block), the option
    /// walk's re-encoding, and, as a recipe, a list built with one.
    func testSACKWithoutBlocks() {
        let header: [UInt8] = [
            0x9C, 0x40, 0x01, 0xBB,  // ports 40000 -> 443
            0x00, 0x00, 0x10, 0x00,  // sequence number 4096
            0x00, 0x00, 0x20, 0x00,  // acknowledgment number 8192
            0x90, 0x10,              // data offset 9, ACK
            0xFA, 0xF0, 0x00, 0x00,  // window 64240, checksum 0
            0x00, 0x00,              // urgent pointer 0
        ]
        let areas: [[UInt8]] = [
            [
                0x01, 0x01,  // NOP, NOP
                0x05, 0x02,  // SACK, length 2: no block
                0x01, 0x01,  // NOP, NOP
                0x08, 0x0A, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,  // timestamps, TSval 1, TSecr 2
            ],
            [
                0x05, 0x0A, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x18, 0x00,  // SACK, one block
                0x05, 0x02,  // SACK, length 2: no block
                0x02, 0x03, 0x05,  // MSS of length 3: breaks its kind's rule after the SACK options
                0x00,  // EOL
            ],
        ]
        for area in areas {
            replay(header + area)
        }
        // As a round-trip recipe: typed options (shape 0), the 20 header bytes, then three options: a NOP, a SACK
        // option with no block (kind choice 5, then 0 blocks) and timestamps.
        let recipe: [UInt8] = [0x00] + header + [
            0x03,  // three options
            0x01,  // NOP
            0x05, 0x00,  // SACK, no block
            0x06, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x09,  // timestamps, TSval 7, TSecr 9
        ]
        replay(recipe)
    }

    func testExtraInputsFromEnvironment() throws {
        guard let path = ProcessInfo.processInfo.environment["TCP_FUZZ_REPLAY"] else {
            throw XCTSkip("set TCP_FUZZ_REPLAY to a file or directory of inputs to replay them")
        }
        var isDirectory: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), "\(path) not found")
        let files: [URL]
        if isDirectory.boolValue {
            files = try FileManager.default.contentsOfDirectory(atPath: path).sorted().map {
                URL(fileURLWithPath: path).appendingPathComponent($0)
            }
        } else {
            files = [URL(fileURLWithPath: path)]
        }
        for file in files {
            print("replaying \(file.path)")
            replay([UInt8](try Data(contentsOf: file)))
        }
    }

    /// Replays every entry of one archive through every target.
    func replayArchive(named name: String) throws {
        let corpus = try archive(named: name)
        for entry in corpus.entries {
            replay(entry)
        }
    }
}
