// Replays inputs (crash files, or a corpus folder) through the fuzz check in an ordinary build, where a broken
// precondition prints its message: `swift run replay-mss-clamp FILE_OR_FOLDER...`.
import Foundation
import MSSClampFuzzCheck

var files: [String] = []
for argument in CommandLine.arguments.dropFirst() {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else {
        FileHandle.standardError.write(Data("no such file: \(argument)\n".utf8))
        exit(2)
    }
    if isFolder.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
        files += names.sorted().map { argument + "/" + $0 }
    } else {
        files.append(argument)
    }
}
for file in files {
    guard let data = FileManager.default.contents(atPath: file) else { continue }
    print("replaying \(file) (\(data.count) bytes)")
    data.withUnsafeBytes { checkClamp($0) }
}
print("\(files.count) input(s) replayed, every invariant held")
