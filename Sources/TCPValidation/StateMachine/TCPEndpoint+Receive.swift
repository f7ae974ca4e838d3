import TCPCodec

extension TCPEndpoint {
    /// Processes a segment arriving from the peer (RFC 9293 section 3.10.7, with RFC 5961, RFC 7323 and
    /// RFC 6191).
    ///
    /// - Parameter segment: the arriving segment's facts.
    /// - Returns: the new state, the verdict, what a conforming endpoint sends in answer, the broken rules, and the
    ///   outcome of the sequence and ACK tests when they were reached.
    // Inlined where it is called (the observer calls it on every segment), so that the result is built where the
    // caller keeps it instead of being copied out field by field.
    @inline(__always)
    public mutating func receive(_ segment: TCPSegmentSummary) -> TCPEndpointResult {
        let before = state
        var result: TCPEndpointResult
        if segment.hasAuthenticationOption && sawLocalSYN && !localAuthentication && state != .closed
            && state != .listen
        {
            // Our SYN carried no TCP-MD5 or TCP-AO option: we have no key, and Linux drops any segment that
            // carries one (tcp_inbound_hash), a RST included.
            result = TCPEndpointResult(previousState: state, state: state, verdict: .dropped)
            result.anomalies.insert(.unexpectedAuthenticationOption)
            result.previousState = before
            return result
        }
        switch state {
        case .closed: result = receiveInClosed(segment)
        case .listen: result = receiveInListen(segment)
        case .synSent: result = receiveInSynSent(segment)
        case .synReceived, .established, .finWait1, .finWait2, .closeWait, .closing, .lastAck, .timeWait:
            result = receiveInSynchronizedState(segment)
        }
        if before == .timeWait && state == .timeWait {
            result.response = timeWaitResponse(to: segment, result.response)
        }
        result.previousState = before
        result.state = state
        switch result.response {
        case .ack, .challengeACK, .synAck: lastACKSent = receiveNext
        default: break
        }
        if state.isSynchronized { wasSynchronized = true }
        return result
    }

    /// What Linux's TIME-WAIT answers to a segment that leaves it in TIME-WAIT (tcp_timewait_state_process; a RST at
    /// RCV.NXT ends it, and a SYN that reopens it leaves it): nothing to a bare ACK or RST at RCV.NXT that passes
    /// PAWS, whatever it acknowledges; nothing to any other RST; an ACK to every other segment (data, a FIN sent
    /// again, a segment elsewhere in the window or outside it, one without ACK, a refused SYN), where RFC 9293 answers
    /// some with nothing and a RST in the window with a challenge ACK (`linux-oracle.pcap`, the time-wait probes).
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - response: the answer the rules of the synchronized states gave, kept for a SYN (whose answer they decide).
    /// - Returns: the answer.
    private func timeWaitResponse(to segment: TCPSegmentSummary, _ response: TCPResponse) -> TCPResponse {
        let flags = segment.flags
        if flags.contains(.syn) && !flags.contains(.rst) { return response }
        if !failsPAWS(segment) && segment.sequenceNumber == receiveNext
            && (segment.sequenceLength == 0 || flags.contains(.rst))
        {
            return .none
        }
        return flags.contains(.rst) ? .none : .ack
    }

    // MARK: CLOSED, LISTEN, SYN-SENT (RFC 9293 sections 3.10.7.1 to 3.10.7.3)

    private func receiveInClosed(_ segment: TCPSegmentSummary) -> TCPEndpointResult {
        var result = TCPEndpointResult(previousState: state, state: state, verdict: .dropped)
        let flags = segment.flags
        if flags.contains(.rst) { return result }
        if wasSynchronized { result.anomalies.insert(.segmentAfterClose) }
        result.response = flags.contains(.ack)
            ? .reset(sequenceNumber: segment.acknowledgmentNumber)
            : .resetACK(acknowledgmentNumber: segment.sequenceEnd)
        return result
    }

    private mutating func receiveInListen(_ segment: TCPSegmentSummary) -> TCPEndpointResult {
        var result = TCPEndpointResult(previousState: state, state: state, verdict: .dropped)
        let flags = segment.flags
        if flags.contains(.rst) { return result }
        if flags.contains(.ack) {
            result.response = .reset(sequenceNumber: segment.acknowledgmentNumber)
            return result
        }
        // Linux drops a SYN that also carries FIN in LISTEN (tcp_rcv_state_process); conntrack calls it invalid.
        guard flags.contains(.syn) && !flags.contains(.fin) else { return result }
        acceptSYN(segment, passive: true)
        result.verdict = .accepted
        result.response = .synAck
        return result
    }

