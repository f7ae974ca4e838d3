import TCPCodec

extension TCPEndpoint {
    /// Records a segment this endpoint sent (as a capture shows it): SND.NXT, the FIN, the options of its SYN,
    /// the window it offers (RCV.WND) and the acknowledgment it gives (RCV.NXT, Last.ACK.sent).
    ///
    /// Sending a SYN from CLOSED, LISTEN or TIME-WAIT is an active open (RFC 9293 section 3.10.1); a FIN moves
    /// ESTABLISHED and SYN-RECEIVED to FIN-WAIT-1 and CLOSE-WAIT to LAST-ACK (section 3.10.4), or to CLOSING when
    /// its acknowledgment shows it crossed the peer's FIN; a RST moves to CLOSED (section 3.10.5). A SYN sent in
    /// SYN-RECEIVED before any SYN-ACK is the other half of a simultaneous open. After an active open by
    /// ``handle(_:)``, the first SYN sent with its ISS is the local SYN: its options are recorded and its Fast Open
    /// data moves SND.NXT. An acknowledgment beyond the modelled RCV.NXT means the endpoint received what the model
    /// did not see, and moves RCV.NXT (applying a pending FIN it covers); it is applied before the segment's own
    /// FIN, which was sent after what it acknowledges (so a FIN acknowledging the peer's pending FIN goes
    /// ESTABLISHED -> CLOSE-WAIT -> LAST-ACK).
    ///
    /// - Parameter segment: the segment sent.
    /// - Returns: the new state; anomalies ``TCPAnomaly/synResentWithDifferentISN``,
    ///   ``TCPAnomaly/synAckResentDifferent`` and ``TCPAnomaly/dataAfterClose`` are the sender's own mistakes.
    public mutating func send(_ segment: TCPSegmentSummary) -> TCPEndpointResult {
        var result = TCPEndpointResult(previousState: state, state: state)
        record(sent: segment, anomalies: &result.anomalies)
        result.state = state
        return result
    }

    /// ``send(_:)`` without building a result: the sender's anomalies are added to `anomalies`.
    ///
    /// For ``TCPFlowObserver``, which needs only the anomalies: building and copying out the whole result on
    /// every segment cost more than the rest of the bookkeeping.
    ///
    /// - Parameters:
    ///   - segment: the segment sent.
    ///   - anomalies: where the sender's own mistakes are added.
    internal mutating func record(sent segment: TCPSegmentSummary, anomalies: inout TCPAnomalySet) {
        let flags = segment.flags
        if flags.contains(.rst) {
            if !isAnswerToUnacceptableSegment(segment) && state != .listen { state = .closed }
            return
        }
        if flags.contains(.syn) {
            sendSYN(segment, anomalies: &anomalies)
            recordAcknowledgmentSent(segment)
        } else {
            if state == .synSent && flags.contains(.ack) && hasSentSYN && !hasReceivedSYN
                && segment.acknowledgmentNumber != SequenceNumber(0)
            {
                // An acknowledgment sent from SYN-SENT: we received a SYN-ACK the capture did not hold.
                inferSynAckReceived(acknowledgment: segment.acknowledgmentNumber)
            }
            let blocks = segment.sackBlocks
            if flags.contains(.ack) && !segment.headerCutByCapture && (blocks.count > 0 || observedBits & 16 != 0) {
                var highest: SequenceNumber?
                for position in 0..<blocks.count where highest.map({ blocks[position].right.isAfter($0) }) ?? true {
                    highest = blocks[position].right
                }
                highestSACKSent = highest
            }
            let dataEnd = segment.sequenceNumber + segment.payloadLength
            if let fin = finSequence, segment.payloadLength > 0, dataEnd.isAfter(fin) {
                anomalies.insert(.dataAfterClose)
            }
            if hasSentSYN && segment.sequenceEnd.isAfter(sendNext) && isPlausibleSendEnd(segment.sequenceEnd) {
                sendNext = segment.sequenceEnd
            }
            // The acknowledgment first: a segment that acknowledges the peer's FIN was sent after that FIN
            // arrived, so a FIN it carries closes from CLOSE-WAIT, not from ESTABLISHED.
            recordAcknowledgmentSent(segment)
            if flags.contains(.fin) {
                if finSequence == nil {
                    finSequence = dataEnd
                    if !sendNext.isAfter(dataEnd) && isPlausibleSendEnd(dataEnd + 1) { sendNext = dataEnd + 1 }
                }
                switch state {
                case .synReceived, .established:
                    state = .finWait1
                case .closeWait:
                    // A FIN that does not acknowledge the peer's FIN was sent before that FIN arrived: the two
                    // crossed (simultaneous close), and this side goes through CLOSING, not LAST-ACK.
                    let crossed = flags.contains(.ack) && segment.acknowledgmentNumber.isBefore(receiveNext)
                    state = crossed ? .closing : .lastAck
                default:
                    break
                }
            }
            receiveWindow = offeredWindow(of: segment)
            if flags.contains(.ack) && hasReceivedSYN {
                let edge = segment.acknowledgmentNumber + receiveWindow
                if highestOfferedEdge.map({ edge.isAfter($0) }) ?? true { highestOfferedEdge = edge }
            }
        }
        if state.isSynchronized { wasSynchronized = true }
    }

