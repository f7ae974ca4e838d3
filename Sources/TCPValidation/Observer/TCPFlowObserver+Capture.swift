import TCPCodec

extension TCPFlowObserver {
    /// What a segment shows of the capture itself (what `noteCaptureGaps` finds).
    struct CaptureGaps {
        /// The segment starts past the last byte captured from its sender: the capture missed what lies between.
        var isGap: Bool
        /// Its TSecr is newer than any TSval captured from the receiver: a segment of the receiver was missed.
        var missedReceiverSegment: Bool
    }

    /// Settles a handshake that an earlier acknowledgment implied (its SYN-ACK was not captured): a SYN-ACK with
    /// the same ISN confirms it; one with another ISN proves that the earlier segment answered no SYN-ACK
    /// (``TCPAnomaly/dataBeforeSynAck`` of that segment), and both models go back to where they were before it.
    ///
    /// Only the side whose SYN-ACK was inferred can send the SYN-ACK that settles it: a sender whose own ISS was
    /// taken from an acknowledgment, to a receiver whose peer's ISN was. That side's own next segment at its
    /// SND.NXT confirms the inference too.
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - sender: the sender's model.
    ///   - receiver: the receiver's model.
    ///   - capture: the flow's capture state (the inferring segment's reference).
    ///   - observation: gets the earlier anomaly and its reference.
    @inline(__always)
    static func settleInferredHandshake(
        _ segment: TCPSegmentSummary, sender: inout TCPEndpoint, receiver: inout TCPEndpoint,
        capture: CaptureState, observation: inout TCPObservation
    ) {
        let flags = segment.flags
        let settlesSender = sender.handshakeInferred && !sender.sawLocalSYN
        let settlesReceiver = receiver.handshakeInferred && receiver.sawLocalSYN
        if flags.contains(.syn) && flags.contains(.ack) && (settlesSender || settlesReceiver) {
            if (settlesSender && segment.sequenceNumber != sender.initialSendSequence)
                || (settlesReceiver && segment.sequenceNumber != receiver.initialReceiveSequence)
            {
                observation.earlierAnomaly = .dataBeforeSynAck
                observation.earlierReference = capture.inferenceReference
                sender.retractInferredHandshake()
                receiver.retractInferredHandshake()
            } else {
                // Both models stay loose, their windows at their largest: the options of a SYN-ACK that comes
                // after the inference are not taken, as a forged one with the ISS the acknowledgment showed could
                // set them (its receiver, synchronized, would refuse it).
                sender.handshakeInferred = false
                receiver.handshakeInferred = false
            }
        } else if settlesSender && !flags.contains(.syn) && !flags.contains(.rst)
            && segment.sequenceNumber == sender.sendNext
        {
            // The side whose ISS was inferred goes on from it: its own segment confirms the inference.
            sender.handshakeInferred = false
            receiver.handshakeInferred = false
        }
    }

