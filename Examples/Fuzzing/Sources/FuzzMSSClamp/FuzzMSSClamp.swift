import MSSClampFuzzCheck
import TCPFuzzing

/// libFuzzer's entry point: one input through the invariants of `clampMSS`.
///
/// - Parameters:
///   - data: the input's first byte.
///   - size: the input's length.
/// - Returns: 0; a broken invariant stops the program instead.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    checkClamp(UnsafeRawBufferPointer(start: size > 0 ? data : nil, count: size))
    return 0
}

/// libFuzzer's byte mutator, which the custom mutator falls back to.
@_silgen_name("LLVMFuzzerMutate")
func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

/// The TCP-aware mutator: the input's first byte (the limit) is kept or changed by libFuzzer's byte mutator; the rest
/// is mutated as a TCP segment, its checksum right over the check's pseudo-header most of the time.
///
/// - Parameters:
///   - data: the input's bytes, with room for `maxSize`.
///   - size: the input's length.
///   - maxSize: the most bytes the result may have.
///   - seed: the seed of this mutation.
/// - Returns: the new length.
@_cdecl("LLVMFuzzerCustomMutator")
public func customMutator(
    _ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt
) -> Int {
    guard maxSize > 1, size > 0, seed % 8 != 0 else { return LLVMFuzzerMutate(data, size, maxSize) }
    var mutator = TCPSegmentMutator()
    mutator.pseudoHeader = .init(ipv4Source: 0xC000_0201, destination: 0xC000_0202)
    let segment = UnsafeMutableRawBufferPointer(start: data + 1, count: maxSize - 1)
    return 1 + mutator.mutate(segment, size: size - 1, seed: seed) { buffer, count in
        guard let base = buffer.baseAddress else { return count }
        return LLVMFuzzerMutate(base.assumingMemoryBound(to: UInt8.self), count, buffer.count)
    }
}
