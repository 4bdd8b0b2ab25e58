import Collector
import Foundation
import GitHubSimulator
import Logging
import TestSupport
import Testing

/// GraphQL failures as GitHub gives them — a query stopped after its time (HTTP 200 with an untyped error), 502 and
/// 504, a repository gone (`NOT_FOUND`) — never lose data: what is retriable is retried with a smaller page, what is
/// not is dead-lettered with GitHub's message, and a re-run ends exact.
@Suite struct GraphQLFailureTests {
    @Test func timeoutsAnd5xxAreRetriedWithSmallerPagesAndNotFoundEndsExactAfterARerun() async throws {
        let faults = [
            FaultRule(path: "/graphql", kind: .graphQLTimeout, times: 3),
            FaultRule(path: "/graphql", kind: .status(502), times: 2),
            FaultRule(path: "/graphql", kind: .status(504), times: 1),
            FaultRule(path: "/graphql", kind: .graphQLNotFound, times: 1),
        ]
        let harness = try PipelineHarness(repositories: 4, pullRequestsPerRepository: 60, faults: faults, seed: 17)
        defer { harness.remove() }
        let recorder = LogRecorder()
        let (first, second) = try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.token = .init("gql-token")
            configuration.fetcher.pullRequestSource = .graphQL
            let first = try await CollectionRunner(configuration: configuration, logger: recorder.logger())
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
            let second = try await CollectionRunner(configuration: configuration, logger: .quiet)
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
            return (first, second)
        }
        // Only the vanished repository's query is dead-lettered, as not found, with GitHub's message.
        #expect(first.deadLetters.count == 1)
        #expect(
            first.deadLetters.allSatisfy {
                $0.reason == "notFound" && $0.error.contains("Could not resolve to a Repository")
            })
        #expect(recorder.entries.contains { $0.message.contains("smaller page") })
        #expect(second.deadLetters.isEmpty)
        let expected = harness.simulator.expectedCounts(since: nil)
        #expect(second.counts.matches(expected), "store \(second.counts) vs simulator \(expected)")
    }
}
