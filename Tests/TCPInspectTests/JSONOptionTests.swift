import Foundation
import TCPCodec
import TCPCodecTesting
import TCPInspectCore
import XCTest

/// `tcp-inspect --json` writes each option in the shape of `TCPOption`'s `Codable` encoding, so that nothing of an
/// option is lost (the value bytes of every kind without typed fields) and so that the JSON decodes back into the
/// options the segment carried; and a header's fields as `TCPHeader`'s `Codable` names them.
final class JSONOptionTests: XCTestCase {
    /// Every whole header of the repository's captures, as the inspector writes it, decodes with `TCPHeader`'s
    /// `Codable` (which checks `hlen` against the options), and `JSONEncoder` writes that header with the same
    /// members and values as the inspector did (but `opts_raw`, which only the `Codable` form has).
    func testHeaderObjectsDecodeAsTCPHeaderAndMatchItsEncoding() throws {
        let captures = try FileManager.default.contentsOfDirectory(atPath: FixturePaths.captures.path)
            .filter { $0.hasSuffix(".pcap") }.sorted()
        XCTAssertGreaterThan(captures.count, 10)
        var headers = 0
        for name in captures {
            let run = InspectHarness.run(
                path: FixturePaths.captures.appendingPathComponent(name).path,
                configuration: InspectConfiguration(json: true))
            for line in run.output.split(separator: "\n") {
                let data = Data(line.utf8)
                let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                guard object["error"] == nil, object["sport"] != nil else { continue }
                let header = try JSONDecoder().decode(TCPHeader.self, from: data)
                var encoded = try XCTUnwrap(
                    try JSONSerialization.jsonObject(with: JSONEncoder().encode(header)) as? [String: Any])
                encoded["opts_raw"] = nil
                let written = object.filter { encoded[$0.key] != nil }
                XCTAssertEqual(Set(written.keys), Set(encoded.keys), "\(name): \(line)")
                XCTAssertEqual(NSDictionary(dictionary: written), NSDictionary(dictionary: encoded), "\(name): \(line)")
                headers += 1
            }
        }
        XCTAssertGreaterThan(headers, 1_000)
    }

    /// Generated segments (seeded) through the inspector: each object decodes with `TCPHeader`'s `Codable` to the
    /// header the segment carries (every field and option), unless its option area is one that only `opts_raw`
    /// can say (padding after EOL that is not zero), which the inspector does not write.
    func testHeaderObjectsDecodeToTheHeaderCarried() throws {
        let generator = TCPGenerator(seed: 0x0715_0B7B)
        let pseudoHeader = TCPPseudoHeader(ipv4Source: 0xC000_0201, destination: 0xC633_6402)
        var compared = 0
        for round in 0 ..< 300 {
            let bytes = generator.segment(pseudoHeader: pseudoHeader)
            let carried = try bytes.withUnsafeBytes { TCPHeader(try TCPSegmentView($0)) }
            guard (try? TCPOptionList(Array(carried.options)))?.bytes == carried.options.bytes else { continue }
            let run = try InspectHarness.run(
                InspectHarness.ethernetPcap([bytes]), configuration: InspectConfiguration(json: true))
            let decoded = try JSONDecoder().decode(TCPHeader.self, from: Data(run.output.utf8))
            XCTAssertEqual(decoded, carried, "round \(round): \(run.output)")
            compared += 1
        }
        XCTAssertGreaterThan(compared, 100)  // about half: the rest have padding after EOL that is not zero
    }

    /// Option areas of every kind (seeded), each written by the inspector: every `opts` object equals the one
    /// `JSONEncoder` makes of the same option, and the list decodes with `JSONDecoder` into exactly the options
    /// encoded.
    func testOptionObjectsMatchTheCodableEncodingAndDecodeBack() throws {
        let generator = TCPGenerator(seed: 0x0715_0A7A)
        var kindsSeen = Set<UInt8>()
        for round in 0 ..< 400 {
            var options: [TCPOption] = []
            var length = 0
            for _ in 0 ..< generator.int(in: 1 ... 4) {
                let option = generator.option()
                guard length + option.encodedLength <= 40 else { break }
                options.append(option)
                length += option.encodedLength
            }
            while length % 4 != 0 {
                options.append(.noOperation)
                length += 1
            }
            let area = Array(try TCPOptionList(options).bytes)
            XCTAssertEqual(area.count, length)
            let run = try InspectHarness.run(
                InspectHarness.ethernetPcap([InspectHarness.segment(options: area)]),
                configuration: InspectConfiguration(json: true))
            let line = Data(run.output.utf8)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: line) as? [String: Any], run.output)
            let written = try XCTUnwrap(object["opts"] as? [[String: Any]], run.output)
            XCTAssertEqual(written.count, options.count, "round \(round): \(run.output)")
            for (option, writtenObject) in zip(options, written) {
                kindsSeen.insert(option.kind)
                let codable = try XCTUnwrap(
                    try JSONSerialization.jsonObject(with: JSONEncoder().encode(option)) as? [String: Any])
                XCTAssertEqual(
                    NSDictionary(dictionary: writtenObject), NSDictionary(dictionary: codable),
                    "round \(round), option \(option)")
            }
            let decoded = try JSONDecoder().decode(OptionsOnly.self, from: line)
            XCTAssertEqual(decoded.opts, options, "round \(round): \(run.output)")
        }
        // Every kind the generator draws was written at least once (MSS, WS, SACK-permitted, SACK, TS, MD5, UTO,
        // AO, MPTCP, TFO, AccECN, experimental, and kinds the codec does not know).
        for kind: UInt8 in [1, 2, 3, 4, 5, 8, 19, 28, 29, 30, 34] {
            XCTAssertTrue(kindsSeen.contains(kind), "kind \(kind) never drawn")
        }
        XCTAssertTrue(kindsSeen.contains(172) || kindsSeen.contains(174), "no AccECN option drawn")
        XCTAssertTrue(kindsSeen.contains(253) || kindsSeen.contains(254), "no experimental option drawn")
    }

    /// A TFO cookie and an unknown kind carry their bytes as `data`, lowercase hex of the value after kind and
    /// length; SACK-permitted carries nothing more than its kind and length.
    func testValueBytesAreWrittenAsHex() throws {
        let area: [UInt8] = [4, 2, 34, 6, 0xDE, 0xAD, 0xBE, 0xEF, 99, 4, 0x0A, 0xFF, 1, 1, 1, 1]
        let run = try InspectHarness.run(
            InspectHarness.ethernetPcap([InspectHarness.segment(options: area)]),
            configuration: InspectConfiguration(json: true))
        XCTAssertTrue(
            run.output.contains(
                #""opts":[{"kind":4,"len":2},{"kind":34,"len":6,"data":"deadbeef"},{"kind":99,"len":4,"data":"0aff"},"#
                    + #"{"kind":1},{"kind":1},{"kind":1},{"kind":1}]"#),
            run.output)
    }
}

/// The part of a segment's JSON object that this test decodes with `TCPOption`'s `Codable`.
private struct OptionsOnly: Decodable {
    let opts: [TCPOption]
}
