import TCPCodec

/// Conntrack's window tracking for both directions of a flow: the four Rooij bounds on SEQ and ACK, with SACK
/// and window scaling (Linux `nf_conntrack_proto_tcp.c` `tcp_in_window`).
///
/// The bounds are looser than an endpoint's own tests (they hold for anything a middlebox could see legally,
/// retransmissions included) and work from the middle of a stream: a direction first seen without SYN is taken
/// as it is, as conntrack's loose pickup does.
@frozen
public struct TCPWindowTracker: Hashable, Sendable {
    /// The direction from the flow's client (conntrack's "original").
    public var clientBounds: TCPWindowBounds
    /// The direction from the flow's server (conntrack's "reply").
    public var serverBounds: TCPWindowBounds

    /// Nothing seen yet.
    @inlinable
    public init() {
        clientBounds = TCPWindowBounds()
        serverBounds = TCPWindowBounds()
    }

    /// Checks a segment against the four bounds and, when it passes, updates both directions.
    ///
    /// - Parameters:
    ///   - segment: the segment's facts.
    ///   - fromClient: whether the client sent it.
    ///   - handshakePending: whether the connection is still in its handshake (a re-sent SYN or SYN-ACK with a
    ///     higher end then reinitializes its direction, as conntrack does in SYN_SENT and SYN_RECV).
    /// - Returns: the first bound that failed, or ``TCPWindowCheck/passed``.
    public mutating func check(
        _ segment: TCPSegmentSummary, fromClient: Bool, handshakePending: Bool = false
    ) -> TCPWindowCheck {
        // Each direction judged where it is held, by role, rather than copied out and back.
        if fromClient {
            return Self.check(
                segment, sender: &clientBounds, receiver: &serverBounds, handshakePending: handshakePending)
        }
        return Self.check(segment, sender: &serverBounds, receiver: &clientBounds, handshakePending: handshakePending)
    }

    /// ``check(_:fromClient:handshakePending:)`` for a segment with ACK and neither SYN nor RST after the handshake
    /// (header prediction's): once both directions have been seen, all that is left of the check is the bounds and
    /// their update; before, the whole check.
    ///
    /// - Parameters:
    ///   - segment: the segment's facts: ACK set, SYN and RST clear (an assertion).
    ///   - fromClient: whether the client sent it.
    /// - Returns: the first bound that failed, or ``TCPWindowCheck/passed``.
    @inline(__always)
    internal mutating func checkAcknowledgment(_ segment: TCPSegmentSummary, fromClient: Bool) -> TCPWindowCheck {
        let flags = segment.flags
        assert(flags.contains(.ack) && !flags.contains(.syn) && !flags.contains(.rst))
        guard clientBounds.isInitialized && serverBounds.isInitialized else {
            return check(segment, fromClient: fromClient, handshakePending: false)
        }
        if fromClient {
            return Self.applyBounds(
                segment, sequence: segment.sequenceNumber, end: segment.sequenceEnd,
                acknowledgment: segment.acknowledgmentNumber, sender: &clientBounds, receiver: &serverBounds)
        }
        return Self.applyBounds(
            segment, sequence: segment.sequenceNumber, end: segment.sequenceEnd,
            acknowledgment: segment.acknowledgmentNumber, sender: &serverBounds, receiver: &clientBounds)
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
    /// - Returns: the first bound that failed, or ``TCPWindowCheck/passed``.
    @inline(__always)
    private static func applyBounds(
        _ segment: TCPSegmentSummary, sequence: SequenceNumber, end: SequenceNumber, acknowledgment: SequenceNumber,
        sender: inout TCPWindowBounds, receiver: inout TCPWindowBounds
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
        let maximumAckWindow = sender.maximumWindow != 0 ? sender.maximumWindow : 66000
        guard sequence.isBefore(sender.maximumEnd + 1) else { return .sequenceAboveWindow }
        guard end.isAfter(sender.end - receiver.maximumWindow - 1) else { return .sequenceBelowWindow }
        guard selective.isBefore(receiver.end + 1) else { return .acknowledgmentAboveSent }
        guard selective.isAfter(receiver.end - maximumAckWindow - 1) else { return .acknowledgmentBelowWindow }
        if !flags.contains(.syn) { window <<= UInt32(sender.scale) }
        let senderWindow = window &+ (selective - acknowledgment)
        sender.maximumWindow = max(sender.maximumWindow, senderWindow)
        if end.isAfter(sender.end) { sender.end = end }
        if receiver.maximumWindow != 0 && end.isAfter(sender.maximumEnd) {
            receiver.maximumWindow &+= end - sender.maximumEnd
        }
        if (selective + window).isAfter(receiver.maximumEnd - 1) {
            receiver.maximumEnd = selective + window
            if window == 0 { receiver.maximumEnd += 1 }
        }
        return .passed
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
