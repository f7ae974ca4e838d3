// tcp-codec-bench: the project's harness for the peer benchmark (decode and checksum over segments.bin).
//
// Contract: `tcp-codec-bench decode|csum [--file PATH] [--limit N] [--min-time SECONDS]`; the last line printed is
// `name ns_per_segment digest key=value...`. Every mode also takes `--clock cpu`, which times by the thread's CPU time
// instead of wall time (for comparisons on a loaded machine; the contract's figures use wall time).
//
// More modes, which need no corpus (their data is generated here):
//   decode-validated  the decode pass through the validating initializer, TCPSegmentView(_:optionChecking: .framing),
//                  which walks the options to check them before the loop walks them to read them (`decode` uses
//                  TCPSegmentView(checkingOptionsWhenRead:optionChecking: .framing): one walk, each option checked as
//                  it is read); reads segments.bin like decode
//   decode-strict  the validating decode pass with strict option checking (reads segments.bin like decode)
//   decode-iterator, decode-validated-iterator
//                  decode and decode-validated with the options read by the iterator (`while let option =
//                  iterator.next()`) instead of TCPOptions.readEach, which reads the common option layouts whole
//   decode-span    the decode pass through the non-escapable TCPSegmentSpan(checkingOptionsWhenRead:optionChecking:
//                  .framing), each segment a RawSpan cut from the corpus's span (bounds checked once, when the corpus
//                  is indexed), its options read with TCPOptionsSpan.forEach; reads segments.bin like decode and
//                  gives its digest
//   encode         TCPHeader.encode with the checksum: a bare ACK; a SYN with MSS, SACK-permitted, timestamps and
//                  window scale; an ACK with timestamps and three SACK blocks (ns per header)
//   csum-sizes     InternetChecksum.sum over 64, 576, 1500 and 9000-byte buffers (GB/s), one line per size
//   incremental    RFC 1624 updates: InternetChecksum.update for a 32-bit field, and TCPSegmentMutableView setting
//                  the acknowledgment number (updates per second)
//   observer       TCPFlowObserver of TCPValidation over a synthetic trace of 1,000,000 segments across 10,000 flows
//                  (handshakes, data both ways, closes), each segment viewed and observed (segments per second);
//                  `--flows N` builds the trace with N flows instead (100 segments each, all open at once): with few
//                  flows the same work runs on a table that stays in cache, which tells what reaching a flow's memory
//                  costs
//   mutator        TCPSegmentMutator (the decode fuzz target's structure-aware mutator) on the three headers of
//                  `encode`, each given a 100-byte payload, as libFuzzer calls it: a fresh copy of the input in a
//                  1,024-byte buffer, a new seed per call (ns per mutation)
//   mutator-decode the same, each result then run through the decode fuzz target (DecodeFuzzTarget.run): what one
//                  fuzzing run of the decode target costs besides libFuzzer's own work (ns per input)

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TCPCodec
import TCPFuzzing
import TCPValidation
import _TCPFuzzSupport

/// Prints to standard error and exits with `status`.
func fail(_ message: String, status: Int32 = 2) -> Never {
    let line = "tcp-codec-bench: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(status)
}

/// The clock the timed loops read: wall time (the harness contract) unless `--clock cpu` asks for the thread's CPU
/// time, which leaves out the time the thread waited for a core on a loaded machine.
nonisolated(unsafe) var timingClock = CLOCK_MONOTONIC

