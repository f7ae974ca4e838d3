/// One TCP option, typed (RFC 9293 section 3.2 and the RFCs of each kind).
///
/// Every value encodes back to exactly the bytes it was decoded from: each case's encoded length follows from its
/// content, and kinds without a typed reading are kept whole in ``unknown(kind:data:)``.
@frozen
public enum TCPOption: Hashable, Sendable {
    /// End of option list, kind 0 (RFC 9293). Bytes after it are padding.
    case endOfOptionList
    /// No-operation, kind 1 (RFC 9293).
    case noOperation
    /// Maximum segment size, kind 2 (RFC 9293 section 3.7.1).
    case maximumSegmentSize(UInt16)
    /// Window scale shift count, kind 3 (RFC 7323 section 2). Values above 14 are carried as sent.
    case windowScale(UInt8)
    /// SACK permitted, kind 4 (RFC 2018).
    case sackPermitted
    /// Selective acknowledgment blocks, kind 5 (RFC 2018 section 3): one to four. An option of length 2, with no
    /// block, breaks RFC 2018's rule but is sent by some servers: a view decoded with ``TCPOptionChecking/framing``
    /// yields it as a `sack` whose blocks are empty, which encodes back to the same two bytes; strict decoding
    /// rejects it.
    case sack(TCPSACKBlocks)
    /// Timestamps, kind 8 (RFC 7323 section 3): TSval and TSecr.
    case timestamps(value: UInt32, echoReply: UInt32)
    /// MD5 signature, kind 19 (RFC 2385): the 16-byte digest.
    case md5Signature(TCPOptionData)
    /// User timeout, kind 28 (RFC 5482).
    case userTimeout(TCPUserTimeout)
    /// TCP Authentication Option, kind 29 (RFC 5925).
    case authentication(TCPAuthenticationOption)
    /// Multipath TCP, kind 30 (RFC 8684).
    case multipath(MPTCPOption)
    /// TCP Fast Open cookie, kind 34 (RFC 7413); an empty cookie is a cookie request.
    case fastOpenCookie(TCPOptionData)
    /// Accurate ECN, kinds 172 and 174 (RFC 9768).
    case accurateECN(TCPAccurateECNOption)
    /// An RFC 6994 experimental option, kinds 253 and 254, with its 16-bit experiment identifier.
    case experimental(TCPExperimentalOption)
    /// Any other kind, with the bytes after its length byte.
    case unknown(kind: UInt8, data: TCPOptionData)
    /// An option of a known kind whose length its kind does not allow (e.g. an MSS of length 3), with the bytes
    /// after its length byte. Only a view decoded with ``TCPOptionChecking/framing`` yields it: strict decoding
    /// rejects such an option instead. A SACK option with no block is the one exception: framing yields it as
    /// ``sack(_:)`` with no block.
    case malformed(kind: UInt8, data: TCPOptionData)

    /// The kind byte this option is written with.
    @inlinable
    public var kind: UInt8 {
        switch self {
        case .endOfOptionList: return TCPOptionKind.endOfOptionList
        case .noOperation: return TCPOptionKind.noOperation
        case .maximumSegmentSize: return TCPOptionKind.maximumSegmentSize
        case .windowScale: return TCPOptionKind.windowScale
        case .sackPermitted: return TCPOptionKind.sackPermitted
        case .sack: return TCPOptionKind.sack
        case .timestamps: return TCPOptionKind.timestamps
        case .md5Signature: return TCPOptionKind.md5Signature
        case .userTimeout: return TCPOptionKind.userTimeout
        case .authentication: return TCPOptionKind.authentication
        case .multipath: return TCPOptionKind.multipath
        case .fastOpenCookie: return TCPOptionKind.fastOpenCookie
        case .accurateECN(let value): return value.kind
        case .experimental(let value): return value.kind
        case .unknown(let kind, _), .malformed(let kind, _): return kind
        }
    }

