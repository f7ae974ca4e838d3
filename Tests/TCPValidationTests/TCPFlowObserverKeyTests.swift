import TCPCodec
import XCTest

@testable import TCPValidation

/// The observer's flows found by their endpoints in either role: a client that is the key's second (higher)
/// endpoint, a flow reused by its old server, a flow from an endpoint to itself, and a slot taken over by a flow
/// whose roles are the other way round. (The table keeps no key of its own: the record's client, server and
/// context are the key, and the lookup says which end sent a segment.)
final class TCPFlowObserverKeyTests: XCTestCase {
    /// 192.0.2.9: above the server's 192.0.2.2, so the client is the key's second endpoint.
    private static let highAddress = IPAddress(ipv4: 0xC000_0209)

    /// A wire whose client sorts after its server.
    private func highClientWire(configuration: TCPFlowObserver.Configuration = .init()) -> ObserverWire {
        var wire = ObserverWire(clientISN: 0xFFFF_FF00, serverISN: 7000, configuration: configuration)
        wire.clientAddress = Self.highAddress
        return wire
    }

    private func endpoints(of wire: ObserverWire) -> (client: TCPFlowEndpoint, server: TCPFlowEndpoint) {
        (
            TCPFlowEndpoint(address: wire.clientAddress, port: wire.clientPort),
            TCPFlowEndpoint(address: wire.serverAddress, port: wire.serverPort)
        )
    }

    func testClientThatIsTheKeysSecondEndpoint() {
        var wire = highClientWire()
        let (client, server) = endpoints(of: wire)
        XCTAssertEqual(TCPFlowKey(source: client, destination: server).second, client)
        let opening = wire.handshake()
        XCTAssertEqual(opening.map(\.direction), [.clientToServer, .serverToClient, .clientToServer])
        var directions: [TCPFlowDirection] = []
        for _ in 0..<5 {
            directions.append(wire.client([.psh, .ack], payload: 100).direction)
            directions.append(wire.server([.psh, .ack], payload: 300).direction)
        }
        XCTAssertEqual(directions, Array(repeating: [TCPFlowDirection.clientToServer, .serverToClient], count: 5)
            .flatMap { $0 })
        XCTAssertGreaterThan(wire.observer.predictedSegments, 0, "the fast path took some of them")
        let record = wire.record
        XCTAssertEqual(record?.client, client)
        XCTAssertEqual(record?.server, server)
        XCTAssertEqual(record?.clientToServer.segments, 7)
        XCTAssertEqual(record?.clientToServer.payloadBytes, 500)
        XCTAssertEqual(record?.serverToClient.segments, 6)
        XCTAssertEqual(record?.serverToClient.payloadBytes, 1500)
        XCTAssertEqual(record?.clientState, .established)
        XCTAssertEqual(wire.observer.flow(between: server, and: client)?.id, record?.id)
        XCTAssertEqual(wire.observer.flow(for: TCPFlowKey(source: server, destination: client))?.id, record?.id)
        XCTAssertEqual(wire.observer.count, 1)
    }

    func testMidStreamClientThatIsTheKeysSecondEndpoint() {
        var wire = highClientWire()
        let (client, server) = endpoints(of: wire)
        wire.clientAck = wire.serverNext
        let first = wire.client([.psh, .ack], payload: 100)
        XCTAssertTrue(first.traits.contains(.newFlow))
        XCTAssertTrue(first.anomalies.contains(.midStreamPickup))
        XCTAssertEqual(first.direction, .clientToServer, "the lower port (80) is taken as the server")
        XCTAssertEqual(wire.server([.psh, .ack], payload: 200).direction, .serverToClient)
        XCTAssertEqual(wire.client(.ack).direction, .clientToServer)
        let record = wire.record
        XCTAssertEqual(record?.client, client)
        XCTAssertEqual(record?.server, server)
        XCTAssertEqual(record?.rolesAreGuessed, true)
        XCTAssertEqual(record?.clientToServer.segments, 2)
        XCTAssertEqual(record?.serverToClient.segments, 1)
        XCTAssertEqual(wire.observer.statistics.flowsCreated, 1)
    }

