import ArgumentParser
import CloudStore
import Collector
import Foundation
import GHRecords
import GitHubAPI
import Logging
import Monitoring
import Pipeline
import Settings
import Store

/// Options every pipeline command shares. Flags override the environment, which overrides `.env`.
struct PipelineOptions: ParsableArguments {
    @Option(name: .customLong("org"), help: "Organisation to collect (repeatable). Default: GITHUB_ORG.")
    var organizations: [String] = []

    @Option(
        help:
            "GitHub REST root: GitHub Enterprise (https://HOST/api/v3) or a simulator. Default: GITHUB_API_URL or https://api.github.com."
    )
    var apiURL: String?

    @Option(help: "SQLite store. Default: GHSTATS_DB or ghstats.db.")
    var db: String?

    @Option(help: "Folder of the embedded log and the collection ledger. Default: GHSTATS_STATE_DIR or .ghstats.")
    var stateDir: String?

    @Option(help: "Concurrent fetch consumers (1-64). Default: MAX_WORKERS or 10.")
    var maxWorkers: Int?

    @Option(
        help:
            "Where pull requests come from: graphql (50 with details and reviews per query), rest, or auto (GraphQL with a token). Default: GHSTATS_PULL_REQUEST_SOURCE or auto."
    )
    var pullRequestSource: String?

    @Flag(
        help:
            "Fetch each commit's lines added and deleted (one request per commit). Default: GHSTATS_COMMIT_STATS or off."
    )
    var commitStats = false

    @Flag(help: "Read every window whole: no conditional requests, no watermarks from earlier passes.")
    var full = false

    @Flag(help: "Also write GCS chunk files (group ghstats-gcs). Default: PERSIST_TO_GCS or off.")
    var toGcs = false

    @Flag(help: "Also write BigQuery (group ghstats-bigquery). Default: PERSIST_TO_BIGQUERY or off.")
    var toBigquery = false

    @Option(
        help:
            "Where /metrics is served: host:port, :port (0 picks a free port) or off. Default: METRICS_ADDRESS or 127.0.0.1:9464."
    )
    var metricsAddress: String?

    @Option(help: "Settings file read under the environment.")
    var envFile: String = ".env"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. Default: LOG_LEVEL or info.")
    var logLevel: String?

