import PacketCapture
import TCPValidation

/// Writes the flows view: per flow, the endpoints, the handshake and close as seen, the final states, the segment
/// and byte counts, the frames (count, first and last, and the whole list when asked for) and the anomalies with
/// their frames (at most 64 listed, the rest counted), as text or one JSON object per line.
///
/// The client is the side that sent the first SYN. For a flow picked up mid-stream (no SYN seen) the observer
/// guesses: the endpoint with the lower port is taken as the server; the report says so.
public enum FlowReportWriter {
    /// Writes one flow as text (several lines, the last one ending in a newline).
    ///
    /// - Parameters:
    ///   - flow: the flow.
    ///   - out: where the text goes.
    public static func writeText(_ flow: FlowJudge.Flow, to out: OutputBuffer) {
        let record = flow.record
        let log = flow.log
        out.append("flow ")
        out.appendDecimal(record.id)
        out.append(": ")
        var output = out
        record.client.write(to: &output)
        out.append(" > ")
        record.server.write(to: &output)
        if record.context.rawValue != 0 {
            out.append(UInt8(ascii: " "))
            out.append(string: VLANTagStack(rawValue: record.context.rawValue).description)
        }
        if record.context.tunnel != 0 {
            out.append(" tunnel 0x")
            out.append(string: FrameNoteText.hex(record.context.tunnel, digits: 16))
        }
        out.append(" (client > server")
        if record.isMidStream {
            out.append("; picked up mid-stream")
        }
        if record.rolesAreGuessed {
            out.append("; roles guessed: the lower port is the server")
        }
        out.append(")\n  handshake: ")
        writeMilestones([("SYN", log.syn), ("SYN-ACK", log.synAck), ("established", log.established)], to: out)
        out.append("\n  close: ")
        writeMilestones([("client FIN", log.clientFIN), ("server FIN", log.serverFIN), ("reset", log.reset),
                         ("closed", log.closed)], to: out)
        out.append("\n  states: client ")
        out.append(string: record.clientState.description)
        out.append(", server ")
        out.append(string: record.serverState.description)
        out.append("\n  client to server: ")
        writeCounts(record.clientToServer, to: out)
        out.append("; server to client: ")
        writeCounts(record.serverToClient, to: out)
        out.append("\n  frames: ")
        out.appendDecimal(log.frameCount)
        if log.frameCount > 0 {
            out.append(" (first ")
            out.appendDecimal(log.firstFrame)
            out.append(", last ")
            out.appendDecimal(log.lastFrame)
            out.append(UInt8(ascii: ")"))
        }
        if let frames = log.frames {
            out.append("\n  frame list: ")
            writeRanges(frames, to: out)
        }
        out.append("\n  anomalies: ")
        if log.anomalies.isEmpty {
            out.append("none")
        }
        for (index, entry) in log.anomalies.enumerated() {
            if index > 0 {
                out.append(", ")
            }
            out.append(entry.anomaly.name)
            out.append(" (")
            out.append(entry.anomaly.severity.name)
            out.append(", frame ")
            out.appendDecimal(entry.frame)
            out.append(")")
        }
        if log.unlistedAnomalies > 0 {
            out.append(", and ")
            out.appendDecimal(log.unlistedAnomalies)
            out.append(" more")
        }
        let roles = log.roles
        if !roles.isEmpty {
            // `  roles: retransmission 3, duplicate-ack 2`: segments by role.
            out.append("\n  roles: ")
            for (index, role) in roles.enumerated() {
                if index > 0 { out.append(", ") }
                out.append(string: role.name)
                out.append(UInt8(ascii: " "))
                out.appendDecimal(role.segments)
            }
        }
        if log.conntrackInvalid > 0 {
            // What a ruleset's `ct state invalid drop` would have dropped of the flow.
            out.append("\n  conntrack: ")
            out.appendDecimal(log.conntrackInvalid)
            out.append(log.conntrackInvalid == 1 ? " segment invalid (frame " : " segments invalid (first frame ")
            out.appendDecimal(log.firstConntrackInvalid)
            out.append(UInt8(ascii: ")"))
        }
        if !record.captureNotes.isEmpty {
            out.append("\n  capture notes: ")
            for (index, note) in record.captureNotes.enumerated() {
                if index > 0 {
                    out.append(", ")
                }
                out.append(note.name)
            }
        }
        let counts = flow.severityCounts
        if counts.contains(where: { $0 > 0 }) {
            out.append("\n  by severity: ")
            var first = true
            for severity in TCPAnomalySeverity.allCases.reversed() where counts[Int(severity.rawValue)] > 0 {
                if !first {
                    out.append(", ")
                }
                first = false
                out.appendDecimal(counts[Int(severity.rawValue)])
                out.append(UInt8(ascii: " "))
                out.append(severity.name)
            }
        }
        out.append("\n")
    }

