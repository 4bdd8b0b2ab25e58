import Collector
import EventLog
import Foundation
import GHRecords
import GitHubSimulator
import Logging
import Store
import TestSupport
import Testing

@Suite struct EndToEndCollectionTests {
    @Test func demoSizedOrgLandsWithExactCountsAndASecondRunAddsNothing() async throws {
        let harness = try PipelineHarness(repositories: 20, pullRequestsPerRepository: 100)
        defer { harness.remove() }
        let recorder = LogRecorder()
        let expected = harness.simulator.expectedCounts(since: PipelineHarness.everything.since)
        #expect(expected.repositories == 20 && expected.pullRequests == 2_000)
        let (first, second, requestsAfterFirst) = try await harness.simulator.withRunning(logger: .quiet) {
            url in
            let first = try await harness.collect(baseURL: url, logger: recorder.logger())
            let requests = harness.simulator.requestCount
            let second = try await harness.collect(baseURL: url, logger: recorder.logger())
            return (first, second, requests)
        }
        #expect(first.completed)
        #expect(first.deadLetters.isEmpty)
        #expect(first.counts.matches(expected), "store \(first.counts) vs simulator \(expected)")
        #expect(second.completed)
        #expect(second.collection.id != first.collection.id)
        #expect(second.counts == first.counts, "a second run must add nothing")
        #expect(requestsAfterFirst > 4_000)
        let ledger = try CollectionLedger(path: harness.stateDirectory + "/collections.db")
        #expect(try await ledger.all().allSatisfy { $0.status == .completed })
    }

