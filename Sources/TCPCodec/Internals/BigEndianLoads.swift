// Big-endian field loads and stores over raw pointers.
//
// These helpers do not check bounds: every caller cites the length check that covers the bytes it reads. They
// use `loadUnaligned`, since TCP fields sit at any alignment inside a captured frame.

extension UnsafeRawPointer {
    /// Reads a big-endian `UInt16` at `offset` bytes. The caller guarantees `offset + 2` bytes are readable.
    @inlinable @inline(__always)
    func loadBigEndianUInt16(at offset: Int) -> UInt16 {
        UInt16(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// Reads a big-endian `UInt32` at `offset` bytes. The caller guarantees `offset + 4` bytes are readable.
    @inlinable @inline(__always)
    func loadBigEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Reads a big-endian `UInt64` at `offset` bytes. The caller guarantees `offset + 8` bytes are readable.
    @inlinable @inline(__always)
    func loadBigEndianUInt64(at offset: Int) -> UInt64 {
        UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Reads one byte at `offset`. The caller guarantees `offset + 1` bytes are readable.
    @inlinable @inline(__always)
    func loadByte(at offset: Int) -> UInt8 {
        load(fromByteOffset: offset, as: UInt8.self)
    }
}

extension UnsafeMutableRawPointer {
    /// Writes a big-endian `UInt16` at `offset` bytes. The caller guarantees `offset + 2` bytes are writable.
    @inlinable @inline(__always)
    func storeBigEndian(_ value: UInt16, at offset: Int) {
        storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt16.self)
    }

    /// Writes a big-endian `UInt32` at `offset` bytes. The caller guarantees `offset + 4` bytes are writable.
    @inlinable @inline(__always)
    func storeBigEndian(_ value: UInt32, at offset: Int) {
        storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt32.self)
    }

    /// Writes a big-endian `UInt64` at `offset` bytes. The caller guarantees `offset + 8` bytes are writable.
    @inlinable @inline(__always)
    func storeBigEndian(_ value: UInt64, at offset: Int) {
        storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt64.self)
    }

    /// Writes one byte at `offset`. The caller guarantees `offset + 1` bytes are writable.
    @inlinable @inline(__always)
    func storeByte(_ value: UInt8, at offset: Int) {
        storeBytes(of: value, toByteOffset: offset, as: UInt8.self)
    }
}