    /// The SQLite store a reading command (report, metrics, verify, serve) opens: one that exists, so a misspelt
    /// path is an error naming it instead of an empty store made there.
    func existingStore(_ configuration: PipelineConfiguration) throws -> SQLiteStore {
        let path = configuration.databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError(
                key: db == nil ? "GHSTATS_DB" : "--db",
                reason: "no store at \(path); collect into it first (`ghstats collect`, `ghstats demo`) or name another"
            )
        }
        return try SQLiteStore(path: path)
    }

    /// The validated settings and pipeline configuration.
    func resolve() throws -> (GhstatsSettings, PipelineConfiguration) {
        let source = try SettingsSource.load(envFile: envFile)
        var settings = try GhstatsSettings(source: source)
        if !organizations.isEmpty { settings.organizations = organizations }
        if let apiURL {
            try SettingsSource.validateURL(apiURL, key: "--api-url")
            settings.apiURL = apiURL
        }
        if let db { settings.databasePath = db }
        if commitStats { settings.commitStats = true }
        if let stateDir { settings.stateDirectory = stateDir }
        if toGcs { settings.cloud.persistToGCS = true }
        if toBigquery { settings.cloud.persistToBigQuery = true }
        if let maxWorkers {
            guard (1...64).contains(maxWorkers) else {
                throw ConfigurationError(key: "--max-workers", reason: "\(maxWorkers) is outside 1...64")
            }
            settings.maxWorkers = maxWorkers
        }
        var github = GitHubClientConfiguration(baseURL: settings.apiURL)
        github.tokens = settings.tokens
        github.perPage = 100
        github.pacing = settings.pacing
        var configuration = PipelineConfiguration(github: github)
        configuration.databasePath = settings.databasePath
        configuration.stateDirectory = settings.stateDirectory
        configuration.fetcher.commitStats = settings.commitStats
        configuration.topics = TopicNames(prefix: settings.topicPrefix)
        configuration.taskPartitions = Int32(settings.taskPartitions)
        configuration.recordPartitions = Int32(settings.recordPartitions)
        configuration.topicReplication = Int16(settings.topicReplication)
        configuration.conditionalRequests = !full
        configuration.logRetention = settings.logRetention
        configuration.responseCacheLimits = settings.responseCache
        configuration.fetcher.members = max(1, min(settings.maxWorkers, Int(configuration.taskPartitions)))
        configuration.fetcher.batchSize =
            max(1, (settings.maxWorkers + configuration.fetcher.members - 1) / configuration.fetcher.members) * 2
        configuration.persister.batchSize = max(settings.batchSize, 5_000)
        try Self.configureCloud(&configuration, settings.cloud, logger: try makeLogger())
        let sourceKey = pullRequestSource == nil ? "GHSTATS_PULL_REQUEST_SOURCE" : "--pull-request-source"
        switch (pullRequestSource ?? source.string("GHSTATS_PULL_REQUEST_SOURCE") ?? "auto").lowercased() {
        case "auto", "automatic": configuration.fetcher.pullRequestSource = .automatic
        case "rest": configuration.fetcher.pullRequestSource = .rest
        case "graphql": configuration.fetcher.pullRequestSource = .graphQL
        case let other: throw ConfigurationError(key: sourceKey, reason: "'\(other)' is not auto, rest or graphql")
        }
        // Settings read later (when serving /metrics, when a run ends) are validated now, with the others.
        _ = try monitoring(source)
        _ = try webhook(logger: try makeLogger(), source)
        return (settings, configuration)
    }

    /// The cloud persisters the settings turn on.
    static func configureCloud(
        _ configuration: inout PipelineConfiguration, _ cloud: CloudSettings, logger: Logger
    ) throws {
        if cloud.persistToGCS {
            configuration.cloud.gcs = (try cloud.makeStorage(logger: logger), cloud.gcsPersister)
        }
        if cloud.persistToBigQuery {
            configuration.cloud.bigQuery = (try cloud.makeWriter(logger: logger), cloud.bigQueryPersister)
        }
        configuration.fetcher.ghArchiveBigQuery = try cloud.makeGHArchiveSource(logger: logger)
    }

    /// Where this process serves `/metrics` (and `serve` its dashboard).
    func monitoring(_ loaded: SettingsSource? = nil) throws -> MonitoringConfiguration {
        let source = try loaded ?? SettingsSource.load(envFile: envFile)
        return try MonitoringConfiguration(
            address: metricsAddress ?? source.string("METRICS_ADDRESS"),
            accessToken: try source.secret("GHSTATS_ACCESS_TOKEN"),
            key: metricsAddress == nil ? "METRICS_ADDRESS" : "--metrics-address")
    }

    /// The webhook failed collections are posted to (`ALERT_WEBHOOK_URL`), if one is set.
    func webhook(logger: Logger, _ loaded: SettingsSource? = nil) throws -> AlertWebhook? {
        let source = try loaded ?? SettingsSource.load(envFile: envFile)
        guard let url = source.string("ALERT_WEBHOOK_URL"), !url.isEmpty else { return nil }
        return try AlertWebhook(url: url, logger: logger)
    }

    func makeLogger(source: [String: String] = ProcessInfo.processInfo.environment) throws -> Logger {
        let text = (logLevel ?? source["LOG_LEVEL"] ?? "info").lowercased()
        guard let level = Logger.Level(rawValue: text) else {
            throw ConfigurationError(
                key: logLevel == nil ? "LOG_LEVEL" : "--log-level", reason: "'\(text)' is not a log level")
        }
        var logger = Logger(label: "ghstats") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        return logger
    }

    /// Organisations to collect; an error naming GITHUB_ORG when there are none.
    func requireOrganizations(_ settings: GhstatsSettings) throws -> [String] {
        guard !settings.organizations.isEmpty else {
            throw ConfigurationError(key: "GITHUB_ORG", reason: "no organisation given: set GITHUB_ORG or pass --org")
        }
        return settings.organizations
    }

    /// Real GitHub needs a token; a simulator or a GitHub Enterprise test host may not.
    func requireTokenForPublicGitHub(_ settings: GhstatsSettings) throws {
        if settings.token == nil, settings.apiURL.hasPrefix("https://api.github.com") {
            throw ConfigurationError(key: "GITHUB_TOKEN", reason: "not set; api.github.com needs a token")
        }
    }
}
