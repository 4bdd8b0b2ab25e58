import Foundation

/// Pull requests of one repository with only their counts (reviews, conversation comments): what `verify`
/// compares a store against, 100 per query at about 2 points.
public enum GitHubGraphQLPullRequestCounts {
    public static let query = """
        query($owner: String!, $name: String!, $cursor: String) {
          repository(owner: $owner, name: $name) {
            pullRequests(first: 100, after: $cursor, orderBy: {field: UPDATED_AT, direction: DESC}) {
              pageInfo { hasNextPage endCursor }
              nodes { number updatedAt reviews { totalCount } comments { totalCount } }
            }
          }
        }
        """

    public struct Result: Decodable, Sendable {
        public let repository: Repository?
    }

    public struct Repository: Decodable, Sendable {
        public let pullRequests: GitHubGraphQLPullRequests.Connection<PullRequest>
    }

    public struct Count: Decodable, Sendable {
        public let totalCount: Int
    }

    public struct PullRequest: Decodable, Sendable {
        public let number: Int
        public let updatedAt: Date
        /// Null-able in GitHub's schema (`PullRequestReviewConnection`), as the detail query reads it.
        public let reviews: Count?
        public let comments: Count
    }
}
