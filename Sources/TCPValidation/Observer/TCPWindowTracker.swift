import TCPCodec

/// Conntrack's tracking of a TCP connection: its state table and, for both directions, its window tracking: the
/// four Rooij bounds on SEQ and ACK, with SACK and window scaling (Linux `nf_conntrack_proto_tcp.c`,
/// `nf_conntrack_tcp_packet` and `tcp_in_window`), as Linux 6.x applies them.
///
/// The bounds are looser than an endpoint's own tests (they hold for anything a middlebox could see legally,
/// retransmissions included) and work from the middle of a stream: a direction first seen without SYN is taken
/// as it is, as conntrack's loose pickup does.
///
/// What Linux does and the Rooij paper does not, measured by `Captures/record-conntrack-oracle.sh` and followed
/// here: the bounds are tested in the order I, III, II, IV; failing II or IV lets the segment through unchanged;
/// failing I by no more than the receiver's largest window is tolerated (``TCPWindowCheck/sequenceOverrun``); a
/// segment without data or SYN or FIN is judged at the sender's end (only its acknowledgment counts). Before the
/// window check, the state table (``TCPConntrackState``) decides: INVALID (``TCPWindowCheck/invalidState``), or
/// ignored (``TCPWindowCheck/ignored``: a SYN or SYN-ACK resent after the handshake moved on, the server's ACK
/// before its SYN-ACK), or on to the window check; with conntrack's special cases: a SYN-ACK or a RST answering
/// the SYN it ignored last (or an ACK it let through before the connection was assured), a RST before any
/// segment of the reply direction (the connection is forgotten), a new SYN on a connection closed by FIN or RST (a
/// new connection), an ACK in LAST_ACK answering an ignored SYN (a challenge ACK, ignored).
///
/// A RST is held to the highest acknowledgment its receiver sent (``TCPWindowCheck/invalidReset`` below it); in an
/// assured ESTABLISHED connection one that neither matches it nor ends a train of its sender's segments keeps the
/// connection (for the challenge ACK it may draw).
///
/// A connection picked up without its SYN is tracked liberally, as conntrack does: a segment failing the bounds
/// passes (``TCPWindowCheck/liberal``) and moves the state as one that held them. A SYN whose options the
/// capture's snapshot length cut has an unknown window scale, taken at its largest (`windowScale(of:)`).
///
/// Not modelled: the SYN proxy (the tracker is conntrack without `synproxy` rules).
@frozen
public struct TCPWindowTracker: Hashable, Sendable {
    /// The direction from the flow's client (conntrack's "original").
    public var clientBounds: TCPWindowBounds
    /// The direction from the flow's server (conntrack's "reply").
    public var serverBounds: TCPWindowBounds
    /// conntrack's state of the connection.
    public internal(set) var state: TCPConntrackState
    /// Whether header prediction's check may take the bounds alone: ESTABLISHED, both directions seen, the
    /// connection assured, and nothing noted that a later segment could answer.
    @usableFromInline internal var predictable: Bool
    /// What conntrack remembers of the connection beside the bounds and the state.
    @usableFromInline internal var memory: Memory

    /// What conntrack remembers of the connection beside the bounds and the state (`last_index`, `last_dir`,
    /// `last_end`, the SYN options it noted, and its flags).
    @usableFromInline
    internal struct Memory: Hashable, Sendable {
        /// Whether the flow's client is conntrack's original direction (the sender of the connection's first
        /// segment).
        var originalIsClient = true
        /// The kind of the last segment that passed or was ignored (`last_index`), `nil` before any.
        var lastKind: TCPConntrackTable.Kind?
        /// Whether that segment came from the flow's client (`last_dir`, by role: the roles of a tracker's
        /// directions never change, so that "the same direction" compares the same).
        var lastFromClient = true
        /// Its SEG.SEQ + SEG.LEN (`last_end`), set by an ignored segment and by an ACK that passed.
        var lastEnd = SequenceNumber(0)
        /// The acknowledgment number of the reply direction's ACK ignored in SYN_SENT (`last_ack`): a challenge
        /// ACK's, which the RST answering it carries as its SEQ.
        var challengeAcknowledgment = SequenceNumber(0)
        /// The SYN from the original direction that conntrack ignored last, while nothing has passed since.
        var ignoredSYN: IgnoredSYN?
        /// A FIN has moved the connection to FIN_WAIT (`IP_CT_TCP_FLAG_CLOSE_INIT`).
        var closeInitiated = false
        /// A segment from the reply direction was let through (`IPS_SEEN_REPLY`).
        var seenReply = false
        /// The handshake completed with both directions seen (`IPS_ASSURED`).
        var assured = false
        /// A simultaneous open (a SYN from the reply direction in SYN_SENT).
        var simultaneousOpen = false
        /// A SYN was ignored in LAST_ACK: the ACK answering it is a challenge ACK, not the last ACK.
        var expectChallengeACK = false
        /// The connection was picked up without its SYN: a segment failing the bounds passes all the same
        /// (`IP_CT_TCP_FLAG_BE_LIBERAL`).
        var liberal = false
    }