    /// LISTEN (or a reopened TIME-WAIT) takes a SYN: SYN-RECEIVED, answering with a SYN-ACK.
    private mutating func acceptSYN(_ segment: TCPSegmentSummary, passive: Bool) {
        recordPeerSYN(segment)
        sendWindow = peerWindow(of: segment)
        maximumSendWindow = max(maximumSendWindow, sendWindow)
        sendWindowUpdateSequence = segment.sequenceNumber
        isPassive = passive
        state = .synReceived
    }

    /// Whether an acknowledgment that SYN-SENT refuses for the ISS of this endpoint's latest SYN acknowledges its
    /// earlier SYN instead (``earlierInitialSendSequence``), or bytes sent after it: the peer answered the SYN it
    /// took, with a SYN-ACK the capture did not hold, and this endpoint went on from that ISN (in
    /// `linux-oracle.pcap` and `conntrack-oracle-client.pcap`, probes that send their SYN again with another ISN,
    /// with the server's SYN-ACK dropped, `Scripts/variant-violations.py`). The segment is dropped all the same; only
    /// the anomaly, which would blame the peer for an ISN it never saw, is not named. At most ``unknownWindow`` past
    /// that ISN, as no window reaches further, and short of the latest ISS when that lies in between.
    private func acknowledgesEarlierSYN(_ acknowledgment: SequenceNumber) -> Bool {
        guard let earlier = earlierInitialSendSequence else { return false }
        let distance = acknowledgment - earlier
        guard distance >= 1 && distance <= TCPEndpoint.unknownWindow else { return false }
        // When the latest ISS lies in that range (a higher ISN, as a clock-driven ISN on the same 4-tuple is), an
        // acknowledgment at or past it is judged against the SYN outstanding (found in review).
        let latest = initialSendSequence - earlier
        return !(latest >= 1 && latest <= TCPEndpoint.unknownWindow && distance >= latest)
    }

    private mutating func receiveInSynSent(_ segment: TCPSegmentSummary) -> TCPEndpointResult {
        var result = TCPEndpointResult(previousState: state, state: state, verdict: .dropped)
        let flags = segment.flags
        // First, the ACK bit.
        if flags.contains(.ack) {
            let check = TCPAckAcceptability.checkSynSent(
                segment.acknowledgmentNumber, initialSendSequence: initialSendSequence, sendNext: sendNext)
            result.ackAcceptability = check
            if check != .advances {
                if flags.contains(.rst) {
                    result.anomalies.insert(.invalidRST)
                    return result
                }
                if flags.contains(.syn) {
                    result.anomalies.insert(.synAckWrongAck)
                } else if !acknowledgesEarlierSYN(segment.acknowledgmentNumber) {
                    result.anomalies.insert(check == .unsent ? .ackOfUnsentData : .invalidACK)
                }
                if check == .undefined { result.anomalies.insert(.ambiguousSequence) }
                result.response = .reset(sequenceNumber: segment.acknowledgmentNumber)
                return result
            }
            // Linux then checks the TSecr of any segment with an acceptable ACK, a RST included, against the TSvals
            // of our SYNs (RFC 7323 section 3.2; tcp_rcv_synsent_state_process, PAWSACTIVEREJECTED): a RST/ACK
            // echoing a TSval we never sent is dropped, so it cannot tear the connection down.
            if let echo = segment.timestampEchoReply, echo != 0, let first = firstSYNTimestamp,
                (echo &- first) > (lastSYNTimestamp &- first)
            {
                result.anomalies.insert(.timestampEchoMismatch)
                if !flags.contains(.rst) { result.response = .reset(sequenceNumber: segment.acknowledgmentNumber) }
                return result
            }
        }
        // Second, the RST bit: honoured only with an acceptable ACK (RFC 5961 section 3.2).
        if flags.contains(.rst) {
            if result.ackAcceptability == .advances {
                state = .closed
                result.verdict = .connectionReset
            } else {
                result.anomalies.insert(.invalidRST)
            }
            return result
        }
        // Fourth, the SYN bit.
        guard flags.contains(.syn) else { return result }
        recordPeerSYN(segment)
        // A SYN's window is never scaled (RFC 7323 section 2.2).
        takeSendWindow(peerWindow(of: segment), from: segment)
        result.verdict = .accepted
        if flags.contains(.ack) {
            sendUnacknowledged = segment.acknowledgmentNumber
            state = .established
            result.response = .ack
            // Linux takes a SYN-ACK's data and FIN only when our SYN used Fast Open and the SYN-ACK acknowledges all
            // it carried (tcp_rcv_fastopen_synack queues it, tcp_fastopen_add_skb takes the FIN); otherwise it
            // acknowledges the SYN alone and the peer sends them again (`linux-oracle.pcap`, probes
            // syn-sent-syn-ack-with-data, syn-sent-fast-open-syn-ack-with-data and -with-data-fin). Conntrack calls
            // SYN|ACK|FIN invalid all the same.
            if localFastOpen && segment.acknowledgmentNumber == sendNext {
                receiveNext += segment.payloadLength
                if flags.contains(.fin) { applyFIN() }
            }
        } else {
            // Simultaneous open (RFC 9293 section 3.5, figure 7).
            isPassive = false
            state = .synReceived
            result.response = .synAck
        }
        return result
    }

