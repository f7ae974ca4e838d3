// swift-tools-version:6.0
// The README's consumer examples as a package of their own, depending on swift-tcp-codec by path as a user's
// package would: CI builds and runs them, so they cannot rot. Nothing here enables an experimental feature: the
// span views work in a dependent package as they are.
import PackageDescription

let package = Package(
    name: "swift-tcp-codec-examples",
    dependencies: [
        .package(name: "swift-tcp-codec", path: ".."),
        // Only the ByteBuffer example needs NIO; swift-tcp-codec itself does not depend on it.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "SpanExample",
            dependencies: [.product(name: "TCPCodec", package: "swift-tcp-codec")]
        ),
        .executableTarget(
            name: "ByteBufferExample",
            dependencies: [
                .product(name: "TCPCodec", package: "swift-tcp-codec"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
