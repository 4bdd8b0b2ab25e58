import AsyncHTTPClient
import EventLog
import Foundation
import GHRecords
import GoogleCloud
import KafkaLog
import Monitoring
import TestSupport
import Testing

@testable import CloudStore
@testable import Collector
@testable import Pipeline
@testable import Settings
@testable import Store
@testable import Telemetry

/// docker-compose.yml: valid by the Compose specification's schema, every part of the stack wired, and every
/// ghstats service's command, run exactly as written there, doing its job against a Kafka-protocol broker, the
/// GCS and BigQuery emulators and the simulator. No Docker engine runs here: the processes run on this machine.
@Suite(.serialized) struct ComposeStackTests {
    // swift-format-ignore: AlwaysUseLowerCamelCase
    struct Service: Decodable {
        var image: String?
        var build: Bool
        var entrypoint: [String]?
        var command: [String]?
        var environment: [String: String]
        var replicas: Int
        var depends_on: [String]
        var volumes: [String]
        var secrets: [String]
    }

    struct Compose: Decodable {
        var services: [String: Service]
        /// Secret name -> the file it is read from.
        var secrets: [String: String]
    }

    /// Where Compose mounts a service's secret.
    static func mounted(_ secret: String) -> String { "/run/secrets/\(secret)" }

    /// Runs a program to its end; its status and everything it printed.
    static func run(
        _ executable: String, _ arguments: [String], in directory: URL
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `scripts/compose-check.sh` (Compose-spec schema validation) on `file`.
    static func check(_ file: String) throws -> (status: Int32, output: String) {
        try run(
            "/bin/bash", [ProjectPaths.root.appendingPathComponent("scripts/compose-check.sh").path, file],
            in: ProjectPaths.root)
    }

    static func compose() throws -> Compose {
        let (status, output) = try check(ProjectPaths.root.appendingPathComponent("docker-compose.yml").path)
        #expect(status == 0, "\(output)")
        let json = output.split(separator: "\n").last.map(String.init) ?? ""
        return try JSONDecoder().decode(Compose.self, from: Data(json.utf8))
    }

    static func promtool(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try run(
            "/usr/bin/env", ["promtool"] + arguments, in: ProjectPaths.root.appendingPathComponent("deploy/prometheus"))
    }

    /// Metric names the code exports (the rules and the Grafana dashboard may use no other).
    static let exported: Set<String> = Set([
        PipelineMetrics.recordsPublished, PipelineMetrics.recordsPersisted, PipelineMetrics.batchWriteDuration,
        PipelineMetrics.consumerLag, PipelineMetrics.deadLetters, PipelineMetrics.bigQueryBytesBilled,
        PipelineMetrics.collections, PipelineMetrics.lastCollectionSuccess, "ghstats_github_request_duration_seconds",
        "ghstats_github_rate_limit_remaining", "ghstats_process_resident_memory_bytes",
    ]).union(VelocityGauges.help.keys)

    static func metricNames(in text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let range = rest.range(of: "ghstats_") {
            let name = rest[range.lowerBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            var base = String(name)
            for suffix in ["_bucket", "_count", "_sum"] where base.hasSuffix(suffix) && !exported.contains(base) {
                base = String(base.dropLast(suffix.count))
            }
            names.insert(base)
            rest = rest[range.upperBound...]
        }
        return names
    }

    @Test(.requires(.promtool)) func theComposeFileIsValidAndWiresTheWholeStackAndItsMonitoring() throws {
        let compose = try Self.compose()
        #expect(
            Set(compose.services.keys) == [
                "kafka", "topic-init", "gcs", "bigquery", "simulator", "producer", "fetch", "persist-sqlite",
                "persist-gcs",
                "persist-bigquery", "dashboard", "prometheus", "grafana",
            ])
        #expect(compose.services["kafka"]?.image?.hasPrefix("apache/kafka:") == true)
        #expect(
            compose.services["kafka"]?.environment["KAFKA_PROCESS_ROLES"] == "broker,controller", "KRaft, no ZooKeeper")
        #expect(compose.services["fetch"]?.replicas == 3)
        for name in ["producer", "fetch", "persist-sqlite", "persist-gcs", "persist-bigquery", "dashboard"] {
            let service = try #require(compose.services[name])
            #expect(service.build && service.image == "ghstats:local", "\(name) runs the image the Dockerfile builds")
            #expect(service.depends_on.contains("topic-init"), "\(name) starts after the topics exist")
            #expect(service.environment["KAFKA_BROKERS"] == "kafka:9092")
        }
        #expect(compose.services["prometheus"]?.volumes.contains { $0.hasPrefix("./deploy/prometheus:") } == true)
        #expect(
            compose.services["grafana"]?.volumes.contains { $0.hasPrefix("./deploy/grafana/provisioning:") } == true)

