/// A simple input format for stateful fuzz targets: a sequence of segments, each a big-endian 16-bit length and
/// that many bytes.
///
/// ``parse(_:)`` reads any bytes (a record cut by the end of the input keeps the bytes there are), so a target can
/// use it on every input; ``mutate(_:size:seed:segmentMutator:fallback:)`` is a custom mutator for the format:
/// segments repeated, lost, reordered or mutated by a ``TCPSegmentMutator``.
public enum TCPSegmentRecords {
    /// The segments of an input, in order.
    ///
    /// - Parameter bytes: the input.
    /// - Returns: each record's bytes; the last one may be shorter than its length said.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> [[UInt8]] {
        var records: [[UInt8]] = []
        var index = 0
        while index + 2 <= bytes.count {
            let length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            let end = min(index + 2 + length, bytes.count)
            records.append(Array(bytes[(index + 2) ..< end]))
            index = end
        }
        return records
    }

    /// The bytes of a sequence of segments; a segment over 65,535 bytes is cut to that length.
    ///
    /// - Parameter records: the segments.
    /// - Returns: each one's length and bytes, in order.
    public static func serialize(_ records: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for record in records {
            let count = min(record.count, 0xFFFF)
            bytes += [UInt8(count >> 8), UInt8(truncatingIfNeeded: count)]
            bytes += record.prefix(count)
        }
        return bytes
    }

    /// Mutates an input of this format in place, as libFuzzer's custom mutator does.
    ///
    /// - Parameters:
    ///   - buffer: the input's bytes, with room up to libFuzzer's `MaxSize` (`buffer.count`).
    ///   - size: how many bytes of `buffer` hold the input.
    ///   - seed: libFuzzer's seed for this mutation.
    ///   - segmentMutator: how one segment is changed.
    ///   - fallback: libFuzzer's byte mutator (`LLVMFuzzerMutate`), called for the segment mutator's
    ///     ``TCPSegmentMutator/fallbackPercent`` of the calls, when the input holds no record, and when the
    ///     mutated sequence does not fit in `buffer`.
    /// - Returns: the new size, at most `buffer.count`.
    public static func mutate(
        _ buffer: UnsafeMutableRawBufferPointer, size: Int, seed: UInt32,
        segmentMutator: TCPSegmentMutator = TCPSegmentMutator(),
        fallback: (UnsafeMutableRawBufferPointer, Int) -> Int
    ) -> Int {
        let size = clampedSize(size, to: buffer)
        var random = TCPFuzzRandom(seed: UInt64(seed) &* 0xD1B5_4A32_D192_ED03 &+ UInt64(size))
        var records = parse(UnsafeRawBufferPointer(rebasing: buffer[..<size]))
        if records.isEmpty, buffer.count >= 2 + TCPHeaderLayoutFacts.minimumHeaderLength {
            records = [[]]  // grows a first segment from nothing
        }
        guard !records.isEmpty, !random.chance(segmentMutator.fallbackPercent) else {
            return fallBack(fallback, buffer, size)
        }
        TCPSequenceMutation.mutate(&records, random: &random, maximumCount: buffer.count / 22) { segment, random in
            segmentMutator.mutate(&segment, random: &random, maximumLength: min(buffer.count - 2, 0xFFFF))
        }
        return store(serialize(records), in: buffer, size: size, orFallBackTo: fallback)
    }
}
