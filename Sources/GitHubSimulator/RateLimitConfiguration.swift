/// GitHub's primary rate limit as the simulator applies it, per account.
public struct RateLimitConfiguration: Sendable, Hashable {
    /// REST requests per window per account. Default 5,000 (GitHub's for a user token).
    public var limit: Int
    /// Requests per window without a token. Default 60.
    public var anonymousLimit: Int
    /// GraphQL points per window per account. Default 5,000.
    public var graphQLLimit: Int
    /// Length of a window; scale it down to test waiting for a reset. Default 1 hour.
    public var window: Duration
    /// Status of an exhausted limit: 403 (GitHub's usual answer) or 429. Default 403.
    public var exhaustedStatus: Int

    public init(limit: Int = 5_000, window: Duration = .seconds(3_600)) {
        self.limit = limit
        self.anonymousLimit = 60
        self.graphQLLimit = 5_000
        self.window = window
        self.exhaustedStatus = 403
    }

    /// GitHub.com's limits for a user token.
    public static let github = RateLimitConfiguration()

    /// So high that no test or demo reaches it.
    public static let generous: RateLimitConfiguration = {
        var configuration = RateLimitConfiguration(limit: 10_000_000)
        configuration.anonymousLimit = 10_000_000
        configuration.graphQLLimit = 10_000_000
        return configuration
    }()
}
