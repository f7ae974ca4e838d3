import TCPCodec
import TCPCodecTesting
import TCPCodecXCTest
import XCTest

/// The RFC 1071 sum, TCP checksum fill/verify, and the RFC 1624 incremental updates.
final class ChecksumPropertyTests: XCTestCase {
    func testVerifyOfFillHolds() {
        check("verify(fill(x))") { gen in
            let pseudoHeader = gen.pseudoHeader()
            var bytes = gen.segment()
            bytes.withUnsafeMutableBytes { _ = TCPChecksum.fill(segment: $0, pseudoHeader: pseudoHeader) }
            try gen.expect(verifyChecksum(bytes, pseudoHeader: pseudoHeader), "filled checksum does not verify")
            try gen.expectEqual(computeChecksum(bytes, pseudoHeader: pseudoHeader), checksumField(bytes), "compute")
            try gen.expectEqual(checksumField(bytes), referenceChecksum(bytes, pseudoHeader: pseudoHeader), "reference")
            try gen.expect(checksumField(bytes) != 0xFFFF, "a TCP checksum is never 0xFFFF")
            let viaView = bytes.withUnsafeBytes { raw in
                (try? TCPSegmentView(raw))?.verifyChecksum(pseudoHeader: pseudoHeader)
            }
            try gen.expectEqual(viaView, true, "TCPSegmentView.verifyChecksum")
        }
    }

    func testEncodeWithPseudoHeaderFillsTheReferenceChecksum() {
        check("encode(h, pseudoHeader) carries the reference checksum") { gen in
            let header = gen.header()
            let payload = gen.payload()
            let pseudoHeader = gen.pseudoHeader()
            let bytes = TCPGenerator.encoded(header, payload: payload, pseudoHeader: pseudoHeader)
            try gen.expectEqual(checksumField(bytes), referenceChecksum(bytes, pseudoHeader: pseudoHeader))
            try gen.expect(verifyChecksum(bytes, pseudoHeader: pseudoHeader), "does not verify")
        }
    }

    func testSumEqualsByteParReference() {
        check("InternetChecksum.sum == byte-pair reference") { gen in
            let bytes = gen.bytes(lengths: 0 ... 600)
            let initial = gen.chance(50) ? gen.uint32() : 0
            let sum = bytes.withUnsafeBytes { InternetChecksum.sum($0, initial: initial) }
            try gen.expectEqual(sum, referenceSum(bytes, initial: UInt64(initial)))
            let checksum = bytes.withUnsafeBytes { InternetChecksum.checksum($0, initial: initial) }
            try gen.expectEqual(checksum, ~sum, "checksum is the complement of the sum")
        }
    }

    func testChecksumDoesNotDependOnAlignment() {
        check("checksum independent of buffer alignment", iterations: 200) { gen in
            let pseudoHeader = gen.pseudoHeader()
            let bytes = gen.segment(pseudoHeader: pseudoHeader)
            let expected = computeChecksum(bytes, pseudoHeader: pseudoHeader)
            let expectedSum = bytes.withUnsafeBytes { InternetChecksum.sum($0) }
            var buffer = [UInt8](repeating: 0xA5, count: bytes.count + 16)
            for offset in 0 ... 15 {
                buffer.replaceSubrange(offset ..< offset + bytes.count, with: bytes)
                let (checksum, verified, sum) = buffer.withUnsafeBytes { raw in
                    let slice = UnsafeRawBufferPointer(rebasing: raw[offset ..< offset + bytes.count])
                    return (
                        TCPChecksum.compute(segment: slice, pseudoHeader: pseudoHeader),
                        TCPChecksum.verify(segment: slice, pseudoHeader: pseudoHeader),
                        InternetChecksum.sum(slice)
                    )
                }
                try gen.expectEqual(checksum, expected, "compute at offset \(offset)")
                try gen.expect(verified, "verify at offset \(offset)")
                try gen.expectEqual(sum, expectedSum, "sum at offset \(offset)")
            }
        }
    }

    func testAccumulatorDoesNotDependOnChunking() {
        check("Accumulator over any chunks == one sum") { gen in
            let bytes = gen.bytes(lengths: 0 ... 400)
            let initial = gen.chance(50) ? gen.uint32() : 0
            let whole = bytes.withUnsafeBytes { InternetChecksum.sum($0, initial: initial) }
            var accumulator = InternetChecksum.Accumulator(initial: initial)
            var start = 0
            var cuts: [Int] = []
            while start < bytes.count {
                let size = gen.chance(20) ? gen.int(in: 0 ... bytes.count - start)
                    : min(gen.int(in: 0 ... 9), bytes.count - start)
                cuts.append(size)
                bytes.withUnsafeBytes { raw in
                    accumulator.add(UnsafeRawBufferPointer(rebasing: raw[start ..< start + size]))
                }
                start += size
            }
            gen.note("chunk sizes", "\(cuts)")
            try gen.expectEqual(accumulator.sum, whole, "accumulated sum")
            try gen.expectEqual(accumulator.checksum, ~whole, "accumulated checksum")
        }
    }