    /// What conntrack notes of a SYN it ignored.
    @usableFromInline
    internal struct IgnoredSYN: Hashable, Sendable {
        /// SEG.SEQ + SEG.LEN.
        var end: SequenceNumber
        /// SEG.WND, unscaled.
        var window: UInt32
        /// The window scale option's shift, if the SYN had one.
        var windowScale: UInt8?
        /// Whether the SYN had SACK-permitted.
        var sackPermitted: Bool
        /// Noted in SYN_SENT as going back on the SYN before (`IP_CT_TCP_REINIT`): the SYN-ACK acknowledging it
        /// starts the connection over.
        var goesBack: Bool
    }

    /// Nothing seen yet.
    public init() {
        clientBounds = TCPWindowBounds()
        serverBounds = TCPWindowBounds()
        state = .none
        predictable = false
        memory = Memory()
    }

    /// Takes a segment as conntrack does: the state table, then the four bounds and, when they hold, the update of
    /// both directions and of the state.
    ///
    /// - Parameters:
    ///   - segment: the segment's facts.
    ///   - fromClient: whether the client sent it.
    /// - Returns: what conntrack decided: the first bound that failed, ``TCPWindowCheck/passed``, or the state
    ///   table's or the flag rules' verdict.
    public mutating func check(_ segment: TCPSegmentSummary, fromClient: Bool) -> TCPWindowCheck {
        let flags = segment.flags
        // Flags conntrack refuses never reach its state.
        guard TCPFlagProfile.conntrackAccepts(flags) else { return .invalidFlags }
        let kind = TCPConntrackTable.Kind(flags)
        if state == .none {
            // A new connection (tcp_new): only a SYN or an ACK starts one ("invalid new").
            guard case .next(let first) = TCPConntrackTable.outcome(original: true, kind: kind, state: .none) else {
                return .invalidState
            }
            memory.originalIsClient = fromClient
            // Picked up without its SYN (nf_conntrack_tcp_loose): tracked liberally from then on.
            memory.liberal = first != .synSent
            if memory.liberal {
                pickUp(segment, fromClient: fromClient)
            }
        }
        let original = fromClient == memory.originalIsClient
        let old = state
        var outcome = TCPConntrackTable.outcome(original: original, kind: kind, state: old)
        var unchecked = false
        switch outcome {
        case .invalid:
            return .invalidState
        case .next(.synSent) where old.rawValue >= TCPConntrackState.timeWait.rawValue:
            // A SYN on a connection that is over: one closed by a FIN, or by a RST from the same direction, is
            // forgotten and the SYN starts a new one; on any other, the SYN is ignored.
            if memory.closeInitiated || (memory.lastKind == .rst && memory.lastFromClient == fromClient) {
                self = TCPWindowTracker()
                return check(segment, fromClient: fromClient)
            }
            outcome = .ignored
        case .next(.synSent):
            // A SYN going back on the one before: let through until a SYN-ACK shows which the server took.
            if old == .synSent && segment.sequenceEnd.isBefore(originalEnd) {
                return ignore(
                    segment, kind: kind, fromClient: fromClient, original: original, old: old, goesBack: true)
            }
        case .next(.synReceived):
            // The SYN-ACK to a SYN that went back on its predecessor: the server took that one.
            if kind == .synAck, let noted = memory.ignoredSYN, noted.goesBack,
                segment.acknowledgmentNumber == noted.end
            {
                startOver(from: noted)
            }
            if !original && kind == .ack && memory.simultaneousOpen { outcome = .next(.established) }
        case .next(.synSent2):
            memory.simultaneousOpen = true
        case .next(.close) where kind == .rst:
            switch old {
            case .finWait, .closeWait, .lastAck, .timeWait, .close:
                // Closing already: the RST is let through unchecked.
                unchecked = true
            default:
                break
            }
            if unchecked { break }
            // The RST against the highest acknowledgment its receiver sent (unless a SYN was let through last).
            let receiverBounds = fromClient ? serverBounds : clientBounds
            if receiverBounds.sentAcknowledgment && memory.lastKind != .syn {
                let sequence = segment.sequenceNumber
                let established = old == .established && memory.assured
                // SEQ 0 outside ESTABLISHED: likely the answer to a SYN let through; to the window check.
                if sequence.rawValue == 0 && !established { break }
                if sequence.isBefore(receiverBounds.maximumAcknowledgment) { return .invalidReset }
                if !established || sequence == receiverBounds.maximumAcknowledgment { break }
                // The RST ending a train of the same direction's segments closes; any other in ESTABLISHED keeps
                // the connection, for the challenge ACK it may draw.
                if !(memory.lastKind == .ack && memory.lastFromClient == fromClient && sequence == memory.lastEnd) {
                    outcome = .next(old)
                }
            }
            // A RST answering a SYN conntrack ignored, or an ACK it let through before the connection was assured:
            // let through unchecked.
            let answersLast = memory.seenReply && memory.lastKind == .syn
                || !memory.assured && memory.lastKind == .ack
            unchecked = answersLast && segment.acknowledgmentNumber == memory.lastEnd
            // The RST answering a challenge ACK conntrack ignored in SYN_SENT (its SEQ is that ACK's number).
            if old == .synSent && memory.lastKind == .ack && memory.lastFromClient != fromClient
                && segment.sequenceNumber == memory.challengeAcknowledgment
            {
                unchecked = true
            }
        case .next(.timeWait):
            // The ACK answering a SYN ignored in LAST_ACK: a challenge ACK, not the last ACK.
            if old == .lastAck && kind == .ack && memory.lastKind == .syn && memory.lastFromClient != fromClient
                && memory.expectChallengeACK
            {
                memory.expectChallengeACK = false
                return .ignored
            }
        default:
            break
        }
        if outcome == .ignored {
            // A SYN-ACK acknowledging the SYN ignored last shows that both ends took that SYN: the connection
            // starts over from it, and the SYN-ACK is checked as the answer to it.
            if kind == .synAck, memory.lastKind == .syn, memory.lastFromClient != fromClient,
                let noted = memory.ignoredSYN, segment.acknowledgmentNumber == noted.end
            {
                startOver(from: noted)
                outcome = .next(.synReceived)
            } else {
                return ignore(
                    segment, kind: kind, fromClient: fromClient, original: original, old: old, goesBack: false)
            }
        }
        guard case .next(let next) = outcome else { return .ignored }
        var result = TCPWindowCheck.passed
        if !unchecked {
            // Each direction judged where it is held, by role, rather than copied out and back.
            let answersSYN = state == .synSent
            let mayReinitialize = state == .synSent || state == .synReceived
            if fromClient {
                result = Self.check(
                    segment, sender: &clientBounds, receiver: &serverBounds, resetAnswersSYN: answersSYN,
                    mayReinitialize: mayReinitialize)
            } else {
                result = Self.check(
                    segment, sender: &serverBounds, receiver: &clientBounds, resetAnswersSYN: answersSYN,
                    mayReinitialize: mayReinitialize)
            }
            if result != .passed && memory.liberal {
                // A connection picked up mid-stream: whatever the bounds say, the segment passes.
                result = .liberal
            } else if result != .passed {
                // Let through (bounds II and IV, an overrun) or INVALID: the state stays as it was (an overrun
                // has moved its sender's end).
                if !original && !result.isInvalid { memory.seenReply = true }
                return result
            }
        }
        // The first RST let through before any segment of the reply direction: conntrack forgets the connection
        // at once (the next segment must start a new one).
        if kind == .rst && !memory.seenReply {
            self = TCPWindowTracker()
            return result
        }
        memory.ignoredSYN = nil
        if !original { memory.seenReply = true }
        let before = state
        state = next
        if before != next && next == .finWait { memory.closeInitiated = true }
        if memory.seenReply && (before == .synReceived || before == .established) && next == .established {
            memory.assured = true
        }
        // The segment as the last (`last_index`, `last_dir`; an ACK's end as `last_end`).
        memory.lastFromClient = fromClient
        if kind == .ack && !unchecked { memory.lastEnd = segment.sequenceEnd }
        memory.lastKind = kind
        predictable = state == .established && memory.assured && clientBounds.sentAcknowledgment
            && serverBounds.sentAcknowledgment
        return result
    }