    /// Checks the sender's bytes that its peer acknowledged unseen: a segment of the sender that starts inside them
    /// shows that its SND.NXT never reached them (a pure ACK carries SND.NXT), so the acknowledgment was of data
    /// never sent (``TCPAnomaly/ackOfUnsentData`` of the acknowledging segment), and both models take back what
    /// they took on its strength. A retransmission of older bytes says nothing either way, nor does a segment with
    /// bytes inside the claim whose TSval is not older than a TSval the acknowledgment echoed and the capture never
    /// saw from the sender (the sender sent a segment the capture missed, and retransmits from inside it; found in
    /// `linux-oracle.pcap` with every third frame dropped); any other segment of the sender ends the claim.
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - fromClient: whether the client sent it.
    ///   - sender: the sender's model.
    ///   - receiver: the receiver's model.
    ///   - senderTimestampsPlausible: whether the sender's newest TSval captured is one its clock can have reached
    ///     since its first (`FlowState.timestampsArePlausible(fromClient:at:)`).
    ///   - senderClockIsFast: whether the sender's TSvals showed a clock faster than a tick a millisecond
    ///     (`FlowState.showsFastTimestampClock(_:fromClient:at:)`): the echo's lead is then bounded at a second of the
    ///     fastest clock rather than of a millisecond clock (``echoLead(fastClock:)``).
    ///   - capture: the flow's capture state (its claim).
    ///   - observation: gets the earlier anomaly and its reference, unless it has one already.
    /// - Returns: whether the segment may have been sent before the acknowledgment and captured after it (its TSval
    ///   no newer than the acknowledgment's echo, or than the sender's newest captured before the acknowledgment;
    ///   without a TSval, data short of the claim's end, or a pure ACK of nothing the acknowledging side sent since),
    ///   and, without bytes, sits where the sender's bytes captured so far end: the bytes it repeats, below its
    ///   receiver's RCV.NXT, are then the capture's order and not the sender's doing.
    @inline(__always) @discardableResult
    static func checkUnseenClaim(
        _ segment: TCPSegmentSummary, fromClient: Bool, sender: inout TCPEndpoint, receiver: inout TCPEndpoint,
        senderSeen: SideSeen, senderTimestampsPlausible: Bool, senderClockIsFast: Bool, capture: inout CaptureState,
        observation: inout TCPObservation
    ) -> Bool {
        let flags = segment.flags
        guard capture.unseenClaimSide == .sender(fromClient) && !flags.contains(.syn)
            && !segment.sequenceNumber.isBefore(capture.unseenClaim.start)
        else { return false }
        let claim = capture.unseenClaim
        /// Spares a segment that may have been sent before the acknowledgment: data moves ``UnseenClaim/filled`` on;
        /// returns whether the segment repeats bytes its receiver took on the claim, sent before the acknowledgment,
        /// and, without bytes, sits where the sender's bytes captured so far end (its SND.NXT then; a pure ACK
        /// anywhere else is no such segment, and no handshake's ACK).
        func spare() -> Bool {
            if segment.sequenceLength == 0 { return segment.sequenceNumber == capture.unseenClaim.filled }
            if segment.sequenceEnd.isAfter(capture.unseenClaim.filled) && segment.sequenceEnd.isBefore(claim.end) {
                capture.unseenClaim.filled = segment.sequenceEnd
            }
            return true
        }
        /// Calls the acknowledgment `ack-unsent-data` and gives back what the models took on its strength.
        func disprove() {
            observation.earlierAnomaly = .ackOfUnsentData
            observation.earlierReference = claim.reference
            // Back to the bytes captured since (``UnseenClaim/filled``: the claim's start until some were).
            sender.retractUnseenSent(to: claim.filled)
            sender.retractReceived(to: claim.receiveNextBefore)
            // The acknowledging side's own bogus ACK moved its RCV.NXT there too.
            receiver.retractReceived(to: claim.filled)
        }
        if flags.contains(.rst) {
            // A RST says nothing of a claim, except, without a TSval, one where the claimed bytes captured end, short
            // of the claim's end: a stack sends its RST at SND.NXT (RFC 9293 section 3.10.7, Linux's
            // `tcp_send_active_reset`) and nothing after it, so the bytes were never sent, in whatever order the
            // capture holds the two.
            if segment.timestampValue == nil && segment.sequenceNumber == claim.filled
                && claim.filled.isBefore(claim.end)
                && observation.earlierAnomaly == nil
            {
                disprove()
                capture.unseenClaimSide = nil
            }
            return false
        }
        // A segment with a TSval no newer than the one the acknowledgment echoed may have been sent before the
        // acknowledgment was, and delivered (or captured) after it: a pure ACK of the sender's sent before its data,
        // or the acknowledged bytes themselves, overtaken by their acknowledgment on a reordering link or in a capture
        // that records frames out of order. Its SEQ says nothing of how far the sender's SND.NXT went (found on
        // Linux's own traffic both ways over a lossy, reordering link, its data segments not captured, and on Linux's
        // captures with neighbouring frames swapped). Only for an echo no further past every TSval captured from the
        // sender than a second of its clock (``echoLead(fastClock:)``): the acknowledging side chooses its TSecr, and
        // one far ahead would otherwise keep every later segment of the sender from disproving a forged
        // acknowledgment. Both this and the next rule spare only a segment starting inside the claim (one at or past
        // its end shows the sender's SND.NXT got there, whatever its TSval), and only while the sender's TSvals are
        // ones a clock can have run (`senderTimestampsPlausible`: one TSval injected in the sender's name far ahead
        // would otherwise raise the reference of both).
        let echo = SequenceNumber(claim.acknowledgmentEcho)
        let lead = echoLead(fastClock: senderClockIsFast)
        let insideClaim = segment.sequenceNumber.isBefore(claim.end) && senderTimestampsPlausible
        if insideClaim, claim.acknowledgmentEcho != 0, let value = segment.timestampValue,
            !SequenceNumber(value).isAfter(echo), senderSeen.hasTimestamp,
            !echo.isAfter(SequenceNumber(senderSeen.newestTimestamp) + lead)
        {
            return spare()
        }
        // So may a segment with a TSval no newer than the newest captured from the sender before the acknowledgment,
        // when the acknowledgment's echo is no more than a second of the sender's clock older than that: the receiver
        // echoes TS.Recent, which Linux moves only for a segment at the point its last acknowledgment reached (so not
        // for segments out of order, nor for each one when its acknowledgments are delayed), and its echo can be
        // older than segments the sender sent before the acknowledged bytes. A duplicate ACK of the sender's, sent
        // before its data, delivered after the acknowledgment of that data (`linux-usec-reordering-ipv6.pcap` without
        // its data segments: the server's duplicate ACKs, all with the TSval of those captured before the client's
        // acknowledgment, which echoed an older one). A later segment with a newer TSval still decides.
        if insideClaim, claim.hasNewestBefore, claim.acknowledgmentEcho != 0, let value = segment.timestampValue,
            !SequenceNumber(value).isAfter(SequenceNumber(claim.newestBefore)),
            !SequenceNumber(claim.newestBefore).isAfter(echo + lead)
        {
            return spare()
        }
        // The acknowledgment echoed a TSval the capture never saw from the sender, and this segment carries bytes,
        // or none at the last claimed byte (a keep-alive's SND.UNA - 1), and a TSval not older: the sender had sent
        // a segment the capture missed, and this one, inside the claimed bytes, may retransmit some of them (a sender
        // need not retransmit from the first). A TSval older than the echo shows the echo named a TSval never sent;
        // any other segment without bytes carries SND.NXT, short of the claim.
        // Without a TSval, what a segment inside the claimed bytes shows is its form alone. One without bytes one below
        // the claim's end is a keep-alive or zero-window probe, sent at SND.UNA - 1 (Linux's `tcp_xmit_probe_skb`):
        // its sender took the acknowledgment, so had sent the bytes (a zero-window probe after an acknowledgment of
        // bytes the capture missed, `linux-nots-slow-reader.pcap` thinned). A segment ending where the acknowledgment
        // does is the one it answered, sent again or captured after it (`linux-nots-nosack-bidir-loss.pcap` thinned:
        // the FIN segment sent again; `linux-nots-slow-reader.pcap` with neighbouring frames swapped: the data after
        // its acknowledgment), and is judged as their first copy. Data inside the claim from a side whose start the
        // capture did not hold may retransmit what it sent before the capture began (`linux-nots-reordering-ipv6.pcap`
        // picked up mid-stream: data sent again below an acknowledgment the sender had taken): it says nothing, and the
        // claim waits. From a side whose SYN was captured, data with ACK inside the claim waits for the rest (below);
        // a segment without bytes below the claim's end less one, which carries SND.NXT (or, a keep-alive, SND.UNA - 1)
        // short of the claim, disproves it.
        // A FIN ending where the acknowledgment does, when the echo named nothing the capture missed, is the
        // acknowledged FIN sent again, timestamps or not: a FIN that overtook its data on a reordering path set no
        // TS.Recent at its receiver (RFC 7323 section 4.3 takes it from in-order segments), so the acknowledgment
        // echoes the data's TSval, captured (`linux-usec-reordering-ipv6.pcap` with every fifth frame dropped, the
        // first FIN among them).
        let untimed = segment.timestampValue == nil
        let untimedCorroboration = untimed
            && (segment.sequenceLength == 0 && segment.sequenceNumber == claim.end - 1
                || segment.sequenceLength > 0 && segment.sequenceEnd == claim.end)
        let finCorroboration = claim.echo == 0 && segment.flags.contains(.fin) && segment.sequenceEnd == claim.end
        let corroborated = untimedCorroboration || finCorroboration || claim.echo != 0
            && (segment.sequenceLength > 0 || segment.sequenceNumber == claim.end - 1)
            && segment.timestampValue.map { !SequenceNumber($0).isBefore(SequenceNumber(claim.echo)) } ?? false
        // Without a TSval, data with ACK inside the claimed bytes that stops short of the claim's end, without FIN,
        // says nothing yet: the acknowledgment may have overtaken, in the capture, the segments it acknowledges, as a
        // mirror port or two merged taps may order frames of the two directions (Linux's own traffic without
        // timestamps with an acknowledgment moved two frames earlier: `linux-nots-bidir-loss.pcap`,
        // `linux-nots-slow-reader.pcap`), and bytes before it the capture missed show loss, not bytes never sent.
        // It waits for the rest, and the end of the bytes captured so far is kept (``UnseenClaim/filled``): data
        // ending where the acknowledgment does corroborates it; a segment that carries SND.NXT short of it (a FIN, a
        // RST where the captured bytes end, a pure ACK sent after the acknowledgment) disproves it. Data going past the
        // claim's end shows the sender's SND.NXT got there, and ends it. A pure ACK short of the claim's end carries
        // SND.NXT, but one sent before the acknowledgment arrived may be captured after it too: it is proof only when
        // it acknowledges bytes the acknowledging side sent after its acknowledgment (past its SND.NXT then,
        // ``UnseenClaim/acknowledgerNext``), which reached the sender after that acknowledgment did (each direction
        // keeps its order, on the wire and in such a capture); one that acknowledges less waits (the handshake's ACK
        // among them, its receiver's model still in SYN-RECEIVED, which drops it as old). A segment without ACK, which
        // no synchronized receiver takes, settles nothing here. (With TSvals, the rules above decide.)
        if untimed && !corroborated && flags.contains(.ack) && segment.sequenceNumber.isBefore(claim.end) {
            if segment.payloadLength > 0 && !flags.contains(.fin) && segment.sequenceEnd.isBefore(claim.end) {
                return spare()
            }
            if segment.payloadLength > 0 && segment.sequenceEnd.isAfter(claim.end) {
                capture.unseenClaimSide = nil
                return false
            }
            if segment.sequenceLength == 0 && !segment.acknowledgmentNumber.isAfter(claim.acknowledgerNext) {
                return spare()
            }
        }
        if untimed && !corroborated && !senderSeen.firstWasSYN && segment.payloadLength > 0
            && segment.sequenceNumber.isBefore(claim.end)
        {
            return false
        }

        // (Only while the models took nothing past the claim since: a later acknowledgment of more unseen bytes moved
        // them further, and is not undone.)
        if corroborated && segment.sequenceEnd == claim.end && sender.sendNext == claim.end
            && (segment.flags.contains(.fin) || untimed && segment.sequenceLength > 0)
        {
            // The missed segment ended with this FIN (or, without timestamps, is this one, captured after its
            // acknowledgment), and both models took its bytes as data: they give back this segment's bytes, so that it
            // is judged as their first transmission, FIN and all (the bytes before it stay taken: the capture missed
            // them).
            sender.retractUnseenSent(to: segment.sequenceNumber)
            receiver.retractReceived(to: segment.sequenceNumber)
        } else if corroborated && segment.sequenceNumber.isBefore(claim.end) {
            return false  // The claim stays: a FIN sent again may still show what the missed segment ended with.
        } else if segment.sequenceNumber.isBefore(claim.end) && !corroborated && observation.earlierAnomaly == nil {
            disprove()
        }
        capture.unseenClaimSide = nil
        return false
    }

