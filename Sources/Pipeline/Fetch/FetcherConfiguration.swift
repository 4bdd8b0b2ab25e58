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

    public init() {
        self.group = "ghstats-fetch"
        self.members = 8
        self.batchSize = 4
        self.retry = .exponentialJitter()
    }
}
