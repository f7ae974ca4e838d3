/// A reader that hands out a fuzz input's bytes as the values a target needs, front to back.
///
/// Every read succeeds: past the end of the input it yields zeros (and empty buffers), so a target never has to
/// reject a short input, and libFuzzer can grow it one byte at a time. Like the buffer it reads, a `FuzzInput`
/// must not outlive the bytes it was made from.
public struct FuzzInput {
    /// The bytes not read yet.
    public private(set) var remaining: UnsafeRawBufferPointer

    /// Wraps a fuzz input.
    ///
    /// - Parameter bytes: the input libFuzzer (or a corpus replay) gave the target.
    public init(_ bytes: UnsafeRawBufferPointer) {
        remaining = bytes
    }

    /// Whether every byte has been read.
    public var isEmpty: Bool { remaining.isEmpty }

    /// Reads one byte, or 0 at the end.
    ///
    /// - Returns: the next byte.
    public mutating func takeByte() -> UInt8 {
        guard let first = remaining.first else { return 0 }
        remaining = UnsafeRawBufferPointer(rebasing: remaining.dropFirst())
        return first
    }

    /// Reads a big-endian 16-bit value; missing bytes count as zero.
    ///
    /// - Returns: the next two bytes as a big-endian value.
    public mutating func takeUInt16() -> UInt16 {
        UInt16(takeByte()) << 8 | UInt16(takeByte())
    }

    /// Reads a big-endian 32-bit value; missing bytes count as zero.
    ///
    /// - Returns: the next four bytes as a big-endian value.
    public mutating func takeUInt32() -> UInt32 {
        UInt32(takeUInt16()) << 16 | UInt32(takeUInt16())
    }

    /// Reads a Boolean from the low bit of the next byte.
    ///
    /// - Returns: whether the next byte is odd.
    public mutating func takeBool() -> Bool {
        takeByte() & 1 == 1
    }

    /// Reads up to `count` bytes, fewer at the end of the input.
    ///
    /// - Parameter count: the most bytes to read; negative counts read nothing.
    /// - Returns: the bytes read, a slice of the input.
    public mutating func takeBytes(upTo count: Int) -> UnsafeRawBufferPointer {
        let taken = min(max(count, 0), remaining.count)
        let result = UnsafeRawBufferPointer(rebasing: remaining[..<taken])
        remaining = UnsafeRawBufferPointer(rebasing: remaining[taken...])
        return result
    }

    /// Reads every byte left.
    ///
    /// - Returns: the rest of the input.
    public mutating func takeRest() -> UnsafeRawBufferPointer {
        takeBytes(upTo: remaining.count)
    }
}
