import TCPCodec
@testable import TCPValidation

/// Builds segments for tests: a header encoded by `TCPHeader.encode` into a local buffer, read back as a view.
enum SegmentBuilder {
    /// Encodes `header` with `payload` and hands the strict view to `body`.
    static func withView<R>(
        _ header: TCPHeader, payload: [UInt8] = [], _ body: (TCPSegmentView) throws -> R
    ) throws -> R {
        var buffer = [UInt8](repeating: 0, count: 60 + payload.count)
        let length = try buffer.withUnsafeMutableBytes { raw in
            try payload.withUnsafeBytes { payloadBytes in
                try header.encode(into: raw, payload: payloadBytes)
            }
        }
        return try buffer.withUnsafeBytes { raw in
            try body(try TCPSegmentView(UnsafeRawBufferPointer(rebasing: raw[0..<length])))
        }
    }

    /// Encodes `header` and hands a view with framing checking to `body` (for options strict decoding rejects).
    static func withFramingView<R>(_ header: TCPHeader, _ body: (TCPSegmentView) throws -> R) throws -> R {
        try bytes(header).withUnsafeBytes { raw in try body(try TCPSegmentView(raw, optionChecking: .framing)) }
    }

    /// Hands a lenient view of raw bytes to `body`.
    static func withLenientView<R>(_ bytes: [UInt8], _ body: (TCPSegmentView) throws -> R) throws -> R {
        try bytes.withUnsafeBytes { raw in try body(try TCPSegmentView(lenient: raw)) }
    }

    /// The bytes of an encoded segment.
    static func bytes(_ header: TCPHeader, payload: [UInt8] = []) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 60 + payload.count)
        let length = try buffer.withUnsafeMutableBytes { raw in
            try payload.withUnsafeBytes { payloadBytes in try header.encode(into: raw, payload: payloadBytes) }
        }
        return Array(buffer[0..<length])
    }

    /// Judges a header (with payload) under a profile.
    static func judge(
        _ header: TCPHeader, payload: [UInt8] = [], profile: TCPFlagProfile = .conntrack
    ) throws -> TCPSegmentVerdict {
        try withView(header, payload: payload) { TCPSegmentRules.judge($0, profile: profile) }
    }

    /// A header with common defaults.
    static func header(
        _ flags: TCPFlags, seq: UInt32 = 1000, ack: UInt32 = 0, window: UInt16 = 65535, urgent: UInt16 = 0,
        options: [TCPOption] = [], sourcePort: UInt16 = 40000, destinationPort: UInt16 = 80
    ) throws -> TCPHeader {
        TCPHeader(
            sourcePort: sourcePort, destinationPort: destinationPort, sequenceNumber: SequenceNumber(seq),
            acknowledgmentNumber: SequenceNumber(ack), flags: flags, window: window, urgentPointer: urgent,
            options: try TCPOptionList(options))
    }
}
