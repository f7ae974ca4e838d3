import MallocCounter
import TCPCodec
import XCTest

/// Proves the hot paths allocate nothing: decode, option iteration, encode, checksums and the mutable view.
///
/// A C module replaces the allocation functions with counting wrappers (Linux with glibc); each test runs its
/// workload once to warm up (the runtime may allocate type metadata the first time a type is used), then counts
/// the allocations of a second run, which must be zero. The first tests show that the counter does count.
final class AllocationTests: XCTestCase {
    // MARK: - Fixtures

    /// A SYN with the options Linux sends: MSS, SACK-permitted, timestamps, NOP, window scale (40-byte header).
    static let syn: [UInt8] = [
        0xC3, 0x50,  // source port 50000
        0x01, 0xBB,  // destination port 443
        0x00, 0x00, 0x10, 0x00,  // sequence number 4096
        0x00, 0x00, 0x00, 0x00,  // acknowledgment number 0
        0xA0, 0x02,  // data offset 10 (40 bytes), flags SYN
        0xFA, 0xF0,  // window 64240
        0x00, 0x00,  // checksum (filled in by the test)
        0x00, 0x00,  // urgent pointer
        0x02, 0x04, 0x05, 0xB4,  // MSS 1460
        0x04, 0x02,  // SACK permitted
        0x08, 0x0A, 0x00, 0x01, 0x02, 0x03, 0x00, 0x00, 0x00, 0x00,  // timestamps 66051, 0
        0x01,  // NOP
        0x03, 0x03, 0x07,  // window scale 7
    ]

    /// An ACK with timestamps and three SACK blocks (60-byte header) and 4 payload bytes.
    static let sackAck: [UInt8] = [
        0x01, 0xBB,  // source port 443
        0xC3, 0x50,  // destination port 50000
        0x00, 0x00, 0x20, 0x00,  // sequence number 8192
        0x00, 0x00, 0x10, 0x01,  // acknowledgment number 4097
        0xF0, 0x18,  // data offset 15 (60 bytes), flags PSH ACK
        0x01, 0xF5,  // window 501
        0x00, 0x00,  // checksum (filled in by the test)
        0x00, 0x00,  // urgent pointer
        0x01, 0x01,  // NOP NOP
        0x08, 0x0A, 0x00, 0x00, 0x00, 0x05, 0x00, 0x01, 0x02, 0x03,  // timestamps 5, 66051
        0x01, 0x01,  // NOP NOP
        0x05, 0x1A,  // SACK, 3 blocks
        0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x25, 0xB4,  // block 8192 ..< 9652
        0x00, 0x00, 0x30, 0x00, 0x00, 0x00, 0x35, 0xB4,  // block 12288 ..< 13748
        0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x45, 0xB4,  // block 16384 ..< 17844
        0xDE, 0xAD, 0xBE, 0xEF,  // payload
    ]

    /// Options of the less common kinds (52-byte header): MPTCP MP_CAPABLE, an RFC 6994 experiment, Accurate ECN,
    /// an unknown kind, then EOL and padding.
    static let rareOptions: [UInt8] = [
        0x01, 0xBB,  // source port 443
        0xC3, 0x50,  // destination port 50000
        0x00, 0x00, 0x20, 0x00,  // sequence number 8192
        0x00, 0x00, 0x10, 0x01,  // acknowledgment number 4097
        0xD0, 0x10,  // data offset 13 (52 bytes), flags ACK
        0x01, 0xF5,  // window 501
        0x00, 0x00,  // checksum
        0x00, 0x00,  // urgent pointer
        0x1E, 0x0C, 0x01, 0x81, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,  // MPTCP MP_CAPABLE v1, a key
        0xFE, 0x06, 0xF9, 0x89, 0xAB, 0xCD,  // experiment 0xF989 with 2 bytes
        0xAC, 0x0B, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02, 0x00, 0x00, 0x03,  // Accurate ECN order 0, 3 counters
        0x63, 0x02,  // unknown kind 99, no data
        0x00, 0x00,  // EOL, padding
    ]