/// The timing clock's time in nanoseconds.
func now() -> UInt64 {
    var time = timespec()
    clock_gettime(timingClock, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Reads a whole file into memory.
func readFile(_ path: String) -> [UInt8] {
    guard let file = fopen(path, "rb") else { fail("cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if read == 0 { break }
        bytes.append(contentsOf: chunk[0 ..< read])
    }
    return bytes
}

struct Options {
    var mode = ""
    var file = "segments.bin"
    var limit = Int.max
    var minTime = 1.0
    var clock = "wall"
    var flows = 10_000
}

func parseArguments() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    guard let mode = arguments.popFirst() else {
        fail("usage: tcp-codec-bench decode|csum|decode-validated|decode-strict|decode-span|decode-iterator|"
            + "decode-validated-iterator|encode|csum-sizes|incremental|observer|mutator|mutator-decode [--file F] "
            + "[--limit N] [--min-time S] "
            + "[--clock wall|cpu] [--flows N]")
    }
    options.mode = mode
    while let argument = arguments.popFirst() {
        guard let value = arguments.popFirst() else { fail("\(argument) needs a value") }
        switch argument {
        case "--file": options.file = value
        case "--limit":
            guard let limit = Int(value), limit > 0 else { fail("bad --limit \(value)") }
            options.limit = limit
        case "--clock":
            guard value == "wall" || value == "cpu" else { fail("bad --clock \(value): use wall or cpu") }
            options.clock = value
        case "--flows":
            guard let flows = Int(value), flows > 0, flows <= 1_000_000 else { fail("bad --flows \(value)") }
            options.flows = flows
        case "--min-time":
            guard let seconds = Double(value), seconds >= 0 else { fail("bad --min-time \(value)") }
            options.minTime = seconds
        default: fail("unknown argument \(argument)")
        }
    }
    return options
}

/// Indexes the records of segments.bin: (offset, length) pairs into the loaded bytes.
func indexRecords(_ bytes: [UInt8], limit: Int) -> [(offset: Int, length: Int)] {
    var records: [(offset: Int, length: Int)] = []
    var position = 0
    while position + 2 <= bytes.count, records.count < limit {
        let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
        guard position + 2 + length <= bytes.count else { fail("truncated record at byte \(position)") }
        records.append((position + 2, length))
        position += 2 + length
    }
    return records
}

/// How a decode pass decodes each segment.
enum DecodeStyle {
    /// `TCPSegmentView(checkingOptionsWhenRead:optionChecking: .framing)`: the fixed header checked by the view, each
    /// option checked by the iterator as it reads it, in one walk; a segment whose iteration stops at an error adds
    /// nothing and is counted as rejected. The harness contract's `decode`.
    case onePass
    /// `TCPSegmentView(_:optionChecking: .framing)`: the view's initializer walks the options to check them, and the
    /// loop walks them again to read them.
    case validated
    /// As `validated`, with each option kind's length rule checked too (`.strict`).
    case validatedStrict
}

/// How a decode pass reads the options.
enum OptionReading {
    /// `TCPOptions.readEach` (`forEach` where the error is not needed): the common layouts recognised whole and read
    /// at fixed offsets, any other area iterated.
    case readEach
    /// `TCPOptions.Iterator`, one `next()` per option.
    case iterator
}

/// Adds what the harness digest takes from one option.
@inline(__always)
func addOption(_ option: TCPOption, to digest: inout UInt64) {
    digest &+= UInt64(option.kind) &+ UInt64(option.encodedLength)
    switch option {
    case .maximumSegmentSize(let mss): digest &+= UInt64(mss)
    case .windowScale(let shift): digest &+= UInt64(shift)
    case .timestamps(let value, let echoReply): digest &+= UInt64(value) &+ UInt64(echoReply)
    case .sack(let blocks):
        for block in blocks { digest &+= UInt64(block.left.rawValue) &+ UInt64(block.right.rawValue) }
    default: break
    }
}

/// Adds what the harness digest takes from the fixed header and the payload length.
@inline(__always)
func addFields(
    ports: (UInt16, UInt16), numbers: (SequenceNumber, SequenceNumber), headerLength: Int, flags: TCPFlags,
    window: UInt16, urgentPointer: UInt16, payloadLength: Int, to digest: inout UInt64
) {
    digest &+= UInt64(ports.0) &+ UInt64(ports.1)
    digest &+= UInt64(numbers.0.rawValue) &+ UInt64(numbers.1.rawValue)
    digest &+= UInt64(headerLength) &+ UInt64(flags.rawValue) &+ UInt64(window)
    digest &+= UInt64(urgentPointer) &+ UInt64(payloadLength)
}

/// Adds what the harness digest takes from a view's fixed header and payload length.
@inline(__always)
func addFields(_ view: TCPSegmentView, to digest: inout UInt64) {
    addFields(
        ports: (view.sourcePort, view.destinationPort), numbers: (view.sequenceNumber, view.acknowledgmentNumber),
        headerLength: view.headerLength, flags: view.flags, window: view.window, urgentPointer: view.urgentPointer,
        payloadLength: view.payload.count, to: &digest)
}

/// The harness contract's decode pass through the non-escapable span view: the same reads and digest as `decode`,
/// each segment cut from the corpus's span (its bounds were checked once, when the corpus was indexed, as the
/// pointer passes rely on), the options read by `forEach` (the span's fast way: a non-escapable iterator in a
/// variable measured about 20 % slower with Swift 6.3).
@inline(never)
func spanDecodePass(_ corpus: RawSpan, _ records: UnsafeBufferPointer<(offset: Int, length: Int)>,
                    rejected: inout Int) -> UInt64 {
    var digest: UInt64 = 0
    for record in records {
        // SAFETY: indexRecords checked that every record lies inside the corpus, once, as the pointer passes rely on.
        let bytes = unsafe corpus.extracting(
            unchecked: Range(uncheckedBounds: (record.offset, record.offset &+ record.length)))
        let segment: TCPSegmentSpan
        do throws(TCPDecodingError) {
            segment = try TCPSegmentSpan(checkingOptionsWhenRead: bytes, optionChecking: .framing)
        } catch {
            rejected += 1
            continue
        }
        var sum: UInt64 = 0
        addFields(
            ports: (segment.sourcePort, segment.destinationPort),
            numbers: (segment.sequenceNumber, segment.acknowledgmentNumber), headerLength: segment.headerLength,
            flags: segment.flags, window: segment.window, urgentPointer: segment.urgentPointer,
            payloadLength: segment.payload.byteCount, to: &sum)
        let error = segment.options.forEach { addOption($0, to: &sum) }
        if error != nil {
            rejected += 1
            continue
        }
        digest &+= sum
    }
    return digest
}

/// One decode pass: every field and typed option value through TCPSegmentView, summed as the harness digest; the
/// style is a constant in each specialized copy.
@inline(__always)
func decodePass(_ base: UnsafeRawPointer, _ records: UnsafeBufferPointer<(offset: Int, length: Int)>,
                style: DecodeStyle, reading: OptionReading, rejected: inout Int) -> UInt64 {
    var digest: UInt64 = 0
    for record in records {
        let bytes = UnsafeRawBufferPointer(start: base + record.offset, count: record.length)
        switch style {
        case .onePass:
            guard let view = try? TCPSegmentView(checkingOptionsWhenRead: bytes, optionChecking: .framing) else {
                rejected += 1
                continue
            }
            var sum: UInt64 = 0
            addFields(view, to: &sum)
            let error: TCPDecodingError?
            switch reading {
            case .readEach:
                error = view.options.readEach { addOption($0, to: &sum) }
            case .iterator:
                var options = view.options.makeIterator()
                while let option = options.next() { addOption(option, to: &sum) }
                error = options.error
            }
            if error != nil {
                rejected += 1
                continue
            }
            digest &+= sum
        case .validated, .validatedStrict:
            let checking: TCPOptionChecking = style == .validatedStrict ? .strict : .framing
            guard let view = try? TCPSegmentView(bytes, optionChecking: checking) else {
                rejected += 1
                continue
            }
            addFields(view, to: &digest)
            switch reading {
            case .readEach: view.options.forEach { addOption($0, to: &digest) }
            case .iterator: for option in view.options { addOption(option, to: &digest) }
            }
        }
    }
    return digest
}

/// The harness contract's decode pass: one walk over the options, read by `readEach`.
@inline(never)
func onePassDecodePass(_ base: UnsafeRawPointer, _ records: UnsafeBufferPointer<(offset: Int, length: Int)>,
                       rejected: inout Int) -> UInt64 {
    decodePass(base, records, style: .onePass, reading: .readEach, rejected: &rejected)
}

/// The one-pass decode with the options read by the iterator.
@inline(never)
func onePassIteratorDecodePass(_ base: UnsafeRawPointer, _ records: UnsafeBufferPointer<(offset: Int, length: Int)>,
                               rejected: inout Int) -> UInt64 {
    decodePass(base, records, style: .onePass, reading: .iterator, rejected: &rejected)
}

/// The decode pass through the validating initializer (options walked twice), read by `forEach`.
@inline(never)
func validatedDecodePass(_ base: UnsafeRawPointer, _ records: UnsafeBufferPointer<(offset: Int, length: Int)>,
                         rejected: inout Int) -> UInt64 {
    decodePass(base, records, style: .validated, reading: .readEach, rejected: &rejected)
}

/// The validated decode with the options read by the iterator.
@inline(never)
func validatedIteratorDecodePass(
    _ base: UnsafeRawPointer, _ records: UnsafeBufferPointer<(offset: Int, length: Int)>, rejected: inout Int
) -> UInt64 {
    decodePass(base, records, style: .validated, reading: .iterator, rejected: &rejected)
}

/// The decode pass through the validating initializer with strict option checking.
@inline(never)
func strictDecodePass(_ base: UnsafeRawPointer, _ records: UnsafeBufferPointer<(offset: Int, length: Int)>,
                      rejected: inout Int) -> UInt64 {
    decodePass(base, records, style: .validatedStrict, reading: .readEach, rejected: &rejected)
}

/// One checksum pass: the fixed pseudo-header 10.0.0.1 -> 10.0.0.2 and every segment.
@inline(never)
func checksumPass(_ base: UnsafeRawPointer, _ records: UnsafeBufferPointer<(offset: Int, length: Int)>,
                  pseudoHeader: TCPPseudoHeader, valid: inout Int) -> UInt64 {
    var digest: UInt64 = 0
    var good = 0
    for record in records {
        let bytes = UnsafeRawBufferPointer(start: base + record.offset, count: record.length)
        let value = InternetChecksum.checksum(bytes, initial: pseudoHeader.sum(tcpLength: record.length))
        digest &+= UInt64(value)
        if value == 0 { good += 1 }
    }
    valid = good
    return digest
}

/// Runs `pass` once untimed, then whole passes until `minTime` seconds have elapsed; returns the last result, the
/// number of timed passes and the elapsed nanoseconds. Each pass is given its number, to start from, so that the
/// optimizer cannot run a pass once and reuse its result.
func timed<Result>(minTime: Double, _ pass: (Int) -> Result) -> (result: Result, passes: Int, nanoseconds: UInt64) {
    var result = pass(0)
    var passes = 0
    let start = now()
    var elapsed: UInt64 = 0
    repeat {
        result = pass(passes + 1)
        passes += 1
        elapsed = now() - start
    } while Double(elapsed) < minTime * 1e9
    return (result, passes, elapsed)
}

/// Deterministic bytes for the generated buffers (SplitMix64).
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The three headers of the encode mode.
func encodeHeaders() -> [TCPHeader] {
    do throws(TCPEncodingError) {
        let ack = TCPHeader(
            sourcePort: 443, destinationPort: 51_234, sequenceNumber: SequenceNumber(0x1234_5678),
            acknowledgmentNumber: SequenceNumber(0x9ABC_DEF0), flags: [.ack], window: 501)
        let syn = TCPHeader(
            sourcePort: 51_234, destinationPort: 443, sequenceNumber: SequenceNumber(0x0BAD_CAFE), flags: [.syn],
            window: 64_240,
            options: try TCPOptionList([
                .maximumSegmentSize(1460), .sackPermitted, .timestamps(value: 0x0102_0304, echoReply: 0),
                .noOperation, .windowScale(7),
            ]))
        let sack = TCPHeader(
            sourcePort: 443, destinationPort: 51_234, sequenceNumber: SequenceNumber(0x1234_5678),
            acknowledgmentNumber: SequenceNumber(0x9ABC_DEF0), flags: [.ack], window: 501,
            options: try TCPOptionList([
                .noOperation, .noOperation, .timestamps(value: 0x0102_0304, echoReply: 0x0506_0708),
                .noOperation, .noOperation,
                .sack(try TCPSACKBlocks([
                    TCPSACKBlock(left: SequenceNumber(0x9ABC_E000), right: SequenceNumber(0x9ABC_E5B4)),
                    TCPSACKBlock(left: SequenceNumber(0x9ABC_F000), right: SequenceNumber(0x9ABC_F5B4)),
                    TCPSACKBlock(left: SequenceNumber(0x9ABD_0000), right: SequenceNumber(0x9ABD_05B4)),
                ])),
            ]))
        return [ack, syn, sack]
    } catch {
        fail("cannot build the encode headers: \(error)")
    }
}

/// One mutator pass: each input copied into `buffer` and mutated with a seed of its own, `repeats` times over the
/// inputs, each result run through the decode fuzz target when `runTarget`; returns the sum of the results' sizes.
@inline(never)
func mutatorPass(
    _ inputs: [[UInt8]], buffer: UnsafeMutableRawBufferPointer, repeats: Int, runTarget: Bool, pass: Int
) -> Int {
    let mutator = TCPSegmentMutator()
    var total = 0
    for round in 0 ..< repeats {
        for input in inputs {
            input.withUnsafeBytes { buffer.copyMemory(from: $0) }
            let seed = UInt32(truncatingIfNeeded: (pass &* repeats &+ round) &* inputs.count &+ total)
            // The fallback (libFuzzer's byte mutator in a fuzzer) leaves the input as it is here.
            let size = mutator.mutate(buffer, size: input.count, seed: seed) { _, size in size }
            if runTarget { DecodeFuzzTarget.run(UnsafeRawBufferPointer(rebasing: buffer[..<size])) }
            total &+= size
        }
    }
    return total
}

/// Encodes each header with its checksum into `buffer`, `repeats` times; returns a digest of what was written.
@inline(never)
func encodePass(_ headers: UnsafeBufferPointer<TCPHeader>, into buffer: UnsafeMutableRawBufferPointer,
                pseudoHeader: TCPPseudoHeader, repeats: Int, pass: Int) -> UInt64 {
    var digest: UInt64 = 0
    for round in pass &* repeats ..< pass &* repeats &+ repeats {
        for header in headers {
            var header = header
            header.sequenceNumber = header.sequenceNumber + UInt32(truncatingIfNeeded: round)
            do throws(TCPEncodingError) {
                let written = try header.encode(into: buffer, pseudoHeader: pseudoHeader)
                digest &+= UInt64(written) &+ UInt64(buffer.load(fromByteOffset: 16, as: UInt16.self))
            } catch {
                fail("encode failed: \(error)")
            }
        }
    }
    return digest
}

/// Sums `buffer` `repeats` times. Before each sum its first 16 bytes are rewritten from the call number, so that no
/// sum can be hoisted out of the loop; the store is as wide as the sum's first load, so the load is forwarded from
/// it without a stall, and the calls do not depend on one another (a throughput figure).
@inline(never)
func checksumSizePass(_ buffer: UnsafeMutableRawBufferPointer, repeats: Int, pass: Int) -> UInt64 {
    var digest: UInt64 = 0
    for call in pass &* repeats ..< pass &* repeats &+ repeats {
        buffer.storeBytes(of: SIMD2<UInt64>(UInt64(truncatingIfNeeded: call), 0x0123_4567_89AB_CDEF),
                          toByteOffset: 0, as: SIMD2<UInt64>.self)
        digest &+= UInt64(InternetChecksum.sum(UnsafeRawBufferPointer(buffer)))
    }
    return digest
}

/// `repeats` RFC 1624 updates of a checksum for a 32-bit field, each depending on the one before.
@inline(never)
func incrementalPass(repeats: Int, pass: Int) -> UInt64 {
    var checksum: UInt16 = 0x1C46 ^ UInt16(truncatingIfNeeded: pass)
    var old: UInt32 = 0x1234_5678 &+ UInt32(truncatingIfNeeded: pass)
    var digest: UInt64 = 0
    for index in 0 ..< repeats {
        let new = old &+ UInt32(truncatingIfNeeded: index) &* 1460
        checksum = InternetChecksum.update(checksum, replacing: old, with: new)
        old = new
        digest &+= UInt64(checksum)
    }
    return digest
}

/// `repeats` acknowledgment-number rewrites through TCPSegmentMutableView, each updating the checksum.
@inline(never)
func mutableViewPass(_ segment: TCPSegmentMutableView, repeats: Int) -> UInt64 {
    var digest: UInt64 = 0
    for index in 0 ..< repeats {
        segment.acknowledgmentNumber = segment.acknowledgmentNumber + UInt32(truncatingIfNeeded: index)
        digest &+= UInt64(segment.checksum)
    }
    return digest
}

/// One observer pass: every segment of the trace viewed strictly and observed; returns a digest of the observations
/// and counts the segments with anomalies.
@inline(never)
func observerPass(
    _ observer: inout TCPFlowObserver, _ base: UnsafeRawPointer, _ segments: UnsafeBufferPointer<ObserverTrace.Segment>,
    anomalies: inout Int
) -> UInt64 {
    var digest: UInt64 = 0
    var withAnomalies = 0
    for segment in segments {
        let bytes = UnsafeRawBufferPointer(start: base + segment.offset, count: segment.length)
        guard let view = try? TCPSegmentView(bytes) else { continue }
        let observation = observer.observe(view, from: segment.source, to: segment.destination, at: segment.time)
        digest &+= (observation.flowID ?? 0) &+ UInt64(observation.traits.rawValue)
            &+ UInt64(observation.anomalies.count)
        if !observation.anomalies.isEmpty { withAnomalies += 1 }
    }
    anomalies = withAnomalies
    return digest
}

let options = parseArguments()
if options.clock == "cpu" { timingClock = CLOCK_THREAD_CPUTIME_ID }
let pseudoHeader = TCPPseudoHeader(ipv4Source: 0x0A00_0001, destination: 0x0A00_0002)

switch options.mode {
case "encode":
    let headers = encodeHeaders()
    var buffer = [UInt8](repeating: 0, count: 128)
    let repeats = 100_000
    buffer.withUnsafeMutableBytes { target in
        headers.withUnsafeBufferPointer { list in
            let run = timed(minTime: options.minTime) { pass in
                encodePass(list, into: target, pseudoHeader: pseudoHeader, repeats: repeats, pass: pass)
            }
            let perHeader = Double(run.nanoseconds) / Double(run.passes * repeats * list.count)
            print("swift_codec_encode \(perHeader) \(run.result) headers=\(list.count)")
        }
    }
    exit(0)
case "mutator", "mutator-decode":
    let payload = [UInt8](repeating: 0x41, count: 100)
    let inputs = encodeHeaders().map { header in
        var bytes = [UInt8](repeating: 0, count: header.headerLength + payload.count)
        let written = bytes.withUnsafeMutableBytes { target in
            payload.withUnsafeBytes { data in
                do throws(TCPEncodingError) {
                    return try header.encode(into: target, payload: data, pseudoHeader: pseudoHeader)
                } catch {
                    fail("cannot encode a mutator input: \(error)")
                }
            }
        }
        return Array(bytes[..<written])
    }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 1)
    defer { buffer.deallocate() }
    let runTarget = options.mode == "mutator-decode"
    let repeats = runTarget ? 200 : 2_000
    let run = timed(minTime: options.minTime) { pass in
        mutatorPass(inputs, buffer: buffer, repeats: repeats, runTarget: runTarget, pass: pass)
    }
    let perInput = Double(run.nanoseconds) / Double(run.passes * repeats * inputs.count)
    print("swift_codec_\(runTarget ? "mutator_decode" : "mutator") \(perInput) \(run.result) inputs=\(inputs.count)")
    exit(0)
case "csum-sizes":
    var random = SplitMix64(state: 1)
    for size in [64, 576, 1500, 9000] {
        var bytes = (0 ..< size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let repeats = max(1, 50_000_000 / size)
        bytes.withUnsafeMutableBytes { buffer in
            let run = timed(minTime: options.minTime) { pass in checksumSizePass(buffer, repeats: repeats, pass: pass) }
            let calls = Double(run.passes * repeats)
            let gbps = Double(size) * calls / Double(run.nanoseconds)
            let nanoseconds = Double(run.nanoseconds) / calls
            print("swift_codec_csum_\(size) \(nanoseconds) \(run.result) gbps=\(gbps) bytes=\(size)")
        }
    }
    exit(0)
case "incremental":
    let repeats = 10_000_000
    let update = timed(minTime: options.minTime) { pass in incrementalPass(repeats: repeats, pass: pass) }
    let updateNanoseconds = Double(update.nanoseconds) / Double(update.passes * repeats)
    print("swift_codec_update32 \(updateNanoseconds) \(update.result) updates_per_second=\(1e9 / updateNanoseconds)")
    let header = encodeHeaders()[2]
    var segment = [UInt8](repeating: 0, count: 128)
    segment.withUnsafeMutableBytes { target in
        do throws(TCPDecodingError) {
            let length = (try? header.encode(into: target, pseudoHeader: pseudoHeader)) ?? 0
            let mutable = try TCPSegmentMutableView(UnsafeMutableRawBufferPointer(rebasing: target[0 ..< length]))
            let run = timed(minTime: options.minTime) { _ in mutableViewPass(mutable, repeats: repeats) }
            let check = TCPChecksum.verify(segment: mutable.view.bytes, pseudoHeader: pseudoHeader)
            let nanoseconds = Double(run.nanoseconds) / Double(run.passes * repeats)
            print("swift_codec_set_ack \(nanoseconds) \(run.result) updates_per_second=\(1e9 / nanoseconds) "
                + "checksum_valid=\(check)")
        } catch {
            fail("cannot view the encoded segment: \(error)")
        }
    }
    exit(0)
case "observer":
    let flows = options.flows
    let trace = ObserverTrace(flows: flows)
    trace.bytes.withUnsafeBytes { raw in
        trace.segments.withUnsafeBufferPointer { segments in
            // Each pass starts from a fresh observer (made outside the timed loop); only the segments are timed.
            var observer = TCPFlowObserver()
            var anomalies = 0
            var digest = observerPass(&observer, raw.baseAddress!, segments, anomalies: &anomalies)
            var passes = 0
            var elapsed: UInt64 = 0
            repeat {
                observer = TCPFlowObserver()
                let start = now()
                digest = observerPass(&observer, raw.baseAddress!, segments, anomalies: &anomalies)
                elapsed += now() - start
                passes += 1
            } while Double(elapsed) < options.minTime * 1e9
            let nanoseconds = Double(elapsed) / Double(passes * segments.count)
            let statistics = observer.statistics
            let closed = observer.flows.filter(\.isClosed).count
            print("swift_codec_observer \(nanoseconds) \(digest) segments=\(segments.count) flows=\(flows) "
                + "segments_per_second=\(1e9 / nanoseconds) anomalies=\(anomalies) "
                + "untracked=\(statistics.untrackedSegments) created=\(statistics.flowsCreated) closed=\(closed)")
        }
    }
    exit(0)
default:
    break
}

let data = readFile(options.file)
let records = indexRecords(data, limit: options.limit)
let segmentBytes = records.reduce(0) { $0 + $1.length }

data.withUnsafeBytes { raw in
    records.withUnsafeBufferPointer { index in
        let base = raw.baseAddress!
        switch options.mode {
        case "decode", "decode-validated", "decode-strict", "decode-iterator", "decode-validated-iterator":
            let pass: (UnsafeRawPointer, UnsafeBufferPointer<(offset: Int, length: Int)>, inout Int) -> UInt64
            let name: String
            switch options.mode {
            case "decode": (pass, name) = (onePassDecodePass, "swift_codec")
            case "decode-validated": (pass, name) = (validatedDecodePass, "swift_codec_validated")
            case "decode-iterator": (pass, name) = (onePassIteratorDecodePass, "swift_codec_iterator")
            case "decode-validated-iterator":
                (pass, name) = (validatedIteratorDecodePass, "swift_codec_validated_iterator")
            default: (pass, name) = (strictDecodePass, "swift_codec_strict")
            }
            var rejected = 0
            var digest = pass(base, index, &rejected)
            var passes = 0
            let start = now()
            var elapsed: UInt64 = 0
            repeat {
                var ignored = 0
                digest = pass(base, index, &ignored)
                passes += 1
                elapsed = now() - start
            } while Double(elapsed) < options.minTime * 1e9
            let nsPerSegment = Double(elapsed) / Double(passes * records.count)
            print("\(name) \(nsPerSegment) \(digest) segments=\(records.count) rejected=\(rejected)")
        case "decode-span":
            let corpus = data.span.bytes
            var rejected = 0
            var digest = spanDecodePass(corpus, index, rejected: &rejected)
            var passes = 0
            let start = now()
            var elapsed: UInt64 = 0
            repeat {
                var ignored = 0
                digest = spanDecodePass(corpus, index, rejected: &ignored)
                passes += 1
                elapsed = now() - start
            } while Double(elapsed) < options.minTime * 1e9
            let nsPerSegment = Double(elapsed) / Double(passes * records.count)
            print("swift_codec_span \(nsPerSegment) \(digest) segments=\(records.count) rejected=\(rejected)")
        case "csum":
            var valid = 0
            var digest = checksumPass(base, index, pseudoHeader: pseudoHeader, valid: &valid)
            var passes = 0
            let start = now()
            var elapsed: UInt64 = 0
            repeat {
                digest = checksumPass(base, index, pseudoHeader: pseudoHeader, valid: &valid)
                passes += 1
                elapsed = now() - start
            } while Double(elapsed) < options.minTime * 1e9
            let nsPerSegment = Double(elapsed) / Double(passes * records.count)
            let gbps = Double(segmentBytes) * Double(passes) / Double(elapsed)
            print("swift_codec_csum \(nsPerSegment) \(digest) segments=\(records.count) valid=\(valid) gbps=\(gbps)")
        default:
            fail(
                "unknown mode \(options.mode): use decode, csum, decode-validated, decode-strict, decode-span, "
                    + "decode-iterator, decode-validated-iterator, encode, csum-sizes, incremental, observer, mutator "
                    + "or mutator-decode",
                status: 64)
        }
    }
}
