import TCPCodec

/// Watches TCP segments of both directions, as a capture or a middlebox sees them, and judges each one.
///
/// Each flow (keyed by its 4-tuple, either direction) gets two ``TCPEndpoint`` models, one per side, and a model of
/// Linux's connection tracking (``TCPWindowTracker``: its state table and window tracking, whose verdict each
/// observation carries in ``TCPObservation/windowCheck``). A segment is recorded as sent by one side and received by
/// the other: the receiver's model decides the verdict and the stateful anomalies, the stateless rules
/// (``TCPSegmentRules``) add theirs, and the observer recognises retransmissions, keep-alives, zero-window probes,
/// duplicate ACKs, window updates and RFC 5961 challenge ACKs (``TCPSegmentTraits``). A segment the receiver drops
/// as a RST, a FIN or a SYN on a synchronized connection changes neither side's state, so an injected RST
/// answered by a challenge ACK leaves the connection as it was.
///
/// Flows whose handshake was not seen are picked up in a loose mode that says so (``TCPSegmentTraits/midStream``,
/// ``TCPFlowRecord/isMidStream``, ``TCPAnomaly/midStreamPickup``): once both directions have been seen, both
/// endpoints start ESTABLISHED with windows taken at their largest; conntrack's bounds are then not reported as
/// anomalies: conntrack is liberal on picked-up connections, and ``TCPObservation/windowCheck`` says
/// ``TCPWindowCheck/liberal`` where they fail.
///
/// What the capture could not see is named apart from what an endpoint did wrong (``TCPAnomalySeverity/capture``):
/// a segment past the last byte captured from its sender (``TCPAnomaly/previousSegmentNotCaptured``), an
/// acknowledgment of bytes never captured (``TCPAnomaly/ackOfUnseenSegment``, proved bogus after the fact by the
/// acknowledged side's next segment, reported through ``TCPObservation/earlierAnomaly``), a missed window update, a
/// header cut by the snapshot length, one direction only. Once a flow's capture has shown that it misses segments,
/// what lies beyond the modelled windows is taken as unseen rather than as a violation. Evasion is resisted by
/// judging as the receiving stack would: a RST/ACK in SYN-SENT echoing a TSval never sent, a TCP-MD5 or TCP-AO
/// option on a connection without one, data sent in SYN-SENT that a later SYN-ACK disproves
/// (``TCPAnomaly/dataBeforeSynAck``) change no state. Flows are keyed by a ``TCPFlowKey``: their endpoints and a
/// ``TCPFlowContext`` (VLAN tags, a tunnel).
///
/// Memory is bounded: the table holds at most ``Configuration/capacity`` flows (open addressing with linear probing
/// over a slab of slots, keyed by ``TCPFlowKey/hash(seed:)`` with a seed random per process). The slab starts at 64
/// flows and doubles as flows arrive, up to the capacity, so memory follows the flows held at once rather than the
/// capacity configured (about 700 bytes a flow). On Linux a slab of several megabytes is advised for transparent
/// huge pages, so that its random reads do not also miss the processor's translation buffer. When it is full a new
/// flow takes the place of a closed flow, else of a half-open one (so a SYN flood only churns half-open flows), else
/// of one idle for longer than ``Configuration/idleTimeout``; if none is found the segment is not tracked.
/// Observing a segment of a known flow allocates nothing. Timestamps are the caller's, in nanoseconds on any clock
/// that does not go backwards.
///
/// The common case is judged by header prediction, as Linux's `tcp_rcv_established` does (after Van Jacobson): a
/// segment of an established flow that is the next in sequence both ways (SEG.SEQ = SND.NXT = RCV.NXT, the data in
/// the window, an acceptable ACK that goes back behind nothing, PAWS passed; RFC 9293 section 3.10.7.4 reduced to
/// that case), with the flags ACK or PSH|ACK, no role to recognise and nothing pending, takes a short path that
/// makes exactly the full path's changes with the same functions; every other segment takes the full path. The
/// observations, flows and statistics are the same either way.
public struct TCPFlowObserver: Sendable {
    /// How the observer behaves.
    public struct Configuration: Hashable, Sendable {
        /// The most flows held at once; the table grows to this many as flows arrive.
        public var capacity: Int
        /// A flow with no segment for this long (nanoseconds) may be evicted.
        public var idleTimeout: UInt64
        /// A closed flow is kept this long (nanoseconds) by ``TCPFlowObserver/expire(now:retired:)``: 2 MSL.
        public var closedTimeout: UInt64
        /// Which flag combinations the stateless rules accept.
        public var flagProfile: TCPFlagProfile
        /// Whether flows whose handshake was not seen are picked up (loose mode).
        public var midStreamPickup: Bool
        /// How many flows are looked at when a victim is needed in a full table.
        public var evictionSampleSize: Int

        /// The defaults: 16,384 flows, 10 minutes idle, 2 minutes after close, conntrack flags, mid-stream pickup.
        ///
        /// - Parameters:
        ///   - capacity: the most flows held at once (at least 1).
        ///   - idleTimeout: nanoseconds of silence after which a flow may be evicted.
        ///   - closedTimeout: nanoseconds a closed flow is kept by `expire`.
        ///   - flagProfile: the flag profile of the stateless rules.
        ///   - midStreamPickup: whether to pick up flows mid-stream.
        ///   - evictionSampleSize: flows looked at for a victim when the table is full.
        public init(
            capacity: Int = 16384, idleTimeout: UInt64 = 600_000_000_000, closedTimeout: UInt64 = 120_000_000_000,
            flagProfile: TCPFlagProfile = .conntrack, midStreamPickup: Bool = true, evictionSampleSize: Int = 32
        ) {
            self.capacity = max(1, capacity)
            self.idleTimeout = idleTimeout
            self.closedTimeout = closedTimeout
            self.flagProfile = flagProfile
            self.midStreamPickup = midStreamPickup
            self.evictionSampleSize = max(1, evictionSampleSize)
        }
    }

    /// The configuration in use.
    public let configuration: Configuration
    /// Running totals.
    public private(set) var statistics = TCPObserverStatistics()

    /// The flow that the most recent `observe` call pushed out of the table (evicted for room, or a closed flow
    /// whose 4-tuple was reused), or `nil` if it retired none.
    ///
    /// ``TCPObservation/retiredFlow`` says whether there is one; the record stays here until the next segment is
    /// observed (``expire(now:retired:)`` hands its flows to its closure instead and leaves this as it was).
    public var lastRetiredFlow: TCPFlowRecord? { hasRetiredFlow ? table.retiredRecord : nil }
    /// Whether the most recent `observe` call retired a flow.
    private var hasRetiredFlow = false

    /// The flows, each in a slot (see ``TCPFlowTable``).
    private var table: TCPFlowTable
    private var nextID: UInt64 = 1

    /// Whether a segment that header prediction allows takes the short path (on by default). The observations,
    /// flows and statistics are the same either way; tests turn it off to check that they are.
    internal var usesHeaderPrediction = true
    /// How many segments took the header prediction's short path.
    internal private(set) var predictedSegments: UInt64 = 0

    /// The largest capacity an observer takes: 2^24 flows. A larger configured capacity is lowered to it.
    public static let maximumCapacity = TCPFlowTable.maximumCapacity

    /// Creates an observer with an empty table (memory for 64 flows, growing by doubling up to the capacity).
    ///
    /// The capacity is brought into `1 ... maximumCapacity` and the eviction sample size into `1 ... capacity`, so
    /// that the table's size and its arithmetic stay within bounds whatever the configuration says.
    ///
    /// - Parameter configuration: capacity, timeouts, flag profile and pickup mode.
    public init(configuration: Configuration = Configuration()) {
        var configuration = configuration
        configuration.capacity = min(max(1, configuration.capacity), Self.maximumCapacity)
        configuration.evictionSampleSize = min(max(1, configuration.evictionSampleSize), configuration.capacity)
        self.configuration = configuration
        let placeholder = TCPFlowEndpoint(address: IPAddress(ipv4: 0), port: 0)
        table = TCPFlowTable(
            capacity: configuration.capacity, seed: .randomPerProcess, placeholder: FlowState(placeholder: placeholder))
    }

