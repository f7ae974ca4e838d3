import TCPCodec
import XCTest

@testable import TCPValidation

/// ``TCPFlowTable``: finding flows either way round, backward-shift removal, the free list, a full table, the choice
/// of a flow to evict, copy-on-write and the context as part of the key. A fixed seed, so that the collisions the
/// tests arrange are the same in every run.
final class TCPFlowTableTests: XCTestCase {
    private typealias Flow = TCPFlowObserver.FlowState
    private static let seed = TCPFlowKey.Seed(11)
    private static let server = TCPFlowEndpoint(address: IPAddress(ipv4: 0x0A00_0002), port: 80)  // 10.0.0.2:80

    private func makeTable(capacity: Int) -> TCPFlowTable {
        let placeholder = TCPFlowEndpoint(address: IPAddress(ipv4: 0), port: 0)
        return TCPFlowTable(capacity: capacity, seed: Self.seed, placeholder: Flow(placeholder: placeholder))
    }

    /// The key of a connection from 10.0.0.1:`port` to 10.0.0.2:80.
    private func key(_ port: UInt16, context: TCPFlowContext = .none) -> TCPFlowKey {
        let client = TCPFlowEndpoint(address: IPAddress(ipv4: 0x0A00_0001), port: port)
        return TCPFlowKey(source: client, destination: Self.server, context: context)
    }

    /// The index position where a key's probe starts in `table`.
    private func home(_ key: TCPFlowKey, in table: TCPFlowTable) -> Int {
        table.home(of: key.hash(seed: table.seed))
    }

    /// `count` keys whose probes all start at `position`, none of them in `excluded`.
    private func keys(
        homedAt position: Int, count: Int, in table: TCPFlowTable, excluding excluded: [TCPFlowKey] = []
    ) -> [TCPFlowKey] {
        var found = [TCPFlowKey]()
        for port in 1...UInt16.max where found.count < count {
            let candidate = key(port)
            if home(candidate, in: table) == position && !excluded.contains(candidate) { found.append(candidate) }
        }
        precondition(found.count == count, "not enough keys homed at \(position)")
        return found
    }

    /// Inserts a flow and tags it with `id`.
    @discardableResult
    private func insert(_ key: TCPFlowKey, id: UInt64, into table: inout TCPFlowTable) -> TCPFlowTable.SlotNumber {
        let slot = table.insert(key)
        table[slot].record.id = id
        return slot
    }

    /// The ID of the flow found for a key, or `nil`.
    private func id(of key: TCPFlowKey, in table: TCPFlowTable) -> UInt64? {
        table.find(key).map { table[$0].record.id }
    }

    // MARK: Finding

    func testTheKeyIsTheRecordsEndpointsInEitherRole() {
        var table = makeTable(capacity: 4)
        let forward = key(40000, context: TCPFlowContext(rawValue: 7))
        let slot = insert(forward, id: 1, into: &table)
        XCTAssertEqual(table[slot].record.client, forward.first)
        XCTAssertEqual(table[slot].record.server, forward.second)
        XCTAssertEqual(table[slot].record.context, forward.context)
        // The observer sets the roles: swapped, the flow is still found, and the lookup tells the client.
        table[slot].record.client = forward.second
        table[slot].record.server = forward.first
        let hash = table.hash(of: forward)
        XCTAssertEqual(table.find(forward), slot)
        XCTAssertEqual(
            table.find(between: forward.second, and: forward.first, context: forward.context, hash: hash)?.oneIsClient,
            true)
        XCTAssertEqual(
            table.find(between: forward.first, and: forward.second, context: forward.context, hash: hash)?.oneIsClient,
            false)
        // A flow from an endpoint to itself: either end is the client.
        let loop = TCPFlowKey(source: forward.first, destination: forward.first)
        let loopSlot = insert(loop, id: 2, into: &table)
        let loopFound = table.find(between: loop.first, and: loop.first, context: .none, hash: table.hash(of: loop))
        XCTAssertEqual(loopFound?.slot, loopSlot)
        XCTAssertEqual(loopFound?.oneIsClient, true)
        // Same endpoints, one of them twice: not the flow.
        XCTAssertNil(
            table.find(
                between: forward.second, and: forward.second, context: forward.context,
                hash: table.hash(between: forward.second, and: forward.second, context: forward.context)))
    }

