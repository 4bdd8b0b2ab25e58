/// What a fetch task fetches. A struct rather than an enum so kinds can be added without breaking consumers.
public struct FetchTaskKind: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// One page of an organisation's repositories.
    public static let repositories = FetchTaskKind(rawValue: "repositories")
    /// One page of a repository's pull requests, most recently updated first.
    public static let pullRequests = FetchTaskKind(rawValue: "pull_requests")
    /// One page of a repository's pull requests with detail fields and reviews, by GraphQL.
    public static let pullRequestsGraphQL = FetchTaskKind(rawValue: "pull_requests_graphql")
    /// One pull request's detail fields.
    public static let pullRequestDetail = FetchTaskKind(rawValue: "pull_request_detail")
    /// One page of a pull request's reviews.
    public static let reviews = FetchTaskKind(rawValue: "reviews")
    /// One page of a repository's review comments (repo-wide listing).
    public static let reviewComments = FetchTaskKind(rawValue: "review_comments")
    /// One page of a repository's issue comments (repo-wide listing).
    public static let issueComments = FetchTaskKind(rawValue: "issue_comments")
    /// One page of a repository's commits.
    public static let commits = FetchTaskKind(rawValue: "commits")
    /// One commit with its stats (lines added and deleted), when commit stats are asked for.
    public static let commitDetail = FetchTaskKind(rawValue: "commit_detail")
    /// One GH Archive hour (`since` is its start; `org` the owner filter, comma-separated, `*` for all).
    public static let gharchiveHour = FetchTaskKind(rawValue: "gharchive_hour")
    /// One day of the BigQuery `githubarchive` dataset (`since`/`until` bound it; `org` as for hours).
    public static let gharchiveBigQuery = FetchTaskKind(rawValue: "gharchive_bigquery")

    public static let all: [FetchTaskKind] = [
        .repositories, .pullRequests, .pullRequestsGraphQL, .pullRequestDetail, .reviews, .reviewComments,
        .issueComments, .commits,
        .commitDetail, .gharchiveHour, .gharchiveBigQuery,
    ]
}
