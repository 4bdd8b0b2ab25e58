/// GitHub's secondary rate limits as the simulator enforces them, per account: points per window for REST (a
/// request is 1 point) and for GraphQL (a query is 1 point), and requests in flight at once.
public struct SecondaryRateLimitConfiguration: Sendable, Hashable {
    /// REST points per `window` per account. Default 900 (GitHub's per minute).
    public var restPoints: Int
    /// GraphQL points per `window` per account. Default 2,000 (GitHub's per minute).
    public var graphQLPoints: Int
    /// Requests in flight at once per account, REST and GraphQL together. Default 100 (GitHub's).
    public var maxConcurrentRequests: Int
    /// The sliding window points are counted over; scale it down to keep a test short. Default 60 s.
    public var window: Duration

    public init(
        restPoints: Int = 900, graphQLPoints: Int = 2_000, maxConcurrentRequests: Int = 100,
        window: Duration = .seconds(60)
    ) {
        self.restPoints = restPoints
        self.graphQLPoints = graphQLPoints
        self.maxConcurrentRequests = maxConcurrentRequests
        self.window = window
    }

    /// GitHub.com's numbers: 900 REST and 2,000 GraphQL points a minute, 100 concurrent requests.
    public static let github = SecondaryRateLimitConfiguration()

    /// GitHub's numbers with the minute scaled to `window` (the same points in a shorter window).
    public static func github(window: Duration) -> SecondaryRateLimitConfiguration {
        SecondaryRateLimitConfiguration(window: window)
    }
}
