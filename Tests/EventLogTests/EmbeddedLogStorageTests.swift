import EventLog
import Foundation
import SQLiteDB
import TestSupport
import Testing

/// What only the embedded log has: its file format, the in-memory tail of recent messages, its settings.
@Suite struct EmbeddedLogStorageTests {
    static func messages(_ range: Range<Int>, topic: String = "t", key: String = "k") -> [OutgoingMessage] {
        range.map {
            OutgoingMessage(topic: topic, key: key, value: Array("value-\($0)".utf8), headers: ["index": "\($0)"])
        }
    }

    static func drain(_ consumer: any EventLogConsumer, count: Int) async throws -> [LogMessage] {
        try await EventLogConformanceTests.drain(consumer, count: count, max: 37)
    }

    @Test func aLogFileOfFormatOneOpensConvertedWithEveryMessageAndCommittedOffset() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("log.db")
        do {
            // The layout this build's predecessor wrote (messages in a WITHOUT ROWID table, format 1).
            let db = try SQLiteConnection(path: path)
            try db.execute(
                """
                CREATE TABLE log_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE log_topics(name TEXT PRIMARY KEY, partitions INTEGER NOT NULL, created_at_ms INTEGER NOT NULL);
                CREATE TABLE log_messages(
                    topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
                    key TEXT, value BLOB NOT NULL, headers TEXT, timestamp_ms INTEGER NOT NULL,
                    PRIMARY KEY(topic, partition, offset)) WITHOUT ROWID;
                CREATE TABLE log_group_offsets(
                    group_id TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
                    next_offset INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
                    PRIMARY KEY(group_id, topic, partition)) WITHOUT ROWID;
                INSERT INTO log_meta VALUES ('format_version', '1');
                INSERT INTO log_topics VALUES ('t', 1, 0);
                INSERT INTO log_group_offsets VALUES ('g', 't', 0, 3, 0);
                """)
            for offset in 0..<5 {
                try db.run(
                    "INSERT INTO log_messages VALUES ('t', 0, ?, 'k', ?, ?, 1000)",
                    [.integer(Int64(offset)), .blob(Array("old-\(offset)".utf8)), .text("index\u{1F}\(offset)")])
            }
        }
        let log = try EmbeddedLog(configuration: .init(path: path))
        #expect(try await log.endOffsets(topic: "t") == [0: 5])
        #expect(try await log.committedOffsets(group: "g", topic: "t") == [0: 3])
        try await log.publish(Self.messages(5..<7))
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let rest = try await Self.drain(consumer, count: 4)
        #expect(rest.map(\.offset) == [3, 4, 5, 6])
        #expect(rest.map { String(decoding: $0.value, as: UTF8.self) } == ["old-3", "old-4", "value-5", "value-6"])
        #expect(rest.map { $0.headers["index"] } == ["3", "4", "5", "6"])
        try await log.close()
        let db = try SQLiteConnection(path: path)
        #expect(try db.query("SELECT value FROM log_meta WHERE key = 'format_version'").first?.string(0) == "2")
        let table = try db.query("SELECT sql FROM sqlite_master WHERE name = 'log_messages'").first?.string(0) ?? ""
        #expect(!table.contains("WITHOUT ROWID"))
        #expect(
            try db.query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'log_messages_format1'").first?.int(0) == 0)
    }

    @Test func aLogFileANewerBuildMigratedIsRefusedWithItsVersion() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("log.db")
        _ = try EmbeddedLog(configuration: .init(path: path))
        try SQLiteConnection(path: path).execute(
            "INSERT INTO schema_migrations VALUES (9, 'a newer build', '2027-01-01T00:00:00Z')")
        let error = #expect(throws: (any Error).self) { try EmbeddedLog(configuration: .init(path: path)) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("schema version 9 is newer than the 2 this build knows"))
    }

    @Test func messagesAnotherHandleAppendsBetweenOursReachTheConsumerInOffsetOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ours = try EmbeddedLog(configuration: .init(path: directory.path("log.db")))
        let theirs = try EmbeddedLog(configuration: .init(path: directory.path("log.db")))
        try await ours.createTopics([TopicSpec(name: "t", partitions: 1)])
        let consumer = try await ours.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        try await ours.publish(Self.messages(0..<10))
        #expect(try await Self.drain(consumer, count: 5).count == 5)
        // Another process's appends are in the file only; ours after them do not continue our tail in memory.
        try await theirs.publish(Self.messages(10..<20))
        try await ours.publish(Self.messages(20..<30))
        let rest = try await Self.drain(consumer, count: 25)
        #expect(rest.map(\.offset) == Array(5..<30).map(Int64.init))
        #expect(rest.map { $0.headers["index"] } == (5..<30).map(String.init))
        try await ours.close()
        try await theirs.close()
    }

    @Test func aConsumerFarBehindTheInMemoryTailReadsTheRestFromTheFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = EmbeddedLogConfiguration(path: directory.path("log.db"))
        configuration.recentMessagesBytes = 2_000
        let log = try EmbeddedLog(configuration: configuration)
        try await log.createTopics([TopicSpec(name: "t", partitions: 3)])
        for start in stride(from: 0, to: 600, by: 50) {
            try await log.publish(
                (start..<(start + 50)).map {
                    OutgoingMessage(
                        topic: "t", key: "key-\($0 % 11)", value: Array("value-\($0)".utf8), headers: ["index": "\($0)"]
                    )
                })
        }
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let received = try await Self.drain(consumer, count: 600)
        #expect(received.count == 600)
        #expect(Set(received.map { $0.headers["index"]! }).count == 600)
        for partition in Dictionary(grouping: received, by: \.partition).values {
            #expect(partition.map(\.offset) == Array(0..<Int64(partition.count)))
        }
        try await log.close()
    }

    @Test(arguments: [
        ["ghstats-schema": "event/1", "ghstats-collection-id": "c-1"],
        ["empty": "", "unicode": "kévin 😀"],
        ["separator": "a\u{1F}b\u{1E}c"],
        ["{starts-like-json": "x"],
    ])
    func headersReadBackFromTheFileAsTheyWerePublished(headers: [String: String]) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = EmbeddedLogConfiguration(path: directory.path("log.db"))
        configuration.recentMessagesBytes = 0
        let log = try EmbeddedLog(configuration: configuration)
        try await log.createTopics([TopicSpec(name: "t", partitions: 1)])
        try await log.publish([OutgoingMessage(topic: "t", key: "k", value: [1], headers: headers)])
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        #expect(try await Self.drain(consumer, count: 1).first?.headers == headers)
        try await log.close()
    }

    @Test func aNewLogFileHasLargePagesAndAnUnusablePageSizeIsRefusedByName() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try EmbeddedLog(configuration: .init(path: directory.path("log.db")))
        #expect(try SQLiteConnection(path: directory.path("log.db")).query("PRAGMA page_size").first?.int(0) == 65_536)
        var configuration = EmbeddedLogConfiguration(path: directory.path("other.db"))
        configuration.pageSize = 10_000
        let error = #expect(throws: EventLogError.self) { try EmbeddedLog(configuration: configuration) }
        #expect(error?.code == .invalidArgument)
        #expect("\(error.map { "\($0)" } ?? "")".contains("pageSize 10000"))
    }
}
