import Foundation

/// What the simulator serves: which organisations, how large, from which seed, with which faults.
public struct SimulatorConfiguration: Sendable {
    /// Seed of every generated value. Default 42.
    public var seed: UInt64
    /// Organisations served. Default `["demo-org"]`.
    public var organizations: [String]
    /// Repositories per organisation. Default 20.
    public var repositoriesPerOrganization: Int
    /// Pull requests per repository. Default 100.
    public var pullRequestsPerRepository: Int
    /// Direct (non pull request) commits per repository. Default 10.
    public var directCommitsPerRepository: Int
    /// How far back activity is spread, in days. Default 365.
    public var historyDays: Int
    /// The simulated present: nothing happens after it. Default: the start of the current hour.
    public var now: Date
    /// Address to listen on. Default 127.0.0.1.
    public var host: String
    /// Port to listen on; 0 picks a free one. Default 0.
    public var port: Int
    /// Faults to inject.
    public var faults: [FaultRule]
    /// Primary rate limits per account. Default GitHub's (5,000 requests per hour).
    public var rateLimit: RateLimitConfiguration
    /// GitHub's secondary limits (points per minute per account, concurrent requests), enforced when set.
    /// Default nil: off, so runs and tests that send fast keep their behaviour.
    public var secondaryLimits: SecondaryRateLimitConfiguration?
    /// Known tokens and the account each belongs to (tokens of one account share its budget). Empty (default):
    /// any token is accepted as its own account; otherwise an unknown token is answered 401.
    public var tokens: [String: String]
    /// Whether `Link` URLs of repository listings use `/repositories/{id}/...`, as GitHub's often do. Default true.
    public var repositoryIDLinks: Bool

    /// A folder of GH Archive hour files served at `/gharchive/NAME`; nil serves none.
    public var ghArchiveDirectory: String?

    public init() {
        self.seed = 42
        self.organizations = ["demo-org"]
        self.repositoriesPerOrganization = 20
        self.pullRequestsPerRepository = 100
        self.directCommitsPerRepository = 10
        self.historyDays = 365
        let hour = (Date().timeIntervalSince1970 / 3600).rounded(.down) * 3600
        self.now = Date(timeIntervalSince1970: hour)
        self.host = "127.0.0.1"
        self.port = 0
        self.faults = []
        self.rateLimit = .github
        self.secondaryLimits = nil
        self.tokens = [:]
        self.repositoryIDLinks = true
    }
}
