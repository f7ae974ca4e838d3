import TCPCodec

/// Watches TCP segments of both directions, as a capture or a middlebox sees them, and judges each one.
///
/// Each flow (keyed by its 4-tuple, either direction) gets two ``TCPEndpoint`` models, one per side, and
/// conntrack's window tracking (``TCPWindowTracker``). A segment is recorded as sent by one side and received by
/// the other: the receiver's model decides the verdict and the stateful anomalies, the stateless rules
/// (``TCPSegmentRules``) add theirs, and the observer recognises retransmissions, keep-alives, zero-window probes,
/// duplicate ACKs, window updates and RFC 5961 challenge ACKs (``TCPSegmentTraits``). A segment the receiver drops
/// as a RST, a FIN or a SYN on a synchronized connection changes neither side's state, so an injected RST
/// answered by a challenge ACK leaves the connection as it was.
///
/// Flows whose handshake was not seen are picked up in a loose mode that says so (``TCPSegmentTraits/midStream``,
/// ``TCPFlowRecord/isMidStream``, ``TCPAnomaly/midStreamPickup``): once both directions have been seen, both
/// endpoints start ESTABLISHED with windows taken at their largest; conntrack's bounds are then not reported (as
/// conntrack is liberal on picked-up connections), only given in ``TCPObservation/windowCheck``.
///
/// What the capture could not see is named apart from what an endpoint did wrong (``TCPAnomalySeverity/capture``):
/// a segment past the last byte captured from its sender (``TCPAnomaly/previousSegmentNotCaptured``), an
/// acknowledgment of bytes never captured (``TCPAnomaly/ackOfUnseenSegment``, proved bogus after the fact by the
/// acknowledged side's next segment, reported through ``TCPObservation/earlierAnomaly``), a missed window update, a
/// header cut by the snapshot length, one direction only. Once a flow's capture has shown that it misses segments,
/// what lies beyond the modelled windows is taken as unseen rather than as a violation. Evasion is resisted by
/// judging as the receiving stack would: a RST/ACK in SYN-SENT echoing a TSval never sent, a TCP-MD5 or TCP-AO
/// option on a connection without one, data sent in SYN-SENT that a later SYN-ACK disproves
/// (``TCPAnomaly/dataBeforeSynAck``) change no state. Flows are keyed by their endpoints and a ``TCPFlowContext``
/// (VLAN tags, say).
///
/// Memory is bounded: the table holds at most ``Configuration/capacity`` flows, all allocated at init (open
/// addressing with linear probing over a preallocated slab). When it is full a new flow takes the place of a closed
/// flow, else of a half-open one (so a SYN flood only churns half-open flows), else of one idle for longer than
/// ``Configuration/idleTimeout``; if none is found the segment is not tracked. Observing a segment of a known flow
/// allocates nothing. Timestamps are the caller's, in nanoseconds on any clock that does not go backwards.
public struct TCPFlowObserver: Sendable {
    /// How the observer behaves.
    public struct Configuration: Hashable, Sendable {
        /// The most flows held at once; the table is allocated for this many at init.
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

    /// Per-flow state beyond the public record.
    @usableFromInline
    internal struct Slot: Sendable {
        var record: TCPFlowRecord
        var tracker = TCPWindowTracker()
        var inUse = false
        // The small per-segment flags sit here, on the cache line the lookup reads anyway.
        /// Loose flows: whether both sides have been seen and the endpoint models started.
        var looseStarted = false
        /// Whether the capture has shown that it misses segments of this flow (a gap, an acknowledgment of bytes
        /// not captured, a mid-stream pickup): what lies beyond the modelled windows is then taken as unseen.
        var captureIsLossy = false
        /// Whether ``TCPFlowRecord/captureNotes`` holds ``TCPAnomaly/oneDirectionOnly`` (so that the notes are
        /// written only when it changes).
        var oneSidedNoted = false
        /// Whose bytes ``unseenClaim`` is about: 0 for no claim, 1 the client's, 2 the server's.
        var unseenClaimSide: UInt8 = 0
        var hash = 0
        var low: TCPFlowEndpoint
        var high: TCPFlowEndpoint
        /// The flow's context, beside its endpoints so that a lookup reads one cache line (also in the record).
        var context = TCPFlowContext.none
        var clientSeen = SideSeen()
        var serverSeen = SideSeen()
        /// The caller's reference of the segment from which a handshake was inferred (a SYN-ACK not captured).
        var inferenceReference: UInt64 = 0
        /// Bytes of one side that its peer acknowledged while the capture never saw them sent: that side's next
        /// segment confirms them, or proves the acknowledgment bogus. One claim at a time per flow.
        var unseenClaim = UnseenClaim()

        init(placeholder endpoint: TCPFlowEndpoint) {
            record = TCPFlowRecord(
                id: 0, client: endpoint, server: endpoint, clientEndpoint: TCPEndpoint(), serverEndpoint: TCPEndpoint(),
                clientToServer: TCPFlowCounters(), serverToClient: TCPFlowCounters(), milestones: TCPFlowMilestones(),
                anomalies: TCPAnomalySet(), synECN: .notNegotiation, synAckECN: .notNegotiation, isMidStream: false,
                rolesAreGuessed: false)
            low = endpoint
            high = endpoint
        }
    }

    /// Bytes `start ..< end` of one side that its peer acknowledged while the capture had not seen them sent, and
    /// the reference of the acknowledging segment.
    @usableFromInline
    internal struct UnseenClaim: Sendable {
        var start = SequenceNumber(0)
        var end = SequenceNumber(0)
        var reference: UInt64 = 0
        /// RCV.NXT of the claimed side before the acknowledging segment: data that segment carried was taken on
        /// the strength of the claim, and is given back if it is proved bogus.
        var receiveNextBefore = SequenceNumber(0)
    }

