extension FrameInput {
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
            return .notTCP(.ipProtocol(version: .v4, protocolNumber: protocolNumber))
        }
        let fragmentOffset = Int(fragmentField & 0x1FFF) * 8
        guard fragmentOffset == 0 else {
            return .notTCP(.nonFirstFragment(version: .v4, fragmentOffset: fragmentOffset))
        }
        let moreFragments = fragmentField & 0x2000 != 0
        let tcpOffset = offset + headerLength
        // packetLength >= headerLength (both branches), and tcpOffset <= bytes.count (guard above).
        let declaredLength = packetLength - headerLength
        return tcpSegment(
            version: .v4, source: source, destination: destination, ipHeaderOffset: offset, tcpOffset: tcpOffset,
            declaredLength: declaredLength, lengthSource: lengthSource, isFirstFragment: moreFragments)
    }
}
