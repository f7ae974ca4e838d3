/// A ``TCPTextOutput`` that collects the bytes for a `String`: what the values' `description` and
/// `debugDescription` write into.
struct TextCollector: TCPTextOutput {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    /// An empty collector with room for a line.
    init() {
        bytes.reserveCapacity(128)
    }

    mutating func writeBytes(_ bytes: UnsafeRawBufferPointer) {
        self.bytes.append(contentsOf: bytes)
    }

    mutating func writeByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// The text written so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The text `body` writes.
    ///
    /// - Parameter body: writes the text.
    /// - Returns: the text.
    static func text(_ body: (inout TextCollector) -> Void) -> String {
        var collector = TextCollector()
        body(&collector)
        return collector.text
    }
}
