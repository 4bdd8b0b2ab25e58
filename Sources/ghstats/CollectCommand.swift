import ArgumentParser
import CloudStore
import Collector
import Foundation
import GHRecords
import Logging
import Pipeline
import Settings
import Store

struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract:
            "Collects recent activity (default window: DEFAULT_LOOKBACK_DAYS); resumes an interrupted run of the same scope."
    )

    @OptionGroup var pipeline: PipelineOptions
    var options: PipelineFlags { pipeline.flags }

    @Option(help: "Window in days back from now.")
    var days: Int?

    @Option(help: "Window in hours back from now.")
    var hours: Int?

    @OptionGroup var planning: PlanOptions

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        let organizations = try options.requireOrganizations(settings)
        try options.requireTokenForPublicGitHub(settings)
        let window = try Self.window(days: days, hours: hours, defaultDays: settings.defaultLookbackDays)
        guard try await planning.check(configuration, organizations: organizations, window: window, logger: logger)
        else { return }
        let summary = try await Monitored.run(try options.monitoring(), logger: logger) {
            try await CollectionRunner(configuration: configuration, logger: logger)
                .collect(organizations: organizations, window: window)
        }
        let code = CollectionReport.print(summary)
        try await options.alert(summary, logger: logger)
        if code != 0 { throw ExitCode(code) }
    }

    static func window(days: Int?, hours: Int?, defaultDays: Int) throws -> CollectionWindow {
        switch (days, hours) {
        case (.some, .some):
            throw ConfigurationError(key: "--days/--hours", reason: "give one of --days or --hours, not both")
        case (let days?, nil):
            guard days > 0 else { throw ConfigurationError(key: "--days", reason: "must be at least 1") }
            return .days(days)
        case (nil, let hours?):
            guard hours > 0 else { throw ConfigurationError(key: "--hours", reason: "must be at least 1") }
            return .hours(hours)
        case (nil, nil):
            return .days(defaultDays)
        }
    }
}

struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill", abstract: "Collects history over the last N days, or a range of hours (resumable).")

    @OptionGroup var pipeline: PipelineOptions
    var options: PipelineFlags { pipeline.flags }

    @Option(
        help:
            "Where history comes from: api (GitHub's APIs), gharchive (GH Archive's hourly event files) or bigquery (the githubarchive BigQuery dataset)."
    )
    var source: String = "api"

    @Option(
        help:
            "BigQuery source: the most one query may bill, in bytes; the dry run of the whole range must fit too. Default: GHARCHIVE_MAX_BYTES or none."
    )
    var maxBytes: Int64?

    @Flag(help: "BigQuery source: print the dry run's estimate and stop.")
    var dryRun = false

    @Option(
        help:
            "BigQuery source: the tables' project (datasets day and month). Default: GHARCHIVE_BIGQUERY_PROJECT or githubarchive."
    )
    var githubarchiveProject: String?

    @Option(help: "Days of history to collect.")
    var days: Int?

    @OptionGroup var ghArchive: GHArchiveOptions

    @OptionGroup var planning: PlanOptions

    func run() async throws {
        let (settings, resolved) = try options.resolve()
        var configuration = resolved
        let logger = try options.makeLogger()
        let window = try ghArchive.window(days: days, defaultDays: settings.defaultLookbackDays)
        let summary: CollectionSummary
        switch source {
        case "api":
            guard ghArchive.from == nil, ghArchive.to == nil else {
                throw ConfigurationError(key: "--from/--to", reason: "ranges are for --source gharchive; use --days")
            }
            let organizations = try options.requireOrganizations(settings)
            try options.requireTokenForPublicGitHub(settings)
            guard try await planning.check(configuration, organizations: organizations, window: window, logger: logger)
            else { return }
            summary = try await Self.run(configuration, options, logger) {
                try await $0.collect(organizations: organizations, window: window)
            }
        case "gharchive":
            if planning.plan || planning.maxRequests != nil {
                throw ConfigurationError(
                    key: "--plan", reason: "plans estimate GitHub API budgets; GH Archive needs none")
            }
            let organizations = try ghArchive.owners(options, settings)
            configuration.fetcher.ghArchiveURL = try ghArchive.baseURL()
            summary = try await Self.run(configuration, options, logger) {
                try await $0.collect(organizations: organizations, window: window, source: .gharchive)
            }
        case "bigquery":
            if planning.plan || planning.maxRequests != nil {
                throw ConfigurationError(
                    key: "--plan",
                    reason: "the BigQuery source's budget is --max-bytes (its dry run prints the estimate)")
            }
            var cloud = settings.cloud
            if let maxBytes {
                guard maxBytes > 0 else { throw ConfigurationError(key: "--max-bytes", reason: "must be positive") }
                cloud.ghArchiveMaxBytes = maxBytes
            }
            if let githubarchiveProject { cloud.ghArchiveProject = githubarchiveProject }
            guard let bigQuery = try cloud.makeGHArchiveSource(logger: logger) else {
                throw ConfigurationError(
                    key: "BIGQUERY_PROJECT_ID", reason: "the BigQuery source runs its queries in a project: set it")
            }
            let owners = try ghArchive.owners(options, settings)
            let range = GHArchiveQuery.days(from: window.since, until: window.until)
            guard let first = range.first, let last = range.last else {
                throw ConfigurationError(key: "--days/--from/--to", reason: "the range holds no time")
            }
            let estimate = try await bigQuery.estimate(
                GHArchiveQuery(source: bigQuery.source, from: first.start, to: last.end, owners: owners))
            print(
                "dry run: \(estimate.tables) githubarchive tables, \(estimate.bytes) bytes to read"
                    + (bigQuery.maximumBytesBilled.map { " (limit \($0))" } ?? ""))
            do {
                try bigQuery.check(estimate)
            } catch {
                throw ConfigurationError(key: "--max-bytes", reason: error.message)
            }
            if dryRun { return }
            configuration.fetcher.ghArchiveBigQuery = bigQuery
            let queried = CollectionWindow.range(from: first.start, to: last.end)
            summary = try await Self.run(configuration, options, logger) {
                try await $0.collect(organizations: owners, window: queried, source: .bigquery)
            }
            print("BigQuery bytes billed: \(bigQuery.usage.bytesBilled)")
        default:
            throw ConfigurationError(key: "--source", reason: "'\(source)' is not api, gharchive or bigquery")
        }
        let code = CollectionReport.print(summary)
        try await options.alert(summary, logger: logger)
        if code != 0 { throw ExitCode(code) }
    }
}

