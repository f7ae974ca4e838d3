extension TCPFlowTable {
    /// The table's memory: the slots, the open-addressing index and the free list, allocated once at init.
    ///
    /// A class so that the table stays a value with copy-on-write storage (``TCPFlowTable`` copies a shared storage
    /// before its first write, `makeUnique()`), and so that a segment reaches its slot through plain pointers: no
    /// per-access bounds check. Only ``TCPFlowTable`` reads and writes it.
    ///
    /// Invariants, which every unchecked access relies on:
    /// - `slots` has `capacity` slots, all initialized from init to deinit.
    /// - `index` has `mask + 1` positions, and every position the table reads is reduced with `& mask`.
    /// - Every entry of `index` is -1 or a slot number below `capacity`, and so is every entry of `freeList`:
    ///   the free list starts as `0..<capacity`, and slot numbers only ever move from the free list to the index
    ///   (`insert`), within the index (backward-shift deletion) and back to the free list (`remove`).
    /// - The owner's `freeCount` stays within `0...capacity`: a slot is taken only when `freeCount > 0` and given
    ///   back only when it leaves the index, where at most `capacity` are.
    internal final class Storage: @unchecked Sendable {
        // @unchecked Sendable: the memory is written only by a table that holds the only reference (it copies a
        // shared storage before writing), so a storage that is shared between values or threads is never written.

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
        /// The record of the flow the owner last retired (see ``TCPFlowTable/retiredRecord``).
        var retiredRecord: TCPFlowRecord

        /// A storage of `capacity` placeholder slots, an empty index of `mask + 1` positions, every slot free.
        init(capacity: Int, mask: Int, placeholder: Slot) {
            self.capacity = capacity
            self.mask = mask
            retiredRecord = placeholder.flow.record
            // SAFETY: each allocation is initialized in full, with the count it was allocated with (the free list
            // by the loop below).
            slots = .allocate(capacity: capacity)
            slots.initialize(repeating: placeholder, count: capacity)
            index = .allocate(capacity: mask + 1)
            index.initialize(repeating: -1, count: mask + 1)
            freeList = .allocate(capacity: capacity)
            for position in 0..<capacity {
                // SAFETY: `position` is below `capacity`, the free list's length. The last free slot is taken
                // first: slot 0 first.
                (freeList + position).initialize(to: Int32(truncatingIfNeeded: capacity - 1 - position))
            }
        }

        /// A copy of another storage.
        init(copying other: Storage) {
            capacity = other.capacity
            mask = other.mask
            retiredRecord = other.retiredRecord
            // SAFETY: each copy reads exactly the number of elements the other storage allocated and initialized,
            // into an allocation of the same size.
            slots = .allocate(capacity: capacity)
            slots.initialize(from: other.slots, count: capacity)
            index = .allocate(capacity: mask + 1)
            index.initialize(from: other.index, count: mask + 1)
            freeList = .allocate(capacity: capacity)
            freeList.initialize(from: other.freeList, count: capacity)
        }

        deinit {
            // SAFETY: the counts are the ones allocated; the slots were initialized at init.
            slots.deinitialize(count: capacity)
            slots.deallocate()
            index.deallocate()
            freeList.deallocate()
        }
    }
}