    /// How far an acknowledgment's TSecr may lead every TSval captured from the side it acknowledges and still name
    /// segments the capture missed: a second of that side's timestamp clock. That is 1,000 ticks for a clock of a
    /// tick a millisecond, the fastest RFC 7323 section 5.4 recommends and what most stacks run; a side whose TSvals
    /// showed a faster clock (Linux's microsecond TSvals, `tcp_usec_ts`) gets a second of ``fastestTicksPerSecond``,
    /// as its missed segments within a millisecond are already 1,000 ticks ahead. The bound is the rate the side's own
    /// segments showed (``ClockSample``), never one the acknowledging side could choose; segments forged in the
    /// side's name could show one, within the rates a clock can run at.
    ///
    /// - Parameter fastClock: whether the side's TSvals showed a clock faster than a tick a millisecond.
    /// - Returns: the ticks the echo may lead by.
    static func echoLead(fastClock: Bool) -> UInt32 {
        fastClock ? UInt32(fastestTicksPerSecond) : 1000
    }

    /// Settles a claim that a segment past its receiver's window went into a window the capture did not see opened
    /// (``CaptureState/windowClaim``), by the receiver's next segment with ACK that was sent after it had the claimed
    /// segment (its TSecr echoes the claimed segment's TSval or a later one; without timestamps none can be shown so,
    /// and the receiver's first answer ends the claim unproved): a right edge
    /// (SEG.ACK + SEG.WND) past the first byte of the furthest segment claimed shows the window open for them, and ends
    /// the claim; one short of a claimed segment shows the receiver, with the segment in hand, still offering no window
    /// for it (``TCPAnomaly/outOfWindow`` of the first claimed or of the furthest, whichever the edge does not pass).
    /// An answer sent before the receiver had the segment (an older TSecr) says nothing, and the claim waits; so does
    /// Linux's duplicate ACK for a segment it dropped as out of the window, which echoes the older TS.Recent (a
    /// weakness: such a claim is seldom proved).
    ///
    /// - Parameters:
    ///   - segment: a segment of the claim's receiver.
    ///   - fromClient: whether the client sent it.
    ///   - sender: its sender's model (the claim's receiver), whose window scaling reads the segment's window.
    ///   - capture: the flow's capture state (its claim).
    ///   - observation: gets the earlier anomaly and its reference, unless it has one already.
    @inline(__always)
    static func checkWindowClaim(
        _ segment: TCPSegmentSummary, fromClient: Bool, sender: TCPEndpoint, capture: inout CaptureState,
        observation: inout TCPObservation
    ) {
        guard capture.windowClaimSide == .receiver(fromClient) && segment.flags.contains(.ack)
            && !segment.flags.contains(.syn) && !segment.flags.contains(.rst)
        else { return }
        // Without timestamps nothing orders an answer after the claimed segments' arrival: an acknowledgment sent
        // before them and delivered late looks the same, its edge short of them (`linux-nots-reordering-ipv6.pcap`
        // thinned: an older ACK acknowledging more than any captured before it; `linux-nots-mixed.pcap` thinned: a
        // duplicate ACK with older SACK blocks). The claim ends unproved at the receiver's first answer, and its
        // segments stay `window-update-not-captured`.
        guard sender.timestampsEnabled else {
            capture.windowClaimSide = nil
            return
        }
        let claim = capture.windowClaim
        // Whether the answer was sent after the receiver had a claimed segment of that TSval.
        func sentAfter(_ sent: UInt32?) -> Bool {
            guard let sent else { return true }
            guard let echo = segment.timestampEchoReply else { return false }
            return !SequenceNumber(echo).isBefore(SequenceNumber(sent))
        }
        guard sentAfter(claim.timestamp) else { return }
        let edge = segment.acknowledgmentNumber + sender.offeredWindow(of: segment)
        // The first segment the edge does not pass: the first claimed, or the furthest that waited with it (which the
        // answer speaks for only when sent after the receiver had that one too).
        var reference: UInt64?
        if !edge.isAfter(claim.start) {
            reference = claim.reference
        } else if !edge.isAfter(claim.lastStart) {
            guard sentAfter(claim.lastTimestamp) else { return }
            reference = claim.lastReference
        }
        if let reference {
            // One proof to a segment's observation: with the slot taken (an acknowledgment of unseen bytes disproved
            // by the same segment), the claim waits for the next answer.
            guard observation.earlierAnomaly == nil else { return }
            observation.earlierAnomaly = .outOfWindow
            observation.earlierReference = reference
            // The bytes proved sent past the window excuse no copy of them.
            if capture.beyondWindowSide == capture.windowClaimSide { capture.beyondWindowSide = nil }
        }
        capture.windowClaimSide = nil
    }

