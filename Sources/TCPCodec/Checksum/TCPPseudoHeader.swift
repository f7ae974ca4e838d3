/// The pseudo-header a TCP checksum covers: the IP addresses and protocol of the packet that carries the segment
/// (RFC 9293 section 3.1 for IPv4, RFC 8200 section 8.1 for IPv6).
///
/// The segment length is not stored: it is the length of the segment being checksummed, supplied at that time.
/// The addresses are kept inline as ``IPAddress`` values (no heap allocation), and their ones' complement sum is
/// computed once, here.
@frozen
public struct TCPPseudoHeader: Hashable, Sendable {
    /// The IP version of a pseudo-header.
    @frozen
    public enum Family: Hashable, Sendable {
        /// IPv4: 4-byte addresses, 16-bit TCP length (12 bytes in all).
        case ipv4
        /// IPv6: 16-byte addresses, 32-bit upper-layer length (40 bytes in all).
        case ipv6
    }

    /// The IP version.
    public let family: Family

    /// The source address the pseudo-header names.
    public let sourceAddress: IPAddress

    /// The destination address the pseudo-header names.
    public let destinationAddress: IPAddress

    /// The ones' complement sum of both addresses and the protocol number (not folded).
    @usableFromInline
    internal let fixedSum: UInt32

    /// The TCP protocol number, 6, as the pseudo-header carries it.
    public static let protocolNumber: UInt8 = 6

    /// The pseudo-header of two addresses of one family, checked by the caller.
    @inlinable
    internal init(checkedSource source: IPAddress, destination: IPAddress) {
        family = source.isIPv4 ? .ipv4 : .ipv6
        sourceAddress = source
        destinationAddress = destination
        // The 16-bit words added without folding: at most 16 words of 0xFFFF and the protocol, no overflow. An
        // IPv4 address's unused words are zero and add nothing.
        fixedSum = Self.wordSum(source) + Self.wordSum(destination) + UInt32(Self.protocolNumber)
    }

    /// The sum of the 16-bit words of an address, not folded (at most 8 * 0xFFFF).
    @inlinable @inline(__always)
    internal static func wordSum(_ address: IPAddress) -> UInt32 {
        func words(_ value: UInt64) -> UInt32 {
            UInt32(truncatingIfNeeded: value >> 48) + UInt32(truncatingIfNeeded: value >> 32 & 0xFFFF)
                + UInt32(truncatingIfNeeded: value >> 16 & 0xFFFF) + UInt32(truncatingIfNeeded: value & 0xFFFF)
        }
        return words(address.high) + words(address.low)
    }

    /// Builds an IPv4 pseudo-header from two addresses given as 32-bit numbers (`0x0A000001` is 10.0.0.1).
    ///
    /// - Parameters:
    ///   - source: the source address.
    ///   - destination: the destination address.
    @inlinable
    public init(ipv4Source source: UInt32, destination: UInt32) {
        self.init(checkedSource: IPAddress(ipv4: source), destination: IPAddress(ipv4: destination))
    }

    /// Builds a pseudo-header from raw address bytes in network byte order: 4 bytes each for IPv4, 16 for IPv6.
    ///
    /// - Parameters:
    ///   - source: the source address, 4 or 16 bytes.
    ///   - destination: the destination address, the same size.
    /// - Throws: ``TCPPseudoHeaderError/invalidAddressLength(source:destination:)`` for any other sizes.
    @inlinable
    public init(source: UnsafeRawBufferPointer, destination: UnsafeRawBufferPointer) throws(TCPPseudoHeaderError) {
        guard source.count == destination.count, let sourceAddress = IPAddress(bytes: source),
            let destinationAddress = IPAddress(bytes: destination)
        else {
            throw TCPPseudoHeaderError.invalidAddressLength(source: source.count, destination: destination.count)
        }
        self.init(checkedSource: sourceAddress, destination: destinationAddress)
    }

    /// Builds a pseudo-header from two addresses of the same family.
    ///
    /// - Parameters:
    ///   - source: the source address (for the checksum: the address the pseudo-header must name, which
    ///     a routing header or a home address option can make differ from the IP header's own).
    ///   - destination: the destination address, of the same family.
    /// - Throws: ``TCPPseudoHeaderError/invalidAddressLength(source:destination:)`` when one is IPv4 and the
    ///   other IPv6.
    @inlinable
    public init(source: IPAddress, destination: IPAddress) throws(TCPPseudoHeaderError) {
        guard source.version == destination.version else {
            throw TCPPseudoHeaderError.invalidAddressLength(
                source: source.byteCount, destination: destination.byteCount)
        }
        self.init(checkedSource: source, destination: destination)
    }

