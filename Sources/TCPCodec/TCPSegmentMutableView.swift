/// A view for rewriting a segment in place that keeps its checksum right by incremental update (RFC 1624).
///
/// Every setter changes the bytes and adjusts the checksum field for exactly the bytes it changed, with no full
/// recompute. A segment whose checksum was right stays right; one whose checksum was wrong stays wrong by the
/// same amount. The view is checked like a strict ``TCPSegmentView`` once, when it is made.
///
/// The view borrows the bytes it was made from: it must not outlive them.
@frozen
public struct TCPSegmentMutableView {
    @usableFromInline
    internal let base: UnsafeMutableRawPointer

    @usableFromInline
    internal let count: Int

    @usableFromInline
    internal let headerLength: Int

    /// Checks the segment strictly and wraps it for rewriting.
    ///
    /// - Parameter bytes: the TCP segment, header first.
    /// - Throws: ``TCPDecodingError`` as ``TCPSegmentView/init(_:)`` does.
    @inlinable
    public init(_ bytes: UnsafeMutableRawBufferPointer) throws(TCPDecodingError) {
        let view = try TCPSegmentView(UnsafeRawBufferPointer(bytes))
        // A strict view guarantees at least 20 bytes, so the base address exists.
        base = bytes.baseAddress.unsafelyUnwrapped
        count = bytes.count
        headerLength = view.headerLength
    }

    /// A read-only view of the same bytes.
    @inlinable
    public var view: TCPSegmentView {
        // The bytes were checked when this view was made; setters never change a length or an option kind.
        TCPSegmentView(checked: base, count: count, headerLength: headerLength)
    }

    /// Replaces `newBytes.count` bytes at `offset` and updates the checksum for the change.
    @inlinable
    internal func replace(at offset: Int, with newBytes: UnsafeRawBufferPointer) {
        let old = UnsafeRawBufferPointer(start: base + offset, count: newBytes.count)
        let current = UnsafeRawPointer(base).loadBigEndianUInt16(TCPHeaderLayout.checksum)
        let updated = InternetChecksum.update(
            current, replacing: old, with: newBytes, startsAtOddOffset: offset & 1 == 1)
        (base + offset).copyMemory(from: newBytes.baseAddress.unsafelyUnwrapped, byteCount: newBytes.count)
        base.storeBigEndian(updated, TCPHeaderLayout.checksum)
    }

    @inlinable
    internal func replace(at offset: Int, with value: UInt16) {
        withUnsafeBytes(of: value.bigEndian) { replace(at: offset, with: $0) }
    }

    @inlinable
    internal func replace(at offset: Int, with value: UInt32) {
        withUnsafeBytes(of: value.bigEndian) { replace(at: offset, with: $0) }
    }

    /// Replaces the 16-bit field at `field`, a range of the header layout, and updates the checksum.
    @inlinable
    internal func replace(_ field: Range<Int>, with value: UInt16) {
        assert(field.count == 2, "not a 16-bit field")
        replace(at: field.lowerBound, with: value)
    }

    /// Replaces the 32-bit field at `field`, a range of the header layout, and updates the checksum.
    @inlinable
    internal func replace(_ field: Range<Int>, with value: UInt32) {
        assert(field.count == 4, "not a 32-bit field")
        replace(at: field.lowerBound, with: value)
    }

    /// The source port; setting it updates the checksum.
    @inlinable
    public var sourcePort: UInt16 {
        get { view.sourcePort }
        nonmutating set { replace(TCPHeaderLayout.sourcePort, with: newValue) }
    }

    /// The destination port; setting it updates the checksum.
    @inlinable
    public var destinationPort: UInt16 {
        get { view.destinationPort }
        nonmutating set { replace(TCPHeaderLayout.destinationPort, with: newValue) }
    }

    /// The sequence number; setting it updates the checksum.
    @inlinable
    public var sequenceNumber: SequenceNumber {
        get { view.sequenceNumber }
        nonmutating set { replace(TCPHeaderLayout.sequenceNumber, with: newValue.rawValue) }
    }

    /// The acknowledgment number; setting it updates the checksum.
    @inlinable
    public var acknowledgmentNumber: SequenceNumber {
        get { view.acknowledgmentNumber }
        nonmutating set { replace(TCPHeaderLayout.acknowledgmentNumber, with: newValue.rawValue) }
    }

    /// All 12 flag bits; setting them keeps the data offset and updates the checksum.
    @inlinable
    public var flags: TCPFlags {
        get { view.flags }
        nonmutating set {
            let word = TCPHeaderLayout.dataOffsetAndFlagsWord(headerLength: headerLength, flags: newValue.rawValue)
            replace(TCPHeaderLayout.dataOffsetAndFlags, with: word)
        }
    }

