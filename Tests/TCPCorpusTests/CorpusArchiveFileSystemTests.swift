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
        let file = root.appendingPathComponent("decode.corpus")
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
        XCTAssertEqual(names.first, "cbf29ce484222325")  // FNV-1a 64 of the empty entry
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
        let file = root.appendingPathComponent("bad.corpus")
        try Data("not an archive".utf8).write(to: file)
        XCTAssertEqual(code { _ = try CorpusArchive(contentsOf: file) }, .badMagic)
        try Data(Array("TCPCORP1".utf8)).write(to: file)
        XCTAssertEqual(code { _ = try CorpusArchive(contentsOf: file) }, .truncated)
    }

    func testOverlongArchiveFileIsRefusedUnread() throws {
        let limit = 64
        let file = root.appendingPathComponent("long.corpus")
        let tooLong = CorpusArchive.maximumArchiveSize(forPayload: limit) + 1
        try Data(CorpusArchive.magic + [UInt8](repeating: 0, count: tooLong - 8)).write(to: file)
        let error = code { _ = try CorpusArchive(contentsOf: file, maximumUncompressedSize: limit) }
        XCTAssertEqual(error, .sizeLimitExceeded)
    }

    func testPackingStopsAtTheLimit() throws {
        let source = root.appendingPathComponent("big", isDirectory: true)
        try write([UInt8](repeating: 1, count: 40), to: "a", in: source)
        try write([UInt8](repeating: 2, count: 40), to: "b", in: source)
        // Payload: 4 (count) + 2 × (4 + 40) = 92 bytes.
        XCTAssertEqual(try CorpusArchive(packing: source, maximumUncompressedSize: 92).count, 2)
        XCTAssertEqual(code { _ = try CorpusArchive(packing: source, maximumUncompressedSize: 91) }, .sizeLimitExceeded)
        XCTAssertEqual(code { _ = try CorpusArchive(packing: source, maximumUncompressedSize: 10) }, .sizeLimitExceeded)
    }

    func testReadEntryLimit() throws {
        let file = root.appendingPathComponent("entry")
        try Data([1, 2, 3, 4]).write(to: file)
        XCTAssertEqual(try CorpusArchive.readEntry(contentsOf: file, maximumSize: 4), [1, 2, 3, 4])
        XCTAssertEqual(code { _ = try CorpusArchive.readEntry(contentsOf: file, maximumSize: 3) }, .sizeLimitExceeded)
    }
}
