import EventLog
import Foundation
import SQLiteDB
import TestSupport
import Testing

/// SQLite work waits on its file's own queue: a lock held by another process parks no thread of Swift's
/// cooperative pool, however many tasks wait for it.
struct SQLiteOffThePoolTests {
    @Test func publishesWaitingOnAnotherConnectionsLockLeaveTheCooperativePoolFree() async throws {
        let directory = try TemporaryDirectory("ghstats-off-pool")
        defer { directory.remove() }
        var configuration = EmbeddedLogConfiguration(path: directory.path("log.db"))
        configuration.lockTimeout = .seconds(8)
        let log = try EmbeddedLog(configuration: configuration)
        try await log.createTopics([TopicSpec(name: "waiting", partitions: 1)])
        // Another connection (as another process would) holds the write lock.
        let holder = try SQLiteConnection(path: configuration.path)
        try holder.execute("BEGIN IMMEDIATE")
        // More publishes waiting for the lock than the pool has threads.
        let waiting = ProcessInfo.processInfo.activeProcessorCount * 4 + 2
        let probe = try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<waiting {
                group.addTask {
                    try await log.publish([OutgoingMessage(topic: "waiting", key: "\(index)", value: [UInt8(index)])])
                }
            }
            // Resuming after a sleep needs a free pool thread: with SQLite waiting on the pool this took the whole
            // lock timeout (and every publish then failed as busy).
            let started = ContinuousClock.now
            try await Task.sleep(for: .milliseconds(100))
            let probe = ContinuousClock.now - started
            try holder.execute("COMMIT")
            try await group.waitForAll()
            return probe
        }
        #expect(probe < .seconds(4), "a 100 ms sleep took \(probe) while publishes waited on the lock")
        #expect(try await log.endOffsets(topic: "waiting")[0] == Int64(waiting))
        try await log.close()
    }

    @Test func aClosedDatabaseAnswersClosedInsteadOfUsingTheConnection() async throws {
        let directory = try TemporaryDirectory("ghstats-off-pool")
        defer { directory.remove() }
        let database = try SQLiteDatabase(path: directory.path("db.sqlite")) { try $0.execute("CREATE TABLE t(x)") }
        try await database.perform { try $0.run("INSERT INTO t VALUES (1)") }
        await database.close()
        #expect(database.isClosed)
        await #expect(throws: SQLiteError.self) { try await database.perform { try $0.query("SELECT x FROM t") } }
        do {
            _ = try await database.perform { try $0.query("SELECT x FROM t") }
        } catch let error as SQLiteError {
            #expect(error.isClosed, "\(error)")
        }
    }
}

/// The embedded log's consumers read on a connection of their own.
struct EmbeddedLogReaderTests {
    @Test func aConsumerReadsWhileTheLogsWriterIsBusy() async throws {
        let directory = try TemporaryDirectory("ghstats-log-reader")
        defer { directory.remove() }
        var configuration = EmbeddedLogConfiguration(path: directory.path("log.db"))
        // Nothing kept in memory: every poll reads the file.
        configuration.recentMessagesBytes = 0
        configuration.lockTimeout = .seconds(8)
        let log = try EmbeddedLog(configuration: configuration)
        try await log.createTopics([TopicSpec(name: "reads", partitions: 1)])
        try await log.publish((0..<10).map { OutgoingMessage(topic: "reads", key: "\($0)", value: [UInt8($0)]) })
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "readers", topics: ["reads"]))
        // Another connection (as another process would) holds the write lock, and a publish waits for it on the
        // log's writing connection.
        let holder = try SQLiteConnection(path: configuration.path)
        try holder.execute("BEGIN IMMEDIATE")
        async let publishing: Void = log.publish([OutgoingMessage(topic: "reads", key: "late", value: [1])])
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        let messages = try await consumer.poll(maxMessages: 100, timeout: .seconds(5))
        let waited = ContinuousClock.now - started
        try holder.execute("COMMIT")
        try await publishing
        #expect(messages.map(\.offset) == Array(0..<10))
        #expect(waited < .seconds(3), "the poll waited \(waited) behind the waiting publish")
        await consumer.close()
        try await log.close()
    }
}
