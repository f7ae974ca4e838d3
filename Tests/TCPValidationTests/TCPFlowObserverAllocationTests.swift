import MallocCounter
import TCPCodec
import XCTest

@testable import TCPValidation

/// Checks that judging a segment of a known flow allocates nothing, with the package's `MallocCounter` (Linux with
/// glibc; skipped elsewhere).
final class TCPFlowObserverAllocationTests: XCTestCase {
    func testKnownFlowSegmentsDoNotAllocate() throws {
        try XCTSkipUnless(malloc_counter_is_available(), "allocations are counted on Linux with glibc only")
        // Segments prepared up front: a handshake, then data and ACKs both ways with timestamps and SACK.
        var segments = [[UInt8]]()
        func add(
            _ flags: TCPFlags, _ seq: UInt32, _ ack: UInt32, fromClient: Bool, payload: Int, options: [TCPOption]
        ) {
            let header = try! TCPHeader(
                sourcePort: fromClient ? 40000 : 80, destinationPort: fromClient ? 80 : 40000,
                sequenceNumber: SequenceNumber(seq), acknowledgmentNumber: SequenceNumber(ack), flags: flags,
                window: 65535, options: TCPOptionList(options))
            segments.append(try! SegmentBuilder.bytes(header, payload: [UInt8](repeating: 1, count: payload)))
        }
        let c: UInt32 = 0xFFFF_0000
        let s: UInt32 = 0x1000
        add(.syn, c, 0, fromClient: true, payload: 0, options: [.windowScale(7), .sackPermitted,
                                                                  .timestamps(value: 1, echoReply: 0)])
        add([.syn, .ack], s, c &+ 1, fromClient: false, payload: 0, options: [.windowScale(7), .sackPermitted,
                                                                               .timestamps(value: 1, echoReply: 1)])
        add(.ack, c &+ 1, s &+ 1, fromClient: true, payload: 0, options: [.timestamps(value: 2, echoReply: 1)])
        var clientNext = c &+ 1
        var serverNext = s &+ 1
        for round in 0..<500 {
            let ts = UInt32(round + 3)
            add([.ack, .psh], clientNext, serverNext, fromClient: true, payload: 100,
                options: [.timestamps(value: ts, echoReply: ts)])
            clientNext &+= 100
            let blocks = try TCPSACKBlocks([TCPSACKBlock(left: SequenceNumber(clientNext),
                                                         right: SequenceNumber(clientNext))])
            add(.ack, serverNext, clientNext, fromClient: false, payload: 0,
                options: [.timestamps(value: ts, echoReply: ts), .sack(blocks)])
            add([.ack, .psh], serverNext, clientNext, fromClient: false, payload: 1000,
                options: [.timestamps(value: ts, echoReply: ts)])
            serverNext &+= 1000
        }
        var observer = TCPFlowObserver(configuration: .init(capacity: 64))
        let client = IPAddress(ipv4: 0x0A00_0001)
        let server = IPAddress(ipv4: 0x0A00_0002)
        func feed(_ index: Int) -> TCPObservation {
            let fromClient = segments[index].withUnsafeBytes { $0[0] == 0x9C }  // source port 40000 = 0x9C40
            return segments[index].withUnsafeBytes { raw in
                observer.observe(try! TCPSegmentView(raw), from: fromClient ? client : server,
                                 to: fromClient ? server : client, at: UInt64(index) * 1000)
            }
        }
        for index in 0..<3 { XCTAssertTrue(feed(index).anomalies.isEmpty) }
        var anomalies = 0
        // Warm up on the first rounds (type metadata is allocated the first time a type is used), then count.
        for index in 3..<9 where !feed(index).anomalies.isEmpty { anomalies += 1 }
        malloc_counter_start()
        for index in 9..<segments.count where !feed(index).anomalies.isEmpty { anomalies += 1 }
        let allocations = malloc_counter_stop()
        XCTAssertEqual(anomalies, 0)
        XCTAssertEqual(allocations, 0, "\(allocations) allocations for \(segments.count - 9) segments")
    }
}