    /// The number of bytes this option takes on the wire, its kind and length bytes included.
    @inlinable
    public var encodedLength: Int {
        // The kinds of a fixed size, and the fixed parts of TCP-AO and the experiments, are their rules' shortest
        // lengths.
        switch self {
        case .endOfOptionList, .noOperation: return TCPOptionLengthRule.kindOnly.minimumLength
        case .maximumSegmentSize: return TCPOptionLengthRule.maximumSegmentSize.minimumLength
        case .windowScale: return TCPOptionLengthRule.windowScale.minimumLength
        case .sackPermitted: return TCPOptionLengthRule.sackPermitted.minimumLength
        case .sack(let blocks): return TCPOptionLengthRule.sack.length(itemCount: blocks.count)
        case .timestamps: return TCPOptionLengthRule.timestamps.minimumLength
        case .md5Signature(let digest): return 2 + digest.count
        case .userTimeout: return TCPOptionLengthRule.userTimeout.minimumLength
        case .authentication(let value): return TCPOptionLengthRule.authentication.minimumLength + value.mac.count
        case .multipath(let value): return value.length
        case .fastOpenCookie(let cookie): return 2 + cookie.count
        case .accurateECN(let value): return TCPOptionLengthRule.accurateECN.length(itemCount: Int(value.counterCount))
        case .experimental(let value): return TCPOptionLengthRule.experimental.minimumLength + value.data.count
        case .unknown(_, let data), .malformed(_, let data): return 2 + data.count
        }
    }
}

extension TCPOption {
    /// Checks that an option of `kind` may have `length` bytes in all: its kind's rule,
    /// ``TCPOptionKind/lengthRule(of:)``, and for a rule the length alone does not decide, the subtype's.
    ///
    /// `base + offset` is the option's first byte; the caller guarantees `length` bytes are readable there.
    @inlinable
    static func isValidLength(kind: UInt8, length: Int, base: UnsafeRawPointer, offset: Int) -> Bool {
        let rule = TCPOptionKind.lengthRule(of: kind)
        guard rule.allows(length) else { return false }
        if rule.isDecidedByLength { return true }
        return isValidMultipath(length: length, base: base, offset: offset)
    }

    /// Checks an MPTCP option's subtype rule (RFC 8684 section 3); the caller has checked the kind's rule, so at
    /// least the 3 bytes up to the subtype are there.
    @usableFromInline
    static func isValidMultipath(length: Int, base: UnsafeRawPointer, offset: Int) -> Bool {
        // SAFETY: length >= 3 bytes are readable at offset (the kind's rule, checked by the caller, and the caller's
        // guarantee); the flags byte needs length >= 4.
        let subtype = base.loadByte(at: offset + 2) >> 4
        let flags: UInt8? = length >= 4 ? base.loadByte(at: offset + 3) : nil
        return MPTCPOption.isValid(subtype: subtype, length: length, flagsByte: flags)
    }

