import TCPCodec

/// Conntrack's window tracking for both directions of a flow: the four Rooij bounds on SEQ and ACK, with SACK
/// and window scaling (Linux `nf_conntrack_proto_tcp.c` `tcp_in_window`).
///
/// The bounds are looser than an endpoint's own tests (they hold for anything a middlebox could see legally,
/// retransmissions included) and work from the middle of a stream: a direction first seen without SYN is taken
/// as it is, as conntrack's loose pickup does.
///
/// Of conntrack's state table, the part that decides whether a segment reaches the window check during the
/// handshake is kept (Linux 6.x, as measured by `Captures/record-conntrack-oracle.sh`): once the server's SYN-ACK
/// has passed, a SYN from the client or a SYN-ACK from the server is ``TCPWindowCheck/ignored``; before it, so is
/// an ACK from the server (a half-open connection's, or a challenge ACK) and a SYN from the client whose end is
/// below its predecessor's. Ignored segments change nothing. Not kept: conntrack's INVALID verdicts by state (an
/// ACK from the client before the SYN-ACK, for instance, is checked here), its reopening of a connection in
/// TIME_WAIT or CLOSE by a new SYN (the observer keeps the flow while the receiving stack does), and its
/// liberal mode on connections picked up mid-stream (the bounds are given all the same).
@frozen
public struct TCPWindowTracker: Hashable, Sendable {
    /// The direction from the flow's client (conntrack's "original").
    public var clientBounds: TCPWindowBounds
    /// The direction from the flow's server (conntrack's "reply").
    public var serverBounds: TCPWindowBounds
    /// How far the handshake has come, as far as it decides what is ignored.
    @usableFromInline internal var phase: Phase
    /// The client's SYN conntrack ignored last, while nothing has passed since (its `last_index`, `last_end`,
    /// `last_win` and `last_wscale`): a SYN-ACK acknowledging it shows that both ends took it, and conntrack
    /// starts over from it; a RST acknowledging it passes unchecked.
    @usableFromInline internal var ignoredSYN: IgnoredSYN?

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
    }

    /// conntrack's states that decide which SYNs and ACKs are ignored.
    @usableFromInline
    internal enum Phase: UInt8, Hashable, Sendable {
        /// Nothing seen yet.
        case nothingSeen
        /// The client's SYN, and nothing from the server that passed (conntrack's SYN_SENT).
        case synSent
        /// Past SYN_SENT: the server answered, or the flow was picked up without a SYN.
        case answered
        /// Past SYN_SENT, both directions seen and no ignored SYN noted: what header prediction's check needs to
        /// take the bounds alone (one compare where it would test three things).
        case tracking
    }

    /// Nothing seen yet.
    @inlinable
    public init() {
        clientBounds = TCPWindowBounds()
        serverBounds = TCPWindowBounds()
        phase = .nothingSeen
        ignoredSYN = nil
    }

    /// Checks a segment against the four bounds and, when it passes, updates both directions.
    ///
    /// - Parameters:
    ///   - segment: the segment's facts.
    ///   - fromClient: whether the client sent it.
    ///   - handshakePending: whether the connection is still in its handshake (a SYN resent with a higher end
    ///     before the server answered then reinitializes the client's direction, as conntrack does in SYN_SENT).
    /// - Returns: the first bound that failed, or ``TCPWindowCheck/passed``.
    public mutating func check(
        _ segment: TCPSegmentSummary, fromClient: Bool, handshakePending: Bool = false
    ) -> TCPWindowCheck {
        let flags = segment.flags
        // Flags conntrack refuses never reach its state.
        guard TCPFlagProfile.conntrackAccepts(flags) else { return .invalidFlags }
        let isSYN = flags.contains(.syn) && !flags.contains(.ack)
        switch phase {
        case .nothingSeen:
            phase = fromClient && isSYN ? .synSent : .answered
        case .synSent:
            if fromClient {
                // A SYN going back on the one before: let through until a SYN-ACK shows which the server took.
                if isSYN && segment.sequenceEnd.isBefore(clientBounds.end) { return ignore(segment) }
            } else if flags.contains(.ack) && !flags.contains(.syn) && !flags.contains(.fin) && !flags.contains(.rst) {
                // The server's ACK before its SYN-ACK: a half-open connection's, or a challenge ACK.
                return ignore(segment)
            } else if flags.contains(.syn), let noted = ignoredSYN, segment.acknowledgmentNumber == noted.end {
                // The SYN-ACK to a SYN that went back on its predecessor: the server took that one.
                startOver(from: noted)
            }
        case .answered, .tracking:
            // A RST acknowledging the SYN ignored last: the answer to it, let through unchecked.
            if flags.contains(.rst), let noted = ignoredSYN, segment.acknowledgmentNumber == noted.end {
                ignoredSYN = nil
                return .passed
            }
            // A SYN from the client or a SYN-ACK from the server once the handshake has moved on: resent, late, or
            // one the receiver will answer; the connection's state stays as it was. But a SYN-ACK acknowledging the
            // SYN ignored last shows that both ends took that SYN: the client's side starts over from it, the
            // server's from this SYN-ACK.
            if flags.contains(.syn) && flags.contains(.ack) != fromClient {
                guard !fromClient, let noted = ignoredSYN, segment.acknowledgmentNumber == noted.end else {
                    return ignore(segment)
                }
                startOver(from: noted)
            }
        }
        // Each direction judged where it is held, by role, rather than copied out and back.
        let result: TCPWindowCheck
        if fromClient {
            result = Self.check(
                segment, sender: &clientBounds, receiver: &serverBounds, handshakePending: handshakePending)
        } else {
            result = Self.check(
                segment, sender: &serverBounds, receiver: &clientBounds, handshakePending: handshakePending)
        }
        if result == .passed || result == .sequenceOverrun {
            ignoredSYN = nil
            if phase == .synSent && !fromClient { phase = .answered }
        }
        if phase == .answered && ignoredSYN == nil && clientBounds.isInitialized && serverBounds.isInitialized {
            phase = .tracking
        }
        return result
    }

    /// Starts the connection over from a SYN conntrack ignored, as a SYN-ACK answering it shows both ends did: the
    /// client's side from that SYN, the server's from nothing (the SYN-ACK sets it next).
    private mutating func startOver(from noted: IgnoredSYN) {
        clientBounds = TCPWindowBounds()
        clientBounds.end = noted.end
        clientBounds.maximumEnd = noted.end
        clientBounds.maximumWindow = max(noted.window, 1)
        clientBounds.sentWindowScale = noted.windowScale != nil
        clientBounds.scale = noted.windowScale.map(TCPWindowScaling.clamp) ?? 0
        clientBounds.sentSACKPermitted = noted.sackPermitted
        serverBounds = TCPWindowBounds()
        phase = .synSent
        ignoredSYN = nil
    }

    /// A segment conntrack's state table lets through unchecked: noted if it is a SYN from the client (what a
    /// SYN-ACK or a RST may answer next), and the note of an earlier one dropped otherwise.
    private mutating func ignore(_ segment: TCPSegmentSummary) -> TCPWindowCheck {
        let flags = segment.flags
        if flags.contains(.syn) && !flags.contains(.ack) {
            ignoredSYN = IgnoredSYN(
                end: segment.sequenceEnd, window: UInt32(segment.window), windowScale: segment.windowScale,
                sackPermitted: segment.sackPermitted)
            if phase == .tracking { phase = .answered }
        } else {
            ignoredSYN = nil
        }
        return .ignored
    }

    /// ``check(_:fromClient:handshakePending:)`` for a segment with ACK and neither SYN nor RST after the handshake
    /// (header prediction's): once both directions have been seen, the server has answered and no ignored SYN is
    /// noted, all that is left of the check is the bounds and their update; before, the whole check.
    ///
    /// - Parameters:
    ///   - segment: the segment's facts: ACK set, SYN and RST clear (an assertion).
    ///   - fromClient: whether the client sent it.
    /// - Returns: the first bound that failed, or ``TCPWindowCheck/passed``.
    @inline(__always)
    internal mutating func checkAcknowledgment(_ segment: TCPSegmentSummary, fromClient: Bool) -> TCPWindowCheck {
        let flags = segment.flags
        assert(flags.contains(.ack) && !flags.contains(.syn) && !flags.contains(.rst))
        guard phase == .tracking else {
            return check(segment, fromClient: fromClient, handshakePending: false)
        }
        if fromClient {
            return Self.applyBounds(
                segment, sequence: segment.sequenceNumber, end: segment.sequenceEnd,
                acknowledgment: segment.acknowledgmentNumber, sender: &clientBounds, receiver: &serverBounds,
                receiverMayBeUnseen: false)
        }
        return Self.applyBounds(
            segment, sequence: segment.sequenceNumber, end: segment.sequenceEnd,
            acknowledgment: segment.acknowledgmentNumber, sender: &serverBounds, receiver: &clientBounds,
            receiverMayBeUnseen: false)
    }

    /// ``check(_:fromClient:handshakePending:)`` by role: the sender's direction and the receiver's.
    @inline(__always)
    private static func check(
        _ segment: TCPSegmentSummary, sender: inout TCPWindowBounds, receiver: inout TCPWindowBounds,
        handshakePending: Bool
    ) -> TCPWindowCheck {
        let flags = segment.flags
        var sequence = segment.sequenceNumber
        var end = segment.sequenceEnd
        let window = UInt32(segment.window)
        var acknowledgment = segment.acknowledgmentNumber
        // A RST answering a SYN with SEQ 0 (RFC 9293 section 3.10.7.1) is taken at the sender's end.
        if flags.contains(.rst) && sequence.rawValue == 0 && handshakePending && sender.isInitialized {
            sequence = sender.end
            end = sender.end
        }
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
        } else if handshakePending && flags.contains(.syn) && end.isAfter(sender.end) {
            // A new SYN (or SYN-ACK) with a higher end: the endpoint was reinitialized (RFC 9293 section 3.4).
            initializeFromSYN(&sender, receiver: &receiver, segment: segment, end: end)
        }
        if !flags.contains(.ack) || (flags.contains(.rst) && acknowledgment.rawValue == 0) {
            acknowledgment = receiver.end
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
    ///   - receiverMayBeUnseen: `false` where the caller knows the receiver has been seen (header prediction's
    ///     check), so that the tests for a receiver that has offered no window (bound II's exemption, the growth
    ///     of its largest window) fold away.
    /// - Returns: the first bound that failed, or ``TCPWindowCheck/passed``.
    @inline(__always)
    private static func applyBounds(
        _ segment: TCPSegmentSummary, sequence: SequenceNumber, end: SequenceNumber, acknowledgment: SequenceNumber,
        sender: inout TCPWindowBounds, receiver: inout TCPWindowBounds, receiverMayBeUnseen: Bool = true
    ) -> TCPWindowCheck {
        let flags = segment.flags
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
        // MAXACKWINDOW: the sender's largest window, but never less than 66,000.
        let maximumAckWindow = max(sender.maximumWindow, 66000)
        // The four bounds, each computed (no short circuit, so that the path where all hold has no branch per
        // bound); which failed, in Linux's order, is worked out out of line. II holds while the receiver has
        // offered no window.
        let sequenceBelowUpperBound = sequence.isBefore(sender.maximumEnd + 1)
        let acknowledgmentBelowUpperBound = selective.isBefore(receiver.end + 1)
        let endAboveLowerBound = receiverMayBeUnseen && receiver.maximumWindow == 0
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
        let senderWindow = window &+ (selective - acknowledgment)
        sender.maximumWindow = max(sender.maximumWindow, senderWindow)
        if end.isAfter(sender.end) { sender.end = end }
        if (!receiverMayBeUnseen || receiver.maximumWindow != 0) && end.isAfter(sender.maximumEnd) {
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

    private static func initializeFromSYN(
        _ sender: inout TCPWindowBounds, receiver: inout TCPWindowBounds, segment: TCPSegmentSummary,
        end: SequenceNumber
    ) {
        sender.end = end
        sender.maximumEnd = end
        sender.maximumWindow = max(UInt32(segment.window), 1)
        sender.sentWindowScale = segment.windowScale != nil
        sender.scale = segment.windowScale.map(TCPWindowScaling.clamp) ?? 0
        sender.sentSACKPermitted = segment.sackPermitted
        if receiver.isInitialized && !(sender.sentWindowScale && receiver.sentWindowScale) {
            sender.scale = 0
            receiver.scale = 0
        }
    }
}
