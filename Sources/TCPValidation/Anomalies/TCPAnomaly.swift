/// One rule a segment can break: the stable taxonomy of everything this module reports.
///
/// Each case has a stable ``name`` (lower-case words joined by `-`) that users can filter on, a one-line
/// ``summary`` and the ``reference`` (RFC section or implementation) the rule comes from. Raw values are
/// stable too: new cases are only ever appended, so a stored ``TCPAnomalySet`` keeps its meaning.
///
/// Each has a ``severity``: a ``TCPAnomalySeverity/violation`` is what a conforming endpoint refuses, a
/// ``TCPAnomalySeverity/discouraged`` one is legal but a SHOULD NOT, a ``TCPAnomalySeverity/capture`` one says what
/// the capture could not see (no endpoint did anything wrong), and ``TCPAnomalySeverity/info`` is worth knowing
/// (``synWithData`` is TCP Fast Open). ``isRefusal`` tells whether the receiver drops the segment.
@frozen
public enum TCPAnomaly: UInt8, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    // MARK: Stateless: flags

    /// The flag combination is not in conntrack's table of valid combinations (RFC 9293 section 3.1;
    /// Linux `nf_conntrack_proto_tcp.c` `tcp_valid_flags`), e.g. no flags, FIN alone, SYN|FIN, SYN|RST, Xmas.
    ///
    /// Conntrack refuses every such segment. The endpoint models follow Linux's stack: LISTEN drops a SYN|FIN, a
    /// SYN-ACK's FIN is ignored, a segment without ACK is dropped in a synchronized state, and a RST that also
    /// carries SYN or FIN is judged as a RST.
    case invalidFlags = 0
    /// The flag combination is valid for conntrack but refused by the strict profile in the spirit of pf's
    /// scrub (OpenBSD `pf_norm.c` `pf_normalize_tcp`): SYN|PSH, SYN|URG, RST|PSH, PSH or URG without ACK.
    case strictFlags = 1
    /// One of the three reserved header bits is set (RFC 9293 section 3.1: must be zero on send).
    case reservedBits = 2
    /// The acknowledgment field is non-zero while ACK is clear (RFC 9293 section 3.1; Suricata
    /// `stream.pkt_broken_ack`).
    case brokenACKField = 3
    /// The urgent pointer is non-zero while URG is clear (RFC 9293 section 3.1; pf clears it).
    case urgentPointerWithoutURG = 4
    /// A RST carries payload bytes (legal: RFC 9293 section 3.5.3 allows diagnostic text; Suricata
    /// `stream.rst_with_data`).
    case rstWithData = 5
    /// A SYN carries payload bytes (legal: RFC 9293 section 3.4, RFC 7413 TCP Fast Open).
    case synWithData = 6
    /// An option that belongs only on a SYN (MSS, window scale, SACK-permitted) is on a non-SYN segment
    /// (RFC 9293 section 3.7.1, RFC 7323 section 2.2, RFC 2018 section 2).
    case synOnlyOptionOnNonSYN = 7
    /// The window scale shift is above 14; it is used as 14 (RFC 7323 section 2.3).
    case windowScaleAbove14 = 8
    /// An option kind other than NOP appears more than once (RFC 9293 section 3.2; Linux keeps the last).
    case duplicateOption = 9
    /// A TCP Fast Open cookie option is on a segment without SYN (RFC 7413 section 4.1.1).
    case fastOpenCookieOnNonSYN = 10
    /// A TCP Fast Open cookie has an odd length (RFC 7413 section 4.1.1; Linux `tcp_parse_fastopen_option`
    /// ignores such a cookie).
    case fastOpenCookieOddLength = 11
    /// The codec found a malformed option: bad length, or running past the header (RFC 9293 section 3.2).
    case optionError = 12
    /// The data offset is below 5, or the header it announces runs past the segment (RFC 9293 section 3.1).
    case dataOffsetError = 13
    /// The source or destination port is zero (RFC 9293 section 3.1; reserved by IANA, never valid on the wire).
    case portZero = 14

    // MARK: Stateful: handshake

    /// A SYN-ACK whose acknowledgment number is not ISS + 1 of the SYN it answers (RFC 9293 section 3.10.7.3;
    /// Suricata `stream.3whs_synack_with_wrong_ack`).
    case synAckWrongAck = 15
    /// The handshake's final ACK (an ACK without SYN or RST reaching SYN-RECEIVED) has a sequence number before the
    /// SYN's ISN + 1, the ISN itself included, or one that SYN-RECEIVED's acceptability test refuses: for an ACK
    /// without data, at or past ISN + 1 + RCV.WND (RFC 9293 sections 3.4 and 3.10.7.4; Suricata
    /// `stream.3whs_wrong_seq_wrong_ack`).
    ///
    /// A sequence number ahead of ISN + 1 but inside the window is not flagged: RFC 9293 finds the segment
    /// acceptable and completes the handshake with it, and it is what a capture shows when the client's first
    /// segments were lost before the capture point or its SYN carried Fast Open data (RFC 7413); Suricata accepts
    /// the same ACK as one "for missing data", and conntrack's window bounds pass it.
    case handshakeACKWrongSeq = 16
    /// The handshake's final ACK acknowledges something other than the SYN-ACK (RFC 9293 section 3.10.7.4
    /// SYN-RECEIVED; Suricata `stream.3whs_right_seq_wrong_ack_evasion`).
    case handshakeACKWrongAck = 17
    /// A SYN-ACK travels from the connection's initiator to the responder (Suricata
    /// `stream.3whs_synack_in_wrong_direction`, `stream.est_synack_toserver`).
    case synAckWrongDirection = 18
    /// A SYN travels from the responder to the initiator of a half-open connection (Suricata
    /// `stream.3whs_syn_toclient_on_syn_recv`, `stream.est_syn_toclient`).
    case synWrongDirection = 19
    /// The initiator sent its SYN again with a different ISN (Suricata `stream.3whs_syn_resend_diff_seq_on_syn_recv`,
    /// `stream.est_syn_resend_diff_seq`).
    case synResentWithDifferentISN = 20
    /// The responder sent its SYN-ACK again with a different ISN or acknowledgment (Suricata
    /// `stream.3whs_synack_resend_with_diff_seq`, `stream.3whs_synack_resend_with_different_ack`).
    case synAckResentDifferent = 21

    // MARK: Stateful: sequence and acknowledgment

    /// The segment falls outside the receive window (RFC 9293 section 3.10.7.4, first check; conntrack's
    /// Rooij bounds I and II; Suricata `stream.est_packet_out_of_window`).
    case outOfWindow = 22
    /// Payload that lies wholly before what the receiver has already acknowledged, and is not a keep-alive
    /// (Suricata `stream.est_pkt_before_last_ack`): a spurious retransmission or an injection.
    case beforeLastACK = 23
    /// The acknowledgment is older than SND.UNA - MAX.SND.WND (RFC 5961 section 5.2; conntrack bound IV;
    /// Suricata `stream.est_invalid_ack`).
    case invalidACK = 24
    /// The acknowledgment covers data never sent: SEG.ACK > SND.NXT (RFC 9293 section 3.10.7.4; RFC 5961
    /// section 5.2; conntrack bound III).
    case ackOfUnsentData = 25
    /// The acknowledgment is exactly 2^31 from SND.NXT or SND.UNA: its order is undefined (RFC 1982 section 3.2),
    /// so it is neither accepted nor guessed at.
    case ambiguousSequence = 26
    /// A FIN outside the receive window (RFC 9293 section 3.10.7.4; Suricata `stream.fin_out_of_window`).
    case finOutOfWindow = 27
    /// A FIN with no connection known for it (Suricata `stream.fin_but_no_session`).
    case finWithoutSession = 28
    /// A RST with no connection known for it (Suricata `stream.rst_but_no_session`).
    case rstWithoutSession = 29
    /// A RST that cannot reset: outside the window, or in SYN-SENT without an acceptable ACK (RFC 5961
    /// section 3.2, RFC 9293 section 3.10.7.3; Suricata `stream.rst_invalid_ack`).
    case invalidRST = 30
    /// A RST inside the window but not at RCV.NXT: answered by a challenge ACK (RFC 5961 section 3.2;
    /// Suricata `stream.suspected_rst_inject`).
    case rstNotExact = 31
    /// A SYN on a synchronized connection: answered by a challenge ACK (RFC 5961 section 4.2; Suricata
    /// `stream.est_syn_resend`).
    case synInConnection = 32
    /// The timestamp is older than TS.Recent: PAWS drops it (RFC 7323 section 5.3; Suricata
    /// `stream.pkt_invalid_timestamp`).
    case pawsFailure = 33
    /// A SYN-ACK's (or, in SYN-SENT, a RST/ACK's) TSecr echoes no TSval the SYN sender sent (RFC 7323 sections 3.2
    /// and 4.3; Linux `tcp_rcv_synsent_state_process`, which drops such a RST too).
    case timestampEchoMismatch = 34
    /// A non-RST segment without the timestamps option on a connection that negotiated it (RFC 7323 section 3.2:
    /// the option MUST be sent, and a receiver SHOULD silently drop such a segment). Linux takes the segment, and the
    /// endpoint model does too: the anomaly says the sender broke the rule, not that the segment was dropped. It
    /// stays a violation (``isRefusal``: the RFC's receiver refuses it).
    case missingTimestamp = 35
    /// The right edge of the offered window (SEG.ACK + SEG.WND) moved left (RFC 9293 section 3.8.6 strongly
    /// discourages shrinking the window; RFC 7323 section 2.4; Suricata `stream.pkt_bad_window_update`).
    case windowRetraction = 36
    /// A segment without ACK on a synchronized connection (RFC 9293 section 3.10.7.4, fifth check: dropped).
    case missingACKFlag = 37

    // MARK: Stateful: close and reuse

    /// A SYN for a connection in TIME-WAIT with neither a higher ISN nor a newer timestamp (RFC 9293
    /// section 3.10.7.4 via RFC 1122 section 4.2.2.13; RFC 6191 section 2).
    case reuseWithoutHigherISN = 38
    /// New data beyond a FIN: the sender closed but went on sending (RFC 9293 section 3.10.7.4, seventh check
    /// in CLOSE-WAIT, CLOSING, LAST-ACK and TIME-WAIT).
    case dataAfterClose = 39
    /// A segment on a connection after it was reset or fully closed (RFC 9293 section 3.10.7.1: CLOSED answers
    /// with RST).
    case segmentAfterClose = 40

    // MARK: What the capture could not see

    /// The acknowledgment covers bytes the capture never saw the peer send, within what the acknowledging side
    /// could have received (its own offered window): the segments were sent but not captured (Wireshark's "ACKed
    /// segment that wasn't captured"). Once the capture has shown that it misses segments of the flow, anywhere in
    /// the half of the sequence space ahead. The peer's model takes the bytes as sent, until that side's next
    /// segment proves them never sent (``ackOfUnsentData``, reported of the acknowledging segment).
    case ackOfUnseenSegment = 41
    /// The segment starts past the highest sequence number the capture saw from its sender: the bytes between
    /// were sent but not captured, or are still on their way (Wireshark's "previous segment not captured").
    case previousSegmentNotCaptured = 42
    /// The capture's snapshot length cut the segment inside its TCP header: the options after the cut are not
    /// known, and rules that need them (timestamps, SACK) are not applied to it.
    case headerCutByCapture = 43
    /// The flow's handshake was not captured: it was picked up mid-stream, and its window scale is unknown
    /// (Suricata's midstream pickup; Linux conntrack's liberal tracking of picked-up connections).
    case midStreamPickup = 44
    /// The capture holds segments of one direction of the flow only (asymmetric routing, a tap on one link, a
    /// filter): what the other side sent is unknown. A flow note, in ``TCPFlowRecord/captureNotes``.
    case oneDirectionOnly = 45

    // MARK: What a receiver drops before the state machine

    /// A TCP-MD5 (RFC 2385, kind 19) or TCP-AO (RFC 5925, kind 29) option on a connection whose SYNs carried
    /// neither: the receiver has no key for it and drops the segment (Linux `tcp_inbound_hash`).
    case unexpectedAuthenticationOption = 46
    /// Data or a FIN sent while the sender was still in SYN-SENT, before any SYN-ACK: a later SYN-ACK proved
    /// that the acknowledgment it carried answered no SYN-ACK (RFC 9293 section 3.10.2: SEND in SYN-SENT queues
    /// the data). Reported on the SYN-ACK's observation, naming the earlier segment
    /// (``TCPObservation/earlierAnomaly``).
    case dataBeforeSynAck = 47

    // MARK: What the capture could not see (continued)

    /// The segment lies beyond the receiver's last captured window, on a capture that has missed segments of the
    /// flow: its TSecr echoes a TSval newer than any the capture holds from the receiver (the receiver segment that
    /// opened the window was not captured), or it repeats or continues bytes so taken, or the receiver's answer is
    /// awaited, which proves ``outOfWindow`` of it (``TCPObservation/earlierAnomaly``) if, sent after the receiver
    /// had it, its right edge is still short of it.
    case windowUpdateNotCaptured = 48

    // MARK: Checksums

    /// The checksum is wrong, on a side whose segments the capture saw with right checksums before: the segment was
    /// corrupted or forged, and its receiver drops it (RFC 9293 section 3.1, MUST-3). It changes no state.
    case badChecksum = 49
    /// Every checksum captured from one side is wrong: the capture was taken on that side's host, before its network
    /// card filled them in (checksum offload). Its segments are judged as if they were right. A flow note, in
    /// ``TCPFlowRecord/captureNotes``.
    case checksumOffload = 50

    // MARK: Stateless: options (continued)

    /// A SACK option with no block: kind 5 and length 2, where RFC 2018 section 3 requires one to four blocks. Some
    /// servers send it. A receiver ignores it as SACK information and keeps the segment (Linux's
    /// `tcp_parse_options` reads a SACK option only from 2 + 8 bytes on), so it changes nothing else: the segment is
    /// judged as if the option were not there. Reported of a view decoded with framing checking
    /// (`TCPOptionChecking.framing`); strict checking rejects the option, which is then an ``optionError``.
    case sackWithoutBlocks = 51

    /// The stable name users filter on, e.g. `syn-ack-wrong-ack`.
    public var name: StaticString {
        switch self {
        case .invalidFlags: return "invalid-flags"
        case .strictFlags: return "strict-flags"
        case .reservedBits: return "reserved-bits"
        case .brokenACKField: return "broken-ack-field"
        case .urgentPointerWithoutURG: return "urgent-pointer-without-urg"
        case .rstWithData: return "rst-with-data"
        case .synWithData: return "syn-with-data"
        case .synOnlyOptionOnNonSYN: return "syn-option-on-non-syn"
        case .windowScaleAbove14: return "window-scale-above-14"
        case .duplicateOption: return "duplicate-option"
        case .fastOpenCookieOnNonSYN: return "tfo-cookie-on-non-syn"
        case .fastOpenCookieOddLength: return "tfo-cookie-odd-length"
        case .optionError: return "option-error"
        case .dataOffsetError: return "data-offset-error"
        case .portZero: return "port-zero"
        case .synAckWrongAck: return "syn-ack-wrong-ack"
        case .handshakeACKWrongSeq: return "handshake-ack-wrong-seq"
        case .handshakeACKWrongAck: return "handshake-ack-wrong-ack"
        case .synAckWrongDirection: return "syn-ack-wrong-direction"
        case .synWrongDirection: return "syn-wrong-direction"
        case .synResentWithDifferentISN: return "syn-resent-different-isn"
        case .synAckResentDifferent: return "syn-ack-resent-different"
        case .outOfWindow: return "out-of-window"
        case .beforeLastACK: return "before-last-ack"
        case .invalidACK: return "invalid-ack"
        case .ackOfUnsentData: return "ack-unsent-data"
        case .ambiguousSequence: return "ambiguous-sequence"
        case .finOutOfWindow: return "fin-out-of-window"
        case .finWithoutSession: return "fin-no-session"
        case .rstWithoutSession: return "rst-no-session"
        case .invalidRST: return "invalid-rst"
        case .rstNotExact: return "rst-not-exact"
        case .synInConnection: return "syn-in-connection"
        case .pawsFailure: return "paws-failure"
        case .timestampEchoMismatch: return "timestamp-echo-mismatch"
        case .missingTimestamp: return "missing-timestamp"
        case .windowRetraction: return "window-retraction"
        case .missingACKFlag: return "missing-ack-flag"
        case .reuseWithoutHigherISN: return "reuse-without-higher-isn"
        case .dataAfterClose: return "data-after-close"
        case .segmentAfterClose: return "segment-after-close"
        case .ackOfUnseenSegment: return "ack-of-unseen-segment"
        case .previousSegmentNotCaptured: return "previous-segment-not-captured"
        case .headerCutByCapture: return "header-cut-by-capture"
        case .midStreamPickup: return "mid-stream-pickup"
        case .oneDirectionOnly: return "one-direction-only"
        case .unexpectedAuthenticationOption: return "unexpected-auth-option"
        case .dataBeforeSynAck: return "data-before-syn-ack"
        case .windowUpdateNotCaptured: return "window-update-not-captured"
        case .badChecksum: return "bad-checksum"
        case .checksumOffload: return "checksum-offload"
        case .sackWithoutBlocks: return "sack-without-blocks"
        }
    }

    /// A one-line meaning, for display.
    public var summary: StaticString {
        switch self {
        case .invalidFlags: return "flag combination outside conntrack's valid set"
        case .strictFlags: return "flag combination refused by the strict (pf scrub) profile"
        case .reservedBits: return "a reserved header bit is set"
        case .brokenACKField: return "acknowledgment field non-zero with ACK clear"
        case .urgentPointerWithoutURG: return "urgent pointer non-zero with URG clear"
        case .rstWithData: return "RST carrying payload"
        case .synWithData: return "SYN carrying payload (TCP Fast Open)"
        case .synOnlyOptionOnNonSYN: return "MSS, window scale or SACK-permitted on a non-SYN"
        case .windowScaleAbove14: return "window scale shift above 14 (used as 14)"
        case .duplicateOption: return "an option kind appears twice"
        case .fastOpenCookieOnNonSYN: return "TCP Fast Open cookie on a non-SYN"
        case .fastOpenCookieOddLength: return "TCP Fast Open cookie of odd length"
        case .optionError: return "malformed option"
        case .dataOffsetError: return "data offset below 5 or past the segment"
        case .portZero: return "source or destination port 0"
        case .synAckWrongAck: return "SYN-ACK not acknowledging ISN + 1"
        case .handshakeACKWrongSeq: return "handshake ACK with the wrong sequence number"
        case .handshakeACKWrongAck: return "handshake ACK with the wrong acknowledgment number"
        case .synAckWrongDirection: return "SYN-ACK from the initiator"
        case .synWrongDirection: return "SYN from the responder of a half-open connection"
        case .synResentWithDifferentISN: return "SYN retransmitted with a different ISN"
        case .synAckResentDifferent: return "SYN-ACK retransmitted with a different ISN or ACK"
        case .outOfWindow: return "segment outside the receive window"
        case .beforeLastACK: return "payload wholly before what the receiver acknowledged"
        case .invalidACK: return "acknowledgment older than SND.UNA - MAX.SND.WND"
        case .ackOfUnsentData: return "acknowledgment of data never sent"
        case .ambiguousSequence: return "number exactly 2^31 away: order undefined"
        case .finOutOfWindow: return "FIN outside the receive window"
        case .finWithoutSession: return "FIN with no known connection"
        case .rstWithoutSession: return "RST with no known connection"
        case .invalidRST: return "RST outside the window or without an acceptable ACK"
        case .rstNotExact: return "RST in the window but not at RCV.NXT (challenge ACK)"
        case .synInConnection: return "SYN on a synchronized connection (challenge ACK)"
        case .pawsFailure: return "timestamp older than TS.Recent (PAWS)"
        case .timestampEchoMismatch: return "SYN-ACK or RST/ACK TSecr echoes no TSval sent"
        case .missingTimestamp: return "timestamps negotiated but missing"
        case .windowRetraction: return "right edge of the window moved left"
        case .missingACKFlag: return "no ACK on a synchronized connection"
        case .reuseWithoutHigherISN: return "TIME-WAIT reused without a higher ISN or newer timestamp"
        case .dataAfterClose: return "new data after the sender's FIN"
        case .segmentAfterClose: return "segment after the connection was reset or closed"
        case .ackOfUnseenSegment: return "acknowledges bytes the capture did not see sent"
        case .previousSegmentNotCaptured: return "starts past the last byte captured from its sender"
        case .headerCutByCapture: return "the snapshot length cut the TCP header"
        case .midStreamPickup: return "handshake not captured: flow picked up mid-stream"
        case .oneDirectionOnly: return "only one direction of the flow was captured"
        case .unexpectedAuthenticationOption: return "TCP-MD5 or TCP-AO option on a connection without one"
        case .dataBeforeSynAck: return "data or FIN sent in SYN-SENT, before any SYN-ACK"
        case .windowUpdateNotCaptured: return "beyond the last captured window: its update was not captured"
        case .badChecksum: return "wrong checksum on a side whose checksums were right: dropped"
        case .checksumOffload: return "one side's checksums all wrong: computed after the capture point"
        case .sackWithoutBlocks: return "SACK option with no block (ignored)"
        }
    }

    /// The standard or implementation the rule comes from, e.g. `RFC 5961 section 3.2`.
    public var reference: StaticString {
        switch self {
        case .invalidFlags: return "RFC 9293 section 3.1; Linux conntrack tcp_valid_flags"
        case .strictFlags: return "OpenBSD pf_normalize_tcp (scrub)"
        case .reservedBits: return "RFC 9293 section 3.1"
        case .brokenACKField: return "RFC 9293 section 3.1; Suricata pkt_broken_ack"
        case .urgentPointerWithoutURG: return "RFC 9293 section 3.1; OpenBSD pf scrub"
        case .rstWithData: return "RFC 9293 section 3.5.3; Suricata rst_with_data"
        case .synWithData: return "RFC 9293 section 3.4; RFC 7413"
        case .synOnlyOptionOnNonSYN: return "RFC 9293 section 3.7.1; RFC 7323 section 2.2; RFC 2018 section 2"
        case .windowScaleAbove14: return "RFC 7323 section 2.3"
        case .duplicateOption: return "RFC 9293 section 3.2"
        case .fastOpenCookieOnNonSYN: return "RFC 7413 section 4.1.1"
        case .fastOpenCookieOddLength: return "RFC 7413 section 4.1.1; Linux tcp_parse_fastopen_option"
        case .optionError: return "RFC 9293 section 3.2"
        case .dataOffsetError: return "RFC 9293 section 3.1"
        case .portZero: return "RFC 9293 section 3.1; IANA port 0 reserved"
        case .synAckWrongAck: return "RFC 9293 section 3.10.7.3; Suricata 3whs_synack_with_wrong_ack"
        case .handshakeACKWrongSeq: return "RFC 9293 section 3.10.7.4; Suricata 3whs_wrong_seq_wrong_ack"
        case .handshakeACKWrongAck: return "RFC 9293 section 3.10.7.4; Suricata 3whs_right_seq_wrong_ack_evasion"
        case .synAckWrongDirection: return "Suricata 3whs_synack_in_wrong_direction"
        case .synWrongDirection: return "Suricata 3whs_syn_toclient_on_syn_recv"
        case .synResentWithDifferentISN: return "Suricata 3whs_syn_resend_diff_seq_on_syn_recv"
        case .synAckResentDifferent: return "Suricata 3whs_synack_resend_with_diff_seq"
        case .outOfWindow: return "RFC 9293 section 3.10.7.4; Suricata est_packet_out_of_window"
        case .beforeLastACK: return "Suricata est_pkt_before_last_ack"
        case .invalidACK: return "RFC 5961 section 5.2; Suricata est_invalid_ack"
        case .ackOfUnsentData: return "RFC 9293 section 3.10.7.4; RFC 5961 section 5.2"
        case .ambiguousSequence: return "RFC 1982 section 3.2; RFC 9293 section 3.4"
        case .finOutOfWindow: return "RFC 9293 section 3.10.7.4; Suricata fin_out_of_window"
        case .finWithoutSession: return "Suricata fin_but_no_session"
        case .rstWithoutSession: return "Suricata rst_but_no_session"
        case .invalidRST: return "RFC 5961 section 3.2; RFC 9293 section 3.10.7.3"
        case .rstNotExact: return "RFC 5961 section 3.2"
        case .synInConnection: return "RFC 5961 section 4.2"
        case .pawsFailure: return "RFC 7323 section 5.3"
        case .timestampEchoMismatch: return "RFC 7323 section 3.2; Linux tcp_rcv_synsent_state_process"
        case .missingTimestamp: return "RFC 7323 section 3.2"
        case .windowRetraction: return "RFC 9293 section 3.8.6; RFC 7323 section 2.4"
        case .missingACKFlag: return "RFC 9293 section 3.10.7.4"
        case .reuseWithoutHigherISN: return "RFC 1122 section 4.2.2.13; RFC 6191 section 2"
        case .dataAfterClose: return "RFC 9293 section 3.10.7.4"
        case .segmentAfterClose: return "RFC 9293 section 3.10.7.1"
        case .ackOfUnseenSegment: return "Wireshark tcp.analysis.ack_lost_segment"
        case .previousSegmentNotCaptured: return "Wireshark tcp.analysis.lost_segment"
        case .headerCutByCapture: return "pcap snapshot length (caplen < len)"
        case .midStreamPickup: return "Suricata midstream; Linux conntrack nf_conntrack_tcp_loose"
        case .oneDirectionOnly: return "Suricata async-oneside"
        case .unexpectedAuthenticationOption: return "RFC 2385 section 2; RFC 5925 section 7.3; Linux tcp_inbound_hash"
        case .dataBeforeSynAck: return "RFC 9293 section 3.10.2"
        case .windowUpdateNotCaptured: return "RFC 7323 section 3.2 (TSecr echoes the latest TSval)"
        case .badChecksum: return "RFC 9293 section 3.1 (MUST-2, MUST-3)"
        case .checksumOffload: return "Wireshark tcp.check_checksum off by default (offload)"
        case .sackWithoutBlocks: return "RFC 2018 section 3; Linux tcp_parse_options"
        }
    }

    /// Whether a conforming endpoint (or conntrack, for flag combinations) drops a segment breaking this rule.
    ///
    /// `false` for anomalies that are legal but worth flagging (data on a SYN or RST, reserved bits, a broken
    /// ACK field, misplaced options, a retracted window), for what the capture could not see, and for a segment
    /// that reached a closed connection (its receiver answers with a RST, but the sender did nothing wrong).
    public var isRefusal: Bool {
        switch severity {
        case .violation: return true
        case .info, .capture, .discouraged: return false
        }
    }

    /// How bad the anomaly is, and whose doing: see ``TCPAnomalySeverity``.
    ///
    /// ``TCPAnomalySeverity/violation`` for every rule whose segment a conforming receiver refuses;
    /// ``TCPAnomalySeverity/discouraged`` for fields a receiver ignores (a SACK option with no block, an odd Fast
    /// Open cookie) or a SHOULD NOT (a shrinking window, RFC 9293 SHLD-14); ``TCPAnomalySeverity/capture`` for what
    /// the capture could not see (a FIN or RST whose connection the capture did not see start, a gap, one
    /// direction, a cut header, a mid-stream pickup);
    /// ``TCPAnomalySeverity/info`` for data on a SYN or RST, a spurious retransmission, a SYN sent again with a new
    /// ISN, and a segment still in flight when its connection closed.
    public var severity: TCPAnomalySeverity {
        switch self {
        case .invalidFlags, .optionError, .dataOffsetError, .portZero, .synAckWrongAck, .handshakeACKWrongSeq,
            .handshakeACKWrongAck, .synAckWrongDirection, .synWrongDirection, .synAckResentDifferent, .outOfWindow,
            .invalidACK, .ackOfUnsentData, .ambiguousSequence, .finOutOfWindow, .invalidRST, .rstNotExact,
            .synInConnection, .pawsFailure, .timestampEchoMismatch, .missingTimestamp, .missingACKFlag,
            .reuseWithoutHigherISN, .dataAfterClose, .unexpectedAuthenticationOption, .dataBeforeSynAck, .badChecksum:
            return .violation
        case .strictFlags, .reservedBits, .brokenACKField, .urgentPointerWithoutURG, .synOnlyOptionOnNonSYN,
            .windowScaleAbove14, .duplicateOption, .fastOpenCookieOnNonSYN, .fastOpenCookieOddLength,
            .windowRetraction, .sackWithoutBlocks:
            return .discouraged
        case .finWithoutSession, .rstWithoutSession, .ackOfUnseenSegment, .previousSegmentNotCaptured,
            .headerCutByCapture, .midStreamPickup, .oneDirectionOnly, .windowUpdateNotCaptured, .checksumOffload:
            return .capture
        case .rstWithData, .synWithData, .beforeLastACK, .synResentWithDifferentISN, .segmentAfterClose:
            return .info
        }
    }

    /// Whether the rule looks at one segment alone (no connection state): the flag, field and option rules, and
    /// a header cut by the capture's snapshot length.
    public var isStateless: Bool {
        rawValue <= TCPAnomaly.portZero.rawValue || self == .headerCutByCapture || self == .sackWithoutBlocks
    }

    /// The stable name.
    public var description: String { name.description }

    /// Finds a case by its stable ``name``.
    ///
    /// - Parameter name: a name such as `out-of-window`.
    /// - Returns: the anomaly, or `nil` when no case has that name.
    public init?(name: String) {
        guard let match = TCPAnomaly.allCases.first(where: { $0.name.description == name }) else { return nil }
        self = match
    }
}
