#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PacketCapture

/// A byte buffer that the formatters append text to, flushed in large writes to a file descriptor or kept in
/// memory.
///
/// Appending never allocates once the buffer has grown to its working size: numbers are written digit by digit
/// straight into the buffer, strings byte by byte. When more than `flushThreshold` bytes are pending and the
/// destination is a file descriptor, they are written out with `write(2)`.
///
/// The buffer's state lives in memory the class owns through a constant pointer, so that appending, which
/// happens a few dozen times per line, pays no run-time exclusivity check on a class property.
public final class OutputBuffer {
    /// Where the bytes go.
    public enum Destination: Sendable {
        /// A file descriptor, written with `write(2)`; not closed by the buffer.
        case fileDescriptor(Int32)
        /// Memory only: the bytes accumulate, see ``bytes``.
        case memory
    }

    /// The state behind ``storage``.
    private struct State {
        var base: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var count: Int
        var writeError: Int32?
    }

    /// Owned; freed in `deinit`.
    private let storage: UnsafeMutablePointer<State>

    /// The destination.
    public let destination: Destination

    /// How many pending bytes trigger a write to the file descriptor.
    public let flushThreshold: Int

    /// Makes a buffer.
    ///
    /// - Parameters:
    ///   - destination: a file descriptor or memory.
    ///   - flushThreshold: the number of pending bytes that triggers a write; 256 KiB by default.
    public init(destination: Destination, flushThreshold: Int = 256 * 1024) {
        self.destination = destination
        self.flushThreshold = flushThreshold
        let capacity = Swift.max(flushThreshold, 0) + 4096
        storage = UnsafeMutablePointer<State>.allocate(capacity: 1)
        storage.initialize(to: State(
            base: UnsafeMutablePointer<UInt8>.allocate(capacity: capacity), capacity: capacity, count: 0,
            writeError: nil))
    }

    deinit {
        storage.pointee.base.deallocate()
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// A copy of the pending bytes (everything written, for a memory buffer).
    public var bytes: [UInt8] {
        Array(UnsafeBufferPointer(start: storage.pointee.base, count: storage.pointee.count))
    }

    /// The bytes written so far, as UTF-8 text (memory buffers; for tests).
    public var text: String {
        String(decoding: UnsafeBufferPointer(start: storage.pointee.base, count: storage.pointee.count),
               as: UTF8.self)
    }

    /// The first `errno` a write failed with, if any; later output is dropped.
    public var writeError: Int32? { storage.pointee.writeError }

    /// Room for `count` more bytes: the address to write them at. The caller then adds `count` to the count.
    @inline(__always)
    private func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if storage.pointee.count + count > storage.pointee.capacity {
            grow(count)
        }
        return storage.pointee.base + storage.pointee.count
    }

    private func grow(_ count: Int) {
        let capacity = Swift.max(storage.pointee.capacity * 2, storage.pointee.count + count)
        let base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        base.moveInitialize(from: storage.pointee.base, count: storage.pointee.count)
        storage.pointee.base.deallocate()
        storage.pointee.base = base
        storage.pointee.capacity = capacity
    }

