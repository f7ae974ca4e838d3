/// Appends integers in a chosen byte order: the building block of the capture writers.
///
/// Test code only: it grows an `Array` and makes no attempt to be fast.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8] = []
    /// Whether integers are written most significant byte first; may change between writes.
    public var bigEndian: Bool

    /// Makes an empty writer.
    ///
    /// - Parameter bigEndian: whether integers are written most significant byte first.
    public init(bigEndian: Bool) {
        self.bigEndian = bigEndian
    }

    /// Appends one byte.
    ///
    /// - Parameter value: the byte.
    public mutating func u8(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends a 16-bit integer in the writer's byte order.
    ///
    /// - Parameter value: the integer.
    public mutating func u16(_ value: UInt16) {
        let ordered = bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: ordered) { bytes.append(contentsOf: $0) }
    }

    /// Appends a 32-bit integer in the writer's byte order.
    ///
    /// - Parameter value: the integer.
    public mutating func u32(_ value: UInt32) {
        let ordered = bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: ordered) { bytes.append(contentsOf: $0) }
    }

    /// Appends a 64-bit integer in the writer's byte order.
    ///
    /// - Parameter value: the integer.
    public mutating func u64(_ value: UInt64) {
        let ordered = bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: ordered) { bytes.append(contentsOf: $0) }
    }

    /// Appends bytes as they are.
    ///
    /// - Parameter data: the bytes.
    public mutating func raw(_ data: [UInt8]) {
        bytes.append(contentsOf: data)
    }

    /// Appends zero bytes up to the next multiple of 4 (the pcapng block alignment).
    public mutating func pad4() {
        while bytes.count % 4 != 0 {
            bytes.append(0)
        }
    }
}
