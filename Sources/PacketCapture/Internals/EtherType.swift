/// The EtherTypes the dissector acts on (IEEE's registry), in one place for the link layers, the VLAN tags and the
/// tunnels (whose GRE and Geneve protocol types are EtherTypes too).
enum EtherType {
    static let ipv4: UInt16 = 0x0800
    static let ipv6: UInt16 = 0x86DD
    /// IEEE 802.1Q customer VLAN tag.
    static let vlan: UInt16 = 0x8100
    /// IEEE 802.1ad service VLAN tag (QinQ).
    static let serviceVLAN: UInt16 = 0x88A8
    /// The service tag some switches wrote before 802.1ad.
    static let legacyQinQ: UInt16 = 0x9100
    /// Transparent Ethernet bridging: an Ethernet frame follows (GRE, Geneve).
    static let transparentEthernet: UInt16 = 0x6558
    static let erspanTypeII: UInt16 = 0x88BE
    static let erspanTypeIII: UInt16 = 0x22EB
    static let mplsUnicast: UInt16 = 0x8847
    static let mplsMulticast: UInt16 = 0x8848
    static let pppoeSession: UInt16 = 0x8864
    /// IEEE 802.1ah provider backbone bridging: an I-TAG, then a customer Ethernet frame.
    static let providerBackbone: UInt16 = 0x88E7
    /// IEEE 802.1BR E-Tag.
    static let eTag: UInt16 = 0x893F
    /// Cisco VN-Tag.
    static let vnTag: UInt16 = 0x8926
    /// Cisco FabricPath.
    static let fabricPath: UInt16 = 0x8903
}
