/// Settings of the fetcher stage.
public struct FetcherConfiguration: Sendable {
    /// The consumer group of fetchers. Default `ghstats-fetch`.
    public var group: String
    /// Consumers in this process (each owns a share of the tasks topic's partitions). Default 8.
    public var members: Int
    /// Tasks a member polls and fetches concurrently before one commit. Default 4.
    public var batchSize: Int
    /// How retriable GitHub failures (5xx, resets, rate limits, truncated bodies) are retried.
    public var retry: RetryPolicy
    /// Where pull requests, their detail fields and reviews come from. Default `.automatic`: GraphQL when
    /// there is a token (GraphQL needs one), else REST.
    public var pullRequestSource: PullRequestSource
    /// Fetch each commit's stats with `GET /commits/{sha}` (one request per commit). Default false.
    public var commitStats: Bool
    /// Where GH Archive hours are read: an http(s) base or a `file://` folder. Default `https://data.gharchive.org`.
    public var ghArchiveURL: String
    /// The BigQuery `githubarchive` dataset, for `gharchive_bigquery` tasks. Default none.
    public var ghArchiveBigQuery: GHArchiveBigQuerySource?
    /// Longest wait a task sleeps inside its batch. A longer one (a rate-limit reset, a `Retry-After`) defers the
    /// task: it goes back on the tasks topic with a `not_before` time, committed with its siblings' output. Default 5 s.
    public var maxWaitInBatch: Duration

    public init() {
        self.ghArchiveBigQuery = nil
        self.ghArchiveURL = "https://data.gharchive.org"
        self.commitStats = false
        self.group = "ghstats-fetch"
        self.members = 8
        self.batchSize = 4
        self.retry = .exponentialJitter()
        self.pullRequestSource = .automatic
        self.maxWaitInBatch = .seconds(5)
    }
}

/// Where the fetcher reads pull requests from.
public struct PullRequestSource: Hashable, Sendable, CustomStringConvertible {
    let name: String

    /// REST: a listing page per 100 pull requests, then detail and reviews per pull request (2 requests each).
    public static let rest = PullRequestSource(name: "rest")
    /// GraphQL: 50 pull requests with detail fields and reviews per query (about 11 points).
    public static let graphQL = PullRequestSource(name: "graphql")
    /// GraphQL when a token is configured, else REST.
    public static let automatic = PullRequestSource(name: "automatic")

    public var description: String { name }

    /// Whether pull requests are read with GraphQL, which needs a token.
    public func usesGraphQL(hasToken: Bool) -> Bool {
        switch self {
        case .rest: return false
        case .graphQL: return true
        default: return hasToken
        }
    }
}
