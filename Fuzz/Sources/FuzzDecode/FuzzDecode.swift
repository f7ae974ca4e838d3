import _TCPFuzzSupport

/// libFuzzer's entry point for the `decode` target: runs `DecodeFuzzTarget.run` on one input.
///
/// - Parameters:
///   - data: the input's first byte (libFuzzer may pass any pointer for an empty input).
///   - size: the input's length in bytes.
/// - Returns: 0, as libFuzzer requires; a violated invariant traps instead.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    DecodeFuzzTarget.run(UnsafeRawBufferPointer(start: size > 0 ? data : nil, count: size))
    return 0
}

/// libFuzzer's byte mutator, the custom mutator's fallback.
@_silgen_name("LLVMFuzzerMutate")
func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

/// libFuzzer's custom mutator for the `decode` target: `FuzzMutators.decode`, falling back to libFuzzer's own.
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
    FuzzMutators.decode(
        UnsafeMutableRawBufferPointer(start: data, count: maxSize), size: size, seed: seed,
        useStructure: FuzzMutators.isEnabled, fallback: FuzzMutators.byteMutator(LLVMFuzzerMutate))
}