    /// The end of what the original direction has sent.
    private var originalEnd: SequenceNumber {
        memory.originalIsClient ? clientBounds.end : serverBounds.end
    }

    /// Starts the connection over from a SYN conntrack ignored, as a SYN-ACK answering it shows both ends did: the
    /// original direction from that SYN, the reply direction from nothing (the SYN-ACK sets it next).
    private mutating func startOver(from noted: IgnoredSYN) {
        var bounds = TCPWindowBounds()
        Self.takeSYN(
            &bounds, end: noted.end, window: noted.window, windowScale: noted.windowScale,
            sackPermitted: noted.sackPermitted)
        if memory.originalIsClient {
            clientBounds = bounds
            serverBounds = TCPWindowBounds()
        } else {
            serverBounds = bounds
            clientBounds = TCPWindowBounds()
        }
        state = .synSent
        memory.ignoredSYN = nil
        predictable = false
    }

    /// A segment conntrack's state table lets through unchecked: what it notes of it (what a SYN-ACK or a RST may
    /// answer next), nothing else changed.
    private mutating func ignore(
        _ segment: TCPSegmentSummary, kind: TCPConntrackTable.Kind, fromClient: Bool, original: Bool,
        old: TCPConntrackState, goesBack: Bool
    ) -> TCPWindowCheck {
        memory.lastKind = kind
        memory.lastFromClient = fromClient
        memory.lastEnd = segment.sequenceEnd
        if old == .synSent && kind == .ack && !original {
            memory.challengeAcknowledgment = segment.acknowledgmentNumber
        }
        if kind == .syn && original {
            memory.ignoredSYN = IgnoredSYN(
                end: segment.sequenceEnd, window: UInt32(segment.window), windowScale: Self.windowScale(of: segment),
                sackPermitted: segment.sackPermitted, goesBack: goesBack)
            memory.expectChallengeACK = old == .lastAck
        } else {
            memory.ignoredSYN = nil
        }
        if !original { memory.seenReply = true }
        predictable = false
        return .ignored
    }