    /// Whether a SYN-ACK that its receiver in SYN-SENT refused for its TSecr (``TCPAnomaly/timestampEchoMismatch``)
    /// may echo a SYN of the receiver's that the capture missed, so that the receiver's answer decides whether the
    /// echo was wrong (``echoAnswerRefuses(_:echo:firstSYN:firstSeen:synAckElapsed:time:)``). Linux checks the echo
    /// against the TSvals of the SYNs it sent, from the first (`retrans_stamp`) to its clock's present, and answers
    /// a SYN-ACK echoing none of them with a RST. Until the answer the SYN-ACK stays refused in the model. The echo
    /// may name a SYN sent again after those captured (past every TSval captured from the receiver) or one sent
    /// before the first captured, which was then a retransmission (older than its TSval), within what the fastest
    /// timestamp clock allows (``canEchoSYN(_:first:elapsed:ticksPerSecond:)`` at ``fastestTicksPerSecond``, or at a
    /// millisecond clock when a SYN sent again and captured shows one). Found
    /// on Linux's own traffic with the first SYN not captured, with millisecond TSvals (`linux-bidir-loss.pcap`) and
    /// with microsecond ones (`linux-usec-synack-loss.pcap`, a SYN-ACK sent again a second later echoing a TSval
    /// 1,019,195 ticks older than the SYN captured). An echo outside both stays the SYN-ACK's violation.
    ///
    /// - Parameters:
    ///   - segment: the SYN-ACK.
    ///   - receiver: the receiver's model, still in SYN-SENT.
    ///   - receiverSeen: what was seen from the receiver.
    ///   - elapsed: nanoseconds since the flow's first segment, the receiver's first SYN.
    /// - Returns: whether the echo may name a SYN the capture missed.
    static func mayEchoUncapturedSYN(
        _ segment: TCPSegmentSummary, receiver: TCPEndpoint, receiverSeen: SideSeen, elapsed: UInt64
    ) -> Bool {
        guard segment.flags.contains(.ack), receiver.state == .synSent, let first = receiver.firstSYNTimestamp,
            let echo = segment.timestampEchoReply,
            receiverSeen.isEchoedBeyondCapture(by: segment) || SequenceNumber(echo).isBefore(SequenceNumber(first))
        else { return false }
        // A SYN sent again and captured shows the receiver's clock already: its TSval past the first SYN's by no more
        // than the milliseconds since (and a tick) is a millisecond clock's, whose bounds then apply at once.
        let newest = receiverSeen.newestTimestamp
        let millisecondClock = receiverSeen.hasTimestamp && newest != first
            && ticksAtMostEveryMillisecond(from: first, to: newest, over: elapsed, slack: 1)
        return canEchoSYN(
            echo, first: first, elapsed: elapsed, ticksPerSecond: millisecondClock ? 1000 : fastestTicksPerSecond)
    }

