// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "swift-tcp-codec",
    products: [
        .library(name: "TCPCodec", targets: ["TCPCodec"]),
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
        .target(name: "MallocCounter"),
        .testTarget(
            name: "TCPCodecTests",
            dependencies: ["TCPCodec"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "TCPCodecAllocationTests",
            dependencies: ["TCPCodec", "MallocCounter"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