    /// The number of flows held.
    public var count: Int { table.count }

    /// The flows the table has memory for so far (it grows by doubling as flows arrive, up to the capacity).
    internal var allocatedFlowSlots: Int { table.allocatedSlots }

    /// Takes the next flow ID for a flow kept outside the table (a report's segments that belong to no tracked
    /// flow), so that IDs stay unique and in order of creation across both.
    ///
    /// - Returns: an ID no flow of this observer has or will have.
    public mutating func takeFlowID() -> UInt64 {
        defer { nextID += 1 }
        return nextID
    }

    // MARK: Observing

    /// Judges one segment and updates its flow.
    ///
    /// - Parameters:
    ///   - segment: the TCP segment (header and payload, without link-layer padding), strict or lenient.
    ///   - source: the source IP address.
    ///   - destination: the destination IP address.
    ///   - time: the capture time in nanoseconds.
    ///   - payloadLength: the payload length on the wire when the capture's snapshot length cut the segment short
    ///     (IP length minus IP and TCP headers); `nil` takes the payload the view holds. Give it whenever it is
    ///     known: a header cut by the snapshot length is then told from a malformed one.
    ///   - checksumIsValid: whether the segment's checksum is right (`nil`: not checked, or not computable). A wrong
    ///     one from a side whose checksums were right before is ``TCPAnomaly/badChecksum``: dropped, no state moves;
    ///     from a side whose checksums were all wrong, checksum offload on the capturing host
    ///     (``TCPAnomaly/checksumOffload``), judged as if right.
    ///   - context: what separates flows besides the endpoints (the frame's VLAN tags, its tunnel); flows with
    ///     different contexts are different flows.
    ///   - reference: the caller's name for the segment (a frame number, say), handed back in
    ///     ``TCPObservation/earlierReference`` when a later segment proves something of this one.
    /// - Returns: the flow, direction, anomalies, recognised roles, verdict and states after the segment.
    public mutating func observe(
        _ segment: TCPSegmentView, from source: IPAddress, to destination: IPAddress, at time: UInt64,
        payloadLength: Int? = nil, checksumIsValid: Bool? = nil, context: TCPFlowContext = .none,
        reference: UInt64 = 0
    ) -> TCPObservation {
        // As `observe(TCPSegmentRules.judge(...), ...)`, without building the verdict only to take it apart.
        var anomalies = TCPAnomalySet()
        let summary = TCPSegmentRules.summarize(
            segment, profile: configuration.flagProfile, payloadLength: payloadLength, anomalies: &anomalies)
        var observation = TCPObservation(ecn: TCPECNSignal(flags: summary.flags), anomalies: anomalies)
        observe(
            summary, from: TCPFlowEndpoint(address: source, port: segment.sourcePort),
            to: TCPFlowEndpoint(address: destination, port: segment.destinationPort), at: time,
            checksumIsValid: checksumIsValid, context: context, reference: reference, observation: &observation)
        return observation
    }

    /// Updates a flow with a segment already judged by ``TCPSegmentRules/judge(_:profile:payloadLength:)`` (or
    /// built by hand).
    ///
    /// - Parameters:
    ///   - verdict: the stateless verdict (its summary and anomalies).
    ///   - source: the sending address and port.
    ///   - destination: the receiving address and port.
    ///   - time: the capture time in nanoseconds.
    ///   - checksumIsValid: whether the segment's checksum is right, `nil` when not checked (see the other
    ///     `observe`).
    ///   - context: what separates flows besides the endpoints (VLAN tags, a tunnel).
    ///   - reference: the caller's name for the segment, handed back in ``TCPObservation/earlierReference``.
    /// - Returns: the observation.
    public mutating func observe(
        _ verdict: TCPSegmentVerdict, from source: TCPFlowEndpoint, to destination: TCPFlowEndpoint, at time: UInt64,
        checksumIsValid: Bool? = nil, context: TCPFlowContext = .none, reference: UInt64 = 0
    ) -> TCPObservation {
        var observation = TCPObservation(ecn: verdict.ecn, anomalies: verdict.anomalies)
        observe(
            verdict.summary, from: source, to: destination, at: time, checksumIsValid: checksumIsValid,
            context: context, reference: reference, observation: &observation)
        return observation
    }

    /// Both `observe` methods: updates a flow with a segment's summary, completing the observation that holds its
    /// stateless anomalies and ECN signal.
    ///
    /// Inlined into each, so that the observation is built where the caller returns it rather than copied out:
    /// `@_transparent` (inlined before optimization), as the optimizer left a call under `@inline(__always)` once
    /// the lookup grew, and a call here costs some 40 instructions per segment in moving the summary and the
    /// observation.
    @_transparent
    private mutating func observe(
        _ segment: TCPSegmentSummary, from source: TCPFlowEndpoint, to destination: TCPFlowEndpoint, at time: UInt64,
        checksumIsValid: Bool?, context: TCPFlowContext, reference: UInt64, observation: inout TCPObservation
    ) {
        statistics.segments += 1
        hasRetiredFlow = false
        let flags = segment.flags
        let isNewSYN = flags.contains(.syn) && !flags.contains(.ack) && !flags.contains(.rst)
        // The flow's key is not built: its hash and the lookup take the endpoints in either order.
        let hash = table.hash(between: source, and: destination, context: context)
        var found = table.find(between: source, and: destination, context: context, hash: hash)

        // A SYN for a 4-tuple whose connection is over starts a new flow; so does a SYN-ACK that answers a SYN the
        // capture did not hold, on a 4-tuple whose connection is over.
        if let (slot, fromClient) = found, flags.contains(.syn),
            Self.reopens(table[slot], with: segment, fromClient: fromClient)
        {
            retire(slot, observation: &observation)
            statistics.flowsReused += 1
            found = nil
        }

        let slot: TCPFlowTable.SlotNumber
        let fromClient: Bool
        if let found {
            (slot, fromClient) = found
        } else {
            if flags.contains(.rst) {
                observation.anomalies.insert(.rstWithoutSession)
                // Conntrack cannot start a connection with a RST ("invalid new"): INVALID.
                observation.windowCheck = .invalidState
                markUntracked(&observation)
                return
            }
            if flags.contains(.fin) && !flags.contains(.syn) { observation.anomalies.insert(.finWithoutSession) }
            if !isNewSYN && !configuration.midStreamPickup {
                markUntracked(&observation)
                return
            }
            guard let created = createFlow(
                hash: hash, segment: segment, source: source, destination: destination, context: context,
                isNewSYN: isNewSYN, time: time, observation: &observation)
            else {
                markUntracked(&observation)
                return
            }
            slot = created
            fromClient = source == table[slot].record.client
        }
        if usesHeaderPrediction && Self.processPredicted(
            &table[slot], segment: segment, fromClient: fromClient, time: time, checksumIsValid: checksumIsValid,
            observation: &observation)
        {
            predictedSegments += 1
        } else {
            Self.process(
                &table[slot], segment: segment, fromClient: fromClient, time: time, checksumIsValid: checksumIsValid,
                reference: reference, observation: &observation)
            table[slot].predictionReady = table[slot].allowsPrediction
        }
        if !observation.anomalies.isEmpty { statistics.segmentsWithAnomalies += 1 }
    }

    /// Whether a flow's connection is over for a new SYN from one of its ends (the client when `fromClient`): the
    /// SYN's receiver is CLOSED or LISTEN, or in TIME-WAIT and would take the SYN as a new connection (RFC 6191).
    private static func isOver(
        _ record: TCPFlowRecord, forSYN segment: TCPSegmentSummary, fromClient: Bool
    ) -> Bool {
        var receiver = fromClient ? record.serverEndpoint : record.clientEndpoint
        switch receiver.state {
        case .closed, .listen: return true
        case .timeWait: return receiver.receive(segment).state == .synReceived
        default: return false
        }
    }