    /// Appends one byte.
    ///
    /// - Parameter byte: the byte.
    public func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        storage.pointee.count += 1
    }

    /// Appends raw bytes.
    ///
    /// - Parameter raw: the bytes.
    public func append(raw: UnsafeRawBufferPointer) {
        guard let source = raw.baseAddress, raw.count > 0 else { return }
        UnsafeMutableRawPointer(reserve(raw.count)).copyMemory(from: source, byteCount: raw.count)
        storage.pointee.count += raw.count
    }

    /// Appends the UTF-8 bytes of a string.
    ///
    /// - Parameter text: the text.
    public func append(_ text: StaticString) {
        text.withUTF8Buffer { append(raw: UnsafeRawBufferPointer($0)) }
    }

    /// Appends the UTF-8 bytes of a string.
    ///
    /// - Parameter text: the text.
    public func append(string text: String) {
        var text = text
        text.withUTF8 { append(raw: UnsafeRawBufferPointer($0)) }
    }

    /// Appends an unsigned number in decimal.
    ///
    /// - Parameter value: the number.
    public func appendDecimal<Value: UnsignedInteger & FixedWidthInteger>(_ value: Value) {
        appendDecimal(UInt64(value))
    }

    /// Appends a signed number in decimal.
    ///
    /// - Parameter value: the number.
    public func appendDecimal(signed value: Int) {
        if value < 0 {
            append(UInt8(ascii: "-"))
        }
        appendDecimal(UInt64(value.magnitude))
    }

    /// The number of decimal digits of `value`.
    @inline(__always)
    private static func digitCount(_ value: UInt64) -> Int {
        var count = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }

    /// Appends a 64-bit unsigned number in decimal.
    ///
    /// - Parameter value: the number.
    public func appendDecimal(_ value: UInt64) {
        let count = Self.digitCount(value)
        let target = reserve(count)
        var rest = value
        var index = count
        repeat {
            index -= 1
            let (quotient, remainder) = rest.quotientAndRemainder(dividingBy: 10)
            target[index] = UInt8(truncatingIfNeeded: remainder) &+ 48
            rest = quotient
        } while index > 0
        storage.pointee.count += count
    }

    /// Appends a decimal number padded with zeros on the left to `width` digits.
    ///
    /// - Parameters:
    ///   - value: the number.
    ///   - width: the least number of digits.
    public func appendDecimal(_ value: UInt64, width: Int) {
        appendPadding(UInt8(ascii: "0"), count: width - Self.digitCount(value))
        appendDecimal(value)
    }

    /// Appends a decimal number padded with spaces on the left to `width` characters (`%5u`).
    ///
    /// - Parameters:
    ///   - value: the number.
    ///   - width: the least number of characters.
    public func appendDecimal(_ value: UInt64, spacePaddedTo width: Int) {
        appendPadding(UInt8(ascii: " "), count: width - Self.digitCount(value))
        appendDecimal(value)
    }

    private func appendPadding(_ byte: UInt8, count: Int) {
        guard count > 0 else { return }
        reserve(count).initialize(repeating: byte, count: count)
        storage.pointee.count += count
    }

    /// Appends a number in lowercase hexadecimal without a prefix.
    ///
    /// - Parameters:
    ///   - value: the number.
    ///   - width: the least number of digits (zero-padded); 1 by default.
    public func appendHex(_ value: UInt64, width: Int = 1) {
        var digitCount = 1
        while digitCount < 16 && value >> UInt64(4 * digitCount) != 0 {
            digitCount += 1
        }
        appendPadding(UInt8(ascii: "0"), count: width - digitCount)
        let target = reserve(digitCount)
        for index in 0 ..< digitCount {
            let nibble = UInt8(truncatingIfNeeded: value >> UInt64(4 * (digitCount - 1 - index))) & 0x0F
            target[index] = Self.hexDigit(nibble)
        }
        storage.pointee.count += digitCount
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? nibble &+ 48 : nibble &+ 87
    }

    /// Appends each byte as two lowercase hexadecimal digits.
    ///
    /// - Parameter data: the bytes.
    public func appendHexBytes(_ data: some Sequence<UInt8>) {
        for byte in data {
            let target = reserve(2)
            target[0] = Self.hexDigit(byte >> 4)
            target[1] = Self.hexDigit(byte & 0x0F)
            storage.pointee.count += 2
        }
    }

    /// Appends an IP address as ``IPAddress/write(to:)`` writes it (dotted quad for IPv4, RFC 5952 text for IPv6),
    /// straight into the buffer.
    ///
    /// - Parameter address: the address.
    public func appendAddress(_ address: IPAddress) {
        var output = self
        address.write(to: &output)
    }

    /// Writes the pending bytes out when more than ``flushThreshold`` are waiting (file descriptors only).
    public func flushIfNeeded() {
        if storage.pointee.count >= flushThreshold {
            flush()
        }
    }

    /// Writes all pending bytes to the file descriptor (does nothing for a memory buffer).
    public func flush() {
        guard case .fileDescriptor(let descriptor) = destination else {
            return
        }
        defer { storage.pointee.count = 0 }
        guard storage.pointee.writeError == nil else {
            return
        }
        var offset = 0
        let total = storage.pointee.count
        while offset < total {
            // SAFETY: offset < total == the initialized count, so the range stays inside the buffer.
            let written = write(descriptor, storage.pointee.base + offset, total - offset)
            if written < 0 {
                if errno == EINTR {
                    continue
                }
                storage.pointee.writeError = errno
                return
            }
            offset += written
        }
    }
}