    /// An MSS option of length 3: an error when strict, a `.malformed` option under framing checks.
    static let badMSS: [UInt8] = [
        0x01, 0xBB, 0xC3, 0x50,  // ports 443, 50000
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,  // sequence number 1, acknowledgment number 0
        0x60, 0x02,  // data offset 6 (24 bytes), flags SYN
        0x01, 0x00, 0x00, 0x00, 0x00, 0x00,  // window 256, checksum, urgent pointer
        0x02, 0x03, 0x05, 0x00,  // MSS with length 3, then EOL
    ]

    /// An option whose length runs past the header: an error under both checkings.
    static let overlongOption: [UInt8] = [
        0x01, 0xBB, 0xC3, 0x50,  // ports 443, 50000
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,  // sequence number 1, acknowledgment number 0
        0x60, 0x10,  // data offset 6 (24 bytes), flags ACK
        0x01, 0x00, 0x00, 0x00, 0x00, 0x00,  // window 256, checksum, urgent pointer
        0x08, 0x0A, 0x00, 0x00,  // timestamps claiming 10 bytes in a 4-byte option area
    ]

    /// Ten bytes: shorter than the fixed header.
    static let truncated: [UInt8] = [0x01, 0xBB, 0xC3, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00]

    static let pseudoHeader = TCPPseudoHeader(ipv4Source: 0x0A00_0001, destination: 0x0A00_0002)

    // MARK: - Counting

    /// The number of heap allocations `body` makes on this thread, after one uncounted warm-up run.
    func allocations(_ body: () -> Void) throws -> UInt64 {
        try XCTSkipUnless(malloc_counter_is_available(), "allocations are counted on Linux with glibc only")
        body()
        malloc_counter_start()
        body()
        return malloc_counter_stop()
    }

    // MARK: - The counter counts

    func testCounterCountsAnArrayAllocation() throws {
        let count = try allocations {
            let array = [Int](repeating: 7, count: 64)
            blackHole(array)
        }
        XCTAssertGreaterThanOrEqual(count, 1, "an Array of 64 Ints must allocate its buffer")
    }

    func testCounterCountsEachAllocationFunction() throws {
        var pointers: [UnsafeMutableRawPointer?] = []
        pointers.reserveCapacity(10)
        let count = try allocations {
            pointers.append(malloc(16))
            pointers.append(calloc(4, 4))
            pointers.append(realloc(nil, 32))
            var pointer: UnsafeMutableRawPointer?
            _ = posix_memalign(&pointer, 64, 64)
            pointers.append(pointer)
            pointers.append(aligned_alloc(64, 64))
        }
        for pointer in pointers { free(pointer) }
        XCTAssertEqual(count, 5, "malloc, calloc, realloc, posix_memalign and aligned_alloc each count once")
    }

    func testCounterCountsAStringBuiltAtRunTime() throws {
        let count = try allocations {
            var text = ""
            for index in 0 ..< 40 { text += String(index) }
            blackHole(text)
        }
        XCTAssertGreaterThanOrEqual(count, 1)
    }

    // MARK: - Decode and option iteration