    /// Whether a new SYN follows a close that the capture may not have held to its end: a FIN was sent on the
    /// connection (by either end), the capture has shown it misses this flow's segments or never held a segment of
    /// the SYN's receiver, and the SYN is newer than all the receiver took from its sender, as TIME-WAIT asks of a
    /// SYN that reopens a connection (``TCPEndpoint/startsNewIncarnation(_:)``; by its TSval against the sender's
    /// captured ones when the receiver's model cannot know that timestamps were agreed).
    ///
    /// The SYN's sender starts a new connection, so its old one is over for it; what ended it for the receiver (the
    /// last FIN or ACK, each the receiver's to see) is what such a capture loses. On a capture that holds both
    /// directions without a gap, the same SYN on a connection still synchronized for its receiver stays
    /// ``TCPAnomaly/synInConnection``. Found in variants of `linux-oracle.pcap` by `Scripts/variant-violations.py`:
    /// its client's segments alone, and the capture with every fifth frame dropped (the client's last FIN and the
    /// server's SYN-ACK gone, the server's acknowledgment of that FIN kept).
    private static func closeNotCaptured(
        _ flow: FlowState, syn segment: TCPSegmentSummary, fromClient: Bool
    ) -> Bool {
        let record = flow.record
        let sender = fromClient ? record.clientEndpoint : record.serverEndpoint
        let receiver = fromClient ? record.serverEndpoint : record.clientEndpoint
        let receiverSeen = fromClient ? flow.serverSeen : flow.clientSeen
        guard !segment.flags.contains(.fin), sender.finSequence != nil || receiver.finSequence != nil,
            flow.capture.isLossy || !receiverSeen.seen, receiver.state.isSynchronized
        else { return false }
        if receiver.startsNewIncarnation(segment) { return true }
        // The receiver's model does not know that timestamps were agreed (the handshake was not captured whole), but
        // the sender's segments carried them: a TSval newer than every one captured from the sender reopens, as it
        // does TIME-WAIT when timestamps are in use. Not when the receiver's own SYN was captured without them.
        let senderSeen = fromClient ? flow.clientSeen : flow.serverSeen
        guard !receiver.timestampsEnabled, !(receiver.sawLocalSYN && !receiver.localTimestamps),
            senderSeen.hasTimestamp, let value = segment.timestampValue
        else { return false }
        return SequenceNumber(value).isAfter(SequenceNumber(senderSeen.newestTimestamp))
    }

    /// Whether a segment with SYN starts a new connection on a flow's 4-tuple: a SYN for which the connection is
    /// over (``isOver(_:forSYN:fromClient:)``) or whose close the capture may have missed
    /// (``closeNotCaptured(_:syn:fromClient:)``), or a SYN-ACK answering a SYN the capture did not hold
    /// (``answersUncapturedSYN(_:synAck:fromClient:)``). Out of line: the common segment has no SYN, and the checks
    /// inlined into `observe` cost some 12 instructions per segment by callgrind on the benchmark's trace.
    @inline(never)
    private static func reopens(_ flow: FlowState, with segment: TCPSegmentSummary, fromClient: Bool) -> Bool {
        let flags = segment.flags
        if flags.contains(.rst) { return false }
        if !flags.contains(.ack) {
            return isOver(flow.record, forSYN: segment, fromClient: fromClient)
                || closeNotCaptured(flow, syn: segment, fromClient: fromClient)
        }
        return answersUncapturedSYN(flow.record, synAck: segment, fromClient: fromClient)
    }

    /// Whether a SYN-ACK answers a SYN that a flow never had, on a connection that is over for its receiver: the
    /// receiver (the client when the server sent it) is CLOSED, in TIME-WAIT or LISTEN, and the SYN-ACK
    /// acknowledges something other than the receiver's own SYN. The receiver's new SYN, which reopened the 4-tuple,
    /// was not captured; the SYN-ACK starts the new connection's flow, picked up mid-handshake, rather than being
    /// judged against the old one.
    private static func answersUncapturedSYN(
        _ record: TCPFlowRecord, synAck segment: TCPSegmentSummary, fromClient: Bool
    ) -> Bool {
        let receiver = fromClient ? record.serverEndpoint : record.clientEndpoint
        return TCPFlowRecord.isGone(receiver.state) && receiver.hasSentSYN
            && segment.acknowledgmentNumber != receiver.initialSendSequence + 1
    }

    /// Takes a flow out of the table, keeping its record for ``lastRetiredFlow``, and says so in the observation.
    private mutating func retire(_ slot: TCPFlowTable.SlotNumber, observation: inout TCPObservation) {
        table.retire(slot)
        hasRetiredFlow = true
        observation.retiredFlow = true
    }

    /// Marks a segment that no flow takes as untracked, and counts it.
    private mutating func markUntracked(_ observation: inout TCPObservation) {
        observation.traits.insert(.untracked)
        statistics.untrackedSegments += 1
        if !observation.anomalies.isEmpty { statistics.segmentsWithAnomalies += 1 }
    }

    /// Takes a slot for a new flow, evicting a flow if the table is full, and sets the flow's state from its first
    /// segment; `nil` if no flow can be evicted.
    ///
    /// Out of line, and given the key's parts rather than the key: segments of known flows, the common case, never
    /// come here, and need not keep the key for it.
    ///
    /// - Parameter hash: the hash of the flow's key under the table's seed (from the lookup that did not find it).
    @inline(never)
    private mutating func createFlow(
        hash: UInt64, segment: TCPSegmentSummary, source: TCPFlowEndpoint, destination: TCPFlowEndpoint,
        context: TCPFlowContext, isNewSYN: Bool, time: UInt64, observation: inout TCPObservation
    ) -> TCPFlowTable.SlotNumber? {
        if table.isFull {
            guard let victim = table.chooseVictim(
                now: time, idleTimeout: configuration.idleTimeout, sampleSize: configuration.evictionSampleSize)
            else {
                statistics.flowsRefused += 1
                return nil
            }
            retire(victim, observation: &observation)
            observation.traits.insert(.evictedAnother)
            statistics.flowsEvicted += 1
        }
        let slot = table.insert(TCPFlowKey(source: source, destination: destination, context: context), hash: hash)
        let id = takeFlowID()
        Self.startFlow(
            &table[slot], id: id, segment: segment, source: source, destination: destination, context: context,
            isNewSYN: isNewSYN, time: time)
        statistics.flowsCreated += 1
        observation.traits.insert(.newFlow)
        if !isNewSYN { observation.anomalies.insert(.midStreamPickup) }
        return slot
    }

    /// Sets a new flow's state from its first segment: roles from a SYN, or guessed for a flow picked up mid-stream.
    ///
    /// The record is built afresh (nothing is read from what the slot held before) and the state is written once,
    /// where it is held.
    private static func startFlow(
        _ flow: inout FlowState, id: UInt64, segment: TCPSegmentSummary, source: TCPFlowEndpoint,
        destination: TCPFlowEndpoint, context: TCPFlowContext, isNewSYN: Bool, time: UInt64
    ) {
        let flags = segment.flags
        let isSynAck = flags.contains(.syn) && flags.contains(.ack)
        // Mid-stream, the sender of a SYN-ACK or the lower port is taken as the server.
        let serverIsSource = !isNewSYN && (isSynAck || source.port < destination.port)
        let clientEndpoint: TCPEndpoint
        let serverEndpoint: TCPEndpoint
        if isNewSYN {
            // Windows unknown until each side's own segments show them (a one-sided capture never does).
            clientEndpoint = TCPEndpoint(receiveWindow: TCPEndpoint.unknownWindow)
            serverEndpoint = TCPEndpoint(state: .listen, receiveWindow: TCPEndpoint.unknownWindow)
        } else {
            let sender = TCPEndpoint(
                midStreamSendUnacknowledged: segment.sequenceNumber, sendNext: segment.sequenceEnd,
                receiveNext: segment.acknowledgmentNumber)
            let receiver = TCPEndpoint(
                midStreamSendUnacknowledged: segment.acknowledgmentNumber, sendNext: segment.acknowledgmentNumber,
                receiveNext: segment.sequenceNumber)
            clientEndpoint = serverIsSource ? receiver : sender
            serverEndpoint = serverIsSource ? sender : receiver
        }
        var record = TCPFlowRecord(
            id: id, client: serverIsSource ? destination : source, server: serverIsSource ? source : destination,
            clientEndpoint: clientEndpoint, serverEndpoint: serverEndpoint, clientToServer: TCPFlowCounters(),
            serverToClient: TCPFlowCounters(), milestones: TCPFlowMilestones(), anomalies: TCPAnomalySet(),
            synECN: .notNegotiation, synAckECN: .notNegotiation, isMidStream: !isNewSYN,
            rolesAreGuessed: !isNewSYN && !isSynAck)
        record.milestones.firstSeen = time
        record.captureNotes = isNewSYN ? TCPAnomalySet() : [.midStreamPickup]
        record.context = context
        flow = FlowState(record: record)
        flow.capture.isLossy = !isNewSYN
    }