    func testInsertAndFindInBothDirections() {
        var table = makeTable(capacity: 16)
        let forward = key(40000)
        XCTAssertNil(table.find(forward))
        let slot = insert(forward, id: 7, into: &table)
        let backward = TCPFlowKey(source: forward.second, destination: forward.first)
        XCTAssertEqual(table.find(forward), slot)
        XCTAssertEqual(table.find(backward), slot)
        XCTAssertEqual(id(of: backward, in: table), 7)
        XCTAssertEqual(table.key(of: slot), forward)
        // The lookup by endpoints says which one is the client: the key's first end, until the roles are set.
        let hash = table.hash(between: forward.second, and: forward.first, context: .none)
        XCTAssertEqual(hash, table.hash(of: forward))
        XCTAssertEqual(table.find(between: forward.first, and: forward.second, context: .none, hash: hash)?.slot, slot)
        XCTAssertEqual(
            table.find(between: forward.first, and: forward.second, context: .none, hash: hash)?.oneIsClient, true)
        XCTAssertEqual(
            table.find(between: forward.second, and: forward.first, context: .none, hash: hash)?.oneIsClient, false)
        XCTAssertNil(table.find(between: forward.first, and: forward.second, context: .init(tunnel: 1), hash: hash))
        XCTAssertEqual(table.count, 1)
        XCTAssertFalse(table.isFull)
        XCTAssertNil(table.find(key(40001)))
    }

    func testContextAndTunnelSeparateFlows() {
        var table = makeTable(capacity: 8)
        let contexts = [
            TCPFlowContext.none, TCPFlowContext(rawValue: 5), TCPFlowContext(tunnel: 5),
            TCPFlowContext(rawValue: 5, tunnel: 5),
        ]
        for (index, context) in contexts.enumerated() {
            insert(key(40000, context: context), id: UInt64(index + 1), into: &table)
        }
        XCTAssertEqual(table.count, 4)
        for (index, context) in contexts.enumerated() {
            XCTAssertEqual(id(of: key(40000, context: context), in: table), UInt64(index + 1), "\(context)")
        }
        XCTAssertNil(table.find(key(40000, context: TCPFlowContext(tunnel: 6))))
    }

    // MARK: Removing

    func testRemovalShiftsLaterEntriesOfTheRunBack() {
        var table = makeTable(capacity: 8)  // 16 index positions
        let position = 3
        let colliding = keys(homedAt: position, count: 4, in: table)
        // A key homed just after them: displaced past the run, it must not be shifted before its home.
        let neighbour = keys(homedAt: position + 1, count: 1, in: table)[0]
        for (index, key) in colliding.enumerated() { insert(key, id: UInt64(index + 1), into: &table) }
        insert(neighbour, id: 10, into: &table)

        table.remove(table.find(colliding[0])!)
        XCTAssertNil(table.find(colliding[0]))
        for (index, key) in colliding.enumerated().dropFirst() {
            XCTAssertEqual(id(of: key, in: table), UInt64(index + 1))
        }
        XCTAssertEqual(id(of: neighbour, in: table), 10)

        table.remove(table.find(colliding[2])!)
        XCTAssertNil(table.find(colliding[2]))
        XCTAssertEqual(id(of: colliding[1], in: table), 2)
        XCTAssertEqual(id(of: colliding[3], in: table), 4)
        XCTAssertEqual(id(of: neighbour, in: table), 10)
        XCTAssertEqual(table.count, 3)

        // Everything out, then back in: no tombstone is left behind.
        for key in [colliding[1], colliding[3], neighbour] { table.remove(table.find(key)!) }
        XCTAssertEqual(table.count, 0)
        for key in colliding + [neighbour] { XCTAssertNil(table.find(key)) }
        for (index, key) in colliding.enumerated() { insert(key, id: UInt64(index + 20), into: &table) }
        for (index, key) in colliding.enumerated() { XCTAssertEqual(id(of: key, in: table), UInt64(index + 20)) }
    }

    func testRemovalAcrossTheEndOfTheIndex() {
        var table = makeTable(capacity: 8)
        let last = table.mask
        // A run that starts at the last position and wraps round to the first ones, and a key homed at 0 after it.
        let wrapping = keys(homedAt: last, count: 3, in: table)
        let atZero = keys(homedAt: 0, count: 2, in: table)
        for (index, key) in (wrapping + atZero).enumerated() { insert(key, id: UInt64(index + 1), into: &table) }
        for removed in [wrapping[0], atZero[0], wrapping[2]] {
            table.remove(table.find(removed)!)
            XCTAssertNil(table.find(removed))
        }
        XCTAssertEqual(id(of: wrapping[1], in: table), 2)
        XCTAssertEqual(id(of: atZero[1], in: table), 5)
        XCTAssertEqual(table.count, 2)
    }

    // MARK: Slots

