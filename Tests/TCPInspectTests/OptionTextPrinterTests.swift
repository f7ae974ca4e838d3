import TCPCodec
@testable import TCPInspectCore
import XCTest

/// The option printer's two ways of printing one option, typed and from the raw bytes with tcpdump's rules, agree.
final class OptionTextPrinterTests: XCTestCase {
    /// Prints the option at byte 20 of `header` both ways and returns the two texts.
    private func printed(_ option: TCPOption, header: [UInt8]) -> (typed: String, raw: String) {
        header.withUnsafeBytes { bytes in
            func run(_ body: (OptionTextPrinter) -> OptionTextPrinter.Outcome) -> String {
                let out = OutputBuffer(destination: .memory)
                let printer = OptionTextPrinter(
                    bytes: bytes, headerLength: header.count, flags: .ack, sackBase: 0, out: out)
                guard case .next(let next) = body(printer) else {
                    XCTFail("the option ends the list")
                    return out.text
                }
                XCTAssertEqual(next, 20 + option.encodedLength)
                return out.text
            }
            return (run { $0.print(option, at: 20) }, run { $0.printRaw(at: 20) })
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
        let texts = printed(.sack(TCPSACKBlocks()), header: header)
        XCTAssertEqual(texts.typed, "sack 0 ")
        XCTAssertEqual(texts.raw, "sack 0 ")
    }
}
