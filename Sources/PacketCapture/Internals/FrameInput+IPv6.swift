extension FrameInput {
    /// Extension header types followed to reach TCP.
    private enum NextHeader {
        static let hopByHop: UInt8 = 0
        static let tcp: UInt8 = 6
        static let routing: UInt8 = 43
        static let fragment: UInt8 = 44
        static let authentication: UInt8 = 51
        static let destinationOptions: UInt8 = 60
    }

    /// Dissects an IPv6 header (RFC 8200 section 3) at `offset`, whose version nibble is 6, and its chain of
    /// extension headers (section 4).
    func ipv6(at offset: Int) -> DissectedPacket {
        let available = bytes.count - offset
        guard available >= 40 else {
            return .malformed(.truncatedIPHeader(needed: 40, available: available), offset: offset)
        }
        // All fixed-header fields below are inside the 40 bytes checked above.
        let payloadLength = load16(offset + 4)
        var nextHeader = bytes[offset + 6]
        let source = ipv6Address(offset + 8)
        let destination = ipv6Address(offset + 24)

        if nextHeader == NextHeader.tcp {
            // No extension header, the common case: nothing to walk, and the pseudo-header is the IP header's.
            return finishIPv6(
                nextHeader: nextHeader, offset: offset, tcpOffset: offset + 40, payloadLength: payloadLength,
                jumboLength: nil, isFirstFragment: false, source: source, destination: destination,
                pseudoHeaderAddressing: PackedPseudoHeaderAddressing())
        }
        var position = offset + 40
        var jumboLength: UInt32?
        var isFirstFragment = false
        // The checksum pseudo-header's addresses, changed only by routing and destination options headers, in the
        // packed form the segment stores.
        var addressing = PackedPseudoHeaderAddressing()
        var sawRoutingHeader = false
        var routeUnderWay = false
        // Each header moves `position` at least 8 bytes forward and the guards stop at the end of the frame.
        while true {
            switch nextHeader {
            case NextHeader.hopByHop, NextHeader.routing, NextHeader.destinationOptions,
                NextHeader.authentication, NextHeader.fragment:
                break
            default:
                return finishIPv6(
                    nextHeader: nextHeader, offset: offset, tcpOffset: position, payloadLength: payloadLength,
                    jumboLength: jumboLength, isFirstFragment: isFirstFragment, source: source,
                    destination: destination, pseudoHeaderAddressing: addressing)
            }
            let remaining = bytes.count - position
            guard remaining >= 8 else {
                return .malformed(.truncatedIPHeader(needed: 8, available: remaining), offset: position)
            }
            let headerLength: Int
            switch nextHeader {
            case NextHeader.fragment:
                headerLength = 8
            case NextHeader.authentication:
                headerLength = (Int(bytes[position + 1]) + 2) * 4  // RFC 4302 section 2.2
            default:
                headerLength = (Int(bytes[position + 1]) + 1) * 8
            }
            guard remaining >= headerLength else {
                return .malformed(.truncatedIPHeader(needed: headerLength, available: remaining), offset: position)
            }
            if nextHeader == NextHeader.hopByHop && position == offset + 40 {
                switch jumboOption(headerAt: position, length: headerLength) {
                case .success(let value):
                    jumboLength = value
                case .failure(let problem):
                    return .malformed(problem.reason, offset: position)
                }
            }
            if nextHeader == NextHeader.routing {
                // Byte 3, Segments Left, is inside the 8 bytes checked above. Only a route under way (Segments
                // Left above 0) names a final destination other than the header's (RFC 8200 section 4.4).
                let segmentsLeft = bytes[position + 3]
                if sawRoutingHeader && (segmentsLeft != 0 || routeUnderWay) {
                    addressing.markUnknown(.multipleRoutingHeaders)
                } else if segmentsLeft != 0 {
                    switch routingFinalDestination(headerAt: position, length: headerLength, ipHeaderAt: offset) {
                    case .address(let finalDestination):
                        addressing.replace(
                            destination: finalDestination, by: .routingHeader, ipSource: source,
                            ipDestination: destination, duplicate: .multipleRoutingHeaders)
                    case .unknown(let reason):
                        addressing.markUnknown(reason)
                    case .none:
                        break
                    }
                }
                sawRoutingHeader = true
                routeUnderWay = routeUnderWay || segmentsLeft != 0
            }
            if nextHeader == NextHeader.destinationOptions {
                switch homeAddressOption(headerAt: position, length: headerLength) {
                case .address(let homeAddress):
                    addressing.replace(
                        source: homeAddress, by: .homeAddress, ipSource: source, ipDestination: destination,
                        duplicate: .multipleHomeAddressOptions)
                case .unknown(let reason):
                    addressing.markUnknown(reason)
                case .none:
                    break
                }
            }
            if nextHeader == NextHeader.fragment {
                // Bytes position ..< position + 8 are inside the header checked above.
                let fragmentField = load16(position + 2)
                let fragmentOffset = Int(fragmentField & 0xFFF8)
                let following = bytes[position]
                let isTCPDatagram = following == NextHeader.tcp || Self.isExtensionHeader(following)
                // Asked for fragments (the rare path). A Jumbo Payload cannot be fragmented (RFC 2675 section 3),
                // so a payload length of 0 leaves the fragment out.
                if fragmentOutput != nil && isTCPDatagram && payloadLength != 0 {
                    let headersLength = position + 8 - offset - 40
                    if Int(payloadLength) >= headersLength {
                        // position + 8 <= bytes.count: the 8-byte header was checked above.
                        emitFragment(
                            version: .v6, source: source, destination: destination, protocolNumber: following,
                            identification: load32(position + 4), fragmentOffset: fragmentOffset,
                            moreFragments: fragmentField & 1 != 0, payloadOffset: position + 8,
                            declaredLength: Int(payloadLength) - headersLength,
                            pseudoHeaderAddressing: addressing.unpacked)
                    }
                }
                if fragmentOffset != 0 {
                    if isTCPDatagram {
                        return .notTCP(.nonFirstFragment(version: .v6, fragmentOffset: fragmentOffset))
                    }
                    return .notTCP(.ipProtocol(version: .v6, protocolNumber: following))
                }
                isFirstFragment = fragmentField & 1 != 0
            }
            nextHeader = bytes[position]
            position += headerLength
        }
    }

    private static func isExtensionHeader(_ value: UInt8) -> Bool {
        value == NextHeader.hopByHop || value == NextHeader.routing || value == NextHeader.fragment
            || value == NextHeader.destinationOptions || value == NextHeader.authentication
    }

    /// Wraps a malformation so that it can travel in a `Result`.
    private struct Problem: Error {
        let reason: MalformedReason
    }

    /// One option of a hop-by-hop or destination options header (RFC 8200 section 4.2).
    private struct IPv6Option {
        /// The option type.
        let type: UInt8
        /// The offset of the option's data in the frame.
        let dataOffset: Int
        /// The length of the option's data: 0 for Pad1, else the option's length byte.
        let dataLength: Int

        /// The offset just past the option, where the next one starts.
        var end: Int { dataOffset + dataLength }
    }

    /// Reads the option at `position` of a hop-by-hop or destination options header (RFC 8200 section 4.2):
    /// Pad1 (type 0) is one byte; every other option has a length byte and that much data.
    ///
    /// The caller has checked `position < end <= bytes.count`.
    ///
    /// - Returns: the option, whose ``IPv6Option/end`` is above `position` and at most `end`; `nil` when it runs
    ///   past `end`.
    private func ipv6Option(at position: Int, end: Int) -> IPv6Option? {
        let type = bytes[position]
        if type == 0 {
            return IPv6Option(type: 0, dataOffset: position + 1, dataLength: 0)
        }
        guard end - position >= 2 else {
            return nil
        }
        let dataLength = Int(bytes[position + 1])
        guard end - position - 2 >= dataLength else {
            return nil
        }
        return IPv6Option(type: type, dataOffset: position + 2, dataLength: dataLength)
    }

    /// Scans a hop-by-hop header's options (RFC 8200 section 4.2) for a Jumbo Payload option (RFC 2675).
    private func jumboOption(headerAt start: Int, length: Int) -> Result<UInt32?, Problem> {
        let end = start + length
        var position = start + 2
        var value: UInt32?
        // Each option moves `position` forward by at least 1, and `end <= bytes.count` (checked by the caller).
        while position < end {
            guard let option = ipv6Option(at: position, end: end) else {
                return .failure(Problem(reason: .hopByHopOptionOverrun(optionType: bytes[position])))
            }
            if option.type == 0xC2 {
                guard option.dataLength == 4 else {
                    return .failure(
                        Problem(reason: .invalidJumboPayload(length: UInt8(option.dataLength), value: 0)))
                }
                // The 4 data bytes end at option.end <= end.
                let jumbo = load32(option.dataOffset)
                guard jumbo > 65_535 else {
                    return .failure(Problem(reason: .invalidJumboPayload(length: 4, value: jumbo)))
                }
                value = jumbo
            }
            position = option.end
        }
        return .success(value)
    }

    /// What one extension header says about an address of the checksum pseudo-header.
    private enum AddressFinding {
        /// Nothing: the IP header's address stands.
        case none
        /// The address the pseudo-header names.
        case address(IPAddress)
        /// The address cannot be known, and why.
        case unknown(UnknownPseudoHeaderReason)
    }

    /// Scans a Destination Options header's options (RFC 8200 section 4.2) for a Home Address option (type 0xC9,
    /// RFC 6275 section 6.3), whose address is the pseudo-header's source.
    ///
    /// The caller has checked `start + length <= bytes.count`.
    private func homeAddressOption(headerAt start: Int, length: Int) -> AddressFinding {
        let end = start + length
        var position = start + 2
        var found: IPAddress?
        // Each option moves `position` forward by at least 1, and `end <= bytes.count`.
        while position < end {
            guard let option = ipv6Option(at: position, end: end) else {
                return .unknown(.malformedDestinationOptions)
            }
            if option.type == 0xC9 {
                guard option.dataLength == 16 else {
                    return .unknown(.malformedHomeAddressOption)
                }
                guard found == nil else {
                    return .unknown(.multipleHomeAddressOptions)
                }
                // The 16 data bytes end at option.end <= end.
                found = ipv6Address(option.dataOffset)
            }
            position = option.end
        }
        return found.map { .address($0) } ?? .none
    }

    /// The final destination a Routing header with Segments Left above 0 names (RFC 8200 section 8.1): the last
    /// address of type 0 (RFC 2460 section 4.4), the one address of type 2 (RFC 6275 section 6.4), the last
    /// address of type 3 with its elided prefix from the IP header's destination (RFC 6554 section 3), Segment
    /// List[0] of type 4 (RFC 8754 section 2). Each needs a length that fits its type and no more segments left
    /// than it holds addresses.
    ///
    /// The caller has checked `length >= 8`, `start + length <= bytes.count` and `ipHeader + 40 <= bytes.count`.
    private func routingFinalDestination(headerAt start: Int, length: Int, ipHeaderAt ipHeader: Int) -> AddressFinding {
        // Next Header, Hdr Ext Len, Routing Type, Segments Left: inside the 8 bytes the caller checked.
        let extensionLength = Int(bytes[start + 1])
        let routingType = bytes[start + 2]
        let segmentsLeft = Int(bytes[start + 3])
        let malformed = AddressFinding.unknown(.malformedRoutingHeader(routingType: routingType))
        switch routingType {
        case 0:
            // 4 reserved bytes, then Hdr Ext Len / 2 addresses filling the rest: length = 8 + 16 n.
            let count = extensionLength / 2
            guard extensionLength % 2 == 0, segmentsLeft <= count else { return malformed }
            // count >= segmentsLeft >= 1; the last address ends at start + 8 + 16 count = start + length.
            return .address(ipv6Address(start + 8 + 16 * (count - 1)))
        case 2:
            // 4 reserved bytes and the home address: Hdr Ext Len 2 and Segments Left 1.
            guard extensionLength == 2, segmentsLeft == 1 else { return malformed }
            // start + 24 = start + length.
            return .address(ipv6Address(start + 8))
        case 3:
            // CmprI and CmprE (4 bits each), Pad (4 bits) and 20 reserved bits, then n - 1 addresses of 16 - CmprI
            // bytes, the last of 16 - CmprE bytes and Pad bytes of padding: Hdr Ext Len * 8 bytes in all.
            let elidedInner = Int(bytes[start + 4] >> 4)
            let elidedLast = Int(bytes[start + 4] & 0x0F)
            let padding = Int(bytes[start + 5] >> 4)
            let innerBytes = extensionLength * 8 - padding - (16 - elidedLast)
            // 16 - elidedInner >= 1: no division by zero.
            guard innerBytes >= 0, innerBytes % (16 - elidedInner) == 0,
                segmentsLeft <= innerBytes / (16 - elidedInner) + 1
            else { return malformed }
            // The last address's 16 - CmprE bytes end Pad bytes before the header's end; its first CmprE bytes
            // are the IP header's destination's (bytes 24 ..< 40 of the IP header).
            let tail = start + 8 + innerBytes
            var high: UInt64 = 0
            var low: UInt64 = 0
            for index in 0 ..< 16 {
                let byte = index < elidedLast ? bytes[ipHeader + 24 + index] : bytes[tail + index - elidedLast]
                if index < 8 {
                    high = high << 8 | UInt64(byte)
                } else {
                    low = low << 8 | UInt64(byte)
                }
            }
            return .address(IPAddress(ipv6High: high, low: low))
        case 4:
            // Last Entry, Flags, Tag, then Last Entry + 1 segments; TLVs may follow.
            let entries = Int(bytes[start + 4]) + 1
            guard 8 + 16 * entries <= length, segmentsLeft <= entries else { return malformed }
            // Segment List[0] ends at start + 24 <= start + length.
            return .address(ipv6Address(start + 8))
        default:
            return .unknown(.unknownRoutingType(routingType))
        }
    }

    private func finishIPv6(
        nextHeader: UInt8,
        offset: Int,
        tcpOffset: Int,
        payloadLength: UInt16,
        jumboLength: UInt32?,
        isFirstFragment: Bool,
        source: IPAddress,
        destination: IPAddress,
        pseudoHeaderAddressing: PackedPseudoHeaderAddressing
    ) -> DissectedPacket {
        guard nextHeader == NextHeader.tcp else {
            // tcpOffset <= bytes.count: every extension header was checked against the captured bytes.
            return ipPayload(
                nextHeader, version: .v6, at: tcpOffset, source: source, destination: destination,
                fragmented: isFirstFragment)
        }
        let declaredPayload: Int
        let lengthSource: CapturedTCPSegment.LengthSource
        if payloadLength == 0 {
            if let jumboLength {
                declaredPayload = Int(jumboLength)
                lengthSource = .jumboPayload
            } else {
                // BIG TCP without a jumbo option: the length is what the frame holds on the wire.
                declaredPayload = wireLength - offset - 40
                lengthSource = .frame
            }
        } else {
            if jumboLength != nil {
                return .malformed(.jumboPayloadWithPayloadLength(payloadLength), offset: offset)
            }
            declaredPayload = Int(payloadLength)
            lengthSource = .ipHeader
        }
        let extensionLength = tcpOffset - offset - 40
        guard declaredPayload >= extensionLength else {
            return .malformed(
                .extensionHeadersExceedPayload(extensionLength: extensionLength, payloadLength: declaredPayload),
                offset: offset)
        }
        let declaredLength = declaredPayload - extensionLength
        // tcpOffset <= bytes.count: every extension header was checked against the captured bytes.
        return tcpSegment(
            version: .v6, source: source, destination: destination, ipHeaderOffset: offset, tcpOffset: tcpOffset,
            declaredLength: declaredLength, lengthSource: lengthSource, isFirstFragment: isFirstFragment,
            pseudoHeaderAddressing: pseudoHeaderAddressing)
    }
}
