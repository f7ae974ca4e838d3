import TCPCodec

extension TCPFlowObserver {
    /// What the observer keeps per flow: the public record, conntrack's bounds, and what the capture showed of each
    /// side. Held in a ``TCPFlowTable`` slot and judged there in place. Equatable so that tests can compare whole
    /// states (header prediction must leave the same one as the full path).
    internal struct FlowState: Equatable, Sendable {
        // What header prediction reads and writes first and together: the record's hot part ends with its last-seen
        // time, and its tail and the capture state, which segments of an established flow do not touch, end the slot
        // (the capture state before the record spread those segments over one line more: 131.6 -> 127.5 ns a
        // segment with 10,000 flows when moved, Benchmarks/README.md).

        /// Whether the flow's own conditions for header prediction hold (``allowsPrediction``), as the full path
        /// left them: Linux's `pred_flags`, set where the connection becomes predictable. Header prediction changes
        /// none of those conditions, so only the full path sets it, after every segment it takes. First, beside the
        /// table's hash, so that a segment that cannot be predicted is told from one read of the slot's first line.
        var predictionReady = false
        /// Conntrack's window bounds of both directions.
        var tracker = TCPWindowTracker()
        /// Loose flows: whether both sides have been seen and the endpoint models started.
        var looseStarted = false
        /// Whether ``TCPFlowRecord/captureNotes`` holds ``TCPAnomaly/oneDirectionOnly`` (so that the notes are
        /// written only when it changes).
        var oneSidedNoted = false
        /// What was seen from the client.
        var clientSeen = SideSeen()
        /// What was seen from the server.
        var serverSeen = SideSeen()
        /// The public record: endpoints, both endpoint models, counters, milestones, anomalies.
        var record: TCPFlowRecord
        /// What the capture has shown that it missed of the flow.
        var capture = CaptureState()

        /// A flow's state from its first record: nothing seen of either side yet, the capture not known to be
        /// lossy.
        ///
        /// - Parameter record: the flow's record.
        @inline(__always)
        init(record: TCPFlowRecord) {
            self.record = record
        }

        /// The state of a free slot: both endpoints `endpoint`, nothing seen.
        ///
        /// - Parameter endpoint: the placeholder endpoint.
        init(placeholder endpoint: TCPFlowEndpoint) {
            record = TCPFlowRecord(
                id: 0, client: endpoint, server: endpoint, clientEndpoint: TCPEndpoint(), serverEndpoint: TCPEndpoint(),
                clientToServer: TCPFlowCounters(), serverToClient: TCPFlowCounters(), milestones: TCPFlowMilestones(),
                anomalies: TCPAnomalySet(), synECN: .notNegotiation, synAckECN: .notNegotiation, isMidStream: false,
                rolesAreGuessed: false)
        }
    }

    /// One end of a flow, by role: whose bytes or whose answer a claim of ``CaptureState`` is about.
    internal enum Side: Equatable, Sendable {
        case client
        case server

        /// The side that sent a segment.
        ///
        /// - Parameter fromClient: whether the flow's client sent it.
        @inline(__always)
        static func sender(_ fromClient: Bool) -> Side { fromClient ? .client : .server }

        /// The side a segment was sent to.
        ///
        /// - Parameter fromClient: whether the flow's client sent it.
        @inline(__always)
        static func receiver(_ fromClient: Bool) -> Side { fromClient ? .server : .client }
    }