    func testDecodingAndIteratingOptionsDoesNotAllocate() throws {
        var segments = [Self.syn, Self.sackAck, Self.rareOptions, Self.badMSS, Self.overlongOption, Self.truncated]
        for index in 0 ..< 3 {
            segments[index].withUnsafeMutableBytes { bytes in
                _ = TCPChecksum.fill(segment: bytes, pseudoHeader: Self.pseudoHeader)
            }
        }
        var digest: UInt64 = 0
        let count = try allocations {
            // Index loops: iterating an Array with for-in allocates a coroutine frame in unoptimized builds.
            var index = 0
            while index < segments.count {
                defer { index += 1 }
                segments[index].withUnsafeBytes { bytes in
                    if let view = try? TCPSegmentView(bytes, optionChecking: .strict) {
                        digest &+= Self.digest(of: view)
                    }
                    if let view = try? TCPSegmentView(bytes, optionChecking: .framing) {
                        digest &+= Self.digest(of: view)
                    }
                    if let view = try? TCPSegmentView(lenient: bytes) {
                        digest &+= Self.digest(of: view)
                        digest &+= UInt64(view.problem?.offset ?? 0)
                    }
                    if let view = try? TCPSegmentView(checkingOptionsWhenRead: bytes, optionChecking: .strict) {
                        digest &+= Self.digest(of: view)
                        var options = view.options.makeIterator()
                        while options.next() != nil {}
                        digest &+= UInt64(options.error?.offset ?? 0)
                        var sum: UInt64 = 0
                        let error = view.options.readEach { sum &+= UInt64($0.kind) }
                        digest &+= sum &+ UInt64(error?.offset ?? 0)
                    }
                    do throws(TCPDecodingError) {
                        _ = try TCPSegmentView(bytes)
                    } catch {
                        digest &+= UInt64(error.offset)
                    }
                }
            }
        }
        XCTAssertEqual(count, 0, "decoding and reading options must not allocate")
        XCTAssertNotEqual(digest, 0)
    }

    func testDecodingSpansAndIteratingTheirOptionsDoesNotAllocate() throws {
        let segments = [Self.syn, Self.sackAck, Self.rareOptions, Self.badMSS, Self.overlongOption, Self.truncated]
        var digest: UInt64 = 0
        let count = try allocations {
            var index = 0
            while index < segments.count {
                defer { index += 1 }
                let segmentBytes = segments[index]
                let bytes = segmentBytes.span.bytes
                // Not a for-in over an array literal: the literal itself would allocate.
                var checking = TCPOptionChecking.strict
                while true {
                    defer { checking = .framing }
                    do throws(TCPDecodingError) {
                        let segment = try TCPSegmentSpan(checkingOptionsWhenRead: bytes, optionChecking: checking)
                        digest &+= UInt64(segment.sourcePort) &+ UInt64(segment.payload.byteCount)
                        let error = segment.options.forEach { digest &+= UInt64($0.kind) &+ UInt64($0.encodedLength) }
                        digest &+= UInt64(error?.offset ?? 0)
                        var options = segment.options.makeIterator()
                        while let option = options.next() { digest &+= UInt64(option.kind) }
                        digest &+= UInt64(options.error?.offset ?? 0)
                    } catch {
                        digest &+= UInt64(error.offset)
                    }
                    if checking == .framing { break }
                }
                do throws(TCPDecodingError) {
                    let segment = try TCPSegmentSpan(lenient: bytes)
                    digest &+= UInt64(segment.problem?.offset ?? 0) &+ UInt64(segment.headerBytes.byteCount)
                } catch {
                    digest &+= UInt64(error.offset)
                }
            }
        }
        XCTAssertEqual(count, 0, "decoding spans and reading their options must not allocate")
        XCTAssertNotEqual(digest, 0)
    }

