// Runs the README's span examples on a known SYN and checks what they give; exits non-zero on any difference.
import TCPCodec

/// A SYN from 10.0.0.1:40000 to 10.0.0.2:443 with MSS 1460, SACK permitted, timestamps and window scale 7, and a
/// two-byte payload.
let synBytes: [UInt8] = [
    0x9C, 0x40, 0x01, 0xBB, 0xFF, 0xFF, 0xFF, 0xF0, 0x00, 0x00, 0x00, 0x00, 0xA0, 0x02, 0xFA, 0xF0,
    0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xB4, 0x04, 0x02, 0x08, 0x0A, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07, 0x68, 0x69,
]

var failures = 0
@MainActor func expect(_ condition: Bool, _ what: String) {
    if !condition {
        print("FAIL: \(what)")
        failures += 1
    }
}

do {
    let result = try summary(of: synBytes)
    expect(result.ports == (40_000, 443), "ports \(result.ports)")
    expect(result.payload == 2, "payload \(result.payload)")
    expect(result.mss == 1460, "mss \(String(describing: result.mss))")
    print("summary: ports \(result.ports.0) > \(result.ports.1), payload \(result.payload), mss \(result.mss ?? 0)")
} catch {
    // `error` is a TCPDecodingError here: the typed throw reached the caller.
    expect(false, "summary threw \(error)")
}

do {
    var short = synBytes
    short[12] = 0xF0  // data offset 15: a 60-byte header in 42 bytes
    _ = try summary(of: short)
    expect(false, "a header longer than its bytes decoded")
} catch {
    expect(error == .headerExceedsBuffer(headerLength: 60, available: 42), "error \(error)")
    print("summary of a cut header: \(error)")
}

let server = IPAddress(ipv4: 0x0A00_0002)
let client = IPAddress(ipv4: 0x0A00_0001)
do {
    let reply = try synAck(answering: synBytes, from: server, to: client)
    let segment = try TCPSegmentSpan(reply)
    let pseudoHeader = try TCPPseudoHeader(source: server, destination: client)
    expect(segment.flags == [.syn, .ack], "flags \(segment.flags)")
    expect(segment.acknowledgmentNumber == SequenceNumber(0xFFFF_FFF1), "ack \(segment.acknowledgmentNumber)")
    expect(segment.verifyChecksum(pseudoHeader: pseudoHeader), "the SYN-ACK's checksum")
    expect(reply.count == 32, "SYN-ACK length \(reply.count)")
    print("syn-ack: \(reply.count) bytes, ack \(segment.acknowledgmentNumber), checksum verified")
} catch {
    expect(false, "synAck threw \(error)")
}

if failures > 0 {
    print("\(failures) check(s) failed")
    exit(1)
}
print("all checks passed")

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