    func testReuseStartedByTheOldServer() {
        var wire = ObserverWire(clientISN: 1000, serverISN: 90_000)
        let (client, server) = endpoints(of: wire)
        wire.handshake()
        wire.client([.rst, .ack])
        let firstID = wire.record?.id
        XCTAssertEqual(wire.record?.isClosed, true)
        // The old server opens a connection to the old client's port: the roles turn round.
        let syn = wire.raw(fromClient: false, .syn, seq: SequenceNumber(500_000), ack: SequenceNumber(0))
        XCTAssertTrue(syn.traits.contains(.newFlow))
        XCTAssertTrue(syn.retiredFlow)
        XCTAssertEqual(wire.observer.lastRetiredFlow?.id, firstID)
        XCTAssertEqual(syn.direction, .clientToServer)
        let synAck = wire.raw(
            fromClient: true, [.syn, .ack], seq: SequenceNumber(3000), ack: SequenceNumber(500_001))
        XCTAssertEqual(synAck.direction, .serverToClient)
        XCTAssertTrue(synAck.anomalies.isEmpty, "\(synAck.anomalies)")
        let ack = wire.raw(fromClient: false, .ack, seq: SequenceNumber(500_001), ack: SequenceNumber(3001))
        XCTAssertEqual(ack.direction, .clientToServer)
        let record = wire.observer.flow(between: client, and: server)
        XCTAssertEqual(record?.client, server)
        XCTAssertEqual(record?.server, client)
        XCTAssertNotEqual(record?.id, firstID)
        XCTAssertEqual(record?.clientState, .established)
        XCTAssertEqual(record?.serverState, .established)
        XCTAssertEqual(wire.observer.statistics.flowsReused, 1)
        XCTAssertEqual(wire.observer.count, 1)
    }

    func testFlowFromAnEndpointToItself() {
        var wire = ObserverWire(clientISN: 4000, serverISN: 4000)
        wire.serverAddress = wire.clientAddress
        wire.serverPort = wire.clientPort
        let endpoint = TCPFlowEndpoint(address: wire.clientAddress, port: wire.clientPort)
        let syn = wire.raw(fromClient: true, .syn, seq: SequenceNumber(4000), ack: SequenceNumber(0))
        XCTAssertTrue(syn.traits.contains(.newFlow))
        XCTAssertEqual(syn.direction, .clientToServer)
        // Every segment of such a flow comes from its client: found again, never a second flow.
        let again = wire.raw(fromClient: false, [.syn, .ack], seq: SequenceNumber(4000), ack: SequenceNumber(4001))
        XCTAssertEqual(again.flowID, syn.flowID)
        XCTAssertEqual(again.direction, .clientToServer)
        XCTAssertEqual(wire.observer.flow(between: endpoint, and: endpoint)?.id, syn.flowID)
        XCTAssertEqual(wire.observer.flow(between: endpoint, and: endpoint)?.clientToServer.segments, 2)
        XCTAssertEqual(wire.observer.statistics.flowsCreated, 1)
        XCTAssertEqual(wire.observer.count, 1)
    }

    func testEvictedSlotTakenByAFlowWithTheRolesTheOtherWay() {
        // One slot: the first flow (client below the server) closes, and a flow whose client is above the server
        // takes its slot.
        var first = ObserverWire(clientISN: 100, serverISN: 200, configuration: .init(capacity: 1))
        first.handshake()
        first.client([.rst, .ack])
        let (oldClient, oldServer) = endpoints(of: first)
        var wire = highClientWire()
        wire.observer = first.observer
        wire.time = first.time
        wire.clientPort = 50000
        let (client, server) = endpoints(of: wire)
        let opening = wire.handshake()
        XCTAssertTrue(opening[0].traits.contains(.evictedAnother))
        XCTAssertEqual(opening.map(\.direction), [.clientToServer, .serverToClient, .clientToServer])
        XCTAssertEqual(opening[1].flowID, opening[0].flowID)
        XCTAssertEqual(wire.client([.psh, .ack], payload: 10).direction, .clientToServer)
        XCTAssertEqual(wire.server([.psh, .ack], payload: 20).direction, .serverToClient)
        XCTAssertNil(wire.observer.flow(between: oldClient, and: oldServer))
        let record = wire.observer.flow(between: server, and: client)
        XCTAssertEqual(record?.id, opening[0].flowID)
        XCTAssertEqual(record?.client, client)
        XCTAssertEqual(record?.clientToServer.segments, 3)
        XCTAssertEqual(record?.serverToClient.segments, 2)
        XCTAssertEqual(wire.observer.statistics.flowsEvicted, 1)
        XCTAssertEqual(wire.observer.count, 1)
    }
}
