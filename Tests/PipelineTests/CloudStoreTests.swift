import EventLog
import Foundation
import GHRecords
import GitHubSimulator
import GoogleCloud
import Logging
import TestSupport
import Testing

@testable import CloudStore
@testable import Collector
@testable import Pipeline
@testable import Settings
@testable import Store

/// The GCS and BigQuery persisters against fake-gcs-server and local-bigquery.
@Suite(.serialized) struct CloudStoreTests {
    @Test(.requires(.cloudEmulators)) func aCollectionFillsSQLiteGCSAndBigQueryWithTheSameRecords() async throws {
        let cloud = try await CloudFixture()
        let harness = try PipelineHarness(repositories: 4, pullRequestsPerRepository: 30)
        defer { harness.remove() }
        let expected = harness.simulator.expectedCounts(since: PipelineHarness.everything.since)
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.cloud = cloud.stores
            return try await CollectionRunner(configuration: configuration, logger: .quiet)
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
        }
        #expect(summary.completed)
        #expect(summary.counts.matches(expected), "sqlite \(summary.counts) vs simulator \(expected)")
        let sqlite = CloudCounts.sqlite(summary.counts)
        #expect(sqlite["pull_requests"] == 120)
        #expect(try await cloud.gcsCounts() == sqlite)
        #expect(try await cloud.bigQueryCounts() == sqlite)
        // The velocity metrics derived in each store from what it holds are the same numbers.
        let sqliteMetrics = SQLiteMetrics(store: try SQLiteStore(path: harness.databasePath))
        let bigQueryMetrics = BigQueryMetrics(writer: cloud.writer)
        let rowCount = try await sqliteMetrics.derive(org: "sim-org")
        #expect(rowCount > 100)
        #expect(try await bigQueryMetrics.derive(org: "sim-org") == rowCount)
        #expect(try await bigQueryMetrics.rows(org: "sim-org") == (try await sqliteMetrics.rows(org: "sim-org")))
        // Chunks sit at {org}/{repo}/{type}/{date}/{timestamp}_chunk_{n}.json.
        let chunks = try await cloud.inventory.chunks()
        #expect(chunks.allSatisfy { $0.place.org == "sim-org" && $0.place.repo.hasPrefix("repo-") })
        #expect(
            Set(chunks.map(\.place.table)) == [
                "repositories", "pull_requests", "commits", "reviews", "review_comments", "issue_comments",
            ])
        // BigQuery's tables are partitioned by day and clustered as `schemas/bigquery` says.
        let table = try #require(try await cloud.writer.client.table("pull_requests", dataset: cloud.writer.dataset))
        #expect(table.timePartitioning?.field == "created_at")
        #expect(table.clustering?.fields == ["org", "repo", "author_login"])
    }

    @Test(.requires(.cloudEmulators)) func anInterruptedUploadAndARedeliveredBatchLeaveNoDuplicatesAfterMerge()
        async throws
    {
        let cloud = try await CloudFixture(chunkSize: 5)
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 25)
        defer { harness.remove() }
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            try await harness.collect(baseURL: url, logger: .quiet)
        }
        let sqlite = CloudCounts.sqlite(summary.counts)
        let log = try EmbeddedLog(configuration: .init(path: harness.stateDirectory + "/log.db"))
        let topics = TopicNames()
        let gcsConfiguration = cloud.settings.gcsPersister

        // A GCS persister dies half-way through uploading its first batch: no commit.
        let consumer = try await log.makeConsumer(
            ConsumerSubscription(group: gcsConfiguration.group, topics: GCSPersister.consumedTopics(topics)))
        let batch = try await consumer.poll(maxMessages: gcsConfiguration.batchSize, timeout: .seconds(5))
        #expect(batch.count > 100)
        let rows = RecordMessageDecoder(topics: topics, store: "gcs").decode(batch).rows
        var assembly = GCSChunkAssembly(chunkSize: gcsConfiguration.chunkSize)
        assembly.add(rows, refused: [], positions: CommitPositions(after: batch), now: .now)
        var chunks: [GCSChunkAssembly.Chunk] = []
        for stream in assembly.streamsWithChunks(partial: true) {
            while let chunk = assembly.nextChunk(of: stream, partial: true) { chunks.append(chunk) }
        }
        for chunk in chunks.prefix(chunks.count / 2) {
            #expect(
                try await cloud.storage.uploadIfAbsent(
                    bucket: gcsConfiguration.bucket, name: chunk.name, data: chunk.body) == .created)
        }
        // A BigQuery persister merges its first batch, then dies before committing.
        let bigQueryRows = RecordMessageDecoder(topics: topics, store: "bigquery").decode(
            try await {
                let member = try await log.makeConsumer(
                    ConsumerSubscription(group: "ghstats-bigquery", topics: BigQueryPersister.consumedTopics(topics)))
                defer { Task { await member.close() } }
                return try await member.poll(maxMessages: 5_000, timeout: .seconds(5))
            }()
        ).rows
        for (_, tableRows) in Dictionary(grouping: bigQueryRows, by: { $0.table.tableId }) {
            _ = try await cloud.writer.write(tableRows, mode: .stream)
        }
        await consumer.close()

        // Restarted, both groups get the uncommitted batch again and finish.
        try await runUntilCaughtUp(
            GCSPersister(
                log: log, storage: cloud.storage, topics: topics, configuration: gcsConfiguration, logger: .quiet),
            log: log, group: gcsConfiguration.group, topics: GCSPersister.consumedTopics(topics))
        try await runUntilCaughtUp(
            BigQueryPersister(
                log: log, writer: cloud.writer, topics: topics, configuration: cloud.settings.bigQueryPersister,
                logger: .quiet),
            log: log, group: "ghstats-bigquery", topics: BigQueryPersister.consumedTopics(topics))
        try await log.close()

        #expect(try await cloud.gcsCounts() == sqlite, "the redelivered batch's chunks have the same names")
        #expect(try await cloud.bigQueryCounts() == sqlite)
        // Loading the chunks into BigQuery, twice, merges to the same rows.
        let loader = GCSLoader(inventory: cloud.inventory, writer: cloud.writer, logger: .quiet)
        let loads = try await loader.load()
        #expect(loads.reduce(0) { $0 + $1.loaded } == Int64(sqlite.values.reduce(0, +)))
        _ = try await loader.load()
        #expect(try await cloud.bigQueryCounts() == sqlite)
    }

    /// Five events of `acme/api`; the third's payload is not JSON, which BigQuery refuses.
    static func eventsWithABadThirdPayload(created: Date) -> [GitHubEvent] {
        (1...5).map { index in
            GitHubEvent(
                id: "9\(index)", type: "PushEvent", actorLogin: "dev\(index)", actorId: Int64(index), org: "acme",
                repo: "api", repoId: 7, orgLogin: "acme", isPublic: true,
                createdAt: created.addingTimeInterval(Double(index)),
                payload: index == 3 ? "{\"ref\": \"main\"" : "{\"ref\":\"main\",\"size\":\(index)}")
        }
    }

    @Test(.requires(.cloudEmulators), arguments: BigQueryWriter.Mode.allCases)
    func aRowBigQueryRejectsIsDeadLetteredWithItsMessageAndTheRestLand(mode: BigQueryWriter.Mode) async throws {
        let cloud = try await CloudFixture(mode: mode)
        let directory = try TemporaryDirectory("ghstats-bq-reject")
        defer { directory.remove() }
        let log = try EmbeddedLog(configuration: .init(path: directory.path("log.db")))
        let topics = TopicNames()
        try await log.createTopics(PipelineConfiguration().topicSpecs)
        let factory = MessageFactory(topics: topics)
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        let events = Self.eventsWithABadThirdPayload(created: created)
        try await log.publish(try events.map { try factory.record($0, collectionID: "c1", fetchedAt: created) })
        try await runUntilCaughtUp(
            BigQueryPersister(
                log: log, writer: cloud.writer, topics: topics, configuration: cloud.settings.bigQueryPersister,
                logger: .quiet),
            log: log, group: "ghstats-bigquery", topics: BigQueryPersister.consumedTopics(topics))

        let result = try await cloud.writer.client.query(
            "SELECT id, JSON_VALUE(payload, '$.size') FROM `\(cloud.writer.dataset).events` ORDER BY id")
        #expect(result.rows.map { $0[0] } == ["91", "92", "94", "95"])
        #expect(result.rows.map { $0[1] } == ["1", "2", "4", "5"])
        let reader = try await log.makeConsumer(
            ConsumerSubscription(group: "dlq-reader", topics: [topics.recordDeadLetters]))
        let letters = try await reader.poll(maxMessages: 10, timeout: .seconds(2))
        await reader.close()
        try await log.close()
        #expect(letters.count == 1)
        let letter = try #require(letters.first)
        #expect(letter.key == events[2].naturalKey)
        #expect(letter.headers[MessageHeaders.deadLetterReason] == "bigquery_rejected")
        #expect(letter.headers[MessageHeaders.deadLetterError]?.contains("JSON") == true, "\(letter.headers)")
        #expect(try RecordCoding.decode(GitHubEvent.self, from: letter.value) == events[2])
    }

    @Test(.requires(.cloudEmulators)) func loadGCSDeadLettersTheRowsBigQueryRefusesAndLoadsTheRest() async throws {
        let cloud = try await CloudFixture()
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        let events = Self.eventsWithABadThirdPayload(created: created)
        var lines = try events.map { try RecordCoding.encode($0) }
        lines.insert(Array("{\"id\": \"96\", \"type\":".utf8), at: 4)
        let body = Data(lines.map { $0 + [UInt8(ascii: "\n")] }.joined())
        let chunk = "acme/api/events/2023-11-14/20231114T221321Z_chunk_0-0.json"
        #expect(
            try await cloud.storage.uploadIfAbsent(bucket: cloud.settings.bucket, name: chunk, data: body) == .created)

        let loads = try await GCSLoader(inventory: cloud.inventory, writer: cloud.writer, logger: .quiet).load()
        let load = try #require(loads.first { $0.table == "events" })
        #expect(load.loaded == 4)
        #expect(load.deadLettered == 2)
        let result = try await cloud.writer.client.query("SELECT id FROM `\(cloud.writer.dataset).events` ORDER BY id")
        #expect(result.rows.map { $0[0] } == ["91", "92", "94", "95"])

        // The refused rows sit in the bucket with their chunk, line and reason, outside the chunk layout.
        let object = try #require(load.deadLetterObjects.first)
        #expect(object.hasPrefix("_dead_letters/load-gcs/events/"))
        #expect(try await cloud.inventory.chunks().map(\.name) == [chunk])
        let letters = try await cloud.storage.download(bucket: cloud.settings.bucket, name: object)
            .split(separator: UInt8(ascii: "\n")).map {
                try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]
            }
        #expect(letters.count == 2)
        #expect(Set(letters.compactMap { $0?["line"] as? Int }) == [3, 5])
        #expect(letters.allSatisfy { ($0?["source"] as? String) == "gs://\(cloud.settings.bucket)/\(chunk)" })
        let refused = try #require(letters.first { ($0?["line"] as? Int) == 3 } ?? nil)
        #expect((refused["reason"] as? String)?.hasPrefix("bigquery_rejected") == true, "\(refused)")
        #expect((refused["row"] as? String) == String(decoding: lines[2], as: UTF8.self))
    }

    @Test(.requires(.cloudEmulators)) func summaryCountsRecordsAndWipeDeletesOnlyTheRepositoryAsked() async throws {
        let cloud = try await CloudFixture(chunkSize: 2)
        let directory = try TemporaryDirectory("ghstats-gcs-wipe")
        defer { directory.remove() }
        let log = try EmbeddedLog(configuration: .init(path: directory.path("log.db")))
        let topics = TopicNames()
        try await log.createTopics(PipelineConfiguration().topicSpecs)
        let day = ISO8601Timestamp.parse("2024-03-05T10:00:00Z")!
        var comments: [IssueComment] = []
        for (repo, count) in [("api", 5), ("web", 3)] {
            for index in 0..<count {
                comments.append(
                    IssueComment(
                        id: Int64(comments.count + 1), org: "acme", repo: repo, issueNumber: index + 1,
                        authorLogin: "dev",
                        authorType: "User", body: "comment \(index)", createdAt: day, updatedAt: day))
            }
        }
        try await log.publish(
            try comments.map { try MessageFactory(topics: topics).record($0, collectionID: "c", fetchedAt: day) })
        try await runUntilCaughtUp(
            GCSPersister(
                log: log, storage: cloud.storage, topics: topics, configuration: cloud.settings.gcsPersister,
                logger: .quiet),
            log: log, group: "ghstats-gcs", topics: GCSPersister.consumedTopics(topics))
        try await log.close()

        let summary = try await cloud.inventory.summary()
        #expect(
            summary.map { "\($0.repo) \($0.table) \($0.date) \($0.records)" } == [
                "api issue_comments 2024-03-05 5", "web issue_comments 2024-03-05 3",
            ])
        #expect(summary.map(\.objects) == [3, 2], "chunks of at most 2 records")
        #expect(try await cloud.inventory.wipe(repository: "acme/api") == 3)
        #expect(try await cloud.inventory.summary().map(\.repo) == ["web"])
    }

    @Test(.requires(.cloudEmulators)) func initAddsTheColumnsANewerVersionDefinesToTablesAnOlderOneCreated()
        async throws
    {
        let emulators = try CloudEmulators()
        let values = emulators.settings(
            bucket: CloudEmulators.uniqueName("bkt"), dataset: CloudEmulators.uniqueName("ds"))
        let writer = try CloudSettings(source: SettingsSource(values: values)).makeWriter(logger: .quiet)
        try await writer.client.createDataset(writer.dataset)
        // pull_requests as version 1 of the record made it: without first_commit_at.
        var old = try #require(BigQueryTables.table(for: .pullRequest))
        old.schema.fields.removeAll { $0.name == "first_commit_at" }
        #expect(try await writer.client.createTable(old, dataset: writer.dataset))
        let created = try await writer.createTables()
        #expect(!created.contains("pull_requests") && created.contains("reviews"))
        let table = try #require(try await writer.client.table("pull_requests", dataset: writer.dataset))
        #expect(table.columnNames.contains("first_commit_at"))
        // ... and a version-2 record lands in it.
        let record = VelocityMetricsFixture.records.compactMap { $0 as? PullRequest }.first { $0.firstCommitAt != nil }!
        let message = LogMessage(
            topic: TopicNames().records(.pullRequest), partition: 0, offset: 0, key: record.naturalKey,
            value: try RecordCoding.encode(record), headers: [:], timestamp: Date())
        let row = CloudRow(record: record, message: message)
        let outcome = try await writer.write([row], mode: .stream)
        #expect(outcome.rejected.isEmpty)
        let stored = try await writer.client.query(
            "SELECT FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', first_commit_at) FROM `\(writer.dataset).pull_requests`")
        #expect(stored.rows.first?.first ?? nil == ISO8601Timestamp.format(record.firstCommitAt!))
    }
}
