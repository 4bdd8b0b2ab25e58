import AsyncHTTPClient
import Collector
import Foundation
import GitHubAPI
import GitHubSimulator
import Hummingbird
import Logging
import Monitoring
import NIOCore
import Secrets
import ServiceLifecycle
import Settings
import TestSupport
import Testing

/// `/metrics` in Prometheus' text format, over real HTTP, after a real collection.
@Suite(.serialized) struct MonitoringTests {
    /// Runs a monitoring server on a free port for the duration of `body`.
    static func withServer<T: Sendable>(
        _ configuration: MonitoringConfiguration = .init(),
        extraRoutes: @escaping @Sendable (Router<BasicRequestContext>) -> Void = { _ in },
        _ body: @escaping @Sendable (String) async throws -> T
    ) async throws -> T {
        var configuration = configuration
        configuration.port = 0
        return try await TestHTTPServer.withService(
            { onListening in
                MonitoringServer(
                    configuration: configuration, logger: .quiet, extraRoutes: extraRoutes, onListening: onListening)
            }, body)
    }

    static func get(_ url: String, headers: [(String, String)] = []) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 8 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    /// `name{labels}` -> value, from the text format.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    @Test func metricsReportAPILatencyRateLimitRecordsLagDeadLettersAndMemoryWithoutSecrets() async throws {
        PrometheusExporter.bootstrap()
        let faults = [FaultRule(path: "/repos/sim-org/repo-02/commits", kind: .status(404))]
        let base = try PipelineHarness(repositories: 2, pullRequestsPerRepository: 12, faults: faults, seed: 31)
        let harness = try PipelineHarness.withTokens(
            base, ["tok-monitor-secret": "monitor-account", "tok-other-secret": "other-account"])
        defer { harness.remove() }
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.tokens = [GitHubToken("tok-monitor-secret"), GitHubToken("tok-other-secret")]
            configuration.fetcher.pullRequestSource = .rest
            return try await CollectionRunner(configuration: configuration, logger: .quiet)
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
        }
        #expect(summary.completed)
        let reason = try #require(summary.deadLetters.first?.reason)

        let (status, text) = try await Self.withServer { base in try await Self.get(base + "/metrics") }
        #expect(status == 200)
        let samples = Self.samples(text)
        #expect(
            samples[
                #"ghstats_github_request_duration_seconds_count{endpoint="/repos/{owner}/{repo}/pulls",status="2xx"}"#]
                ?? 0 >= 2)
        #expect(
            samples[
                #"ghstats_github_request_duration_seconds_count{endpoint="/repos/{owner}/{repo}/commits",status="4xx"}"#
            ] ?? 0 >= 1)
        #expect(
            text.contains(
                #"ghstats_github_request_duration_seconds_bucket{endpoint="/repos/{owner}/{repo}/pulls/{number}",status="2xx",le="#
            ))
        let remaining = samples[#"ghstats_github_rate_limit_remaining{account="monitor-account",resource="core"}"#]
        #expect(remaining.map { $0 > 0 } == true, "rate limit left, per account")
        #expect(samples[#"ghstats_records_persisted_total{store="sqlite",topic="ghstats.pull_requests"}"#] ?? 0 >= 24)
        #expect(samples[#"ghstats_records_published_total{topic="ghstats.pull_requests"}"#] ?? 0 >= 24)
        #expect(samples[#"ghstats_batch_write_duration_seconds_count{store="sqlite"}"#] ?? 0 >= 1)
        #expect(samples.keys.contains(#"ghstats_consumer_lag_messages{group="ghstats-fetch"}"#))
        #expect(samples["ghstats_dead_letters_total{reason=\"\(reason)\"}"] ?? 0 >= 1)
        #expect(samples[#"ghstats_collections_total{outcome="completed"}"#] ?? 0 >= 1)
        #expect(samples["ghstats_process_resident_memory_bytes"] ?? 0 > 1_000_000)
        #expect(
            !text.contains("tok-monitor-secret") && !text.contains("tok-other-secret"), "a token never reaches /metrics"
        )
        #expect(!text.contains("repo-02/commits"), "endpoints are routes, not paths with values")
        for line in text.split(separator: "\n") where line.hasPrefix("# TYPE ") {
            let name = line.split(separator: " ")[2]
            #expect(text.contains("# HELP \(name) "), "\(name) has no HELP text")
        }
        try Self.promtoolAcceptsMetrics(text)
    }

    /// `promtool check metrics` (Prometheus' own linter) finds nothing to say about `text`.
    static func promtoolAcceptsMetrics(_ text: String) throws {
        try ExternalPart.promtool.require()
        guard let promtool = ExternalPart.onPath("promtool") else { return }
        let process = Process()
        process.executableURL = promtool
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && said.isEmpty, "promtool check metrics: \(said)")
    }

    @Test func anAccessTokenGuardsEverythingButTheHealthCheck() async throws {
        var configuration = MonitoringConfiguration()
        configuration.accessToken = Secret("s3cret")
        try await Self.withServer(configuration) { (base: String) async throws -> Void in
            #expect(try await Self.get(base + "/metrics").status == 401)
            #expect(try await Self.get(base + "/metrics", headers: [("Authorization", "Bearer wrong")]).status == 401)
            #expect(try await Self.get(base + "/metrics", headers: [("Authorization", "Bearer s3cret")]).status == 200)
            #expect(try await Self.get(base + "/metrics?token=s3cret").status == 200)
            #expect(try await Self.get(base + "/healthz").status == 200)
        }
    }

    @Test func theMetricsAddressIsValidatedNamingItsKey() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try MonitoringConfiguration(address: "localhost", accessToken: nil)
        }
        #expect(error.key == "METRICS_ADDRESS")
        let off = try MonitoringConfiguration(address: "off", accessToken: nil)
        #expect(off.enabled == false)
        let any = try MonitoringConfiguration(address: "0.0.0.0:9100", accessToken: "")
        #expect(any.host == "0.0.0.0" && any.port == 9100 && any.accessToken == nil)
        let free = try MonitoringConfiguration(address: ":0", accessToken: nil)
        #expect(free.port == 0)
        #expect(throws: ConfigurationError.self) { try MonitoringConfiguration(address: ":70000", accessToken: nil) }
    }

    @Test func aBadMetricsAddressOrWebhookStopsACommandAtStartNamingTheKey() async throws {
        let directory = try TemporaryDirectory("ghstats-settings")
        defer { directory.remove() }
        let ghstats = try ProjectPaths.executable("ghstats")
        for (key, value) in [("METRICS_ADDRESS", "nonsense"), ("ALERT_WEBHOOK_URL", "ftp://hooks.example.com/x")] {
            let process = try ChildProcess(
                executable: ghstats, arguments: ["collect", "--org", "acme", "--api-url", "http://127.0.0.1:9"],
                directory: directory.url, name: key, environment: [key: value])
            #expect(await process.waitForExit(timeout: .seconds(60)) == 1)
            #expect(process.output.contains("invalid configuration \(key)"), "\(process.output)")
            #expect(!FileManager.default.fileExists(atPath: directory.path(".ghstats")), "nothing ran before the check")
        }
    }
}