    /// Reads every field and every option of a view, as a decoder's user would.
    static func digest(of view: TCPSegmentView) -> UInt64 {
        var digest = UInt64(view.sourcePort) &+ UInt64(view.destinationPort)
        digest &+= UInt64(view.sequenceNumber.rawValue) &+ UInt64(view.acknowledgmentNumber.rawValue)
        digest &+= UInt64(view.dataOffset) &+ UInt64(view.headerLength) &+ UInt64(view.flags.rawValue)
        digest &+= UInt64(view.window) &+ UInt64(view.checksum) &+ UInt64(view.urgentPointer)
        digest &+= UInt64(view.payload.count) &+ UInt64(view.sequenceLength) &+ UInt64(view.headerBytes.count)
        digest &+= view.verifyChecksum(pseudoHeader: pseudoHeader) ? 1 : 0
        for option in view.options {
            digest &+= UInt64(option.kind) &+ UInt64(option.encodedLength)
            switch option {
            case .maximumSegmentSize(let mss): digest &+= UInt64(mss)
            case .windowScale(let shift): digest &+= UInt64(shift)
            case .timestamps(let value, let echoReply): digest &+= UInt64(value) &+ UInt64(echoReply)
            case .sack(let blocks):
                for block in blocks { digest &+= UInt64(block.left.rawValue) &+ UInt64(block.right.rawValue) }
            case .multipath(let value):
                digest &+= UInt64(value.version ?? 0) &+ UInt64(value.data.count)
                if let capable = value.capable { digest &+= UInt64(capable.version) }
            case .experimental(let value): digest &+= UInt64(value.experimentID)
            case .accurateECN(let value): digest &+= UInt64(value.ceBytes ?? 0)
            case .unknown(_, let data), .malformed(_, let data):
                for byte in data { digest &+= UInt64(byte) }
            default: break
            }
        }
        for step in view.options.walk() {
            switch step {
            case .option(_, let offset): digest &+= UInt64(offset)
            case .malformed(let error): digest &+= UInt64(error.offset)
            }
        }
        digest &+= UInt64(view.options.padding.count) &+ UInt64(view.options.firstError?.offset ?? 0)
        let header = TCPHeader(view)
        for option in header.options { digest &+= UInt64(option.kind) }
        return digest
    }

    // MARK: - Encode

    func testEncodingDoesNotAllocate() throws {
        var buffer = [UInt8](repeating: 0, count: 128)
        var written = 0
        let count = try allocations {
            buffer.withUnsafeMutableBytes { target in
                do throws(TCPEncodingError) {
                    var options = TCPOptionList()
                    try options.append(.maximumSegmentSize(1460))
                    try options.append(.sackPermitted)
                    try options.append(.timestamps(value: 1, echoReply: 0))
                    try options.append(.noOperation)
                    try options.append(.windowScale(7))
                    let syn = TCPHeader(
                        sourcePort: 50_000, destinationPort: 443, sequenceNumber: SequenceNumber(4096),
                        flags: .syn, window: 64_240, options: options)
                    written &+= try syn.encode(into: target, pseudoHeader: Self.pseudoHeader)

                    var blocks = TCPSACKBlocks()
                    try blocks.append(TCPSACKBlock(left: SequenceNumber(8192), right: SequenceNumber(9652)))
                    try blocks.append(TCPSACKBlock(left: SequenceNumber(12_288), right: SequenceNumber(13_748)))
                    try blocks.append(TCPSACKBlock(left: SequenceNumber(16_384), right: SequenceNumber(17_844)))
                    var ackOptions = TCPOptionList()
                    try ackOptions.append(.noOperation)
                    try ackOptions.append(.noOperation)
                    try ackOptions.append(.timestamps(value: 5, echoReply: 1))
                    try ackOptions.append(.noOperation)
                    try ackOptions.append(.noOperation)
                    try ackOptions.append(.sack(blocks))
                    var cookie = TCPOptionData()
                    try cookie.append(0xAB)
                    var rare = TCPOptionList()
                    try rare.append(.fastOpenCookie(TCPOptionData()))
                    try rare.append(.unknown(kind: 99, data: cookie))
                    let ack = TCPHeader(
                        sourcePort: 443, destinationPort: 50_000, sequenceNumber: SequenceNumber(8192),
                        acknowledgmentNumber: SequenceNumber(4097), flags: .ack, window: 501, options: ackOptions)
                    let payload: (UInt32, UInt32) = (0xDEAD_BEEF, 0x0102_0304)
                    written &+= try withUnsafeBytes(of: payload) { (bytes) throws(TCPEncodingError) -> Int in
                        try ack.encode(into: target, payload: bytes, pseudoHeader: Self.pseudoHeader)
                    }
                    written &+= try TCPHeader(options: rare).encode(into: target)
                    written &+= try TCPHeader().encode(into: target)
                } catch {
                    written = -1
                }
            }
        }
        XCTAssertEqual(count, 0, "building options and encoding headers must not allocate")
        XCTAssertGreaterThan(written, 0)
    }

