import TCPCodec

/// One TCP endpoint as RFC 9293 section 3.10 describes it: its state and its send and receive variables, driven
/// by segments received, segments sent, user calls and the TIME-WAIT timeout.
///
/// Each input returns a ``TCPEndpointResult``: the new state, the verdict on the segment, what a conforming
/// endpoint would send (ACK, RST, challenge ACK, nothing...) and the rules broken. Beyond RFC 9293 it applies
/// RFC 5961 (RST exactly at RCV.NXT resets, in-window RST and any SYN in a synchronized state get a challenge ACK,
/// the ACK range SND.UNA - MAX.SND.WND =< SEG.ACK =< SND.NXT), RFC 7323 (window scaling, PAWS with TS.Recent and
/// its update rule, RST exempt, the SYN-SENT TSecr check) and RFC 6191 (TIME-WAIT reopened only by a higher ISN
/// or a newer timestamp).
///
/// The endpoint can be driven as a simulation (``handle(_:)`` then ``receive(_:)``) or fed what a capture shows
/// (``send(_:)`` for its own segments, ``receive(_:)`` for the peer's), as ``TCPFlowObserver`` does. When its own
/// segments are fed, they are the truth about its variables: an ACK it sends beyond the modelled RCV.NXT moves
/// RCV.NXT, and the window it sends sets RCV.WND. A value type of about 150 bytes; no input allocates.
///
/// Where Linux differs from the letter of RFC 9293, the model follows Linux: a RST also resets at RCV.NXT - 1 after
/// the peer's FIN and at the right edge of the highest SACK block sent (`tcp_validate_incoming`); PAWS lets a TSval
/// one tick old pass and a disordered pure ACK through (`tcp_paws_discard`), and does not call an old duplicate a
/// failure; a smaller window at the SEQ and ACK of the segment that set the window is not taken
/// (`tcp_may_update_window`), so two acknowledgments that overtook each other are no retraction; a RST/ACK in
/// SYN-SENT is checked against the TSvals of our SYNs before it may reset (`tcp_rcv_synsent_state_process`); a
/// segment with a TCP-MD5 or TCP-AO option is dropped when our SYN carried none (`tcp_inbound_hash`); LISTEN drops a
/// SYN that carries FIN. A segment beyond a window the receiver shrank but inside the furthest one it offered is
/// dropped without blaming the sender (RFC 9293 MUST-34).
///
/// Not modelled: the retransmission queue and timers, urgent data delivery, the 24-day TS.Recent expiry of RFC 7323
/// section 5.5, out-of-order reassembly (out-of-order data is acceptable but moves RCV.NXT only once the endpoint
/// acknowledges it).
@frozen
public struct TCPEndpoint: Hashable, Sendable {
    /// The connection state.
    public internal(set) var state: TCPState
    /// ISS: the initial send sequence number (valid once ``hasSentSYN``).
    public internal(set) var initialSendSequence: SequenceNumber
    /// IRS: the initial receive sequence number (valid once ``hasReceivedSYN``).
    public internal(set) var initialReceiveSequence: SequenceNumber
    /// SND.UNA: the oldest unacknowledged sequence number.
    public internal(set) var sendUnacknowledged: SequenceNumber
    /// SND.NXT: the next sequence number to send.
    public internal(set) var sendNext: SequenceNumber
    /// SND.WND: the peer's offered window, scaled.
    public internal(set) var sendWindow: UInt32
    /// SND.WL1: SEG.SEQ of the segment that last set the window.
    public internal(set) var sendWindowUpdateSequence: SequenceNumber
    /// SND.WL2: SEG.ACK of the segment that last set the window.
    public internal(set) var sendWindowUpdateAcknowledgment: SequenceNumber
    /// MAX.SND.WND: the largest window the peer has offered, scaled (RFC 5961 section 5.2).
    public internal(set) var maximumSendWindow: UInt32
    /// RCV.NXT: the next sequence number expected.
    public internal(set) var receiveNext: SequenceNumber
    /// RCV.WND: the window this endpoint offers, scaled.
    public internal(set) var receiveWindow: UInt32
    /// Window scaling, agreed from both SYNs (RFC 7323 section 2.2).
    public internal(set) var windowScaling: TCPWindowScaling
    /// The shift this endpoint's SYN carried, if any.
    public internal(set) var localWindowScale: UInt8?
    /// The shift the peer's SYN carried, if any.
    public internal(set) var peerWindowScale: UInt8?
    /// Whether this endpoint's SYN carried the timestamps option.
    public internal(set) var localTimestamps: Bool
    /// Whether the peer's SYN carried the timestamps option.
    public internal(set) var peerTimestamps: Bool
    /// TS.Recent: the timestamp to echo, and the PAWS reference (RFC 7323 section 4.3).
    public internal(set) var timestampRecent: UInt32
    /// Last.ACK.sent: the ACK field of the last segment sent (RFC 7323 section 4.3).
    public internal(set) var lastACKSent: SequenceNumber
    /// The first TSval this endpoint put on a SYN, if any (for the SYN-SENT TSecr check).
    public internal(set) var firstSYNTimestamp: UInt32?
    /// The last TSval this endpoint put on a SYN (meaningful when ``firstSYNTimestamp`` is set).
    public internal(set) var lastSYNTimestamp: UInt32
    /// Whether this endpoint has sent (or chosen) its SYN.
    public internal(set) var hasSentSYN: Bool
    /// Whether this endpoint has received the peer's SYN.
    public internal(set) var hasReceivedSYN: Bool
    /// Whether SYN-RECEIVED was entered from LISTEN (a RST then returns to LISTEN).
    public internal(set) var isPassive: Bool
    /// Whether this endpoint has sent its FIN, and its sequence number.
    public internal(set) var finSequence: SequenceNumber?
    /// The sequence number of a FIN received ahead of RCV.NXT, applied once RCV.NXT reaches it.
    public internal(set) var pendingFINSequence: SequenceNumber?
    /// Whether the endpoint was ever synchronized (segments to it in CLOSED are then late).
    public internal(set) var wasSynchronized: Bool
    /// Whether the endpoint was set up mid-stream, without seeing the handshake (window scale unknown).
    public internal(set) var isLoose: Bool
    /// ``sawLocalSYN``, ``localAuthentication``, ``handshakeInferred``, ``localFastOpen`` and whether
    /// ``latestPeerSYNSequence``, ``highestSACKSent``, ``highestOfferedEdge`` and ``unconfirmedFINSequence`` are set,
    /// one bit each (one byte instead of eight).
    @usableFromInline
    internal var observedBits: UInt8
    @usableFromInline
    internal var latestPeerSYNValue: SequenceNumber
    @usableFromInline
    internal var highestSACKSentValue: SequenceNumber
    @usableFromInline
    internal var highestOfferedEdgeValue: SequenceNumber
    @usableFromInline
    internal var unconfirmedFINValue: SequenceNumber
    /// The ISS of this endpoint's first SYN when it sent another SYN with a different ISN before its connection was
    /// synchronized (``TCPAnomaly/synResentWithDifferentISN``): the peer may have answered the earlier SYN (a SYN-ACK
    /// the capture did not hold), and its acknowledgments of that ISN are then no mistake of the peer's.
    public internal(set) var earlierInitialSendSequence: SequenceNumber?
    /// The TSval of the segment whose window is SND.WND (the last one `takeSendWindow` took), if it carried one: a
    /// later segment with an older TSval was sent before it, and its window moving the right edge left is the
    /// network's reordering, not a retraction.
    internal var sendWindowTimestamp: UInt32?
    /// The end of this endpoint's SYN (ISS + 1, past its data with Fast Open): what a SYN-ACK repeated after the
    /// handshake acknowledges.
    internal var localSYNEnd: SequenceNumber