    private static func writeMilestones(_ steps: [(StaticString, UInt64?)], to out: OutputBuffer) {
        var any = false
        for (name, frame) in steps {
            guard let frame else { continue }
            if any {
                out.append(", ")
            }
            any = true
            out.append(name)
            out.append(" (frame ")
            out.appendDecimal(frame)
            out.append(")")
        }
        if !any {
            out.append("not seen")
        }
    }

    private static func writeCounts(_ counters: TCPFlowCounters, to out: OutputBuffer) {
        out.appendDecimal(counters.segments)
        out.append(counters.segments == 1 ? " segment, " : " segments, ")
        out.appendDecimal(counters.payloadBytes)
        out.append(" bytes")
        if counters.retransmissions > 0 {
            out.append(", ")
            out.appendDecimal(counters.retransmissions)
            out.append(" retransmitted")
        }
    }

    /// `1-16, 20, 22-23`.
    private static func writeRanges(_ frames: [UInt64], to out: OutputBuffer) {
        var index = 0
        while index < frames.count {
            var end = index
            while end + 1 < frames.count && frames[end + 1] == frames[end] + 1 {
                end += 1
            }
            if index > 0 {
                out.append(", ")
            }
            out.appendDecimal(frames[index])
            if end > index {
                out.append(UInt8(ascii: "-"))
                out.appendDecimal(frames[end])
            }
            index = end + 1
        }
    }