    /// What the capture has shown that it missed of one flow, and the claims about unseen bytes that a later segment
    /// confirms or disproves.
    internal struct CaptureState: Equatable, Sendable {
        /// Whether the capture has shown that it misses segments of this flow (a gap, an acknowledgment of bytes
        /// not captured, a mid-stream pickup): what lies beyond the modelled windows is then taken as unseen.
        var isLossy = false
        /// Whose bytes ``unseenClaim`` is about; `nil` for no claim.
        var unseenClaimSide: Side?
        /// Bytes of one side that its peer acknowledged while the capture never saw them sent: that side's next
        /// segment confirms them, or proves the acknowledgment bogus. One claim at a time per flow.
        var unseenClaim = UnseenClaim()
        /// The caller's reference of the segment from which a handshake was inferred (a SYN-ACK not captured).
        var inferenceReference: UInt64 = 0
        /// Whose answer decides a SYN-ACK whose TSecr may echo a SYN the capture missed of its receiver
        /// (``TCPFlowObserver/mayEchoUncapturedSYN(_:receiver:receiverSeen:elapsed:)``); `nil` for none. A RST
        /// refused it (`timestamp-echo-mismatch`, proved of the SYN-ACK), and so did an acknowledgment on a
        /// millisecond clock that could not have sent the echo; any other acknowledgment took it.
        var echoClaimSide: Side?
        /// The caller's reference of that SYN-ACK.
        var echoClaimReference: UInt64 = 0
        /// That SYN-ACK's TSecr.
        var echoClaimEcho: UInt32 = 0
        /// Nanoseconds from the flow's first segment (its receiver's first SYN) to that SYN-ACK.
        var echoClaimElapsed: UInt64 = 0
        /// Whose bytes ``windowClaim`` is about; `nil` for no claim.
        var windowClaimSide: Side?
        /// A segment past the receiver's window on a capture that misses this flow's segments, judged by the
        /// receiver's answer (`TCPFlowObserver.checkWindowClaim`). One claim at a time per flow.
        var windowClaim = WindowClaim()
        /// Whose bytes ``beyondWindowEnd`` is about; `nil` for none.
        var beyondWindowSide: Side?
        /// The end of the last segment taken as sent into a window the capture did not see opened (a gap segment
        /// beyond the modelled window): a copy of bytes up to it is excused the same way, until the receiver's model
        /// reaches it or the bytes are proved sent past the window.
        var beyondWindowEnd = SequenceNumber(0)
        /// The first TSval captured from the client, with its capture time, if any: how fast its clock ticks is read
        /// from it and a later segment's (``ClockSample/showsFastClock(to:at:)``).
        var clientClockStart: ClockSample?
        /// The same of the server.
        var serverClockStart: ClockSample?
    }

    /// A TSval and its capture time in nanoseconds: the first of a side's, from which the rate of its timestamp clock
    /// is read. It is set on the full path only, as header prediction leaves a side's first TSval to it.
    internal struct ClockSample: Equatable, Sendable {
        var value: UInt32
        var time: UInt64

        /// Whether a later TSval of the same side, captured at `time`, shows a clock faster than a tick a millisecond:
        /// since this sample it advanced by more than a hundred times the whole milliseconds between, and two (a
        /// microsecond clock, Linux's `tcp_usec_ts`, advances a thousand times), and by no more than two thousand
        /// times (no clock runs faster than a tick a microsecond: a first TSval forged or replayed from long ago shows
        /// no clock at all). Both are captured TSvals with their own capture times, so an idle side reads right; a
        /// segment delivered late lowers the rate read by its delay, and the margin keeps a millisecond clock whose
        /// first segment was delivered late from looking fast unless that segment was later by 99 times the span and
        /// 200 ms. The ticks are read modulo 2^32: a microsecond clock more than 71.6 minutes after its first TSval
        /// can read slow (a second of a millisecond clock is then its echo's bound, the stricter one).
        ///
        /// - Parameters:
        ///   - value: the later TSval.
        ///   - time: its capture time in nanoseconds.
        /// - Returns: whether the two show a clock faster than a tick a millisecond.
        func showsFastClock(to value: UInt32, at time: UInt64) -> Bool {
            guard time >= self.time else { return false }
            return !TCPFlowObserver.advanced(
                from: self.value, to: value, over: time - self.time, ticksPerMillisecond: 100, slack: 200)
                && canReach(value, at: time)
        }