    func testFreeListReusesTheSlotOfARemovedFlow() {
        var table = makeTable(capacity: 3)
        let first = insert(key(1), id: 1, into: &table)
        let second = insert(key(2), id: 2, into: &table)
        insert(key(3), id: 3, into: &table)
        XCTAssertEqual(first.value, 0, "slot 0 is taken first")
        table.remove(second)
        let reused = insert(key(4), id: 4, into: &table)
        XCTAssertEqual(reused, second)
        XCTAssertEqual(id(of: key(4), in: table), 4)
        XCTAssertNil(table.find(key(2)))
        XCTAssertEqual(id(of: key(1), in: table), 1)
        XCTAssertEqual(id(of: key(3), in: table), 3)
    }

    func testFullTable() {
        var table = makeTable(capacity: 4)
        for port in 1...4 { insert(key(UInt16(port)), id: UInt64(port), into: &table) }
        XCTAssertTrue(table.isFull)
        XCTAssertEqual(table.count, 4)
        for port in 1...4 { XCTAssertEqual(id(of: key(UInt16(port)), in: table), UInt64(port)) }
        XCTAssertNil(table.find(key(5)))
        table.remove(table.find(key(2))!)
        XCTAssertFalse(table.isFull)
        insert(key(5), id: 5, into: &table)
        XCTAssertTrue(table.isFull)
        XCTAssertEqual(id(of: key(5), in: table), 5)
    }

    func testRetireKeepsTheRecordAndFreesTheSlot() {
        var table = makeTable(capacity: 2)
        let first = insert(key(1), id: 1, into: &table)
        insert(key(2), id: 2, into: &table)
        XCTAssertTrue(table.isFull)
        table.retiredRecord.id = 50
        let copy = table

        table.retire(first)
        XCTAssertEqual(table.retiredRecord.id, 1)
        XCTAssertNil(table.find(key(1)))
        XCTAssertEqual(id(of: key(2), in: table), 2)
        XCTAssertEqual(table.count, 1)
        XCTAssertEqual(insert(key(3), id: 3, into: &table), first, "the retired flow's slot is free again")
        XCTAssertEqual(table.retiredRecord.id, 1, "the retired record is kept apart from the slot")

        // The copy shared the storage: retiring wrote the table's own.
        XCTAssertEqual(copy.retiredRecord.id, 50)
        XCTAssertEqual(id(of: key(1), in: copy), 1)
        XCTAssertEqual(copy.count, 2)
    }

    func testInsertWithTheLookupsHash() {
        var table = makeTable(capacity: 4)
        let forward = key(40000)
        let hash = table.hash(of: forward)
        XCTAssertEqual(hash, forward.hash(seed: Self.seed))
        XCTAssertNil(table.find(forward, hash: hash))
        let slot = table.insert(forward, hash: hash)
        XCTAssertEqual(table.find(forward), slot)
        XCTAssertEqual(table.find(TCPFlowKey(source: forward.second, destination: forward.first)), slot)
    }

    func testWalkingTheSlotsInUse() {
        var table = makeTable(capacity: 6)
        for port in 1...5 { insert(key(UInt16(port)), id: UInt64(port), into: &table) }
        table.remove(table.find(key(2))!)
        table.remove(table.find(key(4))!)
        var ids = [UInt64]()
        var next = 0
        while let slot = table.firstSlotInUse(from: next) {
            ids.append(table[slot].record.id)
            next = slot.value + 1
        }
        XCTAssertEqual(ids, [1, 3, 5])
        XCTAssertNil(table.firstSlotInUse(from: table.capacity))
    }

    // MARK: Growing

    func testATableStartsSmallAndDoublesUpToItsCapacity() {
        var table = makeTable(capacity: 300)
        XCTAssertEqual(table.allocatedSlots, TCPFlowTable.initialSlots)
        XCTAssertEqual(table.mask + 1, 2 * TCPFlowTable.initialSlots)
        var sizes = [table.allocatedSlots]
        for port in 1...300 {
            insert(key(UInt16(port)), id: UInt64(port), into: &table)
            if sizes.last != table.allocatedSlots { sizes.append(table.allocatedSlots) }
            // The index stays at least twice the slots, a power of two.
            XCTAssertGreaterThanOrEqual(table.mask + 1, 2 * table.allocatedSlots)
            XCTAssertEqual((table.mask + 1) & table.mask, 0)
        }
        XCTAssertEqual(sizes, [64, 128, 256, 300])
        XCTAssertTrue(table.isFull)
        XCTAssertEqual(table.count, 300)
        // Every flow is found after the index was rebuilt three times, in the slot it was given.
        for port in 1...300 { XCTAssertEqual(id(of: key(UInt16(port)), in: table), UInt64(port), "port \(port)") }
        let slots = (1...300).map { table.find(key(UInt16($0)))!.value }
        XCTAssertEqual(slots, Array(0..<300), "slots handed out in order and kept through growth")
    }

