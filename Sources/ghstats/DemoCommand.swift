import ArgumentParser
import CloudStore
import Collector
import Foundation
import GitHubAPI
import GitHubSimulator
import Logging
import Pipeline
import Settings
import Store

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Runs the whole pipeline offline against the built-in GitHub simulator into ./ghstats.db.")

    @Option(help: "SQLite store to fill.")
    var db: String = "ghstats.db"

    @Option(help: "Folder of the embedded log and ledger.")
    var stateDir: String = ".ghstats"

    @Option(help: "Simulated repositories.")
    var repos: Int = 20

    @Option(help: "Simulated pull requests per repository.")
    var prsPerRepo: Int = 100

    @Option(help: "Simulator seed.")
    var seed: UInt64 = 42

    @Option(help: "Log level.")
    var logLevel: String = "info"

    @Flag(help: "Also write GCS chunks (STORAGE_EMULATOR_HOST or real GCS). Default: PERSIST_TO_GCS or off.")
    var toGcs = false

    @Flag(help: "Also write BigQuery (BIGQUERY_EMULATOR_HOST or real BigQuery). Default: PERSIST_TO_BIGQUERY or off.")
    var toBigquery = false

    func run() async throws {
        guard repos > 0 else { throw ConfigurationError(key: "--repos", reason: "must be at least 1") }
        guard prsPerRepo > 0 else { throw ConfigurationError(key: "--prs-per-repo", reason: "must be at least 1") }
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ConfigurationError(key: "--log-level", reason: "'\(logLevel)' is not a log level")
        }
        var logger = Logger(label: "ghstats") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        var simulatorConfiguration = SimulatorConfiguration()
        simulatorConfiguration.seed = seed
        simulatorConfiguration.organizations = ["demo-org"]
        simulatorConfiguration.repositoriesPerOrganization = repos
        simulatorConfiguration.pullRequestsPerRepository = prsPerRepo
        simulatorConfiguration.rateLimit = .generous
        // The simulator's own account: with a token the pipeline reads pull requests by GraphQL, as it does on GitHub.
        simulatorConfiguration.tokens = ["ghstats-demo-token": "demo-user"]
        let source = try SettingsSource.load()
        var cloud = try CloudSettings(source: source)
        let logRetention = try GhstatsSettings.logRetention(source)
        if toGcs { cloud.persistToGCS = true }
        if toBigquery { cloud.persistToBigQuery = true }
        var cloudConfiguration = PipelineConfiguration()
        try PipelineFlags.configureCloud(&cloudConfiguration, cloud, logger: logger)
        try await CloudSetup.prepare(cloud, configuration: cloudConfiguration, logger: logger)
        let (cloudStores, bucket) = (cloudConfiguration.cloud, cloud.bucket)
        let simulator = GitHubSimulator(configuration: simulatorConfiguration)
        var simulatorLogger = logger
        simulatorLogger.logLevel = .warning
        let window = CollectionWindow.days(simulatorConfiguration.historyDays + 30)
        let expected = simulator.expectedCounts(since: window.since)
        let (db, stateDir, runLogger) = (db, stateDir, logger)
        let code = try await simulator.withRunning(logger: simulatorLogger) { baseURL in
            print(
                "GitHub simulator serving demo-org (\(repos) repositories, \(repos * prsPerRepo) pull requests) at \(baseURL)"
            )
            var configuration = PipelineConfiguration()
            configuration.github.baseURL = baseURL
            configuration.github.tokens = [GitHubToken("ghstats-demo-token")]
            configuration.databasePath = db
            configuration.stateDirectory = stateDir
            configuration.cloud = cloudStores
            configuration.logRetention = logRetention
            let started = ContinuousClock.now
            let summary = try await CollectionRunner(configuration: configuration, logger: runLogger)
                .collect(organizations: ["demo-org"], window: window)
            let code = CollectionReport.print(summary)
            let elapsed = ContinuousClock.now - started
            print(
                "took \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))); simulator answered \(simulator.requestCount) requests"
            )
            let counts = summary.counts
            let matches =
                counts.repositories == expected.repositories && counts.pullRequests == expected.pullRequests
                && counts.reviews == expected.reviews && counts.reviewComments == expected.reviewComments
                && counts.issueComments == expected.issueComments && counts.commits == expected.commits
            print(
                matches
                    ? "store matches what the simulator served"
                    : "store differs from what the simulator served: \(expected)")
            let sameEverywhere = try await Self.compareStores(summary.counts, cloudStores, bucket: bucket)
            let since = try ReportPeriod.firstDay("30d")
            let metrics = SQLiteMetrics(store: try SQLiteStore(path: db))
            var report = VelocityReport(
                since: since, periodRows: try await metrics.period(org: "demo-org", since: since),
                organisationRows: try await metrics.period(org: "demo-org", since: since, acrossRepositories: true),
                grouping: .repo)
            // The five busiest repositories and the organisation's total, said as such.
            let repositories = report.rows.filter { $0.repo != "*" }
            let busiest = repositories.sorted { ($0["prs_merged"] ?? 0) > ($1["prs_merged"] ?? 0) }.prefix(5)
            report.rows = Array(busiest) + report.rows.filter { $0.repo == "*" }
            print(
                "the \(busiest.count) of \(repositories.count) repositories with the most merged pull requests, and "
                    + "(all) the organisation's \(repositories.count) together:")
            print(report.render(.table))
            print(
                "explore: ghstats report --db \(db) --since 90d (every repository; --by author for people); sqlite3 \(db) 'SELECT * FROM metrics LIMIT 5'"
            )
            return matches && sameEverywhere ? code : 1
        }
        if code != 0 { throw ExitCode(code) }
    }

    /// Prints records per table in each store written; true when they agree.
    static func compareStores(_ counts: StoreCounts, _ stores: CloudStores, bucket: String) async throws -> Bool {
        guard stores.gcs != nil || stores.bigQuery != nil else { return true }
        var columns: [(String, [String: Int])] = [("sqlite", CloudCounts.sqlite(counts))]
        if let gcs = stores.gcs {
            columns.append(("gcs", try await CloudCounts.gcs(GCSInventory(storage: gcs.client, bucket: bucket))))
        }
        if let bigQuery = stores.bigQuery {
            columns.append(("bigquery", try await CloudCounts.bigQuery(bigQuery.writer)))
        }
        var rows = [["table"] + columns.map(\.0)]
        var same = true
        for table in CloudCounts.tables {
            let values = columns.map { $0.1[table] ?? 0 }
            same = same && Set(values).count == 1
            rows.append([table] + values.map(String.init))
        }
        TextTable.print(rows)
        print(same ? "every store holds the same records" : "the stores differ")
        return same
    }
}
