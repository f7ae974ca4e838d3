import TCPCodec
import XCTest

/// The option text writer's two ways of writing one option, typed and from the raw bytes with tcpdump's rules, agree.
/// (Moved here from tcp-inspect's tests with the writer, which was its `OptionTextPrinter`.)
final class TCPOptionTextWriterTests: XCTestCase {
    /// A ``TCPTextOutput`` for the tests: the bytes written, as text.
    struct Text: TCPTextOutput {
        var bytes: [UInt8] = []

        mutating func writeBytes(_ bytes: UnsafeRawBufferPointer) {
            self.bytes += bytes
        }

        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Writes the option at byte 20 of `header` both ways and returns the two texts.
    private func written(_ option: TCPOption, header: [UInt8]) -> (typed: String, raw: String) {
        header.withUnsafeBytes { bytes in
            func run(_ body: (TCPOptionTextWriter, inout Text) -> TCPOptionTextWriter.Outcome) -> String {
                var output = Text()
                let writer = TCPOptionTextWriter(bytes: bytes, headerLength: header.count, flags: .ack, sackBase: 0)
                guard case .next(let next) = body(writer, &output) else {
                    XCTFail("the option ends the list")
                    return output.text
                }
                XCTAssertEqual(next, 20 + option.encodedLength)
                return output.text
            }
            return (run { $0.write(option, at: 20, to: &$1) }, run { $0.writeRaw(at: 20, to: &$1) })
        }
    }

    /// A SACK option of length 2 prints as tcpdump prints it, `sack 0 `: the block count, then the space that
    /// would come before the blocks.
    func testSACKWithoutBlocks() {
        var header = [UInt8](repeating: 0, count: 20)
        header[12] = 0x60  // data offset 6, the 4-byte option area below
        header += [
            0x05, 0x02,  // SACK, length 2: no block
            0x01, 0x01,  // NOP, NOP
        ]
        let texts = written(.sack(TCPSACKBlocks()), header: header)
        XCTAssertEqual(texts.typed, "sack 0 ")
        XCTAssertEqual(texts.raw, "sack 0 ")
    }

    /// Every kind the typed path writes itself agrees with tcpdump's raw reading of the same bytes.
    func testTypedAndRawAgree() throws {
        let block = TCPSACKBlock(left: SequenceNumber(1000), right: SequenceNumber(2000))
        let options: [TCPOption] = [
            .maximumSegmentSize(1460), .windowScale(14), .sackPermitted, .timestamps(value: 7, echoReply: 8),
            .sack(try TCPSACKBlocks([block, block])),
            .md5Signature(try TCPOptionData([UInt8](repeating: 1, count: 16))),
            .userTimeout(TCPUserTimeout(granularityIsMinutes: true, timeout: 3)),
            .authentication(TCPAuthenticationOption(keyID: 1, receiveNextKeyID: 2, mac: try TCPOptionData([3, 4]))),
            .multipath(try XCTUnwrap(MPTCPOption(hex: "1e 08 20 01 00000005"))),
            .multipath(try XCTUnwrap(MPTCPOption(hex: "1e 0c 70 00 d005b1ab34bad344"))),
            .fastOpenCookie(try TCPOptionData([1, 2, 3, 4])),
            .experimental(TCPExperimentalOption(
                kind: 254, experimentID: TCPExperimentalOption.fastOpenExperimentID,
                data: try TCPOptionData([5, 6, 7, 8]))),
            .unknown(kind: 99, data: try TCPOptionData([9])),
        ]
        for option in options {
            let wire = Array(try TCPOptionList([option]).bytes)
            var header = [UInt8](repeating: 0, count: 20) + wire
            header += [UInt8](repeating: 1, count: (4 - header.count % 4) % 4)  // NOP padding
            header[12] = UInt8(header.count / 4) << 4
            let texts = written(option, header: header)
            XCTAssertEqual(texts.typed, texts.raw, option.debugDescription)
            XCTAssertEqual(texts.typed, option.description, option.debugDescription)
        }
    }
}

extension MPTCPOption {
    /// The option whose bytes, kind and length first, `hex` spells.
    fileprivate init?(hex: String) {
        let bytes = hexBytes(hex)
        guard let option = bytes.withUnsafeBytes({ MPTCPOption(optionBytes: $0) }) else { return nil }
        self = option
    }
}
