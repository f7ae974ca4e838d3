import TCPCodec

// Recognising a segment's roles, read before the endpoint models move: a keep-alive, a zero-window probe, a
// retransmission (and one of bytes already acknowledged), a duplicate ACK, a window update, an RFC 5961 challenge
// ACK, the reset of an endpoint that closed for reading; and the handshake segments sent the wrong way. Small
// functions rather than one, each inlined where ``TCPFlowObserver`` judges a segment by role (the compiler honours
// `@inline(__always)` on small functions only).
extension TCPFlowObserver {
    /// Recognises a keep-alive (a segment at SND.NXT - 1 with at most one byte) or a zero-window probe (data at
    /// SND.NXT while the receiver's window is zero, or a keep-alive while it is: Linux's probe), from a sender whose
    /// connection is synchronized.
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - sender: the sender's model.
    ///   - receiver: the receiver's model.
    ///   - receiverBefore: the receiver's state before the segment.
    ///   - receiverSeen: what was seen from the receiver.
    ///   - observation: gets ``TCPSegmentTraits/keepAlive`` or ``TCPSegmentTraits/zeroWindowProbe``.
    /// - Returns: whether the segment is a keep-alive.
    @inline(__always)
    static func classifyProbe(
        _ segment: TCPSegmentSummary, sender: TCPEndpoint, receiver: TCPEndpoint, receiverBefore: TCPState,
        receiverSeen: SideSeen, observation: inout TCPObservation
    ) -> Bool {
        guard sender.hasSentSYN && sender.state.isSynchronized else { return false }
        let flags = segment.flags
        let payload = segment.payloadLength
        // Not while the receiver awaits the handshake's ACK: at SND.NXT - 1 = ISN that ACK has the wrong seq.
        if !flags.contains(.syn) && !flags.contains(.fin) && !flags.contains(.rst) && flags.contains(.ack)
            && payload <= 1 && segment.sequenceNumber == sender.sendNext - 1 && receiverBefore != .synReceived
        {
            observation.traits.insert(.keepAlive)
            // Linux probes a zero window with this same segment (tcp_write_wakeup sends SND.UNA - 1 without data,
            // as its keep-alive timer does): while the receiver's last window was zero, it is that probe too.
            if receiverSeen.hasACK && receiverSeen.lastWindow == 0 && receiver.state.isSynchronized {
                observation.traits.insert(.zeroWindowProbe)
            }
            return true
        }
        // New data into a zero window, at its edge (RCV.NXT): what follows a probe in the same burst starts past the
        // edge and is no probe, but data sent into a window the capture did not see opened, or past the window
        // (`linux-nots-slow-reader.pcap` with the window update that ended a zero window not captured: two full
        // segments at once).
        if payload >= 1 && segment.sequenceNumber == sender.sendNext && receiver.receiveWindow == 0
            && segment.sequenceNumber == receiver.receiveNext
            && receiver.state.isSynchronized && receiverSeen.hasACK && receiverSeen.lastWindow == 0
        {
            observation.traits.insert(.zeroWindowProbe)
        }
        return false
    }

    /// Recognises a retransmission (sequence space before SND.NXT, not a keep-alive), and flags one whose data the
    /// receiver had already acknowledged (``TCPAnomaly/beforeLastACK``).
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - isKeepAlive: whether it is a keep-alive.
    ///   - sender: the sender's model.
    ///   - receiverSeen: what was seen from the receiver.
    ///   - observation: gets ``TCPSegmentTraits/retransmission`` and the anomaly.
    @inline(__always)
    static func classifyRetransmission(
        _ segment: TCPSegmentSummary, isKeepAlive: Bool, sender: TCPEndpoint, receiverSeen: SideSeen,
        observation: inout TCPObservation
    ) {
        guard !isKeepAlive && sender.hasSentSYN && segment.sequenceLength > 0
            && segment.sequenceNumber.isBefore(sender.sendNext)
        else { return }
        observation.traits.insert(.retransmission)
        let payload = segment.payloadLength
        if payload > 0 && receiverSeen.hasACK && !segment.flags.contains(.syn)
            && !(segment.sequenceNumber + payload).isAfter(receiverSeen.lastACK)
        {
            observation.anomalies.insert(.beforeLastACK)
        }
    }

