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

/// Every pipeline flag, for the commands that collect (`collect`, `backfill`, `scheduled`, `verify`): the flag groups
/// together. Other commands take only the groups they use (`PipelineFlagGroups.swift`).
struct PipelineOptions: ParsableArguments {
    @OptionGroup var organization: OrganizationFlags
    @OptionGroup var api: APIFlags
    @OptionGroup var database: DatabaseFlags
    @OptionGroup var state: StateFlags
    @OptionGroup var fetch: FetchFlags
    @OptionGroup var cloud: CloudFlags
    @OptionGroup var metrics: MetricsFlags
    @OptionGroup var settings: SettingsFlags

    var flags: PipelineFlags { PipelineFlags(organization, api, database, state, fetch, cloud, metrics, settings) }
}

/// The pipeline flags a command was given (absent groups: their defaults) and how they resolve into settings.
/// Flags override the environment, which overrides `.env`.
struct PipelineFlags {
    var organizations: [String] = []
    var apiURL: String?
    var db: String?
    var stateDir: String?
    var maxWorkers: Int?
    var pullRequestSource: String?
    var commitStats = false
    var full = false
    var toGcs = false
    var toBigquery = false
    var metricsAddress: String?
    var envFile = ".env"
    var logLevel: String?

    init(_ groups: any PipelineFlagGroup...) {
        for group in groups { group.apply(to: &self) }
    }

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
