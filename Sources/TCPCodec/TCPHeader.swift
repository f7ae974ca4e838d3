/// An owned TCP header: every field and the options, held inline with no heap allocation.
///
/// Build one from a decoded view (`TCPHeader(view)`) or by hand, change fields, and
/// ``encode(into:payload:pseudoHeader:)`` it into a buffer. The data offset is not stored: it follows from the
/// options (RFC 9293 section 3.1), which are padded with zero bytes to a multiple of 4. Decoding a valid header
/// and encoding it again gives the same bytes, reserved bits, unknown options and padding after EOL included.
///
/// Two headers are equal when they encode to the same bytes.
@frozen
public struct TCPHeader: Hashable, Sendable {
    /// The source port.
    public var sourcePort: UInt16
    /// The destination port.
    public var destinationPort: UInt16
    /// The sequence number.
    public var sequenceNumber: SequenceNumber
    /// The acknowledgment number.
    public var acknowledgmentNumber: SequenceNumber
    /// All 12 flag bits; bits above the twelfth are not encoded.
    public var flags: TCPFlags
    /// The window field, unscaled.
    public var window: UInt16
    /// The checksum field, written as it is unless encoding is given a pseudo-header.
    public var checksum: UInt16
    /// The urgent pointer.
    public var urgentPointer: UInt16
    /// The options.
    public var options: TCPOptionList

