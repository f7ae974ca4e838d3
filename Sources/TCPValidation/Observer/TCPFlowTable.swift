/// The flow observer's table: at most `capacity` flows, each in a slot of storage that grows by doubling as flows
/// arrive (up to `capacity`, never shrinking), found by its ``TCPFlowKey``.
///
/// Open addressing with linear probing over an index of at least twice as many positions as slots allocated (so a
/// probe always meets an empty position), keyed by ``TCPFlowKey/hash(seed:)`` under the table's seed. A slot keeps the
/// hash but not the key: the key is the flow's own record (its client, server and context, compared in either
/// order), so that it is held once and a lookup reads the lines a segment reads anyway. A removal shifts
/// later entries of the run back (backward-shift deletion), so there are no tombstones and a lookup never walks
/// past a removed entry. Slots are handed out in order, and freed ones are kept on a free list and taken again first.
/// When the table is full,
/// `chooseVictim(now:idleTimeout:sampleSize:)` picks a flow to give up: a closed one first, then a half-open one,
/// then an idle one.
///
/// A value with copy-on-write storage: copying the table copies a reference, and the first write to a table whose
/// storage is shared copies the storage. This is the only place in the observer with pointer code; everything above
/// it reads and writes a flow's state as a value, in place through ``subscript(_:)``. Finding a flow, reading it and
/// writing it allocates nothing.
internal struct TCPFlowTable: Sendable {
    /// The state the observer keeps per flow.
    typealias Flow = TCPFlowObserver.FlowState

    /// One slot: the table's bookkeeping and the flow's state.
    ///
    /// The flow's key is its record's ``TCPFlowRecord/client``, ``TCPFlowRecord/server`` and
    /// ``TCPFlowRecord/context``: ``insert(_:hash:)`` writes them, and whoever then sets the flow's state keeps
    /// the same two endpoints (in either role) and context, or lookups no longer find the flow.
    struct Slot: Sendable {
        /// The key's hash under the table's seed, kept so that probes and shifts compare and place without hashing.
        fileprivate(set) var hash: UInt64
        /// Whether the slot holds a flow (is in the index rather than on the free list).
        fileprivate(set) var inUse: Bool
        /// The observer's state of the flow; what a free slot last held.
        var flow: Flow
    }

    /// A slot's number: below the slots allocated (and so below the table's capacity), as only the table makes
    /// them (from its index, its free list, the slots it hands out or its own loops over the slots).
    struct SlotNumber: Hashable, Sendable {
        /// The number, `0 ..< capacity`.
        let value: Int

        fileprivate init(_ value: Int) { self.value = value }
    }

    /// The largest capacity: slot numbers and index entries are 32-bit.
    static let maximumCapacity = 1 << 24

    /// The slots a table allocates at first (or its capacity, if smaller): about 45 KB. A table of at most this
    /// capacity never grows.
    static let initialSlots = 64

    /// The memory (see ``Storage`` for its invariants).
    private var storage: Storage
    /// The most flows the table holds.
    let capacity: Int
    /// The key of the table's hash.
    let seed: TCPFlowKey.Seed
    /// The slots handed out so far: slots `0 ..< used` hold a flow or are on the free list; the others have never
    /// held one. Within `0 ... storage.allocated`.
    private var used = 0
    /// The number of freed slots: the free list's first `freeListCount` entries, each below `used`.
    private var freeListCount = 0
    /// Where the next search for an eviction victim starts: a slot number, always below `capacity`.
    private var evictionCursor = 0

    /// An empty table, with memory for ``initialSlots`` flows (or `capacity`, if fewer); it grows as flows arrive.
    ///
    /// - Parameters:
    ///   - capacity: the most flows held, `1 ... maximumCapacity` (a precondition).
    ///   - seed: the key of the table's hash.
    ///   - placeholder: the state that free slots hold until a flow takes them.
    init(capacity: Int, seed: TCPFlowKey.Seed, placeholder: Flow) {
        precondition(capacity >= 1 && capacity <= Self.maximumCapacity, "flow table capacity out of range")
        self.capacity = capacity
        self.seed = seed
        storage = Storage(
            slots: min(capacity, Self.initialSlots), placeholder: Slot(hash: 0, inUse: false, flow: placeholder))
    }

