import CaptureTestSupport
import Foundation
import XCTest

/// The `tcp-inspect` executable itself: the README's command, a missing FILE, standard input, exit statuses.
final class CommandLineTests: XCTestCase {
    /// The built executable, next to the test bundle in the build directory.
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("tcp-inspect")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "tcp-inspect")
    }

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs the tool in `directory`, by default a fresh temporary one (so nothing depends on the working directory).
    func runTool(_ arguments: [String], input: Data? = nil, in directory: URL? = nil) throws -> Result {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("tcp-inspect-\(UUID())")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? temporary
        let output = Pipe()
        let error = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = standardInput
        try process.run()
        if let input {
            standardInput.fileHandleForWriting.write(input)
        }
        try standardInput.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                      error: String(decoding: errorData, as: UTF8.self))
    }

    /// The README's first command, from the package's folder.
    func testTheReadmeCommandShowsTheFlowsOfALinuxCapture() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.executable.path), Self.executable.path)
        let package = FixturePaths.captures.deletingLastPathComponent()
        let result = try runTool(["--flows", "Captures/linux-session-ipv4.pcap"], in: package)
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertEqual(result.output, """
            flow 1: 192.0.2.1:33650 > 192.0.2.2:47001 (client > server)
              handshake: SYN (frame 1), SYN-ACK (frame 2), established (frame 3)
              close: client FIN (frame 6), server FIN (frame 15), closed (frame 16)
              states: client TIME-WAIT, server CLOSED
              client to server: 9 segments, 33 bytes; server to client: 7 segments, 3041 bytes
              frames: 16 (first 1, last 16)
              anomalies: none
            flow 2: 192.0.2.1:60724 > 192.0.2.2:47001 (client > server)
              handshake: SYN (frame 17), SYN-ACK (frame 18), established (frame 19)
              close: reset (frame 24), closed (frame 24)
              states: client CLOSED, server CLOSED
              client to server: 4 segments, 6 bytes; server to client: 4 segments, 4 bytes
              frames: 8 (first 17, last 24)
              anomalies: none
            flow 3: 192.0.2.1:38172 > 192.0.2.2:47002 (client > server)
              handshake: SYN (frame 25)
              close: reset (frame 26), closed (frame 26)
              states: client CLOSED, server CLOSED
              client to server: 1 segment, 0 bytes; server to client: 1 segment, 0 bytes
              frames: 2 (first 25, last 26)
              anomalies: none

            """)
    }

    /// Without FILE the tool names what it needs and exits with a usage error; it reads nothing.
    func testWithoutAFileTheToolSaysWhatItNeeds() throws {
        let result = try runTool([])
        XCTAssertEqual(result.status, 64, "EX_USAGE")
        XCTAssertEqual(result.output, "")
        XCTAssertTrue(result.error.contains("Missing expected argument '<FILE>'"), result.error)
        XCTAssertTrue(result.error.contains("USAGE: tcp-inspect <FILE>"), result.error)
        let help = try runTool(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.output.contains("Captures/linux-session-ipv4.pcap"), help.output)
    }

    func testSegmentsOfACaptureFromAnyDirectory() throws {
        let capture = FixturePaths.captures.appendingPathComponent("linux-session-ipv4.pcap")
        let result = try runTool([capture.path])
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.output.contains(
            "192.0.2.1.33650 > 192.0.2.2.47001: Flags [S], seq 4037445379, win 64240, "
                + "options [mss 1460,sackOK,TS val 3481983253 ecr 0,nop,wscale 10], length 0"), result.output)
        XCTAssertTrue(result.output.contains("192.0.2.2.47002 > 192.0.2.1.38172: Flags [R.]"), result.output)
    }

    /// `--no-reassemble`: the first fragment alone, the second a note; by default the segment whole on frame 2.
    func testNoReassembleOption() throws {
        let tcp = InspectHarness.segment(options: [2, 4, 0x05, 0xB4])
        var pcap = PcapBuilder(linkType: 101)
        pcap.record(seconds: 0, fraction: 0, FrameBuilder.ipv4(fragmentField: 0x2000, payload: Array(tcp[0 ..< 16])))
        pcap.record(seconds: 0, fraction: 0, FrameBuilder.ipv4(fragmentField: 2, payload: Array(tcp[16...])))
        let reassembled = try runTool(["-"], input: Data(pcap.bytes))
        XCTAssertEqual(reassembled.status, 0, reassembled.error)
        XCTAssertTrue(reassembled.output.contains("length 0 [reassembled from frames 1, 2]"), reassembled.output)
        let alone = try runTool(["--no-reassemble", "-"], input: Data(pcap.bytes))
        XCTAssertEqual(alone.status, 0, alone.error)
        XCTAssertFalse(alone.output.contains("reassembled"), alone.output)
        XCTAssertTrue(alone.output.contains("IPv4 fragment at offset 16 of a TCP segment: no header"), alone.output)
    }

    func testStandardInputAndJSON() throws {
        let capture = try Data(contentsOf: FixturePaths.captures.appendingPathComponent("linux-session-ipv6.pcap"))
        let result = try runTool(["--json", "-"], input: capture)
        XCTAssertEqual(result.status, 0, result.error)
        let lines = result.output.split(separator: "\n")
        XCTAssertEqual(lines.count, 26)
        for line in lines {
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), String(line))
        }
    }

    func testUnreadableFilesExitWithStatusOne() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tcp-inspect-bad-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("garbage.pcap")
        try Data("this is not a capture file".utf8).write(to: bad)
        let result = try runTool([bad.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.error.contains("garbage.pcap: frame 1: not a readable capture: bad magic number"),
                      result.error)
        let cut = directory.appendingPathComponent("cut.pcap")
        let whole = try Data(contentsOf: FixturePaths.captures.appendingPathComponent("linux-session-ipv4.pcap"))
        try whole.prefix(whole.count - 10).write(to: cut)
        let truncated = try runTool([cut.path])
        XCTAssertEqual(truncated.status, 1)
        XCTAssertTrue(truncated.error.contains("cut.pcap: frame 26: record of frame 26"), truncated.error)
        XCTAssertEqual(truncated.output.split(separator: "\n").count, 25)
        // The flows and the summary of the frames read come first, then the error and status 1.
        let flows = try runTool(["--flows", cut.path])
        XCTAssertEqual(flows.status, 1)
        XCTAssertTrue(flows.output.contains("flow 3: "), flows.output)
        XCTAssertTrue(flows.error.contains("cut.pcap: frame 26"), flows.error)
        let summary = try runTool(["--summary", "--json", cut.path])
        XCTAssertEqual(summary.status, 1)
        XCTAssertTrue(summary.output.contains("\"segments\":25"), summary.output)
        let missing = try runTool([directory.appendingPathComponent("missing.pcap").path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.error.contains("missing.pcap: cannot open"), missing.error)
    }

    /// Output that cannot be written (here a full device) is an error with a message, in every mode.
    func testAWriteErrorIsReported() throws {
        let capture = FixturePaths.captures.appendingPathComponent("linux-session-ipv4.pcap").path
        for mode in [[], ["--json"], ["--flows"], ["--summary"]] {
            let process = Process()
            process.executableURL = Self.executable
            process.arguments = mode + [capture]
            process.standardOutput = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
            let error = Pipe()
            process.standardError = error
            try process.run()
            let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 1, "\(mode)")
            XCTAssertTrue(message.contains("tcp-inspect: cannot write the output: No space left on device"), message)
        }
    }
}
