import Foundation
import GHRecords

/// The pull requests of one repository with detail fields and reviews, in one GraphQL query per page.
public enum GitHubGraphQLPullRequests {
    /// Pull requests per page; with 20 reviews each (and their comment counts) a page costs about 11 points.
    public static let pageSize = 50
    /// Reviews read inline per pull request; more are fetched with REST.
    public static let reviewsPerPullRequest = 20

    /// Pull requests on the first page of a pass that stops at a watermark: usually only a few changed.
    public static let incrementalPageSize = 10

    public static var query: String { query(pageSize: pageSize) }

    /// Points one page costs under GitHub's rule (connection requests over all levels, per 100, at least 1):
    /// the page, and per pull request its labels, reviews, comment and commit counts, and each review's comments.
    public static func estimatedCost(pageSize: Int) -> Int {
        let requests = 1 + pageSize * 4 + pageSize * reviewsPerPullRequest
        return max(1, Int((Double(requests) / 100).rounded()))
    }

    /// The query reading `pageSize` pull requests (1...100); its cost grows with the page size.
    public static func query(pageSize: Int) -> String {
        """
        query($owner: String!, $name: String!, $cursor: String) {
          rateLimit { cost remaining resetAt }
          repository(owner: $owner, name: $name) {
            pullRequests(first: \(min(max(pageSize, 1), 100)), after: $cursor, orderBy: {field: UPDATED_AT, direction: DESC}) {
              pageInfo { hasNextPage endCursor }
              nodes {
                databaseId number title state isDraft merged createdAt updatedAt closedAt mergedAt
                author { login __typename } mergedBy { login }
                additions deletions changedFiles baseRefName headRefName
                labels(first: 20) { nodes { name } }
                comments { totalCount }
                commits(first: 1) { totalCount nodes { commit { authoredDate } } }
                reviews(first: \(reviewsPerPullRequest)) {
                  totalCount
                  pageInfo { hasNextPage }
                  nodes { databaseId state body submittedAt author { login __typename } commit { oid } comments { totalCount } }
                }
              }
            }
          }
        }
        """
    }

    public struct Result: Decodable, Sendable {
        public let repository: Repository?
    }

    public struct Repository: Decodable, Sendable {
        public let pullRequests: Connection<PullRequest>
    }

    public struct Connection<Node: Decodable & Sendable>: Decodable, Sendable {
        public struct PageInfo: Decodable, Sendable {
            public let hasNextPage: Bool
            public let endCursor: String?
        }
        public let pageInfo: PageInfo?
        public let nodes: [Node]?
        public let totalCount: Int?
    }

    public struct Count: Decodable, Sendable { public let totalCount: Int }
    public struct Actor: Decodable, Sendable {
        public let login: String
        public let __typename: String?
    }
    public struct Name: Decodable, Sendable { public let name: String }
    public struct CommitRef: Decodable, Sendable { public let oid: String }
    /// A pull request's commit (GitHub lists them oldest first).
    public struct PullRequestCommit: Decodable, Sendable {
        public struct Commit: Decodable, Sendable { public let authoredDate: Date? }
        public let commit: Commit
    }

    public struct Review: Decodable, Sendable {
        public let databaseId: Int64
        public let state: String
        public let body: String?
        public let submittedAt: Date?
        public let author: Actor?
        public let commit: CommitRef?
        public let comments: Count?
    }

    public struct PullRequest: Decodable, Sendable {
        public let databaseId: Int64
        public let number: Int
        public let title: String
        public let state: String
        public let isDraft: Bool
        public let merged: Bool
        public let createdAt: Date
        public let updatedAt: Date
        public let closedAt: Date?
        public let mergedAt: Date?
        public let author: Actor?
        public let mergedBy: Actor?
        public let additions: Int
        public let deletions: Int
        public let changedFiles: Int
        public let baseRefName: String?
        public let headRefName: String?
        public let labels: Connection<Name>?
        public let comments: Count
        public let commits: Connection<PullRequestCommit>
        public let reviews: Connection<Review>

        /// The record, as the REST detail endpoint would give it.
        public func record(org: String, repo: String) -> GHRecords.PullRequest {
            let reviews = self.reviews.nodes ?? []
            return GHRecords.PullRequest(
                id: databaseId, org: org, repo: repo, number: number, title: title,
                state: state == "OPEN" ? "open" : "closed", authorLogin: author?.login, authorType: author?.__typename,
                draft: isDraft, createdAt: createdAt, updatedAt: updatedAt, closedAt: closedAt, mergedAt: mergedAt,
                merged: merged, mergedBy: mergedBy?.login, additions: additions, deletions: deletions,
                changedFiles: changedFiles, commits: commits.totalCount ?? 0, comments: comments.totalCount,
                reviewComments: reviews.reduce(0) { $0 + ($1.comments?.totalCount ?? 0) },
                labels: (labels?.nodes ?? []).map(\.name), requestedReviewers: [], baseRef: baseRefName,
                headRef: headRefName, firstCommitAt: commits.nodes?.first?.commit.authoredDate)
        }

        public func reviewRecords(org: String, repo: String) -> [GHRecords.Review] {
            (reviews.nodes ?? []).map {
                GHRecords.Review(
                    id: $0.databaseId, org: org, repo: repo, pullNumber: number, authorLogin: $0.author?.login,
                    authorType: $0.author?.__typename, state: $0.state, submittedAt: $0.submittedAt,
                    commitId: $0.commit?.oid, body: $0.body ?? "")
            }
        }
    }
}
