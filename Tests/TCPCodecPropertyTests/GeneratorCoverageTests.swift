import TCPCodec
import TCPCodecTesting
import XCTest

/// The generators reach every option kind, MPTCP subtype, flag bit and padding style they promise.
final class GeneratorCoverageTests: XCTestCase {
    func testHeadersCoverEveryOptionKindFlagAndPadding() {
        var kinds = Set<UInt8>()
        var subtypes = Set<UInt8>()
        var flagBits: UInt16 = 0
        var unknownKinds = 0
        var zeroPadding = 0
        var nonZeroPadding = 0
        var fullAreas = 0
        let generator = TCPGenerator(seed: 0xC0FF_EE00)
        for _ in 0 ..< 3_000 {
            let header = generator.header()
            flagBits |= header.flags.rawValue
            if header.options.byteCount >= 36 { fullAreas += 1 }
            for option in header.options {
                kinds.insert(option.kind)
                if case .multipath(let value) = option { subtypes.insert(value.subtype.rawValue) }
                if case .unknown = option { unknownKinds += 1 }
            }
            let bytes = TCPGenerator.encoded(header)
            bytes.withUnsafeBytes { raw in
                guard let view = try? TCPSegmentView(raw) else { return }
                let padding = view.options.padding
                if padding.contains(where: { $0 != 0 }) {
                    nonZeroPadding += 1
                } else if !padding.isEmpty {
                    zeroPadding += 1
                }
            }
        }
        for kind in TCPGenerator.knownOptionKinds {
            XCTAssertTrue(kinds.contains(kind), "option kind \(kind) never generated")
        }
        XCTAssertEqual(subtypes, Set(0 ... 15), "MPTCP subtypes generated: \(subtypes.sorted())")
        XCTAssertEqual(flagBits, 0x0FFF, "every one of the 12 flag bits is set somewhere")
        XCTAssertGreaterThan(unknownKinds, 50)
        XCTAssertGreaterThan(zeroPadding, 50)
        XCTAssertGreaterThan(nonZeroPadding, 50)
        XCTAssertGreaterThan(fullAreas, 10)
    }

    func testSegmentsReachTheEdgeChecksums() {
        let generator = TCPGenerator(seed: 11)
        var edges = [UInt16: Int]()
        for _ in 0 ..< 1_000 {
            let bytes = generator.segment(pseudoHeader: generator.pseudoHeader())
            let checksum = UInt16(bytes[16]) << 8 | UInt16(bytes[17])
            if [0x0000, 0x0001, 0xFFFE].contains(checksum) { edges[checksum, default: 0] += 1 }
        }
        XCTAssertGreaterThan(edges[0x0000, default: 0], 20, "\(edges)")
        XCTAssertGreaterThan(edges[0x0001, default: 0], 20, "\(edges)")
        XCTAssertGreaterThan(edges[0xFFFE, default: 0], 20, "\(edges)")
    }

    func testPseudoHeadersCoverBothFamilies() {
        let generator = TCPGenerator(seed: 9)
        let families = Set((0 ..< 100).map { _ in generator.pseudoHeader().family })
        XCTAssertEqual(families, [.ipv4, .ipv6])
    }

    func testASampleTraceOfEachScenarioReadsLikeTCP() {
        let generator = TCPGenerator(seed: 3)
        for scenario in TCPTraceScenario.allCases {
            let trace = generator.trace(scenario)
            XCTAssertEqual(trace.scenario, scenario)
            XCTAssertTrue(trace.segments[0].header.flags.contains(.syn), "\(trace)")
            if scenario == .refused {
                XCTAssertEqual(trace.segments.count, 2)
            } else if scenario != .reset {
                // Both sides sent a FIN.
                let finSenders = Set(trace.segments.filter { $0.header.flags.contains(.fin) }.map(\.sender))
                XCTAssertEqual(finSenders, [.initiator, .responder], "\(trace)")
            }
        }
    }
}
