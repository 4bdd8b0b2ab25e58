import Foundation
import GitHubAPI

/// The settings users know from the original collector, read from the environment and `.env`, validated once.
public struct GhstatsSettings: Sendable {
    /// `GITHUB_TOKENS` (comma-separated, a pool spread by account budget) or `GITHUB_TOKEN`. Never logged.
    public var tokens: [GitHubToken]
    /// The first token.
    public var token: GitHubToken? { tokens.first }
    /// `GITHUB_ORG`: organisations, comma-separated.
    public var organizations: [String]
    /// `GITHUB_API_URL`: default `https://api.github.com`.
    public var apiURL: String
    /// `MAX_WORKERS`: concurrent fetch consumers, 1...64. Default 10.
    public var maxWorkers: Int
    /// `BATCH_SIZE`: records per store transaction, 1...100,000. Default 100 (the persister batches at least this).
    public var batchSize: Int
    /// `DEFAULT_LOOKBACK_DAYS`: window of `collect` without `--days`/`--hours`. Default 180.
    public var defaultLookbackDays: Int
    /// `GHSTATS_DB`: the SQLite store. Default `ghstats.db`.
    public var databasePath: String
    /// `GHSTATS_STATE_DIR`: embedded log and ledger. Default `.ghstats`.
    public var stateDirectory: String

    public init(source: SettingsSource) throws {
        let pool = source.list("GITHUB_TOKENS")
        let key = pool.isEmpty ? "GITHUB_TOKEN" : "GITHUB_TOKENS"
        tokens = (pool.isEmpty ? source.string("GITHUB_TOKEN").map { [$0] } ?? [] : pool).map(GitHubToken.init)
        for (index, token) in tokens.enumerated() where token.secret.contains(where: { $0.isWhitespace }) {
            throw ConfigurationError(key: key, reason: "token \(index + 1) contains white space (value not shown)")
        }
        organizations = source.list("GITHUB_ORG")
        apiURL = source.string("GITHUB_API_URL") ?? "https://api.github.com"
        try Self.validateURL(apiURL, key: "GITHUB_API_URL")
        maxWorkers = try source.int("MAX_WORKERS", default: 10, in: 1...64)
        batchSize = try source.int("BATCH_SIZE", default: 100, in: 1...100_000)
        defaultLookbackDays = try source.int("DEFAULT_LOOKBACK_DAYS", default: 180, in: 1...36_500)
        databasePath = source.string("GHSTATS_DB") ?? "ghstats.db"
        stateDirectory = source.string("GHSTATS_STATE_DIR") ?? ".ghstats"
    }

    /// Checks that `url` is an absolute http(s) URL with a host.
    public static func validateURL(_ url: String, key: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw ConfigurationError(key: key, reason: "'\(url)' is not an http(s) URL")
        }
    }
}
