import TCPCodec

extension TCPGenerator {
    /// A valid header that meets the constraints' flags and option kinds (the payload constraint is for
    /// ``segment(_:pseudoHeader:)``); other fields as ``header()`` makes them. Logged as the header's encoding.
    ///
    /// - Precondition: the options of `constraints.optionKinds` fit in the 40-byte option area: each is generated
    ///   again (up to 32 times) until it fits in the room left, and a kind whose shortest option does not fit
    ///   is the caller's mistake.
    /// - Parameter constraints: what the header must be.
    /// - Returns: a header whose encoding decodes strictly.
    public func header(_ constraints: TCPHeaderConstraints) -> TCPHeader {
        logged("header") {
            var header = TCPHeader(
                sourcePort: edgyUInt16(), destinationPort: edgyUInt16(),
                sequenceNumber: SequenceNumber(edgyUInt32()), acknowledgmentNumber: SequenceNumber(edgyUInt32()),
                flags: constraints.flags ?? flags(), window: edgyUInt16(), checksum: uint16(),
                urgentPointer: edgyUInt16(), options: TCPOptionList())
            guard let kinds = constraints.optionKinds else {
                header.options = optionList()
                return header
            }
            var list = TCPOptionList()
            for kind in kinds {
                var placed = false
                for _ in 0 ..< 32 where !placed {
                    let option = option(kind: kind)
                    guard option.encodedLength <= TCPOptionList.capacity - list.byteCount else { continue }
                    do throws(TCPEncodingError) {
                        try list.append(option)
                        placed = true
                    } catch {
                        continue
                    }
                }
                precondition(placed, "options of kinds \(kinds) do not fit in the 40-byte option area")
            }
            header.options = list
            return header
        } describe: { Self.hex(Self.encoded($0)) }
    }

    /// A payload whose length is in `lengths` (negative bounds are taken as 0), short ones more likely.
    ///
    /// - Parameter lengths: the length range.
    /// - Returns: the bytes.
    public func payload(lengths: ClosedRange<Int>) -> [UInt8] {
        logged("payload") {
            let lower = Swift.max(0, lengths.lowerBound)
            let upper = Swift.max(lower, lengths.upperBound)
            let short = Swift.min(upper, lower + 64)
            let count = chance(20) ? int(in: lower ... upper) : int(in: lower ... short)
            return bytes(count: count)
        } describe: { Self.hex($0) }
    }

    /// A segment that meets the constraints, with the header and payload it was built from; the checksum is
    /// computed over `pseudoHeader` when one is given.
    ///
    /// - Parameters:
    ///   - constraints: what the header and payload must be.
    ///   - pseudoHeader: the pseudo-header to checksum with; `nil` keeps the generated checksum field.
    /// - Returns: the segment and its parts.
    public func segment(
        _ constraints: TCPHeaderConstraints, pseudoHeader: TCPPseudoHeader? = nil
    ) -> TCPGeneratedSegment {
        var built = self.header(constraints)
        let body = constraints.payloadLengths.map { self.payload(lengths: $0) } ?? self.payload()
        let bytes = Self.encoded(built, payload: body, pseudoHeader: pseudoHeader)
        if pseudoHeader != nil, bytes.count >= 18 {
            // The header as encoded: with the checksum the encoding filled in.
            built.checksum = UInt16(bytes[16]) << 8 | UInt16(bytes[17])
        }
        return TCPGeneratedSegment(header: built, payload: body, pseudoHeader: pseudoHeader, bytes: bytes)
    }
}
