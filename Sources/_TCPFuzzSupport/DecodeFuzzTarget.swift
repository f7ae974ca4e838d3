import TCPCodec

/// The `decode` fuzz target: arbitrary bytes through the strict, framing, lenient and one-pass decoders.
///
/// Every field and every option of each view is read and checked against the raw bytes (RFC 9293 section 3.1
/// layout), the decoders must agree with each other, and every option must encode back to the bytes it
/// was read from. Nothing may trap except a violated invariant.
public enum DecodeFuzzTarget {
    /// Runs one input; traps (through `precondition`) when an invariant does not hold.
    ///
    /// - Parameter input: the bytes to decode as a TCP segment.
    public static func run(_ input: UnsafeRawBufferPointer) {
        let strictView: TCPSegmentView?
        let strictError: TCPDecodingError?
        do {
            strictView = try TCPSegmentView(input)
            strictError = nil
        } catch {
            strictView = nil
            strictError = error
        }
        if let strictView {
            checkStrict(strictView, input: input)
        }
        if let strictError {
            _ = strictError.description
            precondition(strictError.offset >= 0 && strictError.offset <= input.count, "error offset out of range")
            if input.count < 20 {
                precondition(strictError == .truncatedHeader(needed: 20, available: input.count))
            }
        }
        let framing = checkFraming(input, strictView: strictView, strictError: strictError)
        checkLenient(input, checking: .strict, reference: strictView, referenceError: strictError)
        checkLenient(input, checking: .framing, reference: framing.view, referenceError: framing.error)
        checkCheckingWhenRead(input, checking: .strict, reference: strictView, referenceError: strictError)
        checkCheckingWhenRead(input, checking: .framing, reference: framing.view, referenceError: framing.error)
    }

    /// Checks the one-pass decoder (options checked as they are read) against the validating one with the same
    /// option checking: the same header errors from the initializer, and the same option error from the iterator.
    static func checkCheckingWhenRead(
        _ input: UnsafeRawBufferPointer, checking: TCPOptionChecking, reference: TCPSegmentView?,
        referenceError: TCPDecodingError?
    ) {
        let view: TCPSegmentView
        do {
            view = try TCPSegmentView(checkingOptionsWhenRead: input, optionChecking: checking)
        } catch {
            precondition(
                error == referenceError,
                "the one-pass decoder throws \(error), not \(String(describing: referenceError))")
            switch error {
            case .truncatedHeader, .dataOffsetTooSmall, .headerExceedsBuffer: break
            default: preconditionFailure("the one-pass decoder throws an option error: \(error)")
            }
            return
        }
        precondition(view.optionChecking == checking && view.problem == nil)
        checkFields(view, input: input, headerEnd: view.headerLength)
        var iterator = view.options.makeIterator()
        var count = 0
        while iterator.next() != nil { count += 1 }
        precondition(count <= 40, "more options than bytes")
        precondition(
            iterator.error == referenceError,
            "the one-pass iteration stops at \(String(describing: iterator.error))")
        precondition(view.options.firstError == referenceError)
        checkReadEach(view.options)
        let walk = OptionWalkCheck(view.options, in: input, end: view.headerLength)
        precondition(walk.stoppedBy == referenceError, "the one-pass walk stops elsewhere")
        if let reference {
            precondition(reference.options.elementsEqual(view.options), "one-pass and validated options differ")
            precondition(TCPHeader(reference) == TCPHeader(view), "one-pass and validated headers differ")
        }
    }

    /// Checks that `readEach` and `forEach` (which read the common option layouts whole) yield what the iterator
    /// yields, in order, and stop where it stops with the same error; allocation-free, by running an iterator beside
    /// them.
    static func checkReadEach(_ options: TCPOptions) {
        var reference = options.makeIterator()
        let error = options.readEach { option in
            precondition(reference.next() == option, "readEach yields another option than the iterator")
        }
        precondition(reference.next() == nil, "readEach stops before the iterator")
        precondition(error == reference.error, "readEach stops with another error than the iterator")
        var again = options.makeIterator()
        options.forEach { option in
            precondition(again.next() == option, "forEach yields another option than the iterator")
        }
        precondition(again.next() == nil, "forEach stops before the iterator")
    }

