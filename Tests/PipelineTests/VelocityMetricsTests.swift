import EventLog
import Foundation
import GHRecords
import TestSupport
import Testing

@testable import CloudStore
@testable import Pipeline
@testable import Settings
@testable import Store

/// The velocity metric definitions: hand-worked numbers on a golden fixture, the same in SQLite and BigQuery.
@Suite(.serialized) struct VelocityMetricsTests {
    static func sqliteStore(_ directory: TemporaryDirectory) async throws -> SQLiteStore {
        let log = try await SQLiteStoreTests.openLog(directory)
        let store = try SQLiteStore(path: directory.path("store.db"))
        try await log.publish(try VelocityMetricsFixture.messages())
        try await SQLiteStoreTests.persistAll(log: log, store: store)
        return store
    }

    @Test func theGoldenFixtureGivesTheHandWorkedNumbersInSQLite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let metrics = SQLiteMetrics(store: try await Self.sqliteStore(directory))
        #expect(try await metrics.derive(org: "acme") == VelocityMetricsFixture.expected.count)
        let rows = try await metrics.rows(org: "acme")
        #expect(VelocityMetricsFixture.differences(rows) == [])
        #expect(rows.first { $0.author == "renovate-helper" }?.isBot == true, "a bot by account type, not by name")
        #expect(rows.first { $0.author == "dave-bot" }?.isBot == false, "a human whose login ends in -bot")
        #expect(rows.allSatisfy { $0.definitionVersion == VelocityMetricsSQL.definitionVersion })

        // Deriving again replaces the rows instead of adding to them.
        #expect(try await metrics.derive(org: "acme") == VelocityMetricsFixture.expected.count)

