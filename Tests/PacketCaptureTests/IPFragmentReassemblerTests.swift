import CaptureTestSupport
import PacketCapture
import TCPCodec
import XCTest

/// A TCP segment of 60 bytes (20 of header, 40 of payload) cut into IP fragments, fed through
/// `PacketDissector.fragment(in:linkType:)` into the reassembler.
final class IPFragmentReassemblerTests: XCTestCase {
    /// The segment with a correct checksum for `FrameBuilder`'s addresses of `version`.
    static func segment(_ version: IPVersion) -> [UInt8] {
        var segment = FrameBuilder.tcp(flags: 0x18, payload: (0 ..< 40).map { UInt8($0) })
        let pseudoHeader = version == .v6
            ? try! TCPPseudoHeader(
                source: IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1),
                destination: IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 2))
            : TCPPseudoHeader(ipv4Source: 0xC000_0201, destination: 0xC633_6402)
        segment.withUnsafeMutableBytes { _ = TCPChecksum.fill(segment: $0, pseudoHeader: pseudoHeader) }
        return segment
    }

    /// A raw IP frame holding `bytes[range]` as the fragment at `range.lowerBound`.
    static func fragment(
        _ version: IPVersion, _ bytes: [UInt8], _ range: Range<Int>, more: Bool, identification: UInt32 = 7
    ) -> [UInt8] {
        let data = Array(bytes[range])
        if version == .v4 {
            return FrameBuilder.ipv4(
                fragmentField: (more ? 0x2000 : 0) | UInt16(range.lowerBound / 8),
                identification: UInt16(identification), payload: data)
        }
        return FrameBuilder.ipv6(
            nextHeader: 44,
            payload: FrameBuilder.ipv6FragmentHeader(
                offset: range.lowerBound, moreFragments: more, identification: identification) + data)
    }

    /// Dissects `frame` for its fragment and feeds it at `seconds` of capture time.
    static func feed(
        _ reassembler: inout IPFragmentReassembler, _ frame: [UInt8], seconds: Int64 = 0, tag: UInt64
    ) -> IPFragmentReassembler.Outcome? {
        frame.withUnsafeBytes { bytes in
            guard let fragment = PacketDissector.fragment(in: bytes, linkType: .raw) else { return nil }
            return reassembler.add(fragment, time: CaptureTimestamp(seconds: seconds, nanoseconds: 0), tag: tag)
        }
    }

    /// The reassembled segment's bytes, after checking that its checksum verifies over the whole segment.
    static func completedSegment(
        _ outcome: IPFragmentReassembler.Outcome?, length: Int = 60, file: StaticString = #filePath,
        line: UInt = #line
    ) -> (bytes: [UInt8], tags: [UInt64])? {
        guard case .completed(let datagram) = outcome else {
            XCTFail("not completed: \(String(describing: outcome))", file: file, line: line)
            return nil
        }
        return datagram.withDissectedPacket { packet in
            guard case .tcp(let segment) = packet else {
                XCTFail("no TCP segment: \(packet)", file: file, line: line)
                return nil
            }
            XCTAssertEqual(segment.declaredLength, length, file: file, line: line)
            XCTAssertFalse(segment.isFirstFragment, file: file, line: line)
            XCTAssertEqual(segment.verifyChecksum(), true, file: file, line: line)
            return (Array(segment.bytes), datagram.fragmentTags)
        }
    }

    func testInOrderAndOutOfOrder() {
        for version in [IPVersion.v4, .v6] {
            let segment = Self.segment(version)
            let frames = [
                Self.fragment(version, segment, 0 ..< 24, more: true),
                Self.fragment(version, segment, 24 ..< 48, more: true),
                Self.fragment(version, segment, 48 ..< 60, more: false),
            ]
            for order in [[0, 1, 2], [2, 0, 1], [1, 2, 0]] {
                var reassembler = IPFragmentReassembler()
                XCTAssertNotNil(Self.feed(&reassembler, frames[order[0]], tag: 1))
                XCTAssertNotNil(Self.feed(&reassembler, frames[order[1]], tag: 2))
                XCTAssertEqual(reassembler.datagramsInProgress, 1)
                let result = Self.completedSegment(Self.feed(&reassembler, frames[order[2]], tag: 3))
                XCTAssertEqual(result?.bytes, segment, "\(version) \(order)")
                XCTAssertEqual(result?.tags, [1, 2, 3])
                XCTAssertEqual(reassembler.completedDatagrams, 1)
                XCTAssertEqual(reassembler.datagramsInProgress, 0)
            }
        }
    }

    func testDuplicateIsIgnored() {
        for version in [IPVersion.v4, .v6] {
            let segment = Self.segment(version)
            var reassembler = IPFragmentReassembler()
            let first = Self.fragment(version, segment, 0 ..< 24, more: true)
            _ = Self.feed(&reassembler, first, tag: 1)
            guard case .pending = Self.feed(&reassembler, first, tag: 2) else { return XCTFail("\(version)") }
            XCTAssertEqual(reassembler.duplicateFragments, 1)
            let result = Self.completedSegment(
                Self.feed(&reassembler, Self.fragment(version, segment, 24 ..< 60, more: false), tag: 3))
            XCTAssertEqual(result?.bytes, segment)
            XCTAssertEqual(result?.tags, [1, 3])
        }
    }

    /// IPv4: the first data wins; the overlapping fragment fills only what was missing.
    func testIPv4OverlapKeepsFirstData() {
        let segment = Self.segment(.v4)
        var forged = segment
        for index in 0 ..< 24 { forged[index] ^= 0xFF }  // a rewritten header in the overlapping fragment
        var reassembler = IPFragmentReassembler()
        _ = Self.feed(&reassembler, Self.fragment(.v4, segment, 0 ..< 24, more: true), tag: 1)
        _ = Self.feed(&reassembler, Self.fragment(.v4, forged, 8 ..< 40, more: true), tag: 2)
        XCTAssertEqual(reassembler.trimmedOverlaps, 1)
        let result = Self.completedSegment(
            Self.feed(&reassembler, Self.fragment(.v4, segment, 40 ..< 60, more: false), tag: 3))
        XCTAssertEqual(result?.bytes, segment)
    }

    /// IPv6: an overlap drops the whole datagram (RFC 5722).
    func testIPv6OverlapDropsDatagram() {
        let segment = Self.segment(.v6)
        var reassembler = IPFragmentReassembler()
        _ = Self.feed(&reassembler, Self.fragment(.v6, segment, 0 ..< 24, more: true), tag: 1)
        guard case .dropped(.overlap) = Self.feed(&reassembler, Self.fragment(.v6, segment, 8 ..< 40, more: true),
                                                  tag: 2)
        else { return XCTFail("not dropped") }
        XCTAssertEqual(reassembler.droppedDatagrams(.overlap), 1)
        XCTAssertEqual(reassembler.datagramsInProgress, 0)
        // What follows starts a new datagram that cannot complete.
        guard case .pending = Self.feed(&reassembler, Self.fragment(.v6, segment, 40 ..< 60, more: false), tag: 3)
        else { return XCTFail("not pending") }
    }

    func testMissingPieceTimesOut() {
        for version in [IPVersion.v4, .v6] {
            let segment = Self.segment(version)
            var reassembler = IPFragmentReassembler()
            _ = Self.feed(&reassembler, Self.fragment(version, segment, 0 ..< 24, more: true), seconds: 100, tag: 1)
            _ = Self.feed(&reassembler, Self.fragment(version, segment, 48 ..< 60, more: false), seconds: 110, tag: 2)
            XCTAssertEqual(reassembler.datagramsInProgress, 1)
            XCTAssertEqual(reassembler.expire(at: CaptureTimestamp(seconds: 130, nanoseconds: 0)), 0)
            XCTAssertEqual(reassembler.expire(at: CaptureTimestamp(seconds: 130, nanoseconds: 1)), 1)
            XCTAssertEqual(reassembler.droppedDatagrams(.timedOut), 1)
            // The missing piece, too late, starts a datagram of its own.
            guard case .pending = Self.feed(
                &reassembler, Self.fragment(version, segment, 24 ..< 48, more: true), seconds: 131, tag: 3)
            else { return XCTFail("\(version)") }
            XCTAssertEqual(reassembler.finish(), 1)
            XCTAssertEqual(reassembler.droppedDatagrams(.incomplete), 1)
            XCTAssertEqual(reassembler.totalDroppedDatagrams, 2)
        }
    }

    func testTooManyFragments() {
        let segment = Self.segment(.v4)
        var reassembler = IPFragmentReassembler(limits: .init(fragmentsPerDatagram: 2))
        _ = Self.feed(&reassembler, Self.fragment(.v4, segment, 0 ..< 16, more: true), tag: 1)
        _ = Self.feed(&reassembler, Self.fragment(.v4, segment, 16 ..< 32, more: true), tag: 2)
        guard case .dropped(.tooManyFragments) = Self.feed(
            &reassembler, Self.fragment(.v4, segment, 32 ..< 60, more: false), tag: 3)
        else { return XCTFail("not dropped") }
        XCTAssertEqual(reassembler.datagramsInProgress, 0)
    }

    func testTooManyDatagramsEvictsTheOldest() {
        let segment = Self.segment(.v6)
        var reassembler = IPFragmentReassembler(limits: .init(datagrams: 2))
        for identification in UInt32(1) ... 3 {
            _ = Self.feed(
                &reassembler, Self.fragment(.v6, segment, 0 ..< 24, more: true, identification: identification),
                tag: UInt64(identification))
        }
        XCTAssertEqual(reassembler.datagramsInProgress, 2)
        XCTAssertEqual(reassembler.droppedDatagrams(.evicted), 1)
        // Datagram 1 was pushed out; 3 is still there and completes.
        guard case .pending = Self.feed(
            &reassembler, Self.fragment(.v6, segment, 24 ..< 60, more: false, identification: 1), tag: 4)
        else { return XCTFail("datagram 1 was kept") }
        let result = Self.completedSegment(
            Self.feed(&reassembler, Self.fragment(.v6, segment, 24 ..< 60, more: false, identification: 3), tag: 5))
        XCTAssertEqual(result?.tags, [3, 5])
    }

    /// A first fragment of 8 or 16 bytes cuts the TCP header (RFC 1858's tiny fragment): the datagram still
    /// reassembles, and the header is decoded whole.
    func testHeaderSplitAtBytes8And16() throws {
        for version in [IPVersion.v4, .v6] {
            for split in [8, 16] {
                let segment = Self.segment(version)
                let first = Self.fragment(version, segment, 0 ..< split, more: true)
                let captured = try XCTUnwrap(dissectTCP(first, linkType: .raw))
                XCTAssertTrue(captured.isFirstFragment)
                XCTAssertEqual(captured.bytes.count, split)
                var reassembler = IPFragmentReassembler()
                _ = Self.feed(&reassembler, first, tag: 1)
                let result = Self.completedSegment(
                    Self.feed(&reassembler, Self.fragment(version, segment, split ..< 60, more: false), tag: 2))
                XCTAssertEqual(result?.bytes, segment)
            }
        }
    }

    func testLengthRules() {
        let segment = Self.segment(.v6)
        var reassembler = IPFragmentReassembler()
        guard case .dropped(.misaligned) = Self.feed(
            &reassembler, Self.fragment(.v6, segment, 0 ..< 12, more: true), tag: 1)
        else { return XCTFail("misaligned kept") }
        let far = FrameBuilder.ipv6(
            nextHeader: 44,
            payload: FrameBuilder.ipv6FragmentHeader(offset: 65_528, moreFragments: false)
                + [UInt8](repeating: 0, count: 16))
        guard case .dropped(.tooLong) = Self.feed(&reassembler, far, tag: 2) else { return XCTFail("too long kept") }
        _ = Self.feed(&reassembler, Self.fragment(.v6, segment, 8 ..< 24, more: false), tag: 3)
        guard case .dropped(.conflictingEnd) = Self.feed(
            &reassembler, Self.fragment(.v6, segment, 24 ..< 32, more: true), tag: 4)
        else { return XCTFail("bytes past the end kept") }
    }

    /// Random cuts at multiples of 8, in a random order, some fragments sent twice: the datagram completes on the
    /// fragment that fills the last hole, and the bytes are the segment's. The seed is printed on failure.
    func testRandomCutsAndOrders() {
        for round in UInt64(0) ..< 200 {
            let seed = 0x5EED_0000 + round
            var random = SplitMix64(seed: seed)
            let version: IPVersion = round % 2 == 0 ? .v4 : .v6
            let payloadLength = Int.random(in: 0 ... 1_400, using: &random)
            var tcp = FrameBuilder.tcp(
                payload: (0 ..< payloadLength).map { _ in UInt8.random(in: 0 ... 255, using: &random) })
            let pseudoHeader = version == .v6
                ? try! TCPPseudoHeader(
                    source: IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1),
                    destination: IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 2))
                : TCPPseudoHeader(ipv4Source: 0xC000_0201, destination: 0xC633_6402)
            tcp.withUnsafeMutableBytes { _ = TCPChecksum.fill(segment: $0, pseudoHeader: pseudoHeader) }
            // At least two fragments (one alone would be an unfragmented packet), at most 20.
            var cuts = [0, 8]
            while cuts.count < 20 {
                let next = cuts.last! + 8 * Int.random(in: 1 ... 40, using: &random)
                guard next < tcp.count else { break }
                cuts.append(next)
            }
            cuts.append(tcp.count)
            var frames: [[UInt8]] = []
            for index in 0 ..< cuts.count - 1 {
                frames.append(
                    Self.fragment(version, tcp, cuts[index] ..< cuts[index + 1], more: index < cuts.count - 2))
            }
            var order = Array(frames.indices).shuffled(using: &random)
            if Bool.random(using: &random), let again = order.first { order.insert(again, at: order.count / 2) }
            var reassembler = IPFragmentReassembler()
            var seen = Set<Int>()
            for (position, index) in order.enumerated() {
                seen.insert(index)
                let outcome = Self.feed(&reassembler, frames[index], tag: UInt64(position))
                if seen.count < frames.count {
                    guard case .pending = outcome else {
                        return XCTFail("seed \(seed): \(String(describing: outcome)) before the last hole")
                    }
                } else {
                    let result = Self.completedSegment(outcome, length: tcp.count)
                    XCTAssertEqual(result?.bytes.count, tcp.count, "seed \(seed)")
                    XCTAssertEqual(result?.bytes == tcp, true, "seed \(seed)")
                    break
                }
            }
            XCTAssertEqual(reassembler.datagramsInProgress, 0, "seed \(seed)")
        }
    }

    /// Every prefix of every fragment frame dissects without a trap; a cut fragment is not reassembled.
    func testDripFeed() {
        for version in [IPVersion.v4, .v6] {
            let segment = Self.segment(version)
            let frames = [
                Self.fragment(version, segment, 0 ..< 8, more: true),
                Self.fragment(version, segment, 8 ..< 60, more: false),
            ]
            for frame in frames {
                for length in 0 ..< frame.count {
                    let prefix = Array(frame.prefix(length))
                    _ = prefix.withUnsafeBytes { PacketDissector.dissect($0, linkType: .raw) }
                    var reassembler = IPFragmentReassembler()
                    switch Self.feed(&reassembler, prefix, tag: 1) {
                    case .none, .dropped(.truncated): break
                    case let other: XCTFail("\(version) prefix \(length): \(String(describing: other))")
                    }
                }
            }
        }
    }

    /// Fragments of another protocol are not handed out; unfragmented packets are not fragments.
    func testOnlyTCPFragments() {
        let udp = FrameBuilder.ipv4(protocolNumber: 17, fragmentField: 0x2000, payload: [UInt8](repeating: 0, count: 8))
        XCTAssertNil(udp.withUnsafeBytes { PacketDissector.fragment(in: $0, linkType: .raw) })
        let plain = FrameBuilder.ipv4(payload: Self.segment(.v4))
        XCTAssertNil(plain.withUnsafeBytes { PacketDissector.fragment(in: $0, linkType: .raw) })
        let tagged = FrameBuilder.ethernet(
            etherType: 0x0800, tags: [(0x8100, 42)],
            payload: Self.fragment(.v4, Self.segment(.v4), 0 ..< 24, more: true, identification: 0xBEEF))
        let fragment = tagged.withUnsafeBytes { PacketDissector.fragment(in: $0, linkType: .ethernet) }
        XCTAssertEqual(fragment?.identification, 0xBEEF)
        XCTAssertEqual(fragment?.vlanTags, VLANTagStack([42]))
        XCTAssertEqual(fragment?.offset, 0)
        XCTAssertEqual(fragment?.moreFragments, true)
        XCTAssertEqual(fragment?.declaredLength, 24)
    }
}
