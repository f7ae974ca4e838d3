import TCPCodec

/// The address type of a flow's endpoints: the package's one ``TCPCodec/IPAddress``, under the name this module
/// used before the types were merged (kept so that existing code compiles; new code names `IPAddress`).
public typealias TCPAddress = IPAddress