    /// Whether a RST this endpoint sends answers an unacceptable segment of the handshake rather than ending the
    /// connection: RFC 9293 sections 3.10.7.3 and 3.10.7.4 answer an unacceptable acknowledgment in SYN-SENT and
    /// SYN-RECEIVED with `<SEQ=SEG.ACK><CTL=RST>` and leave the state as it was. So does Linux: in SYN-SENT it answers
    /// a SYN-ACK or ACK acknowledging something else and sends its SYN again (tcp_rcv_synsent_state_process); in
    /// SYN-RECEIVED the listener answers a bad third ACK and keeps the half-open connection (tcp_check_req), which
    /// the right ACK then completes (`linux-oracle.pcap`, probes syn-sent-syn-ack-wrong, syn-received-ack-wrong).
    /// Such a RST carries the refused acknowledgment, not SND.NXT, which is how it is told from an abort. (A SYN-ACK
    /// refused for its TSecr alone is answered at SND.NXT, like an abort: the model closes, and the client's SYN sent
    /// again opens it anew.)
    private func isAnswerToUnacceptableSegment(_ segment: TCPSegmentSummary) -> Bool {
        (state == .synSent || state == .synReceived) && hasSentSYN && segment.sequenceNumber != sendNext
    }

    /// Records the acknowledgment a sent segment gives (Last.ACK.sent); one beyond the modelled RCV.NXT means the
    /// endpoint received what the model did not see, and moves RCV.NXT there, applying a pending FIN it covers.
    @inline(__always)
    private mutating func recordAcknowledgmentSent(_ segment: TCPSegmentSummary) {
        guard segment.flags.contains(.ack) && hasReceivedSYN else { return }
        lastACKSent = segment.acknowledgmentNumber
        if segment.acknowledgmentNumber.isAfter(receiveNext) {
            if let pending = pendingFINSequence ?? unconfirmedFINSequence,
                segment.acknowledgmentNumber == pending + 1
            {
                receiveNext = pending
                unconfirmedFINSequence = nil
                applyFIN()
            } else {
                receiveNext = segment.acknowledgmentNumber
            }
        }
    }

    private mutating func sendSYN(_ segment: TCPSegmentSummary, anomalies: inout TCPAnomalySet) {
        let flags = segment.flags
        let sequence = segment.sequenceNumber
        if !flags.contains(.ack) {
            switch state {
            case .closed, .listen, .timeWait:
                self = TCPEndpoint(state: .closed, receiveWindow: receiveWindow)
                startSending(segment)
                state = .synSent
            case .synReceived where !hasSentSYN:
                // Our SYN crossed the peer's: a simultaneous open (RFC 9293 section 3.5, figure 7).
                startSending(segment)
                isPassive = false
            case .synSent, .synReceived:
                if sequence != initialSendSequence {
                    // After an active open, whose ISS no SYN showed, the first SYN sets it: nothing was resent.
                    if sawLocalSYN {
                        anomalies.insert(.synResentWithDifferentISN)
                        if earlierInitialSendSequence == nil { earlierInitialSendSequence = initialSendSequence }
                    }
                    // The TSvals of the earlier SYNs stay acceptable echoes: a SYN-ACK may answer any of them.
                    startSending(segment, keepingSYNTimestamps: true)
                } else {
                    recordSYNWithKnownISS(segment)
                }
            default:
                break
            }
        } else {
            switch state {
            case .synReceived, .established, .finWait1, .finWait2, .closeWait, .closing, .lastAck, .timeWait:
                if state == .synReceived, let latest = latestPeerSYNSequence,
                    segment.acknowledgmentNumber == latest + 1
                {
                    // Our SYN-ACK answers the peer's latest SYN (sent again with a new ISN): that SYN is the one.
                    initialReceiveSequence = latest
                    receiveNext = latest + 1
                    latestPeerSYNSequence = nil
                    if hasSentSYN && sequence == initialSendSequence {
                        recordSYNWithKnownISS(segment)
                    } else {
                        startSending(segment)
                    }
                } else if !hasSentSYN {
                    startSending(segment)
                } else if sequence != initialSendSequence
                    || segment.acknowledgmentNumber != initialReceiveSequence + 1
                {
                    anomalies.insert(.synAckResentDifferent)
                    if state == .synReceived { startSending(segment) }
                } else {
                    recordSYNWithKnownISS(segment)
                }
            case .closed, .listen, .synSent:
                break
            }
        }
        // A SYN's window is never scaled (RFC 7323 section 2.2).
        receiveWindow = offeredWindow(of: segment)
    }