    func testASmallTableNeverGrows() {
        var table = makeTable(capacity: 5)
        XCTAssertEqual(table.allocatedSlots, 5)
        for port in 1...5 { insert(key(UInt16(port)), id: UInt64(port), into: &table) }
        XCTAssertEqual(table.allocatedSlots, 5)
        XCTAssertEqual(table.mask + 1, 16)
    }

    func testFreedSlotsAreTakenBeforeTheTableGrows() {
        var table = makeTable(capacity: 1000)
        for port in 1...64 { insert(key(UInt16(port)), id: UInt64(port), into: &table) }
        XCTAssertEqual(table.allocatedSlots, 64)
        let freed = table.find(key(10))!
        table.remove(freed)
        let reused = insert(key(100), id: 100, into: &table)
        XCTAssertEqual(reused, freed)
        XCTAssertEqual(table.allocatedSlots, 64, "a freed slot is taken before memory grows")
        let next = insert(key(101), id: 101, into: &table)
        XCTAssertEqual(next.value, 64)
        XCTAssertEqual(table.allocatedSlots, 128)
    }

    func testGrowingAfterRemovalsKeepsEveryFlowFindable() {
        var table = makeTable(capacity: 2000)
        // Insert, remove every third, insert more: the rebuilt index holds only the slots in use, and the free
        // list's slots are taken first.
        for port in 1...500 { insert(key(UInt16(port)), id: UInt64(port), into: &table) }
        for port in stride(from: 3, through: 500, by: 3) { table.remove(table.find(key(UInt16(port)))!) }
        for port in 501...1500 { insert(key(UInt16(port)), id: UInt64(port), into: &table) }
        for port in 1...1500 {
            let expected: UInt64? = port <= 500 && port % 3 == 0 ? nil : UInt64(port)
            XCTAssertEqual(id(of: key(UInt16(port)), in: table), expected, "port \(port)")
        }
        XCTAssertEqual(table.count, 1500 - 166)
        XCTAssertEqual(table.allocatedSlots, 2000)
        var walked = 0
        var next = table.firstSlotInUse(from: 0)
        while let slot = next {
            walked += 1
            next = table.firstSlotInUse(from: slot.value + 1)
        }
        XCTAssertEqual(walked, table.count)
    }

    func testACopyIsUnaffectedByTheOriginalGrowing() {
        var table = makeTable(capacity: 500)
        for port in 1...64 { insert(key(UInt16(port)), id: UInt64(port), into: &table) }
        let copy = table
        for port in 65...200 { insert(key(UInt16(port)), id: UInt64(port), into: &table) }
        XCTAssertEqual(copy.allocatedSlots, 64)
        XCTAssertEqual(copy.count, 64)
        XCTAssertNil(copy.find(key(100)))
        XCTAssertEqual(id(of: key(64), in: copy), 64)
        XCTAssertEqual(table.count, 200)
        XCTAssertEqual(id(of: key(100), in: table), 100)
    }

    // MARK: Eviction

    /// Sets a flow's state: closed, half-open (handshake under way), or established, last seen at `lastSeen`.
    private enum Life { case closed, halfOpen, established }

    private func set(_ slot: TCPFlowTable.SlotNumber, _ life: Life, lastSeen: UInt64, in table: inout TCPFlowTable) {
        switch life {
        case .closed:
            table[slot].record.clientEndpoint = TCPEndpoint(state: .timeWait)
            table[slot].record.serverEndpoint = TCPEndpoint(state: .closed)
            table[slot].record.milestones.established = 1
        case .halfOpen:
            table[slot].record.clientEndpoint = TCPEndpoint(state: .synSent)
            table[slot].record.serverEndpoint = TCPEndpoint(state: .synReceived)
            table[slot].record.milestones.established = nil
        case .established:
            table[slot].record.clientEndpoint = TCPEndpoint(state: .established)
            table[slot].record.serverEndpoint = TCPEndpoint(state: .established)
            table[slot].record.milestones.established = 1
        }
        table[slot].record.isMidStream = false
        table[slot].record.milestones.lastSeen = lastSeen
    }