    /// The window taken when the real one is unknown: loose pickup assumes the largest scaled window (2^30).
    public static let unknownWindow: UInt32 = 1 << 30

    /// An endpoint in a given state with nothing negotiated (CLOSED, or LISTEN for a server).
    ///
    /// - Parameters:
    ///   - state: ``TCPState/closed`` or ``TCPState/listen``.
    ///   - receiveWindow: the window the endpoint offers until its own segments say otherwise.
    public init(state: TCPState = .closed, receiveWindow: UInt32 = 65535) {
        let zero = SequenceNumber(0)
        self.state = state
        initialSendSequence = zero
        initialReceiveSequence = zero
        sendUnacknowledged = zero
        sendNext = zero
        sendWindow = 0
        sendWindowUpdateSequence = zero
        sendWindowUpdateAcknowledgment = zero
        maximumSendWindow = 0
        receiveNext = zero
        self.receiveWindow = receiveWindow
        windowScaling = .disabled
        localWindowScale = nil
        peerWindowScale = nil
        localTimestamps = false
        peerTimestamps = false
        timestampRecent = 0
        lastACKSent = zero
        firstSYNTimestamp = nil
        lastSYNTimestamp = 0
        hasSentSYN = false
        hasReceivedSYN = false
        isPassive = state == .listen
        finSequence = nil
        pendingFINSequence = nil
        wasSynchronized = false
        isLoose = false
        observedBits = 0
        latestPeerSYNValue = zero
        highestSACKSentValue = zero
        highestOfferedEdgeValue = zero
        unconfirmedFINValue = zero
        earlierInitialSendSequence = nil
        sendWindowTimestamp = nil
        localSYNEnd = zero
    }