    /// What was seen from one side (``Slot``'s `clientSeen` or `serverSeen`).
    @usableFromInline
    internal struct SideSeen: Sendable {
        var seen = false
        var firstSequence = SequenceNumber(0)
        var highestEnd = SequenceNumber(0)
        var hasACK = false
        var lastACK = SequenceNumber(0)
        var lastWindow: UInt16 = 0
        var challengePending = false
        /// Whether a segment of this side was captured with a right checksum.
        var checksumSeenRight = false
        /// The newest TSval captured from this side, if any.
        var hasTimestamp = false
        var newestTimestamp: UInt32 = 0
    }

    /// The slots, index and free list (see ``Table`` for their invariants).
    private var table: Table
    /// The number of free slots: the free list's first `freeCount` entries.
    private var freeCount: Int
    /// The index's number of positions minus one.
    private let mask: Int
    private var nextID: UInt64 = 1
    private var evictionCursor = 0
    /// The key of ``hash(_:_:)``: drawn from the standard library's hashing seed, which is random per process.
    private let seed: (UInt64, UInt64, UInt64, UInt64)

    /// The largest capacity an observer takes: 2^24 flows. A larger configured capacity is lowered to it.
    public static let maximumCapacity = 1 << 24

    /// Creates an observer with its whole table allocated.
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
        let capacity = configuration.capacity
        var size = 2
        while size < capacity * 2 { size <<= 1 }
        mask = size - 1
        let placeholder = TCPFlowEndpoint(address: TCPAddress(ipv4: 0), port: 0)
        table = Table(capacity: capacity, mask: size - 1, placeholder: Slot(placeholder: placeholder))
        freeCount = capacity
        func randomWord(_ salt: UInt64) -> UInt64 {
            var hasher = Hasher()
            hasher.combine(salt)
            // An odd word, so that no key half is zero for a zero field.
            return UInt64(UInt(bitPattern: hasher.finalize())) | 1
        }
        seed = (randomWord(1), randomWord(2), randomWord(3), randomWord(4))
    }

    /// The number of flows held.
    public var count: Int { configuration.capacity - freeCount }

    /// Takes the next flow ID for a flow kept outside the table (a report's segments that belong to no tracked
    /// flow), so that IDs stay unique and in order of creation across both.
    ///
    /// - Returns: an ID no flow of this observer has or will have.
    public mutating func takeFlowID() -> UInt64 {
        defer { nextID += 1 }
        return nextID
    }

    /// Gives the observer its own copy of the table if the table is shared with a copy of the observer (or with
    /// ``flows``): once at the start of each mutating call, so that no access inside it checks again.
    @inline(__always)
    private mutating func makeTableUnique() {
        if !isKnownUniquelyReferenced(&table) { table = Table(copying: table) }
    }

    /// The slot numbered `slotIndex`.
    @inline(__always)
    private func slot(_ slotIndex: Int) -> UnsafeMutablePointer<Slot> {
        assert(slotIndex >= 0 && slotIndex < configuration.capacity)
        // SAFETY: every caller passes a slot number read from the index or the free list, or below `capacity` by
        // its loop: all below `capacity`, the number of slots allocated (``Table``'s invariants).
        return table.slots + slotIndex
    }

    /// The index entry at a position (a slot number, or -1).
    @inline(__always)
    private func indexEntry(_ position: Int) -> Int32 {
        assert(position >= 0 && position <= mask)
        // SAFETY: every position is reduced with `& mask`, and the index has `mask + 1` positions.
        return table.index[position]
    }