    func testIncrementalUpdateEqualsRecomputeForEveryField() {
        check("mutable view setters keep the checksum equal to a recompute") { gen in
            let pseudoHeader = gen.pseudoHeader()
            var header = gen.header()
            header.options = self.rewritableOptions(gen)
            var bytes = TCPGenerator.encoded(header, payload: gen.payload(), pseudoHeader: pseudoHeader)
            if gen.chance(20) {
                // Start from a checksum of 0x0000, where the sum is 0xFFFF.
                let old = UInt16(bytes[18]) << 8 | UInt16(bytes[19])
                let urgent = TCPGenerator.wordValue(settingChecksum: checksumField(bytes), to: 0, replacing: old)
                bytes[18] = UInt8(urgent >> 8)
                bytes[19] = UInt8(truncatingIfNeeded: urgent)
                bytes.withUnsafeMutableBytes { _ = TCPChecksum.fill(segment: $0, pseudoHeader: pseudoHeader) }
            }
            let setters = [
                "sourcePort", "destinationPort", "sequenceNumber", "acknowledgmentNumber", "flags", "window",
                "urgentPointer", "maximumSegmentSize", "windowScale", "timestamps", "sackBlock",
            ]
            for _ in 0 ..< gen.int(in: 1 ... 6) {
                let setter = gen.element(of: setters)
                var (u16, u32, other) = (gen.edgyUInt16(), gen.edgyUInt32(), gen.edgyUInt32())
                // Sometimes the value already there, or the one that turns the checksum into an edge value.
                let special = gen.int(in: 0 ... 5)
                let target = gen.element(of: [0x0000, 0x0001, 0xFFFE] as [UInt16])
                let wordOffsets = [
                    "sourcePort": 0, "destinationPort": 2, "sequenceNumber": 4, "acknowledgmentNumber": 8,
                    "window": 14, "urgentPointer": 18,
                ]
                if special >= 4, let offset = wordOffsets[setter] {
                    let is32 = setter == "sequenceNumber" || setter == "acknowledgmentNumber"
                    let low = is32 ? offset + 2 : offset
                    let oldLow = UInt16(bytes[low]) << 8 | UInt16(bytes[low + 1])
                    let oldHigh = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
                    let newLow = special == 4 ? oldLow : TCPGenerator.wordValue(
                        settingChecksum: checksumField(bytes), to: target, replacing: oldLow)
                    u16 = newLow
                    u32 = UInt32(oldHigh) << 16 | UInt32(newLow)
                }
                let index = gen.int(in: 0 ... 4)
                gen.note("set", "\(setter) u16 \(u16) u32 \(u32) other \(other) index \(index)")
                let changed: Bool = bytes.withUnsafeMutableBytes { raw in
                    guard let view = try? TCPSegmentMutableView(raw) else { return false }
                    switch setter {
                    case "sourcePort": view.sourcePort = u16
                    case "destinationPort": view.destinationPort = u16
                    case "sequenceNumber": view.sequenceNumber = SequenceNumber(u32)
                    case "acknowledgmentNumber": view.acknowledgmentNumber = SequenceNumber(u32)
                    case "flags": view.flags = TCPFlags(rawValue: u16 & 0x0FFF)
                    case "window": view.window = u16
                    case "urgentPointer": view.urgentPointer = u16
                    case "maximumSegmentSize": view.setMaximumSegmentSize(u16)
                    case "windowScale": view.setWindowScale(UInt8(truncatingIfNeeded: u16))
                    case "timestamps": view.setTimestamps(value: u32, echoReply: other)
                    default:
                        view.setSACKBlock(
                            at: index, to: TCPSACKBlock(left: SequenceNumber(u32), right: SequenceNumber(other)))
                    }
                    return true
                }
                try gen.expect(changed, "the segment no longer decodes")
                try gen.expectEqual(
                    checksumField(bytes), computeChecksum(bytes, pseudoHeader: pseudoHeader), "after \(setter)")
            }
            // The fields read back as set, and the segment still decodes.
            try gen.expect(decodingError(bytes) == nil, "the rewritten segment does not decode")
        }
    }

    func testAddressRewriteUpdateEqualsRecompute() {
        check("updateChecksum(from:to:) == recompute for IPv4 and IPv6 rewrites") { gen in
            let old = gen.pseudoHeader()
            var new = old.family == .ipv4 ? gen.ipv4PseudoHeader() : gen.ipv6PseudoHeader()
            var bytes = gen.segment(pseudoHeader: old)
            if gen.chance(30) {
                // Choose the new destination's last word so the new checksum is an edge value.
                let target = gen.element(of: [0x0000, 0x0001, 0xFFFE] as [UInt16])
                new = self.retargeted(new, segment: bytes, checksum: target)
            }
            bytes.withUnsafeMutableBytes { raw in
                (try? TCPSegmentMutableView(raw))?.updateChecksum(from: old, to: new)
            }
            try gen.expectEqual(checksumField(bytes), computeChecksum(bytes, pseudoHeader: new))
            try gen.expect(verifyChecksum(bytes, pseudoHeader: new), "does not verify with the new addresses")
        }
    }