    // MARK: Per-segment processing

    /// Judges a segment of a flow and updates the flow's state in place.
    ///
    /// The checks that need the whole flow come first (a segment dropped before TCP sees it, a loose flow still
    /// waiting for its second side); then `judge` works on the sender's and the receiver's parts of the flow, by
    /// role; then the milestones and the flow's notes.
    private static func process(
        _ flow: inout FlowState, segment: TCPSegmentSummary, fromClient: Bool, time: UInt64,
        checksumIsValid: Bool?, reference: UInt64, observation: inout TCPObservation
    ) {
        observation.flowID = flow.record.id
        observation.direction = fromClient ? .clientToServer : .serverToClient
        if flow.record.isMidStream { observation.traits.insert(.midStream) }
        observation.windowCheck = flow.tracker.check(segment, fromClient: fromClient)
        flow.count(segment, fromClient: fromClient)

        // Checksums: a side seen with a right one computes them before the capture point, so a wrong one of its
        // segments was corrupted or forged, and its receiver drops it; a side whose checksums were all wrong is
        // checksum offload on the capturing host, judged as if they were right.
        if let valid = checksumIsValid {
            if valid {
                if fromClient {
                    flow.clientSeen.checksumSeenRight = true
                } else {
                    flow.serverSeen.checksumSeenRight = true
                }
            } else if fromClient ? flow.clientSeen.checksumSeenRight : flow.serverSeen.checksumSeenRight {
                observation.anomalies.insert(.badChecksum)
                drop(&flow, fromClient: fromClient, time: time, observation: &observation)
                return
            } else if !flow.record.captureNotes.contains(.checksumOffload) {
                flow.record.captureNotes.insert(.checksumOffload)
            }
        }
        // A TCP-MD5 or TCP-AO option the receiver has no key for (its own SYN carried none): dropped before TCP sees
        // it (Linux tcp_inbound_hash), so it moves nothing here either, not even the capture heuristics.
        if segment.hasAuthenticationOption
            && refusesAuthentication(fromClient ? flow.record.serverEndpoint : flow.record.clientEndpoint)
        {
            observation.anomalies.insert(.unexpectedAuthenticationOption)
            drop(&flow, fromClient: fromClient, time: time, observation: &observation)
            return
        }

        // A flow picked up mid-stream starts its models once both sides have been seen; the segments before that
        // are only noted. A RST that completes the pickup, when its receiver was captured once, with an
        // acknowledgment, is judged by the models it started: one at the RCV.NXT that acknowledgment gave ends the
        // connection (a probe of a closed port, answered with a RST at its acknowledgment number, has no connection
        // behind it); any other is not called a violation, as the models are one segment's guess of each side, and
        // moves nothing. Without the receiver's acknowledgment its RCV.NXT would be the RST's own guess, and with
        // more than one segment of the receiver's the one it takes may be forged among real ones: only noted.
        var completesPickup = false
        if flow.record.isMidStream && !flow.looseStarted {
            flow.noteSent(segment, fromClient: fromClient, time: time)
            if flow.clientSeen.seen && flow.serverSeen.seen { flow.startLooseEndpoints() }
            completesPickup = flow.looseStarted && segment.flags.contains(.rst)
                && (fromClient ? flow.serverSeen.hasACK : flow.clientSeen.hasACK)
                && (fromClient ? flow.record.serverToClient.segments : flow.record.clientToServer.segments) == 1
            if !completesPickup {
                finish(&flow, fromClient: fromClient, time: time, observation: &observation)
                return
            }
        }

        // Both models are driven where they are held: the sender's and the receiver's parts, by role.
        // How far the sender's unseen-bytes claim may echo ahead of its TSvals depends on its clock's rate, which
        // only the flow's times show: read only while such a claim waits.
        let claimOnSender = flow.capture.unseenClaimSide == .sender(fromClient)
        let senderClockIsFast = claimOnSender && flow.showsFastTimestampClock(segment, fromClient: fromClient, at: time)
        let senderTimestampsPlausible = claimOnSender && flow.timestampsArePlausible(fromClient: fromClient, at: time)
        let judgment: Judgment
        if fromClient {
            judgment = judge(
                segment, fromClient: true, reference: reference, sender: &flow.record.clientEndpoint,
                receiver: &flow.record.serverEndpoint, senderSeen: &flow.clientSeen, receiverSeen: &flow.serverSeen,
                capture: &flow.capture, completesPickup: completesPickup,
                senderClock: (plausible: senderTimestampsPlausible, fast: senderClockIsFast), observation: &observation)
        } else {
            judgment = judge(
                segment, fromClient: false, reference: reference, sender: &flow.record.serverEndpoint,
                receiver: &flow.record.clientEndpoint, senderSeen: &flow.serverSeen, receiverSeen: &flow.clientSeen,
                capture: &flow.capture, completesPickup: completesPickup,
                senderClock: (plausible: senderTimestampsPlausible, fast: senderClockIsFast), observation: &observation)
        }
        if observation.anomalies.contains(.timestampEchoMismatch) && segment.flags.contains(.syn) {
            let receiver = fromClient ? flow.record.serverEndpoint : flow.record.clientEndpoint
            let receiverSeen = fromClient ? flow.serverSeen : flow.clientSeen
            let elapsed = time >= flow.record.milestones.firstSeen ? time - flow.record.milestones.firstSeen : 0
            if mayEchoUncapturedSYN(segment, receiver: receiver, receiverSeen: receiverSeen, elapsed: elapsed) {
                observation.anomalies.remove(.timestampEchoMismatch)
                flow.capture.echoClaimSide = .receiver(fromClient)
                flow.capture.echoClaimReference = reference
                flow.capture.echoClaimEcho = segment.timestampEchoReply ?? 0
                flow.capture.echoClaimElapsed = elapsed
            }
        } else if flow.capture.echoClaimSide == .sender(fromClient) && !segment.flags.contains(.syn)
            && (segment.flags.contains(.rst) || segment.flags.contains(.ack))
        {
            // The receiver's answer to a SYN-ACK echoing a SYN the capture may have missed. A SYN sent again (one
            // that crossed the SYN-ACK) is no answer.
            let sender = fromClient ? flow.record.clientEndpoint : flow.record.serverEndpoint
            let refused = Self.echoAnswerRefuses(
                segment, echo: flow.capture.echoClaimEcho, firstSYN: sender.firstSYNTimestamp ?? 0,
                firstSeen: flow.record.milestones.firstSeen, synAckElapsed: flow.capture.echoClaimElapsed, time: time)
            if !refused {
                flow.capture.echoClaimSide = nil
            } else if observation.earlierAnomaly == nil {
                observation.earlierAnomaly = .timestampEchoMismatch
                observation.earlierReference = flow.capture.echoClaimReference
                flow.capture.echoClaimSide = nil
            }
        }
        if observation.traits.contains(.retransmission) { flow.countRetransmission(fromClient: fromClient) }
        // An anomaly proved of an earlier segment is the flow's too.
        if let earlier = observation.earlierAnomaly { flow.record.anomalies.insert(earlier) }
        flow.noteMilestones(
            of: segment, fromClient: fromClient, judgment: judgment, observation: observation, time: time)
        flow.noteSent(segment, fromClient: fromClient, time: time)
        if case .challengeACK = observation.response {
            if fromClient { flow.serverSeen.challengePending = true } else { flow.clientSeen.challengePending = true }
        }
        finish(&flow, fromClient: fromClient, time: time, observation: &observation)
    }

