/// Everything the observer knows about one flow: its endpoints, both sides' state machines, counts, milestones and
/// the anomalies seen. A value; reading it allocates nothing.
@frozen
public struct TCPFlowRecord: Hashable, Sendable {
    // Stored in the order a segment of an established flow reads and writes them, then what only the handshake,
    // the close or a report reads (the ECN signals, the roles' guess, the notes), so that a segment touches the
    // fewest cache lines of its flow's slot; the milestones, whose first words are the per-segment ones, come
    // between the two. The endpoints and the context come first: they are the flow's key in the observer's table.

    /// A serial number, in order of creation (1, 2, 3, ...).
    public var id: UInt64
    /// The client: the endpoint that sent the first SYN (or the guess for a mid-stream flow).
    public var client: TCPFlowEndpoint
    /// The server: the endpoint the first SYN was sent to (or the guess for a mid-stream flow).
    public var server: TCPFlowEndpoint
    /// What separates the flow from others with the same endpoints (its VLAN tags, its tunnel).
    public var context = TCPFlowContext.none
    /// The client's endpoint model (its ``TCPEndpoint/state`` is the client's final state).
    public var clientEndpoint: TCPEndpoint
    /// The server's endpoint model.
    public var serverEndpoint: TCPEndpoint
    /// Counts for segments from the client.
    public var clientToServer: TCPFlowCounters
    /// Counts for segments from the server.
    public var serverToClient: TCPFlowCounters
    /// Every anomaly seen on the flow.
    public var anomalies: TCPAnomalySet
    /// Whether the flow was picked up mid-stream (loose mode): its handshake was not seen.
    public var isMidStream: Bool
    /// When each step was reached.
    public var milestones: TCPFlowMilestones
    /// The ECN signal of the client's SYN.
    public var synECN: TCPECNSignal
    /// The ECN signal of the server's SYN-ACK.
    public var synAckECN: TCPECNSignal
    /// Whether the client and server roles are a guess (mid-stream: the lower port is taken as the server).
    public var rolesAreGuessed: Bool
    /// What the capture could not see of the flow as a whole (``TCPAnomalySeverity/capture`` notes):
    /// ``TCPAnomaly/midStreamPickup`` when the handshake was not captured, ``TCPAnomaly/oneDirectionOnly`` when only
    /// one side's segments were captured although that side was answered (it acknowledged the other), and
    /// ``TCPAnomaly/checksumOffload`` when every checksum of one side was wrong.
    public var captureNotes = TCPAnomalySet()

    /// A record for a flow the observer does not track (a report's stray segments: a RST or FIN with no
    /// connection known for it): both endpoints CLOSED, nothing counted, roles as given.
    ///
    /// - Parameters:
    ///   - id: the flow's serial number (take it from ``TCPFlowObserver/takeFlowID()`` so that IDs stay unique).
    ///   - client: the sender of the first segment.
    ///   - server: its receiver.
    public init(untrackedID id: UInt64, client: TCPFlowEndpoint, server: TCPFlowEndpoint) {
        self.init(
            id: id, client: client, server: server, clientEndpoint: TCPEndpoint(), serverEndpoint: TCPEndpoint(),
            clientToServer: TCPFlowCounters(), serverToClient: TCPFlowCounters(), milestones: TCPFlowMilestones(),
            anomalies: TCPAnomalySet(), synECN: .notNegotiation, synAckECN: .notNegotiation, isMidStream: true,
            rolesAreGuessed: false)
    }

    /// The memberwise initializer, for the observer.
    internal init(
        id: UInt64, client: TCPFlowEndpoint, server: TCPFlowEndpoint, clientEndpoint: TCPEndpoint,
        serverEndpoint: TCPEndpoint, clientToServer: TCPFlowCounters, serverToClient: TCPFlowCounters,
        milestones: TCPFlowMilestones, anomalies: TCPAnomalySet, synECN: TCPECNSignal, synAckECN: TCPECNSignal,
        isMidStream: Bool, rolesAreGuessed: Bool
    ) {
        self.id = id
        self.client = client
        self.server = server
        self.clientEndpoint = clientEndpoint
        self.serverEndpoint = serverEndpoint
        self.clientToServer = clientToServer
        self.serverToClient = serverToClient
        self.milestones = milestones
        self.anomalies = anomalies
        self.synECN = synECN
        self.synAckECN = synAckECN
        self.isMidStream = isMidStream
        self.rolesAreGuessed = rolesAreGuessed
    }

    /// The client's final state.
    @inlinable
    public var clientState: TCPState { clientEndpoint.state }

    /// The server's final state.
    @inlinable
    public var serverState: TCPState { serverEndpoint.state }

    /// Whether the connection is over: both sides CLOSED (or TIME-WAIT, or back to LISTEN).
    @inlinable
    public var isClosed: Bool { Self.isGone(clientEndpoint.state) && Self.isGone(serverEndpoint.state) }

    /// Whether a state no longer holds the connection.
    @inlinable @inline(__always)
    internal static func isGone(_ state: TCPState) -> Bool {
        state == .closed || state == .timeWait || state == .listen
    }
}