        /// Whether a clock can have run from this sample to a later TSval captured at `time`: at most two ticks a
        /// microsecond (no clock runs faster) past it, modulo 2^32.
        ///
        /// - Parameters:
        ///   - value: the later TSval.
        ///   - time: its capture time in nanoseconds.
        /// - Returns: whether some clock can have reached it.
        func canReach(_ value: UInt32, at time: UInt64) -> Bool {
            guard time >= self.time else { return false }
            return TCPFlowObserver.advanced(
                from: self.value, to: value, over: time - self.time, ticksPerMillisecond: 2000, slack: 4000)
        }
    }

    /// A segment past the window its receiver last offered as far as the capture shows, on a capture that has missed
    /// segments of the flow: the acknowledgment that opened the window may be one of them.
    internal struct WindowClaim: Equatable, Sendable {
        /// The segment's first byte.
        var start = SequenceNumber(0)
        /// Its TSval, if it had one: an answer echoing it (or a later one) was sent after the receiver had it.
        var timestamp: UInt32?
        /// The caller's reference of the segment.
        var reference: UInt64 = 0
        /// The first byte of the furthest segment of the sender's past the window since (``start`` if none).
        var lastStart = SequenceNumber(0)
        /// The caller's reference of that segment.
        var lastReference: UInt64 = 0
        /// Its TSval, if it had one.
        var lastTimestamp: UInt32?
    }

    /// Bytes `start ..< end` of one side that its peer acknowledged while the capture had not seen them sent, and
    /// the reference of the acknowledging segment.
    internal struct UnseenClaim: Equatable, Sendable {
        var start = SequenceNumber(0)
        var end = SequenceNumber(0)
        var reference: UInt64 = 0
        /// RCV.NXT of the claimed side before the acknowledging segment: data that segment carried was taken on
        /// the strength of the claim, and is given back if it is proved bogus.
        var receiveNextBefore = SequenceNumber(0)
        /// The acknowledging segment's TSecr when it is newer than every TSval captured from the claimed side (the
        /// side sent a segment the capture missed, and the echo names its TSval); 0 when it is not (a TSecr of 0
        /// echoes nothing, RFC 7323 section 3.2).
        var echo: UInt32 = 0
        /// The acknowledging segment's TSecr, whatever it echoes (0 without one): a segment of the claimed side with a
        /// TSval no newer may have been sent before the acknowledgment was.
        var acknowledgmentEcho: UInt32 = 0
        /// The newest TSval captured from the claimed side before the acknowledging segment, if it had one
        /// (``hasNewestBefore``): a segment of that side with a TSval no newer may have been sent before the
        /// acknowledgment, whatever the acknowledgment echoed.
        var newestBefore: UInt32 = 0
        /// Whether ``newestBefore`` holds a TSval.
        var hasNewestBefore = false
        /// Without timestamps, where the claimed side's bytes captured since the claim end (``start`` until data
        /// inside the claim came): data stopping short of ``end`` waits for the rest (the acknowledgment may have
        /// overtaken the segments it acknowledges in the capture), and a disproved claim gives back only what lies
        /// past here.
        var filled = SequenceNumber(0)
        /// The acknowledging side's SND.NXT (as modelled) when it acknowledged: a pure ACK of the claimed side that
        /// acknowledges no byte past it may have been sent before the claimed side had the acknowledgment.
        var acknowledgerNext = SequenceNumber(0)
    }