    /// Whether a receiver drops a segment with a TCP-MD5 or TCP-AO option before TCP sees it: it has no key for one
    /// (its own SYN carried none).
    @inline(__always)
    private static func refusesAuthentication(_ receiver: TCPEndpoint) -> Bool {
        receiver.sawLocalSYN && !receiver.localAuthentication && receiver.state != .closed
            && receiver.state != .listen
    }

    /// A segment dropped before TCP sees it: no model moves.
    private static func drop(
        _ flow: inout FlowState, fromClient: Bool, time: UInt64, observation: inout TCPObservation
    ) {
        observation.verdict = .dropped
        observation.traits.insert(.dropped)
        finish(&flow, fromClient: fromClient, time: time, observation: &observation)
    }

    /// What `judge` hands back for the milestones.
    struct Judgment {
        /// Whether the receiver refused a control segment (it may be forged): it is not the sender's own record.
        var refusedControl: Bool
        /// The sender's state before the segment.
        var senderBefore: TCPState
    }

    /// Judges a segment of a flow whose endpoint models run, by role: the capture's gaps and unseen bytes, the
    /// segment's roles, the receiver's verdict, the sender's record.
    ///
    /// Called with the client's parts as the sender's for a segment from the client, the server's for one from the
    /// server; each is a part of the flow's slot, judged where it is held.
    private static func judge(
        _ segment: TCPSegmentSummary, fromClient: Bool, reference: UInt64,
        sender: inout TCPEndpoint, receiver: inout TCPEndpoint, senderSeen: inout SideSeen,
        receiverSeen: inout SideSeen, capture: inout CaptureState, completesPickup: Bool,
        senderClock: (plausible: Bool, fast: Bool), observation: inout TCPObservation
    ) -> Judgment {
        let flags = segment.flags
        settleInferredHandshake(
            segment, sender: &sender, receiver: &receiver, capture: capture, observation: &observation)
        let sentBeforeClaim = checkUnseenClaim(
            segment, fromClient: fromClient, sender: &sender, receiver: &receiver, senderSeen: senderSeen,
            senderTimestampsPlausible: senderClock.plausible, senderClockIsFast: senderClock.fast, capture: &capture,
            observation: &observation)
        checkWindowClaim(segment, fromClient: fromClient, sender: sender, capture: &capture, observation: &observation)

        let senderInferredBefore = sender.handshakeInferred
        let receiverInferredBefore = receiver.handshakeInferred
        // A simultaneous open whose other SYN the capture did not hold (RFC 9293 figure 7): the side in SYN-SENT
        // sends a SYN-ACK that repeats its ISN and acknowledges a SYN of its peer's, none of whose segments were
        // captured. Both models take that SYN from the acknowledgment (announced below as an acknowledgment of an
        // unseen segment), rather than call the SYN-ACK one in the wrong direction acknowledging nothing sent.
        if flags.contains(.syn) && flags.contains(.ack) && !receiverSeen.seen && sender.state == .synSent
            && sender.sawLocalSYN && segment.sequenceNumber == sender.initialSendSequence
            && receiver.state == .synReceived && !receiver.hasSentSYN
        {
            sender.inferPeerSYNReceived(acknowledgment: segment.acknowledgmentNumber)
            receiver.inferOwnSYNSent(acknowledgment: segment.acknowledgmentNumber)
        }
        let receiverBefore = receiver.state
        let senderBefore = sender.state
        // Roles, read before the models move.
        let isKeepAlive = classifyProbe(
            segment, sender: sender, receiver: receiver, receiverBefore: receiverBefore, receiverSeen: receiverSeen,
            observation: &observation)
        classifyRetransmission(
            segment, isKeepAlive: isKeepAlive, sender: sender, receiverSeen: receiverSeen, observation: &observation)
        classifyAcknowledgment(
            segment, isKeepAlive: isKeepAlive, sender: sender, senderSeen: &senderSeen, observation: &observation)
        checkHandshakeDirection(segment, fromClient: fromClient, sender: sender, observation: &observation)
        classifyReset(
            segment, sender: sender, senderSeen: senderSeen, receiverSeen: receiverSeen, observation: &observation)
        let gaps = noteCaptureGaps(
            segment, fromClient: fromClient, reference: reference, sender: sender, receiver: &receiver,
            receiverSeen: receiverSeen, capture: &capture, observation: &observation)
        let isGap = gaps.isGap

        // The receiver judges.
        let handshakeFloor = receiver.initialReceiveSequence + 1
        // A RST to a receiver whose handshake was inferred from acknowledgments alone, not yet confirmed: its
        // acceptance rests on that inference, which a forged segment can make (a SYN-ACK "of a simultaneous open",
        // say), so it is taken as not exact: no violation, and it moves nothing.
        let resetOnInference = flags.contains(.rst) && receiver.handshakeInferred
        let receiverUntouched = resetOnInference ? receiver : nil
        var result = receiver.receive(segment)
        if let untouched = receiverUntouched, result.verdict == .connectionReset {
            receiver = untouched
            result.verdict = .dropped
            result.state = untouched.state
        }
        // A gap segment beyond the modelled window: the capture missed what moved the window (the receiver's
        // acknowledgments), not a violation. The receiver's state does not move; a FIN there is kept pending until
        // the receiver's own acknowledgment shows it took it.
        // Only once the capture has shown it loses this flow's segments: on a complete capture a segment far
        // beyond the window is the sender's doing.
        var gapBeyondWindow = false
        let beyondWindow = result.anomalies.contains(.outOfWindow) || result.anomalies.contains(.finOutOfWindow)
        // Beyond the window the receiver last showed, but inside the largest it could have offered since, when the
        // capture missed one of its segments (the TSecr says so): that segment opened the window.
        let withinMissedUpdate = gaps.missedReceiverSegment && receiverSeen.hasACK
            && segment.sequenceNumber.isAfter(receiver.receiveNext)
            && segment.sequenceNumber.isBefore(receiverSeen.lastACK + sender.largestPeerWindow)
        // Bytes that repeat a run already excused so, while the receiver's model still lacks what lies before them:
        // the same missed window. A retransmission of a gap segment beyond the window (its first copy moved the
        // sender's SND.NXT past it, so it is no gap itself: a capture filtered to SYN, FIN and RST, with the server's
        // FIN on its last data sent twice). Bytes that continue past the run are judged as any other (below).
        let senderSide = Side.sender(fromClient)
        if capture.beyondWindowSide == senderSide && !capture.beyondWindowEnd.isAfter(receiver.receiveNext) {
            capture.beyondWindowSide = nil  // The receiver's model has reached the run's end.
        }
        let repeatsExcused = capture.beyondWindowSide == senderSide
            && !segment.sequenceEnd.isAfter(capture.beyondWindowEnd)
            && segment.sequenceNumber.isAfter(receiver.receiveNext)
        // Any other segment past the window, once the capture has shown it misses this flow's segments, unless a claim
        // about the other side's bytes is pending: the acknowledgment that opened the window may be one of those
        // missed, carrying the TSval of segments captured before it, which no TSecr can then show missed (found on
        // Linux's own traffic over a reordering link with one frame in five or ten not captured: bulk data past the
        // window of the receiver's last captured acknowledgment). The receiver's answer decides (`checkWindowClaim`);
        // until then the sender's later segments past the window wait with the first. A zero-window probe is judged
        // as one. Without timestamps no answer can prove such a claim (`checkWindowClaim`), and the evidence of loss
        // can be the sender's own (a byte skipped on purpose): only what a missed update could have opened, inside the
        // largest window the receiver has offered past its last captured acknowledgment, is claimed so; bytes further
        // out are `out-of-window` at once.
        let claimsWindow = !(isGap || withinMissedUpdate || repeatsExcused)
            && (capture.windowClaimSide == nil || capture.windowClaimSide == senderSide)
            && !observation.traits.contains(.zeroWindowProbe)
            && (receiver.timestampsEnabled || receiverSeen.hasACK
                && segment.sequenceNumber.isBefore(receiverSeen.lastACK + sender.largestPeerWindow))
        // Without timestamps a gap segment is itself the only sign that the capture may have missed the receiver's
        // acknowledgment that opened the window (with them, its TSecr shows a missed segment of the receiver's, as
        // `withinMissedUpdate` reads, or shows none). On a capture that has shown no loss before, that sign is the
        // sender's own (a byte skipped on purpose), so only what such an acknowledgment could have opened, inside the
        // largest window the receiver can offer past its last captured acknowledgment, is excused so, as for a window
        // claim without timestamps (`linux-nots-slow-reader.pcap` thinned at random: the server's segment after a
        // zero window, and the client's acknowledgment that reopened it, both missed).
        let gapInLargestWindow = isGap && !receiver.timestampsEnabled && receiverSeen.hasACK
            && segment.sequenceEnd.isBefore(receiverSeen.lastACK + sender.largestPeerWindow + 1)
        if (isGap || withinMissedUpdate || repeatsExcused || claimsWindow) && beyondWindow
            && (capture.isLossy || gapInLargestWindow)
        {
            result.anomalies.remove(.outOfWindow)
            result.anomalies.remove(.finOutOfWindow)
            gapBeyondWindow = true
            if claimsWindow && capture.windowClaimSide == nil {
                capture.windowClaimSide = senderSide
                capture.windowClaim = WindowClaim(
                    start: segment.sequenceNumber, timestamp: segment.timestampValue, reference: reference,
                    lastStart: segment.sequenceNumber, lastReference: reference, lastTimestamp: segment.timestampValue)
            } else if claimsWindow && segment.sequenceNumber.isAfter(capture.windowClaim.lastStart) {
                capture.windowClaim.lastStart = segment.sequenceNumber
                capture.windowClaim.lastReference = reference
                capture.windowClaim.lastTimestamp = segment.timestampValue
            }
            if !repeatsExcused && (isGap || withinMissedUpdate) {
                capture.beyondWindowSide = senderSide
                capture.beyondWindowEnd = segment.sequenceEnd
            }
            if !isGap { observation.anomalies.insert(.windowUpdateNotCaptured) }
            if flags.contains(.fin) && receiver.pendingFINSequence == nil {
                // Taken only if the receiver's own acknowledgment covers it, never by data reaching it.
                receiver.unconfirmedFINSequence = segment.sequenceNumber + segment.payloadLength
            }
        }
        // A RST past the last byte captured from its sender, once the capture has shown it loses segments: the
        // receiver's RCV.NXT may have moved with what was not captured, so it is not called the sender's violation; but
        // nothing proves the receiver took it, so it moves no state (an injected RST after a forged gap must not tear
        // the connection down). So is a RST anywhere from its sender's SND.UNA (past the ISN: the SYN was taken) to its
        // SND.NXT when none of the receiver's segments were captured, for no acknowledgment of the receiver's shows
        // where in there its RCV.NXT is: past the model's, the bytes before it that the capture missed may have reached
        // the receiver (or it is the right edge of a SACK block the receiver sent, where Linux takes a RST); before it,
        // the bytes the model took may never have reached the receiver, or reached one that had closed and aborted on
        // them (Linux answers data after close with a RST), whose RST the capture lacks. That the capture misses the
        // receiver's segments shows in its loss, or in a handshake inferred for the receiver.
        let resetInUnseenReceiverWindow = !receiverSeen.seen && (capture.isLossy || receiver.handshakeInferred)
            && !segment.sequenceNumber.isBefore(sender.sendUnacknowledged)
            && segment.sequenceNumber.isAfter(sender.initialSendSequence)
            && !segment.sequenceNumber.isAfter(sender.sendNext)
        // So is a RST from RCV.NXT as the receiver last acknowledged it up to its sender's SND.NXT, when its TSecr
        // shows a segment of the receiver's that the capture missed, which may have said where RCV.NXT is: short of
        // the model's (which took the bytes between on no acknowledgment, while the receiver may not have: lost, or
        // refused as past its peer's FIN), or past it, or a SACK block ending at the RST (where Linux takes one).
        // The TSecr is read with or without ACK (a RST often has none, and RFC 7323 section 3.2 then wants it 0): it
        // only spares the sender a violation here, and moves nothing; without ACK nothing else checks it, so only
        // once the capture has shown loss (with ACK, the echo itself shows it). A RST without the timestamps option
        // (Linux sends one for a connection it no longer has), or on a flow without timestamps, has no echo to show the
        // missed segment; but when the sender's bytes were captured after the receiver's last captured acknowledgment,
        // on a capture that has shown loss, the receiver's acknowledgments of them may be missed all the same, and the
        // RST is spared as if an echo showed one (`linux-nots-bidir-loss.pcap`, `linux-nots-reordering-ipv6.pcap` and,
        // with timestamps on the other segments, `linux-usec-reordering-ipv6.pcap`, filtered to SYN, FIN and RST: the
        // server's RST at its SND.NXT after its FIN, `invalid-rst` or `rst-not-exact` of a model that took none of the
        // bytes before it). A receiver whose last acknowledgment came after all the sender's bytes said where its
        // RCV.NXT is, and the RST is judged. Only at the sender's SND.NXT (or the end of its bytes captured), where a
        // stack sends its RST: one inside the bytes is no stack's, and stays judged (an injected RST in the middle of a
        // segment).
        let unechoedUnacknowledged = segment.timestampEchoReply == nil
            && receiverSeen.peerEndAtACK != senderSeen.highestEnd
            && (segment.sequenceNumber == sender.sendNext || segment.sequenceNumber == senderSeen.highestEnd)
        let resetInUnacknowledgedBytes = flags.contains(.rst) && capture.isLossy && receiverSeen.hasACK
            && (unechoedUnacknowledged || receiverSeen.isBeyondCapture(echo: segment.timestampEchoReply))
            && !segment.sequenceNumber.isBefore(receiverSeen.lastACK)
            && !segment.sequenceNumber.isAfter(sender.sendNext)
        // So is a RST at the receiver's last captured acknowledgment when that acknowledgment echoed the newest TSval
        // captured from the RST's sender, and no byte of the sender's was captured after it: the receiver had the
        // sender's last segment and said RCV.NXT was there, where the model took bytes further (that the receiver
        // refused for a reason the capture does not show, or that a segment the capture missed carried). (A TSval
        // can stay the same over segments; the bytes captured since tell a segment sent after the acknowledgment.)
        let resetAtReceiverWord = flags.contains(.rst) && receiverSeen.hasACK
            && segment.sequenceNumber == receiverSeen.lastACK && receiverSeen.lastEcho != 0
            && senderSeen.hasTimestamp && receiverSeen.lastEcho == senderSeen.newestTimestamp
            && receiverSeen.peerEndAtACK == senderSeen.highestEnd
        // And a RST from a sender still in SYN-SENT or SYN-RECEIVED, away from its SND.NXT, when none of its peer's
        // segments were captured: the form of the answer to a segment whose acknowledgment it refused
        // (`<SEQ=SEG.ACK><CTL=RST>`, RFC 9293 sections 3.10.7.3 and 3.10.7.4), whose segment the capture would not
        // hold (a SYN-ACK acknowledging the wrong ISN, say).
        let resetAnsweringUnseenSegment = !receiverSeen.seen
            && (senderBefore == .synSent || senderBefore == .synReceived) && segment.sequenceNumber != sender.sendNext
        // And a RST without ACK from a sender whose connection is over for it (CLOSED after its FIN was acknowledged),
        // at an acknowledgment number its receiver could have sent (past the sender's ISN, not past the receiver's
        // last acknowledgment): a host without the connection answers a segment of the receiver's delivered late
        // with `<SEQ=SEG.ACK><CTL=RST>` (RFC 9293 section 3.10.7.1). The receiver drops it all the same (found on
        // Linux's own traffic over a reordering link). On a capture that has shown loss, the same from a sender whose
        // close the capture holds only in part: its FIN captured but not the acknowledgment of it, its FIN missed and
        // acknowledged (the receiver's last acknowledgment past every byte captured from the sender), or the sender in
        // CLOSE-WAIT, where its own FIN is its next step (Linux over a reordering path with every second, third or
        // seventh frame dropped: the FIN's acknowledgment missed; the FIN missed; the FIN missed, the sender's pure
        // ACK after it captured).
        let senderClosedUnseen = capture.isLossy
            && (sender.finSequence != nil || senderBefore == .closeWait
                || receiverSeen.lastACK.isAfter(senderSeen.highestEnd))
        let resetAnsweringLateSegment = !flags.contains(.ack)
            && (senderBefore == .closed && sender.finAcknowledged || senderClosedUnseen)
            && receiverSeen.hasACK && segment.sequenceNumber.isAfter(sender.initialSendSequence)
            && !segment.sequenceNumber.isAfter(receiverSeen.lastACK)
        // And a RST one past its receiver's RCV.NXT from a sender with no FIN captured that could have sent one
        // (ESTABLISHED or CLOSE-WAIT): the end of a FIN the capture missed. A stack that closed answers data arriving
        // after its FIN with a RST at its SND.NXT, past the FIN (`linux-reset-paths.pcap` with its frames thinned at
        // random: the client's FIN dropped, its pure ACKs and its RST one past it). Nothing but the RST's place (and
        // the sender's pure ACKs there, which move no model of the receiver) shows the loss, so this rests on the
        // form alone, and the RST moves nothing.
        let resetAfterUnseenFIN = segment.sequenceNumber == receiver.receiveNext + 1 && sender.finSequence == nil
            && (senderBefore == .established || senderBefore == .closeWait)
        let lossyReset = flags.contains(.rst)
            && (isGap && capture.isLossy || resetInUnseenReceiverWindow || resetInUnacknowledgedBytes
                || resetAtReceiverWord || resetAnsweringUnseenSegment || resetAnsweringLateSegment
                || resetAfterUnseenFIN || completesPickup)
            && (result.anomalies.contains(.rstNotExact) || result.anomalies.contains(.invalidRST))
        if lossyReset {
            result.anomalies.remove(.rstNotExact)
            result.anomalies.remove(.invalidRST)
        }
        // An acknowledgment past SND.NXT to a receiver still in SYN-SENT whose TSecr shows a segment of the receiver's
        // that the capture missed: the receiver may have taken a SYN-ACK the capture did not hold and sent the bytes
        // this acknowledges since. Not called the sender's violation but an acknowledgment of what the capture did not
        // hold; the receiver's model drops it all the same, so it moves nothing (`conntrack-oracle-client.pcap` with
        // every third frame dropped: the server's SYN-ACK and the client's first data).
        if receiverBefore == .synSent && gaps.missedReceiverSegment && !flags.contains(.syn) && !flags.contains(.rst)
            && result.anomalies.contains(.ackOfUnsentData)
        {
            result.anomalies.remove(.ackOfUnsentData)
            observation.anomalies.insert(.ackOfUnseenSegment)
        }
        if isGap && (!beyondWindow || gapBeyondWindow) && (!flags.contains(.rst) || lossyReset) {
            observation.anomalies.insert(.previousSegmentNotCaptured)
            capture.isLossy = true
        }
        // The ACK that would complete the handshake with a wrong sequence number: before ISN + 1 (the ISN itself
        // too, which the receiver drops silently as old) or refused by SYN-RECEIVED (past the window). Not one that
        // repeats bytes the receiver acknowledged unseen and that was sent before that acknowledgment
        // (`sentBeforeClaim`: data, or a pure ACK where the sender's bytes captured end, ISN + 1 for the handshake's):
        // the receiver's acknowledgment shows it had completed its handshake and taken those bytes, and the capture
        // holds them after it, as a mirror port or two merged taps may order frames of the two
        // directions (`linux-session-ipv4.pcap` with the server's acknowledgment of the first data moved before the
        // client's handshake ACK and that data). The receiver's model, still in SYN-RECEIVED, drops them as old.
        // Nor one whose bytes the receiver had acknowledged already, in an acknowledgment captured before it that
        // echoed its TSval or a newer one (without timestamps, any): the receiver had it, and the capture holds it late
        // (a merged capture that also missed the SYN-ACK, so that no claim was made of the bytes). A pure ACK only at
        // ISN + 1 (the handshake's) or where that acknowledgment ends (sent after the bytes).
        // (Read only when the rule would otherwise call it.)
        func acknowledgedEarlier() -> Bool {
            receiverSeen.hasACK && !segment.sequenceNumber.isBefore(handshakeFloor)
                && !segment.sequenceEnd.isAfter(receiverSeen.lastACK)
                && (segment.sequenceLength > 0 || segment.sequenceNumber == handshakeFloor
                    || segment.sequenceNumber == receiverSeen.lastACK)
                && segment.timestampValue.map {
                    receiverSeen.lastEcho != 0 && !SequenceNumber($0).isAfter(SequenceNumber(receiverSeen.lastEcho))
                } ?? true
        }
        if receiverBefore == .synReceived && !flags.contains(.syn) && !flags.contains(.rst) && flags.contains(.ack)
            && !gapBeyondWindow
            && (segment.sequenceNumber.isBefore(handshakeFloor) || result.acceptability == .unacceptable)
            && !(sentBeforeClaim && !segment.sequenceNumber.isBefore(handshakeFloor)) && !acknowledgedEarlier()
        {
            result.anomalies.remove(.outOfWindow)
            result.anomalies.insert(.handshakeACKWrongSeq)
        }
        // A segment that fails PAWS but is no newer than what the capture already holds from its sender (its bytes
        // not past the highest end captured, unless a gap before them shows the capture out of order; its
        // acknowledgment not past the last one captured or the highest its receiver took) may have been sent before
        // the segment whose TSval it fails against and delivered late by a reordering network: dropped, which is
        // what PAWS is for, but nobody broke a rule, as for an old duplicate (found on Linux's own traffic over a
        // reordering link: delayed data behind a retransmission, older ACKs behind newer ones). A segment with new
        // bytes or a new acknowledgment and an older TSval is the sender's, its timestamp clock gone back, when a
        // segment with a newer TSval was provably sent before it (`SideSeen.sentNewerTimestamp(before:)`);
        // otherwise the segment that set TS.Recent may be a retransmission sent after this one and delivered first
        // (found on Linux's own traffic: bulk transfers both ways over a lossy, reordering link, new data sent just
        // before a retransmission that overtook it).
        if result.anomalies.contains(.pawsFailure) && senderSeen.seen
            && ((!segment.sequenceEnd.isAfter(senderSeen.highestEnd) || isGap)
                && (!flags.contains(.ack)
                    || senderSeen.hasACK && !segment.acknowledgmentNumber.isAfter(senderSeen.lastACK)
                    || !segment.acknowledgmentNumber.isAfter(receiver.sendUnacknowledged))
                || !senderSeen.sentNewerTimestamp(before: segment))
        {
            result.anomalies.remove(.pawsFailure)
        }
        observation.anomalies.formUnion(result.anomalies)
        observation.verdict = result.verdict
        observation.response = result.response
        if result.verdict == .dropped { observation.traits.insert(.dropped) }
        if result.verdict == .connectionReset { observation.traits.insert(.reset) }

        // The sender's own record, unless the receiver refused a control segment (it may be forged).
        // A FIN in a capture gap is the sender's own, even where the receiver's stale model cannot take it.
        // A SYN of a sender still in SYN-SENT (sent again, perhaps with a new ISN) is its own whatever the
        // receiver makes of it.
        let refusedControl = result.verdict == .dropped && receiverBefore != .closed && !gapBeyondWindow
            && (flags.contains(.rst) || flags.contains(.fin)
                || (flags.contains(.syn) && receiverBefore.isSynchronized && senderBefore != .synSent))
        if !refusedControl {
            // A SYN-ACK from SYN-RECEIVED acknowledging the peer's SYN alone says RCV.NXT is just past that SYN. In
            // SYN-RECEIVED nothing but the sender's own acknowledgment moves RCV.NXT further (the peer's data would
            // have completed the handshake), so one it sent beyond what the peer had sent (`ack-unsent-data`) is
            // taken back: the peer's handshake ACK at ISN + 1 is then no wrong sequence number (`linux-oracle.pcap`
            // and `conntrack-oracle-client.pcap`: a listener's bogus ACK or SYN-ACK before its right SYN-ACK). Never
            // below what the capture holds from the peer (a Fast Open SYN's data, which the sender acknowledged: those
            // bytes were sent, and a forged SYN-ACK must not take them back; found in review).
            if flags.contains(.syn) && flags.contains(.ack) && senderBefore == .synReceived && sender.hasReceivedSYN
                && segment.acknowledgmentNumber == sender.initialReceiveSequence + 1 && receiverSeen.seen
                && sender.receiveNext.isAfter(receiverSeen.highestEnd)
            {
                sender.retractReceived(
                    to: receiverSeen.highestEnd.isAfter(segment.acknowledgmentNumber)
                        ? receiverSeen.highestEnd : segment.acknowledgmentNumber)
            }
            sender.record(sent: segment, anomalies: &observation.anomalies)
        }
        if (!senderInferredBefore && sender.handshakeInferred)
            || (!receiverInferredBefore && receiver.handshakeInferred)
        {
            // A SYN-ACK the capture did not hold, or one never sent (a later SYN-ACK tells which): the receiver's ISS
            // came from this acknowledgment, or the sender acknowledged from SYN-SENT.
            observation.anomalies.insert(.ackOfUnseenSegment)
            capture.inferenceReference = reference
        }
        // Conntrack's bounds are not reported on a flow picked up mid-stream: like conntrack's liberal tracking of
        // picked-up connections, they would judge windows whose scale was never seen (the endpoint models, with
        // windows at their largest, still judge).
        return Judgment(refusedControl: refusedControl, senderBefore: senderBefore)
    }