extension BackfillCommand {
    /// Runs a collection with `/metrics` served beside it.
    static func run(
        _ configuration: PipelineConfiguration, _ options: PipelineFlags, _ logger: Logger,
        _ body: @escaping @Sendable (CollectionRunner) async throws -> CollectionSummary
    ) async throws -> CollectionSummary {
        let runner = CollectionRunner(configuration: configuration, logger: logger)
        return try await Monitored.run(try options.monitoring(), logger: logger) { try await body(runner) }
    }
}

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Finishes an interrupted collection from its committed offsets.")

    @OptionGroup var api: APIFlags
    @OptionGroup var database: DatabaseFlags
    @OptionGroup var state: StateFlags
    @OptionGroup var fetch: FetchFlags
    @OptionGroup var cloud: CloudFlags
    @OptionGroup var metrics: MetricsFlags
    @OptionGroup var settings: SettingsFlags
    var options: PipelineFlags { PipelineFlags(api, database, state, fetch, cloud, metrics, settings) }

    @Option(help: "The collection to finish (printed when it started).")
    var collectionId: String

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        try options.requireTokenForPublicGitHub(settings)
        let id = collectionId
        let summary = try await Monitored.run(try options.monitoring(), logger: logger) {
            try await CollectionRunner(configuration: configuration, logger: logger).resume(collectionID: id)
        }
        let code = CollectionReport.print(summary)
        try await options.alert(summary, logger: logger)
        if code != 0 { throw ExitCode(code) }
    }
}

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract:
            "Creates the SQLite store and the topics (embedded log, or Kafka with --brokers); with GCS/BigQuery on, the bucket, the dataset and its tables."
    )

    @OptionGroup var database: DatabaseFlags
    @OptionGroup var state: StateFlags
    @OptionGroup var cloud: CloudFlags
    @OptionGroup var settings: SettingsFlags
    var options: PipelineFlags { PipelineFlags(database, state, cloud, settings) }
    @OptionGroup var transport: TransportOptions

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        let store = try SQLiteStore(path: configuration.databasePath)
        let log = try await transport.open(settings, configuration, logger: logger)
        try await log.close()
        print("store \(configuration.databasePath) at schema version \(try await store.schemaVersion())")
        let destination =
            try transport.kafka(settings).map { "Kafka \($0.brokers)" } ?? "embedded log \(configuration.logPath)"
        print("\(destination) with \(configuration.topicSpecs.count) topics")
        try await CloudSetup.prepare(settings.cloud, configuration: configuration, logger: logger)
    }
}
