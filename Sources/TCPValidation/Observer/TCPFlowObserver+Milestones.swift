extension TCPFlowObserver.FlowState {
    /// Records the milestones a judged segment reaches: the client's SYN and the server's SYN-ACK (with their ECN
    /// signals), a FIN the receiver did not refuse, a reset; and takes back the establishment of a handshake that
    /// the segment disproved.
    ///
    /// - Parameters:
    ///   - segment: the segment.
    ///   - fromClient: whether the client sent it.
    ///   - judgment: what judging it found (whether the receiver refused it as a control segment, the sender's
    ///     state before it).
    ///   - observation: the observation so far (its ECN signal, verdict and earlier anomaly).
    ///   - time: the capture time in nanoseconds.
    @inline(__always)
    mutating func noteMilestones(
        of segment: TCPSegmentSummary, fromClient: Bool, judgment: TCPFlowObserver.Judgment,
        observation: TCPObservation, time: UInt64
    ) {
        let flags = segment.flags
        // A SYN-ACK with another ISN than the one an earlier acknowledgment implied: that handshake never was.
        if observation.earlierAnomaly == .dataBeforeSynAck { record.milestones.established = nil }
        if flags.contains(.syn) && !flags.contains(.ack) && fromClient && record.milestones.syn == nil {
            record.milestones.syn = time
            record.synECN = observation.ecn
        }
        if flags.contains(.syn) && flags.contains(.ack) && !fromClient && record.milestones.synAck == nil {
            record.milestones.synAck = time
            record.synAckECN = observation.ecn
        }
        if flags.contains(.fin) && !judgment.refusedControl {
            if fromClient {
                record.milestones.clientFIN = record.milestones.clientFIN ?? time
            } else {
                record.milestones.serverFIN = record.milestones.serverFIN ?? time
            }
        }
        if observation.verdict == .connectionReset
            || (flags.contains(.rst) && !judgment.refusedControl && judgment.senderBefore != .closed)
        {
            record.milestones.reset = record.milestones.reset ?? time
        }
    }

    /// Records the milestones that follow from the states after any segment: the last segment's time, the
    /// establishment (both sides synchronized past SYN-RECEIVED, on a flow whose handshake was seen), the close
    /// (both sides gone, after a connection or a reset, or a SYN that was refused).
    ///
    /// - Parameter time: the capture time in nanoseconds.
    @inline(__always)
    mutating func noteStateMilestones(at time: UInt64) {
        record.milestones.lastSeen = time
        let clientState = record.clientEndpoint.state
        let serverState = record.serverEndpoint.state
        if record.milestones.established == nil && !record.isMidStream
            && clientState.isSynchronized && clientState != .synReceived
            && serverState.isSynchronized && serverState != .synReceived
        {
            record.milestones.established = time
        }
        if record.milestones.closed == nil && TCPFlowRecord.isGone(clientState) && TCPFlowRecord.isGone(serverState)
            && (record.clientEndpoint.wasSynchronized || record.serverEndpoint.wasSynchronized
                || record.milestones.reset != nil || clientState == .closed && record.milestones.syn != nil)
        {
            record.milestones.closed = time
        }
    }
}
