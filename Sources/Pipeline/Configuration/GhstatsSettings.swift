import Foundation
import GitHubAPI

/// The settings users know from the original collector, read from the environment and `.env`, validated once.
public struct GhstatsSettings: Sendable {
    /// `GITHUB_TOKENS` (comma-separated, a pool spread by account budget), `GITHUB_TOKENS_FILE` (one token per
    /// line, `#` comments) or `GITHUB_TOKEN`. Never logged.
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
    /// `GHSTATS_COMMIT_STATS`: fetch each commit's lines added and deleted (one request per commit). Default false.
    public var commitStats: Bool

    public init(source: SettingsSource) throws {
        var pool = source.list("GITHUB_TOKENS")
        var key = pool.isEmpty ? "GITHUB_TOKEN" : "GITHUB_TOKENS"
        if pool.isEmpty, let file = source.string("GITHUB_TOKENS_FILE") {
            key = "GITHUB_TOKENS_FILE"
            pool = try Self.readTokens(file: file)
        }
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
        commitStats = try source.bool("GHSTATS_COMMIT_STATS", default: false)
    }

    /// Tokens of a tokens file: one per line; blank lines and `#` comments skipped.
    static func readTokens(file: String) throws -> [String] {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigurationError(key: "GITHUB_TOKENS_FILE", reason: "cannot read '\(file)'")
        }
        let tokens = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !tokens.isEmpty else {
            throw ConfigurationError(key: "GITHUB_TOKENS_FILE", reason: "'\(file)' holds no token")
        }
        return tokens
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
