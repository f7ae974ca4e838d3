import Foundation
import PacketCapture
import XCTest

/// Every real capture in `Captures/tcpdump` read through `CaptureReader` and `PacketDissector`.
final class FixtureCaptureTests: XCTestCase {
    /// `Captures/tcpdump`, found from this file's path so that tests need nothing outside the package.
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // PacketCaptureTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("Captures/tcpdump")

    /// What reading and dissecting one capture found.
    struct Tally: Equatable, CustomStringConvertible {
        var frames = 0
        var tcp = 0
        var notTCP = 0
        var malformed = 0
        var truncatedTCP = 0
        var linkTypes: Set<UInt32> = []

        var description: String {
            "\(frames) frames, \(tcp) TCP, \(notTCP) not TCP, \(malformed) malformed, \(truncatedTCP) cut short"
        }
    }

    static func captureNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: fixtures.path)
            .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }
            .sorted()
    }

    static func tally(_ name: String) throws -> Tally {
        let reader = try CaptureReader(path: fixtures.appendingPathComponent(name).path)
        var tally = Tally()
        try reader.forEachRecord { record in
            tally.frames += 1
            precondition(record.frameNumber == UInt64(tally.frames))
            tally.linkTypes.insert(record.linkType.rawValue)
            switch record.dissect() {
            case .tcp(let segment):
                tally.tcp += 1
                if segment.isTruncated {
                    tally.truncatedTCP += 1
                }
            case .notTCP:
                tally.notTCP += 1
            case .malformed:
                tally.malformed += 1
            }
        }
        return tally
    }

    /// The `frames (TCP)` column of the table of tcpdump's captures in `Captures/README.md`, by capture name.
    static func readmeTable() throws -> [String: (frames: Int, tcp: Int)] {
        let readme = fixtures.deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try XCTUnwrap(text.range(of: "## tcpdump's test captures"), "no tcpdump section in the README")
        var table: [String: (frames: Int, tcp: Int)] = [:]
        for line in text[section.upperBound...].split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, cells[0].hasSuffix(".pcap") || cells[0].hasSuffix(".pcapng") else { continue }
            let numbers = cells[2].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            guard numbers.count == 2 else { continue }  // "5-13 (4-11)" rows give ranges
            table[cells[0]] = (numbers[0], numbers[1])
        }
        return table
    }

    func testEveryCaptureReadsAndDissects() throws {
        let names = try Self.captureNames()
        XCTAssertEqual(names.count, 82)
        var linkTypes: Set<UInt32> = []
        var totalFrames = 0
        var totalTCP = 0
        for name in names {
            let tally = try Self.tally(name)
            print("\(name): \(tally)")
            XCTAssertGreaterThan(tally.frames, 0, name)
            linkTypes.formUnion(tally.linkTypes)
            totalFrames += tally.frames
            totalTCP += tally.tcp
        }
        print("all captures: \(totalFrames) frames, \(totalTCP) TCP, link types \(linkTypes.sorted())")
        XCTAssertTrue(
            linkTypes.isSubset(of: [0, 1, 9, 12, 14, 101, 108, 113, 178, 228, 229, 242, 276]), "\(linkTypes.sorted())")
    }

    /// The TCP frame counts of a handful of captures, as the README's table of them gives them.
    func testTCPCountsOfSelectedCaptures() throws {
        let expected: [String: (frames: Int, tcp: Int)] = [
            "print-flags.pcap": (10, 10),
            "mptcp-fclose.pcap": (11, 9),
            "bgp_vpn_rt-oobr.pcap": (38, 1),
            "babel_update_oobr.pcap": (107, 2),
            "beep-oobr.pcap": (2, 1),
            "of13_ericsson.pcapng": (174, 174),
            "bigtcp-ipv6-hbh.pcap": (1, 1),
            "tcp-handshake-nano.pcap": (3, 3),
        ]
        for (name, counts) in expected.sorted(by: { $0.key < $1.key }) {
            let tally = try Self.tally(name)
            XCTAssertEqual(tally.frames, counts.frames, "\(name) frames")
            XCTAssertEqual(tally.tcp, counts.tcp, "\(name) TCP frames")
        }
    }

    /// Time stamps and addresses of first frames, as the `.out` files print them (`TZ=GMT0`).
    func testFirstFramesAgreeWithTcpdump() throws {
        func first(_ name: String) throws -> (CaptureTimestamp?, String, String) {
            let reader = try CaptureReader(path: Self.fixtures.appendingPathComponent(name).path)
            let record = try XCTUnwrap(reader.nextRecord())
            guard case .tcp(let segment) = record.dissect() else {
                XCTFail("\(name): first frame is not TCP")
                return (nil, "", "")
            }
            return (record.timestamp, segment.source.description, segment.destination.description)
        }
        // tcp-handshake-nano.out: "1  17:16:09.924505488 IP 131.155.215.69.46656 > 137.116.81.94.80"
        let nano = try first("tcp-handshake-nano.pcap")
        XCTAssertEqual(nano.0.map { $0.seconds % 86_400 }, 17 * 3600 + 16 * 60 + 9)
        XCTAssertEqual(nano.0?.nanoseconds, 924_505_488)
        XCTAssertEqual(nano.1, "131.155.215.69")
        XCTAssertEqual(nano.2, "137.116.81.94")
        // of13_ericsson.out: "1  2013-10-19 15:52:49.322823 IP 127.0.0.1.6633 > 127.0.0.1.35359"
        let pcapng = try first("of13_ericsson.pcapng")
        XCTAssertEqual(pcapng.0, CaptureTimestamp(seconds: 1_382_197_969, nanoseconds: 322_823_000))
        XCTAssertEqual(pcapng.1, "127.0.0.1")
        // bgp-orf.out: "1  2022-08-30 16:12:16.630159 IP6 ...
        //     fe80::a00:27ff:fe5e:d19e.34394 > fe80::ca5d:fd0d:cd8:1bb7.179"
        let ipv6 = try first("bgp-orf.pcapng")
        XCTAssertEqual(ipv6.0, CaptureTimestamp(seconds: 1_661_875_936, nanoseconds: 630_159_000))
        XCTAssertEqual(ipv6.1, "fe80::a00:27ff:fe5e:d19e")
        XCTAssertEqual(ipv6.2, "fe80::ca5d:fd0d:cd8:1bb7")
        // timestamp_invalid_micro.out: frame 2 ".1000000 (invalid us)"
        let reader = try CaptureReader(path: Self.fixtures.appendingPathComponent("timestamp_invalid_micro.pcap").path)
        _ = try reader.nextRecord()
        let second = try XCTUnwrap(reader.nextRecord()?.timestamp)
        XCTAssertEqual(second.nanoseconds, 1_000_000_000)
        XCTAssertFalse(second.isValid)
    }

    /// The `kday*` rows of the table give ranges; these counts were checked against the frames the `.out`
    /// files show as TCP (`Flags [...]` lines other than LLC's `Flags [Command]`).
    func testTCPCountsOfKdayCaptures() throws {
        let expected = ["kday2.pcap": (5, 4), "kday3.pcap": (9, 8), "kday4.pcap": (13, 11),
                        "kday5.pcap": (5, 4), "kday7.pcap": (13, 11), "kday8.pcap": (5, 4)]
        for (name, counts) in expected.sorted(by: { $0.key < $1.key }) {
            let tally = try Self.tally(name)
            XCTAssertEqual(tally.frames, counts.0, "\(name) frames")
            XCTAssertEqual(tally.tcp, counts.1, "\(name) TCP frames")
        }
    }

    /// The TCP checksum over pseudo-header and segment (RFC 9293 section 3.1): 0xFFFF when correct; `nil` when the
    /// pseudo-header cannot be known.
    static func checksumIsCorrect(_ segment: CapturedTCPSegment) -> Bool? {
        guard let pseudoHeader = segment.pseudoHeader else { return nil }
        var sum = pseudoHeader.sum(tcpLength: segment.declaredLength)
        let bytes = segment.bytes
        var index = 0
        while index + 1 < bytes.count {
            sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.count {
            sum += UInt32(bytes[index]) << 8
        }
        while sum > 0xFFFF {
            sum = (sum & 0xFFFF) + (sum >> 16)
        }
        return sum == 0xFFFF
    }

    /// Checksums verified with `pseudoHeader` agree with what the README says tcpdump found.
    func testChecksumsThroughThePseudoHeader() throws {
        // capture: (complete TCP segments, correct checksums); the -v outputs show the same verdicts.
        let expected = ["print-flags.pcap": (10, 8), "whois.pcap": (11, 5), "of13_ericsson.pcapng": (174, 2),
                        "accecn_handshake.pcap": (6, 3), "mptcp-aa-v1.pcap": (22, 0),
                        "bgp-orf.pcapng": (1, 1), "bgp-enhanced-route-refresh-subtype.pcapng": (3, 2)]
        for (name, counts) in expected.sorted(by: { $0.key < $1.key }) {
            let reader = try CaptureReader(path: Self.fixtures.appendingPathComponent(name).path)
            var complete = 0
            var correct = 0
            try reader.forEachRecord { record in
                guard case .tcp(let segment) = record.dissect(), !segment.isTruncated else { return }
                complete += 1
                XCTAssertEqual(segment.verifyChecksum(), Self.checksumIsCorrect(segment), "\(name) verifyChecksum")
                if Self.checksumIsCorrect(segment) == true {
                    correct += 1
                }
            }
            XCTAssertEqual(complete, counts.0, "\(name) complete segments")
            XCTAssertEqual(correct, counts.1, "\(name) correct checksums")
        }
    }

    /// Every row of the README table whose counts are single numbers.
    func testTCPCountsMatchTheWholeReadmeTable() throws {
        let table = try Self.readmeTable()
        XCTAssertGreaterThan(table.count, 40)
        for (name, counts) in table.sorted(by: { $0.key < $1.key }) {
            let tally = try Self.tally(name)
            XCTAssertEqual(tally.frames, counts.frames, "\(name) frames")
            XCTAssertEqual(tally.tcp, counts.tcp, "\(name) TCP frames")
        }
    }
}
