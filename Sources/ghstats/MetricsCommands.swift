import ArgumentParser
import Collector
import Foundation
import Logging
import Settings
import Store

/// `ghstats metrics`: derives the velocity metrics again from what the stores hold.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Derives the velocity metrics (schemas/metrics) again in SQLite and, when configured, BigQuery.")

    @OptionGroup var organization: OrganizationFlags
    @OptionGroup var database: DatabaseFlags
    @OptionGroup var bigQuery: BigQueryFlags
    @OptionGroup var settings: SettingsFlags
    var options: PipelineFlags { PipelineFlags(organization, database, bigQuery, settings) }

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        let store = try options.existingStore(configuration)
        let organizations =
            settings.organizations.isEmpty
            ? try await SQLiteMetrics(store: store).organisations() : settings.organizations
        let bigQuery = settings.cloud.persistToBigQuery ? try settings.cloud.makeWriter(logger: logger) : nil
        let written = await MetricsRefresh(store: store, bigQuery: bigQuery, logger: logger).refresh(
            organizations: organizations)
        for name in ["sqlite", "bigquery"] where name == "sqlite" || bigQuery != nil {
            guard let rows = written[name] else {
                print("\(name): failed (see the log)")
                throw ExitCode(1)
            }
            print("\(name): \(rows) metric rows for \(organizations.joined(separator: ", "))")
        }
    }
}

/// `ghstats report`: velocity over a period, per repository or per author.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Prints velocity (PRs, time to first review and merge, reviews, lines, commits) from the SQLite store.")

    @OptionGroup var organization: OrganizationFlags
    @OptionGroup var database: DatabaseFlags
    @OptionGroup var settings: SettingsFlags
    var options: PipelineFlags { PipelineFlags(organization, database, settings) }

    @Option(help: "Only this repository (NAME, or OWNER/NAME).")
    var repo: String?

    @Option(help: "First day counted: YYYY-MM-DD, or back from today as 30d or 4w.")
    var since: String = "30d"

    @Option(help: "One line per repo (human authors) or per author.")
    var by: String = "repo"

    @Flag(help: "With --by author, list bot accounts too (flagged).")
    var includeBots = false

    @Option(help: "table, json or csv.")
    var format: String = "table"

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        guard let grouping = VelocityReport.Grouping(rawValue: by) else {
            throw ConfigurationError(key: "--by", reason: "'\(by)' is not repo or author")
        }
        guard let format = VelocityReport.Format(rawValue: format) else {
            throw ConfigurationError(key: "--format", reason: "'\(self.format)' is not table, json or csv")
        }
        let firstDay = try ReportPeriod.firstDay(since)
        let metrics = SQLiteMetrics(store: try options.existingStore(configuration))
        var organizations = settings.organizations.isEmpty ? try await metrics.organisations() : settings.organizations
        var repoName = repo
        if let repo, let slash = repo.firstIndex(of: "/") {
            // OWNER/NAME narrows the report to that owner.
            organizations = [String(repo[..<slash])]
            repoName = String(repo[repo.index(after: slash)...])
        }
        var rows: [VelocityMetricsRow] = []
        var organisationRows: [VelocityMetricsRow] = []
        for org in organizations {
            rows += try await metrics.period(org: org, since: firstDay)
            organisationRows += try await metrics.period(org: org, since: firstDay, acrossRepositories: true)
        }
        let report = VelocityReport(
            since: firstDay, periodRows: rows, organisationRows: organisationRows, grouping: grouping, repo: repoName,
            includeBots: includeBots)
        print(report.render(format))
    }
}
