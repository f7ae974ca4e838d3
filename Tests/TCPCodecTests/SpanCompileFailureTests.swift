import Foundation
import XCTest

/// The span views cannot outlive their bytes, checked by the compiler: every program in Tests/CompileFailures must
/// fail to compile with the error it names, and the control program must compile.
final class SpanCompileFailureTests: XCTestCase {
    /// The folder of the modules this test binary was built with (`.build/<triple>/<configuration>/Modules`, beside
    /// the test binary).
    static var modulesFolder: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("Modules")
    }

    static var programsFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CompileFailures")
    }

    /// Compiles one program through SIL (where lifetime and exclusivity diagnostics are made) and returns the exit
    /// status and what the compiler printed.
    func compile(_ program: URL) throws -> (status: Int32, output: String) {
        let modules = Self.modulesFolder
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: modules.appendingPathComponent("TCPCodec.swiftmodule").path),
            "TCPCodec.swiftmodule in \(modules.path)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "swiftc", "-swift-version", "6", "-parse-as-library", "-I", modules.path, "-emit-sil", "-o", "/dev/null",
            program.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    func testEveryMisuseFailsToCompileWithItsErrorAndTheControlCompiles() throws {
        let programs = try FileManager.default.contentsOfDirectory(at: Self.programsFolder,
                                                                   includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
        XCTAssertGreaterThanOrEqual(programs.count, 7, "the programs in \(Self.programsFolder.path)")
        var sawControl = false
        for program in programs {
            let text = try String(contentsOf: program, encoding: .utf8)
            let firstLine = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            guard firstLine.hasPrefix("// expect: ") else {
                XCTFail("\(program.lastPathComponent): the first line must be `// expect: ...`")
                continue
            }
            let expected = String(firstLine.dropFirst("// expect: ".count))
            let (status, output) = try compile(program)
            if expected == "compiles" {
                sawControl = true
                XCTAssertEqual(status, 0, "\(program.lastPathComponent) must compile:\n\(output)")
            } else {
                XCTAssertNotEqual(status, 0, "\(program.lastPathComponent) compiled, but must fail with: \(expected)")
                XCTAssertTrue(
                    output.contains("error: ") && output.contains(expected),
                    "\(program.lastPathComponent) must fail with \"\(expected)\", the compiler said:\n\(output)")
            }
        }
        XCTAssertTrue(sawControl, "the control program Accepted.swift is there")
    }
}