        // The validator rejects what the specification forbids.
        let directory = try TemporaryDirectory("ghstats-compose")
        defer { directory.remove() }
        let broken = try String(
            contentsOf: ProjectPaths.root.appendingPathComponent("docker-compose.yml"), encoding: .utf8
        )
        .replacingOccurrences(of: "      replicas: 3", with: "      replicas: three")
        try broken.write(toFile: directory.path("broken.yml"), atomically: true, encoding: .utf8)
        let rejected = try Self.check(directory.path("broken.yml"))
        #expect(rejected.status != 0 && rejected.output.contains("replicas"), "\(rejected.output)")

        // The dashboard's token is a secret file git does not hold, mounted where the dashboard and Prometheus read it.
        let secret = try #require(compose.secrets["dashboard-token"])
        #expect(secret.hasPrefix("./deploy/secrets/"))
        let ignored = try Self.run("/usr/bin/env", ["git", "check-ignore", "-q", secret], in: ProjectPaths.root)
        #expect(ignored.status == 0, "git ignores \(secret)")
        for name in ["dashboard", "prometheus"] {
            #expect(compose.services[name]?.secrets == ["dashboard-token"], "\(name) mounts the token")
        }
        #expect(
            compose.services["dashboard"]?.environment["GHSTATS_ACCESS_TOKEN_FILE"] == Self.mounted("dashboard-token"))
        #expect(compose.services["dashboard"]?.environment["GHSTATS_ACCESS_TOKEN"] == nil, "no token in the file")
        let prometheusConfig = try String(
            contentsOf: ProjectPaths.root.appendingPathComponent("deploy/prometheus/prometheus.yml"), encoding: .utf8)
        #expect(prometheusConfig.contains("credentials_file: \(Self.mounted("dashboard-token"))"))
        #expect(!prometheusConfig.contains("credentials:"), "no token written in prometheus.yml")

        // Prometheus' own tool accepts the configuration (the secret's mount replaced by a file here) and the rules,
        // and the rules' unit tests pass.
        try "a-token\n".write(toFile: directory.path("dashboard-token"), atomically: true, encoding: .utf8)
        try prometheusConfig.replacingOccurrences(
            of: Self.mounted("dashboard-token"), with: directory.path("dashboard-token")
        ).write(toFile: directory.path("prometheus.yml"), atomically: true, encoding: .utf8)
        for file in ["alerts.yml", "alerts.test.yml"] {
            try FileManager.default.copyItem(
                atPath: ProjectPaths.root.appendingPathComponent("deploy/prometheus/\(file)").path,
                toPath: directory.path(file))
        }
        let config = try Self.promtool(["check", "config", directory.path("prometheus.yml")])
        #expect(config.status == 0, "\(config.output)")
        let rules = try Self.promtool(["test", "rules", "alerts.test.yml"])
        #expect(rules.status == 0, "\(rules.output)")
        // The rules and the Grafana dashboard only query metrics the code exports.
        let alerts = try String(
            contentsOf: ProjectPaths.root.appendingPathComponent("deploy/prometheus/alerts.yml"), encoding: .utf8)
        #expect(
            Self.metricNames(in: alerts).subtracting(Self.exported).isEmpty,
            "\(Self.metricNames(in: alerts).subtracting(Self.exported))")
        let grafana = try Data(
            contentsOf: ProjectPaths.root.appendingPathComponent("deploy/grafana/dashboards/ghstats.json"))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: grafana) as? [String: Any])
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        #expect(panels.count >= 10)
        let queries = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        let used = Self.metricNames(in: queries.joined(separator: "\n"))
        #expect(used.subtracting(Self.exported).isEmpty, "\(used.subtracting(Self.exported))")
        #expect(used.count >= 9, "the dashboard shows most of what is exported")
    }

    /// `${NAME:-default}` as Compose reads it, with nothing set in the environment.
    static func interpolate(_ value: String) -> String {
        guard value.hasPrefix("${"), value.hasSuffix("}"), let dash = value.range(of: ":-") else { return value }
        return String(value[dash.upperBound..<value.index(before: value.endIndex)])
    }

    /// Where a role started with `METRICS_ADDRESS=127.0.0.1:0` serves `/metrics`, from its log.
    static func metricsURL(_ process: ChildProcess) -> String? {
        guard let match = process.output.firstMatch(of: /http\.address=127\.0\.0\.1:(\d+)[^\n]*serving \/metrics/)
        else { return nil }
        return "http://127.0.0.1:\(match.output.1)/metrics"
    }

    @Test(.requires(.cloudEmulators, .kafkaMock))
    func everyGhstatsServiceRunsItsComposeCommandAndTogetherTheyFillAllThreeStores() async throws {
        let compose = try Self.compose()
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 15, seed: 61)
        defer { harness.remove() }
        let emulators = try CloudEmulators()
        let bucket = CloudEmulators.uniqueName("compose")
        let dataset = CloudEmulators.uniqueName("compose")
        let cluster = try KafkaMockCluster()
        defer { cluster.stop() }
        let ghstats = try ProjectPaths.executable("ghstats")
        let directory = harness.directory

        // The mock broker takes topics by its own command (the real one by `init`, which then finds them).
        var pipeline = PipelineConfiguration()
        pipeline.taskPartitions = Int32(compose.services["fetch"]?.environment["GHSTATS_TASK_PARTITIONS"] ?? "") ?? 1
        for spec in pipeline.topicSpecs { try cluster.send("topic \(spec.name) \(spec.partitions)") }
        let window = CollectionWindow.days(30)
        let expected = harness.simulator.expectedCounts(since: window.since)

        let finalCounts = try await harness.simulator.withRunning(logger: .quiet) { url in
            // Compose's environment, with its hosts replaced by where the same parts listen here.
            let token = "token-\(UUID().uuidString)"
            try (token + "\n").write(toFile: directory.path("dashboard-token"), atomically: true, encoding: .utf8)
            let places = [
                "kafka:9092": cluster.bootstrap, "http://simulator:8088": url,
                "http://gcs:4443": emulators.storageHost, "http://bigquery:9050": emulators.bigQueryHost,
                Self.mounted("dashboard-token"): directory.path("dashboard-token"),
            ]
            func environment(_ service: Service) -> [String: String] {
                var values = service.environment.mapValues { Self.interpolate(places[$0] ?? $0) }
                values["GITHUB_ORG"] = "sim-org"
                values["GHSTATS_DB"] = directory.path("data/ghstats.db")
                values["GHSTATS_STATE_DIR"] = directory.path("data/state")
                values["BIGQUERY_PROJECT_ID"] = emulators.project
                values["BIGQUERY_DATASET_ID"] = dataset
                values["GCS_BUCKET_NAME"] = bucket
                values["METRICS_ADDRESS"] = "127.0.0.1:0"
                return values
            }
            func start(_ name: String, instance: Int = 1) throws -> ChildProcess {
                let service = try #require(compose.services[name])
                let command = try #require(service.command)
                return try ChildProcess(
                    executable: ghstats, arguments: command, directory: directory.url, name: "\(name)-\(instance)",
                    environment: environment(service))
            }
            try FileManager.default.createDirectory(atPath: directory.path("data"), withIntermediateDirectories: true)

            let initJob = try start("topic-init")
            #expect(await initJob.waitForExit(timeout: .seconds(120)) == 0, "topic-init: \(initJob.output)")
            var running: [ChildProcess] = []
            for name in ["persist-sqlite", "persist-gcs", "persist-bigquery", "dashboard"] {
                running.append(try start(name))
            }
            var fetchers: [ChildProcess] = []
            for instance in 1...(compose.services["fetch"]?.replicas ?? 1) {
                fetchers.append(try start("fetch", instance: instance))
            }
            running += fetchers
            defer { for process in running { process.terminate() } }
            // As a deployment would: the producer once the fetchers have joined their group, so that fewer
            // rebalances make a fetcher redo (and publish again) a task another had begun.
            let joined = ContinuousClock.now + .seconds(60)
            while fetchers.contains(where: { !$0.output.contains("partitions assigned") }), ContinuousClock.now < joined
            {
                try await Task.sleep(for: .milliseconds(100))
            }
            let producer = try start("producer")
            running.append(producer)

            let cloud = try CloudSettings(
                source: SettingsSource(values: emulators.settings(bucket: bucket, dataset: dataset)))
            let writer = try cloud.makeWriter(logger: .quiet)
            let inventory = GCSInventory(storage: try cloud.makeStorage(logger: .quiet), bucket: bucket)
            let deadline = ContinuousClock.now + .seconds(240)
            var counts: (sqlite: [String: Int], gcs: [String: Int], bigQuery: [String: Int]) = ([:], [:], [:])
            while ContinuousClock.now < deadline {
                let stored = try await SQLiteStore(path: directory.path("data/ghstats.db")).counts()
                counts.sqlite = CloudCounts.sqlite(stored)
                if stored.matches(expected), producer.output.contains("collection completed") {
                    // Distinct records: Kafka publishing is at least once, and a chunk store keeps what it is given.
                    counts.gcs = try await CloudCounts.gcsDistinct(inventory)
                    counts.bigQuery = try await CloudCounts.bigQuery(writer)
                    if counts.gcs == counts.sqlite && counts.bigQuery == counts.sqlite { break }
                }
                for process in running where !process.isRunning {
                    Issue.record("\(process.outputPath) exited: \(process.output.suffix(2_000))")
                    return counts
                }
                try await Task.sleep(for: .milliseconds(500))
            }
            // The dashboard service answers where compose publishes it, behind its access token, with the
            // collection the producer completed and the velocity it derived.
            let unauthorized = try await MonitoringTests.get("http://127.0.0.1:8080/api/health")
            #expect(unauthorized.status == 401, "the token from the secret file guards the dashboard")
            let authorization = [("Authorization", "Bearer \(token)")]
            let health = try await MonitoringTests.get("http://127.0.0.1:8080/api/health", headers: authorization)
            #expect(health.status == 200 && health.body.contains("\"group\":\"ghstats-fetch\""), "\(health)")
            #expect(health.body.contains("\"status\":\"completed\""), "the producer's collection: \(health.body)")
            let velocity = try await MonitoringTests.get(
                "http://127.0.0.1:8080/api/velocity?org=sim-org&since=3650d", headers: authorization)
            let days = try #require(
                (try JSONSerialization.jsonObject(with: Data(velocity.body.utf8)) as? [String: Any])?["days"]
                    as? [[String: Any]], "\(velocity)")
            let merged = days.compactMap { ($0["values"] as? [String: Any])?["prs_merged"] as? Double }.reduce(0, +)
            #expect(!days.isEmpty && merged > 0, "velocity on the dashboard: \(velocity.body.prefix(500))")

            // Every process's /metrics passes Prometheus' linter; the producer's has what the collection alerts
            // (GhstatsNoRecentCollection, GhstatsCollectionFailed) query.
            for process in running {
                let url =
                    process.outputPath.hasSuffix("dashboard-1.log")
                    ? "http://127.0.0.1:8080/metrics" : try #require(Self.metricsURL(process), "\(process.outputPath)")
                let (status, text) = try await MonitoringTests.get(url, headers: authorization)
                #expect(status == 200, "\(process.outputPath): \(text)")
                try MonitoringTests.promtoolAcceptsMetrics(text)
                let samples = MonitoringTests.samples(text)
                if process.outputPath.hasSuffix("producer-1.log") {
                    #expect(samples[#"ghstats_collections_total{outcome="completed"}"#] == 1, "\(text)")
                    #expect(samples[PipelineMetrics.lastCollectionSuccess] ?? 0 > Date().timeIntervalSince1970 - 600)
                }
                if process.outputPath.hasSuffix("dashboard-1.log") {
                    #expect(samples[#"ghstats_consumer_lag_messages{group="ghstats-fetch"}"#] != nil, "\(text)")
                }
            }
            // The dashboard exports velocity for Grafana once the store holds an organisation (within seconds; its
            // values are checked in DashboardTests).
            let velocityDeadline = ContinuousClock.now + .seconds(30)
            var gauges = ""
            repeat {
                gauges = try await MonitoringTests.get("http://127.0.0.1:8080/metrics", headers: authorization).body
                if gauges.contains(#"ghstats_velocity_pull_requests_merged{org="sim-org",period="30d"}"#) { break }
                try await Task.sleep(for: .milliseconds(500))
            } while ContinuousClock.now < velocityDeadline
            #expect(
                MonitoringTests.samples(gauges)[#"ghstats_velocity_pull_requests_merged{org="sim-org",period="30d"}"#]
                    != nil, "\(gauges)")
            return counts
        }
        #expect(finalCounts.sqlite["pull_requests"] == expected.pullRequests)
        #expect(finalCounts.gcs == finalCounts.sqlite, "GCS \(finalCounts.gcs) vs SQLite \(finalCounts.sqlite)")
        #expect(
            finalCounts.bigQuery == finalCounts.sqlite,
            "BigQuery \(finalCounts.bigQuery) vs SQLite \(finalCounts.sqlite)")
    }
}
