import Collector
import Foundation
import GitHubAPI
import GitHubSimulator
import Logging
import TestSupport
import Testing

/// A REST collection paced under GitHub's secondary limits never trips them, and ends exact.
@Suite struct SecondaryLimitPacingTests {
    /// GitHub's minute scaled down to 6 s with its points scaled alike (900 a minute is 90 in 6 s): the rate is
    /// GitHub's, 15 requests a second, and a collection of a few hundred requests spans several windows.
    static let window = Duration.seconds(6)
    static let simulatorLimits = SecondaryRateLimitConfiguration(
        restPoints: 90, graphQLPoints: 200, maxConcurrentRequests: 100, window: window)
    static let pacing = PacingConfiguration(
        restPoints: 80, graphQLPoints: 180, maxConcurrentRequests: 50, window: window)

    static func harness(limits: SecondaryRateLimitConfiguration = simulatorLimits) throws -> PipelineHarness {
        let directory = try TemporaryDirectory("ghstats-pacing")
        var configuration = SimulatorConfiguration()
        configuration.seed = 19
        configuration.organizations = ["sim-org"]
        configuration.repositoriesPerOrganization = 10
        configuration.pullRequestsPerRepository = 14
        configuration.rateLimit = .generous
        configuration.secondaryLimits = limits
        return PipelineHarness(directory: directory, simulator: GitHubSimulator(configuration: configuration))
    }

    static func collect(
        _ harness: PipelineHarness, pacing: PacingConfiguration
    )
        async throws -> CollectionSummary
    {
        try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.token = .init("pacing-token")
            configuration.github.pacing = pacing
            configuration.fetcher.pullRequestSource = .rest
            return try await CollectionRunner(configuration: configuration, logger: .quiet)
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
        }
    }

    @Test func aTenRepositoryOrgCollectedByRESTUnderGitHubsSecondaryLimitsMeetsNoneAndEndsExact() async throws {
        let harness = try Self.harness()
        defer { harness.remove() }
        let summary = try await Self.collect(harness, pacing: Self.pacing)
        let expected = harness.simulator.expectedCounts(since: nil)
        #expect(harness.simulator.secondaryLimitCounts.refused == 0, "\(harness.simulator.secondaryLimitCounts)")
        #expect(summary.completed && summary.deadLetters.isEmpty)
        #expect(summary.counts.matches(expected), "store \(summary.counts) vs simulator \(expected)")
        // The run needed several windows' worth of points: the limits bound it, the pacing kept it under them.
        #expect(
            harness.simulator.requestCount > 3 * Self.simulatorLimits.restPoints,
            "\(harness.simulator.requestCount) requests")
    }

    /// The burst's limits: GitHub's rate over a 30 s window, so 120 requests sent at once exceed it even on a
    /// loaded machine (that needs only 3 answers a second).
    static let burstWindow = Duration.seconds(30)
    static let burstLimits = SecondaryRateLimitConfiguration(
        restPoints: 90, graphQLPoints: 200, maxConcurrentRequests: 100, window: burstWindow)
    static let burstPacing = PacingConfiguration(
        restPoints: 80, graphQLPoints: 180, maxConcurrentRequests: 50, window: burstWindow)

    /// 120 GETs, 30 at a time, through a client paced by `pacing`: how many the simulator refused.
    static func burst(pacing: PacingConfiguration) async throws -> Int {
        let harness = try Self.harness(limits: burstLimits)
        defer { harness.remove() }
        return try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = GitHubClientConfiguration(baseURL: url, token: .init("burst-token"))
            configuration.pacing = pacing
            let client = GitHubClient(configuration: configuration, logger: .quiet)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<30 {
                    group.addTask {
                        for _ in 0..<4 {
                            _ = try? await client.get(
                                client.endpoints.baseURL + "/orgs/sim-org/repos?w=\(worker)", as: [Repo].self)
                        }
                    }
                }
                try await group.waitForAll()
            }
            return harness.simulator.secondaryLimitCounts.refused
        }
    }

    struct Repo: Decodable, Sendable { let id: Int64 }

    @Test func withoutPacingABurstTripsTheLimitsAndWithPacingItDoesNot() async throws {
        #expect(
            try await Self.burst(pacing: .unpaced) > 0,
            "the limits were never reached: the collection test proves nothing")
        #expect(try await Self.burst(pacing: Self.burstPacing) == 0)
    }
}
