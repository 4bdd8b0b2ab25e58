import Collector
import EventLog
import Foundation
import GHRecords
import GitHubSimulator
import Logging
import Pipeline
import SQLiteDB
import Store
import TestSupport
import Testing

/// GH Archive hours through the whole pipeline: served over HTTP by the simulator, fetched, persisted.
@Suite struct GHArchiveCollectionTests {
    static let fixtures = ProjectPaths.fixture("gharchive")
    static let hour = CollectionWindow.range(
        from: Date(timeIntervalSince1970: 1_420_113_600), to: Date(timeIntervalSince1970: 1_420_117_200))

    static func collect(folder: String, owners: [String] = ["*"]) async throws -> (PipelineHarness, CollectionSummary) {
        var configuration = SimulatorConfiguration()
        configuration.ghArchiveDirectory = folder
        let harness = PipelineHarness(
            directory: try TemporaryDirectory("ghstats-gharchive"),
            simulator: GitHubSimulator(configuration: configuration))
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            var pipeline = harness.pipelineConfiguration(baseURL: url)
            pipeline.fetcher.ghArchiveURL = url + "/gharchive"
            return try await CollectionRunner(configuration: pipeline, logger: .quiet)
                .collect(organizations: owners, window: Self.hour, source: .gharchive)
        }
        return (harness, summary)
    }

    static func types(_ harness: PipelineHarness) async throws -> [String: Int] {
        let rows = try await SQLiteStore(path: harness.databasePath).query(
            "SELECT type, COUNT(*) FROM events GROUP BY type")
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.string(0)!, $0.int(1)!) })
    }

    @Test func theRealHourServedOverHTTPEndsWithExactlyItsPerTypeCounts() async throws {
        let (harness, summary) = try await Self.collect(folder: Self.fixtures.path)
        defer { harness.remove() }
        #expect(summary.completed)
        #expect(summary.counts.events == 8_273)
        #expect(
            try await Self.types(harness)
                == GHArchiveReference.typeCounts(Self.fixtures.appendingPathComponent("2015-01-01-12.json.gz").path))
        #expect(summary.deadLetters.isEmpty)

        // What travels on the events topic follows schemas/records/event.schema.json.
        let log = try EmbeddedLog(configuration: .init(path: harness.stateDirectory + "/log.db"))
        let validator = try JSONSchemaValidator(schemaFile: ProjectPaths.recordSchema("event"))
        let consumer = try await log.makeConsumer(
            ConsumerSubscription(group: "schema-check", topics: [TopicNames().records(.event)]))
        let batch = try await consumer.poll(maxMessages: 500, timeout: .seconds(1))
        #expect(batch.count == 500)
        for message in batch {
            let problems = try validator.violations(of: Data(message.value))
            #expect(problems.isEmpty, "\(message.offset): \(problems)")
            #expect(message.headers[MessageHeaders.schema] == "event/1")
        }
        try await log.close()
    }

    @Test func aBrokenLineIsDeadLetteredAloneAndACorruptFileNamesTheHour() async throws {
        let folder = try TemporaryDirectory("gharchive-bad")
        defer { folder.remove() }
        let good =
            #"{"id":"1","type":"PushEvent","actor":{"id":7,"login":"a"},"repo":{"id":9,"name":"acme/r"},"payload":{},"public":true,"created_at":"2015-01-01T12:00:00Z"}"#
        let lines = [good, "{\"id\":\"2\",\"type\":", good.replacingOccurrences(of: #""id":"1""#, with: #""id":"3""#)]
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: folder.path("2015-01-01-12.json"), atomically: true, encoding: .utf8)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = [folder.path("2015-01-01-12.json")]
        try gzip.run()
        gzip.waitUntilExit()

        let (harness, summary) = try await Self.collect(folder: folder.path(""), owners: ["acme"])
        defer { harness.remove() }
        #expect(summary.counts.events == 2)
        let letters = try await SQLiteStore(path: harness.databasePath).deadLetters()
        #expect(letters.count == 1)
        #expect(letters.first?.reason == "invalid_event_line")
        #expect(letters.first?.error.contains("2015-01-01-12.json.gz line 2") == true)
        #expect(letters.first?.payload == "{\"id\":\"2\",\"type\":")

        // The same hour, its bytes damaged: the task is dead-lettered naming the hour and why.
        var data = try Data(contentsOf: Self.fixtures.appendingPathComponent("2015-01-01-12.json.gz"))
        for index in 100_000..<100_512 { data[index] ^= 0x5A }
        try data.write(to: URL(fileURLWithPath: folder.path("2015-01-01-12.json.gz")))
        let (corrupt, corruptSummary) = try await Self.collect(folder: folder.path(""))
        defer { corrupt.remove() }
        // Lines inflated from the damaged part before zlib noticed are dead-lettered one by one; then the task.
        let byReason = Dictionary(grouping: corruptSummary.deadLetters, by: \.reason)
        #expect(Set(byReason.keys).isSubset(of: ["corrupt_gzip", "invalid_event_line"]))
        #expect(byReason["corrupt_gzip"]?.count == 1)
        #expect(byReason["corrupt_gzip"]?.first?.subject.contains("gharchive_hour") == true)
        #expect(byReason["corrupt_gzip"]?.first?.error.contains("not a valid gzip stream") == true)
        #expect(corruptSummary.counts.events > 0 && corruptSummary.counts.events < 8_273)
    }

    @Test func verifyReportsHoursMissingInTheSourceAndInTheStoreAndTheFixReadsThemAgain() async throws {
        var configuration = SimulatorConfiguration()
        configuration.ghArchiveDirectory = Self.fixtures.path
        let harness = PipelineHarness(
            directory: try TemporaryDirectory("ghstats-gharchive-verify"),
            simulator: GitHubSimulator(configuration: configuration))
        defer { harness.remove() }
        // 11:00 is not in the folder (as GH Archive has missing hours); 12:00 is the real hour.
        let eleven = Date(timeIntervalSince1970: 1_420_110_000)
        let window = CollectionWindow.range(from: eleven, to: eleven.addingTimeInterval(7_200))
        try await harness.simulator.withRunning(logger: .quiet) { url in
            var pipeline = harness.pipelineConfiguration(baseURL: url)
            pipeline.fetcher.ghArchiveURL = url + "/gharchive"
            let runner = CollectionRunner(configuration: pipeline, logger: .quiet)
            let summary = try await runner.collect(organizations: ["*"], window: window, source: .gharchive)
            #expect(summary.deadLetters.map(\.reason) == ["missing_hour"])
            let store = try SQLiteStore(path: harness.databasePath)
            let verifier = GHArchiveVerifier(source: GHArchiveSource(baseURL: url + "/gharchive"), store: store)

            let first = try await verifier.verify(owners: "*", window: window)
            #expect(first.missingInSource == [eleven])
            #expect(first.missingInStore.isEmpty)

            try SQLiteConnection(path: harness.databasePath).execute("DELETE FROM gharchive_hours")
            let lost = try await verifier.verify(owners: "*", window: window)
            #expect(lost.missingInStore == [eleven.addingTimeInterval(3_600)])

            _ = try await runner.repair(lost, owners: "*", window: window)
            let repaired = try await verifier.verify(owners: "*", window: window)
            #expect(repaired.missingInStore.isEmpty)
            #expect(try await store.counts().events == 8_273)
        }
    }
}