    /// The number of flows held.
    var count: Int { used - freeListCount }

    /// Whether the table holds `capacity` flows (``insert(_:)`` needs a ``remove(_:)`` first).
    var isFull: Bool { count == capacity }

    /// The index's number of positions minus one (it grows with the slots allocated).
    var mask: Int { storage.mask }

    /// The number of slots allocated so far (`capacity` at most): what the table's memory grows with.
    var allocatedSlots: Int { storage.allocated }

    /// Where the slots' memory starts and how many bytes it spans (what ``Storage/adviseHugePages(_:bytes:)`` was
    /// given), for the tests of that advice. Valid until the table next grows or is copied.
    var slotMemory: (start: UnsafeRawPointer, bytes: Int) {
        (UnsafeRawPointer(storage.slots), storage.allocated * MemoryLayout<Slot>.stride)
    }

    /// The index position where a probe for a hash starts.
    @inline(__always)
    func home(of hash: UInt64) -> Int { Storage.home(of: hash, mask: mask) }

    // MARK: The unsafe accesses

    /// The slot numbered `number`.
    @inline(__always)
    private func slot(_ number: Int) -> UnsafeMutablePointer<Slot> {
        assert(number >= 0 && number < storage.allocated)
        // SAFETY: every caller passes a slot number read from the index or the free list, a `SlotNumber` (made only
        // from those, and from `used`, which never passes the slots allocated), or a number below `used` (or below
        // `capacity` when the table is full, and then all `capacity` slots are allocated) by its loop: all below
        // the number of slots allocated, all initialized (``Storage``'s invariants).
        return storage.slots + number
    }

    /// The index entry at a position: a slot number, or -1.
    @inline(__always)
    private func entry(at position: Int) -> Int32 {
        assert(position >= 0 && position <= mask)
        // SAFETY: every position is a hash or a step reduced with `& mask`, and the index has `mask + 1` positions.
        return storage.index[position]
    }

    /// Sets the index entry at a position.
    @inline(__always)
    private mutating func setEntry(at position: Int, to entry: Int32) {
        assert(position >= 0 && position <= mask && entry < used)
        assert(isKnownUniquelyReferenced(&storage))
        // SAFETY: as ``entry(at:)``; called only by mutating methods after `makeUnique()`, so no other table
        // shares the memory written.
        storage.index[position] = entry
    }

    /// Takes a slot for a flow: the last one freed, else the next never used, growing the storage for it when
    /// all the slots allocated are used.
    @inline(__always)
    private mutating func takeFreeSlot() -> Int {
        precondition(!isFull, "no free slot in the flow table")
        assert(isKnownUniquelyReferenced(&storage))
        if freeListCount > 0 {
            freeListCount -= 1
            // SAFETY: `freeListCount` is now below its old value, itself at most `used`, and so below the free
            // list's `allocated` entries (``Storage``'s invariants).
            return Int(storage.freeList[freeListCount])
        }
        if used == storage.allocated { grow() }
        used += 1
        return used - 1
    }

    /// Doubles the slots allocated, up to `capacity`: called only when every slot allocated is used and the table
    /// is not full, so that there is room to grow. Out of line: it runs about log2(capacity / 64) times in a
    /// table's life.
    @inline(never)
    private mutating func grow() {
        assert(used == storage.allocated && storage.allocated < capacity)
        storage.grow(to: min(capacity, storage.allocated * 2), used: used)
    }

    /// Puts a slot's number back on the free list.
    @inline(__always)
    private mutating func giveBackSlot(_ number: Int) {
        assert(isKnownUniquelyReferenced(&storage))
        // SAFETY: the slot was in the index, so not free: fewer than `used` slots are on the free list
        // (``Storage``'s invariants), and it has `allocated` entries, at least `used`; the table was made unique by
        // the caller.
        storage.freeList[freeListCount] = Int32(truncatingIfNeeded: number)
        freeListCount += 1
    }