    /// Reads and checks the option at `offset`, where `end` is the end of the option area.
    ///
    /// `base ..< base + end` must be readable and `offset < end`. The kinds nearly every segment carries (EOL, NOP,
    /// MSS, window scale, SACK-permitted, timestamps, SACK), when framed and of the length their rule requires,
    /// are read here, inline, with no error path; everything else, errors included, is read out of line by
    /// ``readFraming(from:at:end:checking:)``.
    ///
    /// - Returns: the option and the offset just past it; after an EOL that is `end`, the rest being padding.
    /// - Throws: the first problem with the option's length.
    @inlinable @inline(__always)
    static func read(
        from base: UnsafeRawPointer, at offset: Int, end: Int, checking: TCPOptionChecking = .strict
    ) throws(TCPDecodingError) -> (option: TCPOption, next: Int) {
        // SAFETY: offset < end, and base ..< base + end is readable (caller's guarantee).
        let kind = base.loadByte(at: offset)
        if kind == TCPOptionKind.endOfOptionList { return (.endOfOptionList, end) }
        if kind == TCPOptionKind.noOperation { return (.noOperation, offset &+ 1) }
        if offset &+ 1 < end {
            // SAFETY: offset + 1 < end.
            let length = Int(base.loadByte(at: offset &+ 1))
            // Each case below requires its kind's length rule (all >= 2) and length <= end - offset: the option
            // lies inside the area, which covers the bytes that case reads, and `offset + length` cannot overflow.
            if length <= end &- offset {
                let next = offset &+ length
                switch kind {
                case TCPOptionKind.maximumSegmentSize where TCPOptionLengthRule.maximumSegmentSize.allows(length):
                    return (.maximumSegmentSize(base.loadBigEndianUInt16(at: offset &+ 2)), next)
                case TCPOptionKind.windowScale where TCPOptionLengthRule.windowScale.allows(length):
                    return (.windowScale(base.loadByte(at: offset &+ 2)), next)
                case TCPOptionKind.sackPermitted where TCPOptionLengthRule.sackPermitted.allows(length):
                    return (.sackPermitted, next)
                case TCPOptionKind.timestamps where TCPOptionLengthRule.timestamps.allows(length):
                    return (.timestamps(value: base.loadBigEndianUInt32(at: offset &+ 2),
                                        echoReply: base.loadBigEndianUInt32(at: offset &+ 6)), next)
                case TCPOptionKind.sack where TCPOptionLengthRule.sack.allows(length):
                    // SAFETY: the SACK rule (length == 2 + 8n, 1 <= n <= 4) covers the n blocks at offset + 2.
                    return (.sack(TCPSACKBlocks(unchecked: base + (offset &+ 2), count: (length &- 2) &>> 3)), next)
                default:
                    break
                }
            }
        }
        return try readFraming(from: base, at: offset, end: end, checking: checking)
    }

    /// Reads the option at `offset`, whose framing is already checked: no framing checks, the common kinds inline,
    /// the rest out of line under their kind's length rule.
    ///
    /// The caller guarantees the framing: `offset` lies inside a readable option area, and unless the kind is EOL or
    /// NOP, the length byte follows inside the area with a length of at least 2 that stays inside it. A view's
    /// validating walk (``plainlyValidStarts(base:start:end:checking:)``) or the iterator's own check proves it.
    ///
    /// - Returns: the option.
    /// - Throws: what ``readChecked(kind:length:base:offset:checking:)`` throws (under ``TCPOptionChecking/strict``,
    ///   a length the kind's rule forbids).
    @inlinable @inline(__always)
    static func readFramed(
        from base: UnsafeRawPointer, at offset: Int, checking: TCPOptionChecking
    ) throws(TCPDecodingError) -> TCPOption {
        // SAFETY: the framing (caller's guarantee) covers the kind byte, the length byte and `length` bytes at
        // `offset`; each case below reads only inside its kind's length.
        let kind = base.loadByte(at: offset)
        if kind == TCPOptionKind.endOfOptionList { return .endOfOptionList }
        if kind == TCPOptionKind.noOperation { return .noOperation }
        let length = Int(base.loadByte(at: offset &+ 1))
        // Kind and length in one 16-bit value, tested against each common kind's rule from the table: one comparison
        // for a kind of one length. Straight tests rather than a `switch`, so that the function stays small enough
        // for the optimizer to inline it, and the iterator that calls it, into the caller's loop.
        let pair = UInt16(kind) &<< 8 | UInt16(truncatingIfNeeded: length)
        if pair == TCPOptionLengthRule.timestamps.kindAndExactLength(TCPOptionKind.timestamps) {
            return .timestamps(value: base.loadBigEndianUInt32(at: offset &+ 2),
                               echoReply: base.loadBigEndianUInt32(at: offset &+ 6))
        }
        if pair == TCPOptionLengthRule.maximumSegmentSize.kindAndExactLength(TCPOptionKind.maximumSegmentSize) {
            return .maximumSegmentSize(base.loadBigEndianUInt16(at: offset &+ 2))
        }
        if pair == TCPOptionLengthRule.windowScale.kindAndExactLength(TCPOptionKind.windowScale) {
            return .windowScale(base.loadByte(at: offset &+ 2))
        }
        if pair == TCPOptionLengthRule.sackPermitted.kindAndExactLength(TCPOptionKind.sackPermitted) {
            return .sackPermitted
        }
        if kind == TCPOptionKind.sack, TCPOptionLengthRule.sack.allows(length) {
            // SAFETY: the SACK rule (length == 2 + 8n, 1 <= n <= 4) covers the n blocks at offset + 2.
            return .sack(TCPSACKBlocks(unchecked: base + (offset &+ 2), count: (length &- 2) &>> 3))
        }
        return try readChecked(kind: kind, length: length, base: base, offset: offset, checking: checking)
    }

