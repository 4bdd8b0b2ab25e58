import Collector
import Foundation
import GitHubAPI
import GitHubSimulator
import Logging
import SQLiteDB
import Store
import TestSupport
import Testing

@Suite struct VerifyTests {
    static func verify(
        _ harness: PipelineHarness, _ url: String, window: CollectionWindow = PipelineHarness.everything
    ) async throws -> VerificationReport {
        var configuration = harness.pipelineConfiguration(baseURL: url)
        configuration.github.token = .init("verify-token")
        let client = GitHubClient(configuration: configuration.github, logger: .quiet)
        return try await StoreVerifier(
            client: client, store: try SQLiteStore(path: harness.databasePath), logger: .quiet
        )
        .verify(organizations: ["sim-org"], window: window)
    }

    static func missing(_ report: VerificationReport, _ stream: String) -> Int {
        report.rows.filter { $0.stream == stream }.reduce(0) { $0 + $1.missing }
    }

    @Test func rowsDeletedAtRandomAreReportedExactlyAndTheFixRestoresExactCounts() async throws {
        let harness = try PipelineHarness(repositories: 4, pullRequestsPerRepository: 60, seed: 61)
        defer { harness.remove() }
        try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.token = .init("verify-token")
            let runner = CollectionRunner(configuration: configuration, logger: .quiet)
            _ = try await runner.collect(organizations: ["sim-org"], window: PipelineHarness.everything)
            let clean = try await Self.verify(harness, url)
            #expect(clean.gaps == 0, "\(clean.text)")

            // Delete rows at random, remembering how many of each.
            let db = try SQLiteConnection(path: harness.databasePath)
            var deleted: [String: Int] = [:]
            for (table, stream, count, condition) in [
                ("pull_requests", "pull_requests", 5, "1 = 1"), ("reviews", "reviews", 7, "1 = 1"),
                ("issue_comments", "issue_comments", 4, "1 = 1"), ("review_comments", "review_comments", 3, "1 = 1"),
                ("commits", "commits", 6, "1 = 1"),
            ] {
                try db.execute(
                    "DELETE FROM \(table) WHERE rowid IN (SELECT rowid FROM \(table) WHERE \(condition) ORDER BY random() LIMIT \(count))"
                )
                deleted[stream] = db.changes
            }
            let report = try await Self.verify(harness, url)
            for (stream, count) in deleted {
                #expect(count > 0)
                #expect(Self.missing(report, stream) == count, "\(stream): \(report.text)")
            }
            #expect(report.rows.allSatisfy { $0.extra == 0 && $0.stale == 0 })

            _ = try await runner.repair(report, window: PipelineHarness.everything)
            let repaired = try await Self.verify(harness, url)
            #expect(repaired.gaps == 0, "\(repaired.text)")
        }
        let expected = harness.simulator.expectedCounts(since: nil)
        #expect(try await harness.counts().matches(expected))
    }

    @Test func aWindowedVerifyComparesTheCommentsUpdatedInTheWindowAsCollectionTakesThem() async throws {
        let harness = try PipelineHarness(repositories: 4, pullRequestsPerRepository: 60, seed: 62)
        defer { harness.remove() }
        let window = CollectionWindow.days(60)
        try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.token = .init("verify-token")
            let runner = CollectionRunner(configuration: configuration, logger: .quiet)
            _ = try await runner.collect(organizations: ["sim-org"], window: window)
            // Pull requests updated in the window have older comments too; collection did not take those.
            let windowed = try await Self.verify(harness, url, window: window)
            #expect(windowed.gaps == 0, "\(windowed.text)")
            #expect(windowed.rows.contains { $0.stream == "issue_comments" && $0.github > 0 })
            let everything = try await Self.verify(harness, url)
            #expect(Self.missing(everything, "issue_comments") > 0, "older comments exist: \(everything.text)")

            let db = try SQLiteConnection(path: harness.databasePath)
            try db.execute(
                "DELETE FROM issue_comments WHERE rowid IN (SELECT rowid FROM issue_comments ORDER BY random() LIMIT 3)"
            )
            let report = try await Self.verify(harness, url, window: window)
            #expect(Self.missing(report, "issue_comments") == 3, "\(report.text)")
            _ = try await runner.repair(report, window: window)
            let repaired = try await Self.verify(harness, url, window: window)
            #expect(repaired.gaps == 0, "\(repaired.text)")
        }
    }
}