    /// Whether a sent segment ending at `end` may move SND.NXT there: `end` is at most 2^30 past SND.UNA, as no
    /// window reaches further (RFC 7323 section 2.3). A forged or corrupt segment far ahead must not push SND.NXT
    /// 2^31 or more past SND.UNA, where SND.UNA =< SND.NXT (RFC 9293 section 3.3.1) could no longer be decided.
    private func isPlausibleSendEnd(_ end: SequenceNumber) -> Bool {
        sendUnacknowledged.distance(to: end) <= TCPEndpoint.unknownWindow
    }

    /// Our SYN or SYN-ACK with the ISS the model already has: the first one seen after an active open (which set the
    /// ISS and SND.NXT but put nothing on the wire the model saw), whose options are the local SYN's, or one sent
    /// again (``recordRepeatedSYN(_:)``). Either way, data it carries moves SND.NXT. An endpoint whose handshake was
    /// inferred or that was picked up mid-stream keeps the options it has (unknown): its windows are judged as such.
    private mutating func recordSYNWithKnownISS(_ segment: TCPSegmentSummary) {
        if !sawLocalSYN && !handshakeInferred && !isLoose {
            recordLocalSYN(segment)
        } else {
            recordRepeatedSYN(segment)
        }
        moveSendNext(pastSYN: segment)
    }

    /// Moves SND.NXT past a SYN sent with the ISS when it ends beyond it: the SYN's data (TCP Fast Open, RFC 7413)
    /// was sent. A SYN sent again without the data of the one before (as Linux sends a Fast Open SYN again) leaves
    /// SND.NXT where it is; so does a claimed payload beyond any window (``isPlausibleSendEnd(_:)``).
    private mutating func moveSendNext(pastSYN segment: TCPSegmentSummary) {
        let end = segment.sequenceEnd
        if end.isAfter(sendNext) && isPlausibleSendEnd(end) { sendNext = end }
        if end.isAfter(localSYNEnd) && !end.isAfter(sendNext) { localSYNEnd = end }
    }

    /// Our SYN again, with the same ISN: a retransmission, or the SYN-ACK of a simultaneous open (RFC 9293 figure 7).
    ///
    /// The options stay those of the first SYN, which the peer's model took (RFC 7323 section 2.2: window scaling
    /// is agreed by the SYNs, and a SYN-ACK need not repeat the option); only its TSval is one more the SYN-SENT
    /// TSecr check accepts.
    private mutating func recordRepeatedSYN(_ segment: TCPSegmentSummary) {
        guard let value = segment.timestampValue else { return }
        if firstSYNTimestamp == nil { firstSYNTimestamp = value }
        lastSYNTimestamp = value
    }

    /// Our SYN (or SYN-ACK) fixes ISS, SND.UNA and SND.NXT and our options; with `keepingSYNTimestamps`, the TSvals
    /// of earlier SYNs stay acceptable echoes (Linux checks a SYN-ACK's TSecr against the time of the first SYN).
    ///
    /// The data a SYN carries (TCP Fast Open) moves SND.NXT past the SYN only as far as any window reaches, as for
    /// any sent segment (``isPlausibleSendEnd(_:)``): a SYN claiming more (a payload length of 2^31 bytes or more,
    /// given by the caller) would leave SND.NXT where SND.UNA =< SND.NXT could no longer be decided.
    private mutating func startSending(_ segment: TCPSegmentSummary, keepingSYNTimestamps: Bool = false) {
        initialSendSequence = segment.sequenceNumber
        sendUnacknowledged = segment.sequenceNumber
        sendNext = isPlausibleSendEnd(segment.sequenceEnd) ? segment.sequenceEnd : segment.sequenceNumber + 1
        localSYNEnd = sendNext
        // The window a passive side took from the peer's SYN, which acknowledges nothing, counts from ISS + 1, as
        // Linux's right edge (SND.UNA + SND.WND) does: the edge a later window is compared with (SND.WL2 stayed 0,
        // and a window edge after ISS + 2^31 then looked like a retraction of it).
        if hasReceivedSYN { sendWindowUpdateAcknowledgment = segment.sequenceNumber + 1 }
        hasSentSYN = true
        if !keepingSYNTimestamps { firstSYNTimestamp = nil }
        recordLocalSYN(segment)
    }
}