    /// Builds the pseudo-header from the IP header that carries the segment.
    ///
    /// IPv4: version 4, a header length of at least 20 bytes, protocol 6. IPv6: version 6 and a next header of 6
    /// in the fixed header (a chain of extension headers is for the caller to walk; use
    /// ``init(source:destination:)`` with the addresses then).
    ///
    /// - Parameter ipHeader: the IP header bytes, from its first byte.
    /// - Throws: ``TCPPseudoHeaderError`` when the bytes are not such a header.
    public init(ipHeader: UnsafeRawBufferPointer) throws(TCPPseudoHeaderError) {
        guard ipHeader.count >= 1, let base = ipHeader.baseAddress else {
            throw TCPPseudoHeaderError.truncatedIPHeader(needed: 20, available: ipHeader.count)
        }
        // SAFETY: count >= 1.
        let version = base.loadByte(at: 0) >> 4
        switch version {
        case 4:
            guard ipHeader.count >= 20 else {
                throw TCPPseudoHeaderError.truncatedIPHeader(needed: 20, available: ipHeader.count)
            }
            // SAFETY: count >= 20 covers bytes 9 and 12 ..< 20.
            let protocolNumber = base.loadByte(at: 9)
            guard protocolNumber == Self.protocolNumber else {
                throw TCPPseudoHeaderError.notTCP(protocolNumber: protocolNumber)
            }
            try self.init(
                source: UnsafeRawBufferPointer(start: base + 12, count: 4),
                destination: UnsafeRawBufferPointer(start: base + 16, count: 4))
        case 6:
            guard ipHeader.count >= 40 else {
                throw TCPPseudoHeaderError.truncatedIPHeader(needed: 40, available: ipHeader.count)
            }
            // SAFETY: count >= 40 covers byte 6 and 8 ..< 40.
            let nextHeader = base.loadByte(at: 6)
            guard nextHeader == Self.protocolNumber else {
                throw TCPPseudoHeaderError.notTCP(protocolNumber: nextHeader)
            }
            try self.init(
                source: UnsafeRawBufferPointer(start: base + 8, count: 16),
                destination: UnsafeRawBufferPointer(start: base + 24, count: 16))
        default:
            throw TCPPseudoHeaderError.unknownIPVersion(version)
        }
    }

    /// Calls `body` with the source address bytes (4 or 16). The pointer must not escape `body`.
    ///
    /// - Parameter body: a closure that reads the bytes.
    /// - Returns: what `body` returns.
    @inlinable
    public func withSourceAddress<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        sourceAddress.withUnsafeBytes(body)
    }

    /// Calls `body` with the destination address bytes (4 or 16). The pointer must not escape `body`.
    ///
    /// - Parameter body: a closure that reads the bytes.
    /// - Returns: what `body` returns.
    @inlinable
    public func withDestinationAddress<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        destinationAddress.withUnsafeBytes(body)
    }

    /// The ones' complement sum of the whole pseudo-header for a segment of `tcpLength` bytes (not folded).
    ///
    /// IPv4 carries the length in 16 bits, so a longer length is taken modulo 2^16 (RFC 9293 section 3.1);
    /// IPv6 carries it in 32 bits (RFC 8200 section 8.1).
    ///
    /// - Parameter tcpLength: the length of the TCP header and payload.
    /// - Returns: a partial sum to seed ``InternetChecksum/sum(_:initial:)`` with.
    @inlinable
    public func sum(tcpLength: Int) -> UInt32 {
        let length = UInt32(truncatingIfNeeded: tcpLength)
        switch family {
        case .ipv4:
            return fixedSum &+ (length & 0xFFFF)
        case .ipv6:
            return fixedSum &+ (length >> 16) &+ (length & 0xFFFF)
        }
    }
}

/// Why bytes cannot give a TCP pseudo-header.
public enum TCPPseudoHeaderError: Error, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Addresses must be 4 bytes each (IPv4) or 16 bytes each (IPv6).
    case invalidAddressLength(source: Int, destination: Int)
    /// The IP header is shorter than its fixed part.
    case truncatedIPHeader(needed: Int, available: Int)
    /// The IP version nibble is neither 4 nor 6.
    case unknownIPVersion(UInt8)
    /// The IP header does not carry TCP (protocol or next header other than 6).
    case notTCP(protocolNumber: UInt8)

    /// A sentence that names the problem and its values.
    public var description: String {
        switch self {
        case .invalidAddressLength(let source, let destination):
            return "addresses of \(source) and \(destination) bytes: need 4 and 4, or 16 and 16"
        case .truncatedIPHeader(let needed, let available):
            return "truncated IP header: needed \(needed) bytes, \(available) available"
        case .unknownIPVersion(let version):
            return "IP version \(version) is neither 4 nor 6"
        case .notTCP(let protocolNumber):
            return "IP header carries protocol \(protocolNumber), not TCP (6)"
        }
    }

    /// The case and its values, then the sentence: `TCPPseudoHeaderError.<case>(<values>): <description>`.
    public var debugDescription: String {
        ErrorCaseText.of(self, typeName: "TCPPseudoHeaderError") + ": " + description
    }
}
