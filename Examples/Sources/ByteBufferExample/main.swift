// Runs the README's ByteBuffer example and checks what it gives; exits non-zero on any difference.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import TCPCodec

var buffer = ByteBufferAllocator().buffer(capacity: 64)
let header = TCPHeader(
    sourcePort: 443, destinationPort: 40_000, sequenceNumber: SequenceNumber(7), flags: [.ack, .psh], window: 512,
    options: [.noOperation, .noOperation, .timestamps(value: 5, echoReply: 6)])
let encoded = try header.encoded()
buffer.writeBytes(encoded)
buffer.writeString("payload")

var failures = 0
do {
    let read = try readHeader(from: &buffer)
    if read != header { print("FAIL: read \(read), wrote \(header)"); failures += 1 }
    if buffer.readableBytes != 7 { print("FAIL: \(buffer.readableBytes) bytes left"); failures += 1 }
    print("read a \(read.headerLength)-byte header from port \(read.sourcePort); \(buffer.readableBytes) bytes left")
} catch {
    print("FAIL: \(error)")
    failures += 1
}
var cut = ByteBufferAllocator().buffer(capacity: 8)
cut.writeBytes(encoded.prefix(12))
do {
    _ = try readHeader(from: &cut)
    print("FAIL: 12 bytes decoded")
    failures += 1
} catch {
    if error != .truncatedHeader(needed: 20, available: 12) { print("FAIL: \(error)"); failures += 1 }
    if cut.readerIndex != 0 { print("FAIL: the reader index moved on error"); failures += 1 }
    print("a 12-byte buffer: \(error)")
}
if failures > 0 { exit(1) }
print("all checks passed")
