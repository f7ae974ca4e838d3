import Foundation
import PacketCapture
import TCPCodec
import XCTest

@testable import TCPValidation

/// The observer's conntrack model against Linux's connection tracking itself: `Captures/record-conntrack-oracle.sh`
/// sends the probes of the Linux oracle (`LinuxOracleTests`) through a Linux router whose nftables drop every segment
/// conntrack finds INVALID, strict (`nf_conntrack_tcp_be_liberal=0`), capturing on both of the router's interfaces
/// and keeping the router's log of what it found INVALID or ignored, and why. What conntrack did with a segment is
/// read from those files, never written here: the bound its window check named, what its state table or flag rules
/// decided ("packet (index 0) in dir 0 ignored, state SYN_RECV", "invalid new", "invalid tcp flag combination"), or,
/// for a segment it forwarded without a word, that everything held. The observer, seeing the segments as they
/// reached the router (each direction from its incoming side), must say the same in ``TCPObservation/windowCheck``,
/// and conntrack's verdict must be what the router did (INVALID dropped, the rest forwarded); on a connection picked
/// up mid-stream, where conntrack is liberal, ``TCPWindowCheck/liberal`` is its silent pass. Not compared: segments
/// of no flow.
final class ConntrackOracleTests: XCTestCase {
    /// A segment's name in both captures and in the router's log: what the router leaves as it was.
    struct Key: Hashable, CustomStringConvertible {
        var sourcePort: UInt16
        var destinationPort: UInt16
        var sequence: UInt32
        var acknowledgment: UInt32
        /// The TCP header and payload length.
        var length: Int
        /// The timestamps option's TSval: what tells a segment from an earlier one with the same numbers (a
        /// duplicate acknowledgment).
        var timestampValue: UInt32?

        init(
            sourcePort: UInt16, destinationPort: UInt16, sequence: UInt32, acknowledgment: UInt32, length: Int,
            timestampValue: UInt32?
        ) {
            self.sourcePort = sourcePort
            self.destinationPort = destinationPort
            self.sequence = sequence
            self.acknowledgment = acknowledgment
            self.length = length
            self.timestampValue = timestampValue
        }

        init(_ segment: CapturedSegment) throws {
            let view = try segment.bytes.withUnsafeBytes { try TCPSegmentView($0) }
            var timestampValue: UInt32?
            view.options.forEach { option in
                if case .timestamps(let value, _) = option { timestampValue = value }
            }
            self.init(
                sourcePort: view.sourcePort, destinationPort: view.destinationPort,
                sequence: view.sequenceNumber.rawValue, acknowledgment: view.acknowledgmentNumber.rawValue,
                length: segment.bytes.count, timestampValue: timestampValue)
        }

        var description: String { "\(sourcePort)>\(destinationPort) seq \(sequence) ack \(acknowledgment)" }
    }

    /// One row of `Captures/conntrack-oracle.tsv`: a segment the router logged, and why.
    struct LoggedSegment {
        var key: Key
        /// conntrack's reason: a window bound by ``TCPWindowCheck``'s name, or the log's own words.
        var reason: String
    }

