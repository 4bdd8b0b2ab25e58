import Collector
import Foundation
import GitHubSimulator
import Logging
import Pipeline
import SQLiteDB
import Store
import TestSupport
import Testing

@Suite struct ConditionalRequestTests {
    struct Run {
        var requests = 0
        var notModified = 0
        var points = 0
    }

    static func measure(_ simulator: GitHubSimulator, _ body: () async throws -> Void) async rethrows -> Run {
        let before = (simulator.requestCount, simulator.notModifiedCount, simulator.graphQLPointsSpent)
        try await body()
        return Run(
            requests: simulator.requestCount - before.0, notModified: simulator.notModifiedCount - before.1,
            points: simulator.graphQLPointsSpent - before.2)
    }

    @Test(arguments: [PullRequestSource.rest, .graphQL])
    func anUnchangedSecondCollectIsAnsweredMostlyWith304AndAChangeIsStillCollected(
        source: PullRequestSource
    )
        async throws
    {
        let harness = try PipelineHarness(repositories: 5, pullRequestsPerRepository: 120, seed: 17)
        defer { harness.remove() }
        let window = CollectionWindow.days(3650)
        let (first, second, third, summary) = try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.token = .init("conditional-token")
            configuration.fetcher.pullRequestSource = source
            let runner = CollectionRunner(configuration: configuration, logger: .quiet)
            let first = try await Self.measure(harness.simulator) {
                _ = try await runner.collect(organizations: ["sim-org"], window: window)
            }
            let second = try await Self.measure(harness.simulator) {
                _ = try await runner.collect(organizations: ["sim-org"], window: window)
            }
            harness.simulator.tick(changes: 12)
            var summary: CollectionSummary?
            let third = try await Self.measure(harness.simulator) {
                summary = try await runner.collect(organizations: ["sim-org"], window: window)
            }
            return (first, second, third, summary!)
        }
        #expect(second.points == 0, "an unchanged pass spends no GraphQL points")
        #expect(
            Double(second.notModified) >= 0.9 * Double(second.requests),
            "\(second.notModified) of \(second.requests) answered 304")
        let expected = harness.simulator.expectedCounts(since: window.since)
        #expect(summary.counts.matches(expected), "after a change: store \(summary.counts) vs simulator \(expected)")
        // The changed pull requests were read again: their comment counts add up to the comments served.
        let comments = try await SQLiteStore(path: harness.databasePath).query(
            "SELECT SUM(comments) FROM pull_requests")
        #expect(comments.first?.int(0) == expected.issueComments)
        if source == .graphQL {
            // Pages stop at the last pass's watermark: changed pull requests sit on each repository's first page.
            #expect(third.points * 2 <= first.points, "third run \(third.points) points, first \(first.points)")
        }
    }
}
