import EventLog
import Foundation
import GHRecords
import Logging
import Pipeline
import SQLiteDB
import Store
import TestSupport
import Testing

@Suite struct SQLiteStoreTests {
    static func pullRequest(title: String, updatedAt: Date) -> PullRequest {
        PullRequest(
            id: 1, org: "acme", repo: "api", number: 7, title: title, state: "open", authorLogin: "alice",
            authorType: "User", draft: false, createdAt: Date(timeIntervalSince1970: 0), updatedAt: updatedAt,
            closedAt: nil, mergedAt: nil, merged: false, mergedBy: nil, additions: 1, deletions: 1, changedFiles: 1,
            commits: 1, comments: 0, reviewComments: 0, labels: ["bug", "say \"hi\""], requestedReviewers: [],
            baseRef: "main", headRef: "f")
    }

    static func message(_ record: PullRequest, offset: Int64) throws -> OutgoingMessage {
        OutgoingMessage(
            topic: TopicNames().records(.pullRequest), key: record.naturalKey, value: try RecordCoding.encode(record),
            headers: [MessageHeaders.collectionID: "c1"])
    }

    /// Runs the SQLite persister until it has consumed everything, then stops it.
    static func persistAll(log: EmbeddedLog, store: SQLiteStore) async throws {
        let persister = SQLitePersister(log: log, store: store, logger: .quiet)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await persister.run() }
            let topics = SQLitePersister.consumedTopics(TopicNames())
            while try await log.lag(group: "ghstats-sqlite", topics: topics) > 0 {
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
        }
    }

    static func openLog(_ directory: TemporaryDirectory) async throws -> EmbeddedLog {
        let log = try EmbeddedLog(configuration: .init(path: directory.path("log.db")))
        try await log.createTopics(PipelineConfiguration().topicSpecs)
        return log
    }

    @Test func migrationsRunOnceAndRecordTheSchemaVersion() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try SQLiteStore(path: directory.path("s.db"))
        let store = try SQLiteStore(path: directory.path("s.db"))
        #expect(try await store.schemaVersion() == 7)
        #expect(try await store.query("SELECT COUNT(*) FROM schema_migrations").first?.int(0) == 7)
        let indexes = try await store.query(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
        #expect(Set(indexes.compactMap { $0.string(0) }) == SQLiteStoreMigrationTests.secondaryIndexes)
        #expect(try await store.query("PRAGMA journal_mode").first?.string(0) == "wal")
        // Upserts touch pages all over the b-trees and each is written whole: small pages for the store.
        #expect(try await store.query("PRAGMA page_size").first?.int(0) == 4_096)
    }

    @Test func anOlderVersionOfARowNeverReplacesANewerOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await Self.openLog(directory)
        let store = try SQLiteStore(path: directory.path("s.db"))
        let newer = Self.pullRequest(title: "newer", updatedAt: Date(timeIntervalSince1970: 2_000))
        let older = Self.pullRequest(title: "older", updatedAt: Date(timeIntervalSince1970: 1_000))
        try await log.publish([try Self.message(newer, offset: 0), try Self.message(older, offset: 1)])
        try await Self.persistAll(log: log, store: store)
        let rows = try await store.query("SELECT title, labels FROM pull_requests")
        #expect(rows.count == 1)
        #expect(rows.first?.string(0) == "newer")
        #expect(rows.first?.string(1) == #"["bug","say \"hi\""]"#)
    }

    @Test func anInvalidRecordMessageIsDeadLetteredAndTheRestOfTheBatchLands() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await Self.openLog(directory)
        let store = try SQLiteStore(path: directory.path("s.db"))
        let topics = TopicNames()
        try await log.publish([
            OutgoingMessage(
                topic: topics.records(.pullRequest), key: "acme/api#9", value: Array("{\"id\": \"x\"}".utf8),
                headers: [MessageHeaders.collectionID: "c1"]),
            try Self.message(Self.pullRequest(title: "ok", updatedAt: Date()), offset: 1),
        ])
        try await Self.persistAll(log: log, store: store)
        #expect(try await store.counts().pullRequests == 1)
        // The rejected message went to the records dead-letter topic with its reason, and from there to the store.
        #expect(try await log.endOffsets(topic: topics.recordDeadLetters).values.reduce(0, +) == 1)
        try await Self.persistAll(log: log, store: store)
        let letters = try await store.deadLetters()
        #expect(letters.count == 1)
        #expect(letters.first?.reason == "invalid_record")
        #expect(letters.first?.subject == "acme/api#9")
        #expect(letters.first?.collectionID == "c1")
    }

    @Test func aReplayedTopicRewritesTheSameRowsWithoutDuplicates() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await Self.openLog(directory)
        let store = try SQLiteStore(path: directory.path("s.db"))
        let messages = try (1...50).map { number -> OutgoingMessage in
            var record = Self.pullRequest(title: "t\(number)", updatedAt: Date(timeIntervalSince1970: 10))
            record.number = number
            return try Self.message(record, offset: Int64(number))
        }
        try await log.publish(messages)
        try await Self.persistAll(log: log, store: store)
        try await log.resetOffsets(group: "ghstats-sqlite", topic: TopicNames().records(.pullRequest), to: .earliest)
        try await store.resetSinkOffsets(group: "ghstats-sqlite")
        try await Self.persistAll(log: log, store: store)
        #expect(try await store.counts().pullRequests == 50)
    }
}

