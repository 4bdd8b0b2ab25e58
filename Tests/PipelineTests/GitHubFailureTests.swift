import Collector
import Foundation
import GitHubSimulator
import Logging
import TestSupport
import Testing

/// What GitHub does wrong (limits, bursts, resets, vanished or empty repositories) never loses data silently.
@Suite struct GitHubFailureTests {
    @Test func anExhaustedRateLimitPausesTheRunUntilTheResetAndItCompletesExactly() async throws {
        // 60 % of the run's requests per 20 s window: reached even on a loaded machine (that needs about 3
        // requests a second), and the run then has to wait for the reset once to finish.
        let reference = try PipelineHarness(repositories: 2, pullRequestsPerRepository: 30, seed: 3)
        defer { reference.remove() }
        let needed = try await reference.simulator.withRunning(logger: .quiet) { url in
            var configuration = reference.pipelineConfiguration(baseURL: url)
            configuration.github.token = .init("t-1")
            configuration.fetcher.pullRequestSource = .rest
            _ = try await CollectionRunner(configuration: configuration, logger: .quiet)
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
            return reference.simulator.requestCount
        }
        var limit = RateLimitConfiguration(limit: needed * 6 / 10, window: .seconds(20))
        limit.exhaustedStatus = 429
        let harness = try PipelineHarness(repositories: 2, pullRequestsPerRepository: 30, seed: 3, rateLimit: limit)
        defer { harness.remove() }
        let recorder = LogRecorder()
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.token = .init("t-1")
            configuration.fetcher.pullRequestSource = .rest
            return try await CollectionRunner(configuration: configuration, logger: recorder.logger())
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
        }
        #expect(harness.simulator.rateLimitedCount > 0, "the limit was never reached: the test proves nothing")
        #expect(summary.deadLetters.isEmpty)
        let expected = harness.simulator.expectedCounts(since: nil)
        #expect(summary.counts.matches(expected), "store \(summary.counts) vs simulator \(expected)")
        #expect(recorder.entries.contains { $0.message.contains("waiting for its reset") })
    }

    @Test func burstsResetsSecondaryLimitsAndVanishedOrEmptyRepositoriesAreHandled() async throws {
        let faults = [
            FaultRule(path: "/repos/sim-org/repo-02/*", kind: .status(404)),
            FaultRule(path: "/repos/sim-org/repo-03/commits", kind: .status(409)),
            FaultRule(path: "/repos/sim-org/repo-01/pulls", kind: .secondaryRateLimit(retryAfter: 1), times: 1),
            FaultRule(path: "/repos/sim-org/repo-01/pulls/4", kind: .connectionReset, times: 2),
            FaultRule(path: "/repos/sim-org/repo-04/pulls/comments", kind: .status(503), times: 3),
            FaultRule(path: "/repos/sim-org/repo-04/pulls/9/reviews", kind: .delay(.milliseconds(300))),
        ]
        let harness = try PipelineHarness(repositories: 4, pullRequestsPerRepository: 25, faults: faults, seed: 21)
        defer { harness.remove() }
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            try await harness.collect(baseURL: url, logger: .quiet)
        }
        var expected = harness.simulator.expectedCounts(since: nil)
        let repositories = harness.simulator.organizations[0].repositories
        let gone = repositories[1]
        expected.pullRequests -= gone.pullRequests.count
        expected.reviews -= gone.pullRequests.reduce(0) { $0 + $1.reviews.count }
        expected.reviewComments -= gone.reviewComments.count
        expected.issueComments -= gone.issueComments.count
        expected.commits -= gone.commits.count + repositories[2].commits.count
        #expect(summary.completed)
        #expect(summary.counts.matches(expected), "store \(summary.counts) vs expected \(expected)")
        // The vanished repository's four listings are dead-lettered as not found; the empty one is not an error.
        #expect(summary.deadLetters.count == 4)
        #expect(summary.deadLetters.allSatisfy { $0.reason == "notFound" && $0.subject.contains("sim-org/repo-02") })
    }
}
