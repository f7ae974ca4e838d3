import TCPCodec

/// The `checksum` fuzz target: the fast Internet checksum against a plain byte-pair reference (RFC 1071), the
/// incremental update against a full recompute (RFC 1624), and the pseudo-header sums (RFC 9293 section 3.1).
///
/// The whole input is the data. Its first bytes also choose an initial sum, split points, and the span an
/// incremental update replaces. The fast sum is checked at every start alignment from 0 to 7 bytes, since its
/// wide loads behave differently on each.
public enum ChecksumFuzzTarget {
    /// Runs one input; traps (through `precondition`) when an invariant does not hold.
    ///
    /// - Parameter input: the data to sum, whose first bytes also steer the checks.
    public static func run(_ input: UnsafeRawBufferPointer) {
        let reference = ReferenceChecksum.sum(input)
        var control = FuzzInput(input)
        let initial = control.takeUInt32()
        let referenceWithInitial = ReferenceChecksum.sum(input, initial: initial)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: input.count + 8, alignment: 16)
        defer { scratch.deallocate() }
        for alignment in 0 ... 7 {
            let shifted = UnsafeMutableRawBufferPointer(rebasing: scratch[alignment ..< alignment + input.count])
            shifted.copyMemory(from: input)
            let data = UnsafeRawBufferPointer(shifted)
            precondition(InternetChecksum.sum(data) == reference, "fast sum differs at alignment \(alignment)")
            precondition(InternetChecksum.checksum(data) == ~reference)
            precondition(InternetChecksum.sum(data, initial: initial) == referenceWithInitial, "sum with initial")
        }
        checkSplits(input, control: &control, initial: initial, expected: referenceWithInitial)
        checkUpdates(input, control: &control)
        checkPseudoHeaders(input)
    }

    /// Checks that the accumulator gives the reference sum however the data is cut into pieces.
    static func checkSplits(
        _ input: UnsafeRawBufferPointer, control: inout FuzzInput, initial: UInt32, expected: UInt16
    ) {
        func sumOfPieces(_ cuts: [Int]) -> InternetChecksum.Accumulator {
            var accumulator = InternetChecksum.Accumulator(initial: initial)
            var start = 0
            for cut in cuts + [input.count] {
                accumulator.add(UnsafeRawBufferPointer(rebasing: input[start ..< cut]))
                start = cut
            }
            return accumulator
        }
        if input.count <= 96 {
            for cut in 0 ... input.count {
                let accumulator = sumOfPieces([cut])
                precondition(accumulator.sum == expected, "two pieces cut at \(cut) sum differently")
                precondition(accumulator.checksum == ~expected)
            }
        }
        let first = Int(control.takeUInt16()) % (input.count + 1)
        let second = Int(control.takeUInt16()) % (input.count + 1)
        let cuts = [min(first, second), max(first, second)]
        precondition(sumOfPieces(cuts).sum == expected, "three pieces cut at \(cuts) sum differently")
    }

    /// Checks RFC 1624 updates of a 16-bit word, a 32-bit word and a byte span against a full recompute.
    static func checkUpdates(_ input: UnsafeRawBufferPointer, control: inout FuzzInput) {
        guard input.count >= 2 else { return }
        // A non-zero initial sum, as the protocol word of a pseudo-header guarantees for real segments.
        let initial = UInt32(6) + UInt32(control.takeUInt16())
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: input.count, alignment: 8)
        defer { copy.deallocate() }
        copy.copyMemory(from: input)
        let original = InternetChecksum.checksum(input, initial: initial)
        func recomputed() -> UInt16 { InternetChecksum.checksum(UnsafeRawBufferPointer(copy), initial: initial) }
        func word(_ at: Int) -> UInt16 { UInt16(copy[at]) << 8 | UInt16(copy[at + 1]) }
        func store(_ value: UInt16, at: Int) {
            copy[at] = UInt8(truncatingIfNeeded: value >> 8)
            copy[at + 1] = UInt8(truncatingIfNeeded: value)
        }

        // A 16-bit word at an even offset.
        let wordAt = (Int(control.takeUInt16()) % (input.count / 2)) * 2
        let newWord = control.takeUInt16()
        let oldWord = word(wordAt)
        store(newWord, at: wordAt)
        let afterWord = InternetChecksum.update(original, replacing: oldWord, with: newWord)
        precondition(afterWord == recomputed(), "16-bit update differs from a recompute")

        // A 32-bit word at an even offset.
        var afterLong = afterWord
        if input.count >= 4 {
            let longAt = (Int(control.takeUInt16()) % ((input.count - 2) / 2)) * 2
            let oldLong = UInt32(word(longAt)) << 16 | UInt32(word(longAt + 2))
            let newLong = control.takeUInt32()
            store(UInt16(truncatingIfNeeded: newLong >> 16), at: longAt)
            store(UInt16(truncatingIfNeeded: newLong), at: longAt + 2)
            afterLong = InternetChecksum.update(afterWord, replacing: oldLong, with: newLong)
            precondition(afterLong == recomputed(), "32-bit update differs from a recompute")
        }

        // A span of any length at any offset, odd ones included.
        let spanStart = Int(control.takeUInt16()) % input.count
        let spanLength = Int(control.takeUInt16()) % (input.count - spanStart + 1)
        let mask = control.takeByte() | 1
        let old = UnsafeMutableRawBufferPointer.allocate(byteCount: spanLength, alignment: 8)
        defer { old.deallocate() }
        old.copyMemory(from: UnsafeRawBufferPointer(rebasing: copy[spanStart ..< spanStart + spanLength]))
        for index in spanStart ..< spanStart + spanLength {
            copy[index] ^= mask
        }
        let afterSpan = InternetChecksum.update(
            afterLong, replacing: UnsafeRawBufferPointer(old),
            with: UnsafeRawBufferPointer(rebasing: copy[spanStart ..< spanStart + spanLength]),
            startsAtOddOffset: spanStart & 1 == 1)
        precondition(afterSpan == recomputed(), "span update at \(spanStart) differs from a recompute")
    }

    /// Checks the pseudo-header initializers against each other and against the reference sum, and the TCP
    /// checksum helpers over the input taken as a segment.
    static func checkPseudoHeaders(_ input: UnsafeRawBufferPointer) {
        var fuzz = FuzzInput(input)
        let isIPv6 = fuzz.takeBool()
        let addressLength = isIPv6 ? 16 : 4
        let source = fuzz.takeBytes(upTo: addressLength)
        let destination = fuzz.takeBytes(upTo: addressLength)
        let pseudoHeader: TCPPseudoHeader
        do {
            pseudoHeader = try TCPPseudoHeader(source: source, destination: destination)
        } catch {
            precondition(destination.count < addressLength, "full addresses were refused: \(error)")
            _ = error.description
            return
        }
        precondition(pseudoHeader.family == (isIPv6 ? .ipv6 : .ipv4))
        pseudoHeader.withSourceAddress { precondition($0.elementsEqual(source)) }
        pseudoHeader.withDestinationAddress { precondition($0.elementsEqual(destination)) }
        let segment = fuzz.takeRest()
        for length in [0, 1, segment.count, 0xFFFF, 0x1_0000, 0x12_3456] {
            let reference = ReferenceChecksum.pseudoHeaderSum(
                source: source, destination: destination, tcpLength: length)
            let sum = ReferenceChecksum.fold(UInt64(pseudoHeader.sum(tcpLength: length)))
            precondition(sum == ReferenceChecksum.fold(UInt64(reference)), "pseudo-header sum differs for \(length)")
        }
        if !isIPv6 {
            let word = { (bytes: UnsafeRawBufferPointer) in
                UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
            }
            let numeric = TCPPseudoHeader(ipv4Source: word(source), destination: word(destination))
            precondition(
                InternetChecksum.fold(UInt64(numeric.sum(tcpLength: segment.count)))
                    == InternetChecksum.fold(UInt64(pseudoHeader.sum(tcpLength: segment.count))),
                "the two IPv4 initializers sum differently")
            precondition(numeric == pseudoHeader, "the two IPv4 initializers differ")
        }
        // The input as an IP header: a pseudo-header taken from it must match its address fields.
        do {
            let fromIP = try TCPPseudoHeader(ipHeader: input)
            let isVersion6 = input[0] >> 4 == 6
            let sourceRange = isVersion6 ? 8 ..< 24 : 12 ..< 16
            fromIP.withSourceAddress { precondition($0.elementsEqual(input[sourceRange])) }
            precondition(fromIP.family == (isVersion6 ? .ipv6 : .ipv4))
        } catch {
            // Each refusal names what the bytes are: too short for their version, another version, or not TCP.
            precondition(!error.description.isEmpty)
            switch error {
            case .truncatedIPHeader(let needed, let available):
                precondition(available == input.count && needed > available, "a truncation that is not one")
            case .unknownIPVersion(let version):
                precondition(version == input[0] >> 4 && version != 4 && version != 6, "version \(version) refused")
            case .notTCP(let protocolNumber):
                precondition(protocolNumber != 6, "TCP refused as not TCP")
            case .invalidAddressLength:
                preconditionFailure("an IP header refused for its address lengths")
            }
        }
        // The segment's checksum: compute, fill and verify agree with the reference.
        let reference = ReferenceChecksum.pseudoHeaderSum(
            source: source, destination: destination, tcpLength: segment.count)
        let verified = TCPChecksum.verify(segment: segment, pseudoHeader: pseudoHeader)
        precondition(verified == (ReferenceChecksum.sum(segment, initial: reference) == 0xFFFF), "verify differs")
        guard segment.count >= 18 else { return }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: segment.count, alignment: 8)
        defer { copy.deallocate() }
        copy.copyMemory(from: segment)
        let computed = TCPChecksum.compute(segment: segment, pseudoHeader: pseudoHeader)
        let filled = TCPChecksum.fill(segment: copy, pseudoHeader: pseudoHeader)
        precondition(computed == filled, "compute and fill disagree")
        precondition(TCPChecksum.verify(segment: UnsafeRawBufferPointer(copy), pseudoHeader: pseudoHeader))
        precondition(ReferenceChecksum.sum(UnsafeRawBufferPointer(copy), initial: reference) == 0xFFFF)
        if verified {
            precondition(computed == UInt16(segment[16]) << 8 | UInt16(segment[17]) || computed == 0,
                         "a verified checksum is recomputed differently")
        }
    }
}
