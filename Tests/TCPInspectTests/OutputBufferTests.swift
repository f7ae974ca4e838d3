import PacketCapture
import TCPInspectCore
import XCTest

/// Number, address and time formatting of the output buffer.
final class OutputBufferTests: XCTestCase {
    func text(_ body: (OutputBuffer) -> Void) -> String {
        let buffer = OutputBuffer(destination: .memory)
        body(buffer)
        return buffer.text
    }

    func testDecimal() {
        XCTAssertEqual(text { $0.appendDecimal(UInt64(0)) }, "0")
        XCTAssertEqual(text { $0.appendDecimal(UInt64.max) }, "18446744073709551615")
        XCTAssertEqual(text { $0.appendDecimal(UInt32(4_294_967_295)) }, "4294967295")
        XCTAssertEqual(text { $0.appendDecimal(signed: -42) }, "-42")
        XCTAssertEqual(text { $0.appendDecimal(UInt64(7), width: 3) }, "007")
        XCTAssertEqual(text { $0.appendDecimal(UInt64(12345), width: 3) }, "12345")
        XCTAssertEqual(text { $0.appendDecimal(UInt64(7), spacePaddedTo: 5) }, "    7")
        XCTAssertEqual(text { $0.appendDecimal(UInt64(123_456), spacePaddedTo: 5) }, "123456")
    }

    func testHex() {
        XCTAssertEqual(text { $0.appendHex(0) }, "0")
        XCTAssertEqual(text { $0.appendHex(0xABC, width: 4) }, "0abc")
        XCTAssertEqual(text { $0.appendHex(UInt64.max) }, "ffffffffffffffff")
        XCTAssertEqual(text { $0.appendHexBytes([0x00, 0x0F, 0xF0]) }, "000ff0")
    }

    func testAddresses() {
        XCTAssertEqual(text { $0.appendAddress(IPAddress(ipv4: 0xC000_0201)) }, "192.0.2.1")
        XCTAssertEqual(text { $0.appendAddress(IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1)) }, "2001:db8::1")
    }

    func testTimestamps() {
        func stamp(_ seconds: Int64, _ nanoseconds: UInt64, nano: Bool = false) -> String {
            text { $0.appendTimestamp(CaptureTimestamp(seconds: seconds, nanoseconds: nanoseconds), nanoseconds: nano) }
        }
        XCTAssertEqual(stamp(0, 0), "1970-01-01 00:00:00.000000")
        XCTAssertEqual(stamp(951_782_400, 999_999_999), "2000-02-29 00:00:00.999999")
        XCTAssertEqual(stamp(951_782_400, 5, nano: true), "2000-02-29 00:00:00.000000005")
        XCTAssertEqual(stamp(-1, 0), "1969-12-31 23:59:59.000000")
        XCTAssertEqual(stamp(4_102_444_800, 0), "2100-01-01 00:00:00.000000")
        XCTAssertEqual(stamp(1_545_562_209, 891_237_000), "2018-12-23 10:50:09.891237")
        XCTAssertEqual(stamp(0, 1_000_000_000), "1970-01-01 00:00:00.1000000000")  // out of range, shown as is
        // The ends of the Int64 range (a pcapng if_tsoffset can reach them).
        XCTAssertEqual(stamp(Int64.min, 0), "-292277022657-01-27 08:29:52.000000")
        XCTAssertEqual(stamp(Int64.min + 86_398, 0), "-292277022657-01-28 08:29:50.000000")
        XCTAssertEqual(stamp(Int64.max, 999_999_999, nano: true), "292277026596-12-04 15:30:07.999999999")
        XCTAssertEqual(text { $0.appendTimestamp(nil) }, "-")
    }

    func testFlushesToAFileDescriptorInLargeWrites() throws {
        var descriptors: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&descriptors), 0)
        let buffer = OutputBuffer(destination: .fileDescriptor(descriptors[1]), flushThreshold: 8)
        buffer.append("0123456789")
        buffer.flushIfNeeded()
        XCTAssertTrue(buffer.bytes.isEmpty)
        buffer.append("ab")
        buffer.flush()
        close(descriptors[1])
        var received = [UInt8](repeating: 0, count: 64)
        let count = read(descriptors[0], &received, 64)
        close(descriptors[0])
        XCTAssertEqual(String(decoding: received.prefix(count), as: UTF8.self), "0123456789ab")
    }
}
