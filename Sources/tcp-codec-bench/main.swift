// tcp-codec-bench: the project's harness for the peer benchmark (decode and checksum over segments.bin).
//
// Contract: `tcp-codec-bench decode|csum [--file PATH] [--limit N] [--min-time SECONDS]`; the last line printed is
// `name ns_per_segment digest key=value...`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TCPCodec

/// Prints to standard error and exits with `status`.
func fail(_ message: String, status: Int32 = 2) -> Never {
    let line = "tcp-codec-bench: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(status)
}

/// Monotonic time in nanoseconds.
func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
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
}

func parseArguments() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    guard let mode = arguments.popFirst() else { fail("usage: tcp-codec-bench decode|csum [--file F] [--limit N] [--min-time S]") }
    options.mode = mode
    while let argument = arguments.popFirst() {
        guard let value = arguments.popFirst() else { fail("\(argument) needs a value") }
        switch argument {
        case "--file": options.file = value
        case "--limit":
            guard let limit = Int(value), limit > 0 else { fail("bad --limit \(value)") }
            options.limit = limit
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

/// One decode pass: every field and typed option value through TCPSegmentView, summed as the harness digest.
@inline(never)
func decodePass(_ base: UnsafeRawPointer, _ records: UnsafeBufferPointer<(offset: Int, length: Int)>,
                rejected: inout Int) -> UInt64 {
    var digest: UInt64 = 0
    for record in records {
        let bytes = UnsafeRawBufferPointer(start: base + record.offset, count: record.length)
        guard let view = try? TCPSegmentView(bytes, optionChecking: .framing) else {
            rejected += 1
            continue
        }
        digest &+= UInt64(view.sourcePort) &+ UInt64(view.destinationPort)
        digest &+= UInt64(view.sequenceNumber.rawValue) &+ UInt64(view.acknowledgmentNumber.rawValue)
        digest &+= UInt64(view.headerLength) &+ UInt64(view.flags.rawValue) &+ UInt64(view.window)
        digest &+= UInt64(view.urgentPointer) &+ UInt64(view.payload.count)
        for option in view.options {
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
    }
    return digest
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

let options = parseArguments()
let data = readFile(options.file)
let records = indexRecords(data, limit: options.limit)
let segmentBytes = records.reduce(0) { $0 + $1.length }
let pseudoHeader = TCPPseudoHeader(ipv4Source: 0x0A00_0001, destination: 0x0A00_0002)

data.withUnsafeBytes { raw in
    records.withUnsafeBufferPointer { index in
        let base = raw.baseAddress!
        switch options.mode {
        case "decode":
            var rejected = 0
            var digest = decodePass(base, index, rejected: &rejected)
            var passes = 0
            let start = now()
            var elapsed: UInt64 = 0
            repeat {
                var ignored = 0
                digest = decodePass(base, index, rejected: &ignored)
                passes += 1
                elapsed = now() - start
            } while Double(elapsed) < options.minTime * 1e9
            let nsPerSegment = Double(elapsed) / Double(passes * records.count)
            print("swift_codec \(nsPerSegment) \(digest) segments=\(records.count) rejected=\(rejected)")
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
            fail("unknown mode \(options.mode): use decode or csum", status: 64)
        }
    }
}
