// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "swift-tcp-codec",
    products: [
        .library(name: "TCPCodec", targets: ["TCPCodec"]),
        .library(name: "TCPCodecTesting", targets: ["TCPCodecTesting"]),
        .executable(name: "tcp-codec-bench", targets: ["tcp-codec-bench"]),
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
        .target(
            name: "TCPCodecTesting",
            dependencies: ["TCPCodec"],
            exclude: ["README-section.md"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "TCPCodecPropertyTests",
            dependencies: ["TCPCodec", "TCPCodecTesting"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
