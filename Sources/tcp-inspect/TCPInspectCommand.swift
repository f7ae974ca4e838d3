import ArgumentParser
import Foundation
import TCPInspectCore

/// `tcp-inspect FILE`: prints every TCP header of a pcap or pcapng capture, as text like tcpdump or as JSON.
@main
struct TCPInspectCommand: ParsableCommand {
    /// The tool's name and help.
    static let configuration = CommandConfiguration(
        commandName: "tcp-inspect",
        abstract: "Print every TCP header of a pcap or pcapng capture.",
        discussion: """
            FILE is a pcap or pcapng capture, or - for standard input; it is read as a stream, in bounded \
            memory in every view (flows end and are reported when they close, reset or make room; \
            --flow-frames alone keeps memory that grows with the capture). In a clone of the package, \
            swift run tcp-inspect --flows Captures/linux-session-ipv4.pcap shows real Linux TCP sessions.
            By default each TCP segment gets one line in the style of tcpdump (relative sequence numbers; -S \
            for absolute ones), with bad checksums, the roles the flow observer recognises ([roles: \
            retransmission], duplicate-ack, keep-alive, zero-window-probe, challenge-ack, window-update, \
            reset-on-data-after-close) and its anomalies marked. --json \
            prints one JSON object per TCP header (a frame's, or each of an A-MSDU's subframes'); --flows one \
            report per connection (endpoints, handshake and close, final states, counts, frames, anomalies), each \
            written when its flow ends, the rest at the end in order of their first frame; --summary counts only.
            Each anomaly carries its severity: violation (an endpoint broke a rule its peer enforces), \
            discouraged (legal but a SHOULD NOT), capture (the capture, not an endpoint, missed something: a \
            mid-stream start, a gap, one direction, a cut header) or info. What Linux's connection tracking \
            would decide of a segment, seeing what the capture saw, is marked when it is not ok: [conntrack: \
            NAME (invalid)] for what a ruleset's ct state invalid drop drops, [conntrack: NAME] for what it lets \
            through untracked; --flows and --summary count the invalid ones.
            An unreadable file (bad magic number, truncated record or block) ends the run with a message \
            naming the file and the frame, and exit status 1; --flows and --summary still report the frames \
            read before it.
            """
    )

    /// The capture to read.
    @Argument(help: ArgumentHelp("The capture file (pcap or pcapng), or - for standard input.", valueName: "FILE"))
    var file: String

    /// JSON output.
    @Flag(name: .long, help: "Print one JSON object per line instead of text.")
    var json = false

    /// Statistics only.
    @Flag(
        name: .long,
        help: "Print counts only: segments, flows, checksums, anomalies by severity and by name, conntrack's verdicts.")
    var summary = false

    /// The flows view.
    @Flag(name: .long, help: "Print one report per flow: handshake, close, states, counts, anomalies and severities.")
    var flows = false

    /// No validation.
    @Flag(name: .long, help: "Do not judge segments with the flow observer (faster; no anomaly marks).")
    var noValidate = false

    /// Absolute numbers.
    @Flag(name: [.customShort("S"), .long], help: "Print absolute sequence and acknowledgment numbers.")
    var absolute = false

    /// Every frame of each flow.
    @Flag(name: .long, help: "With --flows, list every frame of each flow (memory then grows with the capture).")
    var flowFrames = false

    /// No reassembly.
    @Flag(
        name: .long,
        help: "Do not reassemble fragmented IP datagrams: a first fragment shows only the TCP bytes it holds.")
    var noReassemble = false

    /// No progress bar.
    @Flag(name: .long, help: "Never draw a progress bar on standard error.")
    var noProgress = false

    /// Reads the capture and prints the chosen view.
    func run() throws {
        let configuration = InspectConfiguration(
            view: summary ? .summary : flows ? .flows : .segments, json: json, absoluteSequenceNumbers: absolute,
            showProgress: !noProgress, validates: !noValidate, listsFlowFrames: flowFrames,
            reassemblesFragments: !noReassemble)
        let output = OutputBuffer(destination: .fileDescriptor(1))
        let inspector = Inspector(configuration: configuration, output: output)
        var failed = false
        do {
            try inspector.run(path: file)
        } catch {
            output.flush()
            FileHandle.standardError.write(Data("tcp-inspect: \(error)\n".utf8))
            failed = true
        }
        output.flush()
        for note in inspector.closingNotes {
            FileHandle.standardError.write(Data("tcp-inspect: note: \(note)\n".utf8))
        }
        if let code = output.writeError {
            // As tcpdump does: output that could not be written is an error, not a silent success.
            let reason = String(cString: strerror(code))
            FileHandle.standardError.write(Data("tcp-inspect: cannot write the output: \(reason)\n".utf8))
            failed = true
        }
        if failed { throw ExitCode(1) }
    }
}
