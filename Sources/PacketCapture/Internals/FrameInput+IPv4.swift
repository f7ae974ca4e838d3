extension FrameInput {
    /// The IPv4 option types the option walk tells apart (RFC 791 section 3.1).
    private enum IPv4Option {
        static let endOfOptionList: UInt8 = 0
        static let noOperation: UInt8 = 1
        static let looseSourceRoute: UInt8 = 131
        static let strictSourceRoute: UInt8 = 137
    }

    /// Dissects an IPv4 header (RFC 791 section 3.1) at `offset`, whose version nibble is 4.
    func ipv4(at offset: Int) -> DissectedPacket {
        let available = bytes.count - offset
        guard available >= 20 else {
            return .malformed(.truncatedIPHeader(needed: 20, available: available), offset: offset)
        }
        let headerWords = bytes[offset] & 0x0F
        guard headerWords >= 5 else {
            return .malformed(.ipv4HeaderLengthTooSmall(headerWords), offset: offset)
        }
        let headerLength = Int(headerWords) * 4
        guard available >= headerLength else {
            return .malformed(.truncatedIPHeader(needed: headerLength, available: available), offset: offset)
        }
        // All fields below are inside the first 20 bytes, checked above.
        let totalLength = Int(load16(offset + 2))
        let fragmentField = load16(offset + 6)
        let protocolNumber = bytes[offset + 9]
        let source = IPAddress(ipv4: load32(offset + 12))
        let destination = IPAddress(ipv4: load32(offset + 16))

        let packetLength: Int
        let lengthSource: CapturedTCPSegment.LengthSource
        if totalLength == 0 {
            // TCP segmentation offload: the length is what the frame holds (wireLength >= bytes.count).
            packetLength = wireLength - offset
            lengthSource = .frame
        } else {
            guard totalLength >= headerLength else {
                return .malformed(
                    .ipv4TotalLengthTooSmall(totalLength: totalLength, headerLength: headerLength), offset: offset)
            }
            packetLength = totalLength
            lengthSource = .ipHeader
        }
        guard protocolNumber == 6 else {
            // A tunnel is followed only in an unfragmented packet: More Fragments clear, offset 0.
            // offset + headerLength <= bytes.count (guard above).
            return ipPayload(
                protocolNumber, version: .v4, at: offset + headerLength, source: source, destination: destination,
                fragmented: fragmentField & 0x3FFF != 0)
        }
        let fragmentOffset = Int(fragmentField & 0x1FFF) * 8
        if fragmentField & 0x3FFF != 0 {
            if fragmentOutput != nil {
                // Asked for fragments (the rare path): packetLength >= headerLength, offset + headerLength <=
                // bytes.count (guards above).
                emitIPv4Fragment(
                    at: offset, headerLength: headerLength, packetLength: packetLength, fragmentField: fragmentField,
                    source: source, destination: destination)
            }
            guard fragmentOffset == 0 else {
                return .notTCP(.nonFirstFragment(version: .v4, fragmentOffset: fragmentOffset))
            }
        }
        let moreFragments = fragmentField & 0x2000 != 0
        let tcpOffset = offset + headerLength
        // packetLength >= headerLength (both branches), and tcpOffset <= bytes.count (guard above).
        let declaredLength = packetLength - headerLength
        // The options are walked only when there are any: a 20-byte header's pseudo-header is its own addresses.
        // offset + headerLength <= bytes.count (guard above).
        let addressing = headerLength > 20
            ? PackedPseudoHeaderAddressing(
                pseudoHeaderAddressing(optionsAt: offset + 20, end: offset + headerLength, source: source))
            : PackedPseudoHeaderAddressing()
        return tcpSegment(
            version: .v4, source: source, destination: destination, ipHeaderOffset: offset, tcpOffset: tcpOffset,
            declaredLength: declaredLength, lengthSource: lengthSource, isFirstFragment: moreFragments,
            pseudoHeaderAddressing: addressing)
    }

    /// Hands the fragment of a TCP datagram whose IPv4 header is at `offset` to the caller who asked for
    /// fragments; kept out of line so that plain dissection does not carry it.
    ///
    /// The caller has checked `headerLength <= packetLength` and `offset + headerLength <= bytes.count`.
    @inline(never)
    private func emitIPv4Fragment(
        at offset: Int, headerLength: Int, packetLength: Int, fragmentField: UInt16, source: IPAddress,
        destination: IPAddress
    ) {
        // Identification, bytes 4 ..< 6, is inside the 20 bytes the caller checked.
        emitFragment(
            version: .v4, source: source, destination: destination, protocolNumber: 6,
            identification: UInt32(load16(offset + 4)), fragmentOffset: Int(fragmentField & 0x1FFF) * 8,
            moreFragments: fragmentField & 0x2000 != 0, payloadOffset: offset + headerLength,
            declaredLength: packetLength - headerLength,
            pseudoHeaderAddressing: headerLength > 20
                ? pseudoHeaderAddressing(optionsAt: offset + 20, end: offset + headerLength, source: source)
                : .ipHeader)
    }

    /// Walks the options of an IPv4 header (RFC 791 section 3.1) for a Loose or Strict Source Route whose route is
    /// not complete: the checksum's pseudo-header then names the route's final destination, the last address of
    /// the option (RFC 9293 section 3.1), instead of the next hop in the header.
    ///
    /// End of Option List ends the walk; No Operation is one byte; every other option has a length byte of at
    /// least 2 that keeps it inside the header. A list that breaks these rules, a malformed source route or a
    /// second one leaves the pseudo-header unknown. The caller has checked `end <= bytes.count`.
    ///
    /// - Parameters:
    ///   - start: the offset of the first option byte.
    ///   - end: the offset just past the header.
    ///   - source: the header's source address, which options do not change.
    /// - Returns: `.replaced` for an incomplete source route, `.ipHeader` without one, `.unknown` otherwise.
    private func pseudoHeaderAddressing(optionsAt start: Int, end: Int, source: IPAddress) -> PseudoHeaderAddressing {
        var position = start
        var finalDestination: UInt32?
        var sawSourceRoute = false
        // Each option moves `position` forward by at least 1 byte (a length below 2 is refused), and the length
        // guard keeps it at most `end`: the loop ends.
        while position < end {
            let type = bytes[position]
            if type == IPv4Option.endOfOptionList {
                break
            }
            if type == IPv4Option.noOperation {
                position += 1
                continue
            }
            guard end - position >= 2 else {
                return .unknown(.malformedIPv4Options)
            }
            let length = Int(bytes[position + 1])
            guard length >= 2, length <= end - position else {
                return .unknown(.malformedIPv4Options)
            }
            if type == IPv4Option.looseSourceRoute || type == IPv4Option.strictSourceRoute {
                guard !sawSourceRoute else {
                    return .unknown(.multipleSourceRoutes)
                }
                sawSourceRoute = true
                // Type, length, pointer, then the route's addresses. The pointer counts from the option's first
                // byte, 4 being the first address; past the length, the route is complete and the header's
                // destination is the final one.
                guard length >= 3 else {
                    return .unknown(.malformedSourceRoute(optionType: type))
                }
                let pointer = Int(bytes[position + 2])
                guard pointer >= 4 else {
                    return .unknown(.malformedSourceRoute(optionType: type))
                }
                if pointer <= length {
                    guard length >= 7, (length - 3) % 4 == 0 else {
                        return .unknown(.malformedSourceRoute(optionType: type))
                    }
                    // The last address ends the option: position + length <= end <= bytes.count (guard above).
                    finalDestination = load32(position + length - 4)
                }
            }
            position += length
        }
        guard let finalDestination else {
            return .ipHeader
        }
        return .replaced(source: source, destination: IPAddress(ipv4: finalDestination), changes: .sourceRoute)
    }
}