    /// Whether a SYN is newer than everything this endpoint took from its peer, as TIME-WAIT decides whether a SYN
    /// starts a new connection (RFC 6191, RFC 1122 section 4.2.2.13): a TSval after TS.Recent when timestamps are
    /// in use and the SYN carries one, otherwise an ISN after RCV.NXT.
    func startsNewIncarnation(_ segment: TCPSegmentSummary) -> Bool {
        if timestampsEnabled, let order = timestampOrder(of: segment) { return order == .after }
        return segment.sequenceNumber.isAfter(receiveNext)
    }

    // MARK: Synchronized states (RFC 9293 section 3.10.7.4)

    private mutating func receiveInSynchronizedState(_ segment: TCPSegmentSummary) -> TCPEndpointResult {
        var result = TCPEndpointResult(previousState: state, state: state, verdict: .dropped)
        let flags = segment.flags
        let isRST = flags.contains(.rst)
        var isSimultaneousSynAck = false

        // TIME-WAIT: a new SYN reopens only with a higher ISN or a newer timestamp (RFC 6191, RFC 1122 4.2.2.13).
        if state == .timeWait && flags.contains(.syn) && !flags.contains(.ack) && !isRST && !flags.contains(.fin) {
            if startsNewIncarnation(segment) {
                let window = receiveWindow
                self = TCPEndpoint(state: .listen, receiveWindow: window)
                acceptSYN(segment, passive: true)
                result.verdict = .accepted
                result.response = .synAck
            } else {
                result.anomalies.insert(.reuseWithoutHigherISN)
                result.response = .ack
            }
            return result
        }

        // A SYN in a synchronized state, whatever its sequence number (RFC 5961 section 4.2).
        if flags.contains(.syn) && !isRST {
            let retransmitted = hasReceivedSYN && segment.sequenceNumber == initialReceiveSequence
            if state == .synReceived && retransmitted && !flags.contains(.ack) {
                result.response = .synAck  // The peer's SYN again: our SYN-ACK was lost.
                return result
            }
            if state == .synReceived && retransmitted && !isPassive && segment.payloadLength == 0
                && segment.acknowledgmentNumber.isAfter(initialSendSequence)
                && !segment.acknowledgmentNumber.isAfter(sendNext)
            {
                // RFC 9293 figure 7: the peer's SYN-ACK of a simultaneous open. It acknowledges our SYN, and data on
                // that SYN only if the peer kept it (ISS < SEG.ACK =< SND.NXT, as in SYN-SENT): Linux drops the data
                // of a SYN it receives in SYN-SENT, and its SYN-ACK acknowledges ISS + 1.
                isSimultaneousSynAck = true
            } else if state == .synReceived && !flags.contains(.ack) && isPassive && hasSentSYN
                && TCPSegmentAcceptability.check(segment, receiveNext: receiveNext, receiveWindow: receiveWindow)
                    != .unacceptable
                && !failsPAWS(segment)
            {
                // A SYN with another ISN inside the window of a passive SYN-RECEIVED whose SYN-ACK went out: Linux
                // (tcp_check_req, whose RST-or-SYN check follows its window check) answers RST/ACK and drops the
                // half-open connection, back to LISTEN (`linux-oracle.pcap`, probe syn-received-syn-new-isn).
                // RFC 5961 section 4.2 would send a challenge ACK, as below for a SYN outside the window, which
                // Linux does too, and for one that fails PAWS against the first SYN's TSval. (Without a SYN-ACK
                // sent, the first SYN may never have arrived: the candidate below.)
                result.anomalies.insert(.synResentWithDifferentISN)
                result.response = .resetACK(acknowledgmentNumber: segment.sequenceEnd)
                takeReset()
                return result
            } else if state == .synReceived && !flags.contains(.ack) {
                // Kept as a candidate: a SYN-ACK of ours acknowledging it shows we took it instead.
                latestPeerSYNSequence = segment.sequenceNumber
                result.anomalies.insert(.synResentWithDifferentISN)
                result.response = .challengeACK
                return result
            } else if retransmitted && flags.contains(.ack) && hasSentSYN
                && (segment.acknowledgmentNumber == initialSendSequence + 1
                    || localFastOpen && segment.acknowledgmentNumber == localSYNEnd)
            {
                // The peer's SYN-ACK again: our ACK of it was lost, or the network (or a capture on two interfaces)
                // repeated it. A Fast Open SYN-ACK acknowledges the SYN's data too (up to the SYN's end).
                result.response = .ack
                return result
            } else if retransmitted && !flags.contains(.ack) && state != .synReceived
                && !(timestampsEnabled && timestampOrder(of: segment) == .after)
            {
                // The peer's own SYN again (its ISN), delivered after the segments that synchronized the connection:
                // sent while it was still in SYN-SENT (its TSval no newer than TS.Recent) and overtaken on a
                // reordering link, as Linux's own traffic showed. Out of the window, it draws the challenge ACK that
                // Linux sends (tcp_validate_incoming's syn_challenge) and is dropped; nobody broke a rule.
                result.response = .challengeACK
                return result
            } else {
                result.anomalies.insert(
                    state == .synReceived && flags.contains(.ack) ? .synAckWrongAck : .synInConnection)
                result.response = .challengeACK
                return result
            }
        }

        // PAWS (RFC 7323 section 5.3, R1); RST is exempt. As Linux (tcp_paws_check with TCP_PAWS_WINDOW), a TSval
        // one tick older than TS.Recent still passes. A header cut by the capture may have lost its timestamps.
        // A duplicate ACK that fails PAWS but passes as one delivered late (Linux's disordered ACK) was sent before the
        // segment that set TS.Recent: it changes nothing, its window included (by Linux's rule it would not update
        // it; RFC 9293's would take its older, smaller window and see a retraction).
        var isLateDuplicateACK = false
        if timestampsEnabled && !isRST {
            if let value = segment.timestampValue {
                let fails = failsPAWS(value)
                isLateDuplicateACK = fails && isDisorderedACK(segment)
                if fails && !isLateDuplicateACK {
                    // An old duplicate (wholly before RCV.NXT) is dropped either way: the network delivered an
                    // earlier transmission late, which is what PAWS is for, and nobody broke a rule.
                    let isOldDuplicate = segment.sequenceLength > 0 && !segment.sequenceEnd.isAfter(receiveNext)
                    if !isOldDuplicate { result.anomalies.insert(.pawsFailure) }
                    // Linux (6.14 on: tcp_disordered_ack_check's TCP_RFC7323_PAWS_ACK, counted as PAWSOldAck) drops a
                    // pure ACK whose SEQ is before RCV.NXT without the duplicate ACK it sends for any other segment
                    // that fails PAWS: an old ACK overtaken by the peer's later data is common and needs no answer
                    // (`linux-bidir-loss.pcap`: 2 such, the client kernel's PAWSOldAck, beside its 16 PAWSEstab).
                    // (A passive SYN-RECEIVED is Linux's request socket, whose tcp_check_req answers every PAWS
                    // failure.)
                    let isOldACK = segment.sequenceLength == 0 && flags.contains(.ack)
                        && segment.sequenceNumber.isBefore(receiveNext) && !(state == .synReceived && isPassive)
                    result.response = isOldACK ? .none : .ack
                    return result
                }
            } else if !segment.headerCutByCapture {
                // RFC 7323 section 3.2 has the receiver drop it (SHOULD); Linux takes it and goes on (its
                // tcp_validate_incoming applies PAWS only to a segment that carries a TSval: `linux-oracle.pcap`,
                // probe data-without-timestamps), and so does this model. The sender still broke the RFC's MUST.
                // (A header the capture cut may have lost its timestamps: it is judged as if they were right, and
                // no anomaly is raised.)
                result.anomalies.insert(.missingTimestamp)
            }
        }

        // First: the sequence number.
        let acceptability = isSimultaneousSynAck
            ? TCPSegmentAcceptability.acceptable
            : TCPSegmentAcceptability.check(segment, receiveNext: receiveNext, receiveWindow: receiveWindow)
        result.acceptability = acceptability
        if acceptability == .unacceptable {
            if isRST {
                if isResetAfterFIN(segment) {
                    state = .closed
                    result.verdict = .connectionReset
                } else {
                    result.anomalies.insert(.invalidRST)
                }
                return result
            }
            // Old: a duplicate of sequence space the peer really sent (from IRS up to RCV.NXT); anything else is
            // outside the window.
            let floor = isLoose ? receiveNext - TCPEndpoint.unknownWindow : initialReceiveSequence
            let isOld = segment.sequenceNumber.between(floor, receiveNext - 1)
                && !segment.sequenceEnd.isAfter(receiveNext)
            // Inside the furthest window offered: the window shrank under a segment already on its way.
            let withinShrunkWindow = highestOfferedEdge.map { segment.sequenceNumber.isBefore($0) } ?? false
                && segment.sequenceNumber.isAfter(receiveNext)
            if !isOld && !withinShrunkWindow {
                result.anomalies.insert(flags.contains(.fin) ? .finOutOfWindow : .outOfWindow)
            }
            result.response = .ack
            return result
        }
        updateTimestampRecent(segment)

        // Second: the RST bit (RFC 5961 section 3.2).
        if isRST {
            // Linux resets at RCV.NXT, at RCV.NXT - 1 after the peer's FIN, and at the right edge of the highest
            // SACK block sent (tcp_validate_incoming).
            if segment.sequenceNumber == receiveNext || isResetAfterFIN(segment)
                || highestSACKSent.map({ $0 == segment.sequenceNumber }) ?? false
            {
                takeReset()
                result.verdict = .connectionReset
            } else {
                result.anomalies.insert(.rstNotExact)
                result.response = .challengeACK
            }
            return result
        }

        // Fifth: the ACK bit.
        guard flags.contains(.ack) else {
            result.anomalies.insert(.missingACKFlag)
            return result
        }
        if state == .synReceived {
            if !hasSentSYN {
                // Our SYN-ACK was not seen: take its ISS from the acknowledgment, until a SYN-ACK of ours says.
                // Nor were its options: the windows either way are taken at their largest, as on an active side
                // whose SYN-ACK was inferred.
                takeInferredOwnSYN(acknowledgment: segment.acknowledgmentNumber)
                markHandshakeInferred(peerSYNSeen: true)
            }
            let check = TCPAckAcceptability.checkSynSent(
                segment.acknowledgmentNumber, initialSendSequence: sendUnacknowledged, sendNext: sendNext)
            result.ackAcceptability = check
            guard check == .advances else {
                result.anomalies.insert(.handshakeACKWrongAck)
                if check == .undefined { result.anomalies.insert(.ambiguousSequence) }
                result.response = .reset(sequenceNumber: segment.acknowledgmentNumber)
                return result
            }
            state = .established
            sendUnacknowledged = segment.acknowledgmentNumber
            takeSendWindow(peerWindow(of: segment), from: segment)
        } else {
            let check = TCPAckAcceptability.check(
                segment.acknowledgmentNumber, sendUnacknowledged: sendUnacknowledged, sendNext: sendNext,
                maximumSendWindow: maximumSendWindow)
            result.ackAcceptability = check
            switch check {
            case .tooOld, .unsent, .undefined:
                result.anomalies.insert(
                    check == .tooOld ? .invalidACK : check == .unsent ? .ackOfUnsentData : .ambiguousSequence)
                result.response = .ack
                return result
            case .advances:
                sendUnacknowledged = segment.acknowledgmentNumber
            case .duplicate, .old:
                break
            }
            // The window only when SND.UNA =< SEG.ACK =< SND.NXT (RFC 9293 section 3.10.7.4): an old acknowledgment
            // with a newer SEQ was sent before the one that moved SND.UNA (Linux's tcp_ack ignores it too).
            if !isLateDuplicateACK && check != .old {
                updateSendWindow(segment, acknowledgmentAdvances: check == .advances, anomalies: &result.anomalies)
            }
            switch state {
            case .finWait1:
                if finAcknowledged { state = .finWait2 }
            case .closing:
                if finAcknowledged { state = .timeWait }
            case .lastAck:
                if finAcknowledged {
                    state = .closed
                    result.verdict = .accepted
                    return result
                }
            default:
                break
            }
        }
        result.verdict = .accepted

        // Seventh: the segment text.
        if segment.payloadLength > 0 {
            if acceptability == .controlOnly {
                result.response = .ack
            } else {
                switch state {
                case .established, .finWait1, .finWait2:
                    takeData(segment)
                    result.response = .ack
                case .closeWait, .closing, .lastAck, .timeWait:
                    if (segment.sequenceNumber + segment.payloadLength).isAfter(receiveNext) {
                        result.anomalies.insert(.dataAfterClose)
                    }
                    // (RFC 9293 ignores the text; what TIME-WAIT answers is timeWaitResponse's.)
                default:
                    break
                }
            }
        }

        // Eighth: the FIN bit.
        if flags.contains(.fin) && acceptability == .acceptable {
            let fin = segment.sequenceNumber + segment.payloadLength
            if fin == receiveNext {
                applyFIN()
            } else if fin.isAfter(receiveNext) {
                pendingFINSequence = fin
            }
            result.response = .ack
        } else if let pending = pendingFINSequence, pending == receiveNext {
            applyFIN()
            result.response = .ack
        }
        return result
    }