    /// Checks a strictly decoded view against the raw bytes.
    static func checkStrict(_ view: TCPSegmentView, input: UnsafeRawBufferPointer) {
        precondition(view.problem == nil && view.optionChecking == .strict)
        precondition(view.dataOffset >= 5 && view.dataOffset <= 15, "strict view with data offset \(view.dataOffset)")
        precondition(view.headerLength <= input.count)
        checkFields(view, input: input, headerEnd: view.headerLength)
        let walk = OptionWalkCheck(view.options, in: input, end: view.headerLength)
        precondition(walk.stoppedBy == nil && walk.malformedCount == 0, "strict view with a malformed option")
        checkReadEach(view.options)
        checkReadEach(view.options(checking: .framing))

        // The owned header copies everything and agrees with the view.
        let header = TCPHeader(view)
        precondition(header.sourcePort == view.sourcePort && header.destinationPort == view.destinationPort)
        precondition(header.sequenceNumber == view.sequenceNumber)
        precondition(header.acknowledgmentNumber == view.acknowledgmentNumber)
        precondition(header.flags == view.flags && header.window == view.window)
        precondition(header.checksum == view.checksum && header.urgentPointer == view.urgentPointer)
        precondition(header.dataOffset == view.dataOffset && header.headerLength == view.headerLength)
        precondition(header.options.firstError == nil, "owned options of a strict view report an error")
        header.options.bytes.withUnsafeBytes { raw in
            precondition(raw.elementsEqual(view.options.bytes), "owned options differ from the area")
        }
        do {
            let decoded = try TCPHeader(decoding: input)
            precondition(decoded == header, "TCPHeader(decoding:) differs from TCPHeader(view)")
        } catch {
            preconditionFailure("TCPHeader(decoding:) fails on a strictly valid input: \(error)")
        }
        // Checksum verification is the reference sum over a pseudo-header.
        let pseudoHeader = TCPPseudoHeader(ipv4Source: 0xC000_0201, destination: 0xC000_0202)
        var reference = UInt32(0xC000 + 0x0201 + 0xC000 + 0x0202 + 6)
        reference += UInt32(truncatingIfNeeded: input.count) & 0xFFFF
        precondition(view.verifyChecksum(pseudoHeader: pseudoHeader)
            == (ReferenceChecksum.sum(input, initial: reference) == 0xFFFF), "verifyChecksum disagrees")
    }

    /// Checks the fixed fields, the header and payload split and the sequence length against the raw bytes.
    static func checkFields(_ view: TCPSegmentView, input: UnsafeRawBufferPointer, headerEnd: Int) {
        func word(_ at: Int) -> UInt16 { UInt16(input[at]) << 8 | UInt16(input[at + 1]) }
        func long(_ at: Int) -> UInt32 { UInt32(word(at)) << 16 | UInt32(word(at + 2)) }
        precondition(view.bytes.baseAddress == input.baseAddress && view.bytes.count == input.count)
        precondition(view.sourcePort == word(0) && view.destinationPort == word(2), "ports misread")
        precondition(view.sequenceNumber.rawValue == long(4), "sequence number misread")
        precondition(view.acknowledgmentNumber.rawValue == long(8), "acknowledgment number misread")
        precondition(view.dataOffset == Int(input[12] >> 4) && view.headerLength == view.dataOffset * 4)
        precondition(view.flags.rawValue == word(12) & 0x0FFF, "flags misread")
        precondition(TCPFlags.all.isSuperset(of: view.flags), "flags outside the 12 bits")
        precondition(view.flags.intersection(.ecnBits).rawValue == word(12) & 0x01C0, "ECN bits misread")
        var earlier = view.sequenceNumber
        earlier -= 0x8000_0001
        precondition(earlier + 0x8000_0001 == view.sequenceNumber && earlier.isAfter(view.sequenceNumber))
        precondition(view.sequenceNumber.description == String(long(4)), "sequence number prints differently")
        precondition(view.window == word(14) && view.checksum == word(16) && view.urgentPointer == word(18))
        precondition(view.headerBytes.baseAddress == input.baseAddress && view.headerBytes.count == headerEnd)
        precondition(view.payload.count == input.count - headerEnd, "payload has the wrong size")
        if !view.payload.isEmpty, let base = input.baseAddress {
            precondition(view.payload.baseAddress == base + headerEnd, "payload starts in the wrong place")
        }
        var expectedLength = UInt32(view.payload.count)
        if view.flags.contains(.syn) { expectedLength += 1 }
        if view.flags.contains(.fin) { expectedLength += 1 }
        precondition(view.sequenceLength == expectedLength, "sequence length is wrong")
        let description = view.flags.description
        precondition(!description.isEmpty, "flags print as nothing")
        precondition((description == "none") == view.flags.subtracting([.reserved1, .reserved2, .reserved3]).isEmpty)
    }

