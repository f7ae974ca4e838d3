import TCPCodec
import TCPValidation

/// A synthetic capture for the flow observer, built in memory before any timing: `flows` connections of 100
/// segments each, interleaved round-robin so that every flow is open at once.
///
/// Each flow is a whole TCP connection between its own client (10.0.0.0/8, a port from 32768) and one of 16 servers
/// (192.168.0.0/28, port 443): SYN and SYN-ACK with MSS, SACK-permitted, timestamps and window scale, the third ACK,
/// 47 exchanges of a 100-byte request and a 400-byte answer, each acknowledging the other's data, with the
/// sequence and acknowledgment numbers, the timestamps and the capture time advancing, and a close (FIN-ACK from
/// each side and the last ACK). Initial sequence numbers are spread over the whole space so that many flows wrap.
struct ObserverTrace {
    /// One segment: where its bytes are in ``bytes``, who sent it and when.
    struct Segment {
        var offset: Int
        var length: Int
        var source: IPAddress
        var destination: IPAddress
        var time: UInt64
    }

    /// Segments per flow: 3 for the handshake, 94 for the exchanges, 3 for the close.
    static let segmentsPerFlow = 100

    /// All the segments' bytes, one after the other.
    private(set) var bytes: [UInt8] = []
    /// The segments in capture order.
    private(set) var segments: [Segment] = []

    /// Builds the trace.
    ///
    /// - Parameter flows: the number of connections.
    init(flows: Int) {
        let exchanges = (Self.segmentsPerFlow - 6) / 2
        var perFlow = [[(header: TCPHeader, payload: Int, fromClient: Bool)]]()
        perFlow.reserveCapacity(flows)
        var random = SplitMix64(state: 7)
        for _ in 0 ..< flows {
            let clientPort = UInt16(32768 + random.next() % 28_000)
            var clientNext = UInt32(truncatingIfNeeded: random.next())
            var serverNext = UInt32(truncatingIfNeeded: random.next())
            var clientClock = UInt32(truncatingIfNeeded: random.next() >> 40)
            var serverClock = UInt32(truncatingIfNeeded: random.next() >> 40)
            var list = [(header: TCPHeader, payload: Int, fromClient: Bool)]()
            func add(_ fromClient: Bool, _ flags: TCPFlags, payload: Int, syn: Bool = false) {
                let (sequence, acknowledgment) = fromClient ? (clientNext, serverNext) : (serverNext, clientNext)
                // Each side echoes the last timestamp value it received (RFC 7323 section 4.3).
                let (value, echo) = fromClient ? (clientClock, serverClock &- 1) : (serverClock, clientClock &- 1)
                let timestamps = TCPOption.timestamps(value: value, echoReply: flags == .syn ? 0 : echo)
                let options: [TCPOption] = syn
                    ? [.maximumSegmentSize(1460), .sackPermitted, timestamps, .noOperation, .windowScale(7)]
                    : [.noOperation, .noOperation, timestamps]
                do throws(TCPEncodingError) {
                    let header = TCPHeader(
                        sourcePort: fromClient ? clientPort : 443, destinationPort: fromClient ? 443 : clientPort,
                        sequenceNumber: SequenceNumber(sequence),
                        acknowledgmentNumber: SequenceNumber(flags.contains(.ack) ? acknowledgment : 0),
                        flags: flags, window: syn ? 64_240 : 502, options: try TCPOptionList(options))
                    list.append((header, payload, fromClient))
                } catch {
                    fail("cannot build a trace header: \(error)")
                }
                let length = UInt32(payload) + (flags.contains(.syn) ? 1 : 0) + (flags.contains(.fin) ? 1 : 0)
                if fromClient { clientNext &+= length } else { serverNext &+= length }
                if fromClient { clientClock &+= 1 } else { serverClock &+= 1 }
            }
            add(true, .syn, payload: 0, syn: true)
            add(false, [.syn, .ack], payload: 0, syn: true)
            add(true, .ack, payload: 0)
            for _ in 0 ..< exchanges {
                add(true, [.psh, .ack], payload: 100)
                add(false, [.psh, .ack], payload: 400)
            }
            add(true, [.fin, .ack], payload: 0)
            add(false, [.fin, .ack], payload: 0)
            add(true, .ack, payload: 0)
            perFlow.append(list)
        }
        var scratch = [UInt8](repeating: 0, count: 60 + 400)
        let zeros = [UInt8](repeating: 0, count: 400)
        segments.reserveCapacity(flows * Self.segmentsPerFlow)
        bytes.reserveCapacity(flows * (exchanges * (32 * 2 + 500) + 6 * 40))
        var time: UInt64 = 1_700_000_000_000_000_000
        for step in 0 ..< Self.segmentsPerFlow {
            for flow in 0 ..< flows {
                let (header, payload, fromClient) = perFlow[flow][step]
                let client = IPAddress(ipv4: 0x0A00_0000 | UInt32(flow + 1))
                let server = IPAddress(ipv4: 0xC0A8_0000 | UInt32(flow % 16 + 1))
                let written = scratch.withUnsafeMutableBytes { target in
                    zeros.withUnsafeBytes { data in
                        do throws(TCPEncodingError) {
                            return try header.encode(
                                into: target, payload: UnsafeRawBufferPointer(rebasing: data[0 ..< payload]))
                        } catch {
                            fail("cannot encode a trace segment: \(error)")
                        }
                    }
                }
                segments.append(Segment(
                    offset: bytes.count, length: written, source: fromClient ? client : server,
                    destination: fromClient ? server : client, time: time))
                bytes.append(contentsOf: scratch[0 ..< written])
                time += 1_000
            }
        }
    }
}
