@testable import _TCPFuzzSupport
import XCTest

/// The fuzz targets' structure-aware mutators: the `validator` input is read as the target reads it, written back
/// unchanged, and mutated within libFuzzer's bound into inputs the target's body runs without a trap.
final class FuzzMutatorTests: XCTestCase {
    /// A small deterministic source of test inputs.
    struct Bytes {
        var state: UInt64
        mutating func next() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        mutating func array(_ count: Int) -> [UInt8] { (0 ..< count).map { _ in next() } }
    }

    func testValidatorInputsReadAsTheTargetReadsThemAndWriteBackWhole() {
        var source = Bytes(state: 1)
        for length in 0 ..< 400 {
            let input = source.array(length % 200)
            let parsed = input.withUnsafeBytes { ValidatorInput($0) }
            let written = parsed.serialized()
            // Written back, an input is whole (a segment cut by the end keeps the bytes it has, padded to 20, and its
            // length byte says so): it then reads back to the same steps and writes back byte for byte.
            let reparsed = written.withUnsafeBytes { ValidatorInput($0) }
            XCTAssertEqual(reparsed.serialized(), written, "input \(length)")
            XCTAssertEqual(reparsed.steps.count, parsed.steps.count, "input \(length)")
            XCTAssertGreaterThanOrEqual(written.count, min(input.count, 5), "input \(length)")
        }
    }

    /// The one reading of the `validator` format, which the target and `ValidatorInput` share: each kind of step,
    /// values and segments cut by the input's end, and ISS bytes read as `FuzzInput.takeUInt32` reads a value.
    func testValidatorStepsAreReadByTheFormat() {
        let segment = [UInt8](repeating: 0xAB, count: 22)
        let input: [UInt8] = [0x5A, 1, 2, 3, 4]  // setup, ISS
            + [0x21, 9, 8, 7, 6]  // an active open (kind 0) with its ISS
            + [0x25]  // a close (kind 2): no bytes
            + [0x48] + [UInt8](repeating: 0xCC, count: 16) + [2] + segment  // IPv6 segment, 22 bytes
            + [0x01, 5] + [1, 2, 3]  // a segment of 25 bytes cut to 3 by the end
        input.withUnsafeBytes { raw in
            var fuzz = FuzzInput(raw)
            let start = ValidatorStepFormat.takeStart(&fuzz)
            XCTAssertEqual(start.setup, 0x5A)
            XCTAssertEqual(ValidatorStepFormat.uint32(start.initialSequenceNumber), 0x0102_0304)
            guard case .call(0x21, let iss) = ValidatorStepFormat.takeStep(&fuzz) else { return XCTFail("open") }
            XCTAssertEqual(ValidatorStepFormat.uint32(iss), 0x0908_0706)
            guard case .call(0x25, let none) = ValidatorStepFormat.takeStep(&fuzz) else { return XCTFail("close") }
            XCTAssertTrue(none.isEmpty)
            guard case .segment(0x48, let addresses, 22, let bytes) = ValidatorStepFormat.takeStep(&fuzz) else {
                return XCTFail("IPv6 segment")
            }
            XCTAssertEqual(Array(addresses), [UInt8](repeating: 0xCC, count: 16))
            XCTAssertEqual(Array(bytes), segment)
            guard case .segment(0x01, let noAddress, 25, let cut) = ValidatorStepFormat.takeStep(&fuzz) else {
                return XCTFail("cut segment")
            }
            XCTAssertTrue(noAddress.isEmpty)
            XCTAssertEqual(Array(cut), [1, 2, 3])
            XCTAssertTrue(fuzz.isEmpty)
        }
        // A value cut short: its missing bytes are zero, as FuzzInput reads one.
        var source = Bytes(state: 7)
        for count in 0 ... 6 {
            let bytes = source.array(count)
            bytes.withUnsafeBytes { raw in
                var reader = FuzzInput(raw)
                var byFormat = FuzzInput(raw)
                XCTAssertEqual(
                    ValidatorStepFormat.uint32(byFormat.takeBytes(upTo: 4)), reader.takeUInt32(), "\(count) bytes")
            }
        }
    }

