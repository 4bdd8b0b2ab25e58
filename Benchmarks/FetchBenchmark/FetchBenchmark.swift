import ArgumentParser
import Collector
import Foundation
import GitHubAPI
import GitHubSimulator
import Logging
import Pipeline

/// Collects one simulated organisation in REST-only and in default (GraphQL) mode and prints what each costs:
/// API requests (REST + GraphQL points) per 1,000 records, wall time under GitHub's 5,000/hour budget scaled
/// down, and the share of requests answered 304 on an unchanged second run.
@main
struct FetchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ghstats-fetch-bench")

    @Option(help: "Repositories.") var repos: Int = 50
    @Option(help: "Pull requests per repository.") var prsPerRepo: Int = 100
    @Option(help: "Seconds that stand for GitHub's one-hour rate-limit window.") var windowSeconds: Int = 20
    @Option(help: "Pull requests of the organisation that change (a new comment) before the third run.")
    var changesPerTick: Int = 10

    struct Row {
        let mode: String
        let records: Int
        let restRequests: Int
        let graphQLPoints: Int
        let pullRequestCost: Int
        let seconds: Double
        let secondRunRequests: Int
        let secondRun304: Int
        /// REST requests + GraphQL points of a third run after some pull requests changed.
        let changedRunCost: Int
    }

    func run() async throws {
        var rows: [Row] = []
        for (name, source) in [("REST only", PullRequestSource.rest), ("default (GraphQL)", PullRequestSource.graphQL)]
        {
            rows.append(try await measure(name, source))
        }
        let scale = 3_600 / Double(windowSeconds)
        print(
            "ghstats fetch benchmark: \(repos) repositories x \(prsPerRepo) pull requests; budget 5,000 REST requests and 5,000 GraphQL points per \(windowSeconds) s (standing for 1 h)"
        )
        print(
            "mode                 records  REST req  GQL pts  per 1k records  PR+reviews+detail cost  wall s  (= real h)  304 share, 2nd run  3rd run cost (\(changesPerTick) PRs changed)"
        )
        for row in rows {
            let perThousand = Double(row.restRequests + row.graphQLPoints) * 1_000 / Double(max(row.records, 1))
            let share = Double(row.secondRun304) / Double(max(row.secondRunRequests, 1))
            print(
                row.mode.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + String(
                        format: " %7d  %8d  %7d  %14.1f  %22d  %6.1f  %10.2f  %17.1f%%  %8d", row.records,
                        row.restRequests,
                        row.graphQLPoints, perThousand, row.pullRequestCost, row.seconds, row.seconds * scale / 3_600,
                        share * 100, row.changedRunCost))
        }
        if rows.count == 2 {
            print(
                String(
                    format: "GraphQL spends %.1f%% of REST's requests for pull requests + reviews + detail fields",
                    100 * Double(rows[1].pullRequestCost) / Double(max(rows[0].pullRequestCost, 1))))
        }
    }

    func measure(_ name: String, _ source: PullRequestSource) async throws -> Row {
        var configuration = SimulatorConfiguration()
        configuration.organizations = ["bench-org"]
        configuration.repositoriesPerOrganization = repos
        configuration.pullRequestsPerRepository = prsPerRepo
        configuration.rateLimit = RateLimitConfiguration(limit: 5_000, window: .seconds(windowSeconds))
        let simulator = GitHubSimulator(configuration: configuration)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ghstats-bench-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let quiet = Logger(label: "sim") { _ in SwiftLogNoOpLogHandler() }
        let (runLogger, historyDays) = (logger, configuration.historyDays)
        return try await simulator.withRunning(logger: quiet) { url in
            var pipeline = PipelineConfiguration()
            pipeline.github.baseURL = url
            pipeline.github.token = .init("bench-token")
            // GitHub's hour is scaled down to the window: its secondary limits' minute is scaled alike.
            pipeline.github.pacing.window = .milliseconds(Int64(windowSeconds) * 1000 / 60)
            pipeline.databasePath = directory.appendingPathComponent("ghstats.db").path
            pipeline.stateDirectory = directory.appendingPathComponent("state").path
            pipeline.fetcher.pullRequestSource = source
            let runner = CollectionRunner(configuration: pipeline, logger: runLogger)
            let window = CollectionWindow.days(historyDays + 30)
            let started = ContinuousClock.now
            let summary = try await runner.collect(organizations: ["bench-org"], window: window)
            let elapsed = ContinuousClock.now - started
            let first = (simulator.requestCount, simulator.notModifiedCount)
            let restRequests = simulator.requestCount
            let points = simulator.graphQLPointsSpent
            let pullRequestCost = simulator.pullRequestRequestCount + points
            _ = try await runner.collect(organizations: ["bench-org"], window: window)
            let second = (simulator.requestCount, simulator.notModifiedCount, simulator.graphQLPointsSpent)
            simulator.tick(changes: changesPerTick)
            _ = try await runner.collect(organizations: ["bench-org"], window: window)
            let changedRunCost =
                (simulator.requestCount - second.0) - (simulator.notModifiedCount - second.1)
                + (simulator.graphQLPointsSpent - second.2)
            let counts = summary.counts
            let records =
                counts.repositories + counts.pullRequests + counts.reviews + counts.reviewComments
                + counts.issueComments + counts.commits
            return Row(
                mode: name, records: records, restRequests: restRequests, graphQLPoints: points,
                pullRequestCost: pullRequestCost,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                secondRunRequests: second.0 - first.0, secondRun304: second.1 - first.1, changedRunCost: changedRunCost)
        }
    }
}
