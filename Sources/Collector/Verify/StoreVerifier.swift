import Foundation
import GHRecords
import GitHubAPI
import Logging
import SQLiteDB
import Store

/// Compares what GitHub says exists with what each store holds, per repository and stream, at the
/// cheapest cost: pull requests with their review and comment counts by GraphQL (100 a query), listings'
/// sizes from their first and last pages. GitHub is asked once; every store is compared with the same answer.
public struct StoreVerifier: Sendable {
    let client: GitHubClient
    let stores: [any StoreContents]
    let logger: Logger

    public init(client: GitHubClient, stores: [any StoreContents], logger: Logger) {
        self.client = client
        self.stores = stores
        self.logger = logger
    }

    /// Verifies the SQLite store alone.
    public init(client: GitHubClient, store: SQLiteStore, logger: Logger) {
        self.init(client: client, stores: [SQLiteContents(store: store)], logger: logger)
    }

    public func verify(
        organizations: [String], repositories only: [String] = [], window: CollectionWindow
    )
        async throws -> VerificationReport
    {
        var report = VerificationReport()
        for org in organizations {
            var names: [String] = []
            var url: String? = client.endpoints.organizationRepositories(org: org)
            while let page = url {
                let response = try await client.get(page, as: [GitHubRepository].self)
                names += response.body.map(\.name)
                url = response.links.next
            }
            if only.isEmpty {
                for store in stores {
                    let stored = try await store.repositoryCount(org: org)
                    report.rows.append(
                        .init(
                            store: store.name, repository: org, stream: "repositories", github: names.count,
                            stored: stored,
                            missing: max(0, names.count - stored), extra: max(0, stored - names.count), stale: 0))
                }
            }
            for repo in names where only.isEmpty || only.contains(repo) || only.contains("\(org)/\(repo)") {
                try await verifyRepository(org: org, repo: repo, window: window, &report)
            }
        }
        return report
    }

    private func verifyRepository(
        org: String, repo: String, window: CollectionWindow, _ report: inout VerificationReport
    )
        async throws
    {
        let name = "\(org)/\(repo)"
        if client.tokens.tokens.isEmpty {
            report.unchecked.append("\(name): pull requests and reviews need a token (GraphQL)")
        } else {
            let github = try await pullRequestCounts(org: org, repo: repo, since: window.since)
            for store in stores {
                let storedPulls = try await store.pullRequestVersions(org: org, repo: repo, since: window.since)
                let reviews = try await store.reviewsPerPullRequest(org: org, repo: repo)
                var missing = 0
                var stale = 0
                var missingReviews = 0
                var refetch = Set<Int>()
                for pull in github {
                    if let updated = storedPulls[pull.number] {
                        if updated < ISO8601Timestamp.format(pull.updatedAt) {
                            stale += 1
                            refetch.insert(pull.number)
                        }
                    } else {
                        missing += 1
                        refetch.insert(pull.number)
                    }
                    let reviewGap = max(0, (pull.reviews?.totalCount ?? 0) - (reviews[pull.number] ?? 0))
                    if reviewGap > 0 { refetch.insert(pull.number) }
                    missingReviews += reviewGap
                }
                let numbers = Set(github.map(\.number))
                let extra = storedPulls.keys.filter { !numbers.contains($0) }.count
                report.rows.append(
                    .init(
                        store: store.name, repository: name, stream: "pull_requests", github: github.count,
                        stored: storedPulls.count, missing: missing, extra: extra, stale: stale))
                let githubReviews = github.reduce(0) { $0 + ($1.reviews?.totalCount ?? 0) }
                report.rows.append(
                    .init(
                        store: store.name, repository: name, stream: "reviews", github: githubReviews,
                        stored: github.reduce(0) { $0 + (reviews[$1.number] ?? 0) }, missing: missingReviews, extra: 0,
                        stale: 0))
                if !refetch.isEmpty { report.pullRequestsToFetch[name, default: []].formUnion(refetch) }
            }
        }
        let endpoints = client.endpoints
        let reviewComments = try await client.listingSize(
            endpoints.reviewComments(owner: org, repo: repo, since: window.since)
        ).items
        let commits = try await client.listingSize(
            endpoints.commits(owner: org, repo: repo, since: window.since, until: window.until)
        ).items
        // Conversation comments (of issues and pull requests) updated in the window, as collection takes them: a
        // pull request updated in the window may have older comments, which are not counted.
        let issueComments = try await client.listingSize(
            endpoints.issueComments(owner: org, repo: repo, since: window.since)
        ).items
        for store in stores {
            for (stream, github, stored) in [
                (
                    "issue_comments", issueComments,
                    try await store.issueCommentCount(org: org, repo: repo, since: window.since)
                ),
                (
                    "review_comments", reviewComments,
                    try await store.reviewCommentCount(org: org, repo: repo, since: window.since)
                ),
                ("commits", commits, try await store.commitCount(org: org, repo: repo, since: window.since)),
            ] {
                report.rows.append(
                    .init(
                        store: store.name, repository: name, stream: stream, github: github, stored: stored,
                        missing: max(0, github - stored), extra: max(0, stored - github), stale: 0))
                if github != stored { report.listingsToFetch[name, default: []].insert(stream) }
            }
        }
    }

    /// Pull requests updated in the window, newest first, with their counts.
    private func pullRequestCounts(
        org: String, repo: String, since: Date?
    ) async throws
        -> [GitHubGraphQLPullRequestCounts.PullRequest]
    {
        var result: [GitHubGraphQLPullRequestCounts.PullRequest] = []
        var cursor: String?
        while true {
            var variables = ["owner": org, "name": repo]
            if let cursor { variables["cursor"] = cursor }
            let response = try await client.graphQL(
                GitHubGraphQLPullRequestCounts.query, variables: variables,
                as: GitHubGraphQLPullRequestCounts.Result.self)
            guard let connection = response.body.repository?.pullRequests else { return result }
            let nodes = connection.items
            result += nodes.filter { since == nil || $0.updatedAt >= since! }
            if let since, nodes.contains(where: { $0.updatedAt < since }) { return result }
            guard connection.pageInfo?.hasNextPage == true, let next = connection.pageInfo?.endCursor else {
                return result
            }
            cursor = next
        }
    }
}
