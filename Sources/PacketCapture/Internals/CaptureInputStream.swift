#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A forward-only byte source with one reusable buffer: the only place this module touches files.
///
/// `fill(_:)` makes the next bytes contiguous in the buffer, reading more only when needed; the buffer grows
/// (by doubling, never beyond what a caller asked for) only when bytes have really arrived to fill it, so a
/// length field in a file cannot make it allocate more than about twice the bytes the file actually holds.
/// A pointer from `bytes(_:)` stays valid until the next `fill(_:)` or `skip(_:)`, which may move or free the
/// storage; `consume(_:)` only moves the read position and leaves the bytes in place.
final class CaptureInputStream {
    /// Where bytes come from.
    enum Source {
        /// A file descriptor read with `read(2)`; closed at the end when `closeWhenDone` is true.
        case fileDescriptor(Int32, closeWhenDone: Bool)
        /// A C stream read with `fread(3)`; never closed here.
        case file(UnsafeMutablePointer<FILE>)
        /// Bytes already in the buffer; nothing more to read.
        case memory
    }

    /// The smallest buffer allocated for a file.
    static let initialCapacity = 64 * 1024

    private let source: Source
    private var storage: UnsafeMutableRawBufferPointer
    /// Index in `storage` of the first unconsumed byte.
    private var start = 0
    /// Index in `storage` one past the last buffered byte.
    private var end = 0
    private var reachedEnd = false
    /// File offset of `storage[start]`: the number of bytes consumed so far.
    private(set) var offset: UInt64 = 0

    /// Reads from a file descriptor or a C stream.
    init(source: Source) {
        self.source = source
        self.storage = .allocate(byteCount: Self.initialCapacity, alignment: 16)
    }

    /// Serves the given bytes from memory.
    init(bytes: some Collection<UInt8>) {
        self.source = .memory
        self.storage = .allocate(byteCount: Swift.max(bytes.count, 1), alignment: 16)
        let copied = self.storage.initializeMemory(as: UInt8.self, from: bytes)
        self.end = copied.initialized.count
        self.reachedEnd = true
    }

    deinit {
        storage.deallocate()
        if case .fileDescriptor(let descriptor, closeWhenDone: true) = source {
            _ = close(descriptor)
        }
    }

    /// The number of bytes buffered and not yet consumed.
    var available: Int { end - start }

    /// Buffers at least `count` contiguous bytes unless the input ends first.
    ///
    /// - Parameter count: how many bytes the caller needs; the caller has bounded it.
    /// - Returns: the number of contiguous bytes now buffered: `count` or more, or fewer at end of input.
    /// - Throws: `CaptureError.readFailed` when the system refuses a read.
    func fill(_ count: Int) throws(CaptureError) -> Int {
        precondition(count >= 0, "negative fill count")
        while end - start < count && !reachedEnd {
            if end == storage.count {
                if start > 0 {
                    compact()
                } else {
                    // `end - start < count` and `start == 0` give `storage.count < count`: growing is needed.
                    grow(to: Swift.min(Swift.max(storage.count * 2, Self.initialCapacity), count))
                }
            }
            // SAFETY: `end < storage.count` here (compact or grow made room), so the range is inside storage.
            let room = UnsafeMutableRawBufferPointer(rebasing: storage[end...])
            let got = try readSome(into: room)
            if got == 0 {
                reachedEnd = true
            } else {
                end += got
            }
        }
        return end - start
    }

    /// The next `count` buffered bytes, without consuming them.
    ///
    /// Precondition: `count <= available`. Valid until the next `fill(_:)` or `skip(_:)`.
    func bytes(_ count: Int) -> UnsafeRawBufferPointer {
        precondition(count >= 0 && count <= end - start, "asked for more bytes than are buffered")
        return UnsafeRawBufferPointer(rebasing: storage[start..<(start + count)])
    }

    /// Moves past `count` buffered bytes. Their memory stays as it is until the next `fill(_:)` or `skip(_:)`.
    ///
    /// Precondition: `count <= available`.
    func consume(_ count: Int) {
        precondition(count >= 0 && count <= end - start, "consumed more bytes than are buffered")
        start += count
        offset += UInt64(count)
    }

    /// Discards up to `count` bytes, reading through the buffer without growing it.
    ///
    /// - Returns: how many bytes were skipped: `count`, or fewer at end of input.
    func skip(_ count: UInt64) throws(CaptureError) -> UInt64 {
        var remaining = count
        while remaining > 0 {
            if end == start {
                start = 0
                end = 0
                let chunk = Int(Swift.min(remaining, UInt64(storage.count)))
                if try fill(chunk) == 0 {
                    break
                }
            }
            let step = Swift.min(UInt64(end - start), remaining)
            // `step <= end - start`, an Int, so the conversion cannot trap.
            consume(Int(step))
            remaining -= step
        }
        return count - remaining
    }

    private func compact() {
        let buffered = end - start
        if buffered > 0, let base = storage.baseAddress {
            // SAFETY: both ranges lie inside storage; memmove allows the overlap.
            memmove(base, base + start, buffered)
        }
        start = 0
        end = buffered
    }

    private func grow(to capacity: Int) {
        assert(capacity > storage.count)
        let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        let buffered = end - start
        if buffered > 0 {
            // SAFETY: `bigger` holds at least `buffered` bytes since capacity > storage.count >= buffered.
            bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[start..<end]))
        }
        storage.deallocate()
        storage = bigger
        start = 0
        end = buffered
    }

    private func readSome(into room: UnsafeMutableRawBufferPointer) throws(CaptureError) -> Int {
        guard let base = room.baseAddress, room.count > 0 else { return 0 }
        switch source {
        case .memory:
            return 0
        case .fileDescriptor(let descriptor, _):
            while true {
                let got = read(descriptor, base, room.count)
                if got >= 0 {
                    return got
                }
                let code = errno
                if code != EINTR {
                    throw .readFailed(offset: offset + UInt64(end - start), errorNumber: code)
                }
            }
        case .file(let file):
            let got = fread(base, 1, room.count, file)
            if got == 0 && ferror(file) != 0 {
                throw .readFailed(offset: offset + UInt64(end - start), errorNumber: errno)
            }
            return got
        }
    }
}