    /// Whether an acknowledgment number covers bytes past SND.NXT: bytes this endpoint never sent as far as its
    /// model knows. Modulo 2^32 (RFC 9293 section 3.4): "past" is the half of the sequence space ahead. The capture
    /// rules take such an acknowledgment as one of bytes the capture missed (``TCPAnomaly/ackOfUnseenSegment``),
    /// and header prediction never takes it.
    ///
    /// - Parameter acknowledgment: SEG.ACK of a segment from the peer.
    /// - Returns: whether it lies after SND.NXT.
    @inline(__always)
    internal func acknowledgesBeyondSent(_ acknowledgment: SequenceNumber) -> Bool {
        acknowledgment.isAfter(sendNext)
    }

    /// Whether a TSval fails PAWS against TS.Recent (RFC 7323 section 5.3, R1): it is older than TS.Recent by more
    /// than the one tick Linux lets pass (`tcp_paws_check` with `TCP_PAWS_WINDOW`).
    ///
    /// - Parameter value: SEG.TSval.
    /// - Returns: whether the segment is old by its timestamp (unless it is a disordered ACK, or a RST).
    @inline(__always)
    internal func failsPAWS(_ value: UInt32) -> Bool {
        SequenceNumber(value).isBefore(SequenceNumber(timestampRecent) - 1)
    }