    /// Recognises what a pure ACK repeats: the sender's last acknowledgment again is an RFC 5961 challenge ACK
    /// (when one is pending and it acknowledges RCV.NXT), a duplicate ACK (same window) or a window update; a
    /// challenge ACK may also move the acknowledgment. Takes the sender's pending challenge.
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - isKeepAlive: whether it is a keep-alive.
    ///   - sender: the sender's model.
    ///   - senderSeen: what was seen from the sender.
    ///   - observation: gets ``TCPSegmentTraits/challengeACK``, ``TCPSegmentTraits/duplicateACK`` or
    ///     ``TCPSegmentTraits/windowUpdate``.
    @inline(__always)
    static func classifyAcknowledgment(
        _ segment: TCPSegmentSummary, isKeepAlive: Bool, sender: TCPEndpoint, senderSeen: inout SideSeen,
        observation: inout TCPObservation
    ) {
        let flags = segment.flags
        let pureACK = !flags.contains(.syn) && !flags.contains(.fin) && !flags.contains(.rst)
            && segment.payloadLength == 0 && flags.contains(.ack)
        if pureACK && !isKeepAlive && senderSeen.repeatsAcknowledgment(of: segment) {
            if senderSeen.challengePending && segment.acknowledgmentNumber == sender.receiveNext {
                observation.traits.insert(.challengeACK)
            } else if senderSeen.lastWindow == segment.window {
                observation.traits.insert(.duplicateACK)
            } else {
                observation.traits.insert(.windowUpdate)
            }
        } else if pureACK && senderSeen.challengePending && segment.acknowledgmentNumber == sender.receiveNext {
            observation.traits.insert(.challengeACK)
        }
        senderSeen.challengePending = false
    }

    /// Recognises the RST of an endpoint that closed for reading too, answering data that came after its FIN
    /// (``TCPSegmentTraits/resetOnDataAfterClose``): a RST from FIN-WAIT-1 or FIN-WAIT-2 at the acknowledgment number
    /// of the peer's last segment, while the endpoint's model holds bytes received beyond the endpoint's own last
    /// acknowledgment (its FIN's or a later one). Linux sends it at once from `tcp_rcv_state_process` (FIN-WAIT-1,
    /// FIN-WAIT-2) or its FIN-WAIT-2 time-wait socket, at the offending segment's SEG.ACK (`linux-oracle.pcap`,
    /// probes fin-wait-1-data and fin-wait-2-data).
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - sender: the sender's model, before the segment.
    ///   - senderSeen: what was seen from the sender.
    ///   - receiverSeen: what was seen from the receiver.
    ///   - observation: gets ``TCPSegmentTraits/resetOnDataAfterClose``.
    @inline(__always)
    static func classifyReset(
        _ segment: TCPSegmentSummary, sender: TCPEndpoint, senderSeen: SideSeen, receiverSeen: SideSeen,
        observation: inout TCPObservation
    ) {
        guard segment.flags.contains(.rst), sender.state == .finWait1 || sender.state == .finWait2,
            senderSeen.hasACK, senderSeen.lastACK.isBefore(sender.receiveNext), receiverSeen.hasACK,
            segment.sequenceNumber == receiverSeen.lastACK
        else { return }
        observation.traits.insert(.resetOnDataAfterClose)
    }

    /// Flags handshake segments sent the wrong way (Suricata's 3whs direction events): a SYN-ACK from the client
    /// that received no SYN, a SYN from the server that is waiting in SYN-RECEIVED.
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - fromClient: whether the client sent it.
    ///   - sender: the sender's model.
    ///   - observation: gets ``TCPAnomaly/synAckWrongDirection`` or ``TCPAnomaly/synWrongDirection``.
    @inline(__always)
    static func checkHandshakeDirection(
        _ segment: TCPSegmentSummary, fromClient: Bool, sender: TCPEndpoint, observation: inout TCPObservation
    ) {
        let flags = segment.flags
        guard flags.contains(.syn) else { return }
        if flags.contains(.ack) && fromClient && !sender.hasReceivedSYN {
            observation.anomalies.insert(.synAckWrongDirection)
        }
        if !flags.contains(.ack) && !fromClient && sender.state == .synReceived && sender.isPassive
            && sender.hasSentSYN
        {
            observation.anomalies.insert(.synWrongDirection)
        }
    }
}
