import TCPCodec

/// The facts about one segment that the rules, the state machine and the observer use, read once.
///
/// A plain value (about 100 bytes, no allocation) taken from a ``TCPSegmentView`` by one walk over the options,
/// or built by hand in tests and simulations. Fields follow RFC 9293 section 3.1 and the option RFCs.
@frozen
public struct TCPSegmentSummary: Hashable, Sendable {
    /// SEG.SEQ.
    public var sequenceNumber: SequenceNumber
    /// SEG.ACK (meaningful when ``flags`` has ACK).
    public var acknowledgmentNumber: SequenceNumber
    /// All 12 flag bits.
    public var flags: TCPFlags
    /// SEG.WND as carried (unscaled).
    public var window: UInt16
    /// The urgent pointer as carried.
    public var urgentPointer: UInt16
    /// The number of payload bytes.
    public var payloadLength: UInt32
    /// The MSS option's value, if present (RFC 9293 section 3.7.1).
    public var maximumSegmentSize: UInt16?
    /// The window scale option's shift as carried (may exceed 14), if present (RFC 7323 section 2.2).
    public var windowScale: UInt8?
    /// Whether SACK-permitted is present (RFC 2018 section 2).
    public var sackPermitted: Bool
    /// TSval of the timestamps option, if present (RFC 7323 section 3.2).
    public var timestampValue: UInt32?
    /// TSecr of the timestamps option, if present (RFC 7323 section 3.2).
    public var timestampEchoReply: UInt32?
    /// The SACK blocks, empty when there is no SACK option (RFC 2018 section 3). A SACK option with no block, which
    /// RFC 2018 forbids and a receiver ignores (``TCPAnomaly/sackWithoutBlocks``), leaves them as they were.
    public var sackBlocks: TCPSACKBlocks
    /// The length of a TCP Fast Open cookie (kind 34 or experimental ExID 0xF989), 0 for a cookie request,
    /// `nil` without the option (RFC 7413 section 4.1.1).
    public var fastOpenCookieLength: UInt8?
    /// Whether a TCP-MD5 signature (RFC 2385, kind 19) or a TCP-AO option (RFC 5925, kind 29) is present.
    public var hasAuthenticationOption: Bool
    /// Whether the capture's snapshot length cut the segment inside its TCP header, so that the options after the
    /// cut are unknown: the timestamps and SACK rules are then not applied (``TCPAnomaly/headerCutByCapture``).
    public var headerCutByCapture: Bool

    /// Creates a summary by hand.
    ///
    /// - Parameters:
    ///   - sequenceNumber: SEG.SEQ.
    ///   - acknowledgmentNumber: SEG.ACK.
    ///   - flags: the flags.
    ///   - window: SEG.WND as carried.
    ///   - urgentPointer: the urgent pointer.
    ///   - payloadLength: payload bytes.
    ///   - maximumSegmentSize: the MSS option.
    ///   - windowScale: the window scale option.
    ///   - sackPermitted: whether SACK-permitted is present.
    ///   - timestampValue: TSval.
    ///   - timestampEchoReply: TSecr.
    ///   - sackBlocks: SACK blocks.
    ///   - fastOpenCookieLength: the TFO cookie length.
    ///   - hasAuthenticationOption: whether a TCP-MD5 or TCP-AO option is present.
    ///   - headerCutByCapture: whether the capture cut the segment inside its header.
    @inlinable
    public init(
        sequenceNumber: SequenceNumber, acknowledgmentNumber: SequenceNumber = SequenceNumber(0),
        flags: TCPFlags, window: UInt16 = 0, urgentPointer: UInt16 = 0, payloadLength: UInt32 = 0,
        maximumSegmentSize: UInt16? = nil, windowScale: UInt8? = nil, sackPermitted: Bool = false,
        timestampValue: UInt32? = nil, timestampEchoReply: UInt32? = nil, sackBlocks: TCPSACKBlocks = TCPSACKBlocks(),
        fastOpenCookieLength: UInt8? = nil, hasAuthenticationOption: Bool = false, headerCutByCapture: Bool = false
    ) {
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.flags = flags
        self.window = window
        self.urgentPointer = urgentPointer
        self.payloadLength = payloadLength
        self.maximumSegmentSize = maximumSegmentSize
        self.windowScale = windowScale
        self.sackPermitted = sackPermitted
        self.timestampValue = timestampValue
        self.timestampEchoReply = timestampEchoReply
        self.sackBlocks = sackBlocks
        self.fastOpenCookieLength = fastOpenCookieLength
        self.hasAuthenticationOption = hasAuthenticationOption
        self.headerCutByCapture = headerCutByCapture
    }

