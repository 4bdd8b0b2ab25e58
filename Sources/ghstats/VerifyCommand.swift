import ArgumentParser
import Foundation
import GitHubAPI
import Pipeline

/// `ghstats verify`: what GitHub says exists against what the store holds, per repository and stream.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Compares GitHub's counts with the store per repository and stream; --fix fetches exactly the gaps.")

    @OptionGroup var options: PipelineOptions

    @Option(help: "Only this repository (name or org/name, repeatable).")
    var repo: [String] = []

    @Option(help: "Window in days back from now. Default: all history.")
    var days: Int?

    @Option(help: "The store to check: sqlite.")
    var store: String = "sqlite"

    @Option(help: "Gaps (missing + extra + stale items) tolerated before exiting with status 5.")
    var maxGaps: Int = 0

    @Flag(help: "Fetch what is missing or stale, then verify again.")
    var fix = false

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        let organizations = try options.requireOrganizations(settings)
        try options.requireTokenForPublicGitHub(settings)
        guard store == "sqlite" else {
            throw ConfigurationError(key: "--store", reason: "'\(store)' is not a store this build verifies (sqlite)")
        }
        guard maxGaps >= 0 else { throw ConfigurationError(key: "--max-gaps", reason: "must be 0 or more") }
        let window = try days.map { days in
            guard days > 0 else { throw ConfigurationError(key: "--days", reason: "must be at least 1") }
            return CollectionWindow.days(days)
        } ?? .allHistory
        let client = GitHubClient(configuration: configuration.github, logger: logger)
        let verifier = StoreVerifier(client: client, store: try SQLiteStore(path: configuration.databasePath), logger: logger)
        var report = try await verifier.verify(organizations: organizations, repositories: repo, window: window)
        print(report.text)
        if fix, report.gaps > 0 {
            let summary = try await CollectionRunner(configuration: configuration, logger: logger).repair(report, window: window)
            print("fix: collection \(summary.collection.id) \(summary.completed ? "completed" : "stopped before it was complete")")
            report = try await verifier.verify(organizations: organizations, repositories: repo, window: window)
            print(report.text)
        }
        if report.gaps > maxGaps { throw ExitCode(5) }
    }
}
