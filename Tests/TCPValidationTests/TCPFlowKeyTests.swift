import TCPCodec
import XCTest

@testable import TCPValidation

/// ``TCPFlowKey``: the canonical order of its ends, which end a segment comes from, equality with the context, and
/// the keyed hash.
final class TCPFlowKeyTests: XCTestCase {
    private let client = TCPFlowEndpoint(address: IPAddress(ipv4: 0xC000_0201), port: 47001)  // 192.0.2.1:47001
    private let server = TCPFlowEndpoint(address: IPAddress(ipv4: 0xC000_0202), port: 80)  // 192.0.2.2:80

    func testLowerEndpointComesFirstWhicheverSends() {
        let forward = TCPFlowKey(source: client, destination: server)
        let backward = TCPFlowKey(source: server, destination: client)
        // By address first: 192.0.2.1 is below 192.0.2.2 although its port is higher.
        XCTAssertEqual(forward.first, client)
        XCTAssertEqual(forward.second, server)
        XCTAssertEqual(backward.first, client)
        XCTAssertEqual(backward.second, server)
        XCTAssertEqual(forward, backward)
    }

    func testSameAddressOrdersByPort() {
        let address = IPAddress(ipv4: 0x0A00_0001)
        let high = TCPFlowEndpoint(address: address, port: 443)
        let low = TCPFlowEndpoint(address: address, port: 22)
        let key = TCPFlowKey(source: high, destination: low)
        XCTAssertEqual(key.first, low)
        XCTAssertEqual(key.second, high)
    }

    func testIPv4OrdersBeforeIPv6() {
        let ipv6 = TCPFlowEndpoint(address: IPAddress(ipv6High: 0, low: 1), port: 1)  // ::1
        let ipv4 = TCPFlowEndpoint(address: IPAddress(ipv4: 0xFFFF_FFFF), port: 65535)
        let key = TCPFlowKey(source: ipv6, destination: ipv4)
        XCTAssertEqual(key.first, ipv4)
        XCTAssertEqual(key.second, ipv6)
    }

    func testIsFirstTellsTheDirection() {
        let key = TCPFlowKey(source: server, destination: client)
        XCTAssertTrue(key.isFirst(client))
        XCTAssertFalse(key.isFirst(server))
        // A connection from an endpoint to itself: both directions are first.
        let loop = TCPFlowKey(source: client, destination: client)
        XCTAssertTrue(loop.isFirst(client))
        XCTAssertEqual(loop.first, loop.second)
    }

    func testContextTakesPartInEquality() {
        let plain = TCPFlowKey(source: client, destination: server)
        let vlan = TCPFlowKey(source: client, destination: server, context: TCPFlowContext(rawValue: 100))
        let tunnel = TCPFlowKey(source: client, destination: server, context: TCPFlowContext(tunnel: 7))
        let both = TCPFlowKey(source: server, destination: client, context: TCPFlowContext(rawValue: 100, tunnel: 7))
        XCTAssertNotEqual(plain, vlan)
        XCTAssertNotEqual(plain, tunnel)
        XCTAssertNotEqual(vlan, tunnel)
        XCTAssertNotEqual(vlan, both)
        XCTAssertEqual(both, TCPFlowKey(source: client, destination: server, context: .init(rawValue: 100, tunnel: 7)))
        XCTAssertEqual(plain, TCPFlowKey(source: client, destination: server, context: .none))
    }

    func testContextInitializers() {
        XCTAssertEqual(TCPFlowContext(rawValue: 5).tunnel, 0)
        XCTAssertEqual(TCPFlowContext(tunnel: 9).rawValue, 0)
        XCTAssertEqual(TCPFlowContext.none, TCPFlowContext(rawValue: 0, tunnel: 0))
        XCTAssertNotEqual(TCPFlowContext(rawValue: 1), TCPFlowContext(tunnel: 1))
    }

    func testHashIsTheSameForBothDirections() {
        for seed in [TCPFlowKey.Seed(0), TCPFlowKey.Seed(1), .randomPerProcess] {
            for context in [TCPFlowContext.none, TCPFlowContext(rawValue: 3), TCPFlowContext(rawValue: 3, tunnel: 4)] {
                XCTAssertEqual(
                    TCPFlowKey(source: client, destination: server, context: context).hash(seed: seed),
                    TCPFlowKey(source: server, destination: client, context: context).hash(seed: seed))
            }
        }
    }