    /// Reads the option at `offset` (neither EOL nor NOP) with every check, out of line: its framing, then its
    /// kind's length rule.
    ///
    /// `base ..< base + end` must be readable and `offset < end`.
    ///
    /// - Returns: the option and the offset just past it.
    /// - Throws: the first problem with the option's length.
    @usableFromInline @inline(never)
    static func readFraming(
        from base: UnsafeRawPointer, at offset: Int, end: Int, checking: TCPOptionChecking
    ) throws(TCPDecodingError) -> (option: TCPOption, next: Int) {
        // SAFETY: offset < end (caller's guarantee).
        let kind = base.loadByte(at: offset)
        let length = try framedLength(kind: kind, base: base, at: offset, end: end)
        return (try readChecked(kind: kind, length: length, base: base, offset: offset, checking: checking),
                offset + length)
    }

    /// Applies the kind's length rule to a framed option of any kind and reads it; out of line, for the kinds
    /// ``read(from:at:end:checking:)`` does not read inline and for common kinds with a length their rule forbids.
    ///
    /// The kind's rule is ``isValidLength(kind:length:base:offset:)``, the one the validating walk applies.
    ///
    /// `offset + length` must lie inside the readable area (checked by ``framedLength(kind:base:at:end:)``).
    ///
    /// - Returns: the option, or ``malformed(kind:data:)`` for a length the kind's rule forbids under
    ///   ``TCPOptionChecking/framing`` (a SACK option of length 2 excepted, yielded as ``sack(_:)`` with no block).
    /// - Throws: ``TCPDecodingError/invalidOptionLength(kind:offset:length:)`` for such a length under
    ///   ``TCPOptionChecking/strict``.
    @inlinable @inline(__always)
    static func readChecked(
        kind: UInt8, length: Int, base: UnsafeRawPointer, offset: Int, checking: TCPOptionChecking
    ) throws(TCPDecodingError) -> TCPOption {
        try readCheckedOption(kind: kind, length: length, base: base, offset: offset, checking: checking)
    }
}

