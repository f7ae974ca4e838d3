import TCPCodec
import XCTest

// The examples of README.md's codec sections, copied verbatim (without their `import` line) so that they cannot
// rot: if the API changes under them this file stops compiling, and the tests below check what they produce.

// README.md, "Decoding":
/// Describes a segment in one line, or says why it is not a valid TCP header.
func describe(_ bytes: UnsafeRawBufferPointer) -> String {
    let view: TCPSegmentView
    do {
        view = try TCPSegmentView(bytes)
    } catch {
        return "bad header: \(error)"  // e.g. "option kind 2 at offset 20 has invalid length 3 for its kind"
    }
    var line = "\(view.sourcePort) > \(view.destinationPort) [\(view.flags)] seq \(view.sequenceNumber)"
    for option in view.options {
        switch option {
        case .maximumSegmentSize(let mss): line += " mss \(mss)"
        case .windowScale(let shift): line += " wscale \(shift)"
        case .timestamps(let value, let echoReply): line += " TS val \(value) ecr \(echoReply)"
        case .sack(let blocks): line += " sack \(blocks.count)"
        default: break
        }
    }
    return line + " length \(view.payload.count)"
}

// README.md, "Decoding", the one-pass decoder:
/// The MSS a SYN announces, `nil` when it announces none, or the error that makes the segment invalid.
func announcedMSS(_ bytes: UnsafeRawBufferPointer) throws(TCPDecodingError) -> UInt16? {
    let view = try TCPSegmentView(checkingOptionsWhenRead: bytes)
    var mss: UInt16?
    let problem = view.options.readEach { option in
        if case .maximumSegmentSize(let value) = option { mss = value }
    }
    if let problem { throw problem }  // a malformed option: the segment is not valid
    return mss
}

// README.md, "Encoding":
/// Writes a SYN with the usual Linux options into `buffer` and returns its length.
func writeSYN(into buffer: UnsafeMutableRawBufferPointer) throws(TCPEncodingError) -> Int {
    var header = TCPHeader(
        sourcePort: 40_000, destinationPort: 443,
        sequenceNumber: SequenceNumber(0xFFFF_FFF0), flags: [.syn], window: 64_240)
    // A literal list; `try TCPOptionList(options)` is the checked form for options chosen at run time.
    header.options = [
        .maximumSegmentSize(1460), .sackPermitted, .timestamps(value: 1, echoReply: 0), .noOperation, .windowScale(7),
    ]
    let pseudoHeader = TCPPseudoHeader(ipv4Source: 0x0A00_0001, destination: 0x0A00_0002)  // 10.0.0.1 -> 10.0.0.2
    return try header.encode(into: buffer, pseudoHeader: pseudoHeader)  // 40 bytes, checksum filled in
}

final class ReadmeExamplesTests: XCTestCase {
    func testDecodingExample() {
        // ssh.pcap frame 1: tcpdump printed `Flags [S], seq 4082233688, win 65535, options [mss 1460,nop,
        // wscale 6,nop,nop,TS val 1948436430 ecr 0,sackOK,eol], length 0`.
        CaptureFixtures.sshSYN.bytes.withUnsafeBytes { raw in
            XCTAssertEqual(describe(raw),
                           "62146 > 22 [S] seq 4082233688 mss 1460 wscale 6 TS val 1948436430 ecr 0 length 0")
        }
        // ssh.pcap frame 48: a SACK block, 14 NOPs before it.
        CaptureFixtures.sshSACK.bytes.withUnsafeBytes { raw in
            XCTAssertEqual(describe(raw), "22 > 62146 [.] seq 2455222326 sack 1 length 0")
        }
        // The error the comment in the example promises.
        segment(options: [2, 3, 5, 0]).withUnsafeBytes { raw in
            XCTAssertEqual(describe(raw), "bad header: option kind 2 at offset 20 has invalid length 3 for its kind")
        }
    }

    func testOnePassDecodingExample() throws {
        try CaptureFixtures.sshSYN.bytes.withUnsafeBytes { raw in
            XCTAssertEqual(try announcedMSS(raw), 1460)
        }
        try CaptureFixtures.sshSACK.bytes.withUnsafeBytes { raw in
            XCTAssertNil(try announcedMSS(raw))
        }
        // MSS of length 3: the iterator stops there, and the example throws what the validating decoder throws.
        XCTAssertEqual(thrownByAnnouncedMSS(segment(options: [2, 3, 5, 0])),
                       .invalidOptionLength(kind: 2, offset: 20, length: 3))
        XCTAssertEqual(thrownByAnnouncedMSS(Array(segment(options: []).prefix(19))),
                       .truncatedHeader(needed: 20, available: 19))
    }

    func thrownByAnnouncedMSS(_ bytes: [UInt8]) -> TCPDecodingError? {
        bytes.withUnsafeBytes { raw in
            do throws(TCPDecodingError) {
                _ = try announcedMSS(raw)
                return nil
            } catch {
                return error
            }
        }
    }

    func testEncodingExample() throws {
        var buffer = [UInt8](repeating: 0xEE, count: 64)
        let length = try buffer.withUnsafeMutableBytes { try writeSYN(into: $0) }
        XCTAssertEqual(length, 40)
        let segment = Array(buffer[0 ..< length])
        XCTAssertEqual(UInt16(segment[16]) << 8 | UInt16(segment[17]),
                       referenceChecksum(segment: segment, source: [10, 0, 0, 1], destination: [10, 0, 0, 2]))
        try segment.withUnsafeBytes { raw in
            let view = try TCPSegmentView(raw)
            XCTAssertEqual(view.flags, .syn)
            XCTAssertEqual(view.sequenceNumber, SequenceNumber(0xFFFF_FFF0))
            XCTAssertEqual(view.window, 64_240)
            XCTAssertEqual(Array(view.options), [
                .maximumSegmentSize(1460), .sackPermitted, .timestamps(value: 1, echoReply: 0), .noOperation,
                .windowScale(7),
            ])
            XCTAssertTrue(view.verifyChecksum(pseudoHeader: TCPPseudoHeader(ipv4Source: 0x0A00_0001,
                                                                            destination: 0x0A00_0002)))
        }
    }
}
