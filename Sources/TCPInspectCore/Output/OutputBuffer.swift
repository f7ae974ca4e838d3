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
/// Appending never allocates once the buffer has grown to its working size: numbers are written digit by digit,
/// strings byte by byte. When more than `flushThreshold` bytes are pending and the destination is a file
/// descriptor, they are written out with `write(2)`.
public final class OutputBuffer {
    /// Where the bytes go.
    public enum Destination: Sendable {
        /// A file descriptor, written with `write(2)`; not closed by the buffer.
        case fileDescriptor(Int32)
        /// Memory only: the bytes accumulate in ``bytes``.
        case memory
    }

    /// The pending bytes (everything written, for a memory buffer).
    public private(set) var bytes: [UInt8]

    /// The destination.
    public let destination: Destination

    /// How many pending bytes trigger a write to the file descriptor.
    public let flushThreshold: Int

    /// The first `errno` a write failed with, if any; later output is dropped.
    public private(set) var writeError: Int32?

    /// Makes a buffer.
    ///
    /// - Parameters:
    ///   - destination: a file descriptor or memory.
    ///   - flushThreshold: the number of pending bytes that triggers a write; 256 KiB by default.
    public init(destination: Destination, flushThreshold: Int = 256 * 1024) {
        self.destination = destination
        self.flushThreshold = flushThreshold
        self.bytes = []
        bytes.reserveCapacity(flushThreshold + 4096)
    }

    /// The bytes written so far, as UTF-8 text (memory buffers; for tests).
    public var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Appends one byte.
    ///
    /// - Parameter byte: the byte.
    public func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends the UTF-8 bytes of a string.
    ///
    /// - Parameter text: the text.
    public func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends the UTF-8 bytes of a string.
    ///
    /// - Parameter text: the text.
    public func append(string text: String) {
        bytes.append(contentsOf: text.utf8)
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
            bytes.append(UInt8(ascii: "-"))
        }
        appendDecimal(value.magnitude)
    }

    /// Appends a 64-bit unsigned number in decimal.
    ///
    /// - Parameter value: the number.
    public func appendDecimal(_ value: UInt64) {
        if value < 10 {
            bytes.append(UInt8(truncatingIfNeeded: value) &+ 48)
            return
        }
        // 20 digits hold UInt64.max.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { scratch in
            while rest > 0 {
                let (quotient, remainder) = rest.quotientAndRemainder(dividingBy: 10)
                count += 1
                // count <= 20 < 24 == scratch.count.
                scratch[24 - count] = UInt8(truncatingIfNeeded: remainder) &+ 48
                rest = quotient
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(24 - count)...]))
        }
    }

    /// Appends a decimal number padded with zeros on the left to `width` digits.
    ///
    /// - Parameters:
    ///   - value: the number.
    ///   - width: the least number of digits.
    public func appendDecimal(_ value: UInt64, width: Int) {
        var digitCount = 1
        var rest = value / 10
        while rest > 0 {
            digitCount += 1
            rest /= 10
        }
        var padding = width - digitCount
        while padding > 0 {
            bytes.append(UInt8(ascii: "0"))
            padding -= 1
        }
        appendDecimal(value)
    }

    /// Appends a decimal number padded with spaces on the left to `width` characters (`%5u`).
    ///
    /// - Parameters:
    ///   - value: the number.
    ///   - width: the least number of characters.
    public func appendDecimal(_ value: UInt64, spacePaddedTo width: Int) {
        var digitCount = 1
        var rest = value / 10
        while rest > 0 {
            digitCount += 1
            rest /= 10
        }
        var padding = width - digitCount
        while padding > 0 {
            bytes.append(UInt8(ascii: " "))
            padding -= 1
        }
        appendDecimal(value)
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
        var index = Swift.max(width, digitCount) - 1
        while index >= 0 {
            let nibble = index < 16 ? UInt8(truncatingIfNeeded: value >> UInt64(4 * index)) & 0x0F : 0
            bytes.append(Self.hexDigits[Int(nibble)])
            index -= 1
        }
    }

    /// Appends each byte as two lowercase hexadecimal digits.
    ///
    /// - Parameter data: the bytes.
    public func appendHexBytes(_ data: some Sequence<UInt8>) {
        for byte in data {
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }

    /// Appends an IP address: dotted quad for IPv4 (written directly), RFC 5952 text for IPv6.
    ///
    /// - Parameter address: the address.
    public func appendAddress(_ address: IPAddress) {
        if let value = address.ipv4Value {
            appendAddress(ipv4: value)
        } else {
            append(string: address.description)
        }
    }

    /// Appends an IPv4 address as a dotted quad.
    ///
    /// - Parameter value: the address as a 32-bit number, `0xC0000201` for 192.0.2.1.
    public func appendAddress(ipv4 value: UInt32) {
        appendDecimal(UInt64(value >> 24))
        bytes.append(UInt8(ascii: "."))
        appendDecimal(UInt64((value >> 16) & 0xFF))
        bytes.append(UInt8(ascii: "."))
        appendDecimal(UInt64((value >> 8) & 0xFF))
        bytes.append(UInt8(ascii: "."))
        appendDecimal(UInt64(value & 0xFF))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes the pending bytes out when more than ``flushThreshold`` are waiting (file descriptors only).
    public func flushIfNeeded() {
        if bytes.count >= flushThreshold {
            flush()
        }
    }

    /// Writes all pending bytes to the file descriptor (does nothing for a memory buffer).
    public func flush() {
        guard case .fileDescriptor(let descriptor) = destination else {
            return
        }
        defer { bytes.removeAll(keepingCapacity: true) }
        guard writeError == nil else {
            return
        }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                // SAFETY: offset < raw.count, so the pointer and count stay inside the buffer.
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR {
                        continue
                    }
                    writeError = errno
                    return
                }
                offset += written
            }
        }
    }
}
