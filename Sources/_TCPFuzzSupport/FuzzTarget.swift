/// The fuzz targets, by the name `Fuzz/run.sh`, the corpus archives and the replay tests use.
///
/// Each target's body is a function that takes one input and traps (through `precondition`) when an invariant
/// does not hold. The libFuzzer entry points under `Fuzz/` and the corpus replay tests call these same bodies.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Strict, framing and lenient decoding of arbitrary bytes: ``DecodeFuzzTarget``.
    case decode
    /// Decode then encode, and build then encode then decode: ``RoundTripFuzzTarget``.
    case roundtrip
    /// The fast checksum against the reference, and incremental updates: ``ChecksumFuzzTarget``.
    case checksum
    /// In-place edits through the mutable view keep the checksum valid: ``MutationFuzzTarget``.
    case mutation
    /// Segments in both directions through the flow observer and endpoint models: ``ValidatorFuzzTarget``.
    case validator
    /// Frames and capture files through the capture reader, the dissector and the fragment reassembler:
    /// ``CaptureFuzzTarget``.
    case capture

    /// The body of the target.
    public var body: @Sendable (UnsafeRawBufferPointer) -> Void {
        switch self {
        case .decode: return DecodeFuzzTarget.run
        case .roundtrip: return RoundTripFuzzTarget.run
        case .checksum: return ChecksumFuzzTarget.run
        case .mutation: return MutationFuzzTarget.run
        case .validator: return ValidatorFuzzTarget.run
        case .capture: return CaptureFuzzTarget.run
        }
    }

    /// The name of the target's seed corpus in `Corpus/`: `<name>_seed_corpus.zip`, a zip archive as libFuzzer
    /// users and OSS-Fuzz keep seed corpora.
    public var archiveName: String { rawValue + "_seed_corpus.zip" }
}
