/// Counts gathered over a whole capture, for `--summary`.
public struct InspectStatistics: Hashable, Sendable {
    /// Frames read.
    public var frames: UInt64 = 0
    /// Frames carrying a TCP header, whole or cut short.
    public var tcpSegments: UInt64 = 0
    /// Frames that are well formed but carry no TCP header (other protocols, unsupported link types).
    public var notTCP: UInt64 = 0
    /// The frames counted in ``notTCP``, by why (EtherType, IP protocol, link type, address family).
    public var skipped = SkippedFrameCounter()
    /// Fragments of TCP segments other than the first: no header in them.
    public var nonFirstFragments: UInt64 = 0
    /// IP datagrams carrying TCP put back together from their fragments (the segment then counts once, in
    /// ``tcpSegments``, on the frame that completed it).
    public var reassembledDatagrams: UInt64 = 0
    /// Fragmented datagrams given up, by ``IPFragmentReassembler/DropReason`` name (`timed_out`, `overlap` ...).
    public var droppedDatagrams: [String: UInt64] = [:]
    /// First fragments held for reassembly: shown on their own line, judged and counted as a segment only once
    /// their datagram is complete.
    public var heldFirstFragments: UInt64 = 0
    /// Fragments that cut the TCP header (RFC 1858, RFC 3128): a first fragment with fewer than 20 bytes of TCP,
    /// or a fragment at offset 8, which overlaps the header's second 8 bytes. Named `tiny-fragment` in the views.
    public var tinyFragments: UInt64 = 0
    /// Frames whose link or IP header is broken.
    public var malformedFrames: UInt64 = 0
    /// TCP headers that do not decode strictly (cut short, bad data offset, malformed option).
    public var malformedTCPHeaders: UInt64 = 0
    /// Segments whose capture holds fewer bytes than the IP header declares.
    public var truncatedSegments: UInt64 = 0
    /// Segments with a wrong checksum.
    public var badChecksums: UInt64 = 0
    /// Wrong checksums that hold what checksum offload leaves (the pseudo-header sum alone), counted in
    /// ``badChecksums`` too.
    public var offloadChecksums: UInt64 = 0
    /// Segments whose checksum could not be computed.
    public var uncheckedChecksums: UInt64 = 0
    /// TCP payload bytes, as the IP headers declare them.
    public var payloadBytes: UInt64 = 0
    /// Flows: with validation, the flows the observer tells apart (each connection on a reused 4-tuple, and
    /// each 4-tuple of segments that belong to no tracked connection), as the flows view reports them; without,
    /// address and port pairs (both directions count once).
    public var flows: UInt64 = 0
    /// Whether ``flows`` is an estimate: without validation, more distinct address and port pairs were seen than
    /// are counted exactly (``DistinctFlowCounter/exactLimit``), and the rest were estimated in bounded memory.
    public var flowsAreEstimated = false
    /// With validation, flows that ended because a table was full (the observer's, or that of segments of no
    /// tracked flow): each is reported on its own, and a later segment of it starts a new flow.
    public var flowsEndedForRoom: UInt64 = 0
    /// In the text view with relative numbers, connections whose base numbers were forgotten to bound memory
    /// (more connections at once than ``RelativeSequenceTable/capacity``); a later segment of one showed absolute
    /// numbers again, as for a connection seen for the first time.
    public var relativeSequenceEvictions: UInt64 = 0
    /// Validator anomalies by name (a flow note such as `one-direction-only` counts once per flow).
    public var anomalies: [String: UInt64] = [:]
    /// Validator anomalies by severity name (`violation`, `discouraged`, `capture`, `info`).
    public var anomaliesBySeverity: [String: UInt64] = [:]
    /// Segments by the role the validator recognised in them (`retransmission`, `duplicate-ack`, ...: the names of
    /// `TCPSegmentTraits.roles`), for the roles seen; a segment with two roles counts under both.
    public var roles: [String: UInt64] = [:]
    /// What Linux's conntrack would decide of the segments, by its name for the verdict (`invalid-state`,
    /// `ack-over-upper-bound`, `ignored`, ...: `TCPWindowCheck`'s descriptions), for every verdict but `ok`.
    public var conntrack: [String: UInt64] = [:]
    /// The number of segments conntrack would mark INVALID (`TCPWindowCheck.isInvalid`: what a ruleset's
    /// `ct state invalid drop` drops).
    public var conntrackInvalid: UInt64 = 0

    /// Makes empty counts.
    public init() {}
}