/// The persister writes one batch while it prepares the next and polls the one after.
@Suite struct PersisterPipeliningTests {
    @Test func everyBatchInHandIsWrittenWhileTheTopicsStayQuiet() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await SQLiteStoreTests.openLog(directory)
        let store = try SQLiteStore(path: directory.path("s.db"))
        try await log.publish(
            try (1...30).map { number in
                var record = SQLiteStoreTests.pullRequest(title: "t\(number)", updatedAt: Date())
                record.number = number
                return try SQLiteStoreTests.message(record, offset: Int64(number))
            })
        var configuration = SQLitePersister.Configuration()
        configuration.batchSize = 7
        let persister = SQLitePersister(log: log, store: store, configuration: configuration, logger: .quiet)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await persister.run() }
            // Nothing more is published: the last batches must not wait for a poll that finds nothing.
            let deadline = ContinuousClock.now + .seconds(30)
            while try await store.counts().pullRequests < 30, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
        }
        #expect(try await store.counts().pullRequests == 30)
        let topic = TopicNames().records(.pullRequest)
        let stored = try await store.sinkOffsets(group: configuration.group)
        #expect(stored.values.reduce(0, +) == 30, "the store's own offsets: \(stored)")
        #expect(try await log.committedOffsets(group: configuration.group, topic: topic).values.reduce(0, +) == 30)
    }

    @Test func aWriteThatFailsStopsThePersisterAtOnceWithItsError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await SQLiteStoreTests.openLog(directory)
        let store = try SQLiteStore(path: directory.path("s.db"))
        try await log.publish([
            try SQLiteStoreTests.message(SQLiteStoreTests.pullRequest(title: "t", updatedAt: Date()), offset: 1)
        ])
        await store.close()
        let persister = SQLitePersister(log: log, store: store, logger: .quiet)
        let started = ContinuousClock.now
        // The poll running beside the failed write waits on a quiet topic; the failure cancels it.
        await #expect(throws: SQLiteError.self) { try await persister.run() }
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(
            try await log.committedOffsets(group: "ghstats-sqlite", topic: TopicNames().records(.pullRequest)).isEmpty)
    }
}

@Suite struct SQLiteStoreConcurrencyTests {
    @Test func storesOpenedAtOnceOnANewFileMigrateItOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("fresh.db")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask { _ = try SQLiteStore(path: path) }
            }
            try await group.waitForAll()
        }
        let store = try SQLiteStore(path: path)
        let applied = try await store.query("SELECT COUNT(*) FROM schema_migrations").first?.int(0)
        #expect(applied == (try await store.schemaVersion()))
        #expect(try await store.schemaVersion() >= 2)
    }
}
