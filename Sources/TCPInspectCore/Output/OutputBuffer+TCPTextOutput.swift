import TCPCodec

/// The codec's text writers (``TCPSegmentTextWriter``, ``TCPOptionTextWriter``) write straight into the buffer:
/// the segment line, its flags and its options are the codec's text, and no `String` is built for them.
extension OutputBuffer: TCPTextOutput {
    /// Appends bytes of text (`append(raw:)`).
    ///
    /// - Parameter bytes: the bytes.
    @inline(__always)
    public func writeBytes(_ bytes: UnsafeRawBufferPointer) {
        append(raw: bytes)
    }

    /// Appends one byte (`append(_:)` of a byte).
    ///
    /// - Parameter byte: the byte.
    @inline(__always)
    public func writeByte(_ byte: UInt8) {
        append(byte)
    }

    /// Appends a number in decimal, its digits written straight into the buffer (`appendDecimal(_:)`).
    ///
    /// - Parameter value: the number.
    @inline(__always)
    public func writeDecimal(_ value: UInt64) {
        appendDecimal(value)
    }

    /// Appends a number in lowercase hexadecimal, zero-padded (`appendHex(_:width:)`).
    ///
    /// - Parameters:
    ///   - value: the number.
    ///   - width: the least number of digits.
    @inline(__always)
    public func writeHex(_ value: UInt64, width: Int) {
        appendHex(value, width: width)
    }

    /// Appends each byte as two hexadecimal digits (`appendHexBytes(_:)`).
    ///
    /// - Parameter bytes: the bytes.
    @inline(__always)
    public func writeHexBytes(_ bytes: UnsafeRawBufferPointer) {
        appendHexBytes(bytes)
    }
}