    /// The window field; setting it updates the checksum.
    @inlinable
    public var window: UInt16 {
        get { view.window }
        nonmutating set { replace(TCPHeaderLayout.window, with: newValue) }
    }

    /// The urgent pointer; setting it updates the checksum.
    @inlinable
    public var urgentPointer: UInt16 {
        get { view.urgentPointer }
        nonmutating set { replace(TCPHeaderLayout.urgentPointer, with: newValue) }
    }

    /// The checksum field; setting it writes the value as given, with no update.
    @inlinable
    public var checksum: UInt16 {
        get { view.checksum }
        nonmutating set { base.storeBigEndian(newValue, TCPHeaderLayout.checksum) }
    }

    /// Finds the first option of `kind` and returns the offset of its kind byte.
    @inlinable
    internal func offsetOfOption(kind: UInt8) -> Int? {
        var walk = view.options.walk()
        while let step = walk.next() {
            if case .option(let option, let offset) = step, option.kind == kind { return offset }
        }
        return nil
    }

    /// Sets the value of the first MSS option; returns `false`, changing nothing, when there is none.
    ///
    /// - Parameter value: the new maximum segment size.
    /// - Returns: whether an option was rewritten.
    @inlinable @discardableResult
    public func setMaximumSegmentSize(_ value: UInt16) -> Bool {
        guard let offset = offsetOfOption(kind: TCPOptionKind.maximumSegmentSize) else { return false }
        replace(at: offset + 2, with: value)
        return true
    }

    /// Sets the shift count of the first window scale option; returns `false` when there is none.
    ///
    /// - Parameter shift: the new shift count.
    /// - Returns: whether an option was rewritten.
    @inlinable @discardableResult
    public func setWindowScale(_ shift: UInt8) -> Bool {
        guard let offset = offsetOfOption(kind: TCPOptionKind.windowScale) else { return false }
        withUnsafeBytes(of: shift) { replace(at: offset + 2, with: $0) }
        return true
    }

    /// Sets TSval and TSecr of the first timestamps option; returns `false` when there is none.
    ///
    /// - Parameters:
    ///   - value: the new TSval.
    ///   - echoReply: the new TSecr.
    /// - Returns: whether an option was rewritten.
    @inlinable @discardableResult
    public func setTimestamps(value: UInt32, echoReply: UInt32) -> Bool {
        guard let offset = offsetOfOption(kind: TCPOptionKind.timestamps) else { return false }
        replace(at: offset + 2, with: value)
        replace(at: offset + 6, with: echoReply)
        return true
    }

    /// Sets block `index` of the first SACK option; returns `false` when there is no such option or block.
    ///
    /// - Parameters:
    ///   - index: the block's position, from 0.
    ///   - block: the new edges.
    /// - Returns: whether a block was rewritten.
    @inlinable @discardableResult
    public func setSACKBlock(at index: Int, to block: TCPSACKBlock) -> Bool {
        guard index >= 0, index < TCPSACKBlocks.capacity, let offset = offsetOfOption(kind: TCPOptionKind.sack) else {
            return false
        }
        // SAFETY: the option was found by a strict walk, so its length byte is readable and valid.
        let length = Int(UnsafeRawPointer(base).loadByte(at: offset + 1))
        guard 2 + 8 * (index + 1) <= length else { return false }
        replace(at: offset + 2 + 8 * index, with: block.left.rawValue)
        replace(at: offset + 6 + 8 * index, with: block.right.rawValue)
        return true
    }

    /// Updates the checksum for a change of pseudo-header, e.g. a NAT rewriting the IP addresses
    /// (RFC 1624 applied to the address words; the segment length is unchanged).
    ///
    /// - Parameters:
    ///   - old: the pseudo-header the checksum was computed with.
    ///   - new: the pseudo-header the segment will travel with; of the same family.
    @inlinable
    public func updateChecksum(from old: TCPPseudoHeader, to new: TCPPseudoHeader) {
        let current = UnsafeRawPointer(base).loadBigEndianUInt16(TCPHeaderLayout.checksum)
        let oldSum = InternetChecksum.fold(UInt64(old.sum(tcpLength: count)))
        let newSum = InternetChecksum.fold(UInt64(new.sum(tcpLength: count)))
        base.storeBigEndian(InternetChecksum.update(current, replacing: oldSum, with: newSum), TCPHeaderLayout.checksum)
    }
}
