extension IPAddress {
    /// The longest text ``write(to:)`` writes, in bytes: an IPv6 address of eight four-digit groups and seven
    /// colons (an IPv4 address takes at most 15, an IPv4-mapped one 22).
    public static let maximumTextLength = 39

    /// Writes the address as text: a dotted quad for IPv4; for IPv6 the canonical form of RFC 5952 section 4
    /// (lowercase, no leading zeros, the longest run of two or more zero groups as `::`, the first on a tie), and
    /// IPv4-mapped addresses as `::ffff:192.0.2.1` (section 5). ``description`` is this text; a tool writing into
    /// its own ``TCPTextOutput`` gets it without a `String`.
    ///
    /// - Parameter output: where the text goes: at most ``maximumTextLength`` bytes of ASCII.
    public func write<Output: TCPTextOutput>(to output: inout Output) {
        if version == .v4 {
            Self.writeDottedQuad(UInt32(truncatingIfNeeded: high >> 32), to: &output)
            return
        }
        // IPv4-mapped, ::ffff:0:0/96 (RFC 5952 section 5).
        if high == 0 && low >> 32 == 0xFFFF {
            output.writeText("::ffff:")
            Self.writeDottedQuad(UInt32(truncatingIfNeeded: low), to: &output)
            return
        }
        // The longest run of zero groups, at least two long; the first one on a tie (RFC 5952 section 4.2).
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            if group(index) == 0 {
                var end = index
                while end < 8 && group(end) == 0 { end += 1 }
                if end - index > bestLength {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        // A colon before every group but the first and one right after the `::`.
        var afterGroup = false
        index = 0
        while index < 8 {
            if index == bestStart {
                output.writeText("::")
                index += bestLength
                afterGroup = false
                continue
            }
            if afterGroup { output.writeByte(UInt8(ascii: ":")) }
            output.writeHex(UInt64(group(index)), width: 1)
            afterGroup = true
            index += 1
        }
    }

    /// The address as text (``write(to:)``), built on the stack: no heap allocation for an IPv4 address (at most 15
    /// bytes, a small string), one for the `String` of a longer IPv6 text.
    public var description: String {
        var text = AddressText()
        write(to: &text)
        return text.string
    }

    /// The 16-bit group `index` (0 ..< 8) of an IPv6 address.
    private func group(_ index: Int) -> UInt16 {
        let word = index < 4 ? high : low
        return UInt16(truncatingIfNeeded: word >> UInt64(48 - 16 * (index % 4)))
    }

    /// Writes an IPv4 address as a dotted quad.
    private static func writeDottedQuad<Output: TCPTextOutput>(_ value: UInt32, to output: inout Output) {
        output.writeDecimal(UInt64(value >> 24))
        output.writeByte(UInt8(ascii: "."))
        output.writeDecimal(UInt64((value >> 16) & 0xFF))
        output.writeByte(UInt8(ascii: "."))
        output.writeDecimal(UInt64((value >> 8) & 0xFF))
        output.writeByte(UInt8(ascii: "."))
        output.writeDecimal(UInt64(value & 0xFF))
    }
}

/// A ``TCPTextOutput`` on the stack that holds one address's text (``IPAddress/maximumTextLength`` bytes) for
/// ``IPAddress/description``.
private struct AddressText: TCPTextOutput {
    /// 40 bytes, one more than the longest address text.
    private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
    /// The bytes written, at most 40.
    private var count = 0

    mutating func writeBytes(_ bytes: UnsafeRawBufferPointer) {
        let start = count
        // `write(to:)` writes at most `maximumTextLength` bytes, so nothing is cut; were it to write more, the bytes
        // past the storage would be left out rather than written out of bounds.
        let taken = min(bytes.count, MemoryLayout.size(ofValue: storage) - start)
        guard taken > 0 else { return }
        Swift.withUnsafeMutableBytes(of: &storage) { raw in
            // SAFETY: start + taken is at most the storage's size (above), and `bytes` holds at least `taken` bytes.
            UnsafeMutableRawBufferPointer(rebasing: raw[start..<(start + taken)])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<taken]))
        }
        count = start + taken
    }

    /// The text written (ASCII, so valid UTF-8).
    var string: String {
        Swift.withUnsafeBytes(of: storage) { raw in
            String(decoding: UnsafeRawBufferPointer(rebasing: raw[0..<count]), as: UTF8.self)
        }
    }
}