    func testHashBetweenEndpointsIsTheKeysHashEitherWayRound() {
        let ipv6 = TCPFlowEndpoint(address: IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1), port: 443)
        let pairs = [(client, server), (server, client), (client, ipv6), (ipv6, ipv6), (client, client)]
        for seed in [TCPFlowKey.Seed(0), TCPFlowKey.Seed(5), .randomPerProcess] {
            for context in [TCPFlowContext.none, TCPFlowContext(rawValue: 3), TCPFlowContext(rawValue: 3, tunnel: 4)] {
                for (one, other) in pairs {
                    let expected = TCPFlowKey(source: one, destination: other, context: context).hash(seed: seed)
                    XCTAssertEqual(TCPFlowKey.hash(between: one, and: other, context: context, seed: seed), expected)
                    XCTAssertEqual(TCPFlowKey.hash(between: other, and: one, context: context, seed: seed), expected)
                }
            }
        }
    }

    func testPortCannotCancelAnIPv6AddressHalf() {
        // Were an IPv6 endpoint's second address half XORed with its port into one input of a product, (low, port)
        // and (low ^ (port ^ port') << 8, port') would collide under every seed; each has an input of its own.
        let peer = TCPFlowEndpoint(address: IPAddress(ipv6High: 0x2001_0DB8_0000_0002, low: 1), port: 443)
        for seed in [TCPFlowKey.Seed(1), TCPFlowKey.Seed(2), .randomPerProcess] {
            for (port, otherPort): (UInt16, UInt16) in [(5000, 6000), (1, 2), (0, 0xFFFF)] {
                let low: UInt64 = 0x1234
                let plain = TCPFlowEndpoint(address: IPAddress(ipv6High: 0x2001_0DB8_0000_0001, low: low), port: port)
                let shifted = TCPFlowEndpoint(
                    address: IPAddress(
                        ipv6High: 0x2001_0DB8_0000_0001, low: low ^ UInt64(port ^ otherPort) << 8),
                    port: otherPort)
                XCTAssertNotEqual(
                    TCPFlowKey(source: plain, destination: peer).hash(seed: seed),
                    TCPFlowKey(source: shifted, destination: peer).hash(seed: seed))
            }
        }
    }

    func testMatchesIsEquality() {
        let ipv4 = IPAddress(ipv4: 0xC000_0201)
        // The same two words as the IPv4 address, but IPv6: a different endpoint.
        let lookalike = IPAddress(ipv6High: ipv4.high, low: ipv4.low)
        let endpoints = [
            client, server, TCPFlowEndpoint(address: ipv4, port: 47002),
            TCPFlowEndpoint(address: lookalike, port: 47001),
            TCPFlowEndpoint(address: IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1), port: 47001),
            TCPFlowEndpoint(address: IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 2), port: 47001),
        ]
        for one in endpoints {
            for other in endpoints {
                XCTAssertEqual(one.matches(other), one == other, "\(one) and \(other)")
            }
        }
    }

    func testHashDependsOnEveryPartOfTheKey() {
        let seed = TCPFlowKey.Seed(1)
        let base = TCPFlowKey(source: client, destination: server).hash(seed: seed)
        let otherPort = TCPFlowEndpoint(address: client.address, port: client.port + 1)
        XCTAssertNotEqual(base, TCPFlowKey(source: otherPort, destination: server).hash(seed: seed))
        let otherAddress = TCPFlowEndpoint(address: IPAddress(ipv4: 0xC000_0203), port: 80)
        XCTAssertNotEqual(base, TCPFlowKey(source: client, destination: otherAddress).hash(seed: seed))
        XCTAssertNotEqual(
            base, TCPFlowKey(source: client, destination: server, context: .init(rawValue: 1)).hash(seed: seed))
        XCTAssertNotEqual(
            base, TCPFlowKey(source: client, destination: server, context: .init(tunnel: 1)).hash(seed: seed))
    }

    func testDifferentSeedsGiveDifferentHashes() {
        let key = TCPFlowKey(source: client, destination: server)
        XCTAssertNotEqual(TCPFlowKey.Seed(1), TCPFlowKey.Seed(2))
        XCTAssertNotEqual(key.hash(seed: TCPFlowKey.Seed(1)), key.hash(seed: TCPFlowKey.Seed(2)))
        XCTAssertNotEqual(key.hash(seed: TCPFlowKey.Seed(0)), key.hash(seed: TCPFlowKey.Seed(1)))
    }

    func testFixedSeedGivesTheSameHashInEveryRun() {
        XCTAssertEqual(TCPFlowKey.Seed(42), TCPFlowKey.Seed(42))
        XCTAssertEqual(TCPFlowKey.Seed.randomPerProcess, TCPFlowKey.Seed.randomPerProcess)
        // Pinned (and computed independently, outside Swift, from the steps of `hash(between:and:context:seed:)`
        // and `endpointWord`): a change of this value changes every hash a tool has recorded with a fixed seed.
        let key = TCPFlowKey(source: client, destination: server, context: TCPFlowContext(rawValue: 10, tunnel: 20))
        XCTAssertEqual(key.hash(seed: TCPFlowKey.Seed(42)), 44_751_120_246_187_192)
    }

    func testContextCannotCancelAnAddress() {
        // A VLAN value XORed into an address word would let (address a, VLAN v) and (address a ^ v, no VLAN) collide
        // under every seed; the context has a product of its own.
        let peer = TCPFlowEndpoint(address: IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 0xFFFF), port: 80)
        for seed in [TCPFlowKey.Seed(1), TCPFlowKey.Seed(2), .randomPerProcess] {
            for vlan: UInt64 in [1, 0x64, 0xFFF] {
                let plain = TCPFlowEndpoint(address: IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1), port: 5000)
                let shifted = TCPFlowEndpoint(
                    address: IPAddress(ipv6High: 0x2001_0DB8_0000_0000 ^ vlan, low: 1), port: 5000)
                let tagged = TCPFlowKey(source: plain, destination: peer, context: TCPFlowContext(rawValue: vlan))
                let untagged = TCPFlowKey(source: shifted, destination: peer)
                XCTAssertNotEqual(tagged.hash(seed: seed), untagged.hash(seed: seed))
                let tunnelled = TCPFlowKey(
                    source: plain, destination: peer, context: TCPFlowContext(rawValue: 0, tunnel: vlan))
                XCTAssertNotEqual(tunnelled.hash(seed: seed), tagged.hash(seed: seed), "the two context words differ")
            }
        }
    }

    func testContextSweepsSpreadOverTheLowBits() {
        // One connection under 4,096 VLAN stacks (outer tag 100, inner tags 0 ... 4095), or 4,096 tunnels: the
        // table's positions must fill as for any 4,096 keys. Had the context's product been XORed into the pair's
        // word with no product after it, this seed put the stacks on 834 positions (probes of 18.6 on average).
        let seed = TCPFlowKey.Seed(3)
        let one = TCPFlowEndpoint(address: IPAddress(ipv4: 0xC000_0201), port: 1)
        let other = TCPFlowEndpoint(address: IPAddress(ipv4: 0xC000_0202), port: 80)
        var stacks = Set<UInt64>()
        var tunnels = Set<UInt64>()
        for index: UInt64 in 0..<4096 {
            let stack = TCPFlowContext(rawValue: 2 << 56 | index << 12 | 100)
            stacks.insert(TCPFlowKey.hash(between: one, and: other, context: stack, seed: seed) & 8191)
            let tunnel = TCPFlowContext(rawValue: 0, tunnel: index + 1)
            tunnels.insert(TCPFlowKey.hash(between: one, and: other, context: tunnel, seed: seed) & 8191)
        }
        // A random function would leave about 8192 * (1 - e^(-1/2)) = 3,223 distinct positions.
        XCTAssertGreaterThan(stacks.count, 3000)
        XCTAssertGreaterThan(tunnels.count, 3000)
    }

    func testHashSpreadsOverTheLowBits() {
        // The table reduces the hash with a mask: 4,096 flows of one client to one server's ports should fill most
        // of 8,192 positions' worth of low bits, not a few.
        let seed = TCPFlowKey.Seed(3)
        var positions = Set<UInt64>()
        for port in 0..<4096 {
            let destination = TCPFlowEndpoint(address: server.address, port: UInt16(port))
            positions.insert(TCPFlowKey(source: client, destination: destination).hash(seed: seed) & 8191)
        }
        // A random function would leave about 4096 * e^(-1/2) = 3,184 distinct positions.
        XCTAssertGreaterThan(positions.count, 3000)
    }

    func testDescription() {
        XCTAssertEqual(TCPFlowKey(source: server, destination: client).description, "192.0.2.1:47001 <-> 192.0.2.2:80")
        XCTAssertEqual(
            TCPFlowKey(source: client, destination: server, context: .init(rawValue: 0x64, tunnel: 3)).description,
            "192.0.2.1:47001 <-> 192.0.2.2:80 (vlan 0x64, tunnel 3)")
    }
}