    // MARK: - Checksums and the mutable view

    func testChecksumsDoNotAllocate() throws {
        let data = (0 ..< 1600).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let ipHeader: [UInt8] = [0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]
        let lengths = [0, 1, 17, 53, 64, 65, 576, 1500, 1600]
        var total: UInt64 = 0
        let count = try allocations {
            data.withUnsafeBytes { bytes in
                // Index loops: iterating an Array with for-in allocates a coroutine frame in unoptimized builds.
                var index = 0
                while index < lengths.count {
                    let length = lengths[index]
                    index += 1
                    let piece = UnsafeRawBufferPointer(rebasing: bytes[0 ..< length])
                    total &+= UInt64(InternetChecksum.sum(piece, initial: 0x1234))
                    total &+= UInt64(InternetChecksum.checksum(piece))
                    var accumulator = InternetChecksum.Accumulator(initial: 6)
                    accumulator.add(UnsafeRawBufferPointer(rebasing: piece.prefix(length / 3)))
                    accumulator.add(UnsafeRawBufferPointer(rebasing: piece.dropFirst(length / 3)))
                    total &+= UInt64(accumulator.checksum)
                }
                let old = UnsafeRawBufferPointer(rebasing: bytes[0 ..< 16])
                let new = UnsafeRawBufferPointer(rebasing: bytes[16 ..< 32])
                total &+= UInt64(InternetChecksum.update(0x1C46, replacing: old, with: new, startsAtOddOffset: true))
                total &+= UInt64(InternetChecksum.update(0x1C46, replacing: UInt16(1), with: UInt16(2)))
                total &+= UInt64(InternetChecksum.update(0x1C46, replacing: UInt32(1), with: UInt32(2)))
                total &+= UInt64(TCPChecksum.compute(segment: UnsafeRawBufferPointer(rebasing: bytes[0 ..< 60]),
                                                     pseudoHeader: Self.pseudoHeader))
                total &+= TCPChecksum.verify(segment: UnsafeRawBufferPointer(rebasing: bytes[0 ..< 60]),
                                             pseudoHeader: Self.pseudoHeader) ? 1 : 0
                if let pseudoHeader = try? TCPPseudoHeader(
                    source: UnsafeRawBufferPointer(rebasing: bytes[0 ..< 16]),
                    destination: UnsafeRawBufferPointer(rebasing: bytes[16 ..< 32]))
                {
                    total &+= UInt64(pseudoHeader.sum(tcpLength: 1500))
                }
            }
            ipHeader.withUnsafeBytes { bytes in
                if let pseudoHeader = try? TCPPseudoHeader(ipHeader: bytes) {
                    total &+= UInt64(pseudoHeader.sum(tcpLength: 20))
                }
            }
        }
        XCTAssertEqual(count, 0, "checksums must not allocate")
        XCTAssertNotEqual(total, 0)
    }

    func testMutableViewDoesNotAllocate() throws {
        var original = Self.sackAck
        original.withUnsafeMutableBytes { bytes in
            _ = TCPChecksum.fill(segment: bytes, pseudoHeader: Self.pseudoHeader)
        }
        var segment = original
        var valid = false
        let count = try allocations {
            segment.withUnsafeMutableBytes { bytes in
                // Each run starts from the original bytes, so the checksum updates apply once.
                original.withUnsafeBytes { bytes.copyMemory(from: $0) }
                guard let mutable = try? TCPSegmentMutableView(bytes) else { return }
                mutable.sourcePort = 8443
                mutable.destinationPort = 50_001
                mutable.sequenceNumber = mutable.sequenceNumber + 1460
                mutable.acknowledgmentNumber = mutable.acknowledgmentNumber + 1
                mutable.flags = TCPFlags.ack.union(.psh).union(.ece)
                mutable.window = 1024
                mutable.urgentPointer = 0
                _ = mutable.setTimestamps(value: 6, echoReply: 2)
                _ = mutable.setSACKBlock(at: 1, to: TCPSACKBlock(left: SequenceNumber(1), right: SequenceNumber(2)))
                _ = mutable.setMaximumSegmentSize(1400)
                mutable.updateChecksum(
                    from: Self.pseudoHeader, to: TCPPseudoHeader(ipv4Source: 0xC0A8_0001, destination: 0x0A00_0002))
                valid = TCPChecksum.verify(
                    segment: UnsafeRawBufferPointer(bytes),
                    pseudoHeader: TCPPseudoHeader(ipv4Source: 0xC0A8_0001, destination: 0x0A00_0002))
            }
        }
        XCTAssertEqual(count, 0, "the mutable view's setters must not allocate")
        XCTAssertTrue(valid, "the incrementally updated checksum must verify")
    }
    // MARK: - Text

