import _TCPFuzzSupport

/// libFuzzer's entry point for the `mutation` target: runs `MutationFuzzTarget.run` on one input.
///
/// - Parameters:
///   - data: the input's first byte (libFuzzer may pass any pointer for an empty input).
///   - size: the input's length in bytes.
/// - Returns: 0, as libFuzzer requires; a violated invariant traps instead.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    MutationFuzzTarget.run(UnsafeRawBufferPointer(start: size > 0 ? data : nil, count: size))
    return 0
}