    /// An endpoint picked up in the middle of a connection (ESTABLISHED), from what a capture shows.
    ///
    /// Window scaling is unknown, so windows are taken at their largest (``unknownWindow``); timestamps are
    /// checked only if both sides are seen using them afterwards.
    ///
    /// - Parameters:
    ///   - sendUnacknowledged: SND.UNA (the peer's last acknowledgment, or this endpoint's first sequence number).
    ///   - sendNext: SND.NXT (past the last byte seen from this endpoint).
    ///   - receiveNext: RCV.NXT (this endpoint's last acknowledgment).
    public init(midStreamSendUnacknowledged sendUnacknowledged: SequenceNumber, sendNext: SequenceNumber,
                receiveNext: SequenceNumber) {
        self.init(state: .established, receiveWindow: Self.unknownWindow)
        initialSendSequence = sendUnacknowledged - 1
        initialReceiveSequence = receiveNext - 1
        self.sendUnacknowledged = sendUnacknowledged
        self.sendNext = sendNext
        sendWindow = Self.unknownWindow
        maximumSendWindow = Self.unknownWindow
        sendWindowUpdateSequence = receiveNext - 1
        sendWindowUpdateAcknowledgment = sendUnacknowledged
        self.receiveNext = receiveNext
        lastACKSent = receiveNext
        hasSentSYN = true
        hasReceivedSYN = true
        wasSynchronized = true
        isLoose = true
    }

    /// Whether both SYNs carried timestamps, so that every non-RST segment must (RFC 7323 section 3.2).
    @inlinable
    public var timestampsEnabled: Bool { localTimestamps && peerTimestamps }

    /// Whether this endpoint's FIN has been acknowledged.
    @inlinable
    public var finAcknowledged: Bool {
        guard let finSequence else { return false }
        return (sendUnacknowledged - finSequence) >= 1 && (sendUnacknowledged - finSequence) < 0x8000_0000
    }

    // MARK: User calls and timeout

