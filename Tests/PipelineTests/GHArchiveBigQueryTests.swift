import EventLog
import Foundation
import GHRecords
import GoogleCloud
import TestSupport
import Testing

@testable import CloudStore
@testable import Collector
@testable import Pipeline
@testable import Store

/// The BigQuery `githubarchive` source: the query builder, the cost guard, and a real day table on the emulator.
@Suite struct GHArchiveBigQueryTests {
    static func date(_ text: String) -> Date { ISO8601Timestamp.parse(text)! }

    @Test func wholeMonthsReadMonthTablesAndTheRestDayTables() {
        let query = GHArchiveQuery(
            from: Self.date("2015-01-30T06:00:00Z"), to: Self.date("2015-03-02T00:00:00Z"), owners: ["Acme", "*"],
            types: ["PushEvent"])
        #expect(
            query.tables == [
                "`githubarchive.day.20150130`", "`githubarchive.day.20150131`", "`githubarchive.month.201502`",
                "`githubarchive.day.20150301`",
            ])
        #expect(query.owners == ["Acme"], "* means every owner: no filter")
        #expect(query.sql.components(separatedBy: "UNION ALL").count == 4)
        #expect(query.sql.contains("STARTS_WITH(LOWER(repo.name), 'acme/')"))
        #expect(query.sql.contains("type IN ('PushEvent')"))
        #expect(query.sql.contains("created_at >= TIMESTAMP('2015-01-30T06:00:00Z')"))
        let days = GHArchiveQuery.days(
            from: Self.date("2015-01-01T22:00:00Z"), until: Self.date("2015-01-03T01:00:00Z"))
        #expect(
            days.map { ISO8601Timestamp.format($0.start) } == [
                "2015-01-01T22:00:00Z", "2015-01-02T00:00:00Z", "2015-01-03T00:00:00Z",
            ])
        #expect(days.last.map { ISO8601Timestamp.format($0.end) } == "2015-01-03T01:00:00Z")
    }

    @Test func aDryRunOverMaxBytesIsRefusedBeforeAnythingRuns() throws {
        let client = BigQueryClient(
            baseURL: "http://127.0.0.1:1", project: "p", credentials: NoCredentials(), logger: .quiet)
        let source = GHArchiveBigQuerySource(client: client, maximumBytesBilled: 1_000_000)
        #expect(throws: Never.self) { try source.check(.init(bytes: 1_000_000, tables: 1)) }
        let error = #expect(throws: GoogleCloudError.self) { try source.check(.init(bytes: 1_000_001, tables: 1)) }
        #expect(error?.kind == .overBudget && error?.message.contains("--max-bytes 1000000") == true)
    }

    @Test(.requires(.cloudEmulators))
    func theRealHourLoadedIntoADayTableEndsInTheStoreWithExactlyItsCountsPerType() async throws {
        let cloud = try await CloudFixture()
        let client = cloud.writer.client
        let day = CloudEmulators.uniqueName("gha_day")
        try await client.createDataset(day)
        let schema = BigQueryTable(
            "20150101",
            fields: [
                .init("type", "STRING"), .init("public", "BOOLEAN"), .init("payload", "STRING"),
                .init(
                    "repo", "RECORD", fields: [.init("id", "INTEGER"), .init("name", "STRING"), .init("url", "STRING")]),
                .init(
                    "actor", "RECORD",
                    fields: [.init("id", "INTEGER"), .init("login", "STRING"), .init("url", "STRING")]),
                .init(
                    "org", "RECORD", fields: [.init("id", "INTEGER"), .init("login", "STRING"), .init("url", "STRING")]),
                .init("created_at", "TIMESTAMP"), .init("id", "STRING"),
            ],
            partitionedByDay: nil, clusteredBy: [])
        let rows = try GHArchiveReference.githubArchiveRows(GHArchiveReference.hour.path)
        let loaded = try await client.load(data: rows, into: "20150101", dataset: day, schema: schema)
        #expect(loaded.outputRows == 8_273)

        var source = GHArchiveQuery.Source()
        source.project = cloud.emulators.project
        source.dayDataset = day
        let bigQuery = GHArchiveBigQuerySource(client: client, source: source, maximumBytesBilled: 10_000_000_000)
        let directory = try TemporaryDirectory("ghstats-gha-bq")
        defer { directory.remove() }
        var configuration = PipelineConfiguration()
        configuration.databasePath = directory.path("ghstats.db")
        configuration.stateDirectory = directory.path("state")
        configuration.fetcher.ghArchiveBigQuery = bigQuery
        let window = CollectionWindow.range(
            from: Self.date("2015-01-01T00:00:00Z"), to: Self.date("2015-01-02T00:00:00Z"))
        let estimate = try await bigQuery.estimate(
            GHArchiveQuery(
                source: source, from: Self.date("2015-01-01T00:00:00Z"), to: Self.date("2015-01-02T00:00:00Z")))
        #expect(estimate.tables == 1)
        let summary = try await CollectionRunner(configuration: configuration, logger: .quiet)
            .collect(organizations: ["*"], window: window, source: .bigquery)
        #expect(summary.completed)
        #expect(summary.counts.events == 8_273)
        let stored = try await SQLiteStore(path: configuration.databasePath)
            .query("SELECT type, COUNT(*) FROM events GROUP BY type").reduce(into: [String: Int]()) { counts, row in
                counts[row.string(0) ?? "?"] = row.int(1)
            }
        #expect(stored == (try GHArchiveReference.typeCounts(GHArchiveReference.hour.path)))
        // Only the owner asked for: as many events as the hour holds for it (the owner with the most events).
        var perOwner: [String: Int] = [:]
        for line in rows.split(separator: UInt8(ascii: "\n")) {
            let row = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            if let name = (row?["repo"] as? [String: Any])?["name"] as? String, let slash = name.firstIndex(of: "/") {
                perOwner[name[..<slash].lowercased(), default: 0] += 1
            }
        }
        let (owner, ownerCount) = try #require(perOwner.max { $0.value < $1.value })
        #expect(ownerCount > 1)
        let owned = try await bigQuery.rows(
            GHArchiveQuery(source: source, from: window.since!, to: window.until!, owners: [owner]))
        #expect(owned.count == ownerCount)
    }
}
