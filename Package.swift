// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "ghstats",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ghstats", targets: ["ghstats"]),
        .executable(name: "ghstats-simulator", targets: ["ghstats-simulator"]),
        .library(name: "GHRecords", targets: ["GHRecords"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "KafkaLog", targets: ["KafkaLog"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Collector", targets: ["Collector"]),
        .library(name: "GitHubSimulator", targets: ["GitHubSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL", from: "4.3.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
    ],
    targets: [
        // C shims
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CRdKafka",
            path: "Sources/CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // GH Archive: streamed gzip, event lines parsed without a JSON tree.
        .target(name: "GHArchive", dependencies: ["CZlib", "GHRecords"]),
        // Records, tasks, topics: no I/O.
        .target(name: "GHRecords"),
        // Durations and dates to and from seconds and milliseconds, in one place.
        .target(name: "DurationConversion"),
        // A secret setting's value, redacted wherever it is described.
        .target(name: "Secrets"),
        // A thin, fast wrapper over libsqlite3 shared by the embedded log and the SQLite store.
        .target(name: "SQLiteDB", dependencies: ["CSQLite"]),
        // The transport contract and its embedded durable implementation.
        .target(
            name: "EventLog",
            dependencies: ["DurationConversion", "SQLiteDB"]
        ),
        // The Kafka transport over librdkafka (API level 2.0).
        .target(
            name: "KafkaLog",
            dependencies: [
                "CRdKafka", "DurationConversion", "EventLog", "Secrets", "SQLiteDB",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // librdkafka's mock cluster as a process, for tests on 127.0.0.1.
        .executableTarget(name: "ghstats-kafka-mock", dependencies: ["CRdKafka"]),
        // GitHub REST client.
        .target(
            name: "GitHubAPI",
            dependencies: [
                "DurationConversion", "GHRecords", "SQLiteDB",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // GCS and BigQuery REST clients; service-account (JWT RS256), metadata-server and emulator credentials.
        .target(
            name: "GoogleCloud",
            dependencies: [
                "DurationConversion", "GHRecords",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Settings from the environment and `.env`: the source, duration text, the error naming a bad key.
        .target(name: "Settings"),
        // What ghstats reports about itself: metric names and structured-log metadata keys.
        .target(
            name: "Telemetry",
            dependencies: ["EventLog", .product(name: "Metrics", package: "swift-metrics")]
        ),
        // The SQLite store (records, dead letters, consumed offsets) and the velocity metrics SQL and report.
        .target(
            name: "Store",
            dependencies: ["GHRecords", "EventLog", "SQLiteDB", "GoogleCloud", "Settings"]
        ),
        // GCS chunks and BigQuery tables: layout, inventory, loader, writer, settings.
        .target(
            name: "CloudStore",
            dependencies: [
                "GHRecords", "EventLog", "GoogleCloud", "Store", "Settings", "Telemetry",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The stages on the topics: fetchers (GitHub, GH Archive) and the SQLite, GCS and BigQuery persisters.
        .target(
            name: "Pipeline",
            dependencies: [
                "GHRecords", "EventLog", "GitHubAPI", "GHArchive", "SQLiteDB", "GoogleCloud", "DurationConversion",
                "Store", "CloudStore", "Settings", "Telemetry",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The collector: a collection planned, run and recorded in the ledger; schedule, verification and alerts.
        .target(
            name: "Collector",
            dependencies: [
                "Pipeline", "Store", "CloudStore", "Settings", "Telemetry", "GHRecords", "EventLog", "GitHubAPI",
                "GHArchive", "SQLiteDB", "GoogleCloud", "Secrets", "DurationConversion",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Prometheus /metrics, the dashboard and alert notifications, served over Hummingbird.
        .target(
            name: "Monitoring",
            dependencies: [
                "Collector", "Store", "Settings", "Telemetry", "EventLog", "GitHubAPI", "GHRecords", "Secrets",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The GitHub simulator: a real HTTP server over a seeded organisation.
        .target(
            name: "GitHubSimulator",
            dependencies: [
                "DurationConversion",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "ghstats-simulator",
            dependencies: [
                "GitHubSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "ghstats",
            dependencies: [
                "Collector", "Pipeline", "Store", "CloudStore", "Settings", "Telemetry", "GHRecords", "EventLog",
                "KafkaLog",
                "GitHubAPI", "GitHubSimulator", "GoogleCloud", "Monitoring", "Secrets",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "ghstats-fetch-bench",
            dependencies: [
                "Collector", "Pipeline", "GitHubAPI", "GitHubSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/FetchBenchmark"
        ),
        .executableTarget(
            name: "ghstats-persist-bench",
            dependencies: [
                "Pipeline", "Store", "EventLog", "KafkaLog", "GHRecords", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/PersistBenchmark"
        ),
        .executableTarget(
            name: "ghstats-gharchive-bench",
            dependencies: [
                "Collector", "Pipeline", "Store", "GHArchive", "GHRecords", "EventLog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/GHArchiveBenchmark"
        ),
        .target(
            name: "TestSupport",
            dependencies: ["GHRecords", "EventLog", "KafkaLog", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "GHRecordsTests", dependencies: ["GHRecords", "TestSupport"]),
        .testTarget(name: "DurationConversionTests", dependencies: ["DurationConversion"]),
        .testTarget(name: "GHArchiveTests", dependencies: ["GHArchive", "GHRecords", "TestSupport"]),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog", "KafkaLog", "SQLiteDB", "TestSupport"]),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "ghstats", "Collector", "Pipeline", "Store", "CloudStore", "Settings", "Telemetry", "GitHubSimulator",
                "GitHubAPI", "EventLog", "KafkaLog", "GHRecords", "TestSupport", "GoogleCloud",
                "Monitoring", "Secrets", .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "GitHubSimulatorTests",
            dependencies: [
                "GitHubSimulator", "GitHubAPI", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GraphQL", package: "GraphQL"),
            ]
        ),
    ]
)