    /// Whether the receiver's answer to a SYN-ACK that may echo a SYN the capture missed
    /// (``mayEchoUncapturedSYN(_:receiver:receiverSeen:elapsed:)``) shows the echo wrong: a RST, Linux's answer to
    /// an echo of no SYN it sent; or an answer whose TSval shows a clock of at most a tick a millisecond (from the
    /// receiver's first SYN captured to it), at which the echo names no SYN the receiver could have sent
    /// (``canEchoSYN(_:first:elapsed:ticksPerSecond:)``). The claim that the echo may be right rests only on the
    /// fastest clock in use; a stack on a millisecond clock refuses such a SYN-ACK as Linux does (its RST can be lost
    /// to the capture, or dropped by a firewall as conntrack's `invalid`: `conntrack-oracle-midstream-client.pcap`,
    /// whose client then takes the SYN-ACK sent again). Any other answer (an acknowledgment on a faster clock or
    /// without a TSval) shows the SYN-ACK taken, or says nothing against it.
    ///
    /// - Parameters:
    ///   - answer: the receiver's next segment with ACK or RST, without SYN.
    ///   - echo: the SYN-ACK's TSecr.
    ///   - firstSYN: the TSval of the receiver's first SYN captured.
    ///   - firstSeen: when that SYN was captured (the flow's first segment), in nanoseconds.
    ///   - synAckElapsed: nanoseconds from that SYN to the SYN-ACK.
    ///   - time: when the answer was captured.
    /// - Returns: whether the echo is proved wrong.
    static func echoAnswerRefuses(
        _ answer: TCPSegmentSummary, echo: UInt32, firstSYN: UInt32, firstSeen: UInt64, synAckElapsed: UInt64,
        time: UInt64
    ) -> Bool {
        if answer.flags.contains(.rst) { return true }
        guard let value = answer.timestampValue, time > firstSeen else { return false }
        // A tick of slack at each end of the span: a millisecond clock read at both ends of 0.9 ms can differ by 1.
        let millisecondClock = ticksAtMostEveryMillisecond(from: firstSYN, to: value, over: time - firstSeen, slack: 2)
        return millisecondClock && !canEchoSYN(echo, first: firstSYN, elapsed: synAckElapsed, ticksPerSecond: 1000)
    }