    /// Starts a connection picked up without its SYN as `tcp_new` does: the first segment's direction taken as
    /// it is (its end, its window unscaled and at least 1, the end allowed so far), the other direction left unseen
    /// (end 0, no window), both taken to have SACK permitted. The window check that follows starts from there: the
    /// first direction is seen already, so the tweak that a direction's first segment gives its peer's end
    /// (`tcp_in_window`'s, ``check(_:sender:receiver:resetAnswersSYN:mayReinitialize:)``) waits for the other
    /// direction's first segment, and until then an acknowledgment is held to an end of 0 (which, failing, passes:
    /// the connection is liberal). `Captures/conntrack-oracle-midstream.tsv` showed it: a RST on a connection
    /// picked up from its peer's data, below what that data acknowledged, is not `invalid rst`, as that
    /// acknowledgment never passed the bounds.
    ///
    /// - Parameters:
    ///   - segment: the connection's first segment conntrack tracks, without SYN.
    ///   - fromClient: whether the client sent it.
    private mutating func pickUp(_ segment: TCPSegmentSummary, fromClient: Bool) {
        var sender = TCPWindowBounds()
        sender.end = segment.sequenceEnd
        sender.maximumWindow = max(UInt32(segment.window), 1)
        sender.maximumEnd = sender.end + sender.maximumWindow
        sender.sentSACKPermitted = true
        var receiver = TCPWindowBounds()
        receiver.sentSACKPermitted = true
        clientBounds = fromClient ? sender : receiver
        serverBounds = fromClient ? receiver : sender
    }

