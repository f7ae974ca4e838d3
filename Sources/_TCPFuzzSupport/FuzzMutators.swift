#if canImport(Glibc)
import Glibc
#endif
import TCPCodec
import TCPFuzzing

/// The structure-aware mutators of the fuzz targets that use one (`LLVMFuzzerCustomMutator` in their executables).
///
/// Each takes libFuzzer's buffer (room up to `MaxSize`), the input's size and the seed, and libFuzzer's byte
/// mutator as the fallback; each returns the new size. With `useStructure` false a mutator only calls the fallback,
/// which is how the targets run without it (to measure what it adds).
public enum FuzzMutators {
    /// Whether the structure-aware mutators run: yes unless the environment sets `TCP_FUZZ_MUTATOR=0` (to measure
    /// what they add, or to fuzz as libFuzzer alone would).
    public static let isEnabled = getenv("TCP_FUZZ_MUTATOR").map { String(cString: $0) != "0" } ?? true

    /// libFuzzer's byte mutator (`LLVMFuzzerMutate`, which only a fuzzer executable can name) as the fallback the
    /// mutators take.
    ///
    /// - Parameter mutate: `LLVMFuzzerMutate`: data, size and maximum size in, new size out.
    /// - Returns: the fallback, over a buffer of `MaxSize` bytes and the input's size.
    public static func byteMutator(
        _ mutate: @escaping (UnsafeMutablePointer<UInt8>, Int, Int) -> Int
    ) -> (UnsafeMutableRawBufferPointer, Int) -> Int {
        { buffer, count in
            guard let base = buffer.baseAddress else { return count }
            return mutate(base.assumingMemoryBound(to: UInt8.self), count, buffer.count)
        }
    }

    /// The `decode` target's: the input is one segment.
    ///
    /// - Parameters:
    ///   - buffer: the input's bytes, with room up to libFuzzer's `MaxSize`.
    ///   - size: how many bytes hold the input.
    ///   - seed: libFuzzer's seed.
    ///   - useStructure: whether to mutate as a segment (otherwise only the fallback runs).
    ///   - fallback: libFuzzer's byte mutator.
    /// - Returns: the new size.
    public static func decode(
        _ buffer: UnsafeMutableRawBufferPointer, size: Int, seed: UInt32, useStructure: Bool,
        fallback: (UnsafeMutableRawBufferPointer, Int) -> Int
    ) -> Int {
        guard useStructure else { return fallBack(fallback, buffer, size) }
        return TCPSegmentMutator().mutate(buffer, size: size, seed: seed, fallback: fallback)
    }

    /// The `validator` target's: the input is its setup, ISS and steps (see ``ValidatorFuzzTarget``); segments are
    /// mutated by a ``TCPSegmentMutator``, steps repeated, dropped and reordered, and control bytes changed.
    ///
    /// - Parameters:
    ///   - buffer: the input's bytes, with room up to libFuzzer's `MaxSize`.
    ///   - size: how many bytes hold the input.
    ///   - seed: libFuzzer's seed.
    ///   - useStructure: whether to mutate as steps (otherwise only the fallback runs).
    ///   - fallback: libFuzzer's byte mutator.
    /// - Returns: the new size.
    public static func validator(
        _ buffer: UnsafeMutableRawBufferPointer, size: Int, seed: UInt32, useStructure: Bool,
        fallback: (UnsafeMutableRawBufferPointer, Int) -> Int
    ) -> Int {
        let size = clampedSize(size, to: buffer)
        var random = TCPFuzzRandom(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(size))
        guard useStructure, buffer.count >= 32, !random.chance(10) else { return fallBack(fallback, buffer, size) }
        var input = ValidatorInput(UnsafeRawBufferPointer(rebasing: buffer[..<size]))
        if input.steps.isEmpty { input.steps = [.segment(control: 0, addresses: [], bytes: [])] }
        let segmentMutator = TCPSegmentMutator()
        TCPSequenceMutation.mutate(&input.steps, random: &random, maximumCount: ValidatorFuzzTarget.maximumSteps) {
            step, random in
            step.mutate(random: &random, segmentMutator: segmentMutator)
        }
        if random.chance(5) { input.setup = UInt8(truncatingIfNeeded: random.next()) }
        return store(input.serialized(), in: buffer, size: size, orFallBackTo: fallback)
    }
}