    /// SEG.TSval against TS.Recent, in the modular order PAWS compares timestamps by (RFC 7323 section 5.3), or `nil`
    /// for a segment without a TSval: `.after` for a segment sent after the one that set TS.Recent, `.before` for
    /// one sent before it (PAWS fails it only when it is more than one tick older: `failsPAWS`).
    ///
    /// - Parameter segment: a segment from the peer.
    /// - Returns: the order of its TSval relative to TS.Recent.
    @inline(__always)
    internal func timestampOrder(of segment: TCPSegmentSummary) -> SequenceNumber.Order? {
        segment.timestampValue.map { SequenceNumber($0).compare(SequenceNumber(timestampRecent)) }
    }

    /// Whether a segment fails PAWS on a connection with timestamps: its TSval is older than TS.Recent by more than
    /// one tick (the other `failsPAWS`, on a TSval). One without a TSval passes: Linux applies PAWS only to a
    /// segment that carries one.
    ///
    /// - Parameter segment: a segment from the peer.
    /// - Returns: whether PAWS rejects it.
    @inline(__always)
    internal func failsPAWS(_ segment: TCPSegmentSummary) -> Bool {
        timestampsEnabled && (segment.timestampValue.map(failsPAWS) ?? false)
    }

    /// The TS.Recent update of an acceptable segment (RFC 7323 section 4.3): SEG.TSval >= TS.Recent and
    /// SEG.SEQ =< Last.ACK.sent.
    ///
    /// - Parameter segment: a segment that passed PAWS and the sequence test.
    @inline(__always)
    internal mutating func updateTimestampRecent(_ segment: TCPSegmentSummary) {
        if let value = segment.timestampValue, !SequenceNumber(value).isBefore(SequenceNumber(timestampRecent)),
            !segment.sequenceNumber.isAfter(lastACKSent)
        {
            timestampRecent = value
        }
    }

