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
        let source = IPAddress(ipv6High: UInt64(load32(offset + 8)) << 32 | UInt64(load32(offset + 12)),
            low: UInt64(load32(offset + 16)) << 32 | UInt64(load32(offset + 20)))
        let destination = IPAddress(ipv6High: UInt64(load32(offset + 24)) << 32 | UInt64(load32(offset + 28)),
            low: UInt64(load32(offset + 32)) << 32 | UInt64(load32(offset + 36)))

        var position = offset + 40
        var jumboLength: UInt32?
        var isFirstFragment = false
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
                    destination: destination)
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
            if nextHeader == NextHeader.fragment {
                // Bytes position ..< position + 8 are inside the header checked above.
                let fragmentField = load16(position + 2)
                let fragmentOffset = Int(fragmentField & 0xFFF8)
                let following = bytes[position]
                if fragmentOffset != 0 {
                    if following == NextHeader.tcp || Self.isExtensionHeader(following) {
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

    /// Scans a hop-by-hop header's options (RFC 8200 section 4.2) for a Jumbo Payload option (RFC 2675).
    private func jumboOption(headerAt start: Int, length: Int) -> Result<UInt32?, Problem> {
        let end = start + length
        var position = start + 2
        var value: UInt32?
        // Each option moves `position` forward by at least 1, and `end <= bytes.count` (checked by the caller).
        while position < end {
            let type = bytes[position]
            if type == 0 {  // Pad1
                position += 1
                continue
            }
            guard end - position >= 2 else {
                return .failure(Problem(reason: .hopByHopOptionOverrun(optionType: type)))
            }
            let optionLength = Int(bytes[position + 1])
            guard end - position - 2 >= optionLength else {
                return .failure(Problem(reason: .hopByHopOptionOverrun(optionType: type)))
            }
            if type == 0xC2 {
                guard optionLength == 4 else {
                    return .failure(Problem(reason: .invalidJumboPayload(length: UInt8(optionLength), value: 0)))
                }
                // position + 6 <= end, checked by the guard above.
                let jumbo = load32(position + 2)
                guard jumbo > 65_535 else {
                    return .failure(Problem(reason: .invalidJumboPayload(length: 4, value: jumbo)))
                }
                value = jumbo
            }
            position += 2 + optionLength
        }
        return .success(value)
    }

    private func finishIPv6(
        nextHeader: UInt8,
        offset: Int,
        tcpOffset: Int,
        payloadLength: UInt16,
        jumboLength: UInt32?,
        isFirstFragment: Bool,
        source: IPAddress,
        destination: IPAddress
    ) -> DissectedPacket {
        guard nextHeader == NextHeader.tcp else {
            return .notTCP(.ipProtocol(version: .v6, protocolNumber: nextHeader))
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
            declaredLength: declaredLength, lengthSource: lengthSource, isFirstFragment: isFirstFragment)
    }
}