    /// ``check(_:fromClient:)`` for a segment with ACK and neither SYN nor RST after the handshake
    /// (header prediction's): on an assured connection in ESTABLISHED with both directions seen, all that is left
    /// of the check is the bounds and their update (and noting the segment as the last); otherwise the whole check.
    ///
    /// - Parameters:
    ///   - segment: the segment's facts: ACK set, SYN, FIN and RST clear (an assertion).
    ///   - fromClient: whether the client sent it.
    /// - Returns: the first bound that failed, or ``TCPWindowCheck/passed``.
    @inline(__always)
    internal mutating func checkAcknowledgment(_ segment: TCPSegmentSummary, fromClient: Bool) -> TCPWindowCheck {
        let flags = segment.flags
        assert(flags.contains(.ack) && !flags.contains(.syn) && !flags.contains(.rst) && !flags.contains(.fin))
        guard predictable else {
            return check(segment, fromClient: fromClient)
        }
        let end = segment.sequenceEnd
        let result: TCPWindowCheck
        if fromClient {
            result = Self.applyBounds(
                segment, sequence: segment.sequenceNumber, end: end, acknowledgment: segment.acknowledgmentNumber,
                sender: &clientBounds, receiver: &serverBounds, fullCheck: false)
        } else {
            result = Self.applyBounds(
                segment, sequence: segment.sequenceNumber, end: end, acknowledgment: segment.acknowledgmentNumber,
                sender: &serverBounds, receiver: &clientBounds, fullCheck: false)
        }
        // The segment noted as the last, as the full check notes it (on a liberal connection, whatever the bounds
        // said).
        guard result == .passed || memory.liberal else { return result }
        memory.lastKind = .ack
        memory.lastFromClient = fromClient
        memory.lastEnd = end
        return result == .passed ? result : .liberal
    }

    /// ``check(_:fromClient:)``'s window check by role: the sender's direction and the receiver's.
    ///
    /// - Parameters:
    ///   - segment: the segment's facts.
    ///   - sender: the sender's direction.
    ///   - receiver: the receiver's direction.
    ///   - resetAnswersSYN: whether the connection is in SYN_SENT (a RST with SEQ 0 answers the SYN then).
    ///   - mayReinitialize: whether a SYN with a higher end reinitializes its direction (SYN_SENT, SYN_RECV).
    /// - Returns: the first bound that failed, or ``TCPWindowCheck/passed``.
    @inline(__always)
    private static func check(
        _ segment: TCPSegmentSummary, sender: inout TCPWindowBounds, receiver: inout TCPWindowBounds,
        resetAnswersSYN: Bool, mayReinitialize: Bool
    ) -> TCPWindowCheck {
        let flags = segment.flags
        var sequence = segment.sequenceNumber
        var end = segment.sequenceEnd
        let window = UInt32(segment.window)
        var acknowledgment = segment.acknowledgmentNumber
        if !sender.isInitialized {
            if flags.contains(.syn) {
                initializeFromSYN(&sender, receiver: &receiver, segment: segment, end: end)
                if !flags.contains(.ack) { return .passed }
            } else {
                // Mid-stream: the history is lost, rely on the sequence numbers.
                sender.end = end
                let scaled = window << UInt32(sender.scale)
                sender.maximumWindow = max(scaled, 1)
                sender.maximumEnd = end + sender.maximumWindow
                if !receiver.isInitialized {
                    receiver.end = acknowledgment
                    receiver.maximumEnd = acknowledgment
                } else if acknowledgment == receiver.end + 1 {
                    receiver.end += 1  // Likely the answer to a keep-alive.
                }
            }
        } else if mayReinitialize && flags.contains(.syn) && end.isAfter(sender.end) {
            // A new SYN (or SYN-ACK) with a higher end: the endpoint was reinitialized (RFC 9293 section 3.4).
            initializeFromSYN(&sender, receiver: &receiver, segment: segment, end: end)
        }
        if !flags.contains(.ack) || (flags.contains(.rst) && acknowledgment.rawValue == 0) {
            acknowledgment = receiver.end
        }
        // A RST answering a SYN with SEQ 0 (RFC 9293 section 3.10.7.1) is taken at the sender's end.
        if flags.contains(.rst) && sequence.rawValue == 0 && end.rawValue == 0 && resetAnswersSYN {
            sequence = sender.end
            end = sender.end
        }
        return applyBounds(
            segment, sequence: sequence, end: end, acknowledgment: acknowledgment, sender: &sender,
            receiver: &receiver)
    }