    /// Records the states after the segment, the capture's one-sidedness and the anomalies, on the full path; header
    /// prediction does the part that can change for its segments (the last-seen time and
    /// ``recordOutcome(_:fromClient:observation:)``).
    static func finish(
        _ flow: inout FlowState, fromClient: Bool, time: UInt64, observation: inout TCPObservation
    ) {
        flow.noteStateMilestones(at: time)
        // One direction only: one side was never captured although the other acknowledged it.
        let oneSided = (flow.record.serverToClient.segments == 0 && flow.clientSeen.hasACK)
            || (flow.record.clientToServer.segments == 0 && flow.serverSeen.hasACK)
        if oneSided != flow.oneSidedNoted {
            flow.oneSidedNoted = oneSided
            if oneSided {
                flow.record.captureNotes.insert(.oneDirectionOnly)
            } else {
                flow.record.captureNotes.remove(.oneDirectionOnly)
            }
        }
        recordOutcome(&flow, fromClient: fromClient, observation: &observation)
    }

    /// The part of ``finish(_:fromClient:time:observation:)`` every segment needs: the states after it in the
    /// observation, and its anomalies in the flow's record and counters.
    ///
    /// Header prediction passes `bothEstablished`: its segments leave both ends ESTABLISHED, so the states are not
    /// read back.
    @inline(__always)
    static func recordOutcome(
        _ flow: inout FlowState, fromClient: Bool, observation: inout TCPObservation, bothEstablished: Bool = false
    ) {
        assert(!bothEstablished
            || (flow.record.clientEndpoint.state == .established && flow.record.serverEndpoint.state == .established))
        let clientState = bothEstablished ? .established : flow.record.clientEndpoint.state
        let serverState = bothEstablished ? .established : flow.record.serverEndpoint.state
        observation.senderState = fromClient ? clientState : serverState
        observation.receiverState = fromClient ? serverState : clientState
        if !observation.anomalies.isEmpty {
            flow.record.anomalies.formUnion(observation.anomalies)
            if fromClient {
                flow.record.clientToServer.segmentsWithAnomalies += 1
            } else {
                flow.record.serverToClient.segmentsWithAnomalies += 1
            }
        }
    }

