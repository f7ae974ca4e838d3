import TCPCodec

/// A structure-aware mutator of TCP segments for libFuzzer's `LLVMFuzzerCustomMutator`.
///
/// It reads the input as a TCP segment (fixed header, option area, payload; an input shorter than 20 bytes is
/// padded to a header), makes one to three changes of the kinds in ``mutations`` the way attacks and bugs change
/// segments, writes the segment back with its checksum right over ``pseudoHeader`` most of the time
/// (``correctChecksumPercent``) and wrong otherwise, and leaves ``fallbackPercent`` of the calls to libFuzzer's own
/// byte mutator. It never traps, whatever the input.
///
/// ```swift
/// @_silgen_name("LLVMFuzzerMutate")
/// func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int
///
/// @_cdecl("LLVMFuzzerCustomMutator")
/// public func customMutator(
///     _ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32
/// ) -> Int {
///     TCPSegmentMutator().mutate(
///         UnsafeMutableRawBufferPointer(start: data, count: maxSize), size: size, seed: seed
///     ) { buffer, size in
///         LLVMFuzzerMutate(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), size, buffer.count)
///     }
/// }
/// ```
public struct TCPSegmentMutator: Sendable {
    /// The kinds of change made; all of them unless narrowed.
    public var mutations: Set<TCPSegmentMutation> = Set(TCPSegmentMutation.allCases)

    /// The pseudo-header the checksum is computed over (by default 192.0.2.1 to 192.0.2.2, RFC 5737).
    public var pseudoHeader = TCPPseudoHeader(ipv4Source: 0xC000_0201, destination: 0xC000_0202)

    /// How often, in percent, the checksum written is right; otherwise it is made wrong.
    public var correctChecksumPercent = 90

    /// How often, in percent, the byte mutator is called instead of a structured change.
    public var fallbackPercent = 10

    /// A mutator with the default settings.
    public init() {}

    /// Mutates the segment in `buffer[0 ..< size]` in place, as libFuzzer's custom mutator does.
    ///
    /// - Parameters:
    ///   - buffer: the input's bytes, with room up to libFuzzer's `MaxSize` (`buffer.count`).
    ///   - size: how many bytes of `buffer` hold the input.
    ///   - seed: libFuzzer's seed for this mutation.
    ///   - fallback: libFuzzer's byte mutator (`LLVMFuzzerMutate`): given the buffer and the size, returns the new
    ///     size. Called for ``fallbackPercent`` of the calls, and when no segment fits in `buffer`.
    /// - Returns: the new size, at most `buffer.count`.
    public func mutate(
        _ buffer: UnsafeMutableRawBufferPointer, size: Int, seed: UInt32,
        fallback: (UnsafeMutableRawBufferPointer, Int) -> Int
    ) -> Int {
        let size = clampedSize(size, to: buffer)
        var random = TCPFuzzRandom(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(size))
        guard buffer.count >= TCPHeaderLayoutFacts.minimumHeaderLength, !random.chance(fallbackPercent) else {
            return fallBack(fallback, buffer, size)
        }
        var segment = Array(UnsafeRawBufferPointer(rebasing: buffer[..<size]))
        mutate(&segment, random: &random, maximumLength: buffer.count)
        let count = min(segment.count, buffer.count)
        segment.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(rebasing: buffer[..<count])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[..<count]))
        }
        return count
    }

    /// Mutates a segment held in an array: one to three changes, then the checksum.
    ///
    /// - Parameters:
    ///   - segment: the segment's bytes; replaced by the mutated segment (at least 20 bytes unless cut on purpose).
    ///   - random: the source of every choice.
    ///   - maximumLength: the longest result allowed (the payload is cut to fit); at least 20.
    public func mutate(_ segment: inout [UInt8], random: inout TCPFuzzRandom, maximumLength: Int = 65_535) {
        let maximumLength = max(maximumLength, TCPHeaderLayoutFacts.minimumHeaderLength)
        var parts = SegmentParts(segment)
        let kinds = TCPSegmentMutation.allCases.filter { mutations.contains($0) }
        var cut: Int?
        if !kinds.isEmpty {
            for _ in 0 ... random.below(3) {
                let kind = random.element(of: kinds)
                if kind == .truncate {
                    cut = parts.truncationPoint(random: &random)
                } else {
                    parts.apply(kind, random: &random)
                }
            }
        }
        segment = parts.encoded(maximumLength: maximumLength)
        fillChecksum(&segment, random: &random)
        if let cut, cut < segment.count { segment.removeLast(segment.count - cut) }
    }

    /// Writes the checksum over ``pseudoHeader``: right ``correctChecksumPercent`` of the time, wrong otherwise.
    func fillChecksum(_ segment: inout [UInt8], random: inout TCPFuzzRandom) {
        guard segment.count >= TCPHeaderLayoutFacts.minimumHeaderLength else { return }
        segment.withUnsafeMutableBytes { bytes in
            _ = TCPChecksum.fill(segment: bytes, pseudoHeader: pseudoHeader)
        }
        if !random.chance(correctChecksumPercent) {
            // Any change of the field makes it wrong, except 0x0000 <-> 0xFFFF, which one's complement sums equate.
            var wrong = UInt16(truncatingIfNeeded: random.next())
            let right = UInt16(segment[16]) << 8 | UInt16(segment[17])
            if wrong == right || wrong == ~right { wrong = right ^ 0x0101 }
            segment[16] = UInt8(wrong >> 8)
            segment[17] = UInt8(truncatingIfNeeded: wrong)
        }
    }
}

