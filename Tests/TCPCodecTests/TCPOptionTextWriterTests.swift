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
}
