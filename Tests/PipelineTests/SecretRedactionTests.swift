import Foundation
import KafkaLog
import Pipeline
import Secrets
import TestSupport
import Testing

/// Every secret setting at once, every process at trace level: not one of them may appear in what it prints
/// (swift-service-lifecycle dumps each service's configuration at debug).
@Suite(.serialized) struct SecretRedactionTests {
    static let secrets = [
        "GITHUB_TOKEN": "ghp_SecretTokenValue0123456789",
        "GHSTATS_ACCESS_TOKEN": "SecretAccessTokenValue",
        "ALERT_WEBHOOK_URL": "http://127.0.0.1:9/hooks/SecretWebhookKey",
        "KAFKA_PROPERTIES": "sasl.password=SecretSaslPassword,ssl.key.password=SecretKeyPassword",
    ]
    static let secretParts = [
        "SecretTokenValue", "SecretAccessTokenValue", "SecretWebhookKey", "SecretSaslPassword", "SecretKeyPassword",
    ]

    static func waitFor(_ child: ChildProcess, toPrint text: String, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !child.output.contains(text) {
            guard child.isRunning, ContinuousClock.now < deadline else {
                throw MockClusterError(reason: "'\(text)' never printed: \(child.output.suffix(2_000))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    static func expectNoSecret(in child: ChildProcess, _ name: String) {
        let output = child.output
        for secret in secretParts {
            #expect(!output.contains(secret), "\(name) printed \(secret)")
        }
        // The dumps were printed (so the check above looked at them), with the secrets in them redacted.
        #expect(output.contains("sl-service"), "\(name) logged no service descriptions at trace level")
    }

    @Test(.requires(.kafkaMock)) func noProcessPrintsASecretSettingAtTraceLevel() async throws {
        let harness = try PipelineHarness(repositories: 2, pullRequestsPerRepository: 5, seed: 5)
        defer { harness.remove() }
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.stop() }
        for spec in PipelineConfiguration().topicSpecs { try cluster.send("topic \(spec.name) \(spec.partitions)") }
        let ghstats = try ProjectPaths.executable("ghstats")
        let directory = harness.directory.url

        try await harness.simulator.withRunning(logger: .quiet) { url in
            func start(_ name: String, _ arguments: [String]) throws -> ChildProcess {
                try ChildProcess(
                    executable: ghstats,
                    // `serve` serves its metrics where its dashboard is; the others on a free port.
                    arguments: arguments + ["--log-level", "trace", "--env-file", harness.directory.path("no.env")]
                        + (arguments[0] == "serve" ? [] : ["--metrics-address", "127.0.0.1:0"]),
                    directory: directory, name: name, environment: Self.secrets)
            }
            let collect = try start(
                "collect",
                [
                    "collect", "--org", "sim-org", "--api-url", url, "--days", "3650", "--db", harness.databasePath,
                    "--state-dir", harness.directory.path("collect"),
                ])
            #expect(await collect.waitForExit(timeout: .seconds(180)) == 0, "collect: \(collect.output.suffix(2_000))")
            Self.expectNoSecret(in: collect, "collect")

            let scheduled = try start(
                "scheduled",
                [
                    "scheduled", "--org", "sim-org", "--api-url", url, "--days", "3650", "--interval", "6h",
                    "--db", harness.databasePath, "--state-dir", harness.directory.path("scheduled"),
                ])
            try await Self.waitFor(scheduled, toPrint: "sl-service")

            let serve = try start("serve", ["serve", "--address", "127.0.0.1:0", "--db", harness.databasePath])
            try await Self.waitFor(serve, toPrint: "sl-service")

            let persist = try start(
                "persist",
                [
                    "persist", "--store", "sqlite", "--db", harness.directory.path("persisted.db"),
                    "--state-dir", harness.directory.path("roles"),
                ])
            try await Self.waitFor(persist, toPrint: "sl-service")

            let fetch = try start(
                "fetch",
                [
                    "fetch", "--brokers", cluster.bootstrap, "--api-url", url,
                    "--state-dir", harness.directory.path("fetch"),
                ])
            try await Self.waitFor(fetch, toPrint: "sl-service")

            for (name, child) in [("scheduled", scheduled), ("serve", serve), ("persist", persist), ("fetch", fetch)] {
                child.terminate()
                _ = await child.waitForExit(timeout: .seconds(30))
                Self.expectNoSecret(in: child, name)
            }
            // The dumps that held the access token and the webhook show them redacted.
            #expect(serve.output.contains("accessToken: Optional(\(Secret.redacted))"), "\(serve.output.prefix(3_000))")
            #expect(scheduled.output.contains("url: \(Secret.redacted)"), "\(scheduled.output.prefix(3_000))")
        }
    }

    @Test func descriptionsOfSecretHoldersAreRedacted() throws {
        var kafka = KafkaConfiguration(brokers: "127.0.0.1:9092")
        kafka.properties = ["sasl.password": "hunter2", "sasl.username": "ghstats", "ssl.key.location": "/k.pem"]
        for text in ["\(kafka)", String(reflecting: kafka), "\([kafka])"] {
            #expect(!text.contains("hunter2"), "\(text)")
            #expect(text.contains("ghstats") && text.contains("/k.pem"), "what is not secret is still shown: \(text)")
        }
        let secret = Secret("hunter2")
        var dumped = ""
        dump(secret, to: &dumped)
        for text in ["\(secret)", String(reflecting: secret), "\(Optional(secret) as Any)", dumped] {
            #expect(!text.contains("hunter2"), "\(text)")
        }
        #expect(secret.value == "hunter2")
        #expect(Secret(nonEmpty: "") == nil && Secret(nonEmpty: nil) == nil)
    }
}
