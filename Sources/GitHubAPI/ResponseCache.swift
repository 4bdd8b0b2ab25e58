import Foundation
import SQLiteDB

/// A persistent cache of GitHub responses by URL, for conditional requests: a page sent again with its
/// `etag` is answered 304 when unchanged, which costs nothing against the rate limit.
///
/// Keyed by the whole URL: the base URL is part of an entry's identity (an etag of one GitHub Enterprise
/// server means nothing to another), so entries of a gone host (a restarted simulator's port) age out by `trim`.
/// Storing a `since=` window drops the same listing's other windows.
public final class ResponseCache: Sendable {
    /// A cached answer.
    public struct Entry: Sendable {
        public let etag: String?
        public let lastModified: String?
        public let link: String?
        public let body: [UInt8]
    }

    /// The cache file, used only on its own queue (never on Swift's cooperative pool).
    let database: SQLiteDatabase

    /// Opens (creating if needed) the cache file.
    public init(path: String) throws {
        database = try SQLiteDatabase(path: path, prepare: Self.migrate)
    }

    static func migrate(_ connection: SQLiteConnection) throws {
        try connection.migrate([
            SQLiteMigration(
                version: 1, description: "responses",
                sql: """
                    CREATE TABLE IF NOT EXISTS responses(
                        url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, link TEXT, body BLOB NOT NULL,
                        stored_at TEXT NOT NULL) WITHOUT ROWID
                    """),
            // Files older than the cache's `schema_migrations` may have the column already.
            SQLiteMigration(version: 2, description: "responses.family, indexes for trimming") { connection in
                let columns = try connection.query("PRAGMA table_info(responses)").compactMap { $0.string(1) }
                if !columns.contains("family") {
                    try connection.execute("ALTER TABLE responses ADD COLUMN family TEXT")
                }
                try connection.execute(
                    """
                    CREATE INDEX IF NOT EXISTS responses_family ON responses(family);
                    CREATE INDEX IF NOT EXISTS responses_stored_at ON responses(stored_at);
                    """)
            },
        ])
    }

    /// The cached answer for `url`; nil when there is none or the cache cannot be read (it only saves requests).
    public func lookup(_ url: String) async -> Entry? {
        try? await database.perform { db in
            try db.query("SELECT etag, last_modified, link, body FROM responses WHERE url = ?", [.text(url)]).first.map
            {
                Entry(etag: $0.string(0), lastModified: $0.string(1), link: $0.string(2), body: $0.bytes(3) ?? [])
            }
        }
    }

    /// Keeps `entry` for `url`. A cache that cannot be written only costs requests, so failures are ignored.
    public func store(_ url: String, _ entry: Entry) async {
        let family = Self.family(url)
        _ = try? await database.perform { db in
            try db.transaction {
                if family != url {
                    try db.run("DELETE FROM responses WHERE family = ? AND url <> ?", [.text(family), .text(url)])
                }
                try db.run(
                    """
                    INSERT INTO responses(url, etag, last_modified, link, body, stored_at, family)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                        link = excluded.link, body = excluded.body, stored_at = excluded.stored_at,
                        family = excluded.family
                    """,
                    [
                        .text(url), SQLiteValue(entry.etag), SQLiteValue(entry.lastModified), SQLiteValue(entry.link),
                        .blob(entry.body), .text(Date().formatted(.iso8601)), family == url ? .null : .text(family),
                    ])
            }
        }
    }

    /// Entries kept.
    public func count() async -> Int {
        let count = try? await database.perform { try $0.query("SELECT COUNT(*) FROM responses").first?.int(0) }
        return (count ?? nil) ?? 0
    }

    /// Closes the file once queued work has run.
    public func close() async { await database.close() }
}
