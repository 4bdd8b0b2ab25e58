/// What the simulator's secondary limits have seen (`GitHubSimulator.secondaryLimitCounts`,
/// `GET /_simulator/secondary-limits`).
public struct SecondaryLimitCounts: Sendable, Hashable, Encodable {
    /// Requests refused with a secondary-limit answer, for rate and for concurrency together.
    public var refused = 0
    /// Refused because the account's points in the window were spent.
    public var refusedForRate = 0
    /// Refused because the account had too many requests in flight.
    public var refusedForConcurrency = 0
    /// The most requests of one account in flight at once.
    public var peakConcurrentRequests = 0

    public init() {}
}
