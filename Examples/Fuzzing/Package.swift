// swift-tools-version:6.0
// Fuzzing your own code with swift-tcp-codec: a user's function (MSS clamping, as a router does on a tunnel), the
// invariants that must hold for any input, a libFuzzer target with the TCP-aware custom mutator, and a replayer
// that prints which invariant a crash broke. Build and run it with fuzz.sh, which handles the pitfalls.
import PackageDescription

let package = Package(
    name: "tcp-fuzzing-example",
    dependencies: [
        .package(name: "swift-tcp-codec", path: "../.."),
    ],
    targets: [
        // The code under test: what a user of the library writes.
        .target(name: "MSSClamp", dependencies: [.product(name: "TCPCodec", package: "swift-tcp-codec")]),
        // The invariants, checked on one input; shared by the fuzzer and the replayer.
        .target(
            name: "MSSClampFuzzCheck",
            dependencies: ["MSSClamp", .product(name: "TCPCodec", package: "swift-tcp-codec")]
        ),
        // The libFuzzer target: LLVMFuzzerTestOneInput and LLVMFuzzerCustomMutator (libFuzzer provides main).
        .executableTarget(
            name: "FuzzMSSClamp",
            dependencies: ["MSSClampFuzzCheck", .product(name: "TCPFuzzing", package: "swift-tcp-codec")]
        ),
        // Runs inputs (a crash file) through the same check in an ordinary build, to print what broke.
        .executableTarget(name: "replay-mss-clamp", dependencies: ["MSSClampFuzzCheck"]),
    ]
)