    /// Reads the facts from a decoded segment (strict or lenient); options after a malformed one are not read.
    ///
    /// - Parameter view: the segment.
    public init(_ view: TCPSegmentView) {
        var anomalies = TCPAnomalySet()
        self = TCPSegmentSummary.scan(view, anomalies: &anomalies)
    }

    /// SEG.LEN: payload bytes plus one for SYN and one for FIN (RFC 9293 section 3.4).
    @inlinable
    public var sequenceLength: UInt32 {
        @inline(__always) get {
        payloadLength &+ (flags.contains(.syn) ? 1 : 0) &+ (flags.contains(.fin) ? 1 : 0)
        }
    }

    /// The sequence number just past the segment: SEG.SEQ + SEG.LEN.
    @inlinable
    public var sequenceEnd: SequenceNumber {
        @inline(__always) get { sequenceNumber + sequenceLength }
    }

    /// Whether the segment has the timestamps option.
    @inlinable
    public var hasTimestamps: Bool { timestampValue != nil }

    /// Reads the summary and records the option anomalies into `anomalies`.
    ///
    /// With `headerCutByCapture`, a header that runs past the bytes is the capture's doing: it is reported as
    /// ``TCPAnomaly/headerCutByCapture`` instead of a data offset error, and an option cut at the end of the bytes
    /// is not an option error.
    ///
    /// Inlined into its callers: the options of the common data segment, NOP NOP TS, are read here without the
    /// walk (the timestamps are all there is to record, and no option rule applies to them: nothing duplicated,
    /// nothing SYN-only, nothing malformed); any other option area, or a view with a problem, is read by
    /// `scanOptions`, out of line, so that its frame is not set up for the common case.
    @inline(__always)
    internal static func scan(
        _ view: TCPSegmentView, anomalies: inout TCPAnomalySet, headerCutByCapture: Bool = false
    ) -> TCPSegmentSummary {
        var summary = TCPSegmentSummary(
            sequenceNumber: view.sequenceNumber, acknowledgmentNumber: view.acknowledgmentNumber, flags: view.flags,
            window: view.window, urgentPointer: view.urgentPointer,
            payloadLength: UInt32(truncatingIfNeeded: view.payload.count))
        if view.problem == nil, let timestamps = view.timestampsOnlyOption {
            summary.timestampValue = timestamps.value
            summary.timestampEchoReply = timestamps.echoReply
        } else {
            scanOptions(view, into: &summary, anomalies: &anomalies, headerCutByCapture: headerCutByCapture)
        }
        return summary
    }

