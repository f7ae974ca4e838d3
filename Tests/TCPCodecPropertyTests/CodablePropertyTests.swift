import Foundation
import TCPCodec
import TCPCodecTesting
import TCPCodecXCTest
import XCTest

/// Every generated header and option survives a JSON round trip unchanged.
final class CodablePropertyTests: XCTestCase {
    func testHeadersRoundTripThroughJSON() {
        check("header -> JSON -> header", iterations: 500) { gen in
            let header = gen.header()
            let data = try JSONEncoder().encode(header)
            let back = try JSONDecoder().decode(TCPHeader.self, from: data)
            try gen.expectEqual(back, header, "round trip of \(String(decoding: data, as: UTF8.self))")
            try gen.expectEqual(
                TCPGenerator.encoded(back), TCPGenerator.encoded(header), "the same bytes on the wire")
        }
    }

    func testOptionsRoundTripThroughJSON() {
        check("option -> JSON -> option", iterations: 1_000) { gen in
            let option = gen.option()
            let data = try JSONEncoder().encode(option)
            try gen.expectEqual(
                try JSONDecoder().decode(TCPOption.self, from: data), option, String(decoding: data, as: UTF8.self))
        }
    }
}
