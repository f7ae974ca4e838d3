// swift-tools-version:6.0
// The libFuzzer targets. A separate package, so that the root package builds and tests without sanitizers;
// build it through `run.sh`, which adds `-sanitize=fuzzer,address`.
import PackageDescription

/// One executable per fuzz target; its only source calls the target's body in `_TCPFuzzSupport`.
let fuzzTargets = ["FuzzDecode", "FuzzRoundTrip", "FuzzChecksum", "FuzzMutation", "FuzzValidator", "FuzzCapture"]

let package = Package(
    name: "swift-tcp-codec-fuzz",
    products: fuzzTargets.map { .executable(name: $0, targets: [$0]) },
    dependencies: [
        .package(name: "swift-tcp-codec", path: ".."),
    ],
    targets: fuzzTargets.map {
        .executableTarget(
            name: $0,
            dependencies: [.product(name: "_TCPFuzzSupport", package: "swift-tcp-codec")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    }
)
