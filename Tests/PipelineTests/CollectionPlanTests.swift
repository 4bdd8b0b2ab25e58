import Collector
import Foundation
import GitHubAPI
import GitHubSimulator
import Logging
import Pipeline
import TestSupport
import Testing

@Suite struct CollectionPlanTests {
    @Test(arguments: [PullRequestSource.rest, .graphQL])
    func thePlanIsWithinTenPercentOfWhatTheRunThenSpends(source: PullRequestSource) async throws {
        let harness = try PipelineHarness(repositories: 7, pullRequestsPerRepository: 130, seed: 53)
        defer { harness.remove() }
        let window = PipelineHarness.everything
        let (plan, restMade, pointsSpent) = try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.token = .init("plan-token")
            configuration.fetcher.pullRequestSource = source
            let client = GitHubClient(
                configuration: configuration.github, cache: try ResponseCache(path: configuration.responseCachePath),
                logger: .quiet)
            let plan = try await CollectionPlanner(client: client, configuration: configuration.fetcher, logger: .quiet)
                .plan(organizations: ["sim-org"], window: window)
            let simulator = harness.simulator
            let before = (simulator.requestCount, simulator.graphQLRequestCount, simulator.graphQLPointsSpent)
            _ = try await CollectionRunner(configuration: configuration, logger: .quiet)
                .collect(organizations: ["sim-org"], window: window)
            // REST requests the run made (304s included), without its one token check.
            let rest = (simulator.requestCount - before.0) - (simulator.graphQLRequestCount - before.1) - 1
            return (plan, rest, simulator.graphQLPointsSpent - before.2)
        }
        #expect(plan.pullRequests == 7 * 130)
        #expect(
            abs(Double(plan.restRequests - restMade)) <= 0.1 * Double(restMade),
            "plan \(plan.restRequests) REST, run \(restMade)")
        #expect(
            abs(Double(plan.graphQLPoints - pointsSpent)) <= 0.1 * Double(max(pointsSpent, 1)),
            "plan \(plan.graphQLPoints) points, run \(pointsSpent)")
        #expect(plan.report.contains("about"))
    }
}