/// The body of ``TCPOption/readChecked(kind:length:base:offset:checking:)``, out of line.
///
/// A free function, not a static method: a static method's unused metatype argument made the optimizer split it
/// into a specialized body and a thunk, and the thunk, which other modules call, copied the returned option from
/// one stack slot to another, reading it back in other sizes than it was written: a store-forwarding stall of
/// about 20 ns on every option of a rare kind.
///
/// One dispatch on the kind: each case applies its kind's rule through
/// ``TCPOption/isValidLength(kind:length:base:offset:)`` given the case's own kind, which the optimizer folds to the
/// rule's constants (``TCPOptionKind/lengthRule(of:)`` stays the one table of rules), then reads the value. Testing
/// the rule first, by the kind, and switching on the kind again to read the value made two indirect jumps per option
/// of a rare kind, which a mix of kinds mispredicts.
@usableFromInline
internal func readCheckedOption(
    kind: UInt8, length: Int, base: UnsafeRawPointer, offset: Int, checking: TCPOptionChecking
) throws(TCPDecodingError) -> TCPOption {
    /// Whether the option's length keeps the rule of `ruleKind`, the kind of the case that asks.
    @inline(__always)
    func keepsRule(of ruleKind: UInt8) -> Bool {
        TCPOption.isValidLength(kind: ruleKind, length: length, base: base, offset: offset)
    }
    // SAFETY: framing proved offset + length is readable, and each case reads only once its kind's length rule holds,
    // which together cover every read below.
    switch kind {
    case TCPOptionKind.maximumSegmentSize:
        guard keepsRule(of: TCPOptionKind.maximumSegmentSize) else { break }
        return .maximumSegmentSize(base.loadBigEndianUInt16(at: offset + 2))
    case TCPOptionKind.windowScale:
        guard keepsRule(of: TCPOptionKind.windowScale) else { break }
        return .windowScale(base.loadByte(at: offset + 2))
    case TCPOptionKind.sackPermitted:
        guard keepsRule(of: TCPOptionKind.sackPermitted) else { break }
        return .sackPermitted
    case TCPOptionKind.timestamps:
        guard keepsRule(of: TCPOptionKind.timestamps) else { break }
        return .timestamps(
            value: base.loadBigEndianUInt32(at: offset + 2), echoReply: base.loadBigEndianUInt32(at: offset + 6))
    case TCPOptionKind.sack:
        guard keepsRule(of: TCPOptionKind.sack) else { break }
        return .sack(TCPSACKBlocks(unchecked: base + offset + 2, count: (length - 2) >> 3))
    case TCPOptionKind.md5Signature:
        guard keepsRule(of: TCPOptionKind.md5Signature) else { break }
        return .md5Signature(TCPOptionData(unchecked: base + offset + 2, count: length - 2))
    case TCPOptionKind.userTimeout:
        guard keepsRule(of: TCPOptionKind.userTimeout) else { break }
        let raw = base.loadBigEndianUInt16(at: offset + 2)
        return .userTimeout(TCPUserTimeout(granularityIsMinutes: raw & 0x8000 != 0, timeout: raw & 0x7FFF))
    case TCPOptionKind.authentication:
        guard keepsRule(of: TCPOptionKind.authentication) else { break }
        return .authentication(TCPAuthenticationOption(
            keyID: base.loadByte(at: offset + 2),
            receiveNextKeyID: base.loadByte(at: offset + 3),
            mac: TCPOptionData(unchecked: base + offset + 4, count: length - 4)))
    case TCPOptionKind.multipath:
        guard keepsRule(of: TCPOptionKind.multipath) else { break }
        let third = base.loadByte(at: offset + 2)
        return .multipath(MPTCPOption(
            subtype: MPTCPSubtype(rawValue: third >> 4), subtypeBits: third & 0x0F,
            data: TCPOptionData(unchecked: base + offset + 3, count: length - 3)))
    case TCPOptionKind.fastOpenCookie:
        guard keepsRule(of: TCPOptionKind.fastOpenCookie) else { break }
        return .fastOpenCookie(TCPOptionData(unchecked: base + offset + 2, count: length - 2))
    case TCPOptionKind.accurateECN0, TCPOptionKind.accurateECN1:
        // Both kinds share one rule; the test is written with the first.
        guard keepsRule(of: TCPOptionKind.accurateECN0) else { break }
        let count = (length - 2) / 3
        func counter(_ index: Int) -> UInt32 {
            guard index < count else { return 0 }
            let at = offset + 2 + 3 * index
            return UInt32(base.loadByte(at: at)) << 16 | UInt32(base.loadByte(at: at + 1)) << 8
                | UInt32(base.loadByte(at: at + 2))
        }
        return .accurateECN(TCPAccurateECNOption(
            order: kind == TCPOptionKind.accurateECN0 ? 0 : 1, counterCount: UInt8(count),
            first: counter(0), second: counter(1), third: counter(2)))
    case TCPOptionKind.experimental1, TCPOptionKind.experimental2:
        // Both kinds share one rule; the test is written with the first.
        guard keepsRule(of: TCPOptionKind.experimental1) else { break }
        return .experimental(TCPExperimentalOption(
            kind: kind, experimentID: base.loadBigEndianUInt16(at: offset + 2),
            data: TCPOptionData(unchecked: base + offset + 4, count: length - 4)))
    default:
        // Every kind with a rule of its own has its case above (`TCPOptionLengthRuleTests` checks this function
        // against the rule of every kind and length), so any other kind's rule is `.any`: a length of 2 or more,
        // which framing proved.
        assert(TCPOptionKind.lengthRule(of: kind) == .any && length >= 2)
        return .unknown(kind: kind, data: TCPOptionData(unchecked: base + offset + 2, count: length - 2))
    }
    // A kind whose rule the length breaks.
    if checking == .framing {
        return readRuleBreakingOption(kind: kind, length: length, base: base, offset: offset)
    }
    throw .invalidOptionLength(kind: kind, offset: offset, length: length)
}

