/// How the client stays under GitHub's secondary rate limits: points per window per account and resource, and
/// requests in flight across the process. GitHub allows 900 REST and 2,000 GraphQL points a minute and 100
/// concurrent requests; the defaults keep a margin.
public struct PacingConfiguration: Sendable, Hashable {
    /// REST points (a GET is 1) per `window` per account (`GITHUB_REST_POINTS_PER_MINUTE`); 0 paces none.
    /// Default 800.
    public var restPoints: Int
    /// GraphQL points (a query without mutations is 1) per `window` per account
    /// (`GITHUB_GRAPHQL_POINTS_PER_MINUTE`); 0 paces none. Default 1,800.
    public var graphQLPoints: Int
    /// Requests in flight at once across the process (`GITHUB_MAX_CONCURRENT_REQUESTS`). Default 50.
    public var maxConcurrentRequests: Int
    /// The sliding window the points are counted over; scale it down only in tests. Default 60 s.
    public var window: Duration

    public init(
        restPoints: Int = 800, graphQLPoints: Int = 1_800, maxConcurrentRequests: Int = 50,
        window: Duration = .seconds(60)
    ) {
        self.restPoints = restPoints
        self.graphQLPoints = graphQLPoints
        self.maxConcurrentRequests = maxConcurrentRequests
        self.window = window
    }

    /// GitHub.com's secondary limits with a margin: 800 REST and 1,800 GraphQL points a minute, 50 requests at once.
    public static let github = PacingConfiguration()

    /// No pacing by points; at most 1,000 requests at once.
    public static let unpaced = PacingConfiguration(restPoints: 0, graphQLPoints: 0, maxConcurrentRequests: 1_000)

    /// The points allowed per window for `resource`; 0 when it is not paced.
    func points(for resource: RequestPacer.Resource) -> Int {
        resource == .graphQL ? graphQLPoints : restPoints
    }
}