    /// The four bounds and, when they hold, the update of both directions: the part of the check that every
    /// segment reaches, once its sequence numbers and acknowledgment are settled.
    ///
    /// - Parameters:
    ///   - segment: the segment's facts (its flags, window and SACK blocks).
    ///   - sequence: the sequence number taken (SEG.SEQ, or the sender's end for a RST with SEQ 0).
    ///   - end: the end taken.
    ///   - acknowledgment: the acknowledgment taken (SEG.ACK, or the receiver's end without ACK).
    ///   - sender: the sender's direction.
    ///   - receiver: the receiver's direction.
    ///   - fullCheck: `false` on header prediction's path, where both directions are known to have been seen and
    ///     to have acknowledged, so that the tests for a receiver that has offered no window (bound II's exemption,
    ///     the growth of its largest window) and for a first acknowledgment fold away.
    /// - Returns: the first bound that failed, or ``TCPWindowCheck/passed``.
    @inline(__always)
    private static func applyBounds(
        _ segment: TCPSegmentSummary, sequence: SequenceNumber, end: SequenceNumber, acknowledgment: SequenceNumber,
        sender: inout TCPWindowBounds, receiver: inout TCPWindowBounds, fullCheck: Bool = true
    ) -> TCPWindowCheck {
        let flags = segment.flags
        // A segment without data, SYN or FIN is judged at the sender's end: only its acknowledgment counts (a RST
        // is judged by its SEQ).
        var sequence = sequence
        var end = end
        if sequence == end && sequence != sender.end && !flags.contains(.rst) {
            sequence = sender.end
            end = sender.end
        }
        var window = UInt32(segment.window)
        var selective = acknowledgment
        if receiver.sentSACKPermitted || sender.sentSACKPermitted {
            // By index: a concrete loop, with no generic iterator even in unoptimized builds.
            let blocks = segment.sackBlocks
            for position in 0..<blocks.count where blocks[position].right.isAfter(selective) {
                selective = blocks[position].right
            }
        }
        // MAXACKWINDOW: the sender's largest window, but never less than 66,000.
        let maximumAckWindow = max(sender.maximumWindow, 66000)
        // The four bounds, each computed (no short circuit, so that the path where all hold has no branch per
        // bound); which failed, in Linux's order, is worked out out of line. II holds while the receiver has
        // offered no window.
        let sequenceBelowUpperBound = sequence.isBefore(sender.maximumEnd + 1)
        let acknowledgmentBelowUpperBound = selective.isBefore(receiver.end + 1)
        let endAboveLowerBound = fullCheck && receiver.maximumWindow == 0
            || end.isAfter(sender.end - receiver.maximumWindow - 1)
        let acknowledgmentAboveLowerBound = selective.isAfter(receiver.end - maximumAckWindow - 1)
        guard sequenceBelowUpperBound && acknowledgmentBelowUpperBound && endAboveLowerBound
            && acknowledgmentAboveLowerBound
        else {
            return failedBound(
                sequenceBelowUpperBound: sequenceBelowUpperBound,
                acknowledgmentBelowUpperBound: acknowledgmentBelowUpperBound, endAboveLowerBound: endAboveLowerBound,
                acknowledgmentAboveLowerBound: acknowledgmentAboveLowerBound, end: end, sender: &sender,
                receiverMaximumWindow: receiver.maximumWindow)
        }
        if !flags.contains(.syn) { window <<= UInt32(sender.scale) }
        // td_maxack (header prediction's segments carry ACK, and their sender has acknowledged before).
        if (!fullCheck || flags.contains(.ack))
            && (fullCheck && !sender.sentAcknowledgment || acknowledgment.isAfter(sender.maximumAcknowledgment))
        {
            sender.maximumAcknowledgment = acknowledgment
            sender.sentAcknowledgment = true
        }
        let senderWindow = window &+ (selective - acknowledgment)
        sender.maximumWindow = max(sender.maximumWindow, senderWindow)
        if end.isAfter(sender.end) { sender.end = end }
        if (!fullCheck || receiver.maximumWindow != 0) && end.isAfter(sender.maximumEnd) {
            receiver.maximumWindow &+= end - sender.maximumEnd
        }
        if (selective + window).isAfter(receiver.maximumEnd - 1) {
            receiver.maximumEnd = selective + window
            if window == 0 { receiver.maximumEnd += 1 }
        }
        return .passed
    }