    /// Whether a side's timestamp clock, from a TSval `first` to a later one `value` captured `span` nanoseconds after
    /// it, advanced no faster than a tick a millisecond: `value` not before `first`, and no more ticks past it than
    /// the whole milliseconds of `span` and `slack` ticks (for the ticks in progress at either end).
    ///
    /// - Parameters:
    ///   - first: the earlier TSval.
    ///   - value: the later TSval.
    ///   - span: nanoseconds between the two captures.
    ///   - slack: ticks allowed past the whole milliseconds.
    /// - Returns: whether the TSvals show a clock of at most a tick a millisecond.
    static func ticksAtMostEveryMillisecond(from first: UInt32, to value: UInt32, over span: UInt64, slack: UInt64)
        -> Bool
    {
        !SequenceNumber(value).isBefore(SequenceNumber(first))
            && advanced(from: first, to: value, over: span, ticksPerMillisecond: 1, slack: slack)
    }

    /// The rate test every timestamp clock rule shares: whether a side's clock, from a TSval `first` to a later one
    /// `value` captured `span` nanoseconds after it, advanced by no more than `ticksPerMillisecond` ticks for each
    /// whole millisecond of `span` and `slack` ticks besides (for the ticks in progress at either end), the ticks
    /// read modulo 2^32.
    ///
    /// - Parameters:
    ///   - first: the earlier TSval.
    ///   - value: the later TSval.
    ///   - span: nanoseconds between the two captures.
    ///   - ticksPerMillisecond: ticks allowed for each whole millisecond.
    ///   - slack: ticks allowed besides.
    /// - Returns: whether the clock advanced no further than that.
    static func advanced(
        from first: UInt32, to value: UInt32, over span: UInt64, ticksPerMillisecond: UInt64, slack: UInt64
    ) -> Bool {
        UInt64(value &- first) <= ticksPerMillisecond * (span / 1_000_000) + slack
    }

