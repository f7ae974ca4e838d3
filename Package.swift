// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "swift-tcp-codec",
    products: [
        .library(name: "TCPCodec", targets: ["TCPCodec"]),
        .library(name: "PacketCapture", targets: ["PacketCapture"]),
    ],
    targets: [
        .target(
            name: "TCPCodec",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "TCPCodecTests",
            dependencies: ["TCPCodec"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "PacketCapture",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "PacketCaptureTests",
            dependencies: ["PacketCapture"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
