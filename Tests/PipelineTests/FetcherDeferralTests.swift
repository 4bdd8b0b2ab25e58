import Collector
import EventLog
import Foundation
import GHRecords
import GitHubAPI
import GitHubSimulator
import Logging
import Pipeline
import ServiceLifecycle
import TestSupport
import Testing

/// A task that must wait long (a reset, a `Retry-After`) is deferred: its batch commits without it, and it runs
/// once due.
@Suite struct FetcherDeferralTests {
    enum Outcome: Sendable {
        case collected(CollectionSummary)
        case restStored(after: Duration)
    }

    @Test func aTaskWaitingForALongRetryAfterDoesNotHoldBackItsSiblingsRecords() async throws {
        let wait = 30
        // The first GraphQL query (one repository's pull requests) is told to come back in 30 s; everything read by
        // REST (issue comments, commits) is in the same batch and must not wait for it.
        let faults = [FaultRule(path: "/graphql", kind: .secondaryRateLimit(retryAfter: wait), times: 1)]
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 10, faults: faults, seed: 37)
        defer { harness.remove() }
        let expected = harness.simulator.expectedCounts(since: nil)
        let recorder = LogRecorder()
        let started = ContinuousClock.now
        let outcomes = try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.token = .init("defer-token")
            configuration.fetcher.pullRequestSource = .graphQL
            configuration.fetcher.members = 1
            configuration.fetcher.batchSize = 64
            let configured = configuration
            return try await withThrowingTaskGroup(of: Outcome.self) { group in
                group.addTask {
                    .collected(
                        try await CollectionRunner(configuration: configured, logger: recorder.logger())
                            .collect(organizations: ["sim-org"], window: PipelineHarness.everything))
                }
                group.addTask {
                    // The store exists once the task was deferred; then watch it fill (deadline, not a fixed sleep).
                    let deadline = started + .seconds(120)
                    while ContinuousClock.now < deadline {
                        if recorder.entries.contains(where: { $0.message.contains("task deferred until") }),
                            let counts = try? await harness.counts(),
                            counts.issueComments == expected.issueComments, counts.commits == expected.commits
                        {
                            return .restStored(after: ContinuousClock.now - started)
                        }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    return .restStored(after: .seconds(120))
                }
                var outcomes: [Outcome] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
        }
        let elapsed = ContinuousClock.now - started
        guard
            case .collected(let summary)? = outcomes.first(where: { if case .collected = $0 { true } else { false } }),
            case .restStored(let restStored)? = outcomes.first(where: {
                if case .restStored = $0 { true } else { false }
            })
        else {
            Issue.record("missing outcomes: \(outcomes)")
            return
        }
        // The siblings' records were stored well before the deferred task could run again.
        #expect(restStored < .seconds(wait * 2 / 3), "REST records stored after \(restStored), the wait was \(wait) s")
        // The deferred task ran once due, and the collection waited for it: exact, nothing dead-lettered.
        #expect(elapsed >= .seconds(wait - 1))
        #expect(summary.completed && summary.deadLetters.isEmpty)
        #expect(summary.counts.matches(expected), "store \(summary.counts) vs simulator \(expected)")
        let deferral = recorder.entries.first { $0.message.contains("task deferred until") }
        #expect(
            deferral?.metadata["gh.waiting_for"]?.contains("secondaryRateLimited on POST /graphql") == true,
            "\(String(describing: deferral?.line))")
        #expect(deferral?.metadata["gh.not_before"] != nil)
    }

    @Test func aFetcherWaitingForADeferredTaskStopsWithinTenSecondsOfShutdownAndCommitsNothing() async throws {
        let directory = try TemporaryDirectory("ghstats-deferral")
        defer { directory.remove() }
        var configuration = PipelineConfiguration()
        configuration.stateDirectory = directory.path("state")
        configuration.databasePath = directory.path("ghstats.db")
        configuration.fetcher.members = 1
        configuration.fetcher.maxWaitInBatch = .seconds(300)
        try FileManager.default.createDirectory(atPath: configuration.stateDirectory, withIntermediateDirectories: true)
        let log = try EmbeddedLog(configuration: configuration.embeddedLog)
        try await log.createTopics(configuration.topicSpecs)
        var task = FetchTask(collectionId: "c-defer", kind: .repositories, org: "sim-org")
        task.notBefore = Date().addingTimeInterval(240)
        try await log.publish([
            OutgoingMessage(
                topic: configuration.topics.tasks, key: task.partitionKey, value: try RecordCoding.encode(task),
                headers: [
                    MessageHeaders.schema: RecordType.fetchTask.schemaHeader, MessageHeaders.collectionID: "c-defer",
                ])
        ])
        let recorder = LogRecorder()
        let client = GitHubClient(
            configuration: GitHubClientConfiguration(baseURL: "http://127.0.0.1:9"), logger: .quiet)
        let fetcher = Fetcher(
            log: log, client: client, topics: configuration.topics, configuration: configuration.fetcher,
            logger: recorder.logger())
        let group = ServiceGroup(configuration: .init(services: [fetcher], logger: .quiet))
        let stopped = try await withThrowingTaskGroup(of: Duration?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            let deadline = ContinuousClock.now + .seconds(60)
            while !recorder.entries.contains(where: { $0.message.contains("deferred task waiting until it is due") }) {
                try #require(ContinuousClock.now < deadline, "the fetcher never started waiting")
                try await Task.sleep(for: .milliseconds(50))
            }
            let asked = ContinuousClock.now
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return ContinuousClock.now - asked
        }
        #expect(stopped < .seconds(10), "stopped \(stopped) after shutdown was asked")
        #expect(try await log.lag(group: configuration.fetcher.group, topics: [configuration.topics.tasks]) == 1)
        try await log.close()
    }
}
