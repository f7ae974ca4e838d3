import TCPCodec

/// A field of a TCP header, as a single-field mutation changes it (RFC 9293 section 3.1).
public enum TCPHeaderField: String, CaseIterable, Hashable, Sendable {
    /// The source port.
    case sourcePort
    /// The destination port.
    case destinationPort
    /// The sequence number.
    case sequenceNumber
    /// The acknowledgment number.
    case acknowledgmentNumber
    /// The 12 flag bits.
    case flags
    /// The window.
    case window
    /// The checksum.
    case checksum
    /// The urgent pointer.
    case urgentPointer
    /// The options.
    case options
}

extension TCPGenerator {
    /// The header with exactly one field changed to a different value.
    ///
    /// - Parameters:
    ///   - header: the header to change.
    ///   - fields: the fields that may be chosen.
    /// - Returns: the changed header and the field that changed; the header differs from `header`.
    public func mutation(
        of header: TCPHeader, fields: [TCPHeaderField] = TCPHeaderField.allCases
    ) -> (header: TCPHeader, field: TCPHeaderField) {
        var result = header
        let field = element(of: fields)
        // XOR with a non-zero mask always changes the value.
        let mask16 = max(uint16(), 1)
        let mask32 = max(uint32(), 1)
        switch field {
        case .sourcePort: result.sourcePort ^= mask16
        case .destinationPort: result.destinationPort ^= mask16
        case .sequenceNumber: result.sequenceNumber = SequenceNumber(header.sequenceNumber.rawValue ^ mask32)
        case .acknowledgmentNumber:
            result.acknowledgmentNumber = SequenceNumber(header.acknowledgmentNumber.rawValue ^ mask32)
        case .flags: result.flags = TCPFlags(rawValue: header.flags.rawValue ^ max(mask16 & 0x0FFF, 1))
        case .window: result.window ^= mask16
        case .checksum: result.checksum ^= mask16
        case .urgentPointer: result.urgentPointer ^= mask16
        case .options:
            result.options = optionList()
            if result.options == header.options {
                if header.options.isEmpty {
                    try? result.options.append(.noOperation)
                } else {
                    result.options.removeAll()
                }
            }
        }
        return (result, field)
    }
}
