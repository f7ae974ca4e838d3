/// One encapsulation a TCP segment was found inside: its kind and the identifier its header carries.
public struct EncapsulationLayer: Hashable, Sendable, CustomStringConvertible {
    /// The kind of tunnel or encapsulation.
    public var kind: EncapsulationKind
    /// The header's identifier: a VNI, a GRE key, an ERSPAN session, the bottom MPLS label, a PPPoE session ID,
    /// a GTP-U TEID, a PPTP call ID; 0 for IP in IP and a GRE header without a key (see ``EncapsulationKind``).
    public var identifier: UInt32

    /// A layer from its parts.
    ///
    /// - Parameters:
    ///   - kind: the kind of encapsulation.
    ///   - identifier: its identifier.
    @inlinable
    public init(kind: EncapsulationKind, identifier: UInt32) {
        self.kind = kind
        self.identifier = identifier
    }

    /// In the style of tcpdump's tunnel lines: `VXLAN vni 100`, `Geneve vni 0xb`, `GRE key 0x10` (`GRE` without
    /// a key), `ERSPAN II session 5`, `IP-in-IP`, `MPLS label 16`, `PPPoE session 0x0011`, `GTP-U teid 0x1`,
    /// `PBB isid 256`, `PPTP call 5`.
    public var description: String {
        switch kind {
        case .vxlan:
            return "VXLAN vni \(identifier)"
        case .geneve:
            return "Geneve vni 0x\(String(identifier, radix: 16))"
        case .gre:
            return identifier == 0 ? "GRE" : "GRE key 0x\(String(identifier, radix: 16))"
        case .erspanTypeII, .erspanTypeIII:
            return "\(kind) session \(identifier)"
        case .ipInIP:
            return "IP-in-IP"
        case .mpls:
            return "MPLS label \(identifier)"
        case .pppoe:
            let digits = String(identifier, radix: 16)
            return "PPPoE session 0x" + String(repeating: "0", count: Swift.max(0, 4 - digits.count)) + digits
        case .gtpU:
            return "GTP-U teid 0x\(String(identifier, radix: 16))"
        case .providerBackbone:
            return "PBB isid \(identifier)"
        case .eTag:
            return "E-Tag ecid \(identifier)"
        case .vnTag:
            return "VN-Tag vif \(identifier >> 14)/\(identifier & 0x3FFF)"
        case .fabricPath:
            return "FabricPath ftag \(identifier)"
        case .pptp:
            return "PPTP call \(identifier)"
        }
    }
}
