import ArgumentParser
import CloudStore
import Collector
import Foundation
import GHRecords
import GitHubAPI
import Logging
import Pipeline
import Settings
import Store

/// `ghstats verify`: what GitHub says exists against what the store holds, per repository and stream.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Compares GitHub's counts with the store per repository and stream; --fix fetches exactly the gaps.")

    @OptionGroup var pipeline: PipelineOptions
    var options: PipelineFlags { pipeline.flags }

    @Option(help: "Only this repository (name or org/name, repeatable).")
    var repo: [String] = []

    @Option(help: "Window in days back from now. Default: all history.")
    var days: Int?

    @Option(help: "Window from this day (YYYY-MM-DD, UTC) or back from today (30d, 4w) to now; instead of --days.")
    var since: String?

    @Option(help: "The store to check: sqlite, gcs, bigquery or all (all: SQLite and the cloud stores configured).")
    var store: String = "sqlite"

    @Option(help: "Gaps (missing + extra + stale items) tolerated before exiting with status 5.")
    var maxGaps: Int = 0

    @Flag(help: "Fetch what is missing or stale, then verify again.")
    var fix = false

    @Option(help: "What to verify: api (GitHub's counts) or gharchive (hours in the source and in the store).")
    var source: String = "api"

    @OptionGroup var ghArchive: GHArchiveOptions

    func run() async throws {
        if source == "gharchive" { return try await verifyGHArchive() }
        guard source == "api" else {
            throw ConfigurationError(key: "--source", reason: "'\(source)' is not api or gharchive")
        }
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        let organizations = try options.requireOrganizations(settings)
        try options.requireTokenForPublicGitHub(settings)
        guard maxGaps >= 0 else { throw ConfigurationError(key: "--max-gaps", reason: "must be 0 or more") }
        let window = try Self.window(days: days, since: since)
        let client = GitHubClient(configuration: configuration.github, logger: logger)
        let verifier = StoreVerifier(
            client: client,
            stores: try Self.stores(store, settings: settings, configuration: configuration, logger: logger),
            logger: logger)
        var report = try await verifier.verify(organizations: organizations, repositories: repo, window: window)
        print(report.text)
        if fix, report.gaps > 0 {
            let summary = try await CollectionRunner(configuration: configuration, logger: logger).repair(
                report, window: window)
            print(
                "fix: collection \(summary.collection.id) \(summary.completed ? "completed" : "stopped before it was complete")"
            )
            report = try await verifier.verify(organizations: organizations, repositories: repo, window: window)
            print(report.text)
        }
        if report.gaps > maxGaps { throw ExitCode(5) }
    }

    /// `--days N` or `--since DAY` (not both); all history without either.
    static func window(days: Int?, since: String?) throws -> CollectionWindow {
        switch (days, since) {
        case (.some, .some):
            throw ConfigurationError(key: "--days/--since", reason: "give one of --days or --since, not both")
        case (let days?, nil):
            guard days > 0 else { throw ConfigurationError(key: "--days", reason: "must be at least 1") }
            return .days(days)
        case (nil, let since?):
            let day = try ReportPeriod.firstDay(since)
            guard let start = ISO8601Timestamp.parse(day + "T00:00:00Z") else {
                throw ConfigurationError(key: "--since", reason: "'\(since)' is not a day")
            }
            return .range(from: start, to: Date())
        case (nil, nil): return .allHistory
        }
    }

    /// The stores `--store` names. `all` is SQLite plus the cloud stores that are turned on.
    static func stores(
        _ name: String, settings: GhstatsSettings, configuration: PipelineConfiguration, logger: Logger
    )
        throws -> [any StoreContents]
    {
        let cloud = settings.cloud
        func gcs() throws -> any StoreContents {
            GCSContents(inventory: GCSInventory(storage: try cloud.makeStorage(logger: logger), bucket: cloud.bucket))
        }
        func bigQuery() throws -> any StoreContents { BigQueryContents(writer: try cloud.makeWriter(logger: logger)) }
        switch name {
        case "sqlite": return [SQLiteContents(store: try SQLiteStore(path: configuration.databasePath))]
        case "gcs": return [try gcs()]
        case "bigquery": return [try bigQuery()]
        case "all":
            var stores: [any StoreContents] = [SQLiteContents(store: try SQLiteStore(path: configuration.databasePath))]
            if cloud.persistToGCS { stores.append(try gcs()) }
            if cloud.persistToBigQuery { stores.append(try bigQuery()) }
            return stores
        default:
            throw ConfigurationError(key: "--store", reason: "'\(name)' is not sqlite, gcs, bigquery or all")
        }
    }

    /// GH Archive hours missing in the source and in the store; `--fix` reads the store's missing ones again.
    func verifyGHArchive() async throws {
        let (settings, resolved) = try options.resolve()
        var configuration = resolved
        let logger = try options.makeLogger()
        let owners = try ghArchive.owners(options, settings).joined(separator: ",")
        let window = try ghArchive.window(days: days, defaultDays: 1)
        let base = try ghArchive.baseURL()
        configuration.fetcher.ghArchiveURL = base
        let verifier = GHArchiveVerifier(
            source: GHArchiveSource(baseURL: base), store: try SQLiteStore(path: configuration.databasePath))
        var report = try await verifier.verify(owners: owners, window: window)
        print(report.text)
        if fix, !report.missingInStore.isEmpty {
            let summary = try await CollectionRunner(configuration: configuration, logger: logger)
                .repair(report, owners: owners, window: window)
            print(
                "fix: collection \(summary.collection.id) \(summary.completed ? "completed" : "stopped before it was complete")"
            )
            report = try await verifier.verify(owners: owners, window: window)
            print(report.text)
        }
        if report.missingInStore.count > maxGaps { throw ExitCode(5) }
    }
}