    /// Writes one flow as a JSON object on one line (with its newline).
    ///
    /// `{"id", "client": "addr:port", "server", "frames": {"count", "first", "last"} (and "list": [N, ...] when
    /// frame lists are asked for), "states": {"client", "server"}, "anomalies": [{"frame", "name", "severity"}] (at
    /// most 64), "unlisted_anomalies": N, "roles": {name: N} (the flow's segments by role, `{}` when none),
    /// "conntrack_invalid": N (the segments Linux's conntrack would mark
    /// INVALID) and "conntrack_first_invalid" (the first one's frame, when there is one), "capture_notes": [name,
    /// ...], "severities": {"violation",
    /// "discouraged", "capture", "info"}, "segments": {"client", "server"}, "bytes": {"client", "server"},
    /// "handshake": {"syn", "syn_ack", "established"}, "close": {"client_fin", "server_fin", "reset", "closed"},
    /// "mid_stream", "roles_guessed"}`; milestone values are frame numbers or `null`, IPv6 endpoints are written
    /// `[addr]:port`.
    ///
    /// - Parameters:
    ///   - flow: the flow.
    ///   - out: where the text goes.
    public static func writeJSON(_ flow: FlowJudge.Flow, to out: OutputBuffer) {
        let record = flow.record
        let log = flow.log
        out.append("{\"id\":")
        out.appendDecimal(record.id)
        // An endpoint's text holds nothing a JSON string escapes (digits, hexadecimal letters, dots, colons and
        // brackets): written straight between the quotes.
        var output = out
        out.append(",\"client\":\"")
        record.client.write(to: &output)
        out.append("\",\"server\":\"")
        record.server.write(to: &output)
        out.append(UInt8(ascii: "\""))
        if record.context.tunnel != 0 {
            // A string: a 64-bit value is past the integers every JSON reader keeps exactly.
            out.append(",\"tunnel\":\"0x")
            out.append(string: FrameNoteText.hex(record.context.tunnel, digits: 16))
            out.append(UInt8(ascii: "\""))
        }
        if record.context.rawValue != 0 {
            out.append(",\"vlans\":[")
            for (index, identifier) in VLANTagStack(rawValue: record.context.rawValue).identifiers.enumerated() {
                if index > 0 {
                    out.append(UInt8(ascii: ","))
                }
                out.appendDecimal(UInt64(identifier))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(",\"frames\":{\"count\":")
        out.appendDecimal(log.frameCount)
        out.append(",\"first\":")
        out.appendDecimal(log.firstFrame)
        out.append(",\"last\":")
        out.appendDecimal(log.lastFrame)
        if let frames = log.frames {
            out.append(",\"list\":[")
            for (index, frame) in frames.enumerated() {
                if index > 0 {
                    out.append(UInt8(ascii: ","))
                }
                out.appendDecimal(frame)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append("},\"states\":{\"client\":\"")
        out.append(string: record.clientState.description)
        out.append("\",\"server\":\"")
        out.append(string: record.serverState.description)
        out.append("\"},\"anomalies\":[")
        for (index, entry) in log.anomalies.enumerated() {
            out.append(index > 0 ? ",{\"frame\":" : "{\"frame\":")
            out.appendDecimal(entry.frame)
            out.append(UInt8(ascii: ","))
            Inspector.appendJSONFields(entry.anomaly, to: out)
            out.append(UInt8(ascii: "}"))
        }
        out.append("],\"unlisted_anomalies\":")
        out.appendDecimal(log.unlistedAnomalies)
        out.append(",\"roles\":")
        Inspector.appendJSONCounts(log.roles.map { ($0.name, $0.segments) }, to: out)
        out.append(",\"conntrack_invalid\":")
        out.appendDecimal(log.conntrackInvalid)
        if log.conntrackInvalid > 0 {
            out.append(",\"conntrack_first_invalid\":")
            out.appendDecimal(log.firstConntrackInvalid)
        }
        out.append(",\"capture_notes\":[")
        for (index, note) in record.captureNotes.enumerated() {
            out.append(index > 0 ? ",\"" : "\"")
            out.append(note.name)
            out.append(UInt8(ascii: "\""))
        }
        out.append("],\"severities\":{")
        let counts = flow.severityCounts
        for (index, severity) in TCPAnomalySeverity.allCases.reversed().enumerated() {
            out.append(index > 0 ? ",\"" : "\"")
            out.append(severity.name)
            out.append("\":")
            out.appendDecimal(counts[Int(severity.rawValue)])
        }
        out.append(UInt8(ascii: "}"))
        out.append(",\"segments\":{\"client\":")
        out.appendDecimal(record.clientToServer.segments)
        out.append(",\"server\":")
        out.appendDecimal(record.serverToClient.segments)
        out.append("},\"bytes\":{\"client\":")
        out.appendDecimal(record.clientToServer.payloadBytes)
        out.append(",\"server\":")
        out.appendDecimal(record.serverToClient.payloadBytes)
        out.append("},\"handshake\":{")
        writeJSONMilestones([("syn", log.syn), ("syn_ack", log.synAck), ("established", log.established)], to: out)
        out.append("},\"close\":{")
        writeJSONMilestones([("client_fin", log.clientFIN), ("server_fin", log.serverFIN), ("reset", log.reset),
                             ("closed", log.closed)], to: out)
        out.append("},\"mid_stream\":")
        out.append(record.isMidStream ? "true" : "false")
        out.append(",\"roles_guessed\":")
        out.append(record.rolesAreGuessed ? "true" : "false")
        out.append("}\n")
    }

    private static func writeJSONMilestones(_ steps: [(StaticString, UInt64?)], to out: OutputBuffer) {
        for (index, (name, frame)) in steps.enumerated() {
            if index > 0 {
                out.append(UInt8(ascii: ","))
            }
            out.append(UInt8(ascii: "\""))
            out.append(name)
            out.append("\":")
            if let frame {
                out.appendDecimal(frame)
            } else {
                out.append("null")
            }
        }
    }
}