    /// The rows of a recording's log (`Captures/<recording>.tsv`).
    static func log(_ recording: String = "conntrack-oracle") throws -> [LoggedSegment] {
        let url = RecordedTraffic.directory.appendingPathComponent("\(recording).tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }
            .map { line in
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard fields.count == 8, let sourcePort = UInt16(fields[0]), let destinationPort = UInt16(fields[1]),
                    let sequence = UInt32(fields[2]), let acknowledgment = UInt32(fields[3]),
                    let ipLength = Int(fields[5]), ipLength >= 20, fields[6] == "-" || UInt32(fields[6]) != nil
                else { throw CocoaError(.fileReadCorruptFile) }
                // The router's segments carry no IP options: the TCP length is the IP length less 20.
                return LoggedSegment(
                    key: Key(
                        sourcePort: sourcePort, destinationPort: destinationPort, sequence: sequence,
                        acknowledgment: acknowledgment, length: ipLength - 20, timestampValue: UInt32(fields[6])),
                    reason: String(fields[7]))
            }
    }

    /// The window check a logged reason names: a bound, or ``TCPWindowCheck/ignored`` for a segment the state table
    /// let through unchecked; `nil` for a segment the state table or the flag rules found INVALID.
    static func check(_ reason: String) -> TCPWindowCheck? {
        let bounds: [TCPWindowCheck] = [
            .sequenceAboveWindow, .sequenceOverrun, .sequenceBelowWindow, .acknowledgmentAboveSent,
            .acknowledgmentBelowWindow,
        ]
        if let bound = bounds.first(where: { $0.description == reason }) { return bound }
        // "packet (index 0) in dir 0 ignored, state SYN_RECV"; "ignored SYN with SEQ before the previous one".
        if reason.contains(" ignored, state ") || reason.hasPrefix("ignored SYN") { return .ignored }
        if reason == "invalid tcp flag combination" { return .invalidFlags }
        // "packet (index 3) in dir 0 invalid, state SYN_SENT"; "invalid new".
        if reason.contains(" invalid, state ") || reason == "invalid new" { return .invalidState }
        if reason == "invalid rst" { return .invalidReset }
        return nil
    }

    /// What one recording's comparison found.
    struct Comparison {
        /// Segments compared.
        var compared = 0
        /// Segments the observer tracked no flow for.
        var untracked = 0
        /// Segments by what conntrack decided.
        var outcomes: [TCPWindowCheck: Int] = [:]
        /// Segments the observer judged otherwise than conntrack.
        var disagreements: [String] = []
        /// Segments the observer called ``TCPWindowCheck/liberal``.
        var liberal = 0
    }

    /// Runs a recording's segments, as they reached the router, through an observer and compares its window check
    /// of each with what conntrack decided; asserts that the router did what conntrack decided.
    ///
    /// - Parameters:
    ///   - recording: the files' common name (`conntrack-oracle`: `-client.pcap`, `-server.pcap` and `.tsv`).
    ///   - notTracked: the segments the router took out of tracking: forwarded, and neither given to the observer
    ///     nor compared (the capture then holds what conntrack saw).
    /// - Returns: what was compared.
    func compare(
        recording: String, notTracked: (TCPSegmentView) -> Bool = { _ in false }
    ) throws -> Comparison {
        let prober = IPAddress(ipv4: 0xC000_0201)  // 192.0.2.1
        let server = IPAddress(ipv4: 0xC633_6402)  // 198.51.100.2
        let clientSide = try RecordedTraffic.read("\(recording)-client.pcap")
        let serverSide = try RecordedTraffic.read("\(recording)-server.pcap")
        // Each direction as it reached the router, in time order; and what left it on the other side.
        let arrived = (clientSide.filter { $0.source == prober } + serverSide.filter { $0.source == server })
            .enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        var left: [Key: Int] = [:]
        for segment in clientSide.filter({ $0.source == server }) + serverSide.filter({ $0.source == prober }) {
            left[try Key(segment), default: 0] += 1
        }
        // The log's rows, each given to the first segment of its name that arrived and has no row yet.
        var reasons: [Key: [String]] = [:]
        for row in try Self.log(recording) { reasons[row.key, default: []].append(row.reason) }

        var observer = TCPFlowObserver()
        var result = Comparison()
        for segment in arrived {
            let key = try Key(segment)
            if try segment.bytes.withUnsafeBytes({ notTracked(try TCPSegmentView($0)) }) {
                XCTAssertNil(reasons[key], "\(key): logged by conntrack, which was not to track it")
                XCTAssertGreaterThan(left[key] ?? 0, 0, "\(key): not tracked, yet not forwarded")
                if (left[key] ?? 0) > 0 { left[key]! -= 1 }
                continue
            }
            let observation = try segment.bytes.withUnsafeBytes { raw in
                observer.observe(
                    try TCPSegmentView(raw), from: segment.source, to: segment.destination, at: segment.time,
                    payloadLength: segment.payloadLength)
            }
            let reason = reasons[key]?.isEmpty == false ? reasons[key]!.removeFirst() : nil
            let forwarded = (left[key] ?? 0) > 0
            if forwarded { left[key]! -= 1 }
            let linux: TCPWindowCheck
            if let reason {
                guard let check = Self.check(reason) else {
                    XCTFail("\(key): a reason this test does not know: \(reason)")
                    continue
                }
                // The router drops what conntrack marks INVALID and forwards what it ignores.
                XCTAssertEqual(forwarded, !check.isInvalid, "\(key): \(reason), forwarded")
                linux = check
            } else {
                XCTAssertTrue(forwarded, "\(key): neither forwarded nor logged")
                linux = .passed
            }
            // A segment of no flow (a RST for no connection) is compared too: conntrack cannot start one with it.
            if observation.traits.contains(.untracked) { result.untracked += 1 }
            if observation.windowCheck == .liberal { result.liberal += 1 }
            result.compared += 1
            result.outcomes[linux, default: 0] += 1
            // On a connection conntrack picked up mid-stream, a segment failing the bounds passes without a word.
            guard observation.windowCheck != linux && !(observation.windowCheck == .liberal && linux == .passed)
            else { continue }
            result.disagreements.append(
                "\(key): conntrack \(linux), the observer \(observation.windowCheck) "
                    + "(anomalies \(observation.anomalies))")
        }
        XCTAssertTrue(reasons.values.allSatisfy(\.isEmpty), "log rows naming no segment that arrived")
        return result
    }

    func testTheObserverNamesTheBoundConntrackNamed() throws {
        let result = try compare(recording: "conntrack-oracle")
        XCTAssertEqual(result.disagreements, [])
        // What the recording holds: every outcome conntrack has, compared.
        XCTAssertGreaterThan(result.compared, 600)
        XCTAssertGreaterThan(result.untracked, 0)
        for check: TCPWindowCheck in [
            .passed, .ignored, .invalidFlags, .invalidState, .invalidReset, .sequenceOverrun, .sequenceBelowWindow,
            .acknowledgmentAboveSent, .acknowledgmentBelowWindow,
        ] {
            XCTAssertGreaterThan(result.outcomes[check] ?? 0, 0, "no segment conntrack found \(check)")
        }
    }

    /// The same probes with every connection picked up mid-stream by conntrack (`record-conntrack-oracle.sh
    /// midstream`: the router tracks no segment with SYN, so each connection's first tracked segment follows its
    /// handshake, and nf_conntrack_tcp_loose picks it up, liberally). The observer sees what conntrack tracked: the
    /// capture without its SYNs, as a capture filtered to leave them out would hold. Where conntrack let a segment
    /// through that failed a bound, the observer says ``TCPWindowCheck/liberal``; its state table and flag rules
    /// still drop what they drop.
    func testTheObserverTracksAConnectionPickedUpMidStreamAsConntrackDoes() throws {
        let result = try compare(recording: "conntrack-oracle-midstream") { $0.flags.contains(.syn) }
        XCTAssertEqual(result.disagreements, [])
        XCTAssertGreaterThan(result.compared, 600)
        XCTAssertGreaterThan(result.liberal, 0, "no segment failed a bound that conntrack let through liberally")
        for check: TCPWindowCheck in [.passed, .invalidFlags, .invalidState] {
            XCTAssertGreaterThan(result.outcomes[check] ?? 0, 0, "no segment conntrack found \(check)")
        }
    }
}
