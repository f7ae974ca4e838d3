// swift-tools-version:6.0
import PackageDescription

let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "swift-tcp-codec",
    products: [
        // What users link and run. The benchmark and corpus tools stay executable targets of this package
        // (`swift run tcp-codec-bench`, `swift run tcp-corpus`) without being products.
        .library(name: "TCPCodec", targets: ["TCPCodec"]),
        .library(name: "TCPValidation", targets: ["TCPValidation"]),
        .library(name: "PacketCapture", targets: ["PacketCapture"]),
        .library(name: "TCPCodecTesting", targets: ["TCPCodecTesting"]),
        .library(name: "TCPCodecXCTest", targets: ["TCPCodecXCTest"]),
        .library(name: "TCPCodecSwiftTesting", targets: ["TCPCodecSwiftTesting"]),
        .library(name: "TCPFuzzing", targets: ["TCPFuzzing"]),
        .executable(name: "tcp-inspect", targets: ["tcp-inspect"]),
        // The fuzz targets' bodies, for the fuzz package in Fuzz/ only: not API (the leading underscore says so,
        // as in swift-nio's underscored products), no stability promised.
        .library(name: "_TCPFuzzSupport", targets: ["_TCPFuzzSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The zip container of the seed corpora, for the corpus tool and the replay tests only.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // The wire format: no dependencies, no Foundation.
        // `Lifetimes` lets the module declare its non-escapable span views (TCPSegmentSpan); code that uses them
        // needs no setting of its own.
        .target(name: "TCPCodec", swiftSettings: swift6 + [.enableExperimentalFeature("Lifetimes")]),
        .testTarget(name: "TCPCodecTests", dependencies: ["TCPCodec"], swiftSettings: swift6),

        // Capture files (pcap, pcapng) and the link and network layers down to TCP.
        .target(name: "PacketCapture", dependencies: ["TCPCodec"], swiftSettings: swift6),
        .testTarget(
            name: "PacketCaptureTests", dependencies: ["PacketCapture", "TCPCodec", "CaptureTestSupport"],
            swiftSettings: swift6),

        // Builders of capture files and frames for the tests (no XCTest, so an ordinary target).
        .target(name: "CaptureTestSupport", path: "Tests/CaptureTestSupport", swiftSettings: swift6),

        // The fuzz seed corpora (zip archives) and their tool.
        .target(
            name: "TCPCorpus", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swift6),
        .executableTarget(
            name: "tcp-corpus",
            dependencies: ["TCPCorpus", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swift6
        ),
        .testTarget(name: "TCPCorpusTests", dependencies: ["TCPCorpus"], swiftSettings: swift6),

        // Judging segments: stateless rules, acceptability, the RFC 9293 state machine, the flow observer.
        .target(
            name: "TCPValidation", dependencies: ["TCPCodec"], swiftSettings: swift6),
        .testTarget(
            name: "TCPValidationTests", dependencies: ["TCPValidation", "TCPCodec", "PacketCapture", "MallocCounter"],
            swiftSettings: swift6),

        // A structure-aware libFuzzer mutator of TCP segments, for the fuzz targets and for users' own.
        .target(name: "TCPFuzzing", dependencies: ["TCPCodec"], swiftSettings: swift6),
        .testTarget(
            name: "TCPFuzzingTests", dependencies: ["TCPFuzzing", "TCPCodec", "TCPCodecTesting", "TCPCodecXCTest"],
            swiftSettings: swift6),

        // The bodies of the fuzz targets (run by the libFuzzer executables in Fuzz/) and their corpus replay.
        // Not API: the underscore says so, and it is no product.
        .target(
            name: "_TCPFuzzSupport",
            dependencies: ["TCPCodec", "TCPValidation", "TCPFuzzing", "PacketCapture", "TCPInspectCore"],
            swiftSettings: swift6),
        .testTarget(
            name: "TCPFuzzReplayTests", dependencies: ["_TCPFuzzSupport", "TCPCorpus"], swiftSettings: swift6),

        // The packet inspector: the logic in a library, a thin command-line tool over it.
        .target(name: "TCPInspectCore", dependencies: ["PacketCapture", "TCPCodec", "TCPValidation"],
                swiftSettings: swift6),
        .executableTarget(
            name: "tcp-inspect",
            dependencies: ["TCPInspectCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swift6
        ),
        .testTarget(
            name: "TCPInspectTests",
            dependencies: [
                "TCPInspectCore", "PacketCapture", "TCPCodec", "TCPCodecTesting", "TCPValidation", "tcp-inspect",
                "CaptureTestSupport",
            ],
            swiftSettings: swift6
        ),

        // Generators and a shrinking property runner (no test framework), and the codec's property tests.
        .target(
            name: "TCPCodecTesting", dependencies: ["TCPCodec"], swiftSettings: swift6
        ),
        // The property runner's glue for each test framework, apart so that the generators import neither.
        .target(name: "TCPCodecXCTest", dependencies: ["TCPCodecTesting"], swiftSettings: swift6),
        .target(name: "TCPCodecSwiftTesting", dependencies: ["TCPCodecTesting"], swiftSettings: swift6),
        .testTarget(
            name: "TCPCodecPropertyTests",
            dependencies: ["TCPCodec", "TCPCodecTesting", "TCPCodecXCTest", "TCPCodecSwiftTesting", "TCPValidation"],
            swiftSettings: swift6
        ),

        // Benchmarks, and the allocation counter that proves the hot paths allocate nothing.
        .executableTarget(
            name: "tcp-codec-bench", dependencies: ["TCPCodec", "TCPValidation", "TCPFuzzing", "_TCPFuzzSupport"],
            swiftSettings: swift6),
        .target(name: "MallocCounter"),
        .testTarget(
            name: "TCPCodecAllocationTests", dependencies: ["TCPCodec", "MallocCounter"], swiftSettings: swift6),
    ]
)
