import TCPCodec
import XCTest

@testable import TCPValidation

/// The examples of the TCPValidation section of README.md, kept compiling and true.
final class ReadmeExampleTests: XCTestCase {
    func testJudgingOneSegment() throws {
        let header = try SegmentBuilder.header([.syn, .ae, .cwr, .ece], options: [.maximumSegmentSize(1460)])
        let bytes = try SegmentBuilder.bytes(header, payload: [1, 2, 3])
        let verdict = try bytes.withUnsafeBytes { raw in
            TCPSegmentRules.judge(try TCPSegmentView(lenient: raw), profile: .conntrack)
        }
        XCTAssertFalse(verdict.anomalies.contains(.invalidFlags))
        XCTAssertEqual(verdict.anomalies.description, "syn-with-data")
        XCTAssertEqual(verdict.ecn.description, "accecn-syn")
        XCTAssertEqual(verdict.anomalies.map { $0.name.description }, ["syn-with-data"])
    }

    func testFollowingOneEndpoint() {
        var client = TCPEndpoint()
        let open = client.handle(.activeOpen(initialSequenceNumber: SequenceNumber(0xFFFF_FFF0)))
        XCTAssertEqual(open.state, .synSent)
        XCTAssertEqual(open.response, .syn)
        let result = client.receive(TCPSegmentSummary(
            sequenceNumber: SequenceNumber(7), acknowledgmentNumber: SequenceNumber(0xFFFF_FFF1), flags: [.syn, .ack],
            window: 65535))
        XCTAssertEqual(result.state, .established)
        XCTAssertEqual(result.response, .ack)
        XCTAssertTrue(result.anomalies.isEmpty)
    }

    func testFilteringByName() {
        let wanted = TCPAnomalySet(["out-of-window", "paws-failure", "no-such-name"].compactMap(TCPAnomaly.init(name:)))
        XCTAssertEqual(wanted, [.outOfWindow, .pawsFailure])
        let seen: TCPAnomalySet = [.outOfWindow, .synWithData]
        XCTAssertEqual(seen.intersection(wanted), [.outOfWindow])
        XCTAssertEqual(seen.subtracting(wanted), [.synWithData])
    }

    func testObservingAndEnumerating() throws {
        let segments = try RecordedTraffic.read("linux-session-ipv6.pcap")
        var observer = TCPFlowObserver(configuration: .init(capacity: 16384, flagProfile: .conntrack))
        var flagged = 0
        for packet in segments {
            let observation = try packet.bytes.withUnsafeBytes { raw in
                observer.observe(try TCPSegmentView(lenient: raw), from: packet.source, to: packet.destination,
                                 at: packet.time)
            }
            if !observation.anomalies.isEmpty { flagged += 1 }
            XCTAssertFalse(observation.retiredFlow)
            XCTAssertNil(observer.lastRetiredFlow)
        }
        XCTAssertEqual(flagged, 0)
        let flows = observer.sortedFlows
        XCTAssertEqual(flows.map(\.id), [1, 2, 3])
        XCTAssertEqual(flows[0].client.description, "[2001:db8::1]:\(flows[0].client.port)")
        XCTAssertEqual(flows[0].server.port, 47101)
        XCTAssertEqual(flows.map(\.clientState), [.timeWait, .closed, .closed])
        XCTAssertEqual(flows.map { $0.milestones.established != nil }, [true, true, false])
        XCTAssertEqual(flows.map { $0.milestones.reset != nil }, [false, true, true])
        XCTAssertEqual(observer.statistics.segments, 26)
        XCTAssertEqual(observer.statistics.flowsCreated, 3)
    }

    func testManySegmentsStayBounded() {
        // 200 flows through a 64-flow table, each with a handshake, data both ways and a close.
        var wire = ObserverWire(clientISN: 0xFFFF_0000, serverISN: 0xFFFF_FF00, configuration: .init(capacity: 64))
        var anomalies = 0
        for flow in 0..<200 {
            wire.clientPort = UInt16(10000 + flow)
            wire.clientNext = SequenceNumber(0xFFFF_FF00 &+ UInt32(flow) &* 7919)
            var observations = wire.handshake()
            for _ in 0..<10 {
                observations.append(wire.client([.ack, .psh], payload: 100))
                observations.append(wire.server([.ack, .psh], payload: 1000))
            }
            observations += [wire.client([.fin, .ack]), wire.server([.fin, .ack]), wire.client(.ack)]
            anomalies += observations.filter { !$0.anomalies.isEmpty }.count
            XCTAssertLessThanOrEqual(wire.observer.count, 64)
        }
        XCTAssertEqual(anomalies, 0)
        XCTAssertEqual(wire.observer.statistics.flowsCreated, 200)
        XCTAssertEqual(wire.observer.statistics.flowsEvicted, 136, "closed flows make room")
        XCTAssertEqual(wire.observer.statistics.flowsRefused, 0)
    }
}
