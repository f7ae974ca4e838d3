import Foundation
import TCPCodec
import XCTest

/// The owned values encode with `tcp-inspect --json`'s field names and decode back to themselves.
final class CodableTests: XCTestCase {
    private func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    func testScalars() throws {
        XCTAssertEqual(try json(SequenceNumber(0xFFFF_FFFF)), "4294967295")
        XCTAssertEqual(try decode(SequenceNumber.self, "7"), SequenceNumber(7))
        XCTAssertEqual(try json(TCPFlags([.syn, .ack])), "18")
        XCTAssertEqual(try decode(TCPFlags.self, "4095"), TCPFlags(rawValue: 0x0FFF))
        XCTAssertThrowsError(try decode(TCPFlags.self, "4096"), "a thirteenth bit")
    }

    func testOptionsInTheToolsShape() throws {
        XCTAssertEqual(try json(TCPOption.noOperation), #"{"kind":1}"#)
        XCTAssertEqual(try json(TCPOption.endOfOptionList), #"{"kind":0}"#)
        XCTAssertEqual(try json(TCPOption.maximumSegmentSize(1460)), #"{"kind":2,"len":4,"mss":1460}"#)
        XCTAssertEqual(try json(TCPOption.windowScale(7)), #"{"kind":3,"len":3,"shift":7}"#)
        XCTAssertEqual(try json(TCPOption.sackPermitted), #"{"kind":4,"len":2}"#)
        XCTAssertEqual(
            try json(TCPOption.timestamps(value: 1, echoReply: 2)), #"{"kind":8,"len":10,"tsecr":2,"tsval":1}"#)
        let blocks = try TCPSACKBlocks([TCPSACKBlock(left: SequenceNumber(10), right: SequenceNumber(20))])
        XCTAssertEqual(try json(TCPOption.sack(blocks)), #"{"blocks":[[10,20]],"kind":5,"len":10}"#)
        XCTAssertEqual(try json(TCPOption.sack(TCPSACKBlocks())), #"{"blocks":[],"kind":5,"len":2}"#)
        XCTAssertEqual(
            try json(TCPOption.fastOpenCookie(try TCPOptionData([0xDE, 0xAD, 0xBE, 0xEF]))),
            #"{"data":"deadbeef","kind":34,"len":6}"#)
        XCTAssertEqual(
            try json(TCPOption.unknown(kind: 99, data: try TCPOptionData([1]))), #"{"data":"01","kind":99,"len":3}"#)
    }

    func testOptionsDecodeBackThroughTheCodec() throws {
        let options: [TCPOption] = [
            .noOperation, .endOfOptionList, .maximumSegmentSize(1460), .windowScale(14), .sackPermitted,
            .timestamps(value: 0xFFFF_FFFF, echoReply: 0), .sack(TCPSACKBlocks()),
            .userTimeout(TCPUserTimeout(granularityIsMinutes: true, timeout: 5)),
            .fastOpenCookie(try TCPOptionData([1, 2, 3, 4])), .unknown(kind: 200, data: try TCPOptionData([9, 9])),
            .md5Signature(try TCPOptionData(Array(repeating: 7, count: 16))),
        ]
        for option in options {
            XCTAssertEqual(try decode(TCPOption.self, try json(option)), option, "\(option)")
        }
        // A value its kind's rule forbids reads as the codec reads it with framing checking: malformed.
        XCTAssertEqual(
            try decode(TCPOption.self, #"{"kind":19,"data":"0102"}"#),
            .malformed(kind: 19, data: try TCPOptionData([1, 2])))
    }

    func testOptionErrorsSayWhat() {
        XCTAssertThrowsError(try decode(TCPOption.self, #"{"kind":2,"len":5,"mss":1}"#), "len disagrees")
        XCTAssertThrowsError(try decode(TCPOption.self, #"{"kind":99,"data":"0g"}"#), "not hex")
        XCTAssertThrowsError(try decode(TCPOption.self, #"{"kind":99,"data":"0"}"#), "odd digits")
        XCTAssertThrowsError(try decode(TCPOption.self, #"{"kind":2}"#), "no mss")
        let five = Array(repeating: "[1,2]", count: 5).joined(separator: ",")
        XCTAssertThrowsError(try decode(TCPOption.self, #"{"kind":5,"blocks":["# + five + "]}")) { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(context.debugDescription.contains("at most 4 fit"), context.debugDescription)
        }
    }

    func testHeaderInTheToolsShapeAndBack() throws {
        let header = TCPHeader(
            sourcePort: 47001, destinationPort: 80, sequenceNumber: SequenceNumber(1000),
            acknowledgmentNumber: SequenceNumber(0), flags: [.syn], window: 64240, checksum: 0xABCD, urgentPointer: 0,
            options: [.maximumSegmentSize(1460), .sackPermitted, .noOperation, .windowScale(7)])
        XCTAssertEqual(try json(header), #"{"ack":0,"csum":43981,"dport":80,"flags":2,"hlen":32,"opts":["#
            + #"{"kind":2,"len":4,"mss":1460},{"kind":4,"len":2},{"kind":1},{"kind":3,"len":3,"shift":7}],"#
            + #""seq":1000,"sport":47001,"urp":0,"win":64240}"#)
        XCTAssertEqual(try decode(TCPHeader.self, try json(header)), header)
        XCTAssertThrowsError(
            try decode(TCPHeader.self, try json(header).replacingOccurrences(of: #""hlen":32"#, with: #""hlen":24"#)),
            "hlen disagrees with the options")
    }

    func testAnOptionAreaTheListCannotSayKeepsItsBytes() throws {
        // EOL, then padding bytes that are not zero: no list of options encodes to these bytes.
        var header = TCPHeader(sourcePort: 1, destinationPort: 2)
        header.options = TCPOptionList(rawBytes: try TCPOptionData([2, 4, 5, 0xB4, 0, 7, 7, 7]))
        let text = try json(header)
        XCTAssertTrue(text.contains(#""opts_raw":"020405b400070707""#), text)
        XCTAssertEqual(try decode(TCPHeader.self, text), header)
    }
}