    /// Applies a user call (RFC 9293 sections 3.10.1, 3.10.4 and 3.10.5).
    ///
    /// - Parameter call: OPEN (active or passive), CLOSE or ABORT.
    /// - Returns: the new state and what the endpoint sends: ``TCPResponse/syn`` for an active open,
    ///   ``TCPResponse/fin`` for a close that sends one, ``TCPResponse/reset(sequenceNumber:)`` for an abort from a
    ///   synchronized state.
    public mutating func handle(_ call: TCPUserCall) -> TCPEndpointResult {
        let before = state
        var response = TCPResponse.none
        switch call {
        case .activeOpen(let iss):
            if state == .closed || state == .listen || state == .timeWait {
                self = TCPEndpoint(state: .closed, receiveWindow: receiveWindow)
                initialSendSequence = iss
                sendUnacknowledged = iss
                sendNext = iss + 1
                localSYNEnd = iss + 1
                hasSentSYN = true
                state = .synSent
                response = .syn
            }
        case .passiveOpen:
            if state == .closed {
                self = TCPEndpoint(state: .listen, receiveWindow: receiveWindow)
            }
        case .close:
            switch state {
            case .listen, .synSent:
                state = .closed
            case .synReceived, .established:
                queueFIN()
                state = .finWait1
                response = .fin
            case .closeWait:
                queueFIN()
                state = .lastAck
                response = .fin
            case .closed, .finWait1, .finWait2, .closing, .lastAck, .timeWait:
                break
            }
        case .abort:
            switch state {
            case .synReceived, .established, .finWait1, .finWait2, .closeWait:
                response = .reset(sequenceNumber: sendNext)
            case .closed, .listen, .synSent, .closing, .lastAck, .timeWait:
                break
            }
            state = .closed
        }
        return TCPEndpointResult(previousState: before, state: state, response: response)
    }

    /// The 2 MSL timer of TIME-WAIT expired: the connection is forgotten (RFC 9293 section 3.10.8).
    ///
    /// - Returns: CLOSED from TIME-WAIT; no change from any other state.
    public mutating func timeWaitTimeout() -> TCPEndpointResult {
        let before = state
        if state == .timeWait { state = .closed }
        return TCPEndpointResult(previousState: before, state: state)
    }

    /// Reserves a sequence number for our FIN at SND.NXT.
    internal mutating func queueFIN() {
        if finSequence == nil {
            finSequence = sendNext
            sendNext += 1
        }
    }

    /// Records the options of the peer's SYN (RFC 7323 sections 2.2 and 3.2).
    internal mutating func recordPeerSYN(_ segment: TCPSegmentSummary) {
        if segment.headerCutByCapture { isLoose = true }
        latestPeerSYNSequence = nil
        initialReceiveSequence = segment.sequenceNumber
        receiveNext = segment.sequenceNumber + 1
        hasReceivedSYN = true
        peerWindowScale = segment.windowScale
        peerTimestamps = segment.hasTimestamps
        if let value = segment.timestampValue { timestampRecent = value }
        agreeScaling()
    }

    /// Records the options of our own SYN.
    internal mutating func recordLocalSYN(_ segment: TCPSegmentSummary) {
        // A SYN whose header the capture cut lost its options: the window scale is unknown, windows are taken at
        // their largest.
        if segment.headerCutByCapture { isLoose = true }
        sawLocalSYN = true
        localAuthentication = segment.hasAuthenticationOption
        if segment.fastOpenCookieLength != nil || segment.payloadLength > 0 { localFastOpen = true }
        localWindowScale = segment.windowScale
        localTimestamps = segment.hasTimestamps
        if let value = segment.timestampValue {
            if firstSYNTimestamp == nil { firstSYNTimestamp = value }
            lastSYNTimestamp = value
        }
        agreeScaling()
    }

    internal mutating func agreeScaling() {
        windowScaling = TCPWindowScaling(localShift: localWindowScale, peerShift: peerWindowScale)
    }

