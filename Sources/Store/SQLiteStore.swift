import EventLog
import Foundation
import GHRecords
import SQLiteDB

/// The SQLite store: one table per record type, upserts by natural key, and the consumed offsets
/// written in the same transaction as the rows they came from. Every use runs on the file's own queue
/// (`SQLiteDatabase`), never on Swift's cooperative pool.
public final class SQLiteStore: Sendable {
    public let path: String
    private let database: SQLiteDatabase

    /// The page size of a new store: SQLite's 4 KiB. Upserts land all over each table's key and index b-trees and
    /// every page they touch is written whole to the WAL: with 64 KiB pages the persist benchmark's upsert stage
    /// ran at half the rate (the GH Archive events' larger rows gained less than that).
    package static let pageSize = 4_096

    /// The store's page cache: a batch's upserts dirty pages all over the tables and indexes, and with SQLite's
    /// 2 MB default they were spilled to the WAL mid-transaction and read back (64 MiB cut the upsert's CPU by ~20%).
    package static let cacheKibibytes = 65_536

    /// Opens (creating if needed) the store and applies pending migrations.
    public convenience init(path: String) throws {
        try self.init(path: path, pageSize: Self.pageSize)
    }

    /// The store with `pageSize` for a new file (an existing file keeps its own), for benchmarks.
    package init(path: String, pageSize: Int) throws {
        self.path = path
        self.database = try SQLiteDatabase(
            path: path, pageSize: pageSize, cacheKibibytes: Self.cacheKibibytes, checkpointsInBackground: true,
            prepare: Self.migrate)
    }

    /// Applies pending migrations (`StoreMigrations`).
    static func migrate(_ db: SQLiteConnection) throws {
        try db.migrate(StoreMigrations.all)
    }

    /// The schema version applied.
    public func schemaVersion() async throws -> Int {
        try await database.perform { try $0.query("SELECT MAX(version) FROM schema_migrations").first?.int(0) ?? 0 }
    }

    /// Upserts `records` and `deadLetters` and records `positions` as consumed by `group`, in one transaction.
    package func write(
        _ records: [any StoredRecord], deadLetters: [DeadLetter], group: String, positions: CommitPositions
    ) async throws {
        try await write(StoredRows(records), deadLetters: deadLetters, group: group, positions: positions)
    }

    /// Upserts `rows` (records encoded ahead of time, off the store's thread) and `deadLetters` and records
    /// `positions` as consumed by `group`, in one transaction.
    package func write(
        _ rows: StoredRows, deadLetters: [DeadLetter], group: String, positions: CommitPositions
    ) async throws {
        try await database.perform { db in
            try db.transaction {
                for (upsertSQL, tableRows) in rows.tables {
                    try db.prepare(upsertSQL).execute(each: tableRows)
                }
                for letter in deadLetters {
                    try db.prepare(
                        """
                        INSERT INTO dead_letters(topic, partition, offset, collection_id, subject, reason, error, attempts,
                            payload, dead_lettered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(topic, partition, offset) DO NOTHING
                        """
                    ).execute([
                        .text(letter.topic), .integer(Int64(letter.partition)), .integer(letter.offset),
                        SQLiteValue(letter.collectionID), .text(letter.subject), .text(letter.reason),
                        .text(letter.error), SQLiteValue(letter.attempts), .text(letter.payload),
                        .text(Date().formatted(.iso8601)),
                    ])
                }
                for (topicPartition, offset) in positions.offsets {
                    try db.prepare(
                        """
                        INSERT INTO sink_offsets(consumer_group, topic, partition, next_offset) VALUES (?, ?, ?, ?)
                        ON CONFLICT(consumer_group, topic, partition) DO UPDATE SET next_offset = excluded.next_offset
                            WHERE excluded.next_offset > sink_offsets.next_offset
                        """
                    ).execute([
                        .text(group), .text(topicPartition.topic), .integer(Int64(topicPartition.partition)),
                        .integer(offset),
                    ])
                }
            }
        }
    }

    /// The next offsets `group` has stored rows for (the store's own checkpoint).
    public func sinkOffsets(group: String) async throws -> [TopicPartition: Int64] {
        try await database.perform { db in
            var result: [TopicPartition: Int64] = [:]
            for row in try db.query(
                "SELECT topic, partition, next_offset FROM sink_offsets WHERE consumer_group = ?", [.text(group)])
            {
                result[TopicPartition(topic: row.string(0)!, partition: Int32(row.int64(1)!))] = row.int64(2)!
            }
            return result
        }
    }

    /// Forgets `group`'s stored offsets, so a replay rewrites every row.
    public func resetSinkOffsets(group: String) async throws {
        try await database.perform { try $0.run("DELETE FROM sink_offsets WHERE consumer_group = ?", [.text(group)]) }
    }

    /// Rows per table.
    public func counts() async throws -> StoreCounts {
        try await database.perform { db in
            func count(_ table: String) throws -> Int {
                try db.query("SELECT COUNT(*) FROM \(table)").first?.int(0) ?? 0
            }
            var counts = StoreCounts()
            counts.repositories = try count("repositories")
            counts.pullRequests = try count("pull_requests")
            counts.reviews = try count("reviews")
            counts.reviewComments = try count("review_comments")
            counts.issueComments = try count("issue_comments")
            counts.commits = try count("commits")
            counts.events = try count("events")
            counts.deadLetters = try count("dead_letters")
            return counts
        }
    }

    /// Dead letters, of one collection or all.
    public func deadLetters(collectionID: String? = nil) async throws -> [DeadLetter] {
        try await database.perform { db in
            let rows: [SQLiteRow]
            let columns = "topic, partition, offset, collection_id, subject, reason, error, attempts, payload"
            if let collectionID {
                rows = try db.query(
                    "SELECT \(columns) FROM dead_letters WHERE collection_id = ? ORDER BY dead_lettered_at",
                    [.text(collectionID)])
            } else {
                rows = try db.query("SELECT \(columns) FROM dead_letters ORDER BY dead_lettered_at")
            }
            return rows.map { row in
                DeadLetter(
                    topic: row.string(0)!, partition: Int32(row.int64(1)!), offset: row.int64(2)!,
                    collectionID: row.string(3), subject: row.string(4) ?? "", reason: row.string(5) ?? "",
                    error: row.string(6) ?? "", attempts: row.int(7), payload: row.string(8) ?? "")
            }
        }
    }

    /// Runs `body` in one write transaction on the store's connection.
    func withTransaction<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await database.perform { db throws -> T in
            let result: T = try db.transaction { try body(db) }
            return result
        }
    }

    /// Runs a read-only query (for reports and tests).
    public func query(_ sql: String, _ arguments: [SQLiteValue] = []) async throws -> [SQLiteRow] {
        try await database.perform { try $0.query(sql, arguments) }
    }

    /// Closes the file once queued work has run.
    public func close() async { await database.close() }
}