    @Test func aStoreMadeAgainBesideAnOldStateDirectoryIsFilledWhole() async throws {
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 30)
        defer { harness.remove() }
        let expected = harness.simulator.expectedCounts(since: PipelineHarness.everything.since)
        let again = try await harness.simulator.withRunning(logger: .quiet) { url in
            _ = try await harness.collect(baseURL: url, logger: .quiet)
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: harness.databasePath + suffix)
            }
            return try await harness.collect(baseURL: url, logger: .quiet)
        }
        #expect(again.completed)
        #expect(again.counts.matches(expected), "store \(again.counts) vs simulator \(expected)")
    }

    @Test func aNarrowWindowCollectsExactlyWhatGitHubServesForIt() async throws {
        let harness = try PipelineHarness(repositories: 5, pullRequestsPerRepository: 60)
        defer { harness.remove() }
        let window = CollectionWindow.days(45)
        let expected = harness.simulator.expectedCounts(since: window.since)
        let everything = harness.simulator.expectedCounts(since: nil)
        #expect(expected.pullRequests > 0 && expected.pullRequests < everything.pullRequests)
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            try await harness.collect(baseURL: url, window: window, logger: .quiet)
        }
        #expect(summary.counts.matches(expected), "store \(summary.counts) vs simulator \(expected)")
    }

    @Test func everyRecordPublishedValidatesAgainstItsSchema() async throws {
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 40)
        defer { harness.remove() }
        _ = try await harness.simulator.withRunning(logger: .quiet) { url in
            try await harness.collect(baseURL: url, logger: .quiet)
        }
        let log = try EmbeddedLog(configuration: .init(path: harness.stateDirectory + "/log.db"))
        let topics = TopicNames()
        // Events come from GH Archive (checked in GHArchiveCollectionTests), not from this collection.
        for type in RecordType.collected.filter({ $0 != .event && $0 != .ghArchiveHour }) + [.fetchTask] {
            let topic = type == .fetchTask ? topics.tasks : topics.records(type)
            let validator = try JSONSchemaValidator(schemaFile: ProjectPaths.recordSchema(type.name))
            let consumer = try await log.makeConsumer(ConsumerSubscription(group: "schema-check", topics: [topic]))
            var checked = 0
            while true {
                let batch = try await consumer.poll(maxMessages: 1_000, timeout: .milliseconds(50))
                if batch.isEmpty { break }
                for message in batch {
                    let problems = try validator.violations(of: Data(message.value))
                    #expect(problems.isEmpty, "\(topic)@\(message.offset): \(problems)")
                    #expect(message.headers[MessageHeaders.schema] == type.schemaHeader)
                    #expect(message.headers[MessageHeaders.collectionID] != nil)
                    checked += 1
                }
            }
            #expect(checked > 0, "no messages on \(topic)")
        }
        try await log.close()
    }

    @Test func malformedBodiesAndPersistentServerErrorsAreDeadLetteredAndTheRunGoesOn() async throws {
        let faults = [
            FaultRule(path: "/repos/sim-org/repo-02/pulls/5", kind: .malformedBody),
            FaultRule(path: "/repos/sim-org/repo-03/pulls/7/reviews", kind: .status(500)),
            // A short burst that retries absorb: no data may be lost to it.
            FaultRule(path: "/repos/sim-org/repo-01/commits", kind: .status(502), times: 2),
            FaultRule(path: "/repos/sim-org/repo-04/issues/comments", kind: .truncatedBody, times: 1),
        ]
        let harness = try PipelineHarness(repositories: 5, pullRequestsPerRepository: 30, faults: faults)
        defer { harness.remove() }
        let recorder = LogRecorder()
        var expected = harness.simulator.expectedCounts(since: nil)
        let lostReviews = harness.simulator.organizations[0].repository(named: "repo-03")!.pullRequests[6].reviews.count
        expected.pullRequests -= 1
        expected.reviews -= lostReviews
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            try await harness.collect(baseURL: url, logger: recorder.logger())
        }
        #expect(summary.completed)
        #expect(summary.counts.matches(expected), "store \(summary.counts) vs expected \(expected)")
        let letters = summary.deadLetters.sorted { $0.subject < $1.subject }
        #expect(letters.count == 2)
        #expect(letters.map(\.subject) == ["pull_request_detail sim-org/repo-02#5", "reviews sim-org/repo-03#7"])
        #expect(letters[0].reason == "retries_exhausted_malformedBody")
        #expect(
            letters[0].error.contains("/repos/sim-org/repo-02/pulls/5")
                && letters[0].error.contains("not the expected JSON"))
        #expect(letters[1].reason == "retries_exhausted_serverError")
        #expect(letters[1].error.contains("HTTP 500"))
        let errors = recorder.entries.filter { $0.level == .error }.map(\.line)
        #expect(
            errors.contains { $0.contains("dead-lettered") && $0.contains("repo-02#5") && $0.contains("malformed") })
        #expect(errors.contains { $0.contains("dead-lettered") && $0.contains("repo-03#7") && $0.contains("HTTP 500") })
    }

    @Test func aTokenNeverAppearsInLogsTopicsOrTheStore() async throws {
        let faults = [FaultRule(path: "/repos/sim-org/repo-01/pulls/3", kind: .status(404))]
        let harness = try PipelineHarness(repositories: 2, pullRequestsPerRepository: 10, faults: faults)
        defer { harness.remove() }
        let secret = "ghp_SECRETtoken1234567890abcdefghijklmn"
        let recorder = LogRecorder()
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.token = .init(secret)
            configuration.fetcher.pullRequestSource = .rest
            return try await CollectionRunner(configuration: configuration, logger: recorder.logger(level: .trace))
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
        }
        #expect(summary.deadLetters.count == 1)
        #expect(!recorder.entries.isEmpty)
        #expect(!recorder.entries.contains { $0.line.contains(secret) })
        for file in [
            harness.databasePath, harness.stateDirectory + "/log.db", harness.stateDirectory + "/collections.db",
        ] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "token found in \(file)")
        }
    }
}

@Suite struct CommitStatsTests {
    @Test func commitStatsFillLinesAddedAndDeletedAndALaterRunWithoutThemKeepsThem() async throws {
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 10, seed: 23)
        defer { harness.remove() }
        try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.fetcher.commitStats = true
            _ = try await CollectionRunner(configuration: configuration, logger: .quiet)
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
            // Without stats and without the response cache: every commit arrives again, with no stats.
            configuration.fetcher.commitStats = false
            configuration.conditionalRequests = false
            _ = try await CollectionRunner(configuration: configuration, logger: .quiet)
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
        }
        let commits = harness.simulator.organizations.flatMap(\.repositories).flatMap(\.commits)
        let stored = try await SQLiteStore(path: harness.databasePath).query(
            "SELECT COUNT(*), COUNT(additions), SUM(additions), SUM(deletions) FROM commits")
        #expect(stored.first?.int(0) == commits.count)
        #expect(stored.first?.int(1) == commits.count)
        #expect(stored.first?.int(2) == commits.map(\.additions).reduce(0, +))
        #expect(stored.first?.int(3) == commits.map(\.deletions).reduce(0, +))
    }
}