    // MARK: Expiry

    /// Removes closed flows older than ``Configuration/closedTimeout`` and any flow idle for longer than
    /// ``Configuration/idleTimeout``.
    ///
    /// - Parameters:
    ///   - now: the current time in nanoseconds (the caller's clock).
    ///   - retired: called with each removed flow's record.
    /// - Returns: the number of flows removed.
    @discardableResult
    public mutating func expire(now: UInt64, retired: (TCPFlowRecord) -> Void = { _ in }) -> Int {
        expire(now: now, includingIdleOpenFlows: true, retired: retired)
    }

    /// Removes only closed flows older than ``Configuration/closedTimeout``; open flows stay however long they
    /// are silent (the table still evicts them when it needs room).
    ///
    /// A tool that reads a capture calls this periodically so that finished flows leave the table, without
    /// changing how a long-silent open connection is judged when it speaks again.
    ///
    /// - Parameters:
    ///   - now: the current time in nanoseconds (the caller's clock).
    ///   - retired: called with each removed flow's record.
    /// - Returns: the number of flows removed.
    @discardableResult
    public mutating func expireClosedFlows(now: UInt64, retired: (TCPFlowRecord) -> Void = { _ in }) -> Int {
        expire(now: now, includingIdleOpenFlows: false, retired: retired)
    }

