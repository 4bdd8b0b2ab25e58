import DurationConversion
import Foundation
import SQLiteDB
import Synchronization

/// The embedded transport: a durable, partitioned log in one SQLite file, for one machine with no broker.
///
/// Offsets, group offsets, seek and replay behave as on Kafka. One connection serves the process; other
/// processes may open the same file (SQLite's locking serialises them).
public final class EmbeddedLog: EventLog {
    public let configuration: EmbeddedLogConfiguration
    /// The log file, used only on its own queue (never on Swift's cooperative pool).
    let database: SQLiteDatabase
    /// A second connection for consumers' reads, on a queue of its own: in WAL mode a poll then reads while
    /// `database` appends or commits, and neither waits for the other.
    let reader: SQLiteDatabase
    /// Bumped by every append in this process: idle consumers skip reading until it moves (or a while passed,
    /// for appends by other processes sharing the file).
    let appends = Atomic<Int>(0)
    /// Set by `close`: consumers of this log then throw `.closed`, even for messages still in `recent`.
    let isClosed = Atomic<Bool>(false)
    /// What this process appended last, for its own consumers.
    let recent: RecentMessages

    /// Opens (creating if needed) the log file.
    public init(configuration: EmbeddedLogConfiguration = .init()) throws {
        self.configuration = configuration
        let pageSizes = (9...16).map { 1 << $0 }
        guard pageSizes.contains(configuration.pageSize) else {
            throw EventLogError(
                code: .invalidArgument,
                context: "embedded log pageSize \(configuration.pageSize) is not a power of two from 512 to 65,536")
        }
        guard configuration.recentMessagesBytes >= 0 else {
            throw EventLogError(
                code: .invalidArgument,
                context: "embedded log recentMessagesBytes \(configuration.recentMessagesBytes) is negative")
        }
        self.recent = RecentMessages(budget: configuration.recentMessagesBytes)
        do {
            let milliseconds = Int32(clamping: configuration.lockTimeout.inMilliseconds)
            self.database = try SQLiteDatabase(
                path: configuration.path, busyTimeoutMilliseconds: milliseconds, pageSize: configuration.pageSize,
                prepare: Self.migrate)
            self.reader = try SQLiteDatabase(
                path: configuration.path, busyTimeoutMilliseconds: milliseconds, pageSize: configuration.pageSize)
        } catch {
            throw EventLogError(
                code: .storage, context: "opening embedded log \(configuration.path)", underlying: error)
        }
    }

    /// Runs `body` with the connection on the log file's queue, mapping storage failures to `EventLogError`.
    func withDatabase<T: Sendable>(
        _ context: @autoclosure () -> String, _ body: @escaping @Sendable (SQLiteConnection) throws -> T
    ) async throws -> T {
        try await Self.perform(body, on: database, context)
    }

    /// Runs `body`, which only reads, with the reading connection on its own queue.
    func withReader<T: Sendable>(
        _ context: @autoclosure () -> String, _ body: @escaping @Sendable (SQLiteConnection) throws -> T
    ) async throws -> T {
        try await Self.perform(body, on: reader, context)
    }

    private static func perform<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteConnection) throws -> T, on database: SQLiteDatabase,
        _ context: () -> String
    ) async throws -> T {
        do {
            return try await database.perform(body)
        } catch {
            throw logError(error, context())
        }
    }

    private static func logError(_ error: any Error, _ context: String) -> any Error {
        switch error {
        case let error as EventLogError: return error
        case let error as SQLiteError where error.isClosed: return EventLogError(code: .closed, context: context)
        case let error as SQLiteError:
            return EventLogError(code: .storage, context: context, underlying: error, isRetriable: error.isBusy)
        default: return error
        }
    }

    public func createTopics(_ specs: [TopicSpec]) async throws {
        for spec in specs where spec.partitions < 1 {
            throw EventLogError(code: .invalidArgument, context: "topic \(spec.name) needs at least one partition")
        }
        try await withDatabase("creating topics") { db in
            try db.transaction {
                for spec in specs {
                    try db.run(
                        "INSERT INTO log_topics(name, partitions, created_at_ms) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING",
                        [.text(spec.name), .integer(Int64(spec.partitions)), .integer(Self.nowMilliseconds())]
                    )
                }
            }
        }
    }

    /// The partition count of every topic.
    public func topics() async throws -> [String: Int32] {
        try await withDatabase("listing topics") { db in
            var result: [String: Int32] = [:]
            for row in try db.query("SELECT name, partitions FROM log_topics") {
                result[row.string(0)!] = Int32(row.int64(1)!)
            }
            return result
        }
    }

    public func publish(_ messages: [OutgoingMessage]) async throws {
        guard !messages.isEmpty else { return }
        let recent = recent
        try await withDatabase("publishing \(messages.count) messages") { db in
            let appended = try db.transaction { try Self.append(messages, to: db) }
            recent.add(appended)
        }
        appends.add(1, ordering: .releasing)
    }

    public func makeConsumer(_ subscription: ConsumerSubscription) async throws -> any EventLogConsumer {
        try await EmbeddedConsumer.join(log: self, subscription: subscription)
    }

    public func endOffsets(topic: String) async throws -> [Int32: Int64] {
        try await withDatabase("reading end offsets of \(topic)") { db in
            let partitions = try Self.partitionCount(topic, db)
            var result: [Int32: Int64] = [:]
            for partition in 0..<partitions {
                result[partition] = try Self.nextOffset(topic, partition, db)
            }
            return result
        }
    }

    public func startOffsets(topic: String) async throws -> [Int32: Int64] {
        try await withDatabase("reading start offsets of \(topic)") { db in
            let partitions = try Self.partitionCount(topic, db)
            var result: [Int32: Int64] = [:]
            for partition in 0..<partitions {
                let row = try db.query(
                    "SELECT MIN(offset) FROM log_messages WHERE topic = ? AND partition = ?",
                    [.text(topic), .integer(Int64(partition))]
                )
                result[partition] = row.first?.int64(0) ?? 0
            }
            return result
        }
    }

    public func committedOffsets(group: String, topic: String) async throws -> [Int32: Int64] {
        try await withDatabase("reading offsets of group \(group)") { db in
            try Self.committed(group: group, topic: topic, db)
        }
    }

    /// Forgets which value each key published last, so the next messages are published even when they repeat it
    /// (a store made again needs every record).
    public func forgetLatestValues() async throws {
        try await withDatabase("forgetting the latest value of each key") { db in
            try db.execute("DELETE FROM log_latest")
        }
    }

    public func resetOffsets(group: String, topic: String, to position: SeekPosition) async throws {
        try await withDatabase("resetting group \(group) on \(topic) to \(position)") { db in
            try db.transaction {
                let partitions = try Self.partitionCount(topic, db)
                var positions: [TopicPartition: Int64] = [:]
                for partition in 0..<partitions {
                    positions[TopicPartition(topic: topic, partition: partition)] =
                        try Self.resolve(position, topic: topic, partition: partition, db)
                }
                try Self.storeOffsets(group: group, CommitPositions(positions), db)
            }
        }
    }

    public func close() async throws {
        isClosed.store(true, ordering: .releasing)
        await reader.close()
        await database.close()
    }
}
