import Foundation
import GHRecords
import GitHubAPI
import Logging
import SQLiteDB

/// Compares what GitHub says exists with what the SQLite store holds, per repository and stream, at the
/// cheapest cost: pull requests with their review and comment counts by GraphQL (100 a query), listings'
/// sizes from their first and last pages.
public struct StoreVerifier: Sendable {
    let client: GitHubClient
    let store: SQLiteStore
    let logger: Logger

    public init(client: GitHubClient, store: SQLiteStore, logger: Logger) {
        self.client = client
        self.store = store
        self.logger = logger
    }

    public func verify(organizations: [String], repositories only: [String] = [], window: CollectionWindow)
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
            let stored = try store.query("SELECT COUNT(*) FROM repositories WHERE org = ?", [.text(org)]).first?.int(0) ?? 0
            if only.isEmpty {
                report.rows.append(
                    .init(repository: org, stream: "repositories", github: names.count, stored: stored,
                          missing: max(0, names.count - stored), extra: max(0, stored - names.count), stale: 0))
            }
            for repo in names where only.isEmpty || only.contains(repo) || only.contains("\(org)/\(repo)") {
                try await verifyRepository(org: org, repo: repo, window: window, &report)
            }
        }
        return report
    }

    private func verifyRepository(org: String, repo: String, window: CollectionWindow, _ report: inout VerificationReport)
        async throws
    {
        let name = "\(org)/\(repo)"
        let since = window.since.map(ISO8601Timestamp.format) ?? "0000"
        let key: [SQLiteValue] = [.text(org), .text(repo)]
        if client.tokens.tokens.isEmpty {
            report.unchecked.append("\(name): pull requests, reviews and comments need a token (GraphQL)")
        } else {
            let github = try await pullRequestCounts(org: org, repo: repo, since: window.since)
            let storedPulls = Dictionary(
                uniqueKeysWithValues: try store.query(
                    "SELECT number, updated_at FROM pull_requests WHERE org = ? AND repo = ? AND updated_at >= ?",
                    key + [.text(since)]
                ).compactMap { row in row.int(0).map { ($0, row.string(1) ?? "") } })
            let reviews = try counts("SELECT pull_number, COUNT(*) FROM reviews WHERE org = ? AND repo = ? GROUP BY pull_number", key)
            let comments = try counts(
                "SELECT issue_number, COUNT(*) FROM issue_comments WHERE org = ? AND repo = ? GROUP BY issue_number", key)
            var missing = 0, stale = 0, missingReviews = 0, missingComments = 0
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
                let reviewGap = max(0, pull.reviews.totalCount - (reviews[pull.number] ?? 0))
                let commentGap = max(0, pull.comments.totalCount - (comments[pull.number] ?? 0))
                if reviewGap > 0 { refetch.insert(pull.number) }
                missingReviews += reviewGap
                missingComments += commentGap
                if commentGap > 0 { report.listingsToFetch[name, default: []].insert("issue_comments") }
            }
            let numbers = Set(github.map(\.number))
            let extra = storedPulls.keys.filter { !numbers.contains($0) }.count
            report.rows.append(
                .init(repository: name, stream: "pull_requests", github: github.count, stored: storedPulls.count,
                      missing: missing, extra: extra, stale: stale))
            let githubReviews = github.reduce(0) { $0 + $1.reviews.totalCount }
            let githubComments = github.reduce(0) { $0 + $1.comments.totalCount }
            report.rows.append(
                .init(repository: name, stream: "reviews", github: githubReviews,
                      stored: github.reduce(0) { $0 + (reviews[$1.number] ?? 0) }, missing: missingReviews, extra: 0, stale: 0))
            report.rows.append(
                .init(repository: name, stream: "pr_comments", github: githubComments,
                      stored: github.reduce(0) { $0 + (comments[$1.number] ?? 0) }, missing: missingComments, extra: 0, stale: 0))
            if !refetch.isEmpty { report.pullRequestsToFetch[name, default: []].formUnion(refetch) }
        }
        let endpoints = client.endpoints
        for (stream, url, sql) in [
            ("review_comments", endpoints.reviewComments(owner: org, repo: repo, since: window.since),
             "SELECT COUNT(*) FROM review_comments WHERE org = ? AND repo = ? AND updated_at >= ?"),
            ("commits", endpoints.commits(owner: org, repo: repo, since: window.since, until: window.until),
             "SELECT COUNT(*) FROM commits WHERE org = ? AND repo = ? AND committed_at >= ?"),
        ] {
            let github = try await client.listingSize(url).items
            let stored = try store.query(sql, key + [.text(since)]).first?.int(0) ?? 0
            report.rows.append(
                .init(repository: name, stream: stream, github: github, stored: stored, missing: max(0, github - stored),
                      extra: max(0, stored - github), stale: 0))
            if github != stored { report.listingsToFetch[name, default: []].insert(stream) }
        }
    }

    private func counts(_ sql: String, _ arguments: [SQLiteValue]) throws -> [Int: Int] {
        Dictionary(uniqueKeysWithValues: try store.query(sql, arguments).compactMap { row in
            row.int(0).flatMap { number in row.int(1).map { (number, $0) } }
        })
    }

    /// Pull requests updated in the window, newest first, with their counts.
    private func pullRequestCounts(org: String, repo: String, since: Date?) async throws
        -> [GitHubGraphQLPullRequestCounts.PullRequest]
    {
        var result: [GitHubGraphQLPullRequestCounts.PullRequest] = []
        var cursor: String?
        while true {
            var variables = ["owner": org, "name": repo]
            if let cursor { variables["cursor"] = cursor }
            let response = try await client.graphQL(
                GitHubGraphQLPullRequestCounts.query, variables: variables, as: GitHubGraphQLPullRequestCounts.Result.self)
            guard let connection = response.body.repository?.pullRequests else { return result }
            let nodes = connection.nodes ?? []
            result += nodes.filter { since == nil || $0.updatedAt >= since! }
            if let since, nodes.contains(where: { $0.updatedAt < since }) { return result }
            guard connection.pageInfo?.hasNextPage == true, let next = connection.pageInfo?.endCursor else { return result }
            cursor = next
        }
    }
}