    /// What was seen from one side (``FlowState``'s `clientSeen` or `serverSeen`).
    internal struct SideSeen: Equatable, Sendable {
        // The 32-bit numbers first and the flags together: 42 bytes rather than 56 with each flag padded before the
        // next number, so that both sides take fewer of the slot's cache lines (127.5 -> 117.6 ns a segment with
        // 10,000 flows, Benchmarks/README.md).
        var firstSequence = SequenceNumber(0)
        var highestEnd = SequenceNumber(0)
        var lastACK = SequenceNumber(0)
        /// The newest TSval captured from this side, if any (``hasTimestamp``).
        var newestTimestamp: UInt32 = 0
        /// The TSecr of this side's last segment with ACK (0 without one): whether the peer's segment it echoes was
        /// its newest, that is, whether this side had the peer's last segment when it last acknowledged.
        var lastEcho: UInt32 = 0
        /// The peer's ``highestEnd`` when this side's last segment with ACK was captured: whether the peer sent bytes
        /// after it.
        var peerEndAtACK = SequenceNumber(0)
        /// Of the first segment captured with ``newestTimestamp``: its acknowledgment, if it had ACK
        /// (``newestTimestampHasACK``).
        var newestTimestampACK = SequenceNumber(0)
        /// The TSval of the last segment whose bytes were new to the capture (it raised ``highestEnd``), if it had one
        /// (``hasNewBytesTimestamp``). New bytes go out in sequence order, so it was sent before any segment that
        /// starts at or after ``highestEnd`` (which a later segment without a TSval can only raise).
        var newBytesTimestamp: UInt32 = 0
        var lastWindow: UInt16 = 0
        var seen = false
        var hasACK = false
        var challengePending = false
        /// Whether a segment of this side was captured with a right checksum.
        var checksumSeenRight = false
        /// Whether ``newestTimestamp`` holds a TSval.
        var hasTimestamp = false
        /// Whether this side's first captured segment was a SYN (or SYN-ACK): ``firstSequence`` is its ISN.
        var firstWasSYN = false
        /// Whether the first segment captured with ``newestTimestamp`` had ACK.
        var newestTimestampHasACK = false
        /// Whether ``newBytesTimestamp`` holds a TSval.
        var hasNewBytesTimestamp = false

        /// Whether a segment of this side with a TSval older than one it sent before was provably sent after that
        /// one: the last segment of new bytes, with a newer TSval, ended at or before `segment`'s start, or the segment
        /// that carried ``newestTimestamp`` had an older acknowledgment (a side's acknowledgments do not go back in
        /// the order it sends them). Such a TSval shows the sender's timestamp clock going back; without the proof a
        /// reordering network may have delivered `segment` after a segment sent later (a retransmission, say).
        ///
        /// - Parameter segment: a later segment of this side, with a TSval older than ``newestTimestamp``.
        /// - Returns: whether the order is proved.
        func sentNewerTimestamp(before segment: TCPSegmentSummary) -> Bool {
            guard let value = segment.timestampValue else { return false }
            return hasNewBytesTimestamp && !segment.sequenceNumber.isBefore(highestEnd)
                && SequenceNumber(value).isBefore(SequenceNumber(newBytesTimestamp))
                || newestTimestampHasACK && segment.flags.contains(.ack)
                    && newestTimestampACK.isBefore(segment.acknowledgmentNumber)
        }

        /// Whether a segment of this side acknowledges what its last acknowledgment did (a duplicate ACK, a window
        /// update or a challenge ACK when it is a pure ACK).
        ///
        /// - Parameter segment: the side's segment.
        /// - Returns: whether this side's last acknowledgment was seen and was SEG.ACK.
        @inline(__always)
        func repeatsAcknowledgment(of segment: TCPSegmentSummary) -> Bool {
            hasACK && lastACK == segment.acknowledgmentNumber
        }

        /// Whether a segment of the peer echoes a TSval newer than any captured from this side: a segment of this
        /// side was not captured. (TSecr means something only with ACK set and non-zero, RFC 7323 section 3.2.)
        ///
        /// - Parameter segment: the peer's segment.
        /// - Returns: whether its TSecr is newer than this side's newest TSval captured.
        @inline(__always)
        func isEchoedBeyondCapture(by segment: TCPSegmentSummary) -> Bool {
            segment.flags.contains(.ack) && isBeyondCapture(echo: segment.timestampEchoReply)
        }