/// Facts of the fixed header this module needs, from the codec's own constants.
enum TCPHeaderLayoutFacts {
    /// The fixed header's length.
    static let minimumHeaderLength = TCPSegmentView.minimumHeaderLength
    /// The most option bytes a header holds.
    static let maximumOptionsLength = TCPOptionList.capacity
}

/// Calls libFuzzer's byte mutator and keeps the size it returns within the buffer, whatever it returns.
package func fallBack(
    _ fallback: (UnsafeMutableRawBufferPointer, Int) -> Int, _ buffer: UnsafeMutableRawBufferPointer, _ size: Int
) -> Int {
    clampedSize(fallback(buffer, size), to: buffer)
}

/// Puts a mutated input into libFuzzer's buffer and returns its size, or, when it does not fit, hands the unchanged
/// input to libFuzzer's byte mutator instead. (`package`: the fuzz targets' own mutators end this way too.)
///
/// - Parameters:
///   - bytes: the mutated input.
///   - buffer: the input's buffer, with room up to libFuzzer's `MaxSize`.
///   - size: how many bytes of `buffer` hold the unchanged input (within `0 ... buffer.count`).
///   - fallback: libFuzzer's byte mutator.
/// - Returns: the new size, at most `buffer.count`.
package func store(
    _ bytes: [UInt8], in buffer: UnsafeMutableRawBufferPointer, size: Int,
    orFallBackTo fallback: (UnsafeMutableRawBufferPointer, Int) -> Int
) -> Int {
    guard bytes.count <= buffer.count else { return fallBack(fallback, buffer, size) }
    bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[..<bytes.count]).copyMemory(from: $0) }
    return bytes.count
}

/// A size libFuzzer (or its byte mutator) reports, brought into `0 ... buffer.count`: the mutators trust no size
/// they are handed. (`package`: the fuzz targets' own mutators use it too.)
///
/// - Parameters:
///   - size: the size reported.
///   - buffer: the input's buffer.
/// - Returns: `size`, at least 0 and at most `buffer.count`.
package func clampedSize(_ size: Int, to buffer: UnsafeMutableRawBufferPointer) -> Int {
    min(max(size, 0), buffer.count)
}