    /// Takes the text of an acceptable segment in ESTABLISHED, FIN-WAIT-1 or FIN-WAIT-2 (RFC 9293 section
    /// 3.10.7.4, seventh check): RCV.NXT moves past it when it starts at or before RCV.NXT (out-of-order data is
    /// not reassembled, see the type's notes).
    ///
    /// - Parameter segment: the segment, with data.
    @inline(__always)
    internal mutating func takeData(_ segment: TCPSegmentSummary) {
        if !segment.sequenceNumber.isAfter(receiveNext) {
            let end = segment.sequenceNumber + segment.payloadLength
            if end.isAfter(receiveNext) { receiveNext = end }
        }
    }

    /// Takes SEG.WND under the window-update rule, and flags a retracted right edge (RFC 9293 section 3.8.6).
    ///
    /// With window scaling the edge can move left by less than 2^shift bytes through rounding alone (RFC 7323
    /// section 2.4); only a retraction of at least that much is flagged.
    ///
    /// The rule is Linux's (`tcp_may_update_window`, with the zero-window case of Linux 6.x,
    /// ``TCPWindowUpdate/checkAsLinux(acknowledgmentAdvances:sequenceNumber:lastUpdateSequence:window:sendWindow:)``):
    /// the window is taken when the acknowledgment advances SND.UNA, or SND.WL1 < SEG.SEQ, or SND.WL1 = SEG.SEQ and
    /// the window grows or is zero. RFC 9293's rule differs where the network reorders: it takes any window at
    /// SND.WL1 = SEG.SEQ with SND.WL2 =< SEG.ACK (a duplicate ACK sent before the one that set the window, delivered
    /// after it, shrinks it: `linux-reordering-ipv6.pcap`), and none before SND.WL1 (a retransmission carrying an
    /// acknowledgment that advances SND.UNA, sent after the segment that set the window, keeps the older window).
    /// Which left-moving edges are a retraction is ``flagLeftEdge(_:taken:retraction:anomalies:)``'s to say.
    ///
    /// Inlined: header prediction's ``receivePredicted(_:anomalies:)`` runs it for every predicted segment, where a
    /// call cost more than the rule (6 instructions a segment in the observer benchmark).
    ///
    /// - Parameters:
    ///   - segment: the segment, with an acceptable acknowledgment (not an old one: SND.UNA =< SEG.ACK).
    ///   - acknowledgmentAdvances: SND.UNA < SEG.ACK, SND.UNA as it was before the segment.
    ///   - anomalies: gets ``TCPAnomaly/windowRetraction``.
    @inline(__always)
    internal mutating func updateSendWindow(
        _ segment: TCPSegmentSummary, acknowledgmentAdvances: Bool, anomalies: inout TCPAnomalySet
    ) {
        let window = peerWindow(of: segment)
        let taken = TCPWindowUpdate.checkAsLinux(
            acknowledgmentAdvances: acknowledgmentAdvances, sequenceNumber: segment.sequenceNumber,
            lastUpdateSequence: sendWindowUpdateSequence, window: window, sendWindow: sendWindow) == .update
        let oldEdge = sendWindowUpdateAcknowledgment + sendWindow
        let newEdge = segment.acknowledgmentNumber + window
        if newEdge.isBefore(oldEdge) {
            flagLeftEdge(segment, taken: taken, retraction: oldEdge - newEdge, anomalies: &anomalies)
        }
        if taken { takeSendWindow(window, from: segment) }
    }

