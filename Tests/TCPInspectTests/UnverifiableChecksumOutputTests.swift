import CaptureTestSupport
import Foundation
import PacketCapture
import TCPCodec
import TCPInspectCore
import XCTest

/// Segments whose checksum pseudo-header is not the IP header's in every view: verified over a source route's final
/// destination or a home address, and unverifiable (never bad) where the pseudo-header cannot be known.
final class UnverifiableChecksumOutputTests: XCTestCase {
    private let ipv4Source = IPAddress(ipv4: 0xC000_0201)  // 192.0.2.1, FrameBuilder's default
    private let ipv4Destination = IPAddress(ipv4: 0xC633_6402)  // 198.51.100.2, FrameBuilder's default
    private let ipv4Final = IPAddress(ipv4: 0xCB00_7109)  // 203.0.113.9
    private let ipv6Source = IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1)  // 2001:db8::1
    private let ipv6Destination = IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 2)  // 2001:db8::2
    private let homeAddress = IPAddress(ipv6High: 0x2001_0DB8_BEEF_0000, low: 5)  // 2001:db8:beef::5

    /// The harness's SYN (ports 47001 > 80) with its checksum computed over `source` and `destination`.
    private func syn(checksumOver source: IPAddress, _ destination: IPAddress) throws -> [UInt8] {
        var tcp = InspectHarness.segment()
        let pseudoHeader = try TCPPseudoHeader(source: source, destination: destination)
        tcp.withUnsafeMutableBytes { _ = TCPChecksum.fill(segment: $0, pseudoHeader: pseudoHeader) }
        return tcp
    }

    private func bytes(_ address: IPAddress) -> [UInt8] {
        address.withUnsafeBytes { Array($0) }
    }

    /// Eight frames:
    /// 1. plain IPv4, checksum over its own addresses;
    /// 2. the same segment behind an incomplete Loose Source Route, checksum over the final destination;
    /// 3. the same behind the same route, checksum over the header's addresses: wrong;
    /// 4. IPv4 with a malformed option list: unverifiable;
    /// 5. IPv6 with a routing header of type 5 and one segment left, checksum over the header's addresses:
    ///    unverifiable;
    /// 6. the same with a checksum that is right for no pseudo-header: unverifiable all the same;
    /// 7. IPv6 with a Home Address option, checksum over the home address;
    /// 8. the same, checksum over the header's addresses: wrong.
    private func capture() throws -> [UInt8] {
        let sourceRoute: [UInt8] = [131, 7, 4] + bytes(ipv4Final) + [0]  // LSRR: length 7, pointer 4; EOL
        let unknownRouting = FrameBuilder.extensionHeader(
            next: 6, body: [5, 1] + [0, 0, 0, 0] + bytes(ipv4Final) + [UInt8](repeating: 0, count: 12))
        let homeOption = FrameBuilder.extensionHeader(
            next: 6, body: [1, 2, 0, 0] + [0xC9, 16] + bytes(homeAddress))  // PadN, Home Address option
        var garbled = try syn(checksumOver: ipv6Source, ipv6Destination)
        garbled[17] ^= 0x5A
        let packets: [(UInt16, [UInt8])] = [
            (0x0800, FrameBuilder.ipv4(payload: try syn(checksumOver: ipv4Source, ipv4Destination))),
            (0x0800, FrameBuilder.ipv4(options: sourceRoute, payload: try syn(checksumOver: ipv4Source, ipv4Final))),
            (0x0800, FrameBuilder.ipv4(
                options: sourceRoute, payload: try syn(checksumOver: ipv4Source, ipv4Destination))),
            (0x0800, FrameBuilder.ipv4(
                options: [0x44, 1, 0, 0], payload: try syn(checksumOver: ipv4Source, ipv4Destination))),
            (0x86DD, FrameBuilder.ipv6(
                nextHeader: 43, payload: unknownRouting + (try syn(checksumOver: ipv6Source, ipv6Destination)))),
            (0x86DD, FrameBuilder.ipv6(nextHeader: 43, payload: unknownRouting + garbled)),
            (0x86DD, FrameBuilder.ipv6(
                nextHeader: 60, payload: homeOption + (try syn(checksumOver: homeAddress, ipv6Destination)))),
            (0x86DD, FrameBuilder.ipv6(
                nextHeader: 60, payload: homeOption + (try syn(checksumOver: ipv6Source, ipv6Destination)))),
        ]
        var pcap = PcapBuilder()
        for (index, (etherType, packet)) in packets.enumerated() {
            pcap.record(seconds: 1_700_000_000, fraction: UInt32(index),
                        FrameBuilder.ethernet(etherType: etherType, payload: packet))
        }
        return pcap.bytes
    }

    func testJSONGivesTheReason() throws {
        let run = try InspectHarness.run(capture(), configuration: InspectConfiguration(json: true))
        XCTAssertNil(run.error)
        let objects = try run.lines.map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
        }
        XCTAssertEqual(objects.count, 8)
        let verdicts = objects.map { $0["csum_ok"] as? Bool }
        XCTAssertEqual(verdicts, [true, true, false, nil, nil, nil, true, false])
        let reasons = objects.map { $0["csum_unverifiable"] as? String }
        XCTAssertEqual(reasons, [
            nil, nil, nil, "malformed IPv4 options", "unknown routing header type 5", "unknown routing header type 5",
            nil, nil,
        ])
        // The addresses are the IP header's, whatever the pseudo-header names.
        XCTAssertEqual(objects[1]["dst"] as? String, "198.51.100.2")
        XCTAssertEqual(objects[6]["src"] as? String, "2001:db8::1")
        // The key comes right after the verdict.
        XCTAssertTrue(run.lines[4].contains(#""csum_ok":null,"csum_unverifiable":"unknown routing header type 5","#),
                      run.lines[4])
    }

    func testSummaryCountsThemUnchecked() throws {
        let run = try InspectHarness.run(capture(), configuration: InspectConfiguration(view: .summary, json: true))
        XCTAssertNil(run.error)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        XCTAssertEqual(object["segments"] as? Int, 8)
        XCTAssertEqual(object["unchecked_checksums"] as? Int, 3)
        XCTAssertEqual(object["bad_checksums"] as? Int, 2)
        let statistics = try XCTUnwrap(
            InspectHarness.run(capture(), configuration: InspectConfiguration(view: .summary)).statistics)
        XCTAssertEqual(statistics.uncheckedChecksums, 3)
        XCTAssertEqual(statistics.badChecksums, 2)
    }

    func testTextNeverCallsThemBad() throws {
        let run = try InspectHarness.run(capture(), configuration: InspectConfiguration(validates: false))
        XCTAssertNil(run.error)
        // From the addresses on: the frame numbers and times differ.
        let lines = run.lines.map { line -> String in
            guard let start = line.range(of: " IP") else { return line }
            return String(line[start.lowerBound...])
        }
        XCTAssertEqual(lines.count, 8)
        XCTAssertEqual(lines[1], lines[0], "a route whose final destination makes the checksum right prints as before")
        XCTAssertTrue(lines[2].contains(", cksum 0x"), lines[2])
        for index in [3, 4, 5] {
            XCTAssertFalse(lines[index].contains("cksum"), lines[index])
            XCTAssertFalse(lines[index].contains("incorrect"), lines[index])
        }
        XCTAssertFalse(lines[6].contains("cksum"), lines[6])
        // The right value of a wrong checksum is taken over the home address too.
        let right = try syn(checksumOver: homeAddress, ipv6Destination)
        let expected = String(UInt16(right[16]) << 8 | UInt16(right[17]), radix: 16)
        XCTAssertTrue(lines[7].contains("(incorrect -> 0x" + String(repeating: "0", count: 4 - expected.count)
                                            + expected + ")"), lines[7])
    }
}
