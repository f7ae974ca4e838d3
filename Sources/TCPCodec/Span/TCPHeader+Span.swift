#if compiler(>=6.2)
extension TCPHeader {
    /// Writes the header, then the payload if any, at the start of a mutable span, and returns the bytes written.
    ///
    /// As ``encode(into:payload:pseudoHeader:)-(UnsafeMutableRawBufferPointer,_,_)``: the data offset comes from the
    /// options, padded with zeros to a multiple of 4; with a pseudo-header the checksum is computed and written.
    ///
    /// - Parameters:
    ///   - output: where to write, from its first byte; bytes after those written are left as they are.
    ///   - payload: bytes to write after the header.
    ///   - pseudoHeader: when given, the checksum is computed and filled in.
    /// - Returns: the number of bytes written: header length plus payload length.
    /// - Throws: ``TCPEncodingError/bufferTooSmall(needed:available:)``, or
    ///   ``TCPEncodingError/segmentTooLong(length:maximum:)`` for an IPv4 segment over 65,535 bytes.
    @inlinable
    @discardableResult
    public func encode(
        into output: inout MutableRawSpan, payload: RawSpan = RawSpan(), pseudoHeader: TCPPseudoHeader? = nil
    ) throws(TCPEncodingError) -> Int {
        try payload.withUnsafeBytes { (payloadBytes) throws(TCPEncodingError) -> Int in
            try output.withUnsafeMutableBytes { (buffer) throws(TCPEncodingError) -> Int in
                try encode(into: buffer, payload: payloadBytes, pseudoHeader: pseudoHeader)
            }
        }
    }

    /// Appends the header, then the payload if any, to the initialized bytes of an output span, and returns the bytes
    /// written.
    ///
    /// On error nothing is appended.
    ///
    /// - Parameters:
    ///   - output: the span to append to; its free capacity must hold header and payload.
    ///   - payload: bytes to write after the header.
    ///   - pseudoHeader: when given, the checksum is computed and filled in.
    /// - Returns: the number of bytes appended: header length plus payload length.
    /// - Throws: ``TCPEncodingError/bufferTooSmall(needed:available:)`` (`available` is the free capacity), or
    ///   ``TCPEncodingError/segmentTooLong(length:maximum:)`` for an IPv4 segment over 65,535 bytes.
    @inlinable
    @discardableResult
    public func encode(
        into output: inout OutputRawSpan, payload: RawSpan = RawSpan(), pseudoHeader: TCPPseudoHeader? = nil
    ) throws(TCPEncodingError) -> Int {
        try payload.withUnsafeBytes { (payloadBytes) throws(TCPEncodingError) -> Int in
            try output.withUnsafeMutableBytes { (buffer, initializedCount) throws(TCPEncodingError) -> Int in
                let free = UnsafeMutableRawBufferPointer(rebasing: buffer[initializedCount...])
                let written = try encode(into: free, payload: payloadBytes, pseudoHeader: pseudoHeader)
                // written <= free.count, so the sum stays within the span's capacity.
                initializedCount += written
                return written
            }
        }
    }

    /// Appends the header, then the payload if any, to the initialized bytes of an output span of bytes (as
    /// `Array(capacity:initializingWith:)` gives), and returns the bytes written.
    ///
    /// On error nothing is appended.
    ///
    /// - Parameters:
    ///   - output: the span to append to; its free capacity must hold header and payload.
    ///   - payload: bytes to write after the header.
    ///   - pseudoHeader: when given, the checksum is computed and filled in.
    /// - Returns: the number of bytes appended: header length plus payload length.
    /// - Throws: ``TCPEncodingError/bufferTooSmall(needed:available:)`` (`available` is the free capacity), or
    ///   ``TCPEncodingError/segmentTooLong(length:maximum:)`` for an IPv4 segment over 65,535 bytes.
    @inlinable
    @discardableResult
    public func encode(
        into output: inout OutputSpan<UInt8>, payload: RawSpan = RawSpan(), pseudoHeader: TCPPseudoHeader? = nil
    ) throws(TCPEncodingError) -> Int {
        try payload.withUnsafeBytes { (payloadBytes) throws(TCPEncodingError) -> Int in
            try output.withUnsafeMutableBufferPointer { (buffer, initializedCount) throws(TCPEncodingError) -> Int in
                let free = UnsafeMutableRawBufferPointer(
                    UnsafeMutableBufferPointer(rebasing: buffer[initializedCount...]))
                let written = try encode(into: free, payload: payloadBytes, pseudoHeader: pseudoHeader)
                // written <= free.count, so the sum stays within the span's capacity.
                initializedCount += written
                return written
            }
        }
    }

    /// The encoded segment as a new array: the header, then the payload if any.
    ///
    /// - Parameters:
    ///   - payload: bytes to write after the header.
    ///   - pseudoHeader: when given, the checksum is computed and filled in.
    /// - Returns: header length plus payload length bytes.
    /// - Throws: ``TCPEncodingError/segmentTooLong(length:maximum:)`` for an IPv4 segment over 65,535 bytes.
    @inlinable
    public func encoded(payload: RawSpan = RawSpan(), pseudoHeader: TCPPseudoHeader? = nil)
        throws(TCPEncodingError) -> [UInt8]
    {
        let total = headerLength + payload.byteCount
        return try [UInt8](capacity: total) { (output) throws(TCPEncodingError) in
            try encode(into: &output, payload: payload, pseudoHeader: pseudoHeader)
        }
    }
}
#endif
