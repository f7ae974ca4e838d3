import CZlib

/// The two zlib operations the archive needs, over the system zlib (RFC 1950 streams, RFC 1951 deflate).
///
/// Internal: callers go through ``CorpusArchive``, which checks sizes before anything is allocated.
enum Zlib {
    /// The largest output capacity ``inflate(_:declaredSize:fileOffset:)`` accepts, so that the capacity (the
    /// declared size plus one) fits zlib's 32-bit `avail_out`.
    static let maximumInflatedSize = Int(UInt32.max) - 1

    /// Deflates `source` into one zlib stream with `compress2` at the best compression level.
    ///
    /// For a given zlib release the output is a function of the input alone, which is what makes archives
    /// reproducible.
    ///
    /// - Parameter source: the bytes to compress.
    /// - Returns: the zlib stream.
    /// - Throws: ``CorpusArchiveError/Code/zlibFailure`` if zlib reports an error (only memory exhaustion is
    ///   expected).
    static func compress(_ source: [UInt8]) throws(CorpusArchiveError) -> [UInt8] {
        let bound = Int(compressBound(uLong(source.count)))
        var status = Z_OK
        let compressed = [UInt8](unsafeUninitializedCapacity: bound) { buffer, initializedCount in
            var destinationLength = uLongf(bound)
            status = source.withUnsafeBufferPointer { input in
                // SAFETY: `buffer` has room for `bound` bytes, the size compressBound gave for this input, and
                // `destinationLength` tells compress2 so; it writes no further.
                CZlib.compress2(
                    buffer.baseAddress, &destinationLength, input.baseAddress, uLong(input.count), Z_BEST_COMPRESSION
                )
            }
            initializedCount = status == Z_OK ? Int(destinationLength) : 0
        }
        guard status == Z_OK else {
            throw .zlibFailure("compress2", status: status, message: nil)
        }
        return compressed
    }

    /// Inflates one zlib stream that must produce exactly `declaredSize` bytes and be followed by nothing.
    ///
    /// The output buffer is allocated at `declaredSize + 1` bytes, never grown: a stream that fills the extra
    /// byte is longer than declared and is refused without inflating further.
    ///
    /// - Parameters:
    ///   - source: the zlib stream (the archive after its 16-byte header).
    ///   - declaredSize: the uncompressed size the header declares, at most ``maximumInflatedSize``; the
    ///     caller has already checked it against its own limit.
    ///   - fileOffset: where `source` starts in the archive file, for error offsets.
    /// - Returns: the `declaredSize` inflated bytes.
    /// - Throws: ``CorpusArchiveError/Code/truncated`` if the stream ends early,
    ///   ``CorpusArchiveError/Code/sizeMismatch`` if it inflates to another size,
    ///   ``CorpusArchiveError/Code/trailingBytes`` if bytes follow it, and
    ///   ``CorpusArchiveError/Code/zlibFailure`` if zlib finds it corrupt.
    static func inflate(
        _ source: ArraySlice<UInt8>,
        declaredSize: Int,
        fileOffset: Int
    ) throws(CorpusArchiveError) -> [UInt8] {
        precondition(declaredSize >= 0 && declaredSize <= maximumInflatedSize, "declared size not checked")
        let capacity = declaredSize + 1
        var failure: CorpusArchiveError?
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
            source.withUnsafeBufferPointer { input in
                let result = inflate(input, into: buffer, fileOffset: fileOffset)
                switch result {
                case .success(let produced):
                    initializedCount = produced
                case .failure(let error):
                    initializedCount = 0
                    failure = error
                }
            }
        }
        if let failure {
            throw failure
        }
        guard output.count == declaredSize else {
            throw .sizeMismatch(declared: declaredSize, atLeast: output.count, exact: true)
        }
        return output
    }

    /// The streaming inflate loop behind ``inflate(_:declaredSize:fileOffset:)``.
    ///
    /// - Returns: the number of bytes written to the front of `output`, or the error.
    private static func inflate(
        _ input: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableBufferPointer<UInt8>,
        fileOffset: Int
    ) -> Result<Int, CorpusArchiveError> {
        var stream = z_stream()
        let initStatus = inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard initStatus == Z_OK else {
            return .failure(.zlibFailure("inflateInit", status: initStatus, message: message(of: stream)))
        }
        defer { inflateEnd(&stream) }

        // SAFETY: the caller sized `output` at most `maximumInflatedSize + 1`, which fits in 32 bits.
        stream.next_out = output.baseAddress
        stream.avail_out = uInt(output.count)
        var unfed = input.count
        var fed = 0
        while true {
            if stream.avail_in == 0 && unfed > 0 {
                // zlib's `avail_in` is 32 bits wide; a larger input is fed in pieces.
                let piece = min(unfed, Int(UInt32.max))
                // SAFETY: zlib only reads through `next_in` (the header lacks `const` unless ZLIB_CONST is set),
                // and `fed + piece <= input.count` keeps the range inside `input`.
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + fed)
                stream.avail_in = uInt(piece)
                fed += piece
                unfed -= piece
            }
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let produced = output.count - Int(stream.avail_out)
            switch status {
            case Z_STREAM_END:
                let left = Int(stream.avail_in) + unfed
                guard left == 0 else {
                    let consumed = input.count - left
                    return .failure(.trailingBytes("the zlib stream", offset: fileOffset + consumed, count: left))
                }
                return .success(produced)
            case Z_OK, Z_BUF_ERROR:
                if stream.avail_out == 0 {
                    // The spare byte beyond the declared size was written: the stream is longer than declared.
                    return .failure(.sizeMismatch(declared: output.count - 1, atLeast: output.count, exact: false))
                }
                if status == Z_BUF_ERROR {
                    // No progress was possible with room left in `output`: the input ran out before the end
                    // marker. (Z_OK with all input consumed loops once more and lands here.)
                    guard stream.avail_in == 0 && unfed == 0 else {
                        return .failure(.zlibFailure("inflate", status: status, message: message(of: stream)))
                    }
                    return .failure(.truncatedStream(offset: fileOffset + input.count, producedSoFar: produced))
                }
            default:
                // Z_DATA_ERROR (corrupt stream), Z_NEED_DICT (preset dictionary), Z_MEM_ERROR, Z_STREAM_ERROR.
                return .failure(.zlibFailure("inflate", status: status, message: message(of: stream)))
            }
        }
    }

    /// zlib's message for the last error on `stream`, if it set one.
    private static func message(of stream: z_stream) -> String? {
        stream.msg.map { String(cString: $0) }
    }
}