    /// Which bound failed, in Linux's order (I, III, II, IV), when not all four held; a bound-I failure that
    /// conntrack tolerates moves the sender's end.
    ///
    /// A stack that sent more than the window allowed, by no more than the receiver's largest window, with the
    /// segment's end inside the receiver's window and its acknowledgment within III and IV, is let through, its
    /// end taken as the sender's so that the receiver's acknowledgment of those bytes passes bound III (Linux's
    /// "bytes more than expected").
    @inline(never)
    private static func failedBound(
        sequenceBelowUpperBound: Bool, acknowledgmentBelowUpperBound: Bool, endAboveLowerBound: Bool,
        acknowledgmentAboveLowerBound: Bool, end: SequenceNumber, sender: inout TCPWindowBounds,
        receiverMaximumWindow: UInt32
    ) -> TCPWindowCheck {
        guard sequenceBelowUpperBound else {
            let overshot = (end - sender.maximumEnd) &+ 1
            if receiverMaximumWindow != 0 && endAboveLowerBound && acknowledgmentAboveLowerBound
                && acknowledgmentBelowUpperBound && overshot <= receiverMaximumWindow
            {
                sender.end = end
                return .sequenceOverrun
            }
            return .sequenceAboveWindow
        }
        guard acknowledgmentBelowUpperBound else { return .acknowledgmentAboveSent }
        guard endAboveLowerBound else { return .sequenceBelowWindow }
        return .acknowledgmentBelowWindow
    }

    /// A direction as its SYN (or SYN-ACK) sets it (`tcp_init_sender`): its end, the end allowed so far, its
    /// window (at least 1) and the options; the window scale's agreement with the other direction is the caller's.
    private static func takeSYN(
        _ bounds: inout TCPWindowBounds, end: SequenceNumber, window: UInt32, windowScale: UInt8?,
        sackPermitted: Bool
    ) {
        bounds.end = end
        bounds.maximumEnd = end
        bounds.maximumWindow = max(window, 1)
        bounds.sentWindowScale = windowScale != nil
        bounds.scale = windowScale.map(TCPWindowScaling.clamp) ?? 0
        bounds.sentSACKPermitted = sackPermitted
    }

    /// A SYN's window scale as the tracker takes it: the option's shift, or, when the capture's snapshot length cut
    /// the SYN's options, the largest shift (``TCPWindowScaling/maximumShift``). The scale is unknown then, not
    /// absent, so the windows of that direction are taken at their largest, as the endpoint models take them
    /// (``TCPEndpoint/isLoose``): a bound that depends on a window can only pass more, and bound III, which does not,
    /// still judges. Conntrack itself saw the whole SYN; taking its windows unscaled made every segment beyond the
    /// unscaled window `seq-over-upper-bound` on captures cut at 54 or 74 bytes. When the other direction's whole
    /// SYN had no window scale option, scaling is off in both directions as before
    /// (``initializeFromSYN(_:receiver:segment:end:)``).
    private static func windowScale(of segment: TCPSegmentSummary) -> UInt8? {
        segment.headerCutByCapture ? TCPWindowScaling.maximumShift : segment.windowScale
    }

    private static func initializeFromSYN(
        _ sender: inout TCPWindowBounds, receiver: inout TCPWindowBounds, segment: TCPSegmentSummary,
        end: SequenceNumber
    ) {
        takeSYN(
            &sender, end: end, window: UInt32(segment.window), windowScale: windowScale(of: segment),
            sackPermitted: segment.sackPermitted)
        if receiver.isInitialized && !(sender.sentWindowScale && receiver.sentWindowScale) {
            sender.scale = 0
            receiver.scale = 0
        }
    }
}