    /// ``updateSendWindow(_:acknowledgmentAdvances:anomalies:)`` for a window whose right edge lies `retraction`
    /// bytes left of the one it replaces: flags the retraction when the segment was sent after the one that set the
    /// window. Out of line: the common segment moves the edge right or leaves it, and inlined this cost about 18
    /// instructions a segment in the observer benchmark (926.8 against 909.2 by callgrind), header prediction's
    /// path included.
    ///
    /// A window taken was sent after the one it replaces (its acknowledgment or its SEQ is newer; at the same SEQ a
    /// zero window: a stack that shrinks its window closes it so, `linux-window-shrink.pcap`), unless its TSval shows
    /// it sent before: older than the TSval of the segment that set the window (which overtook it), or, at that
    /// segment's SEQ and ACK, older than TS.Recent (a zero window overtaken by the update that reopened it). With the
    /// same TSval the order cannot be told, and it is still called a retraction. One not taken at SND.WL1 = SEG.SEQ
    /// with data or FIN, and an acknowledgment no older than SND.WL2, was sent after any pure ACK at that SEQ, so its
    /// smaller window is a retraction too, though Linux keeps the larger one. A pure ACK there may have been sent
    /// before the segment that set the window, and one before SND.WL1 or with an older acknowledgment was: no
    /// retraction.
    @inline(never)
    private func flagLeftEdge(
        _ segment: TCPSegmentSummary, taken: Bool, retraction: UInt32, anomalies: inout TCPAnomalySet
    ) {
        let samePoint = segment.sequenceNumber == sendWindowUpdateSequence
            && segment.acknowledgmentNumber == sendWindowUpdateAcknowledgment
        // A TSval older than TS.Recent (one tick older: PAWS let it through) at the SEQ and ACK of the segment that
        // set the window was sent before the segment that set TS.Recent, the one that set the window when it is the
        // last pure ACK there: a zero window overtaken by the update that reopened it (Linux's own traffic over a
        // reordering link, a slow reader's zero windows). Still taken, as Linux takes a zero window there.
        // A TSval older than the one of the segment that set the window, at any SEQ: sent before that segment, which
        // overtook it (a retransmission with an advancing acknowledgment and a larger window, say, delivered ahead of
        // a pure ACK sent just before it: Linux's own traffic both ways over a lossy, reordering link). Linux takes
        // the older window when its SEQ is newer; the edge it moves left is no retraction of the sender's.
        var sentBefore = false
        if timestampsEnabled, let value = segment.timestampValue {
            let tsval = SequenceNumber(value)
            sentBefore = samePoint && tsval.isBefore(SequenceNumber(timestampRecent))
                || sendWindowTimestamp.map { tsval.isBefore(SequenceNumber($0)) } ?? false
        }
        let newer = taken && !sentBefore
            || segment.sequenceNumber == sendWindowUpdateSequence && segment.sequenceLength > 0
                && !segment.acknowledgmentNumber.isBefore(sendWindowUpdateAcknowledgment)
        if !isLoose && newer && retraction >> UInt32(windowScaling.receiveShift) != 0 {
            anomalies.insert(.windowRetraction)
        }
    }