/// What framing checking reads for a framed option whose length its kind's rule forbids: the framing branch of
/// ``readCheckedOption(kind:length:base:offset:checking:)``.
///
/// Out of line, so that the reader of the good options keeps its registers for them: with this branch inline,
/// every option of a rare kind paid for it. Callgrind, the `decode` benchmark over the corpus' first 20,000
/// segments, two passes: 5,564,250 instructions with this function, 5,566,928 with the `.malformed` value built
/// inline, 5,568,804 with the SACK test below added inline.
///
/// `offset + length` must lie inside the readable area, and `2 <= length <= 40`.
///
/// - Returns: ``TCPOption/malformed(kind:data:)``, or for a SACK option with no block (the one rule-breaking length
///   framing reads as its kind), ``TCPOption/sack(_:)`` with no block.
@usableFromInline @inline(never)
internal func readRuleBreakingOption(kind: UInt8, length: Int, base: UnsafeRawPointer, offset: Int) -> TCPOption {
    if kind == TCPOptionKind.sack && TCPOptionLengthRule.sackWithoutBlocks.allows(length) {
        return .sack(TCPSACKBlocks())
    }
    // SAFETY: 2 <= length and offset + length is readable; length <= 40 for an option inside a header.
    return .malformed(kind: kind, data: TCPOptionData(unchecked: base + offset + 2, count: length - 2))
}

extension TCPOption {
    /// Checks the length byte of the option at `offset` (not EOL or NOP) for framing only and returns it.
    ///
    /// - Throws: the missing, too small or overlong length, with the option's offset.
    @inlinable @inline(__always)
    static func framedLength(
        kind: UInt8, base: UnsafeRawPointer, at offset: Int, end: Int
    ) throws(TCPDecodingError) -> Int {
        guard offset + 1 < end else { throw .optionLengthMissing(kind: kind, offset: offset) }
        // SAFETY: offset + 1 < end.
        let length = Int(base.loadByte(at: offset + 1))
        guard length >= 2 else { throw .optionLengthTooSmall(kind: kind, offset: offset, length: length) }
        guard length <= end - offset else {
            throw .optionExceedsHeader(kind: kind, offset: offset, length: length, available: end - offset)
        }
        return length
    }

    /// Whether every option in `start ..< end` is plainly well formed: the decoder's inline pass, which builds no
    /// value and no error.
    ///
    /// Returns where the options start, one bit per offset (bit `i` set: an option, NOP and EOL included, starts at
    /// byte `i`), up to and including the first EOL, with the layout recognised, if any, in the top bits
    /// (``TCPCommonOptionLayout/tag``: an area ends by byte 60, so they hold no start); 0 means "look closer":
    /// ``validateAll(base:start:end:checking:)`` then finds the first problem, or accepts an option whose kind's rule
    /// needs more than its length (MPTCP, TCP-AO, ...). The iterator of a view made this way reads the options at
    /// these offsets with no framing checks of its own.
    ///
    /// The caller guarantees `base ..< base + end` is readable and `1 <= start < end <= 64`, so that the result of
    /// a plainly valid area is never 0.
    @inlinable @inline(__always)
    static func plainlyValidStarts(
        base: UnsafeRawPointer, start: Int, end: Int, checking: TCPOptionChecking
    ) -> UInt64 {
        let layout = TCPCommonOptionLayout.recognise(base: base, start: start, end: end)
        if layout != .none { return layout.taggedStarts(at: start) }
        return walkedStarts(base: base, start: start, end: end, checking: checking)
    }

