import Foundation
import KafkaLog
import Pipeline
import Store
import TestSupport
import Testing

@testable import Collector

/// `ghstats produce` in the roles deployment, as processes on Kafka (librdkafka's mock cluster): each collection is
/// recorded in the ledger and completed once the fetchers and persisters have consumed it all (velocity metrics
/// derived, collection metrics on `/metrics`); with `--interval` it repeats; restarted mid-collection it waits for
/// that collection instead of producing another.
@Suite(.serialized) struct ProducerRoleTests {
    @Test(.requires(.kafkaMock))
    func aProducerCompletesItsCollectionsOnItsIntervalAndARestartedOneWaitsForItsUnfinishedCollection() async throws {
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 10, seed: 73)
        defer { harness.remove() }
        let cluster = try KafkaMockCluster()
        defer { cluster.stop() }
        var configuration = PipelineConfiguration()
        for spec in configuration.topicSpecs { try cluster.send("topic \(spec.name) \(spec.partitions)") }
        configuration.stateDirectory = harness.directory.path("producer-state")
        let pipeline = configuration
        let ghstats = try ProjectPaths.executable("ghstats")
        let expected = harness.simulator.expectedCounts(since: PipelineHarness.everything.since)

        try await harness.simulator.withRunning(logger: .quiet) { url in
            let common = PipelineHarness.kafkaFlags(cluster.bootstrap)
            func start(_ name: String, _ arguments: [String]) throws -> ChildProcess {
                try ChildProcess(
                    executable: ghstats, arguments: arguments + common + harness.roleFlags(arguments[0], apiURL: url),
                    directory: harness.directory.url, name: name)
            }
            let produce = [
                "produce", "--org", "sim-org", "--days", "3650", "--interval", "4s", "--state-dir",
                pipeline.stateDirectory, "--metrics-address", "127.0.0.1:0",
            ]
            // A producer killed while its collection waits for fetchers that have not started yet.
            let killed = try start("produce-1", produce)
            try await KafkaPipelineTests.waitFor("the first collection's id", timeout: .seconds(60)) {
                Self.collectionIDs(killed.output).count == 1 || !killed.isRunning
            }
            await killed.killHard()
            let first = try #require(Self.collectionIDs(killed.output).first, "\(killed.output)")

            let roles = [
                try start("persist", ["persist", "--store", "sqlite"]),
                try start("fetch", ["fetch", "--state-dir", harness.directory.path("fetch")]),
            ]
            let producer = try start("produce-2", produce)
            let all = roles + [producer]
            defer { for process in all { process.terminate() } }
            try await KafkaPipelineTests.waitFor("two completed collections", timeout: .seconds(180)) {
                producer.output.components(separatedBy: "collection completed").count > 2 || !producer.isRunning
            }
            #expect(try await harness.counts().matches(expected))
            let ids = Self.collectionIDs(producer.output)
            #expect(ids.first == first, "the restarted producer waits for the unfinished collection: \(ids)")
            #expect(producer.output.contains("waited for, not produced again"))

            let records = try await CollectionLedger(path: pipeline.ledgerPath).all()
            #expect(records.filter { $0.id == first }.count == 1, "produced once: \(records.map(\.id))")
            let completed = records.filter { $0.status == .completed }
            #expect(completed.count >= 2, "\(records)")
            if completed.count >= 2 {
                #expect(
                    completed[1].startedAt.timeIntervalSince(completed[0].startedAt) >= 3.9,
                    "the next collection waits for the interval")
                #expect(completed[1].window.since! >= completed[0].window.since!, "each asks its own last 3650 days")
            }
            let derived = try await SQLiteStore(path: harness.databasePath).query(
                "SELECT COUNT(*) FROM metrics WHERE org = 'sim-org'")
            #expect(derived.first?.int(0) ?? 0 > 0, "the velocity metrics are derived when a collection completes")

            let url = try #require(ComposeStackTests.metricsURL(producer), "\(producer.output)")
            let (status, text) = try await MonitoringTests.get(url)
            #expect(status == 200)
            let samples = MonitoringTests.samples(text)
            #expect(samples[#"ghstats_collections_total{outcome="completed"}"#] ?? 0 >= 2, "\(text)")
            try MonitoringTests.promtoolAcceptsMetrics(text)

            // Between collections (or in one) SIGTERM stops it promptly.
            producer.terminate()
            #expect(await producer.waitForExit(timeout: .seconds(10)) == 0, "\(producer.output.suffix(1500))")
        }
    }

    @Test(.requires(.kafkaMock)) func anUnchangedRerunOnKafkaPublishesNoRecordAgain() async throws {
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 10, seed: 79)
        defer { harness.remove() }
        let cluster = try KafkaMockCluster()
        defer { cluster.stop() }
        let pipeline = PipelineConfiguration()
        for spec in pipeline.topicSpecs { try cluster.send("topic \(spec.name) \(spec.partitions)") }
        let ghstats = try ProjectPaths.executable("ghstats")
        let expected = harness.simulator.expectedCounts(since: PipelineHarness.everything.since)
        let log = try KafkaLog(configuration: cluster.configuration(), logger: .quiet)
        @Sendable func published() async throws -> Int64 {
            var total: Int64 = 0
            for topic in pipeline.topics.allRecordTopics {
                total += try await log.endOffsets(topic: topic).values.reduce(0, +)
            }
            return total
        }

        let (first, second, everyRecord) = try await harness.simulator.withRunning(logger: .quiet) { url in
            let common =
                PipelineHarness.kafkaFlags(cluster.bootstrap) + ["--state-dir", harness.directory.path("state")]
            func start(
                _ name: String, _ arguments: [String], environment: [String: String] = [:]
            ) throws
                -> ChildProcess
            {
                try ChildProcess(
                    executable: ghstats, arguments: arguments + common + harness.roleFlags(arguments[0], apiURL: url),
                    directory: harness.directory.url, name: name, environment: environment)
            }
            func collect(_ name: String) async throws {
                let produce = try start(name, ["produce", "--org", "sim-org", "--days", "3650"])
                #expect(await produce.waitForExit(timeout: .seconds(180)) == 0, "\(produce.output.suffix(2_000))")
            }
            let persist = try start("persist", ["persist", "--store", "sqlite"])
            var fetch = try start("fetch", ["fetch"])
            defer {
                persist.terminate()
                fetch.terminate()
            }
            try await collect("produce-1")
            #expect(try await harness.counts().matches(expected))
            let first = try await published()
            try await collect("produce-2")
            let second = try await published()

            // With KAFKA_UNCHANGED_TTL=off every record fetched goes out again.
            fetch.terminate()
            #expect(await fetch.waitForExit(timeout: .seconds(10)) == 0)
            fetch = try start("fetch-every-record", ["fetch"], environment: ["KAFKA_UNCHANGED_TTL": "off"])
            try await collect("produce-3")
            return (first, second, try await published())
        }
        try await log.close()
        #expect(first > 0)
        #expect(second == first, "an unchanged re-run added \(second - first) messages to the record topics")
        #expect(everyRecord - second >= Int64(expected.pullRequests + expected.commits), "the contrast: \(everyRecord)")
    }

    /// The collection ids a producer printed, one a line.
    static func collectionIDs(_ output: String) -> [String] {
        output.split(separator: "\n").map(String.init).filter { $0.wholeMatch(of: /c[0-9T]+Z?-[0-9a-f]{8}/) != nil }
    }
}
