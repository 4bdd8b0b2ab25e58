import Collector
import Foundation
import GHRecords
import GitHubAPI
import GitHubSimulator
import Logging
import Pipeline
import Store
import TestSupport
import Testing

@Suite struct GraphQLModeTests {
    /// One simulated present for both runs, so a run that crosses the hour still sees the same organisation.
    static let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 3600).rounded(.down) * 3600)

    static func run(_ source: PullRequestSource, seed: UInt64) async throws -> (PipelineHarness, CollectionSummary) {
        let harness = try PipelineHarness(repositories: 6, pullRequestsPerRepository: 120, seed: seed, now: now)
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.token = .init("gql-token")
            configuration.fetcher.pullRequestSource = source
            return try await CollectionRunner(configuration: configuration, logger: .quiet)
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
        }
        return (harness, summary)
    }

    static func rows(_ harness: PipelineHarness, _ sql: String) async throws -> [[String]] {
        try await SQLiteStore(path: harness.databasePath).query(sql).map { row in
            row.values.indices.map { row.string($0) ?? "∅" }
        }
    }

    @Test func graphQLCollectsTheSameRowsAsRESTForAFifthOfTheBudget() async throws {
        let (rest, restSummary) = try await Self.run(.rest, seed: 31)
        defer { rest.remove() }
        let (graphQL, graphQLSummary) = try await Self.run(.graphQL, seed: 31)
        defer { graphQL.remove() }
        #expect(restSummary.counts == graphQLSummary.counts)
        #expect(graphQLSummary.counts.matches(graphQL.simulator.expectedCounts(since: nil)))
        // Every stored field agrees, requested reviewers (users and teams) included.
        let pulls = """
            SELECT org, repo, number, id, title, state, author_login, author_type, draft, created_at, updated_at,
                closed_at, merged_at, merged, merged_by, additions, deletions, changed_files, commits, comments,
                review_comments, labels, requested_reviewers, base_ref, head_ref FROM pull_requests ORDER BY repo, number
            """
        #expect(try await Self.rows(rest, pulls) == Self.rows(graphQL, pulls))
        for harness in [rest, graphQL] {
            // Today's ids, above 2^31 (GraphQL's deprecated 32-bit `databaseId` cannot carry them).
            #expect(try await Self.rows(harness, "SELECT MIN(id) > 2147483647 FROM pull_requests") == [["1"]])
            #expect(try await Self.rows(harness, "SELECT MIN(id) > 2147483647 FROM reviews") == [["1"]])
            // One form per bot (REST's `name[bot]`), typed Bot, whichever API read it.
            #expect(
                try await Self.rows(
                    harness,
                    "SELECT COUNT(*) > 0 FROM pull_requests WHERE author_login LIKE '%[bot]' AND author_type = 'Bot'")
                    == [["1"]])
            #expect(
                try await Self.rows(
                    harness,
                    "SELECT COUNT(*) FROM pull_requests WHERE author_type = 'Bot' AND author_login NOT LIKE '%[bot]'")
                    == [["0"]])
            // Deleted accounts as GitHub's `ghost`; teams asked for review as `org/slug`.
            #expect(
                try await Self.rows(harness, "SELECT COUNT(*) > 0 FROM reviews WHERE author_login = 'ghost'") == [["1"]]
            )
            #expect(
                try await Self.rows(
                    harness, "SELECT COUNT(*) > 0 FROM pull_requests WHERE requested_reviewers LIKE '%sim-org/%'") == [
                        ["1"]
                    ])
            // PENDING reviews have no submission time; a pull request with 25 reviews counts all their comments.
            #expect(
                try await Self.rows(
                    harness, "SELECT COUNT(*) > 0 FROM reviews WHERE state = 'PENDING' AND submitted_at IS NULL") == [
                        ["1"]
                    ])
            #expect(
                try await Self.rows(
                    harness, "SELECT review_comments FROM pull_requests WHERE repo = 'repo-01' AND number = 1") == [
                        ["125"]
                    ])
        }
        // GraphQL also reads each pull request's first commit (for lead time); REST would need a request more.
        let firstCommits = try await Self.rows(
            graphQL, "SELECT repo, number, first_commit_at FROM pull_requests ORDER BY repo, number")
        let simulated = graphQL.simulator.organizations[0].repositories.flatMap { repository in
            repository.pullRequests.map {
                [repository.name, String($0.number), ISO8601Timestamp.format($0.commits.map(\.authoredAt).min()!)]
            }
        }.sorted { ($0[0], Int($0[1])!) < ($1[0], Int($1[1])!) }
        #expect(firstCommits == simulated)
        #expect(
            try await Self.rows(rest, "SELECT COUNT(*) FROM pull_requests WHERE first_commit_at IS NOT NULL") == [["0"]]
        )
        let reviews = "SELECT * FROM reviews ORDER BY id"
        #expect(try await Self.rows(rest, reviews) == Self.rows(graphQL, reviews))

        let restCost = rest.simulator.pullRequestRequestCount
        let graphQLCost = graphQL.simulator.pullRequestRequestCount + graphQL.simulator.graphQLPointsSpent
        #expect(graphQL.simulator.graphQLPointsSpent > 0)
        #expect(graphQLCost * 5 <= restCost, "GraphQL spent \(graphQLCost), REST \(restCost)")
    }
}