/// A `validator` input taken apart as the target reads it: the setup byte, the client's ISS, then steps.
struct ValidatorInput {
    /// The setup byte (observer capacity, flag profile, mid-stream pickup, eviction sample).
    var setup: UInt8
    /// The client's initial sequence number, four bytes.
    var initialSequenceNumber: [UInt8]
    /// The steps, in order.
    var steps: [ValidatorStep]

    /// Reads an input with the target's own reading (``ValidatorStepFormat``), every step to the end (the target
    /// stops after ``ValidatorFuzzTarget/maximumSteps``); a value or segment cut by the end keeps only the bytes it
    /// has.
    init(_ bytes: UnsafeRawBufferPointer) {
        var fuzz = FuzzInput(bytes)
        let start = ValidatorStepFormat.takeStart(&fuzz)
        setup = start.setup
        initialSequenceNumber = Array(start.initialSequenceNumber)
        steps = []
        while !fuzz.isEmpty {
            switch ValidatorStepFormat.takeStep(&fuzz) {
            case .call(let control, let initialSequenceNumber):
                steps.append(.call(control: control, bytes: Array(initialSequenceNumber)))
            case .segment(let control, let addresses, _, let bytes):
                steps.append(.segment(control: control, addresses: Array(addresses), bytes: Array(bytes)))
            }
        }
    }

    /// The input's bytes, by ``ValidatorStepFormat``: a value cut short is padded with zeros (as the target read it),
    /// and a segment is padded to 20 bytes and cut to 275 (what one step can carry).
    func serialized() -> [UInt8] {
        typealias Format = ValidatorStepFormat
        var bytes = [setup] + Self.padded(initialSequenceNumber, to: Format.initialSequenceNumberLength)
        for step in steps {
            switch step {
            case .call(let control, let extra):
                bytes.append(control | Format.callBit)
                if Format.callReadsInitialSequenceNumber(control) {
                    bytes += Self.padded(extra, to: Format.initialSequenceNumberLength)
                }
            case .segment(let control, let addresses, let segment):
                bytes.append(control & ~Format.callBit)
                if control & Format.ipv6Bit != 0 { bytes += Self.padded(addresses, to: Format.addressLength) }
                let kept = Self.padded(
                    Array(segment.prefix(Format.maximumSegmentLength)), to: Format.minimumSegmentLength)
                bytes.append(UInt8(kept.count - Format.minimumSegmentLength))
                bytes += kept
            }
        }
        return bytes
    }

    /// `bytes` with zeros after them up to `count` (unchanged if as long or longer).
    private static func padded(_ bytes: [UInt8], to count: Int) -> [UInt8] {
        bytes + [UInt8](repeating: 0, count: max(0, count - bytes.count))
    }
}

/// One step of a `validator` input.
enum ValidatorStep {
    /// A user call, timer or expiry; an active open carries its ISS.
    case call(control: UInt8, bytes: [UInt8])
    /// A segment: its control byte (direction, flow, ports, IPv6, time), IPv6 address bytes if any, and its bytes.
    case segment(control: UInt8, addresses: [UInt8], bytes: [UInt8])

    /// Changes the step: a segment's bytes through the segment mutator most of the time, otherwise the control
    /// byte (direction, flow, time, or the kind of step).
    mutating func mutate(random: inout TCPFuzzRandom, segmentMutator: TCPSegmentMutator) {
        switch self {
        case .segment(let control, let addresses, var bytes):
            if random.chance(80) {
                segmentMutator.mutate(
                    &bytes, random: &random, maximumLength: ValidatorStepFormat.maximumSegmentLength)
                self = .segment(control: control, addresses: addresses, bytes: bytes)
            } else if random.chance(85) {
                // Direction, flow and time: bits 0-2 and 6-7; keep the step a segment of the same address family.
                let bit = UInt8(random.element(of: [0, 1, 2, 4, 6, 7]))
                self = .segment(control: control ^ (1 << bit), addresses: addresses, bytes: bytes)
            } else {
                self = .call(control: control | ValidatorStepFormat.callBit, bytes: [])
            }
        case .call(let control, let extra):
            let changed = (control & 0xF1) | UInt8(random.below(8)) << 1
            self = .call(
                control: changed | ValidatorStepFormat.callBit,
                bytes: ValidatorStepFormat.callReadsInitialSequenceNumber(changed) ? extra : [])
        }
    }
}
