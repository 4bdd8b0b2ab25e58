import ArgumentParser
import Foundation
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

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        let organizations = try options.requireOrganizations(settings)
        try options.requireTokenForPublicGitHub(settings)
        let window = try Self.window(days: days, hours: hours, defaultDays: settings.defaultLookbackDays)
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
        commandName: "backfill", abstract: "Collects history over the last N days (resumable).")

    @OptionGroup var options: PipelineOptions

    @Option(help: "Days of history to collect.")
    var days: Int

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        let organizations = try options.requireOrganizations(settings)
        try options.requireTokenForPublicGitHub(settings)
        let window = try CollectCommand.window(days: days, hours: nil, defaultDays: settings.defaultLookbackDays)
        let summary = try await CollectionRunner(configuration: configuration, logger: logger)
            .collect(organizations: organizations, window: window)
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
        commandName: "init", abstract: "Creates the SQLite store, the embedded log and its topics.")

    @OptionGroup var options: PipelineOptions

    func run() async throws {
        let (_, configuration) = try options.resolve()
        let store = try SQLiteStore(path: configuration.databasePath)
        let log = try EmbeddedLogFactory.open(configuration)
        try await log.createTopics(configuration.topicSpecs)
        try await log.close()
        print("store \(configuration.databasePath) at schema version \(try store.schemaVersion())")
        print("embedded log \(configuration.logPath) with \(configuration.topicSpecs.count) topics")
    }
}