    func testStructuredMutationsStayBoundedAndRunThroughTheTarget() {
        var source = Bytes(state: 2)
        var input: [UInt8] = [0x03, 0, 0, 0, 1] + [0x00, 0] + [UInt8](repeating: 0, count: 20)
        input[5 + 2 + 12] = 0x50
        var structured = 0
        for round in 0 ..< 600 {
            let maxSize = 64 + Int(source.next()) * 4
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: maxSize, alignment: 1)
            defer { buffer.deallocate() }
            let size = min(input.count, maxSize)
            input.prefix(size).withUnsafeBytes {
                UnsafeMutableRawBufferPointer(rebasing: buffer[..<size]).copyMemory(from: $0)
            }
            var fellBack = false
            let newSize = FuzzMutators.validator(
                buffer, size: size, seed: UInt32(round), useStructure: true
            ) { _, count in
                fellBack = true
                return count
            }
            XCTAssertLessThanOrEqual(newSize, maxSize)
            let output = Array(UnsafeRawBufferPointer(rebasing: buffer[..<newSize]))
            if !fellBack { structured += 1 }
            output.withUnsafeBytes { ValidatorFuzzTarget.run($0) }
            output.withUnsafeBytes { DecodeFuzzTarget.run($0) }
            input = output
        }
        XCTAssertGreaterThan(structured, 450, "about 90 % of the calls mutate as steps")
        var calls = 0
        var bytes: [UInt8] = [1, 2, 3]
        let unchanged = bytes.withUnsafeMutableBytes { buffer in
            FuzzMutators.validator(buffer, size: 3, seed: 1, useStructure: false) { _, count in
                calls += 1
                return count
            }
        }
        XCTAssertEqual(calls, 1, "without structure only the byte mutator runs")
        XCTAssertEqual(unchanged, 3)
    }

    /// Whatever size libFuzzer's byte mutator reports (negative, past the buffer), the targets' mutators return one
    /// within the buffer, as `TCPSegmentMutator` and `TCPSegmentRecords` do.
    func testAByteMutatorsSizeIsKeptWithinTheBuffer() {
        var bytes = [UInt8](repeating: 0, count: 40)
        for reported in [-5, 0, 40, 41, 1 << 20] {
            bytes.withUnsafeMutableBytes { buffer in
                for useStructure in [false, true] {
                    for seed: UInt32 in 0 ..< 40 {
                        let validator = FuzzMutators.validator(
                            buffer, size: 40, seed: seed, useStructure: useStructure) { _, _ in reported }
                        let decode = FuzzMutators.decode(
                            buffer, size: 40, seed: seed, useStructure: useStructure) { _, _ in reported }
                        XCTAssertTrue((0 ... 40).contains(validator), "validator: \(validator) for \(reported)")
                        XCTAssertTrue((0 ... 40).contains(decode), "decode: \(decode) for \(reported)")
                    }
                }
            }
        }
    }

    func testDecodeMutatorRunsThroughTheTarget() {
        var input: [UInt8] = [0, 80, 0, 81, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xFF, 0xFF, 0, 0, 0, 0]
        for round in 0 ..< 600 {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 300, alignment: 1)
            defer { buffer.deallocate() }
            input.withUnsafeBytes {
                UnsafeMutableRawBufferPointer(rebasing: buffer[..<input.count]).copyMemory(from: $0)
            }
            let newSize = FuzzMutators.decode(buffer, size: input.count, seed: UInt32(round), useStructure: true) {
                _, count in count
            }
            XCTAssertLessThanOrEqual(newSize, 300)
            input = Array(UnsafeRawBufferPointer(rebasing: buffer[..<newSize]))
            if input.count < 20 { input += [UInt8](repeating: 0, count: 20 - input.count) }
            input.withUnsafeBytes { DecodeFuzzTarget.run($0) }
        }
    }
}