    /// The largest window the peer can ever offer this endpoint, scaled: 65,535 shifted by the peer's window scale
    /// when its SYN was seen, the largest scaled window (``unknownWindow``) when it was not, and never less than the
    /// largest window seen (MAX.SND.WND).
    ///
    /// What this endpoint can have sent beyond SND.UNA is bounded by it (RFC 9293 section 3.8.6), so an
    /// acknowledgment within it may cover segments the capture missed, and one beyond it cannot.
    public var largestPeerWindow: UInt32 {
        let possible: UInt32
        if isLoose || !hasReceivedSYN || handshakeInferred {
            possible = Self.unknownWindow
        } else if let shift = peerWindowScale, localWindowScale != nil || !sawLocalSYN {
            possible = 65535 << UInt32(TCPWindowScaling.clamp(shift))
        } else {
            possible = 65535
        }
        return max(possible, maximumSendWindow)
    }

    /// The capture did not see segments this endpoint sent up to `end` (the peer acknowledged them): SND.NXT moves
    /// there, as if they had been seen.
    internal mutating func takeUnseenSent(upTo end: SequenceNumber) {
        if end.isAfter(sendNext) { sendNext = end }
    }

    /// The window a segment from the peer offers, scaled (a SYN's never is, RFC 7323 section 2.2); the largest
    /// (``unknownWindow``) when the scale is not known (a loose endpoint).
    @inline(__always)
    internal func peerWindow(of segment: TCPSegmentSummary) -> UInt32 {
        isLoose ? Self.unknownWindow
            : windowScaling.receivedWindow(segment.window, isSYN: segment.flags.contains(.syn))
    }

    /// The window a segment this endpoint sent offers, scaled as ``peerWindow(of:)`` is.
    @inline(__always)
    internal func offeredWindow(of segment: TCPSegmentSummary) -> UInt32 {
        isLoose ? Self.unknownWindow : windowScaling.sentWindow(segment.window, isSYN: segment.flags.contains(.syn))
    }

    /// An acceptable RST is taken: CLOSED, or LISTEN for a passive SYN-RECEIVED (RFC 9293 section 3.10.7.4,
    /// second check).
    internal mutating func takeReset() {
        state = state == .synReceived && isPassive ? .listen : .closed
    }

    /// Segments taken as sent but not captured were never sent (this endpoint's next segment started inside
    /// them): SND.NXT and SND.UNA go back to `start`, where they were, and so does SND.WL2 when the acknowledgment
    /// that set the window went beyond it (the window is kept, its right edge moved back with it), so that
    /// SND.WL2 =< SND.UNA still holds and a later acknowledgment is not judged against an edge its peer never
    /// offered.
    internal mutating func retractUnseenSent(to start: SequenceNumber) {
        if sendNext.isAfter(start) { sendNext = start }
        if sendUnacknowledged.isAfter(start) { sendUnacknowledged = start }
        if sendWindowUpdateAcknowledgment.isAfter(start) { sendWindowUpdateAcknowledgment = start }
    }

    /// This endpoint acknowledged bytes the peer never sent: RCV.NXT goes back to `start`, the peer's real SND.NXT.
    internal mutating func retractReceived(to start: SequenceNumber) {
        if receiveNext.isAfter(start) { receiveNext = start }
        if lastACKSent.isAfter(start) { lastACKSent = start }
    }

    /// The SYN-ACK was not captured, but this endpoint (in SYN-SENT) sent a segment acknowledging one: take the
    /// peer's ISN from the acknowledgment and enter ESTABLISHED with the windows unknown (the SYN-ACK's options
    /// were not seen). ``handshakeInferred`` records that a later SYN-ACK may disprove it.
    internal mutating func inferSynAckReceived(acknowledgment: SequenceNumber) {
        takeInferredPeerSYN(acknowledgment: acknowledgment)
        state = .established
        wasSynchronized = true
        markHandshakeInferred(peerSYNSeen: false)
    }

