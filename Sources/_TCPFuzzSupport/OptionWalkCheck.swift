import TCPCodec

/// Checks the option area of a decoded view against its raw bytes: the invariants every fuzz target relies on.
///
/// For each option the walk yields it checks that the option starts where the previous one ended, carries the
/// kind byte found there, stays inside the area, reads consistently through its accessors, and encodes back
/// (through `TCPOptionList.append`) to exactly the bytes it was read from (RFC 9293 section 3.2). A malformed
/// option (framing mode) must refuse to encode instead.
struct OptionWalkCheck {
    /// The options yielded, EOL included.
    private(set) var optionCount = 0
    /// The options yielded as `.malformed` (framing mode only).
    private(set) var malformedCount = 0
    /// The error that ended the walk, if any.
    private(set) var stoppedBy: TCPDecodingError?
    /// The offset of the EOL option, if the walk met one.
    private(set) var endOfListOffset: Int?

    /// Walks `options`, the area `20 ..< end` of `bytes`, checking every step.
    ///
    /// - Parameters:
    ///   - options: the view's options.
    ///   - bytes: the whole buffer the view was made from.
    ///   - end: where the option area ends (the header length, or the buffer's end for a cut lenient header).
    init(_ options: TCPOptions, in bytes: UnsafeRawBufferPointer, end: Int) {
        precondition(options.bytes.count == max(end - 20, 0), "option area has the wrong size")
        precondition(options.isEmpty == (end <= 20), "isEmpty disagrees with the area")
        var expected = 20
        for step in options.walk() {
            precondition(stoppedBy == nil && endOfListOffset == nil, "the walk went on after its end")
            switch step {
            case .option(let option, let offset):
                precondition(offset == expected, "option at \(offset), expected \(expected)")
                precondition(option.kind == bytes[offset], "option kind differs from its byte")
                let length = option.encodedLength
                precondition(length >= 1 && offset + length <= end, "option runs past the area")
                Self.checkEncoding(option, matches: UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + length]))
                Self.checkValues(option)
                optionCount += 1
                if case .malformed = option { malformedCount += 1 }
                if case .endOfOptionList = option {
                    endOfListOffset = offset
                } else {
                    expected = offset + length
                }
            case .malformed(let error):
                precondition(error.offset == expected, "walk error at \(error.offset), expected \(expected)")
                _ = error.description
                stoppedBy = error
            }
        }
        if stoppedBy == nil, endOfListOffset == nil {
            precondition(expected == max(end, 20), "options end at \(expected), area ends at \(end)")
        }
        // The plain iteration and firstError agree with the walk.
        var iterator = options.makeIterator()
        var plainCount = 0
        while iterator.next() != nil { plainCount += 1 }
        precondition(plainCount == optionCount, "iteration and walk yield different counts")
        precondition(iterator.error == stoppedBy, "iteration and walk stop differently")
        precondition(options.firstError == stoppedBy, "firstError disagrees with the walk")
        let padding = options.padding
        if let eol = endOfListOffset {
            precondition(padding.count == end - eol - 1, "padding has the wrong size")
            if let start = padding.baseAddress, let base = bytes.baseAddress {
                precondition(UnsafeRawPointer(start) == base + eol + 1, "padding starts in the wrong place")
            }
        } else {
            precondition(padding.isEmpty, "padding without an EOL")
        }
    }

    /// Checks that an option writes back to `wire`, or that a malformed one refuses to be written.
    static func checkEncoding(_ option: TCPOption, matches wire: UnsafeRawBufferPointer) {
        var list = TCPOptionList()
        if case .malformed = option {
            do {
                try list.append(option)
                preconditionFailure("a malformed option was accepted by append")
            } catch {
                return
            }
        }
        do {
            try list.append(option)
        } catch {
            preconditionFailure("decoded option \(option) does not encode: \(error)")
        }
        precondition(list.byteCount == wire.count, "option re-encodes to a different length")
        list.bytes.withUnsafeBytes { written in
            precondition(written.elementsEqual(wire), "option re-encodes to different bytes")
        }
        // The typed reading of the list gives the option back.
        var iterator = list.makeIterator()
        precondition(iterator.next() == option, "option does not read back from its list")
        precondition(iterator.error == nil, "a list holding one good option reports an error")
    }

    /// Reads every value of an option and checks the ones that follow from its length rule.
    static func checkValues(_ option: TCPOption) {
        if case .malformed = option {} else {
            precondition(
                TCPOptionKind.lengthRule(of: option.kind).allows(option.encodedLength),
                "option of kind \(option.kind) has length \(option.encodedLength), which its kind's rule forbids")
        }
        switch option {
        case .endOfOptionList, .noOperation, .sackPermitted, .windowScale, .timestamps:
            break
        case .maximumSegmentSize(let value):
            precondition(value == value)
        case .sack(let blocks):
            var seen = 0
            for block in blocks {
                checkSequenceNumbers(block.left, block.right)
                seen += 1
            }
            precondition(seen == blocks.count)
            // Rebuilt from its blocks, the value is equal and hashes equal.
            do {
                let rebuilt = try TCPSACKBlocks(Array(blocks))
                precondition(
                    rebuilt == blocks && rebuilt.hashValue == blocks.hashValue, "SACK blocks rebuild differently")
            } catch {
                preconditionFailure("the blocks of a SACK option do not rebuild: \(error)")
            }
        case .md5Signature(let digest):
            checkData(digest)
        case .userTimeout(let value):
            precondition(value.timeout <= 0x7FFF)
        case .authentication(let value):
            checkData(value.mac)
        case .multipath(let value):
            checkData(value.data)
            precondition(value.subtypeBits <= 0x0F && value.subtype.rawValue <= 0x0F)
            _ = value.subtype.description
            if value.subtype == .capable {
                precondition(value.version == value.subtypeBits)
                guard let capable = value.capable else { preconditionFailure("valid MP_CAPABLE does not parse") }
                precondition(capable.version == value.subtypeBits)
                precondition((capable.senderKey != nil) == (value.data.count >= 9))
                precondition((capable.receiverKey != nil) == (value.data.count >= 17))
            } else {
                precondition(value.version == nil && value.capable == nil)
            }
            if value.subtype == .dataSequenceSignal {
                guard let signal = value.dataSequenceSignal else { preconditionFailure("valid DSS does not parse") }
                precondition((signal.dataAcknowledgment != nil) == (signal.flags & 0x01 != 0))
                precondition((signal.dataSequenceNumber != nil) == (signal.flags & 0x04 != 0))
                precondition(signal.isDataFIN == (signal.flags & 0x10 != 0))
            } else {
                precondition(value.dataSequenceSignal == nil)
            }
        case .fastOpenCookie(let cookie):
            checkData(cookie)
        case .accurateECN(let value):
            precondition(value.order <= 1)
            precondition((value.ceBytes != nil) == (value.counterCount >= 2))
            precondition((value.ect0Bytes != nil) == (value.counterCount >= (value.order == 0 ? 1 : 3)))
            precondition((value.ect1Bytes != nil) == (value.counterCount >= (value.order == 0 ? 3 : 1)))
            precondition(value.first <= 0xFF_FFFF && value.second <= 0xFF_FFFF && value.third <= 0xFF_FFFF)
        case .experimental(let value):
            precondition(value.kind == 253 || value.kind == 254)
            checkData(value.data)
        case .unknown(_, let data), .malformed(_, let data):
            checkData(data)
        }
    }

    /// Checks that the serial-number operations agree with each other on two numbers (RFC 1982, RFC 9293 3.4).
    static func checkSequenceNumbers(_ left: SequenceNumber, _ right: SequenceNumber) {
        let forward = right - left
        precondition(left + forward == right && right - forward == left, "sequence arithmetic does not invert")
        precondition(left.distance(to: right) == forward)
        let order = left.compare(right)
        switch order {
        case .equal:
            precondition(forward == 0 && right.compare(left) == .equal)
        case .before:
            precondition(right.compare(left) == .after && left.isBefore(right) && right.isAfter(left))
        case .after:
            precondition(right.compare(left) == .before && left.isAfter(right) && right.isBefore(left))
        case .undefined:
            precondition(right.compare(left) == .undefined && !left.isBefore(right) && !left.isAfter(right))
        }
        precondition((left.signedDistance(to: right) == nil) == (order == .undefined), "signedDistance and compare")
        precondition(left.between(left, right) && right.between(left, right), "interval misses its own ends")
        precondition(!right.isInWindow(start: left, size: forward), "window includes its end")
        precondition(left.isInWindow(start: left, size: forward) == (forward > 0), "window misses its start")
    }

    /// Checks that an option data value reads the same as a collection and as raw bytes.
    static func checkData(_ data: TCPOptionData) {
        precondition(data.count <= TCPOptionData.capacity, "option data over capacity")
        precondition(data.isEmpty || !data.description.isEmpty, "option data prints as nothing")
        data.withUnsafeBytes { raw in
            precondition(raw.count == data.count && raw.elementsEqual(data), "option data reads inconsistently")
        }
        // Built again from its bytes, as a sequence and byte by byte, the value is equal and hashes equal.
        do {
            let fromSequence = try TCPOptionData(Array(data))
            var appended = TCPOptionData()
            for byte in data { try appended.append(byte) }
            precondition(fromSequence == data && appended == data, "option data rebuilds differently")
            precondition(fromSequence.hashValue == data.hashValue && appended.hashValue == data.hashValue)
        } catch {
            preconditionFailure("option data of \(data.count) bytes does not rebuild: \(error)")
        }
    }
}
