#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension TCPFlowTable {
    /// The table's memory: the slots, the open-addressing index and the free list, grown by doubling as flows
    /// arrive, up to the table's capacity.
    ///
    /// A class so that the table stays a value with copy-on-write storage (``TCPFlowTable`` copies a shared storage
    /// before its first write, `makeUnique()`), and so that a segment reaches its slot through plain pointers: no
    /// per-access bounds check. Only ``TCPFlowTable`` reads and writes it.
    ///
    /// Invariants, which every unchecked access relies on:
    /// - `slots` has `allocated` slots, all initialized from the moment they are allocated to deinit.
    /// - `index` has `mask + 1` positions, at least twice `allocated`, and every position the table reads is
    ///   reduced with `& mask`.
    /// - `freeList` has `allocated` entries, all initialized.
    /// - Every entry of `index` is -1 or a slot number below the owner's `used`, and so is every entry of the free
    ///   list's first `freeListCount` (the owner's): slot numbers are handed out in order up to `used`, and then
    ///   only move from the free list to the index (`insert`), within the index (backward-shift deletion) and back
    ///   to the free list (`remove`).
    /// - The owner's `used` stays within `0 ... allocated`, and its `freeListCount` below or at `used`; `allocated`
    ///   only grows, and never past the table's capacity.
    internal final class Storage: @unchecked Sendable {
        // @unchecked Sendable: the memory is written only by a table that holds the only reference (it copies a
        // shared storage before writing), so a storage that is shared between values or threads is never written.

        /// `allocated` slots, all initialized.
        private(set) var slots: UnsafeMutablePointer<Slot>
        /// The number of slots allocated.
        private(set) var allocated: Int
        /// `mask + 1` positions: a slot number, or -1 for an empty position.
        private(set) var index: UnsafeMutablePointer<Int32>
        /// The number of index positions minus one (a power of two minus one).
        private(set) var mask: Int
        /// `allocated` slot numbers, of which the owner's first `freeListCount` are free.
        private(set) var freeList: UnsafeMutablePointer<Int32>
        /// What a slot holds before any flow takes it: the value new slots are initialized with.
        let placeholder: Slot
        /// The record of the flow the owner last retired (see ``TCPFlowTable/retiredRecord``).
        var retiredRecord: TCPFlowRecord

        /// The number of index positions for a number of slots: the least power of two at least twice as large
        /// (so that a probe always meets an empty position).
        static func indexSize(forSlots count: Int) -> Int {
            var size = 2
            while size < count * 2 { size <<= 1 }
            return size
        }

        /// Memory for `count` slots, not initialized, advised for transparent huge pages before anything is written
        /// to it (``adviseHugePages(_:bytes:)``).
        ///
        /// - Parameter count: the number of slots, at least 1 and at most ``TCPFlowTable/maximumCapacity``.
        /// - Returns: the memory, uninitialized, to be freed with `deallocate()`.
        private static func allocateSlots(_ count: Int) -> UnsafeMutablePointer<Slot> {
            let slots = UnsafeMutablePointer<Slot>.allocate(capacity: count)
            adviseHugePages(slots, bytes: count * MemoryLayout<Slot>.stride)
            return slots
        }

        /// The size of a transparent huge page on x86-64 and on AArch64 with 4 KB pages.
        static let hugePageSize = 1 << 21

        /// Asks the kernel to back the whole huge pages inside an allocation with transparent huge pages (Linux's
        /// `madvise(MADV_HUGEPAGE)`; elsewhere, nothing).
        ///
        /// A table of many flows is read at random, a slot per segment: with 4 KB pages, 16,384 slots of 704 bytes
        /// span some 2,800 pages, more than the processor's translation buffer holds, so a segment can also wait for
        /// a page walk; on 2 MB pages the same slots take six entries. The advice takes effect where
        /// `/sys/kernel/mm/transparent_hugepage/enabled` says `always` or `madvise`, on memory not yet written; an
        /// allocation that holds no whole huge page is left alone. Benchmarks/README.md has what it buys.
        ///
        /// - Parameters:
        ///   - start: the allocation's first byte.
        ///   - bytes: its size.
        static func adviseHugePages(_ start: UnsafeMutableRawPointer, bytes: Int) {
            #if os(Linux) && (canImport(Glibc) || canImport(Musl))
            let address = UInt(bitPattern: Int(bitPattern: start))
            let pageMask = UInt(hugePageSize - 1)
            // The first and last huge-page boundaries inside the allocation, so that only memory it owns is named
            // (no overflow: an allocation ends inside the address space).
            let first = (address + pageMask) & ~pageMask
            let end = (address + UInt(bytes)) & ~pageMask
            guard end > first, let page = UnsafeMutableRawPointer(bitPattern: first) else { return }
            // The result is not needed: memory the kernel does not back with huge pages works the same, only
            // through more translation entries. The advice changes no byte of the memory and no access right.
            _ = madvise(page, Int(end - first), MADV_HUGEPAGE)
            #endif
        }

        /// A storage of `count` placeholder slots, an empty index for them and a free list of as many entries.
        ///
        /// - Parameters:
        ///   - count: the slots to allocate, at least 1.
        ///   - placeholder: what free slots hold.
        init(slots count: Int, placeholder: Slot) {
            precondition(count >= 1, "a flow table storage holds at least one slot")
            allocated = count
            mask = Self.indexSize(forSlots: count) - 1
            self.placeholder = placeholder
            retiredRecord = placeholder.flow.record
            // SAFETY: each allocation is initialized in full, with the count it was allocated with.
            slots = Self.allocateSlots(count)
            slots.initialize(repeating: placeholder, count: count)
            index = .allocate(capacity: mask + 1)
            index.initialize(repeating: -1, count: mask + 1)
            freeList = .allocate(capacity: count)
            freeList.initialize(repeating: 0, count: count)
        }

        /// A copy of another storage.
        init(copying other: Storage) {
            allocated = other.allocated
            mask = other.mask
            placeholder = other.placeholder
            retiredRecord = other.retiredRecord
            // SAFETY: each copy reads exactly the number of elements the other storage allocated and initialized,
            // into an allocation of the same size.
            slots = Self.allocateSlots(allocated)
            slots.initialize(from: other.slots, count: allocated)
            index = .allocate(capacity: mask + 1)
            index.initialize(from: other.index, count: mask + 1)
            freeList = .allocate(capacity: allocated)
            freeList.initialize(from: other.freeList, count: allocated)
        }

        /// Grows the storage to `count` slots: the slots and the free list keep their contents, the new slots hold
        /// the placeholder, and the index, if it must grow to stay at least twice the slots, is rebuilt from the
        /// hashes of the slots in use (slot numbers do not change, only index positions).
        ///
        /// Called only by a table that holds the only reference, between accesses (no pointer into the old
        /// allocations is held across it).
        ///
        /// - Parameters:
        ///   - count: the new number of slots, more than `allocated`.
        ///   - used: the owner's `used`: slots at or past it hold no flow.
        func grow(to count: Int, used: Int) {
            precondition(count > allocated && used <= allocated, "a flow table storage only grows")
            // SAFETY: the old allocations hold `allocated` initialized elements each; they are moved (slots) or
            // copied (free list, a trivial type) into new allocations of `count` elements, whose rest is then
            // initialized, before the old ones are freed and replaced.
            let grownSlots = Self.allocateSlots(count)
            grownSlots.moveInitialize(from: slots, count: allocated)
            (grownSlots + allocated).initialize(repeating: placeholder, count: count - allocated)
            slots.deallocate()
            slots = grownSlots
            let grownFreeList = UnsafeMutablePointer<Int32>.allocate(capacity: count)
            grownFreeList.moveInitialize(from: freeList, count: allocated)
            (grownFreeList + allocated).initialize(repeating: 0, count: count - allocated)
            freeList.deallocate()
            freeList = grownFreeList
            allocated = count
            let size = Self.indexSize(forSlots: count)
            guard size > mask + 1 else { return }
            // SAFETY: the new index is initialized in full before any read; every position written is reduced with
            // the new mask; every slot read is below `used`, itself within the slots allocated.
            let grownIndex = UnsafeMutablePointer<Int32>.allocate(capacity: size)
            grownIndex.initialize(repeating: -1, count: size)
            let grownMask = size - 1
            for number in 0..<used where slots[number].inUse {
                let position = Self.firstEmptyPosition(in: grownIndex, mask: grownMask, from: slots[number].hash)
                grownIndex[position] = Int32(truncatingIfNeeded: number)
            }
            index.deallocate()
            index = grownIndex
            mask = grownMask
        }

        /// The index position where a probe for a hash starts, in an index of `mask + 1` positions.
        @inline(__always)
        static func home(of hash: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: hash) & mask }

        /// The first empty position of an index at or after a hash's home position, wrapping round: where a new
        /// entry for that hash goes (linear probing). Both ``TCPFlowTable/insert(_:hash:)`` and ``grow(to:used:)``
        /// place entries through it.
        ///
        /// - Parameters:
        ///   - index: an index of `mask + 1` initialized positions with at least one empty (-1).
        ///   - mask: the number of positions minus one (a power of two minus one).
        ///   - hash: the entry's hash.
        /// - Returns: the position, within `0 ... mask`.
        @inline(__always)
        static func firstEmptyPosition(in index: UnsafeMutablePointer<Int32>, mask: Int, from hash: UInt64) -> Int {
            var position = home(of: hash, mask: mask)
            // SAFETY: every position read is reduced with `& mask`, and the index has `mask + 1` initialized
            // positions. Ends: the callers keep fewer entries than half the positions, so one is empty.
            while index[position] >= 0 { position = (position + 1) & mask }
            return position
        }

        deinit {
            // SAFETY: the counts are the ones allocated; the slots were initialized when allocated.
            slots.deinitialize(count: allocated)
            slots.deallocate()
            index.deallocate()
            freeList.deallocate()
        }
    }
}