    /// ``plainlyValidStarts(base:start:end:checking:)`` over a header's option area (from byte 20 to `end`), out of
    /// line: the validating initializer calls it, so that the initializer itself stays small enough to be inlined
    /// into its caller's loop, and the view's fields stay in registers instead of being written to memory and read
    /// back. Arguments and result all travel in registers.
    ///
    /// The caller guarantees `base ..< base + end` is readable and `20 < end <= 60`.
    @usableFromInline @inline(never)
    static func outOfLinePlainlyValidStarts(
        base: UnsafeRawPointer, end: Int, checking: TCPOptionChecking
    ) -> UInt64 {
        plainlyValidStarts(base: base, start: TCPHeaderLayout.minimumHeaderLength, end: end, checking: checking)
    }

    /// ``plainlyValidStarts(base:start:end:checking:)`` by a walk over the options, one at a time.
    ///
    /// The caller guarantees `base ..< base + end` is readable and `1 <= start < end <= 64`.
    @inlinable @inline(__always)
    static func walkedStarts(
        base: UnsafeRawPointer, start: Int, end: Int, checking: TCPOptionChecking
    ) -> UInt64 {
        var starts: UInt64 = 0
        var offset = start
        while offset < end {
            // offset < end <= 64 (caller's guarantee), so the shift stays inside the word.
            starts |= 1 &<< UInt64(truncatingIfNeeded: offset)
            // SAFETY: offset < end, and base ..< base + end is readable (caller's guarantee).
            let kind = base.loadByte(at: offset)
            if kind == TCPOptionKind.noOperation {
                offset &+= 1
                continue
            }
            if kind == TCPOptionKind.endOfOptionList { return starts }
            guard offset &+ 1 < end else { return 0 }
            // SAFETY: offset + 1 < end.
            let length = Int(base.loadByte(at: offset &+ 1))
            guard length >= 2, length <= end &- offset else { return 0 }
            if checking == .strict, !hasPlainlyValidLength(kind: kind, length: length) { return 0 }
            // length <= end - offset, so this cannot overflow.
            offset &+= length
        }
        return starts
    }

    /// Whether the kind's length rule certainly holds, decided from the kind and the length alone: `false` for a
    /// rule that needs the option's bytes too (MPTCP), which the precise walk then checks.
    @inlinable @inline(__always)
    static func hasPlainlyValidLength(kind: UInt8, length: Int) -> Bool {
        let rule = TCPOptionKind.lengthRule(of: kind)
        return rule.isDecidedByLength && rule.allows(length)
    }

    /// Checks every option in `start ..< end` without building values, one at a time, and throws the first
    /// problem.
    ///
    /// The caller guarantees `base ..< base + end` is readable.
    ///
    /// - Throws: the first problem found.
    @usableFromInline
    static func validateAll(
        base: UnsafeRawPointer, start: Int, end: Int, checking: TCPOptionChecking
    ) throws(TCPDecodingError) {
        var offset = start
        while offset < end {
            // SAFETY: offset < end, and the caller guarantees base ..< base + end is readable.
            let kind = base.loadByte(at: offset)
            if kind == TCPOptionKind.endOfOptionList { return }
            if kind == TCPOptionKind.noOperation {
                offset &+= 1
                continue
            }
            let length = try framedLength(kind: kind, base: base, at: offset, end: end)
            if checking == .strict, !isValidLength(kind: kind, length: length, base: base, offset: offset) {
                throw .invalidOptionLength(kind: kind, offset: offset, length: length)
            }
            offset += length
        }
    }