    func testEvictionPrefersClosedThenHalfOpenThenIdle() {
        var table = makeTable(capacity: 4)
        let slots = (1...4).map { insert(key(UInt16($0)), id: UInt64($0), into: &table) }
        let now: UInt64 = 1_000
        let idleTimeout: UInt64 = 500
        func victim() -> TCPFlowTable.SlotNumber? {
            table.chooseVictim(now: now, idleTimeout: idleTimeout, sampleSize: 4)
        }
        set(slots[0], .established, lastSeen: 100, in: &table)  // idle for 900
        set(slots[1], .halfOpen, lastSeen: 300, in: &table)
        set(slots[2], .closed, lastSeen: 990, in: &table)
        set(slots[3], .established, lastSeen: 990, in: &table)
        XCTAssertEqual(victim(), slots[2], "a closed flow first, however recent")

        set(slots[2], .halfOpen, lastSeen: 200, in: &table)
        XCTAssertEqual(victim(), slots[2], "then the half-open flow seen least recently")

        set(slots[1], .established, lastSeen: 990, in: &table)
        set(slots[2], .established, lastSeen: 990, in: &table)
        XCTAssertEqual(victim(), slots[0], "then a flow idle for longer than the timeout")

        set(slots[0], .established, lastSeen: 800, in: &table)  // idle for 200 only
        XCTAssertNil(victim(), "no victim among live flows")

        // A flow picked up mid-stream never completed a handshake the observer saw, but it is not half-open.
        set(slots[1], .halfOpen, lastSeen: 990, in: &table)
        table[slots[1]].record.isMidStream = true
        XCTAssertNil(victim())
    }

    func testEvictionSamplesFromAMovingCursor() {
        var table = makeTable(capacity: 4)
        let slots = (1...4).map { insert(key(UInt16($0)), id: UInt64($0), into: &table) }
        for slot in slots { set(slot, .established, lastSeen: 990, in: &table) }
        set(slots[2], .closed, lastSeen: 990, in: &table)
        // One slot looked at per search: slots 0 and 1 are live, then slot 2 is found.
        XCTAssertNil(table.chooseVictim(now: 1_000, idleTimeout: 500, sampleSize: 1))
        XCTAssertNil(table.chooseVictim(now: 1_000, idleTimeout: 500, sampleSize: 1))
        XCTAssertEqual(table.chooseVictim(now: 1_000, idleTimeout: 500, sampleSize: 1), slots[2])
    }

    func testEvictionCursorWrapsRound() {
        var table = makeTable(capacity: 3)
        let slots = (1...3).map { insert(key(UInt16($0)), id: UInt64($0), into: &table) }
        for slot in slots { set(slot, .established, lastSeen: 990, in: &table) }
        // Two slots per search: 0 and 1, then 2 and 0 (round the end), then 1 and 2.
        XCTAssertNil(table.chooseVictim(now: 1_000, idleTimeout: 500, sampleSize: 2))
        set(slots[0], .closed, lastSeen: 990, in: &table)
        XCTAssertEqual(table.chooseVictim(now: 1_000, idleTimeout: 500, sampleSize: 2), slots[0])
        set(slots[0], .established, lastSeen: 990, in: &table)
        set(slots[2], .halfOpen, lastSeen: 990, in: &table)
        XCTAssertEqual(table.chooseVictim(now: 1_000, idleTimeout: 500, sampleSize: 2), slots[2])
    }

    // MARK: Copy-on-write

    func testACopyIsUnaffectedByWritesToTheOriginal() {
        var table = makeTable(capacity: 4)
        let kept = insert(key(1), id: 1, into: &table)
        insert(key(2), id: 2, into: &table)
        table.retiredRecord.id = 50
        let copy = table

        table[kept].record.id = 99
        table.remove(table.find(key(2))!)
        insert(key(3), id: 3, into: &table)
        table.retiredRecord.id = 60

        XCTAssertEqual(copy.count, 2)
        XCTAssertEqual(id(of: key(1), in: copy), 1)
        XCTAssertEqual(id(of: key(2), in: copy), 2)
        XCTAssertNil(copy.find(key(3)))
        XCTAssertEqual(copy.retiredRecord.id, 50)

        XCTAssertEqual(table.count, 2)
        XCTAssertEqual(id(of: key(1), in: table), 99)
        XCTAssertNil(table.find(key(2)))
        XCTAssertEqual(id(of: key(3), in: table), 3)
        XCTAssertEqual(table.retiredRecord.id, 60)

        // And the other way round: writing the copy leaves the original alone.
        var second = table
        second[second.find(key(3))!].record.id = 33
        XCTAssertEqual(id(of: key(3), in: table), 3)
        XCTAssertEqual(id(of: key(3), in: second), 33)
    }
}
