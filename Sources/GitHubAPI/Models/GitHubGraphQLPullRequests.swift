/// The pull requests of one repository with detail fields, review requests and reviews, in one GraphQL query per
/// page; written against GitHub's published schema (`Tests/Fixtures/github-graphql/schema.graphql`, checked by a test).
public enum GitHubGraphQLPullRequests {
    /// Pull requests per page; with 20 reviews each (and their comment counts) a page costs about 12 points.
    public static let pageSize = 50
    /// Reviews read inline per pull request; the rest are read by `moreReviewsQuery`, 100 at a time.
    public static let reviewsPerPullRequest = 20
    /// Reviews per follow-up query of one pull request.
    public static let reviewsPerFollowUp = 100
    /// Labels and review requests read per pull request (REST lists them all; so many are rare).
    public static let labelsPerPullRequest = 100
    /// Pull requests on the first page of a pass that stops at a watermark: usually only a few changed.
    public static let incrementalPageSize = 10
    /// The smallest page a retry after a GraphQL timeout shrinks to.
    public static let minimumPageSize = 5

    public static var query: String { query(pageSize: pageSize) }

    /// Points one page costs under GitHub's rule (connection requests over all levels, per 100, at least 1):
    /// the page, and per pull request its labels, review requests, reviews, comment and commit counts, and each
    /// review's comments.
    public static func estimatedCost(pageSize: Int) -> Int {
        let requests = 1 + pageSize * 5 + pageSize * reviewsPerPullRequest
        return max(1, Int((Double(requests) / 100).rounded()))
    }

    /// A review's fields, the same in the page query and the follow-up.
    static let reviewFields =
        "fullDatabaseId state body submittedAt author { login __typename } commit { oid } comments { totalCount }"

    /// The query reading `pageSize` pull requests (1...100); its cost grows with the page size.
    public static func query(pageSize: Int) -> String {
        """
        query($owner: String!, $name: String!, $cursor: String) {
          rateLimit { cost remaining resetAt }
          repository(owner: $owner, name: $name) {
            pullRequests(first: \(min(max(pageSize, 1), 100)), after: $cursor, orderBy: {field: UPDATED_AT, direction: DESC}) {
              pageInfo { hasNextPage endCursor }
              nodes {
                fullDatabaseId number title state isDraft merged createdAt updatedAt closedAt mergedAt
                author { login __typename } mergedBy { login __typename }
                additions deletions changedFiles baseRefName headRefName
                labels(first: \(labelsPerPullRequest)) { nodes { name } }
                comments { totalCount }
                commits(first: 1) { totalCount nodes { commit { authoredDate } } }
                reviewRequests(first: \(labelsPerPullRequest)) {
                  nodes {
                    requestedReviewer {
                      __typename
                      ... on User { login }
                      ... on Bot { login }
                      ... on Mannequin { login }
                      ... on Team { combinedSlug }
                    }
                  }
                }
                reviews(first: \(reviewsPerPullRequest)) {
                  totalCount
                  pageInfo { hasNextPage endCursor }
                  nodes { \(reviewFields) }
                }
              }
            }
          }
        }
        """
    }

    /// The reviews of one pull request after `$cursor`: for pull requests with more than the page query reads inline.
    public static let moreReviewsQuery = """
        query($owner: String!, $name: String!, $number: Int!, $cursor: String) {
          repository(owner: $owner, name: $name) {
            pullRequest(number: $number) {
              reviews(first: \(reviewsPerFollowUp), after: $cursor) {
                pageInfo { hasNextPage endCursor }
                nodes { \(reviewFields) }
              }
            }
          }
        }
        """

    public struct Result: Decodable, Sendable {
        public let repository: Repository?
    }

    public struct Repository: Decodable, Sendable {
        public let pullRequests: Connection<PullRequest>
    }

    public struct MoreReviewsResult: Decodable, Sendable {
        public struct Repository: Decodable, Sendable {
            public struct Pull: Decodable, Sendable { public let reviews: Connection<Review>? }
            public let pullRequest: Pull?
        }
        public let repository: Repository?
    }
}