    /// Creates a header by hand.
    ///
    /// - Parameters:
    ///   - sourcePort: the source port.
    ///   - destinationPort: the destination port.
    ///   - sequenceNumber: the sequence number.
    ///   - acknowledgmentNumber: the acknowledgment number.
    ///   - flags: the flag bits.
    ///   - window: the window field.
    ///   - checksum: the checksum field (filled in by encoding when it is given a pseudo-header).
    ///   - urgentPointer: the urgent pointer.
    ///   - options: the options.
    @inlinable
    public init(
        sourcePort: UInt16 = 0, destinationPort: UInt16 = 0,
        sequenceNumber: SequenceNumber = SequenceNumber(0), acknowledgmentNumber: SequenceNumber = SequenceNumber(0),
        flags: TCPFlags = [], window: UInt16 = 0, checksum: UInt16 = 0, urgentPointer: UInt16 = 0,
        options: TCPOptionList = TCPOptionList()
    ) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.flags = flags
        self.window = window
        self.checksum = checksum
        self.urgentPointer = urgentPointer
        self.options = options
    }

    /// Copies every field and the option bytes out of a view.
    ///
    /// For a lenient view with a ``TCPSegmentView/problem`` the option bytes available are copied as they are.
    ///
    /// - Parameter view: a decoded segment.
    @inlinable
    public init(_ view: TCPSegmentView) {
        let area = view.options.bytes
        // A view's option area is at most 40 bytes (header length <= 60), so this cannot fail.
        let raw = (try? TCPOptionData(area)) ?? TCPOptionData()
        self.init(
            sourcePort: view.sourcePort, destinationPort: view.destinationPort,
            sequenceNumber: view.sequenceNumber, acknowledgmentNumber: view.acknowledgmentNumber,
            flags: view.flags, window: view.window, checksum: view.checksum, urgentPointer: view.urgentPointer,
            options: TCPOptionList(rawBytes: raw))
    }

    /// Decodes a header strictly from bytes.
    ///
    /// - Parameter bytes: the segment, header first.
    /// - Throws: ``TCPDecodingError`` as ``TCPSegmentView/init(_:)`` does.
    @inlinable
    public init(decoding bytes: UnsafeRawBufferPointer) throws(TCPDecodingError) {
        self.init(try TCPSegmentView(bytes))
    }

    /// The data offset in 32-bit words this header encodes with: 5 plus the padded options.
    @inlinable
    public var dataOffset: Int { headerLength &>> 2 }

    /// The header length in bytes this header encodes with: 20 plus the padded options.
    @inlinable
    public var headerLength: Int { TCPHeaderLayout.minimumHeaderLength + options.paddedByteCount }

    /// Writes the header, then the payload if any, and returns the bytes written.
    ///
    /// The data offset is computed from the options, which are padded with zero bytes to a multiple of 4. With a
    /// pseudo-header the checksum is computed over it, the header and the payload and written to the buffer
    /// (``checksum`` itself is left unchanged); without one, ``checksum`` is written as it is.
    ///
    /// - Parameters:
    ///   - buffer: where to write, from its first byte.
    ///   - payload: bytes to write after the header.
    ///   - pseudoHeader: when given, the checksum is computed and filled in.
    /// - Returns: the number of bytes written: header length plus payload length.
    /// - Throws: ``TCPEncodingError/bufferTooSmall(needed:available:)``, or
    ///   ``TCPEncodingError/segmentTooLong(length:maximum:)`` for an IPv4 segment over 65,535 bytes.
    @inlinable
    @discardableResult
    public func encode(
        into buffer: UnsafeMutableRawBufferPointer, payload: UnsafeRawBufferPointer = UnsafeRawBufferPointer(
            start: nil, count: 0),
        pseudoHeader: TCPPseudoHeader? = nil
    ) throws(TCPEncodingError) -> Int {
        // At most 40: TCPOptionList holds no more.
        let optionBytes = options.byteCount
        let headerLength = self.headerLength
        let total = headerLength + payload.count
        guard total <= buffer.count, let target = buffer.baseAddress else {
            throw TCPEncodingError.bufferTooSmall(needed: total, available: buffer.count)
        }
        if let pseudoHeader, pseudoHeader.family == .ipv4, total > 0xFFFF {
            throw TCPEncodingError.segmentTooLong(length: total, maximum: 0xFFFF)
        }
        // SAFETY: total <= buffer.count covers every store below.
        target.storeBigEndian(sourcePort, TCPHeaderLayout.sourcePort)
        target.storeBigEndian(destinationPort, TCPHeaderLayout.destinationPort)
        target.storeBigEndian(sequenceNumber.rawValue, TCPHeaderLayout.sequenceNumber)
        target.storeBigEndian(acknowledgmentNumber.rawValue, TCPHeaderLayout.acknowledgmentNumber)
        target.storeBigEndian(
            TCPHeaderLayout.dataOffsetAndFlagsWord(headerLength: headerLength, flags: flags.rawValue),
            TCPHeaderLayout.dataOffsetAndFlags)
        target.storeBigEndian(window, TCPHeaderLayout.window)
        target.storeBigEndian(checksum, TCPHeaderLayout.checksum)
        target.storeBigEndian(urgentPointer, TCPHeaderLayout.urgentPointer)
        let optionsStart = TCPHeaderLayout.minimumHeaderLength
        options.bytes.withUnsafeBytes { raw in
            if let source = raw.baseAddress {
                (target + optionsStart).copyMemory(from: source, byteCount: raw.count)
            }
        }
        let padding = headerLength - optionsStart - optionBytes
        if padding > 0 {
            (target + optionsStart + optionBytes).initializeMemory(as: UInt8.self, repeating: 0, count: padding)
        }
        if let source = payload.baseAddress, payload.count > 0 {
            (target + headerLength).copyMemory(from: source, byteCount: payload.count)
        }
        if let pseudoHeader {
            TCPChecksum.fill(
                segment: UnsafeMutableRawBufferPointer(start: target, count: total), pseudoHeader: pseudoHeader)
        }
        return total
    }

    /// Two headers are equal when they encode to the same bytes: every field, the 12 flag bits (bits above the
    /// twelfth are not encoded) and the padded option bytes.
    @inlinable
    public static func == (lhs: TCPHeader, rhs: TCPHeader) -> Bool {
        lhs.sourcePort == rhs.sourcePort && lhs.destinationPort == rhs.destinationPort
            && lhs.sequenceNumber == rhs.sequenceNumber && lhs.acknowledgmentNumber == rhs.acknowledgmentNumber
            && lhs.flags.rawValue & TCPHeaderLayout.flagBits == rhs.flags.rawValue & TCPHeaderLayout.flagBits
            && lhs.window == rhs.window
            && lhs.checksum == rhs.checksum && lhs.urgentPointer == rhs.urgentPointer && lhs.options == rhs.options
    }

    /// Hashes what ``==`` compares.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(sourcePort)
        hasher.combine(destinationPort)
        hasher.combine(sequenceNumber)
        hasher.combine(acknowledgmentNumber)
        hasher.combine(flags.rawValue & TCPHeaderLayout.flagBits)
        hasher.combine(window)
        hasher.combine(checksum)
        hasher.combine(urgentPointer)
        hasher.combine(options)
    }
}