    /// Checks the framing decoder against the strict one.
    static func checkFraming(
        _ input: UnsafeRawBufferPointer, strictView: TCPSegmentView?, strictError: TCPDecodingError?
    ) -> (view: TCPSegmentView?, error: TCPDecodingError?) {
        let framing: TCPSegmentView
        do {
            framing = try TCPSegmentView(input, optionChecking: .framing)
        } catch {
            precondition(strictView == nil, "framing decoding fails where strict decoding succeeds: \(error)")
            switch strictError {
            case .invalidOptionLength?:
                // An option that breaks its kind's rule came first; a framing error lies further on.
                precondition(error.offset > strictError?.offset ?? 0, "framing error comes before the strict one")
            default:
                precondition(error == strictError, "framing and strict decoding fail differently")
            }
            return (nil, error)
        }
        precondition(framing.optionChecking == .framing && framing.problem == nil)
        checkFields(framing, input: input, headerEnd: framing.headerLength)
        let walk = OptionWalkCheck(framing.options, in: input, end: framing.headerLength)
        precondition(walk.stoppedBy == nil, "a framing view's walk stops early")
        if strictView != nil {
            precondition(
                walk.firstRuleBreakOffset == nil, "framing yields a rule-breaking option in a strictly valid header")
        } else {
            switch strictError {
            case .invalidOptionLength(let kind, let offset, let length)?:
                // Framing reads the option strict decoding rejects as `.malformed`, or as a SACK option with no
                // block when it is one.
                precondition(walk.firstRuleBreakOffset == offset, "framing and strict disagree on the broken option")
                precondition(walk.sackWithoutBlocksCount > 0 || !(kind == 5 && length == 2),
                             "framing did not read a SACK option with no block as one")
            default:
                preconditionFailure("framing accepts a header strict decoding rejects for its framing")
            }
        }
        // A strict view's options read with framing checking are the framing view's.
        if let strictView {
            precondition(strictView.options(checking: .framing).elementsEqual(framing.options))
        }
        return (framing, nil)
    }

    /// Checks the lenient decoder against the non-lenient one with the same option checking.
    static func checkLenient(
        _ input: UnsafeRawBufferPointer, checking: TCPOptionChecking, reference: TCPSegmentView?,
        referenceError: TCPDecodingError?
    ) {
        let lenient: TCPSegmentView
        do {
            lenient = try TCPSegmentView(lenient: input, optionChecking: checking)
        } catch {
            precondition(input.count < 20, "lenient decoding fails on \(input.count) bytes: \(error)")
            precondition(error == .truncatedHeader(needed: 20, available: input.count))
            return
        }
        precondition(input.count >= 20, "lenient decoding accepts fewer than 20 bytes")
        precondition(lenient.optionChecking == checking)
        precondition(lenient.problem == referenceError, "lenient problem differs from the non-lenient error")
        let headerEnd = lenient.headerBytes.count
        precondition(headerEnd >= 20 && headerEnd <= input.count && headerEnd <= 60)
        checkFields(lenient, input: input, headerEnd: headerEnd)
        checkReadEach(lenient.options)
        checkReadEach(lenient.options(checking: checking == .strict ? .framing : .strict))
        let walk = OptionWalkCheck(lenient.options, in: input, end: headerEnd)
        if checking == .strict {
            precondition(walk.firstRuleBreakOffset == nil, "a strict-checking walk yields a rule-breaking option")
            // Read with framing checking, the strict lenient view's area reads as a framing lenient view's does.
            var framing = lenient.options(checking: .framing).makeIterator()
            var reference = (try? TCPSegmentView(lenient: input, optionChecking: .framing))?.options.makeIterator()
            while let option = framing.next() {
                precondition(reference?.next() == option, "options(checking:) differs")
            }
            precondition(reference?.next() == nil && framing.error == reference?.error)
        }
        switch lenient.problem {
        case nil:
            precondition(headerEnd == lenient.headerLength && walk.stoppedBy == nil)
        case .dataOffsetTooSmall?:
            precondition(headerEnd == 20 && walk.optionCount == 0 && walk.stoppedBy == nil)
        case .headerExceedsBuffer?:
            precondition(headerEnd == input.count && lenient.payload.isEmpty)
        case let problem?:
            precondition(walk.stoppedBy == problem, "the walk stops at \(String(describing: walk.stoppedBy))")
        }
        if let reference {
            precondition(TCPHeader(reference) == TCPHeader(lenient), "lenient and non-lenient headers differ")
            precondition(reference.options.elementsEqual(lenient.options), "lenient and non-lenient options differ")
        }
        // The owned copy of a broken header still encodes: its option bytes are kept as they are.
        let header = TCPHeader(lenient)
        precondition(header.options.byteCount == headerEnd - 20)
        withUnsafeTemporaryAllocation(byteCount: 60, alignment: 1) { buffer in
            do {
                let written = try header.encode(into: buffer)
                precondition(written == header.headerLength && written >= headerEnd, "encoded size is wrong")
                precondition(
                    UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[20 ..< headerEnd])
                        .elementsEqual(UnsafeRawBufferPointer(rebasing: input[20 ..< headerEnd])),
                    "lenient header's options do not encode as they were")
            } catch {
                preconditionFailure("a lenient header does not encode: \(error)")
            }
        }
    }
}