    /// Gives the table its own copy of the storage if it shares it with a copy of the table (or a
    /// ``TCPFlowObserver/Flows`` sequence): before every write, so that no other value sees it.
    @inline(__always)
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { copyStorage() }
    }

    @inline(never)
    private mutating func copyStorage() {
        storage = Storage(copying: storage)
    }

    /// The state of the flow in a slot, read and written in place (writing first makes the storage unique).
    ///
    /// - Parameter number: the slot; a free slot's state is what it last held.
    subscript(_ number: SlotNumber) -> Flow {
        @inline(__always)
        unsafeAddress {
            // SAFETY: a `SlotNumber` is below the slots allocated (``slot(_:)``); `flow` is a stored property of the
            // slot.
            UnsafePointer(slot(number.value)).pointer(to: \.flow)!
        }
        @inline(__always)
        unsafeMutableAddress {
            makeUnique()
            // SAFETY: as the read; the storage is now this table's alone, so the write reaches no other value. The
            // pointer is used only for the access that asked for it.
            return slot(number.value).pointer(to: \.flow)!
        }
    }

    // MARK: Finding flows

    /// A key's hash under the table's seed: computed once for a lookup and the insertion that may follow it.
    ///
    /// - Parameter key: a flow's key.
    /// - Returns: `key.hash(seed: seed)`.
    @inline(__always)
    func hash(of key: TCPFlowKey) -> UInt64 { key.hash(seed: seed) }

    /// The hash of the key of the flow between two endpoints, in either order, under the table's seed.
    ///
    /// - Parameters:
    ///   - one: one endpoint.
    ///   - other: the other.
    ///   - context: the flow's context.
    /// - Returns: `hash(of: TCPFlowKey(source: one, destination: other, context: context))`.
    @inline(__always)
    func hash(between one: TCPFlowEndpoint, and other: TCPFlowEndpoint, context: TCPFlowContext) -> UInt64 {
        TCPFlowKey.hash(between: one, and: other, context: context, seed: seed)
    }

    /// The slot holding a flow, or `nil`.
    ///
    /// - Parameter key: the flow's key.
    /// - Returns: its slot, or `nil` when the table holds no flow with that key.
    @inline(__always)
    func find(_ key: TCPFlowKey) -> SlotNumber? { find(key, hash: hash(of: key)) }

    /// The slot holding a flow, or `nil`, with the key's hash already computed.
    ///
    /// - Parameters:
    ///   - key: the flow's key.
    ///   - hash: `hash(of: key)` (another value may miss the flow, never find another: keys are compared too).
    /// - Returns: its slot, or `nil` when the table holds no flow with that key.
    @inline(__always)
    func find(_ key: TCPFlowKey, hash: UInt64) -> SlotNumber? {
        find(between: key.first, and: key.second, context: key.context, hash: hash)?.slot
    }

    /// The slot holding the flow between two endpoints, given in either order, and which of them is its client;
    /// `nil` when there is none: ``find(_:hash:)`` without building the key.
    ///
    /// - Parameters:
    ///   - one: one endpoint of the flow (a segment's source, say).
    ///   - other: the other.
    ///   - context: the flow's context.
    ///   - hash: `TCPFlowKey.hash(between: one, and: other, context: context, seed: seed)` (another value may miss
    ///     the flow, never find another: the endpoints and context are compared too).
    /// - Returns: the slot, and whether `one` is the flow's ``TCPFlowRecord/client`` (for a flow from an endpoint to
    ///   itself, `true`).
    @inline(__always)
    func find(
        between one: TCPFlowEndpoint, and other: TCPFlowEndpoint, context: TCPFlowContext, hash: UInt64
    ) -> (slot: SlotNumber, oneIsClient: Bool)? {
        var position = home(of: hash)
        // Ends: at most `allocatedSlots` of the index's `2 * allocatedSlots` or more positions are taken.
        while true {
            let entry = entry(at: position)
            if entry < 0 { return nil }
            let slot = slot(Int(entry))
            if slot.pointee.hash == hash && slot.pointee.flow.record.context == context {
                // The key compare, by role: the client is `one` or `other`, and the server the remaining one.
                let client = slot.pointee.flow.record.client
                let server = slot.pointee.flow.record.server
                if client.matches(one) {
                    if server.matches(other) { return (SlotNumber(Int(entry)), true) }
                } else if client.matches(other) && server.matches(one) {
                    return (SlotNumber(Int(entry)), false)
                }
            }
            position = (position + 1) & mask
        }
    }

    /// The key of the flow in a slot: its record's endpoints and context.
    ///
    /// - Parameter number: the slot.
    /// - Returns: its key (a free slot's is the one it last held).
    func key(of number: SlotNumber) -> TCPFlowKey {
        let slot = slot(number.value)
        return TCPFlowKey(
            source: slot.pointee.flow.record.client, destination: slot.pointee.flow.record.server,
            context: slot.pointee.flow.record.context)
    }

    /// The first slot in use, in slot order, at or after a slot number: for walking the flows.
    ///
    /// - Parameter start: the first slot number to look at (any value; past the last slot gives `nil`).
    /// - Returns: the slot, or `nil` when no slot from `start` on holds a flow.
    func firstSlotInUse(from start: Int) -> SlotNumber? {
        var number = max(0, start)
        while number < used {
            if slot(number).pointee.inUse { return SlotNumber(number) }
            number += 1
        }
        return nil
    }

    /// The index position that holds a slot in use.
    @inline(__always)
    private func position(of number: SlotNumber) -> Int {
        precondition(slot(number.value).pointee.inUse, "the slot holds no flow")
        var position = home(of: slot(number.value).pointee.hash)
        // Ends: the slot is in the index, within the run that starts at its home position.
        while Int(entry(at: position)) != number.value { position = (position + 1) & mask }
        return position
    }

    // MARK: Adding and removing flows

    /// Takes a free slot for a new flow and enters it in the index.
    ///
    /// The slot's flow state is what it last held (a placeholder, or a flow removed before) but for the key: its
    /// record's client and server are the key's first and second endpoint, and its context the key's. The caller
    /// sets the rest, and may swap the two endpoints' roles.
    ///
    /// - Parameter key: the new flow's key; the table must not hold it already, and must not be full
    ///   (preconditions).
    /// - Returns: the flow's slot.
    mutating func insert(_ key: TCPFlowKey) -> SlotNumber { insert(key, hash: hash(of: key)) }

    /// Takes a free slot for a new flow and enters it in the index, with the key's hash already computed (by the
    /// lookup that did not find it).
    ///
    /// - Parameters:
    ///   - key: the new flow's key; the table must not hold it already, and must not be full (preconditions).
    ///   - hash: `hash(of: key)` (an assertion; another value would file the flow where lookups do not find it).
    /// - Returns: the flow's slot.
    @inline(__always)
    mutating func insert(_ key: TCPFlowKey, hash: UInt64) -> SlotNumber {
        assert(hash == self.hash(of: key), "not the key's hash under this table's seed")
        assert(find(key, hash: hash) == nil, "the flow is in the table already")
        makeUnique()
        let number = takeFreeSlot()
        let slot = slot(number)
        slot.pointee.hash = hash
        slot.pointee.flow.record.client = key.first
        slot.pointee.flow.record.server = key.second
        slot.pointee.flow.record.context = key.context
        slot.pointee.inUse = true
        let position = Storage.firstEmptyPosition(in: storage.index, mask: mask, from: hash)
        setEntry(at: position, to: Int32(truncatingIfNeeded: number))
        return SlotNumber(number)
    }

    /// Removes the flow in a slot and frees the slot (backward-shift deletion: entries after it in its run move
    /// back, so that no tombstone is left and they stay findable).
    ///
    /// - Parameter number: a slot holding a flow (a precondition).
    mutating func remove(_ number: SlotNumber) {
        makeUnique()
        removeUnique(number)
    }

    /// Removes the flow in a slot as ``remove(_:)`` does, keeping its record as ``retiredRecord``.
    ///
    /// The record is copied once, from the slot straight into the storage (a slot freed here is the one the next
    /// ``insert(_:)`` takes, so the record cannot stay where it is).
    ///
    /// - Parameter number: a slot holding a flow (a precondition).
    mutating func retire(_ number: SlotNumber) {
        makeUnique()
        // SAFETY: as ``slot(_:)``; the storage is this table's alone (`makeUnique()`), so the write reaches no other
        // value; the slot is in the `slots` allocation and the retired record in the storage object, so the copy's
        // source and destination do not overlap.
        storage.retiredRecord = slot(number.value).pointee.flow.record
        removeUnique(number)
    }

    /// ``remove(_:)`` once the storage is unique.
    @inline(__always)
    private mutating func removeUnique(_ number: SlotNumber) {
        let position = position(of: number)
        slot(number.value).pointee.inUse = false
        giveBackSlot(number.value)
        var hole = position
        var next = position
        while true {
            next = (next + 1) & mask
            let entry = entry(at: next)
            if entry < 0 { break }
            let home = home(of: slot(Int(entry)).pointee.hash)
            // Leave the entry if its home lies cyclically in (hole, next]: moving it to the hole would put it
            // before its home, where a probe would not find it.
            let stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next)
            if stays { continue }
            setEntry(at: hole, to: entry)
            hole = next
        }
        setEntry(at: hole, to: -1)
    }

    /// A flow to give up for room in a full table, among `sampleSize` slots from a cursor that moves on with each
    /// search: the first closed flow, else the half-open flow (handshake not completed, not picked up mid-stream)
    /// seen least recently, else the flow idle for at least `idleTimeout` seen least recently; `nil` when all
    /// the sampled flows are live.
    ///
    /// - Parameters:
    ///   - now: the current time in nanoseconds (the caller's clock).
    ///   - idleTimeout: nanoseconds of silence after which an open flow may be given up.
    ///   - sampleSize: the number of slots looked at (at most `capacity` are).
    /// - Returns: the victim's slot, or `nil`.
    mutating func chooseVictim(now: UInt64, idleTimeout: UInt64, sampleSize: Int) -> SlotNumber? {
        assert(isFull, "a victim is chosen only in a full table")
        var halfOpen: (slot: SlotNumber, lastSeen: UInt64)?
        var idle: (slot: SlotNumber, lastSeen: UInt64)?
        // The slots from the cursor on, wrapping round at `capacity` (a comparison per step, not a division).
        var number = evictionCursor
        for _ in 0..<min(sampleSize, capacity) {
            let candidate = SlotNumber(number)
            number = number + 1 == capacity ? 0 : number + 1
            let record = self[candidate].record
            if record.isClosed {
                evictionCursor = number
                return candidate
            }
            let lastSeen = record.milestones.lastSeen
            if record.milestones.established == nil && !record.isMidStream {
                if halfOpen.map({ $0.lastSeen > lastSeen }) ?? true { halfOpen = (candidate, lastSeen) }
            } else if now >= lastSeen && now - lastSeen >= idleTimeout {
                if idle.map({ $0.lastSeen > lastSeen }) ?? true { idle = (candidate, lastSeen) }
            }
        }
        evictionCursor = (evictionCursor + sampleSize) % capacity
        return (halfOpen ?? idle)?.slot
    }

    /// A record the owner keeps with the table rather than in its own value (the observer's last retired flow),
    /// so that copies of the owner stay small.
    var retiredRecord: TCPFlowRecord {
        get { storage.retiredRecord }
        set {
            makeUnique()
            storage.retiredRecord = newValue
        }
    }
}