    /// A text sink over memory allocated before counting starts, as a tool's output buffer is.
    struct FixedText: TCPTextOutput {
        let storage: UnsafeMutableRawBufferPointer
        var count = 0

        mutating func writeBytes(_ bytes: UnsafeRawBufferPointer) {
            let end = Swift.min(count + bytes.count, storage.count)
            UnsafeMutableRawBufferPointer(rebasing: storage[count ..< end])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0 ..< end - count]))
            count = end
        }
    }

    /// The tcpdump line of a segment is written into a caller's buffer with no allocation: no `String`, no array.
    func testWritingSegmentTextDoesNotAllocate() throws {
        let segments = [Self.syn, Self.sackAck, Self.rareOptions, Self.badMSS, Self.overlongOption]
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { storage.deallocate() }
        var output = FixedText(storage: storage)
        let count = try allocations {
            output.count = 0
            var index = 0
            while index < segments.count {
                defer { index += 1 }
                segments[index].withUnsafeBytes { bytes in
                    guard let view = try? TCPSegmentView(lenient: bytes) else { return }
                    TCPSegmentTextWriter().write(view, to: &output)
                    TCPSegmentTextWriter(alwaysShowSequence: true).writeBody(
                        view, segmentLength: bytes.count + 100, sequenceNumber: 1, acknowledgmentNumber: 1,
                        sackBase: 8000, expectedChecksum: 0xBEEF, to: &output)
                }
            }
        }
        XCTAssertEqual(count, 0, "writing a segment's text must not allocate")
        XCTAssertGreaterThan(output.count, 600)
    }

    /// An address's text: written into a caller's buffer with no allocation; as a `String`, none for IPv4 (a small
    /// string) and one, the string's own storage, for an IPv6 text longer than 15 bytes.
    func testAddressTextAllocatesAtMostTheString() throws {
        let addresses = [
            IPAddress(ipv4: 0xC000_0201), IPAddress(ipv4: 0xFFFF_FFFF), IPAddress(ipv6High: 0, low: 1),
            IPAddress(ipv6High: 0, low: 0xFFFF_C000_0201), IPAddress(ipv6High: ~0, low: ~0),
            IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 0x0000_0000_0002_0001),
        ]
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 1)
        defer { storage.deallocate() }
        var output = FixedText(storage: storage)
        let written = try allocations {
            output.count = 0
            var index = 0
            while index < addresses.count {
                addresses[index].write(to: &output)
                index += 1
            }
        }
        XCTAssertEqual(written, 0, "writing an address's text must not allocate")
        XCTAssertEqual(output.count, 9 + 15 + 3 + 16 + 39 + 13)
        let v4 = addresses[1]
        XCTAssertEqual(try allocations { blackHole(v4.description) }, 0, "an IPv4 text is a small string")
        let v6 = addresses[4]
        XCTAssertEqual(try allocations { blackHole(v6.description) }, 1, "only the string's storage")
        let short = addresses[2]
        XCTAssertEqual(try allocations { blackHole(short.description) }, 0, "\"::1\" is a small string")
    }
}

/// Keeps a value alive and opaque to the optimizer.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
