import ArgumentParser
import Foundation
import GHRecords
import Pipeline

struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Collects recent activity (default window: DEFAULT_LOOKBACK_DAYS); resumes an interrupted run of the same scope.")

    @OptionGroup var options: PipelineOptions

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
        let summary = try await CollectionRunner(configuration: configuration, logger: logger)
            .collect(organizations: organizations, window: window)
        let code = CollectionReport.print(summary)
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

    @OptionGroup var options: PipelineOptions

    @Option(help: "Where history comes from: api (GitHub's APIs) or gharchive (GH Archive's hourly event files).")
    var source: String = "api"

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
            summary = try await CollectionRunner(configuration: configuration, logger: logger)
                .collect(organizations: organizations, window: window)
        case "gharchive":
            if planning.plan || planning.maxRequests != nil {
                throw ConfigurationError(key: "--plan", reason: "plans estimate GitHub API budgets; GH Archive needs none")
            }
            let organizations = try ghArchive.owners(options, settings)
            configuration.fetcher.ghArchiveURL = try ghArchive.baseURL()
            summary = try await CollectionRunner(configuration: configuration, logger: logger)
                .collect(organizations: organizations, window: window, source: .gharchive)
        case "bigquery":
            throw ConfigurationError(key: "--source", reason: "the BigQuery source is not in this build yet (api, gharchive)")
        default:
            throw ConfigurationError(key: "--source", reason: "'\(source)' is not api or gharchive")
        }
        let code = CollectionReport.print(summary)
        if code != 0 { throw ExitCode(code) }
    }
}

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Finishes an interrupted collection from its committed offsets.")

    @OptionGroup var options: PipelineOptions

    @Option(help: "The collection to finish (printed when it started).")
    var collectionId: String

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        try options.requireTokenForPublicGitHub(settings)
        let summary = try await CollectionRunner(configuration: configuration, logger: logger)
            .resume(collectionID: collectionId)
        let code = CollectionReport.print(summary)
        if code != 0 { throw ExitCode(code) }
    }
}

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Creates the SQLite store, the embedded log and its topics; with GCS/BigQuery on, the bucket, the dataset and its tables.")

    @OptionGroup var options: PipelineOptions

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        let store = try SQLiteStore(path: configuration.databasePath)
        let log = try EmbeddedLogFactory.open(configuration)
        try await log.createTopics(configuration.topicSpecs)
        try await log.close()
        print("store \(configuration.databasePath) at schema version \(try store.schemaVersion())")
        print("embedded log \(configuration.logPath) with \(configuration.topicSpecs.count) topics")
        try await CloudSetup.prepare(settings.cloud, configuration: configuration, logger: logger)
    }
}
