// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "swift-tcp-codec",
    products: [
        .library(name: "TCPCodec", targets: ["TCPCodec"]),
        .executable(name: "tcp-codec-bench", targets: ["tcp-codec-bench"]),
        .executable(name: "tcp-corpus", targets: ["tcp-corpus"]),
        .library(name: "TCPValidation", targets: ["TCPValidation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "TCPCodec",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "tcp-codec-bench",
            dependencies: ["TCPCodec"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "TCPCodecTests",
            dependencies: ["TCPCodec"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "TCPCorpus",
            dependencies: ["CZlib"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "tcp-corpus",
            dependencies: [
                "TCPCorpus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "TCPCorpusTests",
            dependencies: ["TCPCorpus"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "TCPValidation",
            dependencies: ["TCPCodec"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "TCPValidationTests",
            dependencies: ["TCPValidation", "TCPCodec"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