    func testWordUpdatesEqualRecompute() {
        check("InternetChecksum.update(16, 32 bits, bytes) == recompute") { gen in
            // Data with a non-zero protocol-like word, as every TCP checksum covers, so the sum is never +0.
            var data = gen.bytes(lengths: 8 ... 200)
            if data.count & 1 == 1 { data.append(gen.uint8()) }
            data[0] |= 0x01
            let before = data.withUnsafeBytes { InternetChecksum.checksum($0) }
            let position = gen.int(in: 1 ... data.count / 2 - 1) * 2
            let width = gen.element(of: [1, 2, 4, 6])
            let end = min(position + width, data.count)
            let oldBytes = Array(data[position ..< end])
            var newBytes: [UInt8] = []
            for _ in position ..< end { newBytes.append(gen.uint8()) }
            data.replaceSubrange(position ..< end, with: newBytes)
            let after = data.withUnsafeBytes { InternetChecksum.checksum($0) }
            let odd = position & 1 == 1
            let viaBytes = oldBytes.withUnsafeBytes { old in
                newBytes.withUnsafeBytes { new in
                    InternetChecksum.update(before, replacing: old, with: new, startsAtOddOffset: odd)
                }
            }
            try gen.expectEqual(viaBytes, after, "byte update")
            if newBytes.count == 2 {
                let viaWord = InternetChecksum.update(
                    before, replacing: UInt16(oldBytes[0]) << 8 | UInt16(oldBytes[1]),
                    with: UInt16(newBytes[0]) << 8 | UInt16(newBytes[1]))
                try gen.expectEqual(viaWord, after, "16-bit update")
            }
            if newBytes.count == 4 {
                func word(_ bytes: [UInt8]) -> UInt32 {
                    bytes.reduce(0) { $0 << 8 | UInt32($1) }
                }
                let viaWord = InternetChecksum.update(before, replacing: word(oldBytes), with: word(newBytes))
                try gen.expectEqual(viaWord, after, "32-bit update")
            }
        }
    }

    func testUpdateAtAnOddOffsetEqualsRecompute() {
        check("InternetChecksum.update at odd offsets == recompute") { gen in
            var data = gen.bytes(lengths: 8 ... 100)
            data[0] |= 0x01
            let before = data.withUnsafeBytes { InternetChecksum.checksum($0) }
            let position = gen.int(in: 1 ... data.count - 1)
            let end = gen.int(in: position ... data.count)
            let oldBytes = Array(data[position ..< end])
            let newBytes = (position ..< end).map { _ in gen.uint8() }
            data.replaceSubrange(position ..< end, with: newBytes)
            let after = data.withUnsafeBytes { InternetChecksum.checksum($0) }
            let updated = oldBytes.withUnsafeBytes { old in
                newBytes.withUnsafeBytes { new in
                    InternetChecksum.update(before, replacing: old, with: new, startsAtOddOffset: position & 1 == 1)
                }
            }
            try gen.expectEqual(updated, after)
        }
    }

    /// `pseudoHeader` with the last 16-bit word of its destination set so that `segment` has checksum `checksum`.
    func retargeted(_ pseudoHeader: TCPPseudoHeader, segment: [UInt8], checksum: UInt16) -> TCPPseudoHeader {
        let source = pseudoHeader.withSourceAddress { Array($0) }
        var destination = pseudoHeader.withDestinationAddress { Array($0) }
        destination[destination.count - 2] = 0
        destination[destination.count - 1] = 0
        func make(_ destination: [UInt8]) -> TCPPseudoHeader {
            source.withUnsafeBytes { sourceBytes in
                destination.withUnsafeBytes { (try? TCPPseudoHeader(source: sourceBytes, destination: $0))! }
            }
        }
        let current = computeChecksum(segment, pseudoHeader: make(destination))
        let word = TCPGenerator.wordValue(settingChecksum: current, to: checksum, replacing: 0)
        destination[destination.count - 2] = UInt8(word >> 8)
        destination[destination.count - 1] = UInt8(truncatingIfNeeded: word)
        return make(destination)
    }

    /// Options holding one of each kind the mutable view rewrites, in any order, after 0 ... 3 NOPs so that
    /// they sit at odd and even offsets.
    func rewritableOptions(_ gen: TCPGenerator) -> TCPOptionList {
        var options = TCPOptionList()
        for _ in 0 ..< gen.int(in: 0 ... 3) { try? options.append(.noOperation) }
        var kinds: [TCPOption] = [
            .maximumSegmentSize(gen.uint16()), .windowScale(gen.uint8()),
            .timestamps(value: gen.uint32(), echoReply: gen.uint32()),
        ]
        if let blocks = try? TCPSACKBlocks([TCPSACKBlock(left: SequenceNumber(gen.uint32()), right: SequenceNumber(
            gen.uint32()))]) {
            kinds.append(.sack(blocks))
        }
        while !kinds.isEmpty {
            let option = kinds.remove(at: gen.int(in: 0 ... kinds.count - 1))
            if gen.chance(80) { try? options.append(option) }
        }
        return options
    }
}
