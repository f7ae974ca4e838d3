import TCPCodec

/// The `mutation` fuzz target: in-place rewrites through `TCPSegmentMutableView` keep a filled checksum valid.
///
/// The input gives a pseudo-header, a segment and a list of edits. The segment's checksum is filled in, then each
/// edit (a port, a sequence or acknowledgment number, the flags, the window, the urgent pointer, an MSS, window
/// scale, timestamps or SACK block option, or a NAT-style change of pseudo-header) is applied through the mutable
/// view, which updates the checksum incrementally (RFC 1624). After every edit the checksum must verify against a
/// full recompute, the segment must still decode strictly with the same header length and payload, and the
/// edited field must read back as written.
public enum MutationFuzzTarget {
    /// Runs one input; traps (through `precondition`) when an invariant does not hold.
    ///
    /// - Parameter input: control byte, addresses, segment length, segment, then the edits.
    public static func run(_ input: UnsafeRawBufferPointer) {
        var fuzz = FuzzInput(input)
        var pseudoHeader = makePseudoHeader(&fuzz)
        let length = Int(fuzz.takeUInt16()) % (fuzz.remaining.count + 1)
        let original = fuzz.takeBytes(upTo: length)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: original.count, alignment: 8)
        defer { buffer.deallocate() }
        buffer.copyMemory(from: original)

