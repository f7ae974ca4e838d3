import MSSClamp
import TCPCodec

/// The pseudo-header the fuzz inputs' checksums are judged over.
let pseudoHeader = TCPPseudoHeader(ipv4Source: 0xC000_0201, destination: 0xC000_0202)

/// Runs one input through `clampMSS` and checks what must hold for any input; a broken invariant stops the program
/// with a message naming it.
///
/// The first input byte picks the limit; the rest is the segment.
///
/// - Parameter input: the fuzz input.
public func checkClamp(_ input: UnsafeRawBufferPointer) {
    guard let first = input.first else { return }
    let limit = UInt16(first) * 8 + 536
    let original = Array(input.dropFirst())
    var segment = original
    let result = clampMSS(&segment, to: limit)
    precondition(segment.count == original.count, "clampMSS changed the segment's length")
    guard let result else {
        precondition(segment == original, "clampMSS changed a segment it did not clamp")
        return
    }
    precondition(result <= limit, "the MSS left, \(result), is above the limit \(limit)")
    // Only the MSS value and the checksum may change.
    let changed = (0 ..< segment.count).filter { segment[$0] != original[$0] }
    let mssOffset = segment.withUnsafeBytes { raw -> Int? in
        guard let view = try? TCPSegmentView(raw) else { return nil }
        for step in view.options.walk() {
            if case .option(.maximumSegmentSize(let value), let offset) = step {
                precondition(value == result, "the segment announces \(value), clampMSS said \(result)")
                return offset
            }
        }
        return nil
    }
    guard let mssOffset else { preconditionFailure("a clamped segment no longer decodes with its MSS option") }
    let allowed: Set<Int> = [16, 17, mssOffset + 2, mssOffset + 3]
    precondition(
        changed.allSatisfy(allowed.contains), "clampMSS changed bytes \(changed) outside the MSS and checksum")
    // A right checksum stays right, a wrong one stays wrong.
    let before = original.withUnsafeBytes { TCPChecksum.verify(segment: $0, pseudoHeader: pseudoHeader) }
    let after = segment.withUnsafeBytes { TCPChecksum.verify(segment: $0, pseudoHeader: pseudoHeader) }
    precondition(
        before == after, "the checksum was \(before ? "right" : "wrong") and is now \(after ? "right" : "wrong")")
}