    /// Takes the peer's window from a segment: SND.WND, MAX.SND.WND, and SND.WL1 and SND.WL2 from its SEQ and ACK
    /// (RFC 9293 section 3.10.7.4, fifth check; RFC 5961 section 5.2).
    private mutating func takeSendWindow(_ window: UInt32, from segment: TCPSegmentSummary) {
        sendWindow = window
        maximumSendWindow = max(maximumSendWindow, window)
        sendWindowUpdateSequence = segment.sequenceNumber
        sendWindowUpdateAcknowledgment = segment.acknowledgmentNumber
        sendWindowTimestamp = segment.timestampValue
    }

    /// Linux's `tcp_disordered_ack_check` (`tcp_disordered_ack` before it): a pure duplicate ACK (SEG.SEQ = RCV.NXT,
    /// SEG.ACK = SND.UNA) that would not update the window, overtaken by a later segment, passes PAWS, as it changes
    /// nothing. "Would not update the window" is Linux's `tcp_may_update_window` with SEG.ACK = SND.UNA: SEG.SEQ not
    /// after SND.WL1, and at SND.WL1 a window neither larger than SND.WND nor zero; so a smaller window passes (a
    /// duplicate ACK sent before the receiver's window opened further, delivered late: found on Linux's own traffic
    /// over a reordering link, whose PAWS counters show these taken). Linux also bounds the age of its TSval by the
    /// retransmission timeout, which a capture cannot know; that bound is not applied.
    private func isDisorderedACK(_ segment: TCPSegmentSummary) -> Bool {
        guard segment.sequenceLength == 0 && segment.flags.contains(.ack) && segment.sequenceNumber == receiveNext
            && segment.acknowledgmentNumber == sendUnacknowledged
        else { return false }
        if isLoose { return true }
        return TCPWindowUpdate.checkAsLinux(
            acknowledgmentAdvances: false, sequenceNumber: segment.sequenceNumber,
            lastUpdateSequence: sendWindowUpdateSequence,
            window: windowScaling.receivedWindow(segment.window, isSYN: false), sendWindow: sendWindow) == .keep
    }

    /// Linux's `tcp_reset_check`: a RST at RCV.NXT - 1 once the peer's FIN was taken (CLOSE-WAIT, LAST-ACK,
    /// CLOSING) resets, in or out of the window: the peer sent it from its FIN's sequence number.
    private func isResetAfterFIN(_ segment: TCPSegmentSummary) -> Bool {
        (state == .closeWait || state == .lastAck || state == .closing) && segment.sequenceNumber == receiveNext - 1
    }

    /// The peer's FIN is next in sequence: consume it and move state (RFC 9293 section 3.10.7.4, eighth check).
    internal mutating func applyFIN() {
        receiveNext += 1
        pendingFINSequence = nil
        switch state {
        case .synReceived, .established: state = .closeWait
        case .finWait1: state = finAcknowledged ? .timeWait : .closing
        case .finWait2: state = .timeWait
        default: break
        }
    }
}
