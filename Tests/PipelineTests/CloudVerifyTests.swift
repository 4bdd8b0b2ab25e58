import Foundation
import GitHubAPI
import GitHubSimulator
import GoogleCloud
import Logging
import SQLiteDB
import TestSupport
import Testing

@testable import CloudStore
@testable import Collector
@testable import Store

/// `verify --store gcs|bigquery|all` against the emulators.
@Suite(.serialized) struct CloudVerifyTests {
    static func missing(_ report: VerificationReport, store: String, _ stream: String) -> Int {
        report.rows.filter { $0.store == store && $0.stream == stream }.reduce(0) { $0 + $1.missing }
    }

    @Test(.requires(.cloudEmulators)) func gapsInBigQueryAndGCSAreReportedPerStoreAndTheFixRestoresEveryStore()
        async throws
    {
        let cloud = try await CloudFixture(chunkSize: 10)
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 30, seed: 17)
        defer { harness.remove() }
        try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.token = .init("verify-token")
            configuration.cloud = cloud.stores
            let runner = CollectionRunner(configuration: configuration, logger: .quiet)
            _ = try await runner.collect(organizations: ["sim-org"], window: PipelineHarness.everything)
            let stores: [any StoreContents] = [
                SQLiteContents(store: try SQLiteStore(path: harness.databasePath)),
                GCSContents(inventory: cloud.inventory),
                BigQueryContents(writer: cloud.writer),
            ]
            let verifier = StoreVerifier(
                client: GitHubClient(configuration: configuration.github, logger: .quiet), stores: stores,
                logger: .quiet)
            let clean = try await verifier.verify(organizations: ["sim-org"], window: PipelineHarness.everything)
            #expect(clean.gaps == 0, "\(clean.text)")
            #expect(Set(clean.rows.map(\.store)) == ["sqlite", "gcs", "bigquery"])

            // BigQuery loses some reviews and commits; GCS loses one chunk of pull requests.
            let dataset = cloud.writer.dataset
            var deleted: [String: Int] = [:]
            for (table, stream, key) in [("reviews", "reviews", "id"), ("commits", "commits", "sha")] {
                let victims = try await cloud.writer.client.query(
                    "SELECT \(key) FROM `\(dataset).\(table)` ORDER BY \(key) LIMIT 4"
                ).rows.compactMap { $0.first ?? nil }
                let list = victims.map { table == "commits" ? GoogleSQL.literal($0) : $0 }.joined(separator: ", ")
                _ = try await cloud.writer.client.query("DELETE FROM `\(dataset).\(table)` WHERE \(key) IN (\(list))")
                deleted[stream] = victims.count
            }
            let pullChunk = try #require(try await cloud.inventory.chunks().first { $0.place.table == "pull_requests" })
            let lostPulls = try #require(pullChunk.records)
            try await cloud.storage.delete(bucket: cloud.settings.bucket, name: pullChunk.name)

            let report = try await verifier.verify(organizations: ["sim-org"], window: PipelineHarness.everything)
            #expect(report.rows.filter { $0.store == "sqlite" }.allSatisfy { $0.gaps == 0 }, "\(report.text)")
            #expect(Self.missing(report, store: "bigquery", "reviews") == 4, "\(report.text)")
            #expect(Self.missing(report, store: "bigquery", "commits") == 4, "\(report.text)")
            #expect(report.rows.filter { $0.store == "bigquery" }.reduce(0) { $0 + $1.gaps } == 8)
            #expect(Self.missing(report, store: "gcs", "pull_requests") == lostPulls, "\(report.text)")

            _ = try await runner.repair(report, window: PipelineHarness.everything)
            let repaired = try await verifier.verify(organizations: ["sim-org"], window: PipelineHarness.everything)
            #expect(repaired.gaps == 0, "\(repaired.text)")
        }
        #expect(try await cloud.bigQueryCounts() == CloudCounts.sqlite(try await harness.counts()))
    }
}