        // Over a period, percentiles are taken over the period's pull requests, not averaged from days.
        let period = try await metrics.period(org: "acme", since: VelocityMetricsFixture.day0)
        let humans = try #require(period.first { $0.author == "*" })
        #expect(humans.day == VelocityMetricsFixture.day0)
        #expect(humans["prs_opened"] == 5)
        #expect(humans["time_to_first_review_p50_hours"] == 2)  // 1, 2, 24
        #expect(humans["time_to_first_review_p90_hours"] == 24)
        #expect(
            try await metrics.period(org: "acme", since: VelocityMetricsFixture.day1).first { $0.author == "*" }?[
                "prs_opened"] == 1)
    }

    @Test func theReportShowsRepositoriesOrAuthorsWithBotsOnlyWhenAsked() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let metrics = SQLiteMetrics(store: try await Self.sqliteStore(directory))
        let period = try await metrics.period(org: "acme", since: VelocityMetricsFixture.day0)
        let across = try await metrics.period(
            org: "acme", since: VelocityMetricsFixture.day0, acrossRepositories: true)

        let byRepo = VelocityReport(
            since: VelocityMetricsFixture.day0, periodRows: period, organisationRows: across, grouping: .repo)
        #expect(byRepo.rows.map(\.repo) == ["api", "*"], "the repository, then the organisation's total")
        let table = byRepo.render(.table).split(separator: "\n").map(String.init)
        #expect(table[1].hasPrefix("org   repo   opened  merged"))
        #expect(table[3].split(separator: " ").prefix(5) == ["acme", "api", "5", "2", "1"])
        #expect(table[4].split(separator: " ").prefix(5) == ["acme", "(all)", "5", "2", "1"])

        let humans = VelocityReport(
            since: VelocityMetricsFixture.day0, periodRows: period, organisationRows: across, grouping: .author)
        // A commit author without a GitHub account is a human author under the git author's name (definition v3).
        #expect(humans.rows.map(\.author) == ["Jane Outside", "alice", "bob", "carol", "dave-bot", "*"])
        let everyone = VelocityReport(
            since: VelocityMetricsFixture.day0, periodRows: period, organisationRows: across, grouping: .author,
            includeBots: true)
        #expect(everyone.rows.map(\.author).contains("renovate-helper"))

        let csv = everyone.render(.csv).split(separator: "\n").map(String.init)
        #expect(csv[0] == "org,repo,author,is_bot," + VelocityMetricsSQL.metricColumns.joined(separator: ","))
        #expect(csv.contains { $0.hasPrefix("acme,*,renovate-helper,true,1,1,0,,,1,1,") })
        let json = try JSONSerialization.jsonObject(with: Data(humans.render(.json).utf8)) as? [[String: Any]]
        #expect(json?.first?["author"] as? String == "Jane Outside")
        #expect(json?.first?["commits"] as? Int == 1)
        let alice = json?.first { $0["author"] as? String == "alice" }
        #expect(alice?["prs_merged"] as? Int == 2)
        #expect(alice?["time_to_merge_p90_hours"] as? Double == 30)
        #expect(alice?["lead_time_p50_hours"] as? Double == 25)
        #expect(json?.first { $0["author"] as? String == "dave-bot" }?["lead_time_p50_hours"] is NSNull)
        #expect(json?.last?["author"] as? String == "*", "the organisation's humans together, last")

        #expect(throws: ConfigurationError.self) { try ReportPeriod.firstDay("last week") }
        #expect(
            try ReportPeriod.firstDay("2w", now: VelocityMetricsFixture.at(VelocityMetricsFixture.day1, 12))
                == "2025-02-18")
    }

    @Test func theReportTotalsTheOrganisationWithPercentilesOverAllItsPullRequests() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.sqliteStore(directory)
        // A second repository: alice merges one in 4 h, erin one in 24 h.
        typealias F = VelocityMetricsFixture
        var web = [F.pull(11, "alice", created: F.at(F.day0, 9), merged: F.at(F.day0, 13))]
        web.append(F.pull(12, "erin", created: F.at(F.day0, 10), merged: F.at(F.day1, 10)))
        for index in web.indices { web[index].repo = "web" }
        let log = try await SQLiteStoreTests.openLog(directory)
        let topic = TopicNames().records(PullRequest.recordType)
        try await log.publish(
            try web.map { OutgoingMessage(topic: topic, key: $0.naturalKey, value: try RecordCoding.encode($0)) })
        try await SQLiteStoreTests.persistAll(log: log, store: store)
        let metrics = SQLiteMetrics(store: store)
        let period = try await metrics.period(org: "acme", since: F.day0)
        let across = try await metrics.period(org: "acme", since: F.day0, acrossRepositories: true)

        let byRepo = VelocityReport(since: F.day0, periodRows: period, organisationRows: across, grouping: .repo)
        #expect(byRepo.rows.map(\.repo) == ["api", "web", "*"])
        let total = try #require(byRepo.rows.last)
        #expect(total["prs_opened"] == 7 && total["prs_merged"] == 4, "5 + 2 opened, 2 + 2 merged by humans")
        // Humans' merges: 24 h and 30 h in api, 4 h and 24 h in web; nearest rank over the four, not per repository.
        #expect(total["time_to_merge_p50_hours"] == 24)
        #expect(total["time_to_merge_p90_hours"] == 30)

        let byAuthor = VelocityReport(since: F.day0, periodRows: period, organisationRows: across, grouping: .author)
        let alice = try #require(byAuthor.rows.first { $0.author == "alice" })
        #expect(alice.repo == "*" && alice["prs_merged"] == 3, "one line per author across repositories")
        #expect(alice["time_to_merge_p50_hours"] == 24)  // 4, 24, 30
        #expect(byAuthor.rows.filter { $0.author == "alice" }.count == 1)
        #expect(byAuthor.rows.map(\.author).contains("erin"))
        #expect(byAuthor.rows.last?.author == "*" && byAuthor.rows.last?["prs_opened"] == 7)

        let inWeb = VelocityReport(
            since: F.day0, periodRows: period, organisationRows: across, grouping: .author, repo: "web")
        #expect(inWeb.rows.map(\.author) == ["alice", "erin", "*"])
        #expect(inWeb.rows.allSatisfy { $0.repo == "web" })
    }

    @Test(.requires(.cloudEmulators)) func sqliteAndBigQueryGiveTheSameNumbersForTheGoldenFixture() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let cloud = try await CloudFixture()
        let log = try await SQLiteStoreTests.openLog(directory)
        try await log.publish(try VelocityMetricsFixture.messages())
        let persister = BigQueryPersister(
            log: log, writer: cloud.writer, configuration: cloud.settings.bigQueryPersister, logger: .quiet)
        try await runUntilCaughtUp(
            persister, log: log, group: cloud.settings.bigQueryPersister.group,
            topics: BigQueryPersister.consumedTopics(TopicNames()))

        let bigQuery = BigQueryMetrics(writer: cloud.writer)
        #expect(try await bigQuery.derive(org: "acme") == VelocityMetricsFixture.expected.count)
        let bigQueryRows = try await bigQuery.rows(org: "acme")
        #expect(VelocityMetricsFixture.differences(bigQueryRows) == [])

        let sqlite = SQLiteMetrics(store: try await Self.sqliteStore(directory))
        try await sqlite.derive(org: "acme")
        #expect(try await sqlite.rows(org: "acme") == bigQueryRows)
    }

    @Test func theDefinitionsInSchemasAreTheOnesTheCodeRuns() throws {
        let file = ProjectPaths.root.appendingPathComponent(
            "schemas/metrics/v\(VelocityMetricsSQL.definitionVersion).sql")
        let rendered = Data((VelocityMetricsSQL.template + "\n").utf8)
        if ProcessInfo.processInfo.environment["GHSTATS_WRITE_SCHEMAS"] == "1" {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try rendered.write(to: file)
        }
        #expect(
            try Data(contentsOf: file) == rendered,
            "\(file.path) differs from VelocityMetricsSQL (GHSTATS_WRITE_SCHEMAS=1 rewrites it)")
        for dialect in [MetricsDialect.sqlite, .bigQuery(dataset: "ds")] {
            let sql = dialect.select(org: "o'neil")
            #expect(!sql.contains("{"), "every macro expands: \(dialect)")
        }
    }
}