        /// Whether a TSecr, read whatever the flags of its segment, is newer than any TSval captured from this side
        /// (``isEchoedBeyondCapture(by:)`` without its test of ACK, for rules that only spare a violation).
        ///
        /// - Parameter echo: the TSecr, if the segment had the option.
        /// - Returns: whether it is non-zero and newer than this side's newest TSval captured.
        @inline(__always)
        func isBeyondCapture(echo: UInt32?) -> Bool {
            guard let echo, echo != 0, hasTimestamp else { return false }
            return SequenceNumber(echo).isAfter(SequenceNumber(newestTimestamp))
        }

        /// The first sequence number of this side's data as captured: past the SYN when the first segment was one.
        var firstByte: SequenceNumber { firstWasSYN ? firstSequence + 1 : firstSequence }

        /// Notes a segment of this side: its sequence space, acknowledgment, window and TSval.
        ///
        /// - Parameters:
        ///   - segment: the side's segment.
        ///   - peerEnd: the peer's ``highestEnd`` at this segment.
        /// - Returns: whether the segment carried the side's first TSval captured (`CaptureState`'s first TSvals).
        @inline(__always) @discardableResult
        mutating func note(_ segment: TCPSegmentSummary, peerEnd: SequenceNumber) -> Bool {
            let end = segment.sequenceEnd
            let extends = !seen || end.isAfter(highestEnd)
            if !seen {
                seen = true
                firstSequence = segment.sequenceNumber
                firstWasSYN = segment.flags.contains(.syn)
            }
            if extends { highestEnd = end }
            let hasACK = segment.flags.contains(.ack)
            if hasACK {
                self.hasACK = true
                lastACK = segment.acknowledgmentNumber
                lastWindow = segment.window
                lastEcho = segment.timestampEchoReply ?? 0
                peerEndAtACK = peerEnd
            }
            guard let value = segment.timestampValue else { return false }
            if extends && segment.sequenceLength > 0 {
                hasNewBytesTimestamp = true
                newBytesTimestamp = value
            }
            let first = !hasTimestamp
            if first || SequenceNumber(value).isAfter(SequenceNumber(newestTimestamp)) {
                hasTimestamp = true
                newestTimestamp = value
                newestTimestampHasACK = hasACK
                newestTimestampACK = segment.acknowledgmentNumber
            }
            return first
        }
    }
}

extension TCPFlowObserver.FlowState {
    /// Whether a segment of one side shows the side's timestamp clock faster than a tick a millisecond, read from the
    /// side's first TSval captured to the segment's (``TCPFlowObserver/ClockSample/showsFastClock(to:at:)``); a
    /// segment without a TSval, or a side without a first, shows nothing.
    ///
    /// - Parameters:
    ///   - segment: the side's segment.
    ///   - fromClient: whether the client sent it.
    ///   - time: its capture time in nanoseconds.
    /// - Returns: whether the clock is shown to tick faster than once a millisecond.
    func showsFastTimestampClock(_ segment: TCPSegmentSummary, fromClient: Bool, at time: UInt64) -> Bool {
        guard let value = segment.timestampValue,
            let start = fromClient ? capture.clientClockStart : capture.serverClockStart
        else { return false }
        return start.showsFastClock(to: value, at: time)
    }

    /// Whether a side's newest TSval captured is one its clock can have reached by `time` since its first TSval
    /// captured: at most two ticks a microsecond (no clock runs faster) past it. A TSval injected in the side's name
    /// far ahead is not (the rules that trust the newest TSval then trust none); a side without a first shows
    /// nothing against it (`true`).
    ///
    /// - Parameters:
    ///   - fromClient: the client's clock, or the server's.
    ///   - time: the capture time of the segment being judged, in nanoseconds.
    /// - Returns: whether the newest TSval is within what a clock can have run.
    func timestampsArePlausible(fromClient: Bool, at time: UInt64) -> Bool {
        let seen = fromClient ? clientSeen : serverSeen
        guard seen.hasTimestamp, let start = fromClient ? capture.clientClockStart : capture.serverClockStart,
            time >= start.time
        else { return true }
        return start.canReach(seen.newestTimestamp, at: time)
    }

