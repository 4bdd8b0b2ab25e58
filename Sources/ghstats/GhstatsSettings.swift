import CloudStore
import EventLog
import Foundation
import GitHubAPI
import KafkaLog
import Settings

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
    /// `KAFKA_BROKERS`: bootstrap servers; set, the pipeline runs on Kafka instead of the embedded log.
    public var kafkaBrokers: String?
    /// librdkafka properties from `KAFKA_SECURITY_PROTOCOL`, `KAFKA_SASL_*`, `KAFKA_SSL_*` (the rest of the name,
    /// lower-cased, `_` → `.`: `KAFKA_SASL_MECHANISM` → `sasl.mechanism`) and `KAFKA_PROPERTIES`
    /// (`KEY=VALUE,KEY=VALUE`). Values never logged.
    public var kafkaProperties: [String: String]
    /// `KAFKA_TRANSACTIONS`: `auto` (default: transactions where the cluster grants them, else at-least-once,
    /// said at start), `on` (refused: the fetcher does not start) or `off`.
    public var kafkaTransactions: KafkaTransactions
    /// `KAFKA_TRANSACTIONAL_ID`: names a fetcher's transactional producers; stable across its restarts, distinct
    /// between fetchers running at once. Default: host name and process id.
    public var kafkaTransactionalID: String?
    /// `KAFKA_UNCHANGED_TTL`: how long a record a fetcher published leaves out the same record fetched again
    /// (`24h`, `6h`; a bare number is hours; `0` or `off` publishes every record). Keep it under the record topics'
    /// retention. Default 24 h.
    public var kafkaUnchangedTTL: Duration?
    /// `GHSTATS_TOPIC_PREFIX`: every topic's name starts with it (`PREFIX.tasks`, `PREFIX.pull_requests`).
    /// Letters, digits, `.`, `_`, `-`. Default `ghstats`.
    public var topicPrefix: String
    /// `GHSTATS_TASK_PARTITIONS`: partitions of the tasks topic, 1...1,000. Default 8.
    public var taskPartitions: Int
    /// `GHSTATS_RECORD_PARTITIONS`: partitions of each record topic, 1...1,000. Default 4.
    public var recordPartitions: Int
    /// `GHSTATS_TOPIC_REPLICATION`: replication factor of created topics, 1...7. Default 1.
    public var topicReplication: Int
    /// `GHSTATS_COMMIT_STATS`: fetch each commit's lines added and deleted (one request per commit). Default false.
    public var commitStats: Bool
    /// Pacing under GitHub's secondary limits: `GITHUB_REST_POINTS_PER_MINUTE` (0...100,000, 0 paces none;
    /// default 800), `GITHUB_GRAPHQL_POINTS_PER_MINUTE` (0...100,000; default 1,800), per account, and
    /// `GITHUB_MAX_CONCURRENT_REQUESTS` (1...100, across the process; default 50).
    public var pacing: PacingConfiguration
    /// `GHSTATS_LOG_RETENTION`: how long the embedded log keeps messages every consumer group has read (`7d`,
    /// `12h`; a bare number is days; `0` or `off` keeps all). Default 7 days.
    public var logRetention: LogRetention
    /// `GHSTATS_RESPONSE_CACHE_MB`: bodies kept in `responses.db`, 1...1,000,000 MiB, oldest dropped first; entries
    /// older than 30 days are dropped too. Default 256.
    public var responseCache: ResponseCacheLimits
    /// GCS and BigQuery settings (`PERSIST_TO_GCS`, `GCS_BUCKET_NAME`, `BIGQUERY_PROJECT_ID` ...).
    public var cloud: CloudSettings

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
        try SettingsSource.validateURL(apiURL, key: "GITHUB_API_URL")
        maxWorkers = try source.int("MAX_WORKERS", default: 10, in: 1...64)
        batchSize = try source.int("BATCH_SIZE", default: 100, in: 1...100_000)
        defaultLookbackDays = try source.int("DEFAULT_LOOKBACK_DAYS", default: 180, in: 1...36_500)
        databasePath = source.string("GHSTATS_DB") ?? "ghstats.db"
        stateDirectory = source.string("GHSTATS_STATE_DIR") ?? ".ghstats"
        commitStats = try source.bool("GHSTATS_COMMIT_STATS", default: false)
        pacing = PacingConfiguration(
            restPoints: try source.int("GITHUB_REST_POINTS_PER_MINUTE", default: 800, in: 0...100_000),
            graphQLPoints: try source.int("GITHUB_GRAPHQL_POINTS_PER_MINUTE", default: 1_800, in: 0...100_000),
            maxConcurrentRequests: try source.int("GITHUB_MAX_CONCURRENT_REQUESTS", default: 50, in: 1...100))
        kafkaBrokers = source.string("KAFKA_BROKERS")
        kafkaProperties = [:]
        for (key, value) in source.values where !value.isEmpty {
            guard ["KAFKA_SECURITY_", "KAFKA_SASL_", "KAFKA_SSL_"].contains(where: key.hasPrefix) else { continue }
            kafkaProperties[key.dropFirst("KAFKA_".count).lowercased().replacingOccurrences(of: "_", with: ".")] = value
        }
        kafkaProperties.merge(try Self.kafkaProperties(source.list("KAFKA_PROPERTIES"), key: "KAFKA_PROPERTIES")) { $1 }
        let transactions = source.string("KAFKA_TRANSACTIONS")?.lowercased() ?? "auto"
        guard let kafkaTransactions = KafkaTransactions(rawValue: transactions) else {
            throw ConfigurationError(
                key: "KAFKA_TRANSACTIONS",
                reason:
                    "'\(transactions)' is not one of \(KafkaTransactions.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self.kafkaTransactions = kafkaTransactions
        kafkaTransactionalID = source.string("KAFKA_TRANSACTIONAL_ID")
        if let id = kafkaTransactionalID, id.count > 200 || id.contains(where: { $0.isWhitespace }) {
            throw ConfigurationError(
                key: "KAFKA_TRANSACTIONAL_ID", reason: "'\(id)' must be at most 200 characters without white space")
        }
        let unchanged = source.string("KAFKA_UNCHANGED_TTL") ?? "24h"
        kafkaUnchangedTTL =
            unchanged.lowercased() == "off"
            ? nil
            : try DurationText.parse(
                unchanged, key: "KAFKA_UNCHANGED_TTL", bareUnit: "h", minimum: .seconds(1), allowsZero: true)
        if kafkaUnchangedTTL == .zero { kafkaUnchangedTTL = nil }
        topicPrefix = source.string("GHSTATS_TOPIC_PREFIX") ?? "ghstats"
        let legal = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard topicPrefix.count <= 200, topicPrefix.unicodeScalars.allSatisfy(legal.contains) else {
            throw ConfigurationError(
                key: "GHSTATS_TOPIC_PREFIX", reason: "'\(topicPrefix)' may hold only letters, digits, '.', '_' and '-'")
        }
        taskPartitions = try source.int("GHSTATS_TASK_PARTITIONS", default: 8, in: 1...1_000)
        recordPartitions = try source.int("GHSTATS_RECORD_PARTITIONS", default: 4, in: 1...1_000)
        topicReplication = try source.int("GHSTATS_TOPIC_REPLICATION", default: 1, in: 1...7)
        logRetention = try Self.logRetention(source)
        responseCache = ResponseCacheLimits(
            maxBytes: try source.int("GHSTATS_RESPONSE_CACHE_MB", default: 256, in: 1...1_000_000) << 20)
        cloud = try CloudSettings(source: source)
    }

    /// `GHSTATS_LOG_RETENTION` alone (`demo` reads it without the other settings).
    public static func logRetention(_ source: SettingsSource) throws -> LogRetention {
        guard let text = source.string("GHSTATS_LOG_RETENTION")?.lowercased() else { return .default }
        if text == "off" { return .keepAll }
        let age = try DurationText.parse(text, key: "GHSTATS_LOG_RETENTION", bareUnit: "d", allowsZero: true)
        return LogRetention(age: age).normalized
    }

    /// librdkafka properties from `KEY=VALUE` items (`KAFKA_PROPERTIES`, `--kafka-property`), a later item winning. A
    /// bad item names `key` but never its text, which may hold a password.
    public static func kafkaProperties(_ items: [String], key: String) throws -> [String: String] {
        var properties: [String: String] = [:]
        for item in items {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ConfigurationError(key: key, reason: "an item is not KEY=VALUE (value not shown)")
            }
            properties[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return properties
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
}