        let mutable: TCPSegmentMutableView
        do {
            mutable = try TCPSegmentMutableView(buffer)
        } catch {
            do {
                _ = try TCPSegmentView(original)
                preconditionFailure("the mutable view refuses what the view accepts: \(error)")
            } catch let viewError {
                precondition(viewError == error, "the mutable view and the view fail differently")
            }
            // Make the header decodable (no options) so that the edits still get exercised.
            guard buffer.count >= 20 else { return }
            buffer[12] = 0x50 | (buffer[12] & 0x0F)
            guard let fixed = try? TCPSegmentMutableView(buffer) else {
                preconditionFailure("a header with data offset 5 does not decode")
            }
            mutable = fixed
        }
        let headerLength = mutable.view.headerLength
        let payload = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[headerLength...])
        let payloadCopy = Array(payload)
        TCPChecksum.fill(segment: buffer, pseudoHeader: pseudoHeader)
        check(buffer, pseudoHeader: pseudoHeader, headerLength: headerLength, payload: payloadCopy)

        while !fuzz.isEmpty {
            applyEdit(&fuzz, to: mutable, pseudoHeader: &pseudoHeader)
            check(buffer, pseudoHeader: pseudoHeader, headerLength: headerLength, payload: payloadCopy)
        }
    }

    /// Applies one fuzz-chosen edit and checks that the edited field reads back.
    static func applyEdit(
        _ fuzz: inout FuzzInput, to mutable: TCPSegmentMutableView, pseudoHeader: inout TCPPseudoHeader
    ) {
        switch fuzz.takeByte() % 13 {
        case 0:
            let value = fuzz.takeUInt16()
            mutable.sourcePort = value
            precondition(mutable.sourcePort == value && mutable.view.sourcePort == value)
        case 1:
            let value = fuzz.takeUInt16()
            mutable.destinationPort = value
            precondition(mutable.destinationPort == value)
        case 2:
            let value = SequenceNumber(fuzz.takeUInt32())
            mutable.sequenceNumber = value
            precondition(mutable.sequenceNumber == value)
        case 3:
            let value = SequenceNumber(fuzz.takeUInt32())
            mutable.acknowledgmentNumber = value
            precondition(mutable.acknowledgmentNumber == value)
        case 4:
            let value = TCPFlags(rawValue: fuzz.takeUInt16())
            let dataOffset = mutable.view.dataOffset
            mutable.flags = value
            precondition(mutable.flags.rawValue == value.rawValue & 0x0FFF, "flags read back differently")
            precondition(mutable.view.dataOffset == dataOffset, "setting flags changed the data offset")
        case 5:
            let value = fuzz.takeUInt16()
            mutable.window = value
            precondition(mutable.window == value)
        case 6:
            let value = fuzz.takeUInt16()
            mutable.urgentPointer = value
            precondition(mutable.urgentPointer == value)
        case 7:
            let value = fuzz.takeUInt16()
            let found = mutable.setMaximumSegmentSize(value)
            precondition(found == (firstOption(of: 2, in: mutable.view) != nil), "MSS found where there is none")
            if found { precondition(firstOption(of: 2, in: mutable.view) == .maximumSegmentSize(value)) }
        case 8:
            let value = fuzz.takeByte()
            let found = mutable.setWindowScale(value)
            precondition(found == (firstOption(of: 3, in: mutable.view) != nil))
            if found { precondition(firstOption(of: 3, in: mutable.view) == .windowScale(value)) }
        case 9:
            let value = fuzz.takeUInt32()
            let echoReply = fuzz.takeUInt32()
            let found = mutable.setTimestamps(value: value, echoReply: echoReply)
            precondition(found == (firstOption(of: 8, in: mutable.view) != nil))
            if found {
                precondition(firstOption(of: 8, in: mutable.view) == .timestamps(value: value, echoReply: echoReply))
            }
        case 10:
            let index = Int(fuzz.takeByte() % 6) - 1
            let block = TCPSACKBlock(left: SequenceNumber(fuzz.takeUInt32()), right: SequenceNumber(fuzz.takeUInt32()))
            let before = firstOption(of: 5, in: mutable.view)
            let found = mutable.setSACKBlock(at: index, to: block)
            if case .sack(let blocks)? = before, index >= 0, index < blocks.count {
                precondition(found, "an existing SACK block was not set")
                guard case .sack(let after)? = firstOption(of: 5, in: mutable.view) else {
                    preconditionFailure("the SACK option disappeared")
                }
                precondition(after[index] == block && after.count == blocks.count, "SACK block reads back wrong")
            } else {
                precondition(!found, "a SACK block was set where there is none")
            }
        case 11:
            let replacement = makePseudoHeader(&fuzz)
            mutable.updateChecksum(from: pseudoHeader, to: replacement)
            pseudoHeader = replacement
        default:
            // A raw checksum write of the right value keeps it valid.
            let segment = UnsafeRawBufferPointer(start: mutable.view.bytes.baseAddress, count: mutable.view.bytes.count)
            let value = TCPChecksum.compute(segment: segment, pseudoHeader: pseudoHeader)
            mutable.checksum = value
            precondition(mutable.checksum == value)
        }
    }

    /// Checks the segment after an edit: checksum valid, header length, options and payload unchanged in shape.
    static func check(
        _ buffer: UnsafeMutableRawBufferPointer, pseudoHeader: TCPPseudoHeader, headerLength: Int, payload: [UInt8]
    ) {
        let segment = UnsafeRawBufferPointer(buffer)
        precondition(TCPChecksum.verify(segment: segment, pseudoHeader: pseudoHeader), "checksum no longer verifies")
        let pseudoHeaderSum = referencePseudoHeaderSum(pseudoHeader, count: segment.count)
        let reference = ReferenceChecksum.sum(segment, initial: pseudoHeaderSum)
        precondition(reference == 0xFFFF, "the reference sum of the edited segment is \(reference)")
        guard let view = try? TCPSegmentView(segment) else {
            preconditionFailure("an edited segment no longer decodes strictly")
        }
        precondition(view.headerLength == headerLength, "an edit changed the header length")
        precondition(view.payload.elementsEqual(payload), "an edit changed the payload")
    }

    /// The first option of `kind` in a view's options, or `nil`.
    static func firstOption(of kind: UInt8, in view: TCPSegmentView) -> TCPOption? {
        for option in view.options where option.kind == kind {
            return option
        }
        return nil
    }

    /// Reads an IPv4 or IPv6 pseudo-header from the fuzz bytes (a control byte picks the family).
    static func makePseudoHeader(_ fuzz: inout FuzzInput) -> TCPPseudoHeader {
        if fuzz.takeBool() {
            var addresses = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            withUnsafeMutableBytes(of: &addresses) { raw in
                raw.copyMemory(from: fuzz.takeBytes(upTo: 32))
            }
            return withUnsafeBytes(of: &addresses) { raw in
                let source = UnsafeRawBufferPointer(rebasing: raw[0 ..< 16])
                let destination = UnsafeRawBufferPointer(rebasing: raw[16 ..< 32])
                // Both buffers are 16 bytes, so the initializer cannot fail.
                guard let header = try? TCPPseudoHeader(source: source, destination: destination) else {
                    preconditionFailure("16-byte addresses were refused")
                }
                return header
            }
        }
        return TCPPseudoHeader(ipv4Source: fuzz.takeUInt32(), destination: fuzz.takeUInt32())
    }

    /// The pseudo-header sum recomputed from its addresses by the reference code.
    static func referencePseudoHeaderSum(_ pseudoHeader: TCPPseudoHeader, count: Int) -> UInt32 {
        pseudoHeader.withSourceAddress { source in
            pseudoHeader.withDestinationAddress { destination in
                ReferenceChecksum.pseudoHeaderSum(source: source, destination: destination, tcpLength: count)
            }
        }
    }
}
