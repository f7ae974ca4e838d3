import TCPCodec
import XCTest

final class TCPFlagsTests: XCTestCase {
    func testEachFlagHasItsBit() {
        let expected: [(TCPFlags, UInt16)] = [
            (.fin, 0x001), (.syn, 0x002), (.rst, 0x004), (.psh, 0x008), (.ack, 0x010), (.urg, 0x020),
            (.ece, 0x040), (.cwr, 0x080), (.ae, 0x100), (.reserved1, 0x200), (.reserved2, 0x400),
            (.reserved3, 0x800),
        ]
        var union: UInt16 = 0
        for (flag, bit) in expected {
            XCTAssertEqual(flag.rawValue, bit)
            union |= bit
        }
        XCTAssertEqual(TCPFlags.all.rawValue, union)
        XCTAssertEqual(TCPFlags.reserved.rawValue, 0xE00)
        XCTAssertEqual(TCPFlags.ecnBits.rawValue, 0x1C0)
    }

    func testDescriptionUsesTcpdumpLettersInTcpdumpOrder() {
        XCTAssertEqual(TCPFlags([]).description, "none")
        XCTAssertEqual(TCPFlags.syn.description, "S")
        XCTAssertEqual(TCPFlags([.syn, .ack]).description, "S.")
        XCTAssertEqual(TCPFlags([.psh, .ack]).description, "P.")
        XCTAssertEqual(TCPFlags([.fin, .ack]).description, "F.")
        XCTAssertEqual(TCPFlags([.rst, .ack]).description, "R.")
        // accecn_handshake.pcap frame 1 printed [SEWe]; heapoverflow-tcp_print.pcap frame 1 printed [.Ue].
        XCTAssertEqual(TCPFlags(rawValue: 0x1C2).description, "SEWe")
        XCTAssertEqual(TCPFlags(rawValue: 0xD30).description, ".Ue")
        XCTAssertEqual(TCPFlags(rawValue: 0x0FF).description, "FSRP.UEW")
        // Reserved bits alone print as none, as tcpdump does.
        XCTAssertEqual(TCPFlags.reserved.description, "none")
    }
}
