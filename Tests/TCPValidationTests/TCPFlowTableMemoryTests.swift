import Foundation
import TCPCodec
import XCTest

@testable import TCPValidation

/// The flow table's huge-page advice (`TCPFlowTable.Storage.adviseHugePages`): only whole 2 MB pages inside an
/// allocation are advised, a small allocation is left alone, and a table grown past a huge page has its slots
/// advised. Read from the kernel's own account of the process's mappings (`/proc/self/smaps`, whose `VmFlags` say
/// `hg` for memory advised `MADV_HUGEPAGE`); skipped where there is no such account or the kernel has no
/// transparent huge pages.
final class TCPFlowTableMemoryTests: XCTestCase {
    private static let hugePage = TCPFlowTable.Storage.hugePageSize

    /// The `VmFlags` of the mapping holding `address`, or `nil` if no mapping holds it.
    private func flags(at address: UnsafeRawPointer) throws -> Set<Substring>? {
        // Read to the end: the file's size says 0, and a read of its stated size stops at the first page.
        guard let file = FileHandle(forReadingAtPath: "/proc/self/smaps") else {
            throw XCTSkip("no /proc/self/smaps here")
        }
        defer { try? file.close() }
        let text = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
        let target = UInt(bitPattern: Int(bitPattern: address))
        var inside = false
        for line in text.split(separator: "\n") {
            if let dash = line.firstIndex(of: "-"), let space = line.firstIndex(of: " "), dash < space,
                let low = UInt(line[..<dash], radix: 16),
                let high = UInt(line[line.index(after: dash)..<space], radix: 16)
            {
                inside = low <= target && target < high
            } else if inside && line.hasPrefix("VmFlags:") {
                return Set(line.dropFirst("VmFlags:".count).split(separator: " "))
            }
        }
        return nil
    }

    /// A new anonymous mapping of `hugePages` huge pages starting on a huge-page boundary, never advised before (the
    /// allocator's memory may have been: it reuses what the tables of other tests were given).
    private func freshMapping(hugePages: Int) throws -> UnsafeMutableRawPointer {
        #if os(Linux)
        // One huge page more than asked, so that a boundary falls inside; the rest stays mapped until `unmap`.
        let length = (hugePages + 1) * Self.hugePage
        let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else { throw XCTSkip("no anonymous mapping") }
        let address = UInt(bitPattern: Int(bitPattern: mapped))
        let aligned = (address + UInt(Self.hugePage - 1)) & ~UInt(Self.hugePage - 1)
        mappings[aligned] = (mapped, length)
        return try XCTUnwrap(UnsafeMutableRawPointer(bitPattern: aligned))
        #else
        throw XCTSkip("huge-page advice is Linux-only")
        #endif
    }

    /// The mappings `freshMapping` made, by the aligned start it returned.
    private var mappings: [UInt: (start: UnsafeMutableRawPointer, length: Int)] = [:]

    /// Unmaps what `freshMapping` returned.
    private func unmap(_ aligned: UnsafeMutableRawPointer) {
        #if os(Linux)
        if let mapping = mappings.removeValue(forKey: UInt(bitPattern: Int(bitPattern: aligned))) {
            _ = munmap(mapping.start, mapping.length)
        }
        #endif
    }

    /// Skips unless the kernel takes `MADV_HUGEPAGE` advice at all.
    private func requireTransparentHugePages() throws {
        #if os(Linux)
        let setting = try? String(
            contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)
        guard let setting, !setting.contains("[never]") else {
            throw XCTSkip("transparent huge pages are off or absent here")
        }
        #else
        throw XCTSkip("huge-page advice is Linux-only")
        #endif
    }

    func testOnlyWholeHugePagesInsideTheAllocationAreAdvised() throws {
        try requireTransparentHugePages()
        // 8 MB less a little, starting 4 KB past a huge-page boundary: three whole huge pages inside, and a partial
        // one at each end that belongs (in part) to no one else's advice.
        let raw = try freshMapping(hugePages: 4)
        defer { unmap(raw) }
        let start = raw + 4096
        let length = 4 * Self.hugePage - 8192
        TCPFlowTable.Storage.adviseHugePages(start, bytes: length)
        let first = try XCTUnwrap(flags(at: start))
        let middle = try XCTUnwrap(flags(at: raw + Self.hugePage))
        let lastWhole = try XCTUnwrap(flags(at: raw + 3 * Self.hugePage - 1))
        let tail = try XCTUnwrap(flags(at: raw + 3 * Self.hugePage))
        XCTAssertFalse(first.contains("hg"), "the partial page at the start was advised")
        XCTAssertTrue(middle.contains("hg"), "the first whole huge page was not advised")
        XCTAssertTrue(lastWhole.contains("hg"), "the last whole huge page was not advised")
        XCTAssertFalse(tail.contains("hg"), "the partial page at the end was advised")
    }

    func testAnAllocationWithoutAWholeHugePageIsLeftAlone() throws {
        try requireTransparentHugePages()
        let raw = try freshMapping(hugePages: 2)
        defer { unmap(raw) }
        // Two huge pages' worth of memory, but the range given straddles the boundary without covering either page.
        let start = raw + Self.hugePage / 2
        TCPFlowTable.Storage.adviseHugePages(start, bytes: Self.hugePage)
        XCTAssertFalse(try XCTUnwrap(flags(at: raw + Self.hugePage)).contains("hg"))
        XCTAssertFalse(try XCTUnwrap(flags(at: start)).contains("hg"))
    }

    func testAGrownTableHasItsSlotsAdvised() throws {
        try requireTransparentHugePages()
        let placeholder = TCPFlowEndpoint(address: IPAddress(ipv4: 0), port: 0)
        var table = TCPFlowTable(
            capacity: 1 << 14, seed: TCPFlowKey.Seed(3),
            placeholder: TCPFlowObserver.FlowState(placeholder: placeholder))
        let server = TCPFlowEndpoint(address: IPAddress(ipv4: 0x0A00_0002), port: 80)
        // Enough flows for the slots to grow past several huge pages (16,384 slots of about 700 bytes).
        let keys = (0..<9000).map { number in
            TCPFlowKey(
                source: TCPFlowEndpoint(address: IPAddress(ipv4: 0x0A01_0000 | UInt32(number)), port: 40000),
                destination: server)
        }
        for (number, key) in keys.enumerated() { table[table.insert(key)].record.id = UInt64(number) }
        let memory = table.slotMemory
        XCTAssertGreaterThanOrEqual(memory.bytes, 5 * Self.hugePage)
        let address = UInt(bitPattern: Int(bitPattern: memory.start))
        let firstWhole = (address + UInt(Self.hugePage - 1)) & ~UInt(Self.hugePage - 1)
        let page = try XCTUnwrap(UnsafeRawPointer(bitPattern: firstWhole))
        XCTAssertTrue(try XCTUnwrap(flags(at: page)).contains("hg"), "the grown slots were not advised")
        // Every flow is still found, with what was written to it, after the growths into advised memory.
        for (number, key) in keys.enumerated() {
            XCTAssertEqual(table.find(key).map { table[$0].record.id }, UInt64(number))
        }
    }
}
