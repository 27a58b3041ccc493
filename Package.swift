// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "athletiq",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "athletiq", targets: ["athletiq"]),
        .executable(name: "athletiq-fuzz", targets: ["athletiq-fuzz"]),
        .executable(name: "athletiq-bench", targets: ["athletiq-bench"]),
        .library(name: "AthletIQCore", targets: ["AthletIQCore"]),
        .library(name: "AthletIQ", targets: ["AthletIQ"]),
        .library(name: "StravaSimulator", targets: ["StravaSimulator"]),
        .executable(name: "strava-simulator", targets: ["strava-simulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/jwt.git", from: "5.2.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "AthletIQCore",
            dependencies: [
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
        .target(
            name: "AthletIQ",
            dependencies: [
                "AthletIQCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "JWT", package: "jwt"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "StravaSimulator",
            dependencies: ["AthletIQCore", .product(name: "Vapor", package: "vapor")]
        ),
        .executableTarget(
            name: "strava-simulator",
            dependencies: ["StravaSimulator", "AthletIQCore"]
        ),
        .executableTarget(
            name: "athletiq",
            dependencies: ["AthletIQ"]
        ),
        .executableTarget(
            name: "athletiq-bench",
            dependencies: ["AthletIQ", "AthletIQCore", "StravaSimulator", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "athletiq-fuzz",
            dependencies: ["AthletIQCore"]
        ),
        .testTarget(
            name: "AthletIQCoreTests",
            dependencies: [
                "AthletIQCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
        .testTarget(
            name: "AthletIQTests",
            dependencies: [
                "AthletIQ",
                "StravaSimulator",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ]
)
