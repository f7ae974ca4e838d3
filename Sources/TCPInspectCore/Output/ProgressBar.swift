#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on standard error, drawn only when standard error is a terminal and the input is a
/// regular file large enough for the wait to show.
final class ProgressBar {
    /// Files smaller than this get no bar: 64 MiB.
    static let minimumFileSize: Int64 = 64 * 1024 * 1024

    private let fileSize: Int64
    private var lastPercent = -1

    /// Makes a bar for the file at `path`, or `nil` when none should be drawn.
    ///
    /// - Parameter path: the input's path (`-` never gets a bar).
    init?(path: String) {
        guard path != "-", isatty(2) == 1 else { return nil }
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
            Int64(status.st_size) >= Self.minimumFileSize
        else {
            return nil
        }
        fileSize = Int64(status.st_size)
    }

    /// Redraws the bar when the percentage changed.
    ///
    /// - Parameter offset: how far into the file the reader is.
    func update(offset: UInt64) {
        let percent = Int(min(100, Int64(clamping: offset) * 100 / max(fileSize, 1)))
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 40
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        draw("\r[\(bar)] \(percent)%")
    }

    /// Erases the bar.
    func finish() {
        guard lastPercent >= 0 else { return }
        draw("\r" + String(repeating: " ", count: 48) + "\r")
    }

    private func draw(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }
}
