/// Which way a segment travels within a flow.
@frozen
public enum TCPFlowDirection: Hashable, Sendable, CustomStringConvertible {
    /// From the client (the endpoint that sent the first SYN, or a guess for a flow picked up mid-stream).
    case clientToServer
    /// From the server.
    case serverToClient

    /// `c>s` or `s>c`.
    public var description: String { self == .clientToServer ? "c>s" : "s>c" }
}
