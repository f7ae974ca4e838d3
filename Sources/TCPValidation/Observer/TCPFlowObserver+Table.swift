extension TCPFlowObserver {
    /// The flow table's memory: the slots, the open-addressing index and the free list, allocated once at init.
    ///
    /// A class so that the observer stays a value with copy-on-write storage (``TCPFlowObserver`` makes it unique
    /// once at the start of each mutating call, `makeTableUnique()`), and so that a segment reaches its slot
    /// through plain pointers: no per-access uniqueness or bounds check.
    ///
    /// Invariants, which every unchecked access relies on:
    /// - `index` has `mask + 1` positions, and every position the observer reads is reduced with `& mask`.
    /// - Every entry of `index` is -1 or a slot number below `capacity`, and so is every entry of `freeList`:
    ///   the free list starts as `0..<capacity`, and slot numbers only ever move from the free list to the index
    ///   (`createFlow`), within the index (backward-shift deletion) and back to the free list (`removeEntry`).
    /// - The owner's `freeCount` stays within `0...capacity`: a slot is taken only when `freeCount > 0` (after
    ///   evicting one when it is 0) and given back only when it leaves the index, where at most `capacity` are.
    @usableFromInline
    internal final class Table: @unchecked Sendable {
        // @unchecked Sendable: the memory is written only by an observer that holds the only reference (it copies
        // a shared table before writing), so a table that is shared between values or threads is never written.

        /// `capacity` slots, all initialized.
        let slots: UnsafeMutablePointer<Slot>
        /// `mask + 1` positions: a slot number, or -1 for an empty position.
        let index: UnsafeMutablePointer<Int32>
        /// `capacity` slot numbers, of which the owner's first `freeCount` are free.
        let freeList: UnsafeMutablePointer<Int32>
        /// The number of slots.
        let capacity: Int
        /// The number of index positions minus one (a power of two minus one).
        let mask: Int
        /// The record of the flow the owner's last `observe` call retired (``TCPFlowObserver/lastRetiredFlow``):
        /// kept here rather than in ``TCPObservation``, which would carry hundreds of bytes with every segment, or
        /// inline in the observer, which would make every copy of the observer value that large.
        var retiredRecord: TCPFlowRecord

        /// A table of `capacity` placeholder slots, an empty index of `mask + 1` positions, every slot free.
        init(capacity: Int, mask: Int, placeholder: Slot) {
            self.capacity = capacity
            self.mask = mask
            retiredRecord = placeholder.record
            slots = .allocate(capacity: capacity)
            slots.initialize(repeating: placeholder, count: capacity)
            index = .allocate(capacity: mask + 1)
            index.initialize(repeating: -1, count: mask + 1)
            freeList = .allocate(capacity: capacity)
            for position in 0..<capacity {
                // The last free slot is taken first: slot 0 first.
                freeList[position] = Int32(truncatingIfNeeded: capacity - 1 - position)
            }
        }

        /// A copy of another table.
        init(copying other: Table) {
            capacity = other.capacity
            mask = other.mask
            retiredRecord = other.retiredRecord
            slots = .allocate(capacity: capacity)
            slots.initialize(from: other.slots, count: capacity)
            index = .allocate(capacity: mask + 1)
            index.initialize(from: other.index, count: mask + 1)
            freeList = .allocate(capacity: capacity)
            freeList.initialize(from: other.freeList, count: capacity)
        }

        deinit {
            slots.deinitialize(count: capacity)
            slots.deallocate()
            index.deallocate()
            freeList.deallocate()
        }
    }
}
