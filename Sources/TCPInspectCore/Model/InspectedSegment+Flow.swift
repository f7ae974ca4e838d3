import PacketCapture
import TCPValidation

extension InspectedSegment {
    /// What separates the segment's flow from others between the same endpoints: the frame's VLAN tags and the
    /// tunnel word of its flow, ``flowTunnel`` (the observer's, the flow count's and the relative sequence numbers'
    /// one rule).
    public var flowContext: TCPFlowContext {
        TCPFlowContext(rawValue: vlanTags.rawValue, tunnel: flowTunnel)
    }

    /// The segment's sending end, when its ports were captured.
    public var sourceEndpoint: TCPFlowEndpoint? {
        sourcePort.map { TCPFlowEndpoint(address: source, port: $0) }
    }

    /// The segment's receiving end, when its ports were captured.
    public var destinationEndpoint: TCPFlowEndpoint? {
        destinationPort.map { TCPFlowEndpoint(address: destination, port: $0) }
    }

    /// The key of the segment's flow, both directions alike, when its ports were captured.
    public var flowKey: TCPFlowKey? {
        guard let source = sourceEndpoint, let destination = destinationEndpoint else { return nil }
        return TCPFlowKey(source: source, destination: destination, context: flowContext)
    }
}