    /// Notes a segment of one side on the full path: what was seen from the side (``SideSeen/note(_:peerEnd:)``),
    /// and its first TSval with the capture time (``TCPFlowObserver/ClockSample``).
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - fromClient: whether the client sent it.
    ///   - time: its capture time in nanoseconds.
    mutating func noteSent(_ segment: TCPSegmentSummary, fromClient: Bool, time: UInt64) {
        let first = fromClient
            ? clientSeen.note(segment, peerEnd: serverSeen.highestEnd)
            : serverSeen.note(segment, peerEnd: clientSeen.highestEnd)
        guard first, let value = segment.timestampValue else { return }
        let start = TCPFlowObserver.ClockSample(value: value, time: time)
        if fromClient { capture.clientClockStart = start } else { capture.serverClockStart = start }
    }

    /// Counts a segment in its direction's counters.
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - fromClient: whether the client sent it.
    @inline(__always)
    mutating func count(_ segment: TCPSegmentSummary, fromClient: Bool) {
        if fromClient {
            record.clientToServer.segments += 1
            record.clientToServer.payloadBytes += UInt64(segment.payloadLength)
        } else {
            record.serverToClient.segments += 1
            record.serverToClient.payloadBytes += UInt64(segment.payloadLength)
        }
    }

    /// Counts a retransmission in its direction's counters.
    ///
    /// - Parameter fromClient: whether the client sent it.
    @inline(__always)
    mutating func countRetransmission(fromClient: Bool) {
        if fromClient { record.clientToServer.retransmissions += 1 } else { record.serverToClient.retransmissions += 1 }
    }

    /// SND.NXT of a side picked up mid-stream: past the last byte captured from it; or, when none of its captured
    /// segments carried a byte and its peer acknowledged exactly one past them, that acknowledgment: the side sends
    /// keep-alives, at SND.NXT - 1 (a capture that starts on an idle connection; its peer's answers acknowledge
    /// SND.NXT, which is no byte the capture missed).
    private static func sendNext(
        of side: TCPFlowObserver.SideSeen, peer: TCPFlowObserver.SideSeen
    ) -> SequenceNumber {
        if side.highestEnd == side.firstSequence && !side.firstWasSYN && peer.hasACK
            && peer.lastACK == side.highestEnd + 1
        {
            return peer.lastACK
        }
        return side.highestEnd
    }

    /// Both sides of a mid-stream flow have been seen: starts both endpoint models, ESTABLISHED.
    mutating func startLooseEndpoints() {
        let client = clientSeen
        let server = serverSeen
        record.clientEndpoint = TCPEndpoint(
            midStreamSendUnacknowledged: server.hasACK ? server.lastACK : client.firstSequence,
            sendNext: Self.sendNext(of: client, peer: server),
            receiveNext: client.hasACK ? client.lastACK : server.firstByte)
        record.serverEndpoint = TCPEndpoint(
            midStreamSendUnacknowledged: client.hasACK ? client.lastACK : server.firstSequence,
            sendNext: Self.sendNext(of: server, peer: client),
            receiveNext: server.hasACK ? server.lastACK : client.firstByte)
        // A side first seen by its SYN (a pickup in the handshake, its peer's SYN missed): its ISN is known, so
        // that the SYN sent again is one, not a SYN on the connection, and its peer's RCV.NXT is past the SYN when
        // no acknowledgment of the peer's says where it is.
        if client.firstWasSYN {
            record.clientEndpoint.initialSendSequence = client.firstSequence
            record.serverEndpoint.initialReceiveSequence = client.firstSequence
        }
        if server.firstWasSYN {
            record.serverEndpoint.initialSendSequence = server.firstSequence
            record.clientEndpoint.initialReceiveSequence = server.firstSequence
        }
        looseStarted = true
    }
}
