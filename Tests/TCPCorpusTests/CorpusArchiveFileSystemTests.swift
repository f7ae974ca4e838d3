import Foundation
import XCTest
import TCPCorpus

/// Tests of ``CorpusArchive``'s files and directories: archive files, packing and unpacking.
final class CorpusArchiveFileSystemTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("TCPCorpusTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: root)
    }

    private func write(_ bytes: [UInt8], to name: String, in directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(bytes).write(to: directory.appendingPathComponent(name))
    }

    private func fileNames(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    private func code(of body: () throws -> Void) -> CorpusArchiveError.Code? {
        do {
            try body()
            XCTFail("expected an error")
            return nil
        } catch let error as CorpusArchiveError {
            return error.code
        } catch {
            XCTFail("unexpected error type: \(error)")
            return nil
        }
    }

    func testWriteAndReadArchiveFile() throws {
        let corpus = CorpusArchive(entries: [[1, 2, 3], [], [0xFF]])
        let file = root.appendingPathComponent("decode_seed_corpus.zip")
        try corpus.write(to: file)
        XCTAssertEqual(try CorpusArchive(contentsOf: file), corpus)
        XCTAssertEqual(try [UInt8](Data(contentsOf: file)), try corpus.encoded())
    }

    func testPackThenUnpackThenPackIsStable() throws {
        let source = root.appendingPathComponent("source", isDirectory: true)
        try write(Array("SYN".utf8), to: "one", in: source)
        try write(Array("ACK".utf8), to: "two", in: source)
        try write(Array("SYN".utf8), to: "three", in: source)  // duplicate content, different name
        try write([], to: "empty", in: source)
        try write(Array("ignored".utf8), to: ".hidden", in: source)
        try write(Array("ignored".utf8), to: "nested", in: source.appendingPathComponent("subdirectory"))

        let packed = try CorpusArchive(packing: source)
        XCTAssertEqual(packed.entries, [[], Array("ACK".utf8), Array("SYN".utf8)])

        let unpacked = root.appendingPathComponent("unpacked", isDirectory: true)
        let names = try packed.unpack(to: unpacked)
        XCTAssertEqual(names, packed.entries.map(CorpusArchive.fileName(for:)))
        XCTAssertEqual(try fileNames(in: unpacked), names.sorted())
        XCTAssertEqual(names.first, "da39a3ee5e6b4b0d3255bfef95601890afd80709")  // SHA-1 of the empty entry
        for (entry, name) in zip(packed.entries, names) {
            XCTAssertEqual(try [UInt8](Data(contentsOf: unpacked.appendingPathComponent(name))), entry)
        }

        let repacked = try CorpusArchive(packing: unpacked)
        XCTAssertEqual(repacked, packed)
        XCTAssertEqual(try repacked.encoded(), try packed.encoded())

        // Unpacking again over the same directory changes nothing.
        try packed.unpack(to: unpacked)
        XCTAssertEqual(try fileNames(in: unpacked), names.sorted())
    }

    func testUnpackCreatesIntermediateDirectories() throws {
        let target = root.appendingPathComponent("a/b/c", isDirectory: true)
        try CorpusArchive(entries: [[7]]).unpack(to: target)
        XCTAssertEqual(try fileNames(in: target), [CorpusArchive.fileName(for: [7])])
    }

    func testMissingFilesAndDirectories() throws {
        let missing = root.appendingPathComponent("missing")
        XCTAssertEqual(code { _ = try CorpusArchive(contentsOf: missing) }, .fileSystem)
        XCTAssertEqual(code { _ = try CorpusArchive(packing: missing) }, .fileSystem)
        XCTAssertEqual(code { _ = try CorpusArchive.readEntry(contentsOf: missing) }, .fileSystem)
        let regular = root.appendingPathComponent("regular")
        try Data([1]).write(to: regular)
        XCTAssertEqual(code { _ = try CorpusArchive(packing: regular) }, .fileSystem)
        XCTAssertEqual(code { try CorpusArchive(entries: [[1]]).unpack(to: regular) }, .fileSystem)
        XCTAssertEqual(code { try CorpusArchive().write(to: missing.appendingPathComponent("x")) }, .fileSystem)
    }

    func testDecodingErrorsSurfaceFromFiles() throws {
        let file = root.appendingPathComponent("bad.zip")
        try Data("not an archive".utf8).write(to: file)
        XCTAssertEqual(code { _ = try CorpusArchive(contentsOf: file) }, .unreadableArchive)
        try Data(try CorpusArchive(entries: [[1, 2, 3]]).encoded().dropLast()).write(to: file)
        XCTAssertEqual(code { _ = try CorpusArchive(contentsOf: file) }, .unreadableArchive)
    }

    func testOverlongArchiveFileIsRefusedUnread() throws {
        let file = root.appendingPathComponent("long.zip")
        let bytes = try CorpusArchive(entries: [[1, 2, 3]]).encoded()
        try Data(bytes).write(to: file)
        XCTAssertEqual(try CorpusArchive(contentsOf: file, maximumFileSize: bytes.count).count, 1)
        let error = code { _ = try CorpusArchive(contentsOf: file, maximumFileSize: bytes.count - 1) }
        XCTAssertEqual(error, .sizeLimitExceeded)
    }

    func testPackingStopsAtTheLimit() throws {
        let source = root.appendingPathComponent("big", isDirectory: true)
        try write([UInt8](repeating: 1, count: 40), to: "a", in: source)
        try write([UInt8](repeating: 2, count: 40), to: "b", in: source)
        // The entries: 2 × 40 = 80 bytes.
        XCTAssertEqual(try CorpusArchive(packing: source, maximumUncompressedSize: 80).count, 2)
        XCTAssertEqual(code { _ = try CorpusArchive(packing: source, maximumUncompressedSize: 79) }, .sizeLimitExceeded)
        XCTAssertEqual(code { _ = try CorpusArchive(packing: source, maximumUncompressedSize: 10) }, .sizeLimitExceeded)
    }

    func testReadEntryLimit() throws {
        let file = root.appendingPathComponent("entry")
        try Data([1, 2, 3, 4]).write(to: file)
        XCTAssertEqual(try CorpusArchive.readEntry(contentsOf: file, maximumSize: 4), [1, 2, 3, 4])
        XCTAssertEqual(code { _ = try CorpusArchive.readEntry(contentsOf: file, maximumSize: 3) }, .sizeLimitExceeded)
    }

    func testUnzipTestsAndListsTheArchive() throws {
        let tool = URL(fileURLWithPath: "/usr/bin/unzip")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else {
            throw XCTSkip("no /usr/bin/unzip to check the archive with")
        }
        let corpus = CorpusArchive(entries: [Array("SYN".utf8), [], [UInt8](repeating: 0x5A, count: 5000)])
        let file = root.appendingPathComponent("checked_seed_corpus.zip")
        try corpus.write(to: file)
        XCTAssertEqual(try run(tool, ["-tq", file.path]).status, 0)
        let listing = try run(tool, ["-Z1", file.path])
        let names = corpus.entries.map(CorpusArchive.fileName(for:)).sorted()
        XCTAssertEqual(listing.output.split(separator: "\n").map(String.init), names)
        let unpacked = root.appendingPathComponent("unzipped", isDirectory: true)
        XCTAssertEqual(try run(tool, ["-q", "-d", unpacked.path, file.path]).status, 0)
        XCTAssertEqual(try CorpusArchive(packing: unpacked), corpus)
    }

    private func run(_ tool: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, printed)
    }
}