    /// Whether a SYN-ACK's TSecr can name a SYN of its receiver's, on a timestamp clock of `ticksPerSecond` ticks, when
    /// the receiver's first SYN captured had TSval `first` and was captured `elapsed` nanoseconds before the SYN-ACK:
    /// a SYN sent again since (at most the ticks of `elapsed`, and one for the tick in progress, past `first`), or a
    /// SYN sent before it (at most the ticks of ``synRetrySeconds`` before `first`).
    ///
    /// - Parameters:
    ///   - echo: the SYN-ACK's TSecr.
    ///   - first: the TSval of the receiver's first SYN captured.
    ///   - elapsed: nanoseconds from that SYN to the SYN-ACK.
    ///   - ticksPerSecond: the clock's rate, 1,000 (a millisecond clock) to ``fastestTicksPerSecond``.
    /// - Returns: whether a SYN with that TSval could have been sent.
    static func canEchoSYN(_ echo: UInt32, first: UInt32, elapsed: UInt64, ticksPerSecond: UInt64) -> Bool {
        if SequenceNumber(echo).isBefore(SequenceNumber(first)) {
            return UInt64(first &- echo) <= synRetrySeconds * ticksPerSecond
        }
        return UInt64(echo &- first) <= elapsed / (1_000_000_000 / ticksPerSecond) + 1
    }

    /// The ticks a second of the fastest timestamp clock in use: Linux's microsecond TSvals (the route feature
    /// `tcp_usec_ts`, Linux 6.7 and later), a tick a microsecond. RFC 7323 section 5.4 recommends 1 ms to 1 s a tick,
    /// and most stacks tick each millisecond; bounds taken at a millisecond clock call the microsecond stacks' TSvals
    /// impossible (`linux-usec-synack-loss.pcap`).
    static let fastestTicksPerSecond: UInt64 = 1_000_000

    /// How long before a SYN an earlier SYN of the same connection can have been sent: Linux sends a SYN again up
    /// to `tcp_syn_retries` times (6 by default), the last at most 63 s after the first (the timeout doubling from 1
    /// s; `tcp_syn_linear_timeouts` makes the first ones a second apart). (`linux-oracle.pcap`'s probe of a SYN-ACK
    /// echoing no TSval sent echoes one 100,000 ticks older than the SYN, on a millisecond clock: the client's RST
    /// proves it.)
    static let synRetrySeconds: UInt64 = 63

