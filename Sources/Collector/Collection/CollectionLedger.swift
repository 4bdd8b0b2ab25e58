import Foundation
import SQLiteDB

/// Which collections were started, seeded and completed: a small SQLite file in the state directory, used only on
/// its own queue (never on Swift's cooperative pool).
public final class CollectionLedger: Sendable {
    private let database: SQLiteDatabase

    public init(path: String) throws {
        database = try SQLiteDatabase(path: path, prepare: Self.migrate)
    }

    static func migrate(_ connection: SQLiteConnection) throws {
        try connection.migrate([
            SQLiteMigration(
                version: 1, description: "collections",
                sql: """
                    CREATE TABLE IF NOT EXISTS collections(
                        id TEXT PRIMARY KEY, organizations TEXT NOT NULL, window_spec TEXT NOT NULL, since TEXT,
                        until TEXT, status TEXT NOT NULL, seeded INTEGER NOT NULL DEFAULT 0, started_at TEXT NOT NULL,
                        finished_at TEXT)
                    """),
            // Files older than the ledger's `schema_migrations` may have the column already.
            SQLiteMigration(version: 2, description: "collections.source (api or gharchive)") { connection in
                let columns = try connection.query("PRAGMA table_info(collections)").compactMap { $0.string(1) }
                if !columns.contains("source") {
                    try connection.execute("ALTER TABLE collections ADD COLUMN source TEXT NOT NULL DEFAULT 'api'")
                }
            },
        ])
    }

    public func insert(_ record: CollectionRecord) async throws {
        try await database.perform { db in
            try db.run(
                """
                INSERT INTO collections(id, organizations, window_spec, since, until, status, seeded, started_at, finished_at,
                    source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(record.id), .text(record.organizations.joined(separator: ",")), .text(record.window.spec),
                    Self.date(record.window.since), Self.date(record.window.until), .text(record.status.rawValue),
                    SQLiteValue(record.seeded), .text(record.startedAt.formatted(.iso8601)),
                    Self.date(record.finishedAt), .text(record.source.rawValue),
                ])
        }
    }

    /// Removes collection `id` if it was never seeded (a start that failed before any task was published).
    public func removeUnseeded(_ id: String) async throws {
        try await database.perform { try $0.run("DELETE FROM collections WHERE id = ? AND seeded = 0", [.text(id)]) }
    }

    public func markSeeded(_ id: String) async throws {
        try await database.perform { try $0.run("UPDATE collections SET seeded = 1 WHERE id = ?", [.text(id)]) }
    }

    public func markCompleted(_ id: String, at date: Date = Date()) async throws {
        try await database.perform {
            try $0.run(
                "UPDATE collections SET status = 'completed', finished_at = ? WHERE id = ?",
                [.text(date.formatted(.iso8601)), .text(id)])
        }
    }

    public func collection(id: String) async throws -> CollectionRecord? {
        try await records(where: "id = ?", [.text(id)]).first
    }

    /// Collections not completed, oldest first.
    public func unfinished() async throws -> [CollectionRecord] {
        try await records(where: "status = 'running'", [])
    }

    public func all() async throws -> [CollectionRecord] {
        try await records(where: "1 = 1", [])
    }

    private func records(where condition: String, _ arguments: [SQLiteValue]) async throws -> [CollectionRecord] {
        try await database.perform { db in
            try db.query(
                """
                SELECT id, organizations, window_spec, since, until, status, seeded, started_at, finished_at, source
                FROM collections WHERE \(condition) ORDER BY started_at, id
                """, arguments
            ).map { row in
                CollectionRecord(
                    id: row.string(0)!, source: .init(rawValue: row.string(9) ?? "api"),
                    organizations: row.string(1)!.split(separator: ",").map(String.init),
                    window: CollectionWindow(
                        spec: row.string(2)!, since: Self.parse(row.string(3)), until: Self.parse(row.string(4))),
                    status: .init(rawValue: row.string(5)!), seeded: row.int(6) == 1,
                    startedAt: Self.parse(row.string(7)) ?? Date(), finishedAt: Self.parse(row.string(8)))
            }
        }
    }

    private static func date(_ date: Date?) -> SQLiteValue {
        date.map { .text($0.formatted(.iso8601)) } ?? .null
    }

    private static func parse(_ text: String?) -> Date? {
        text.flatMap { try? Date($0, strategy: .iso8601) }
    }
}