    /// A simultaneous open whose peer's SYN was not captured (RFC 9293 figure 7): this endpoint, in SYN-SENT, sent
    /// a SYN-ACK acknowledging it. Takes the peer's ISN from the acknowledgment and enters SYN-RECEIVED, with the
    /// windows unknown (the SYN's options were not seen); ``handshakeInferred`` records it.
    ///
    /// - Parameter acknowledgment: the SYN-ACK's acknowledgment number, the peer's ISN + 1.
    internal mutating func inferPeerSYNReceived(acknowledgment: SequenceNumber) {
        takeInferredPeerSYN(acknowledgment: acknowledgment)
        state = .synReceived
        markHandshakeInferred(peerSYNSeen: false)
    }

    /// The same open from the other side (``inferPeerSYNReceived(acknowledgment:)``): this endpoint, in
    /// SYN-RECEIVED from the peer's SYN, had sent a SYN of its own that the capture did not hold. Takes its ISS
    /// from the peer's acknowledgment and becomes an active opener, with the windows unknown.
    ///
    /// - Parameter acknowledgment: the peer's SYN-ACK's acknowledgment number, this endpoint's ISS + 1.
    internal mutating func inferOwnSYNSent(acknowledgment: SequenceNumber) {
        takeInferredOwnSYN(acknowledgment: acknowledgment)
        isPassive = false
        markHandshakeInferred(peerSYNSeen: true)
    }

    /// The peer's SYN, not captured, from an acknowledgment of it: IRS, RCV.NXT and Last.ACK.sent.
    ///
    /// - Parameter acknowledgment: the acknowledgment of the SYN, the peer's ISN + 1.
    internal mutating func takeInferredPeerSYN(acknowledgment: SequenceNumber) {
        initialReceiveSequence = acknowledgment - 1
        receiveNext = acknowledgment
        lastACKSent = acknowledgment
        hasReceivedSYN = true
    }

    /// This endpoint's SYN (or SYN-ACK), not captured, from the peer's acknowledgment of it: ISS, SND.UNA (the SYN
    /// not yet acknowledged as far as this endpoint knows) and SND.NXT.
    ///
    /// - Parameter acknowledgment: the peer's acknowledgment of the SYN, this endpoint's ISS + 1.
    internal mutating func takeInferredOwnSYN(acknowledgment: SequenceNumber) {
        initialSendSequence = acknowledgment - 1
        sendUnacknowledged = initialSendSequence
        sendNext = acknowledgment
        hasSentSYN = true
    }

    /// A handshake taken from acknowledgments rather than SYNs: ``handshakeInferred`` set, and, a SYN's options
    /// unseen (whether window scaling was agreed, and the shifts), the windows taken at their largest: the one this
    /// endpoint offers, and the peer's unless its SYN was seen (a SYN's window is never scaled, so that one holds
    /// until the peer's next segment, whose window is then taken at its largest as the endpoint is loose).
    ///
    /// - Parameter peerSYNSeen: whether the peer's SYN was captured, its window taken.
    internal mutating func markHandshakeInferred(peerSYNSeen: Bool) {
        handshakeInferred = true
        isLoose = true
        receiveWindow = Self.unknownWindow
        if !peerSYNSeen {
            sendWindow = Self.unknownWindow
            maximumSendWindow = Self.unknownWindow
        }
    }

    /// Undoes an inferred handshake that a SYN-ACK disproved: back to SYN-SENT (an active opener) or SYN-RECEIVED
    /// (a passive one), with what the inference took from the bogus acknowledgment forgotten.
    internal mutating func retractInferredHandshake() {
        guard handshakeInferred else { return }
        handshakeInferred = false
        isLoose = false
        pendingFINSequence = nil
        finSequence = nil
        if !sawLocalSYN {
            // Passive: our ISS was inferred from the peer's acknowledgment; the peer's SYN was real, and took us
            // from LISTEN (a simultaneous open's inference had made us an active opener).
            state = .synReceived
            isPassive = true
            hasSentSYN = false
            receiveNext = initialReceiveSequence + 1
            lastACKSent = receiveNext
        } else {
            // Active: the peer's SYN-ACK was inferred.
            state = .synSent
            hasReceivedSYN = false
            receiveNext = SequenceNumber(0)
            sendNext = initialSendSequence + 1
            sendUnacknowledged = initialSendSequence
        }
        receiveWindow = Self.unknownWindow
    }
}

