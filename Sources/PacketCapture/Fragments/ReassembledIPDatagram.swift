/// An IP datagram put back together from its fragments by an ``IPFragmentReassembler``: the header fields needed to
/// dissect its payload, and the payload itself.
public struct ReassembledIPDatagram {
    /// The IP version.
    public var ipVersion: IPVersion
    /// The IP header's source address.
    public var source: IPAddress
    /// The IP header's destination address.
    public var destination: IPAddress
    /// The IPv4 protocol, or the Next Header of the IPv6 Fragment header: what ``payload`` starts with.
    public var protocolNumber: UInt8
    /// The datagram's identification.
    public var identification: UInt32
    /// The payload after the IP header (after the IPv6 Fragment header), whole.
    public var payload: [UInt8]
    /// The tags given with each fragment kept, in the order they arrived (tcp-inspect gives frame numbers).
    public var fragmentTags: [UInt64]
    /// The VLAN tags the fragments shared.
    public var vlanTags: VLANTagStack
    /// The tunnels the fragments came through.
    public var encapsulation: EncapsulationStack
    /// Where the TCP checksum's pseudo-header addresses come from, as the first fragment's IP header says.
    public var pseudoHeaderAddressing: PseudoHeaderAddressing

    /// Makes a datagram description; the reassembler does this.
    ///
    /// - Parameters:
    ///   - ipVersion: the IP version.
    ///   - source: the source address.
    ///   - destination: the destination address.
    ///   - protocolNumber: the protocol the payload starts with.
    ///   - identification: the datagram's identification.
    ///   - payload: the whole payload.
    ///   - fragmentTags: the tags of the fragments kept, in arrival order.
    ///   - vlanTags: the VLAN tags.
    ///   - encapsulation: the tunnels.
    ///   - pseudoHeaderAddressing: where the pseudo-header's addresses come from.
    public init(
        ipVersion: IPVersion, source: IPAddress, destination: IPAddress, protocolNumber: UInt8,
        identification: UInt32, payload: [UInt8], fragmentTags: [UInt64], vlanTags: VLANTagStack = .none,
        encapsulation: EncapsulationStack = .none, pseudoHeaderAddressing: PseudoHeaderAddressing = .ipHeader
    ) {
        self.ipVersion = ipVersion
        self.source = source
        self.destination = destination
        self.protocolNumber = protocolNumber
        self.identification = identification
        self.payload = payload
        self.fragmentTags = fragmentTags
        self.vlanTags = vlanTags
        self.encapsulation = encapsulation
        self.pseudoHeaderAddressing = pseudoHeaderAddressing
    }

    /// Dissects the reassembled payload for its TCP segment and hands the result to `body`.
    ///
    /// The segment covers the whole payload (after any IPv6 Destination Options headers that follow the Fragment
    /// header, RFC 8200 section 4.1): its ``CapturedTCPSegment/declaredLength`` is the whole TCP length, so
    /// ``CapturedTCPSegment/verifyChecksum()`` takes the sum over the whole segment with the right pseudo-header.
    /// Its ``CapturedTCPSegment/ipHeaderOffset`` and ``CapturedTCPSegment/tcpOffset`` are offsets in the
    /// reassembled payload, not in a frame.
    ///
    /// - Parameter body: receives `.tcp` with the segment, `.notTCP(.ipProtocol)` for another protocol, or
    ///   `.malformed` for a broken extension header. The segment's bytes point into this datagram's payload and
    ///   are valid only inside `body`: do not escape them.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws.
    public func withDissectedPacket<Result>(_ body: (DissectedPacket) throws -> Result) rethrows -> Result {
        try payload.withUnsafeBytes { bytes in
            try body(
                PacketDissector.dissect(
                    reassembledPayload: bytes, ipVersion: ipVersion, source: source, destination: destination,
                    protocolNumber: protocolNumber, pseudoHeaderAddressing: pseudoHeaderAddressing,
                    vlanTags: vlanTags, encapsulation: encapsulation))
        }
    }
}
