import Foundation
import GHRecords

extension GitHubGraphQLPullRequests {
    /// A pull request node of the page query, and its records as the REST endpoints would give them.
    public struct PullRequest: Decodable, Sendable {
        public let fullDatabaseId: GraphQLBigInt
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
        public let baseRefName: String
        public let headRefName: String
        public let labels: Connection<Name>?
        public let comments: Count
        public let commits: Connection<PullRequestCommit>
        public let reviewRequests: Connection<ReviewRequest>?
        public let reviews: Connection<Review>?

        /// The reviews read inline; `reviews.pageInfo.hasNextPage` says whether there are more.
        public var inlineReviews: [Review] { reviews?.items ?? [] }

        /// True when the page did not hold all the pull request's reviews.
        public var hasMoreReviews: Bool { reviews?.pageInfo?.hasNextPage == true }

        /// The record, as the REST detail endpoint would give it; `allReviews` are every review of the pull request
        /// (their comments make `review_comments`).
        public func record(org: String, repo: String, allReviews: [Review]) -> GHRecords.PullRequest {
            let author = AccountLogin.author(login: author?.login, type: author?.__typename)
            let merger = mergedBy.map { AccountLogin.normalized($0.login, type: $0.__typename) }
            return GHRecords.PullRequest(
                id: fullDatabaseId.value, org: org, repo: repo, number: number, title: title,
                state: state == "OPEN" ? "open" : "closed", authorLogin: author.login, authorType: author.type,
                draft: isDraft, createdAt: createdAt, updatedAt: updatedAt, closedAt: closedAt, mergedAt: mergedAt,
                merged: merged, mergedBy: merger ?? (merged ? AccountLogin.deleted : nil), additions: additions,
                deletions: deletions, changedFiles: changedFiles, commits: commits.totalCount ?? 0,
                comments: comments.totalCount, reviewComments: allReviews.reduce(0) { $0 + $1.comments.totalCount },
                labels: (labels?.items ?? []).map(\.name),
                requestedReviewers: (reviewRequests?.items ?? []).compactMap(\.name), baseRef: baseRefName,
                headRef: headRefName, firstCommitAt: commits.items.first?.commit.authoredDate)
        }

        public func reviewRecords(org: String, repo: String, allReviews: [Review]) -> [GHRecords.Review] {
            allReviews.map {
                let author = AccountLogin.author(login: $0.author?.login, type: $0.author?.__typename)
                return GHRecords.Review(
                    id: $0.fullDatabaseId.value, org: org, repo: repo, pullNumber: number, authorLogin: author.login,
                    authorType: author.type, state: $0.state, submittedAt: $0.submittedAt, commitId: $0.commit?.oid,
                    body: $0.body)
            }
        }
    }
}