    /// Writes the option at `target + offset`.
    ///
    /// The caller guarantees ``encodedLength`` writable bytes there.
    ///
    /// A SACK option with no block is written as its two bytes, kind and length 2 (what framing decoding reads it
    /// from; RFC 2018 section 3 forbids it).
    ///
    /// - Throws: ``TCPEncodingError/invalidOptionValue(kind:)`` when the value cannot be written (data too long
    ///   for the length byte, an Accurate ECN counter count above 3).
    @usableFromInline
    func write(to target: UnsafeMutableRawPointer, at offset: Int) throws(TCPEncodingError) {
        let length = encodedLength
        target.storeByte(kind, at: offset)
        if length == 1 { return }
        guard length <= TCPHeaderLayout.maximumOptionsLength else { throw .invalidOptionValue(kind: kind) }
        target.storeByte(UInt8(length), at: offset + 1)
        func copy(_ data: TCPOptionData, at position: Int) {
            data.withUnsafeBytes { raw in
                if let source = raw.baseAddress {
                    (target + position).copyMemory(from: source, byteCount: raw.count)
                }
            }
        }
        switch self {
        case .endOfOptionList, .noOperation, .sackPermitted:
            break
        case .maximumSegmentSize(let mss):
            target.storeBigEndian(mss, at: offset + 2)
        case .windowScale(let shift):
            target.storeByte(shift, at: offset + 2)
        case .sack(let blocks):
            for (index, block) in blocks.enumerated() {
                target.storeBigEndian(block.left.rawValue, at: offset + 2 + 8 * index)
                target.storeBigEndian(block.right.rawValue, at: offset + 6 + 8 * index)
            }
        case .timestamps(let value, let echoReply):
            target.storeBigEndian(value, at: offset + 2)
            target.storeBigEndian(echoReply, at: offset + 6)
        case .md5Signature(let digest):
            copy(digest, at: offset + 2)
        case .userTimeout(let value):
            target.storeBigEndian((value.granularityIsMinutes ? 0x8000 : 0) | (value.timeout & 0x7FFF), at: offset + 2)
        case .authentication(let value):
            target.storeByte(value.keyID, at: offset + 2)
            target.storeByte(value.receiveNextKeyID, at: offset + 3)
            copy(value.mac, at: offset + 4)
        case .multipath(let value):
            target.storeByte(value.subtype.rawValue << 4 | (value.subtypeBits & 0x0F), at: offset + 2)
            copy(value.data, at: offset + 3)
        case .fastOpenCookie(let cookie):
            copy(cookie, at: offset + 2)
        case .accurateECN(let value):
            guard value.counterCount <= 3 else { throw .invalidOptionValue(kind: kind) }
            for index in 0 ..< Int(value.counterCount) {
                let counter = index == 0 ? value.first : (index == 1 ? value.second : value.third)
                let at = offset + 2 + 3 * index
                target.storeByte(UInt8(truncatingIfNeeded: counter >> 16), at: at)
                target.storeByte(UInt8(truncatingIfNeeded: counter >> 8), at: at + 1)
                target.storeByte(UInt8(truncatingIfNeeded: counter), at: at + 2)
            }
        case .experimental(let value):
            target.storeBigEndian(value.experimentID, at: offset + 2)
            copy(value.data, at: offset + 4)
        case .unknown(_, let data), .malformed(_, let data):
            copy(data, at: offset + 2)
        }
    }
}

/// How much of each option the decoder checks.
@frozen
public enum TCPOptionChecking: Hashable, Sendable, BitwiseCopyable {
    /// Framing and every kind's own length rule (MSS 4, timestamps 10, SACK 2 + 8n with 1 to 4 blocks, MPTCP per
    /// subtype, ...): an option that breaks its kind's rule is an error.
    case strict
    /// Framing only (RFC 9293 section 3.2: a length byte of at least 2 that stays inside the header), as Linux
    /// parses options: an option that breaks its kind's own rule is yielded as ``TCPOption/malformed(kind:data:)``,
    /// except a SACK option with no block (length 2), yielded as ``TCPOption/sack(_:)`` with no block.
    case framing
}
