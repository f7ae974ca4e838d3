import PacketCapture

/// Why a capture could not be read to its end.
public struct InspectError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it (`-` is standard input).
    public var file: String
    /// The 1-based number of the frame that could not be read (the one after the last good frame).
    public var frame: UInt64
    /// What the reader found wrong.
    public var reason: CaptureError

    /// Makes an error.
    ///
    /// - Parameters:
    ///   - file: the file's name.
    ///   - frame: the frame that could not be read.
    ///   - reason: the reader's error.
    public init(file: String, frame: UInt64, reason: CaptureError) {
        self.file = file
        self.frame = frame
        self.reason = reason
    }

    /// `FILE: frame N: what is wrong`, or `FILE: cannot open: ...`.
    public var description: String {
        let name = file == "-" ? "standard input" : file
        switch reason {
        case .cannotOpen(_, let errorNumber):
            return "\(name): cannot open: \(Self.systemMessage(errorNumber))"
        case .readFailed(let offset, let errorNumber):
            return "\(name): frame \(frame): read failed at offset \(offset): \(Self.systemMessage(errorNumber))"
        case .badMagic, .truncatedFileHeader, .unsupportedVersion:
            return "\(name): frame \(frame): not a readable capture: \(reason)"
        default:
            return "\(name): frame \(frame): \(reason)"
        }
    }

    private static func systemMessage(_ errorNumber: Int32) -> String {
        switch errorNumber {
        case 2: return "no such file or directory"
        case 13: return "permission denied"
        case 21: return "is a directory"
        default: return "error \(errorNumber)"
        }
    }
}