    /// The rest of ``scan(_:anomalies:headerCutByCapture:)``: a view's problem and its options, one at a time, into
    /// `summary` (which holds the fixed header's fields), with their anomalies.
    @inline(never)
    private static func scanOptions(
        _ view: TCPSegmentView, into summary: inout TCPSegmentSummary, anomalies: inout TCPAnomalySet,
        headerCutByCapture: Bool
    ) {
        let cut = headerCutByCapture && {
            if case .headerExceedsBuffer = view.problem { return true }
            return false
        }()
        summary.headerCutByCapture = cut
        if cut {
            anomalies.insert(.headerCutByCapture)
        } else if let problem = view.problem {
            switch problem {
            case .dataOffsetTooSmall, .headerExceedsBuffer, .truncatedHeader: anomalies.insert(.dataOffsetError)
            default: anomalies.insert(.optionError)
            }
        }
        // Kinds seen so far, one bit per kind value (256 bits); MPTCP subtypes apart, since one header may carry
        // several MPTCP options of different subtypes (RFC 8684 section 3).
        var seen: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var multipathSubtypes: UInt16 = 0
        // `readEach` rather than `walk()`: no offsets are needed, it inlines here, so no option is built in memory
        // only to be switched on, and it reads the common option layouts whole, with no test per option.
        let error = view.options.readEach { option in
            let kind = option.kind
            if case .multipath(let value) = option {
                let bit = UInt16(1) << UInt16(value.subtype.rawValue & 15)
                if multipathSubtypes & bit != 0 { anomalies.insert(.duplicateOption) }
                multipathSubtypes |= bit
            } else if case .sack(let blocks) = option, blocks.isEmpty {
                // Not SACK information (`record`): neither a SACK option seen nor a second one.
            } else if kind != TCPOptionKind.noOperation && kind != TCPOptionKind.endOfOptionList {
                let bit: UInt64 = 1 << UInt64(kind & 63)
                let already: Bool
                switch kind >> 6 {
                case 0: already = seen.0 & bit != 0; seen.0 |= bit
                case 1: already = seen.1 & bit != 0; seen.1 |= bit
                case 2: already = seen.2 & bit != 0; seen.2 |= bit
                default: already = seen.3 & bit != 0; seen.3 |= bit
                }
                if already { anomalies.insert(.duplicateOption) }
            }
            summary.record(option, anomalies: &anomalies)
        }
        if let error {
            // An option running past the bytes of a header the capture cut was whole on the wire.
            switch error {
            case .optionExceedsHeader where cut, .optionLengthMissing where cut: break
            default: anomalies.insert(.optionError)
            }
        }
    }

    private mutating func record(_ option: TCPOption, anomalies: inout TCPAnomalySet) {
        let isSYN = flags.contains(.syn)
        switch option {
        case .maximumSegmentSize(let value):
            maximumSegmentSize = value
            if !isSYN { anomalies.insert(.synOnlyOptionOnNonSYN) }
        case .windowScale(let shift):
            windowScale = shift
            if !isSYN { anomalies.insert(.synOnlyOptionOnNonSYN) }
            if shift > 14 { anomalies.insert(.windowScaleAbove14) }
        case .sackPermitted:
            sackPermitted = true
            if !isSYN { anomalies.insert(.synOnlyOptionOnNonSYN) }
        case .sack(let blocks) where blocks.isEmpty:
            // RFC 2018 section 3 requires a block; Linux's tcp_parse_options reads a SACK option only from one
            // block on and goes on with the segment: the option is reported and otherwise ignored.
            anomalies.insert(.sackWithoutBlocks)
        case .sack(let blocks):
            sackBlocks = blocks
        case .timestamps(let value, let echoReply):
            timestampValue = value
            timestampEchoReply = echoReply
        case .md5Signature, .authentication:
            hasAuthenticationOption = true
        case .fastOpenCookie(let cookie):
            recordCookie(length: cookie.count, isSYN: isSYN, anomalies: &anomalies)
        case .experimental(let value) where value.experimentID == TCPExperimentalOption.fastOpenExperimentID:
            recordCookie(length: value.data.count, isSYN: isSYN, anomalies: &anomalies)
        case .malformed:
            anomalies.insert(.optionError)
        default:
            break
        }
    }

    private mutating func recordCookie(length: Int, isSYN: Bool, anomalies: inout TCPAnomalySet) {
        fastOpenCookieLength = UInt8(truncatingIfNeeded: length)
        if !isSYN { anomalies.insert(.fastOpenCookieOnNonSYN) }
        if length & 1 != 0 { anomalies.insert(.fastOpenCookieOddLength) }
    }
}
