import _TCPFuzzSupport

/// libFuzzer's entry point for the `capture` target: runs `CaptureFuzzTarget.run` on one input (a mode byte, then a
/// frame or a whole capture file). libFuzzer's own mutator mutates it: the capture reader and the dissector take
/// any bytes, so no structure needs keeping.
///
/// - Parameters:
///   - data: the input's first byte (libFuzzer may pass any pointer for an empty input).
///   - size: the input's length in bytes.
/// - Returns: 0, as libFuzzer requires; a violated invariant traps instead.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    CaptureFuzzTarget.run(UnsafeRawBufferPointer(start: size > 0 ? data : nil, count: size))
    return 0
}
