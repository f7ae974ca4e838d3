/// Where the codec's text writers put their text: a sink of UTF-8 bytes.
///
/// The tcpdump-style writers (``TCPSegmentTextWriter``, ``TCPOptionTextWriter``) are generic over this protocol,
/// so one formatter serves both the `description` of a value, which collects the bytes into a `String`, and a
/// tool that writes straight into its own output buffer without building a `String` per value. A conforming type
/// needs only ``writeBytes(_:)``; the other requirements have default implementations over it, which a sink with
/// a faster way (writing digits straight into its storage) may replace.
///
/// Everything written is ASCII except IPv6 and IPv4 address text, which is ASCII too: the bytes are UTF-8.
public protocol TCPTextOutput {
    /// Appends bytes of UTF-8 text.
    ///
    /// - Parameter bytes: the bytes; the pointer must not escape the call.
    mutating func writeBytes(_ bytes: UnsafeRawBufferPointer)

    /// Appends one byte of UTF-8 text.
    ///
    /// - Parameter byte: the byte.
    mutating func writeByte(_ byte: UInt8)

    /// Appends an unsigned number in decimal, with no padding.
    ///
    /// - Parameter value: the number.
    mutating func writeDecimal(_ value: UInt64)

    /// Appends an unsigned number in lowercase hexadecimal, without a prefix, zero-padded on the left.
    ///
    /// - Parameters:
    ///   - value: the number.
    ///   - width: the least number of digits.
    mutating func writeHex(_ value: UInt64, width: Int)

    /// Appends each byte as two lowercase hexadecimal digits, with no separator.
    ///
    /// - Parameter bytes: the bytes; the pointer must not escape the call.
    mutating func writeHexBytes(_ bytes: UnsafeRawBufferPointer)
}

extension TCPTextOutput {
    /// Appends one byte through ``writeBytes(_:)``.
    ///
    /// - Parameter byte: the byte.
    @inlinable
    public mutating func writeByte(_ byte: UInt8) {
        Swift.withUnsafeBytes(of: byte) { writeBytes($0) }
    }

    /// Appends the decimal digits, built on the stack, through ``writeBytes(_:)``.
    ///
    /// - Parameter value: the number.
    @inlinable
    public mutating func writeDecimal(_ value: UInt64) {
        // 20 digits hold the largest UInt64, 18,446,744,073,709,551,615.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        Swift.withUnsafeMutableBytes(of: &digits) { raw in
            var index = 20
            var rest = value
            repeat {
                index -= 1
                let (quotient, remainder) = rest.quotientAndRemainder(dividingBy: 10)
                raw[index] = UInt8(truncatingIfNeeded: remainder) &+ UInt8(ascii: "0")
                rest = quotient
            } while rest != 0
            writeBytes(UnsafeRawBufferPointer(rebasing: raw[index ..< 20]))
        }
    }

    /// Appends the hexadecimal digits, built on the stack, through ``writeBytes(_:)``.
    ///
    /// - Parameters:
    ///   - value: the number.
    ///   - width: the least number of digits.
    @inlinable
    public mutating func writeHex(_ value: UInt64, width: Int) {
        var digitCount = 1
        while digitCount < 16 && value >> UInt64(4 * digitCount) != 0 {
            digitCount += 1
        }
        var padding = width - digitCount
        while padding > 0 {
            writeByte(UInt8(ascii: "0"))
            padding -= 1
        }
        var digits: (UInt64, UInt64) = (0, 0)
        Swift.withUnsafeMutableBytes(of: &digits) { raw in
            for index in 0 ..< digitCount {
                let nibble = UInt8(truncatingIfNeeded: value >> UInt64(4 * (digitCount - 1 - index))) & 0x0F
                raw[index] = TCPTextDigits.hex(nibble)
            }
            writeBytes(UnsafeRawBufferPointer(rebasing: raw[0 ..< digitCount]))
        }
    }

    /// Appends the digits of each byte through ``writeByte(_:)``.
    ///
    /// - Parameter bytes: the bytes.
    @inlinable
    public mutating func writeHexBytes(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            writeByte(TCPTextDigits.hex(byte >> 4))
            writeByte(TCPTextDigits.hex(byte & 0x0F))
        }
    }

    /// Appends text known at compile time.
    ///
    /// - Parameter text: the text.
    @inlinable
    public mutating func writeText(_ text: StaticString) {
        text.withUTF8Buffer { writeBytes(UnsafeRawBufferPointer($0)) }
    }

    /// Appends the UTF-8 bytes of a string.
    ///
    /// Labelled, unlike ``writeText(_:)``, so that a string literal always takes the `StaticString` way, which
    /// copies its bytes without touching a `String`.
    ///
    /// - Parameter text: the text.
    @inlinable
    public mutating func writeText(string text: String) {
        var text = text
        text.withUTF8 { writeBytes(UnsafeRawBufferPointer($0)) }
    }
}

/// The digits the text writers use.
@usableFromInline
enum TCPTextDigits {
    /// The lowercase hexadecimal digit of a nibble, `0 ... 15`.
    @inlinable @inline(__always)
    static func hex(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? nibble &+ UInt8(ascii: "0") : nibble &+ (UInt8(ascii: "a") &- 10)
    }
}

/// A `String` collects text: `var text = ""; address.write(to: &text)` builds what the value's `description`
/// builds, appended to whatever the string held.
extension String: TCPTextOutput {
    /// Appends bytes of UTF-8 text.
    ///
    /// - Parameter bytes: the bytes.
    public mutating func writeBytes(_ bytes: UnsafeRawBufferPointer) {
        append(String(decoding: bytes, as: UTF8.self))
    }
}
