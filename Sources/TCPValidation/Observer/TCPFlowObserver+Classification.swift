import TCPCodec

extension TCPFlowObserver {
    /// Recognises a segment's roles, read before the endpoint models move: a keep-alive, a zero-window probe, a
    /// retransmission (and one of bytes already acknowledged), a duplicate ACK, a window update, an RFC 5961
    /// challenge ACK; and the handshake segments sent the wrong way (Suricata's 3whs direction events).
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - fromClient: whether the client sent it.
    ///   - sender: the sender's model.
    ///   - receiver: the receiver's model.
    ///   - receiverBefore: the receiver's state before the segment.
    ///   - senderSeen: what was seen from the sender (its pending challenge is taken).
    ///   - receiverSeen: what was seen from the receiver.
    ///   - observation: gets the traits and anomalies.
    @inline(__always)
    static func classify(
        _ segment: TCPSegmentSummary, fromClient: Bool, sender: TCPEndpoint, receiver: TCPEndpoint,
        receiverBefore: TCPState, senderSeen: inout SideSeen, receiverSeen: SideSeen,
        observation: inout TCPObservation
    ) {
        let flags = segment.flags
        let payload = segment.payloadLength
        let controlFree = !flags.contains(.syn) && !flags.contains(.fin) && !flags.contains(.rst)
        let pureACK = controlFree && payload == 0 && flags.contains(.ack)
        var isKeepAlive = false
        if sender.hasSentSYN && sender.state.isSynchronized {
            // Not while the receiver awaits the handshake's ACK: at SND.NXT - 1 = ISN that ACK has the wrong seq.
            if controlFree && flags.contains(.ack) && payload <= 1
                && segment.sequenceNumber == sender.sendNext - 1
                && receiverBefore != .synReceived
            {
                isKeepAlive = true
                observation.traits.insert(.keepAlive)
            } else if payload >= 1 && segment.sequenceNumber == sender.sendNext
                && receiver.receiveWindow == 0
                && receiver.state.isSynchronized && receiverSeen.hasACK && receiverSeen.lastWindow == 0
            {
                observation.traits.insert(.zeroWindowProbe)
            }
        }
        if !isKeepAlive && sender.hasSentSYN && segment.sequenceLength > 0
            && segment.sequenceNumber.isBefore(sender.sendNext)
        {
            observation.traits.insert(.retransmission)
            if payload > 0 && receiverSeen.hasACK && !flags.contains(.syn)
                && !(segment.sequenceNumber + payload).isAfter(receiverSeen.lastACK)
            {
                observation.anomalies.insert(.beforeLastACK)
            }
        }
        if pureACK && !isKeepAlive && senderSeen.hasACK && senderSeen.lastACK == segment.acknowledgmentNumber {
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

        // Direction of handshake segments (Suricata's 3whs direction events).
        if flags.contains(.syn) && flags.contains(.ack) && fromClient && !sender.hasReceivedSYN {
            observation.anomalies.insert(.synAckWrongDirection)
        }
        if flags.contains(.syn) && !flags.contains(.ack) && !fromClient && sender.state == .synReceived
            && sender.isPassive && sender.hasSentSYN
        {
            observation.anomalies.insert(.synWrongDirection)
        }
    }
}