    private mutating func expire(
        now: UInt64, includingIdleOpenFlows: Bool, retired: (TCPFlowRecord) -> Void
    ) -> Int {
        var removed = 0
        var next = 0
        while let slot = table.firstSlotInUse(from: next) {
            next = slot.value + 1
            let record = table[slot].record
            let idle = now >= record.milestones.lastSeen ? now - record.milestones.lastSeen : 0
            let idleExpired = includingIdleOpenFlows && idle >= configuration.idleTimeout
            if idleExpired || (record.isClosed && idle >= configuration.closedTimeout) {
                retired(record)
                table.remove(slot)
                statistics.flowsEvicted += 1
                removed += 1
            }
        }
        return removed
    }

    // MARK: Reading the flows

    /// The flow currently held for a 4-tuple, either direction.
    ///
    /// - Parameters:
    ///   - first: one end.
    ///   - second: the other end.
    ///   - context: the flow's context (VLAN tags, a tunnel); none by default.
    /// - Returns: its record, or `nil`.
    public func flow(
        between first: TCPFlowEndpoint, and second: TCPFlowEndpoint, context: TCPFlowContext = .none
    ) -> TCPFlowRecord? {
        flow(for: TCPFlowKey(source: first, destination: second, context: context))
    }

    /// The flow currently held for a key.
    ///
    /// - Parameter key: the flow's key (its endpoints, either way round, and its context).
    /// - Returns: its record, or `nil`.
    public func flow(for key: TCPFlowKey) -> TCPFlowRecord? {
        guard let slot = table.find(key) else { return nil }
        return table[slot].record
    }

    /// The whole state the observer keeps for a flow (its record and what is not public), for tests.
    ///
    /// - Parameter key: the flow's key.
    /// - Returns: the state, or `nil` when no flow has that key.
    internal func state(of key: TCPFlowKey) -> FlowState? {
        guard let slot = table.find(key) else { return nil }
        return table[slot]
    }

    /// The flows held, in table order, without allocating.
    public var flows: Flows { Flows(table: table) }

    /// The flows held, sorted by ``TCPFlowRecord/id`` (allocates the array: for end-of-run reports).
    public var sortedFlows: [TCPFlowRecord] { flows.sorted { $0.id < $1.id } }

    /// The flows held, as a sequence of records.
    public struct Flows: Sequence, Sendable {
        /// The table, sharing its storage: the observer copies the storage before its next change.
        fileprivate let table: TCPFlowTable

        /// Yields the records of the slots in use.
        public struct Iterator: IteratorProtocol, Sendable {
            fileprivate let table: TCPFlowTable
            /// The first slot number not looked at yet.
            fileprivate var position = 0

            /// The next flow's record.
            public mutating func next() -> TCPFlowRecord? {
                guard let slot = table.firstSlotInUse(from: position) else {
                    position = table.capacity
                    return nil
                }
                position = slot.value + 1
                return table[slot].record
            }
        }

        /// An iterator over the records.
        public func makeIterator() -> Iterator { Iterator(table: table) }
    }
}
