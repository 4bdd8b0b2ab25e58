/// Settings of the GitHub REST client.
public struct GitHubClientConfiguration: Sendable {
    /// The REST API root. Default `https://api.github.com`; GitHub Enterprise uses `https://HOST/api/v3`.
    public var baseURL: String
    /// The token sent as `Authorization: Bearer`; nil sends no authorization (simulator, public data).
    public var token: GitHubToken? {
        get { tokens.first }
        set { tokens = newValue.map { [$0] } ?? [] }
    }
    /// Tokens to spread requests over (`GITHUB_TOKENS`); their budgets are tracked per account.
    public var tokens: [GitHubToken]
    /// The `X-GitHub-Api-Version` header. Default `2022-11-28`.
    public var apiVersion: String
    /// The `User-Agent` header (GitHub requires one). Default `ghstats`.
    public var userAgent: String
    /// Items per page on listings, at most 100 (GitHub's maximum). Default 100.
    public var perPage: Int
    /// Time limit of one request, connection to last body byte. Default 30 s.
    public var requestTimeout: Duration
    /// Largest body accepted. Default 64 MiB.
    public var maxBodyBytes: Int
    /// Pacing under GitHub's secondary limits. Default `.github`: 800 REST and 1,800 GraphQL points a minute per
    /// account, 50 requests in flight.
    public var pacing: PacingConfiguration

    public init(baseURL: String = "https://api.github.com", token: GitHubToken? = nil) {
        self.baseURL = baseURL
        self.tokens = token.map { [$0] } ?? []
        self.apiVersion = "2022-11-28"
        self.userAgent = "ghstats"
        self.perPage = 100
        self.requestTimeout = .seconds(30)
        self.maxBodyBytes = 64 << 20
        self.pacing = .github
    }

    /// The base URL without a trailing slash.
    public var normalizedBaseURL: String {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
