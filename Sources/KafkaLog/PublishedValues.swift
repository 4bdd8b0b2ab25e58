import Crypto
import EventLog
import Foundation
import SQLiteDB

/// What was last published under each key of each topic, as a digest, in a small SQLite file of the state
/// directory: a record fetched again unchanged is left out on Kafka as the embedded log leaves it out, so an
/// unchanged re-run adds nothing to the record topics. Processes sharing the state directory share what they know;
/// a key another process published is published once more (a copy the stores de-duplicate). An entry is trusted for
/// `ttl` only: an unchanged record goes out again once per `ttl`, so a topic whose retention is longer still holds
/// every key's latest value for a group that replays it from the start.
final class PublishedValues: Sendable {
    private let database: SQLiteDatabase
    let ttl: Duration

    init(path: String, ttl: Duration) throws {
        self.ttl = ttl
        database = try SQLiteDatabase(path: path, prepare: Self.migrate)
    }

    static func migrate(_ connection: SQLiteConnection) throws {
        try connection.migrate([
            SQLiteMigration(
                version: 1, description: "digest of the last value published per topic and key",
                sql: """
                    CREATE TABLE IF NOT EXISTS published(
                        topic TEXT NOT NULL, key TEXT NOT NULL, digest BLOB NOT NULL, published_at REAL NOT NULL,
                        PRIMARY KEY(topic, key)) WITHOUT ROWID
                    """)
        ])
    }

    static func digest(_ value: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: value)) }

    /// `messages` without those marked `skipIfUnchanged` whose very value was published within `ttl`.
    func changed(_ messages: [OutgoingMessage], now: Date = Date()) async throws -> [OutgoingMessage] {
        guard messages.contains(where: \.skipIfUnchanged) else { return messages }
        let oldest = now.timeIntervalSince1970 - Double(ttl.components.seconds)
        return try await database.perform { db in
            let lookup = try db.prepare("SELECT digest, published_at FROM published WHERE topic = ? AND key = ?")
            return try messages.filter { message in
                guard message.skipIfUnchanged else { return true }
                lookup.reset()
                defer { lookup.reset() }
                try lookup.bind([.text(message.topic), .text(message.key)])
                guard try lookup.step() else { return true }
                let row = lookup.row()
                return row.bytes(0) != Self.digest(message.value) || (row.double(1) ?? 0) < oldest
            }
        }
    }

    /// Notes `messages` (those marked `skipIfUnchanged`) as published now: acknowledged, or committed with their
    /// transaction.
    func record(_ messages: [OutgoingMessage], now: Date = Date()) async throws {
        let marked = messages.filter(\.skipIfUnchanged)
        guard !marked.isEmpty else { return }
        try await database.perform { db in
            try db.transaction {
                let upsert = try db.prepare(
                    """
                    INSERT INTO published(topic, key, digest, published_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(topic, key) DO UPDATE SET digest = excluded.digest, published_at = excluded.published_at
                    """)
                for message in marked {
                    try upsert.execute([
                        .text(message.topic), .text(message.key), .blob(Self.digest(message.value)),
                        .real(now.timeIntervalSince1970),
                    ])
                }
            }
        }
    }

    func close() async { await database.close() }
}