    /// Notes what a segment shows the capture missed: a gap before it in its sender's bytes, a segment of the
    /// receiver (its TSecr), or bytes of the receiver that it acknowledges and the capture never saw sent (the
    /// receiver's model takes them, and the flow holds a claim about them that the receiver's next segment
    /// settles). Each makes the capture lossy for the flow.
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - fromClient: whether the client sent it.
    ///   - reference: the caller's reference of the segment.
    ///   - sender: the sender's model.
    ///   - receiver: the receiver's model (takes unseen bytes it is acknowledged for).
    ///   - receiverSeen: what was seen from the receiver.
    ///   - capture: the flow's capture state.
    ///   - observation: gets ``TCPAnomaly/ackOfUnseenSegment``.
    /// - Returns: whether the segment is past a gap, and whether a receiver segment was missed.
    @inline(__always)
    static func noteCaptureGaps(
        _ segment: TCPSegmentSummary, fromClient: Bool, reference: UInt64, sender: TCPEndpoint,
        receiver: inout TCPEndpoint, receiverSeen: SideSeen, capture: inout CaptureState,
        observation: inout TCPObservation
    ) -> CaptureGaps {
        let flags = segment.flags
        let receiverBefore = receiver.state
        let senderBefore = sender.state
        // A segment (data, FIN or RST) starting past the last byte captured from its sender: the capture missed
        // what lies between.
        let isGap = sender.hasSentSYN && senderBefore.isSynchronized
            && (segment.sequenceLength > 0 || flags.contains(.rst))
            && !flags.contains(.syn) && segment.sequenceNumber.isAfter(sender.sendNext)
            && sender.sendUnacknowledged.distance(to: segment.sequenceNumber) <= TCPEndpoint.unknownWindow
        // Past the first byte while either side is at SYN-RECEIVED: the handshake's ACK and what followed it were
        // not captured (a capture filtered to SYN, FIN and RST shows exactly this).
        if isGap && (receiverBefore == .synReceived || senderBefore == .synReceived) {
            capture.isLossy = true
        }
        // A TSecr newer than any TSval captured from the receiver: a receiver segment was not captured.
        let missedReceiverSegment = receiverSeen.isEchoedBeyondCapture(by: segment)
        if missedReceiverSegment { capture.isLossy = true }
        // A TCP Fast Open server (its SYN-ACK took the SYN's data) may send data in SYN-RECEIVED (RFC 7413).
        let fastOpenServer = receiverBefore == .synReceived
            && receiver.receiveNext != receiver.initialReceiveSequence + 1
        // An acknowledgment of bytes the capture never saw the receiver send, but which it could have sent: within
        // the largest window its peer can offer beyond SND.UNA, or anywhere in the half of the sequence space ahead
        // once the capture has shown it misses this flow's segments (SND.UNA is then stale too). In SYN-RECEIVED
        // only on a gap segment, so that a wrong handshake ACK is still one. Never past a FIN the receiver was
        // captured sending: nothing follows a FIN, so that is `ack-unsent-data` at once, in whatever order the capture
        // holds the two (the receiver's later pure ACKs, which may have been sent before the acknowledgment arrived,
        // could not prove it without timestamps).
        if flags.contains(.ack) && !flags.contains(.rst) && receiver.hasSentSYN && receiver.finSequence == nil
            && receiverBefore.isSynchronized && (receiverBefore != .synReceived || isGap || fastOpenServer)
            && receiver.acknowledgesBeyondSent(segment.acknowledgmentNumber)
            && receiver.sendUnacknowledged.distance(to: segment.acknowledgmentNumber)
                <= (capture.isLossy ? TCPEndpoint.unknownWindow : receiver.largestPeerWindow)
        {
            // Where the acknowledging side's own bytes stood when it acknowledged (its modelled SND.NXT: not the
            // segment's SEQ, which a retransmission or a probe puts below it and a forged segment anywhere), within the
            // receiver's window past what the receiver took (a segment out of the window moves no claim's reference).
            let acknowledgerNext = receiver.receiveNext.distance(to: sender.sendNext) <= receiver.receiveWindow
                ? sender.sendNext : receiver.receiveNext
            if capture.unseenClaimSide == nil {
                capture.unseenClaim = UnseenClaim(
                    start: receiver.sendNext, end: segment.acknowledgmentNumber, reference: reference,
                    receiveNextBefore: receiver.receiveNext,
                    echo: missedReceiverSegment ? segment.timestampEchoReply ?? 0 : 0,
                    acknowledgmentEcho: segment.timestampEchoReply ?? 0, newestBefore: receiverSeen.newestTimestamp,
                    hasNewestBefore: receiverSeen.hasTimestamp, filled: receiver.sendNext,
                    acknowledgerNext: acknowledgerNext)
                capture.unseenClaimSide = .receiver(fromClient)
            } else if capture.unseenClaimSide == .receiver(fromClient) && segment.timestampEchoReply == nil
                && capture.unseenClaim.acknowledgmentEcho == 0
                && segment.acknowledgmentNumber.isAfter(capture.unseenClaim.end)
            {
                // Without timestamps, a further acknowledgment of unseen bytes while the first waits widens the claim,
                // and is the one a proof names: the receiver's segments settle it as a whole (an acknowledgment of
                // bytes the receiver will surely send, then of many more, is not left unjudged).
                capture.unseenClaim.end = segment.acknowledgmentNumber
                capture.unseenClaim.reference = reference
                capture.unseenClaim.acknowledgerNext = acknowledgerNext
            }
            receiver.takeUnseenSent(upTo: segment.acknowledgmentNumber)
            observation.anomalies.insert(.ackOfUnseenSegment)
            capture.isLossy = true
        }
        return CaptureGaps(isGap: isGap, missedReceiverSegment: missedReceiverSegment)
    }
}