    /// Sets the index entry at a position.
    @inline(__always)
    private func setIndexEntry(_ position: Int, _ entry: Int32) {
        assert(position >= 0 && position <= mask && entry < configuration.capacity)
        // SAFETY: as ``indexEntry(_:)``; called only on a table made unique by the mutating caller.
        table.index[position] = entry
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
    ///   - context: what separates flows besides the endpoints (the frame's VLAN tags, say); flows with different
    ///     contexts are different flows.
    ///   - reference: the caller's name for the segment (a frame number, say), handed back in
    ///     ``TCPObservation/earlierReference`` when a later segment proves something of this one.
    /// - Returns: the flow, direction, anomalies, recognised roles, verdict and states after the segment.
    public mutating func observe(
        _ segment: TCPSegmentView, from source: TCPAddress, to destination: TCPAddress, at time: UInt64,
        payloadLength: Int? = nil, checksumIsValid: Bool? = nil, context: TCPFlowContext = .none,
        reference: UInt64 = 0
    ) -> TCPObservation {
        // As `observe(TCPSegmentRules.judge(...), ...)`, without building the verdict only to take it apart.
        var anomalies = TCPAnomalySet()
        let summary = TCPSegmentRules.summarize(
            segment, profile: configuration.flagProfile, payloadLength: payloadLength, anomalies: &anomalies)
        return observe(
            summary, anomalies: anomalies, ecn: TCPECNSignal(flags: summary.flags),
            from: TCPFlowEndpoint(address: source, port: segment.sourcePort),
            to: TCPFlowEndpoint(address: destination, port: segment.destinationPort), at: time,
            checksumIsValid: checksumIsValid, context: context, reference: reference)
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
    ///   - context: what separates flows besides the endpoints (VLAN tags, say).
    ///   - reference: the caller's name for the segment, handed back in ``TCPObservation/earlierReference``.
    /// - Returns: the observation.
    public mutating func observe(
        _ verdict: TCPSegmentVerdict, from source: TCPFlowEndpoint, to destination: TCPFlowEndpoint, at time: UInt64,
        checksumIsValid: Bool? = nil, context: TCPFlowContext = .none, reference: UInt64 = 0
    ) -> TCPObservation {
        observe(
            verdict.summary, anomalies: verdict.anomalies, ecn: verdict.ecn, from: source, to: destination, at: time,
            checksumIsValid: checksumIsValid, context: context, reference: reference)
    }

    /// Both `observe` methods: updates a flow with a segment's summary and its stateless anomalies and ECN signal.
    ///
    /// Inlined into each, so that the observation is built where the caller receives it rather than copied out.
    @inline(__always)
    private mutating func observe(
        _ segment: TCPSegmentSummary, anomalies: TCPAnomalySet, ecn: TCPECNSignal, from source: TCPFlowEndpoint,
        to destination: TCPFlowEndpoint, at time: UInt64, checksumIsValid: Bool?, context: TCPFlowContext,
        reference: UInt64
    ) -> TCPObservation {
        statistics.segments += 1
        hasRetiredFlow = false
        makeTableUnique()
        var observation = TCPObservation(ecn: ecn, anomalies: anomalies)
        let flags = segment.flags
        let isNewSYN = flags.contains(.syn) && !flags.contains(.ack) && !flags.contains(.rst)
        let (low, high) = source < destination ? (source, destination) : (destination, source)
        let hash = self.hash(low, high, context)
        var found = lookup(low, high, context, hash: hash)

        // A SYN for a 4-tuple whose connection is over starts a new flow.
        if let position = found, isNewSYN {
            let slot = self.slot(Int(indexEntry(position)))
            let record = slot.pointer(to: \.record)!
            let receiver = source == record.pointee.client
                ? record.pointee.serverEndpoint : record.pointee.clientEndpoint
            var reused = receiver.state == .closed || receiver.state == .listen
            if receiver.state == .timeWait {
                var probe = receiver
                reused = probe.receive(segment).state == .synReceived
            }
            if reused {
                retire(record.pointee, observation: &observation)
                removeEntry(at: position)
                statistics.flowsReused += 1
                found = nil
            }
        }

        let slotIndex: Int
        if let position = found {
            slotIndex = Int(indexEntry(position))
        } else {
            if flags.contains(.rst) {
                observation.anomalies.insert(.rstWithoutSession)
                return untracked(observation)
            }
            if flags.contains(.fin) && !flags.contains(.syn) { observation.anomalies.insert(.finWithoutSession) }
            if !isNewSYN && !configuration.midStreamPickup { return untracked(observation) }
            guard let created = createFlow(
                low: low, high: high, context: context, hash: hash, time: time, observation: &observation)
            else {
                return untracked(observation)
            }
            slotIndex = created
            startFlow(slotIndex, segment: segment, source: source, destination: destination, isNewSYN: isNewSYN,
                      time: time)
            observation.traits.insert(.newFlow)
            if !isNewSYN { observation.anomalies.insert(.midStreamPickup) }
        }
        Self.process(
            slot(slotIndex), segment: segment, source: source, time: time, checksumIsValid: checksumIsValid,
            reference: reference, observation: &observation)
        if !observation.anomalies.isEmpty { statistics.segmentsWithAnomalies += 1 }
        return observation
    }

    /// Keeps a flow's record for ``lastRetiredFlow`` and says so in the observation.
    private mutating func retire(_ record: TCPFlowRecord, observation: inout TCPObservation) {
        table.retiredRecord = record
        hasRetiredFlow = true
        observation.retiredFlow = true
    }

    private mutating func untracked(_ observation: TCPObservation) -> TCPObservation {
        var observation = observation
        observation.traits.insert(.untracked)
        statistics.untrackedSegments += 1
        if !observation.anomalies.isEmpty { statistics.segmentsWithAnomalies += 1 }
        return observation
    }

    private mutating func startFlow(
        _ slotIndex: Int, segment: TCPSegmentSummary, source: TCPFlowEndpoint, destination: TCPFlowEndpoint,
        isNewSYN: Bool, time: UInt64
    ) {
        let slot = self.slot(slotIndex)
        var record = slot.pointee.record
        record.id = nextID
        nextID += 1
        record.clientToServer = TCPFlowCounters()
        record.serverToClient = TCPFlowCounters()
        record.milestones = TCPFlowMilestones()
        record.milestones.firstSeen = time
        record.anomalies = TCPAnomalySet()
        record.synECN = .notNegotiation
        record.synAckECN = .notNegotiation
        let flags = segment.flags
        if isNewSYN {
            record.client = source
            record.server = destination
            // Windows unknown until each side's own segments show them (a one-sided capture never does).
            record.clientEndpoint = TCPEndpoint(receiveWindow: TCPEndpoint.unknownWindow)
            record.serverEndpoint = TCPEndpoint(state: .listen, receiveWindow: TCPEndpoint.unknownWindow)
            record.isMidStream = false
            record.rolesAreGuessed = false
        } else {
            let isSynAck = flags.contains(.syn) && flags.contains(.ack)
            let serverIsSource = isSynAck || source.port < destination.port
            record.client = serverIsSource ? destination : source
            record.server = serverIsSource ? source : destination
            record.isMidStream = true
            record.rolesAreGuessed = !isSynAck
            let sender = TCPEndpoint(
                midStreamSendUnacknowledged: segment.sequenceNumber, sendNext: segment.sequenceEnd,
                receiveNext: segment.acknowledgmentNumber)
            let receiver = TCPEndpoint(
                midStreamSendUnacknowledged: segment.acknowledgmentNumber, sendNext: segment.acknowledgmentNumber,
                receiveNext: segment.sequenceNumber)
            record.clientEndpoint = serverIsSource ? receiver : sender
            record.serverEndpoint = serverIsSource ? sender : receiver
        }
        record.captureNotes = isNewSYN ? TCPAnomalySet() : [.midStreamPickup]
        slot.pointee.record = record
        slot.pointee.inferenceReference = 0
        slot.pointee.captureIsLossy = !isNewSYN
        slot.pointee.oneSidedNoted = false
        slot.pointee.unseenClaimSide = 0
        slot.pointee.tracker = TCPWindowTracker()
        slot.pointee.looseStarted = false
        slot.pointee.clientSeen = SideSeen()
        slot.pointee.serverSeen = SideSeen()
        statistics.flowsCreated += 1
    }

    // MARK: Per-segment processing

    /// Judges a segment of a flow and updates the flow's slot in place.
    ///
    /// Everything is read and written through `slot` (one slot of the table, valid for the call): the endpoint
    /// models, counters and milestones are updated where they are instead of copied out and back.
    private static func process(
        _ slot: UnsafeMutablePointer<Slot>, segment: TCPSegmentSummary, source: TCPFlowEndpoint, time: UInt64,
        checksumIsValid: Bool?, reference: UInt64, observation: inout TCPObservation
    ) {
        let flags = segment.flags
        let fromClient = source == slot.pointee.record.client
        observation.flowID = slot.pointee.record.id
        observation.direction = fromClient ? .clientToServer : .serverToClient
        if slot.pointee.record.isMidStream { observation.traits.insert(.midStream) }
        let handshakePending = slot.pointee.record.milestones.established == nil
        observation.windowCheck = slot.pointee.tracker.check(
            segment, fromClient: fromClient, handshakePending: handshakePending)

        // The sender's and receiver's parts of the slot, by role. A stored property's pointer is a constant offset.
        let counters = fromClient
            ? slot.pointer(to: \.record.clientToServer)! : slot.pointer(to: \.record.serverToClient)!
        let sidePointer = fromClient ? slot.pointer(to: \.clientSeen)! : slot.pointer(to: \.serverSeen)!
        let peerPointer = fromClient ? slot.pointer(to: \.serverSeen)! : slot.pointer(to: \.clientSeen)!
        counters.pointee.segments += 1
        counters.pointee.payloadBytes += UInt64(segment.payloadLength)

        // Read and written in place: a copy written field by field and read back whole stalls the store buffer.
        let sideSeen = UnsafePointer(sidePointer)
        let peerSeen = UnsafePointer(peerPointer)

        // Checksums: a side seen with a right one computes them before the capture point, so a wrong one of its
        // segments was corrupted or forged, and its receiver drops it; a side whose checksums were all wrong is
        // checksum offload on the capturing host, judged as if they were right.
        if let valid = checksumIsValid {
            if valid {
                sidePointer.pointee.checksumSeenRight = true
            } else if sideSeen.pointee.checksumSeenRight {
                observation.anomalies.insert(.badChecksum)
                observation.verdict = .dropped
                observation.traits.insert(.dropped)
                finish(slot, fromClient: fromClient, time: time, observation: &observation)
                return
            } else if !slot.pointee.record.captureNotes.contains(.checksumOffload) {
                slot.pointee.record.captureNotes.insert(.checksumOffload)
            }
        }
        // A TCP-MD5 or TCP-AO option the receiver has no key for (its own SYN carried none): dropped before TCP sees
        // it (Linux tcp_inbound_hash), so it moves nothing here either, not even the capture heuristics.
        if segment.hasAuthenticationOption {
            let receiverModel = fromClient
                ? slot.pointer(to: \.record.serverEndpoint)! : slot.pointer(to: \.record.clientEndpoint)!
            let state = receiverModel.pointee.state
            if receiverModel.pointee.sawLocalSYN && !receiverModel.pointee.localAuthentication && state != .closed
                && state != .listen
            {
                observation.anomalies.insert(.unexpectedAuthenticationOption)
                observation.verdict = .dropped
                observation.traits.insert(.dropped)
                finish(slot, fromClient: fromClient, time: time, observation: &observation)
                return
            }
        }

        if slot.pointee.record.isMidStream && !slot.pointee.looseStarted {
            noteSide(&sidePointer.pointee, segment: segment)
            if sideSeen.pointee.seen && peerSeen.pointee.seen { startLooseEndpoints(slot) }
            finish(slot, fromClient: fromClient, time: time, observation: &observation)
            return
        }

        // Both models are driven where they are held.
        let sender = fromClient
            ? slot.pointer(to: \.record.clientEndpoint)! : slot.pointer(to: \.record.serverEndpoint)!
        let receiver = fromClient
            ? slot.pointer(to: \.record.serverEndpoint)! : slot.pointer(to: \.record.clientEndpoint)!
        // A SYN-ACK settles a handshake that an earlier acknowledgment implied (its SYN-ACK was not captured): the
        // same ISN confirms it; another ISN proves that the earlier segment answered no SYN-ACK, and both models
        // go back to where they were before it.
        // Only the side whose SYN-ACK was inferred can send the SYN-ACK that settles it: a sender whose own ISS was
        // taken from an acknowledgment, to a receiver whose peer's ISN was.
        let settlesSender = sender.pointee.handshakeInferred && !sender.pointee.sawLocalSYN
        let settlesReceiver = receiver.pointee.handshakeInferred && receiver.pointee.sawLocalSYN
        if flags.contains(.syn) && flags.contains(.ack) && (settlesSender || settlesReceiver) {
            if (settlesSender && segment.sequenceNumber != sender.pointee.initialSendSequence)
                || (settlesReceiver && segment.sequenceNumber != receiver.pointee.initialReceiveSequence)
            {
                observation.earlierAnomaly = .dataBeforeSynAck
                observation.earlierReference = slot.pointee.inferenceReference
                slot.pointee.record.anomalies.insert(.dataBeforeSynAck)
                sender.pointee.retractInferredHandshake()
                receiver.pointee.retractInferredHandshake()
                slot.pointee.record.milestones.established = nil
            } else {
                sender.pointee.handshakeInferred = false
                receiver.pointee.handshakeInferred = false
            }
        } else if settlesSender && !flags.contains(.syn) && !flags.contains(.rst)
            && segment.sequenceNumber == sender.pointee.sendNext
        {
            // The side whose ISS was inferred goes on from it: its own segment confirms the inference.
            sender.pointee.handshakeInferred = false
            receiver.pointee.handshakeInferred = false
        }

        // The sender's bytes its peer acknowledged unseen: a segment of the sender that starts inside them shows that
        // its SND.NXT never reached them (a pure ACK carries SND.NXT): the acknowledgment was of data never sent.
        let senderSide: UInt8 = fromClient ? 1 : 2
        let senderModel = fromClient
            ? slot.pointer(to: \.record.clientEndpoint)! : slot.pointer(to: \.record.serverEndpoint)!
        let receiverModel = fromClient
            ? slot.pointer(to: \.record.serverEndpoint)! : slot.pointer(to: \.record.clientEndpoint)!
        // A retransmission of older bytes says nothing either way.
        if slot.pointee.unseenClaimSide == senderSide && !flags.contains(.syn) && !flags.contains(.rst)
            && !segment.sequenceNumber.isBefore(slot.pointee.unseenClaim.start)
        {
            let claim = slot.pointee.unseenClaim
            if segment.sequenceNumber.isBefore(claim.end) && observation.earlierAnomaly == nil {
                observation.earlierAnomaly = .ackOfUnsentData
                observation.earlierReference = claim.reference
                slot.pointee.record.anomalies.insert(.ackOfUnsentData)
                senderModel.pointee.retractUnseenSent(to: claim.start)
                senderModel.pointee.retractReceived(to: claim.receiveNextBefore)
                // The acknowledging side's own bogus ACK moved its RCV.NXT there too.
                receiverModel.pointee.retractReceived(to: claim.start)
            }
            slot.pointee.unseenClaimSide = 0
        }

        let receiverBefore = receiver.pointee.state
        let senderBefore = sender.pointee.state
        let senderInferredBefore = sender.pointee.handshakeInferred
        let receiverInferredBefore = receiver.pointee.handshakeInferred
        // A segment (data, FIN or RST) starting past the last byte captured from its sender: the capture missed
        // what lies between.
        let isGap = sender.pointee.hasSentSYN && senderBefore.isSynchronized
            && (segment.sequenceLength > 0 || flags.contains(.rst))
            && !flags.contains(.syn) && segment.sequenceNumber.isAfter(sender.pointee.sendNext)
            && sender.pointee.sendUnacknowledged.distance(to: segment.sequenceNumber) <= TCPEndpoint.unknownWindow
        // Past the first byte while either side is at SYN-RECEIVED: the handshake's ACK and what followed it were
        // not captured (a capture filtered to SYN, FIN and RST shows exactly this).
        if isGap && (receiverBefore == .synReceived || senderBefore == .synReceived) {
            slot.pointee.captureIsLossy = true
        }
        // A TSecr newer than any TSval captured from the receiver: a receiver segment was not captured.
        var missedReceiverSegment = false
        // (TSecr means something only with ACK set and non-zero, RFC 7323 section 3.2.)
        if flags.contains(.ack), let echo = segment.timestampEchoReply, echo != 0, peerSeen.pointee.hasTimestamp,
            SequenceNumber(echo).isAfter(SequenceNumber(peerSeen.pointee.newestTimestamp))
        {
            missedReceiverSegment = true
            slot.pointee.captureIsLossy = true
        }
        // A TCP Fast Open server (its SYN-ACK took the SYN's data) may send data in SYN-RECEIVED (RFC 7413).
        let fastOpenServer = receiverBefore == .synReceived
            && receiver.pointee.receiveNext != receiver.pointee.initialReceiveSequence + 1
        // An acknowledgment of bytes the capture never saw the receiver send, but which it could have sent: within
        // the largest window its peer can offer beyond SND.UNA, or anywhere in the half of the sequence space ahead
        // once the capture has shown it misses this flow's segments (SND.UNA is then stale too). In SYN-RECEIVED
        // only on a gap segment, so that a wrong handshake ACK is still one.
        if flags.contains(.ack) && !flags.contains(.rst) && receiver.pointee.hasSentSYN
            && receiverBefore.isSynchronized && (receiverBefore != .synReceived || isGap || fastOpenServer)
            && segment.acknowledgmentNumber.isAfter(receiver.pointee.sendNext)
            && receiver.pointee.sendUnacknowledged.distance(to: segment.acknowledgmentNumber)
                <= (slot.pointee.captureIsLossy ? TCPEndpoint.unknownWindow : receiver.pointee.largestPeerWindow)
        {
            if slot.pointee.unseenClaimSide == 0 {
                slot.pointee.unseenClaim = UnseenClaim(
                    start: receiver.pointee.sendNext, end: segment.acknowledgmentNumber, reference: reference,
                    receiveNextBefore: receiver.pointee.receiveNext)
                slot.pointee.unseenClaimSide = fromClient ? 2 : 1
            }
            receiver.pointee.takeUnseenSent(upTo: segment.acknowledgmentNumber)
            observation.anomalies.insert(.ackOfUnseenSegment)
            slot.pointee.captureIsLossy = true
        }

        // Roles, read before the models move.
        let payload = segment.payloadLength
        let controlFree = !flags.contains(.syn) && !flags.contains(.fin) && !flags.contains(.rst)
        let pureACK = controlFree && payload == 0 && flags.contains(.ack)
        var isKeepAlive = false
        if sender.pointee.hasSentSYN && sender.pointee.state.isSynchronized {
            // Not while the receiver awaits the handshake's ACK: at SND.NXT - 1 = ISN that ACK has the wrong seq.
            if controlFree && flags.contains(.ack) && payload <= 1
                && segment.sequenceNumber == sender.pointee.sendNext - 1
                && receiverBefore != .synReceived
            {
                isKeepAlive = true
                observation.traits.insert(.keepAlive)
            } else if payload >= 1 && segment.sequenceNumber == sender.pointee.sendNext
                && receiver.pointee.receiveWindow == 0
                && receiver.pointee.state.isSynchronized && peerSeen.pointee.hasACK && peerSeen.pointee.lastWindow == 0
            {
                observation.traits.insert(.zeroWindowProbe)
            }
        }
        if !isKeepAlive && sender.pointee.hasSentSYN && segment.sequenceLength > 0
            && segment.sequenceNumber.isBefore(sender.pointee.sendNext)
        {
            observation.traits.insert(.retransmission)
            counters.pointee.retransmissions += 1
            if payload > 0 && peerSeen.pointee.hasACK && !flags.contains(.syn)
                && !(segment.sequenceNumber + payload).isAfter(peerSeen.pointee.lastACK)
            {
                observation.anomalies.insert(.beforeLastACK)
            }
        }
        if pureACK && !isKeepAlive && sideSeen.pointee.hasACK
            && sideSeen.pointee.lastACK == segment.acknowledgmentNumber
        {
            if sideSeen.pointee.challengePending && segment.acknowledgmentNumber == sender.pointee.receiveNext {
                observation.traits.insert(.challengeACK)
            } else if sideSeen.pointee.lastWindow == segment.window {
                observation.traits.insert(.duplicateACK)
            } else {
                observation.traits.insert(.windowUpdate)
            }
        } else if pureACK && sideSeen.pointee.challengePending
            && segment.acknowledgmentNumber == sender.pointee.receiveNext
        {
            observation.traits.insert(.challengeACK)
        }
        sidePointer.pointee.challengePending = false

        // Direction of handshake segments (Suricata's 3whs direction events).
        if flags.contains(.syn) && flags.contains(.ack) && fromClient && !sender.pointee.hasReceivedSYN {
            observation.anomalies.insert(.synAckWrongDirection)
        }
        if flags.contains(.syn) && !flags.contains(.ack) && !fromClient && sender.pointee.state == .synReceived
            && sender.pointee.isPassive && sender.pointee.hasSentSYN
        {
            observation.anomalies.insert(.synWrongDirection)
        }

        // The receiver judges.
        let handshakeFloor = receiver.pointee.initialReceiveSequence + 1
        var result = receiver.pointee.receive(segment)
        // A gap segment beyond the modelled window: the capture missed what moved the window (the receiver's
        // acknowledgments), not a violation. The receiver's state does not move; a FIN there is kept pending until
        // the receiver's own acknowledgment shows it took it.
        // Only once the capture has shown it loses this flow's segments: on a complete capture a segment far
        // beyond the window is the sender's doing.
        var gapBeyondWindow = false
        let beyondWindow = result.anomalies.contains(.outOfWindow) || result.anomalies.contains(.finOutOfWindow)
        // Beyond the window the receiver last showed, but inside the largest it could have offered since, when the
        // capture missed one of its segments (the TSecr says so): that segment opened the window.
        let withinMissedUpdate = missedReceiverSegment && peerSeen.pointee.hasACK
            && segment.sequenceNumber.isAfter(receiver.pointee.receiveNext)
            && segment.sequenceNumber.isBefore(peerSeen.pointee.lastACK + sender.pointee.largestPeerWindow)
        if (isGap || withinMissedUpdate) && beyondWindow && slot.pointee.captureIsLossy {
            result.anomalies.remove(.outOfWindow)
            result.anomalies.remove(.finOutOfWindow)
            gapBeyondWindow = true
            if !isGap { observation.anomalies.insert(.windowUpdateNotCaptured) }
            if flags.contains(.fin) && receiver.pointee.pendingFINSequence == nil {
                // Taken only if the receiver's own acknowledgment covers it, never by data reaching it.
                receiver.pointee.unconfirmedFINSequence = segment.sequenceNumber + segment.payloadLength
            }
        }
        // A RST past the last byte captured from its sender, once the capture has shown it loses segments: the
        // receiver's RCV.NXT may have moved with what was not captured, so it is not called the sender's violation;
        // but nothing proves the receiver took it, so it moves no state (an injected RST after a forged gap must
        // not tear the connection down).
        let lossyReset = flags.contains(.rst) && isGap && slot.pointee.captureIsLossy
            && (result.anomalies.contains(.rstNotExact) || result.anomalies.contains(.invalidRST))
        if lossyReset {
            result.anomalies.remove(.rstNotExact)
            result.anomalies.remove(.invalidRST)
        }
        if isGap && (!beyondWindow || gapBeyondWindow) && (!flags.contains(.rst) || lossyReset) {
            observation.anomalies.insert(.previousSegmentNotCaptured)
            slot.pointee.captureIsLossy = true
        }
        // The ACK that would complete the handshake with a wrong sequence number: before ISN + 1 (the ISN itself
        // too, which the receiver drops silently as old) or refused by SYN-RECEIVED (past the window).
        if receiverBefore == .synReceived && !flags.contains(.syn) && !flags.contains(.rst) && flags.contains(.ack)
            && !gapBeyondWindow
            && (segment.sequenceNumber.isBefore(handshakeFloor) || result.acceptability == .unacceptable)
        {
            result.anomalies.remove(.outOfWindow)
            result.anomalies.insert(.handshakeACKWrongSeq)
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
            sender.pointee.record(sent: segment, anomalies: &observation.anomalies)
        }
        if (!senderInferredBefore && sender.pointee.handshakeInferred)
            || (!receiverInferredBefore && receiver.pointee.handshakeInferred)
        {
            // A SYN-ACK the capture did not hold, or one never sent (a later SYN-ACK tells which): the receiver's ISS
            // came from this acknowledgment, or the sender acknowledged from SYN-SENT.
            observation.anomalies.insert(.ackOfUnseenSegment)
            slot.pointee.inferenceReference = reference
        }
        // Conntrack's bounds are not reported on a flow picked up mid-stream: like conntrack's liberal tracking of
        // picked-up connections, they would judge windows whose scale was never seen (the endpoint models, with
        // windows at their largest, still judge).

        // Milestones.
        let milestones = slot.pointer(to: \.record.milestones)!
        if flags.contains(.syn) && !flags.contains(.ack) && fromClient && milestones.pointee.syn == nil {
            milestones.pointee.syn = time
            slot.pointee.record.synECN = observation.ecn
        }
        if flags.contains(.syn) && flags.contains(.ack) && !fromClient && milestones.pointee.synAck == nil {
            milestones.pointee.synAck = time
            slot.pointee.record.synAckECN = observation.ecn
        }
        if flags.contains(.fin) && !refusedControl {
            if fromClient { milestones.pointee.clientFIN = milestones.pointee.clientFIN ?? time } else {
                milestones.pointee.serverFIN = milestones.pointee.serverFIN ?? time
            }
        }
        if result.verdict == .connectionReset || (flags.contains(.rst) && !refusedControl && senderBefore != .closed)
        {
            milestones.pointee.reset = milestones.pointee.reset ?? time
        }
        noteSide(&sidePointer.pointee, segment: segment)
        if case .challengeACK = result.response { peerPointer.pointee.challengePending = true }
        finish(slot, fromClient: fromClient, time: time, observation: &observation)
    }

    /// Records milestones common to every path, the states after the segment, and the anomalies.
    private static func finish(
        _ slot: UnsafeMutablePointer<Slot>, fromClient: Bool, time: UInt64, observation: inout TCPObservation
    ) {
        let record = slot.pointer(to: \.record)!
        let milestones = record.pointer(to: \.milestones)!
        milestones.pointee.lastSeen = time
        let clientState = record.pointee.clientEndpoint.state
        let serverState = record.pointee.serverEndpoint.state
        if milestones.pointee.established == nil && !record.pointee.isMidStream
            && clientState.isSynchronized && clientState != .synReceived
            && serverState.isSynchronized && serverState != .synReceived
        {
            milestones.pointee.established = time
        }
        if milestones.pointee.closed == nil && TCPFlowRecord.isGone(clientState) && TCPFlowRecord.isGone(serverState)
            && (record.pointee.clientEndpoint.wasSynchronized || record.pointee.serverEndpoint.wasSynchronized
                || milestones.pointee.reset != nil || clientState == .closed && milestones.pointee.syn != nil)
        {
            milestones.pointee.closed = time
        }
        // One direction only: one side was never captured although the other acknowledged it.
        let oneSided = (record.pointee.serverToClient.segments == 0 && slot.pointee.clientSeen.hasACK)
            || (record.pointee.clientToServer.segments == 0 && slot.pointee.serverSeen.hasACK)
        if oneSided != slot.pointee.oneSidedNoted {
            slot.pointee.oneSidedNoted = oneSided
            if oneSided {
                record.pointee.captureNotes.insert(.oneDirectionOnly)
            } else {
                record.pointee.captureNotes.remove(.oneDirectionOnly)
            }
        }
        observation.senderState = fromClient ? clientState : serverState
        observation.receiverState = fromClient ? serverState : clientState
        if !observation.anomalies.isEmpty {
            record.pointee.anomalies.formUnion(observation.anomalies)
            if fromClient {
                record.pointee.clientToServer.segmentsWithAnomalies += 1
            } else {
                record.pointee.serverToClient.segmentsWithAnomalies += 1
            }
        }
    }

    @inline(__always)
    private static func noteSide(_ side: inout SideSeen, segment: TCPSegmentSummary) {
        if !side.seen {
            side.seen = true
            side.firstSequence = segment.sequenceNumber
            side.highestEnd = segment.sequenceEnd
        } else if segment.sequenceEnd.isAfter(side.highestEnd) {
            side.highestEnd = segment.sequenceEnd
        }
        if segment.flags.contains(.ack) {
            side.hasACK = true
            side.lastACK = segment.acknowledgmentNumber
            side.lastWindow = segment.window
        }
        if let value = segment.timestampValue,
            !side.hasTimestamp || SequenceNumber(value).isAfter(SequenceNumber(side.newestTimestamp))
        {
            side.hasTimestamp = true
            side.newestTimestamp = value
        }
    }

    /// Both sides of a mid-stream flow have been seen: start both endpoint models, ESTABLISHED.
    private static func startLooseEndpoints(_ slot: UnsafeMutablePointer<Slot>) {
        let client = slot.pointee.clientSeen
        let server = slot.pointee.serverSeen
        slot.pointee.record.clientEndpoint = TCPEndpoint(
            midStreamSendUnacknowledged: server.hasACK ? server.lastACK : client.firstSequence,
            sendNext: client.highestEnd,
            receiveNext: client.hasACK ? client.lastACK : server.firstSequence)
        slot.pointee.record.serverEndpoint = TCPEndpoint(
            midStreamSendUnacknowledged: client.hasACK ? client.lastACK : server.firstSequence,
            sendNext: server.highestEnd,
            receiveNext: server.hasACK ? server.lastACK : client.firstSequence)
        slot.pointee.looseStarted = true
    }

    // MARK: The table

    /// The table's hash of a flow key: two 64 x 64 -> 128-bit multiplications folded (the "mum" step of wyhash)
    /// over the addresses, ports and family, keyed by the observer's random ``seed``.
    ///
    /// A keyed non-cryptographic hash, as Linux conntrack keys jhash with a random seed: an attacker who does not
    /// know the seed (random per process) cannot aim flows at one run of the table, and it costs a few
    /// multiplications where the standard library's SipHash-1-3 took about 250 instructions per segment.
    @inline(__always)
    private func hash(_ low: TCPFlowEndpoint, _ high: TCPFlowEndpoint, _ context: TCPFlowContext) -> Int {
        let ports = UInt64(low.port) << 16 | UInt64(high.port) | UInt64(low.address.byteCount) << 32
        let first = Self.mum(low.address.high ^ seed.0 ^ context.rawValue, high.address.high ^ seed.1)
        let second = Self.mum(low.address.low ^ seed.2, high.address.low ^ ports ^ seed.3)
        return Int(truncatingIfNeeded: Self.mum(first ^ second ^ seed.0, 0x9E37_79B9_7F4A_7C15 ^ seed.3))
    }

    /// The 128-bit product of two words, its halves folded together.
    @inline(__always)
    private static func mum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// The index position holding the flow, or `nil`.
    @inline(__always)
    private func lookup(
        _ low: TCPFlowEndpoint, _ high: TCPFlowEndpoint, _ context: TCPFlowContext, hash: Int
    ) -> Int? {
        var position = hash & mask
        while true {
            let entry = indexEntry(position)
            if entry < 0 { return nil }
            let slot = self.slot(Int(entry))
            if slot.pointee.hash == hash && slot.pointee.low == low && slot.pointee.high == high
                && slot.pointee.context == context
            {
                return position
            }
            position = (position + 1) & mask
        }
    }

    /// Takes a free slot (evicting if the table is full) and enters it in the index.
    private mutating func createFlow(
        low: TCPFlowEndpoint, high: TCPFlowEndpoint, context: TCPFlowContext, hash: Int, time: UInt64,
        observation: inout TCPObservation
    ) -> Int? {
        if freeCount == 0 {
            guard let victim = chooseVictim(now: time) else {
                statistics.flowsRefused += 1
                return nil
            }
            retire(slot(victim).pointee.record, observation: &observation)
            observation.traits.insert(.evictedAnother)
            statistics.flowsEvicted += 1
            removeEntry(at: position(ofSlot: victim))
        }
        freeCount -= 1
        // SAFETY: `freeCount` is now within `0..<capacity` (``Table``'s invariants), and the free list has
        // `capacity` entries.
        let slotIndex = Int(table.freeList[freeCount])
        let slot = self.slot(slotIndex)
        slot.pointee.inUse = true
        slot.pointee.hash = hash
        slot.pointee.low = low
        slot.pointee.high = high
        slot.pointee.context = context
        slot.pointee.record.context = context
        var position = hash & mask
        while indexEntry(position) >= 0 { position = (position + 1) & mask }
        setIndexEntry(position, Int32(truncatingIfNeeded: slotIndex))
        return slotIndex
    }

    private func position(ofSlot slotIndex: Int) -> Int {
        var position = slot(slotIndex).pointee.hash & mask
        while Int(indexEntry(position)) != slotIndex { position = (position + 1) & mask }
        return position
    }

    /// Removes the flow at an index position (backward-shift deletion: no tombstones) and frees its slot.
    private mutating func removeEntry(at position: Int) {
        let slotIndex = Int(indexEntry(position))
        slot(slotIndex).pointee.inUse = false
        // SAFETY: a slot leaving the index was not free, so `freeCount` is below `capacity` (``Table``'s
        // invariants), and the free list has `capacity` entries.
        table.freeList[freeCount] = Int32(truncatingIfNeeded: slotIndex)
        freeCount += 1
        var hole = position
        var next = position
        while true {
            next = (next + 1) & mask
            let entry = indexEntry(next)
            if entry < 0 { break }
            let home = slot(Int(entry)).pointee.hash & mask
            // Leave the entry if its home lies cyclically in (hole, next].
            let stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next)
            if stays { continue }
            setIndexEntry(hole, entry)
            hole = next
        }
        setIndexEntry(hole, -1)
    }

    /// A flow to evict from a full table: closed first, then half-open, then idle; `nil` if all are live.
    private mutating func chooseVictim(now: UInt64) -> Int? {
        let capacity = configuration.capacity
        var bestHalfOpen: Int?
        var bestIdle: Int?
        for step in 0..<min(configuration.evictionSampleSize, capacity) {
            let candidate = (evictionCursor + step) % capacity
            let record = slot(candidate).pointer(to: \.record)!.pointee
            if record.isClosed {
                evictionCursor = (candidate + 1) % capacity
                return candidate
            }
            let lastSeen = record.milestones.lastSeen
            if record.milestones.established == nil && !record.isMidStream {
                if bestHalfOpen.map({ slot($0).pointee.record.milestones.lastSeen > lastSeen }) ?? true {
                    bestHalfOpen = candidate
                }
            } else if now >= lastSeen && now - lastSeen >= configuration.idleTimeout {
                if bestIdle.map({ slot($0).pointee.record.milestones.lastSeen > lastSeen }) ?? true {
                    bestIdle = candidate
                }
            }
        }
        evictionCursor = (evictionCursor + configuration.evictionSampleSize) % capacity
        return bestHalfOpen ?? bestIdle
    }

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
        makeTableUnique()
        var removed = 0
        for slotIndex in 0..<configuration.capacity where slot(slotIndex).pointee.inUse {
            let record = slot(slotIndex).pointee.record
            let idle = now >= record.milestones.lastSeen ? now - record.milestones.lastSeen : 0
            let idleExpired = includingIdleOpenFlows && idle >= configuration.idleTimeout
            if idleExpired || (record.isClosed && idle >= configuration.closedTimeout) {
                retired(record)
                removeEntry(at: position(ofSlot: slotIndex))
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
    ///   - context: the flow's context (VLAN tags, say); none by default.
    /// - Returns: its record, or `nil`.
    public func flow(
        between first: TCPFlowEndpoint, and second: TCPFlowEndpoint, context: TCPFlowContext = .none
    ) -> TCPFlowRecord? {
        let (low, high) = first < second ? (first, second) : (second, first)
        guard let position = lookup(low, high, context, hash: hash(low, high, context)) else { return nil }
        return slot(Int(indexEntry(position))).pointee.record
    }

    /// The flows held, in table order, without allocating.
    public var flows: Flows { Flows(table: table) }

    /// The flows held, sorted by ``TCPFlowRecord/id`` (allocates the array: for end-of-run reports).
    public var sortedFlows: [TCPFlowRecord] { flows.sorted { $0.id < $1.id } }

    /// The flows held, as a sequence of records.
    public struct Flows: Sequence, Sendable {
        /// The table, shared: the observer copies it before its next change.
        fileprivate let table: Table

        /// Yields the records of the slots in use.
        public struct Iterator: IteratorProtocol, Sendable {
            fileprivate let table: Table
            fileprivate var position = 0

            /// The next flow's record.
            public mutating func next() -> TCPFlowRecord? {
                while position < table.capacity {
                    defer { position += 1 }
                    // SAFETY: `position` is below `capacity`, the number of slots.
                    let slot = table.slots + position
                    if slot.pointee.inUse { return slot.pointee.record }
                }
                return nil
            }
        }

        /// An iterator over the records.
        public func makeIterator() -> Iterator { Iterator(table: table) }
    }
}
