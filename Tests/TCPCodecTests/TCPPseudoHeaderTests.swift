import TCPCodec
import XCTest

final class TCPPseudoHeaderTests: XCTestCase {
    /// mptcp-fclose.pcap frame 10's IPv4 header: 10.1.1.2 > 10.2.1.2, protocol 6.
    static let ipv4Header = hexBytes("""
        45 00 0040     # version 4, IHL 5, TOS 0, total length 64
        3808 4000      # identification, flags DF
        3f 06 eda9     # TTL 63, protocol 6 (TCP), header checksum
        0a010102       # source 10.1.1.2
        0a020102       # destination 10.2.1.2
        """)

    /// bgp-enhanced-route-refresh-subtype.pcapng frame 2's IPv6 header: 2a02:abc::123 > 2a02:abc::17.
    static let ipv6Header = hexBytes("""
        6c0b2582                            # version 6, traffic class, flow label
        0037 06 01                          # payload length 55, next header 6 (TCP), hop limit 1
        2a020abc000000000000000000000123    # source
        2a020abc000000000000000000000017    # destination
        """)

    private func pseudo(_ header: [UInt8]) throws -> TCPPseudoHeader {
        try header.withUnsafeBytes { try TCPPseudoHeader(ipHeader: $0) }
    }

    private func pseudoError(_ header: [UInt8]) -> TCPPseudoHeaderError? {
        header.withUnsafeBytes { raw in
            do throws(TCPPseudoHeaderError) {
                _ = try TCPPseudoHeader(ipHeader: raw)
                return nil
            } catch {
                return error
            }
        }
    }

    func testIPv4FromNumbersBytesAndHeaderAgree() throws {
        let numbers = TCPPseudoHeader(ipv4Source: 0x0A01_0102, destination: 0x0A02_0102)
        let fromHeader = try pseudo(Self.ipv4Header)
        XCTAssertEqual(numbers, fromHeader)
        XCTAssertEqual(numbers, CaptureFixtures.mptcpFastClose.pseudoHeader)
        XCTAssertEqual(numbers.family, .ipv4)
        numbers.withSourceAddress { XCTAssertEqual(Array($0), [10, 1, 1, 2]) }
        numbers.withDestinationAddress { XCTAssertEqual(Array($0), [10, 2, 1, 2]) }
        XCTAssertNotEqual(numbers, TCPPseudoHeader(ipv4Source: 0x0A02_0102, destination: 0x0A01_0102))
    }

    func testSumsMatchTheWrittenOutPseudoHeader() throws {
        let v4 = try pseudo(Self.ipv4Header)
        let v6 = try pseudo(Self.ipv6Header)
        XCTAssertEqual(v6.family, .ipv6)
        let v4Source: [UInt8] = [10, 1, 1, 2]
        let v4Destination: [UInt8] = [10, 2, 1, 2]
        let v6Source = Array(Self.ipv6Header[8 ..< 24])
        let v6Destination = Array(Self.ipv6Header[24 ..< 40])
        for length in [0, 20, 44, 0xFFFF, 0x1_0000, 80_000, 0x12_3456] {
            XCTAssertEqual(InternetChecksum.fold(UInt64(v6.sum(tcpLength: length))),
                           referenceSum(referencePseudoHeader(source: v6Source, destination: v6Destination,
                                                              tcpLength: length)), "IPv6 length \(length)")
            // IPv4 carries 16 bits of length.
            XCTAssertEqual(InternetChecksum.fold(UInt64(v4.sum(tcpLength: length))),
                           referenceSum(referencePseudoHeader(source: v4Source, destination: v4Destination,
                                                              tcpLength: length & 0xFFFF)), "IPv4 length \(length)")
        }
        let allOnes = TCPPseudoHeader(ipv4Source: 0xFFFF_FFFF, destination: 0xFFFF_FFFF)
        XCTAssertEqual(InternetChecksum.fold(UInt64(allOnes.sum(tcpLength: 0xFFFF))),
                       referenceSum([UInt8](repeating: 0xFF, count: 8) + [0, 6, 0xFF, 0xFF]))
    }

    func testAddressLengthsOtherThanFourOrSixteenAreRefused() {
        for (source, destination) in [(4, 16), (16, 4), (5, 5), (0, 0), (15, 15), (17, 17)] {
            let a = [UInt8](repeating: 1, count: source)
            let b = [UInt8](repeating: 2, count: destination)
            let error: TCPPseudoHeaderError? = a.withUnsafeBytes { sourceBytes in
                b.withUnsafeBytes { destinationBytes in
                    do throws(TCPPseudoHeaderError) {
                        _ = try TCPPseudoHeader(source: sourceBytes, destination: destinationBytes)
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            XCTAssertEqual(error, .invalidAddressLength(source: source, destination: destination))
        }
    }

    func testIPHeaderErrors() {
        var udp = Self.ipv4Header
        udp[9] = 17
        XCTAssertEqual(pseudoError(udp), .notTCP(protocolNumber: 17))
        var v6UDP = Self.ipv6Header
        v6UDP[6] = 17
        XCTAssertEqual(pseudoError(v6UDP), .notTCP(protocolNumber: 17))
        var version5 = Self.ipv4Header
        version5[0] = 0x55
        XCTAssertEqual(pseudoError(version5), .unknownIPVersion(5))
        XCTAssertEqual(TCPPseudoHeaderError.unknownIPVersion(5).description, "IP version 5 is neither 4 nor 6")
    }

    /// Every prefix of each IP header fails with the length it needed, but the whole.
    func testDripFeed() {
        for header in [Self.ipv4Header, Self.ipv6Header] {
            let needed = header.count
            for length in 0 ..< needed {
                let expected = TCPPseudoHeaderError.truncatedIPHeader(needed: length == 0 ? 20 : needed,
                                                                      available: length)
                XCTAssertEqual(pseudoError(Array(header[0 ..< length])), expected, "length \(length)")
            }
            XCTAssertNil(pseudoError(header))
        }
    }
}