extension TCPEndpoint {
    @inlinable @inline(__always)
    internal func bit(_ mask: UInt8) -> Bool { observedBits & mask != 0 }

    @inlinable @inline(__always)
    internal mutating func setBit(_ mask: UInt8, _ value: Bool) {
        observedBits = value ? observedBits | mask : observedBits & ~mask
    }

    /// Whether this endpoint's own SYN (or SYN-ACK) was seen, so that its options are known; `false` when its
    /// ISS was only inferred from the peer's acknowledgment.
    public internal(set) var sawLocalSYN: Bool {
        @inline(__always) get { bit(1) }
        @inline(__always) set { setBit(1, newValue) }
    }

    /// Whether this endpoint's SYN carried a TCP-MD5 or TCP-AO option (it has a key for the peer).
    public internal(set) var localAuthentication: Bool {
        @inline(__always) get { bit(2) }
        @inline(__always) set { setBit(2, newValue) }
    }

    /// Whether a SYN of this endpoint's used TCP Fast Open: it carried a Fast Open option (a cookie, or a request
    /// for one) or data (RFC 7413). Linux takes data and a FIN on the SYN-ACK that answers only such a SYN.
    public internal(set) var localFastOpen: Bool {
        @inline(__always) get { bit(128) }
        @inline(__always) set { setBit(128, newValue) }
    }

    /// Whether the handshake was inferred rather than seen: this endpoint's ISS (or the peer's ISN) was taken from
    /// an acknowledgment because the SYN-ACK was not captured. A later SYN-ACK confirms or disproves it.
    public internal(set) var handshakeInferred: Bool {
        @inline(__always) get { bit(4) }
        @inline(__always) set { setBit(4, newValue) }
    }

    /// The ISN of the latest SYN received, when it differs from ``initialReceiveSequence`` (a SYN sent again with a
    /// new ISN): our SYN-ACK acknowledging it moves IRS there.
    public internal(set) var latestPeerSYNSequence: SequenceNumber? {
        @inline(__always) get { bit(8) ? latestPeerSYNValue : nil }
        set {
            setBit(8, newValue != nil)
            latestPeerSYNValue = newValue ?? SequenceNumber(0)
        }
    }

    /// The right edge of the highest SACK block this endpoint last sent, if its last ACK carried SACK blocks
    /// (Linux accepts a RST at that sequence number, `tcp_validate_incoming`).
    public internal(set) var highestSACKSent: SequenceNumber? {
        @inline(__always) get { bit(16) ? highestSACKSentValue : nil }
        set {
            setBit(16, newValue != nil)
            highestSACKSentValue = newValue ?? SequenceNumber(0)
        }
    }

    /// A FIN the capture showed beyond this endpoint's modelled window after a gap: applied only when this
    /// endpoint's own acknowledgment covers it (it may never have taken it).
    public internal(set) var unconfirmedFINSequence: SequenceNumber? {
        @inline(__always) get { bit(64) ? unconfirmedFINValue : nil }
        @inline(__always) set {
            setBit(64, newValue != nil)
            unconfirmedFINValue = newValue ?? SequenceNumber(0)
        }
    }

    /// The right edge of the furthest window this endpoint has offered (its acknowledgment plus its window): a
    /// receiver that shrank its window later (RFC 9293 SHLD-14) may drop what lies beyond the new edge, but the
    /// sender that used the old one did nothing wrong (MUST-34).
    public internal(set) var highestOfferedEdge: SequenceNumber? {
        @inline(__always) get { bit(32) ? highestOfferedEdgeValue : nil }
        set {
            setBit(32, newValue != nil)
            highestOfferedEdgeValue = newValue ?? SequenceNumber(0)
        }
    }
}
