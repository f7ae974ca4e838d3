/// The `validator` target's input format, read in one place: ``ValidatorFuzzTarget`` runs the steps read here, and
/// the mutator's `ValidatorInput` takes an input apart, and writes it back, by the same rules.
///
/// An input is a setup byte, the client's ISS (four bytes, big-endian), then steps until the input ends. A step
/// starts with a control byte whose bits 6-7 say how much time passes. With ``callBit`` it is a user call, timer
/// or expiry: its kind is bits 1-3 (``callKind(_:)``) and its side bit 0, and an active open (kind 0) reads its ISS,
/// four more bytes. Otherwise it is a segment: bits 0-2 are its direction and flow, ``keepPortsBit`` keeps the
/// segment's own ports, ``ipv6Bit`` reads 16 bytes of IPv6 address, and a length byte gives the segment's length,
/// 20 plus the byte, whose bytes follow. Bytes past the end of the input read as zeros: a value cut short counts its
/// missing bytes as zero, and a segment cut short keeps the bytes it has.
enum ValidatorStepFormat {
    /// The control bit of a call step (a segment step without it).
    static let callBit: UInt8 = 0x20
    /// The control bit of a segment step that keeps its own ports.
    static let keepPortsBit: UInt8 = 0x10
    /// The control bit of a segment step that carries IPv6 addresses.
    static let ipv6Bit: UInt8 = 0x08
    /// The bytes of an ISS.
    static let initialSequenceNumberLength = 4
    /// The bytes of an IPv6 address.
    static let addressLength = 16
    /// The shortest segment a step carries: its length byte counts from here.
    static let minimumSegmentLength = 20
    /// The longest: 20 plus the largest length byte.
    static let maximumSegmentLength = 20 + 255

    /// A call step's kind: 0 active open, 1 passive open, 2 close, 3 abort, 4 TIME-WAIT timeout, 5 to 7 expiry.
    static func callKind(_ control: UInt8) -> UInt8 { (control >> 1) & 0x07 }

    /// Whether a call step reads an ISS (an active open).
    static func callReadsInitialSequenceNumber(_ control: UInt8) -> Bool { callKind(control) == 0 }

    /// One step as read, its bytes still in the input.
    enum Step {
        /// A user call, timer or expiry, with the ISS bytes an active open reads (none for another call; fewer than
        /// four when the input ends).
        case call(control: UInt8, initialSequenceNumber: UnsafeRawBufferPointer)
        /// A segment: the IPv6 address bytes (none without ``ipv6Bit``; fewer than 16 when the input ends), the
        /// length its length byte gives (20 to 275), and the bytes the input holds of it (up to that length).
        case segment(control: UInt8, addresses: UnsafeRawBufferPointer, length: Int, bytes: UnsafeRawBufferPointer)

        /// The step's control byte.
        var control: UInt8 {
            switch self {
            case .call(let control, _), .segment(let control, _, _, _): return control
            }
        }
    }

    /// Reads the input's start: the setup byte and the ISS bytes (fewer than four when the input ends).
    ///
    /// - Parameter fuzz: the input, at its start.
    /// - Returns: the setup byte and the ISS bytes.
    static func takeStart(_ fuzz: inout FuzzInput) -> (setup: UInt8, initialSequenceNumber: UnsafeRawBufferPointer) {
        let setup = fuzz.takeByte()
        return (setup, fuzz.takeBytes(upTo: initialSequenceNumberLength))
    }

    /// Reads one step.
    ///
    /// - Parameter fuzz: the input, at a step's control byte (an empty input reads as a segment step of zeros).
    /// - Returns: the step.
    static func takeStep(_ fuzz: inout FuzzInput) -> Step {
        let control = fuzz.takeByte()
        if control & callBit != 0 {
            let count = callReadsInitialSequenceNumber(control) ? initialSequenceNumberLength : 0
            return .call(control: control, initialSequenceNumber: fuzz.takeBytes(upTo: count))
        }
        let addresses = fuzz.takeBytes(upTo: control & ipv6Bit != 0 ? addressLength : 0)
        let length = minimumSegmentLength + Int(fuzz.takeByte())
        return .segment(control: control, addresses: addresses, length: length, bytes: fuzz.takeBytes(upTo: length))
    }

    /// A big-endian value of up to four bytes, the missing ones zero (as `FuzzInput.takeUInt32` reads one).
    ///
    /// - Parameter bytes: the bytes read (only the first four count).
    /// - Returns: the value.
    static func uint32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var value: UInt32 = 0
        for index in 0 ..< 4 { value = value << 8 | (index < bytes.count ? UInt32(bytes[index]) : 0) }
        return value
    }
}
