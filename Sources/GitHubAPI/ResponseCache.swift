import Foundation
import SQLiteDB
import Synchronization

/// A persistent cache of GitHub responses by URL, for conditional requests: a page sent again with its
/// `etag` is answered 304 when unchanged, which costs nothing against the rate limit.
public final class ResponseCache: Sendable {
    /// A cached answer.
    public struct Entry: Sendable {
        public let etag: String?
        public let lastModified: String?
        public let link: String?
        public let body: [UInt8]
    }

    private let connection: Mutex<SQLiteConnection>

    /// Opens (creating if needed) the cache file.
    public init(path: String) throws {
        let connection = try SQLiteConnection(path: path)
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS responses(
                url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, link TEXT, body BLOB NOT NULL,
                stored_at TEXT NOT NULL) WITHOUT ROWID
            """)
        self.connection = Mutex(connection)
    }

    public func lookup(_ url: String) -> Entry? {
        try? connection.withLock { db in
            try db.query("SELECT etag, last_modified, link, body FROM responses WHERE url = ?", [.text(url)]).first.map {
                Entry(etag: $0.string(0), lastModified: $0.string(1), link: $0.string(2), body: $0.bytes(3) ?? [])
            }
        }
    }

    /// Keeps `entry` for `url`. A cache that cannot be written only costs requests, so failures are ignored.
    public func store(_ url: String, _ entry: Entry) {
        try? connection.withLock { db in
            try db.run(
                """
                INSERT INTO responses(url, etag, last_modified, link, body, stored_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                    link = excluded.link, body = excluded.body, stored_at = excluded.stored_at
                """,
                [.text(url), SQLiteValue(entry.etag), SQLiteValue(entry.lastModified), SQLiteValue(entry.link),
                 .blob(entry.body), .text(Date().formatted(.iso8601))])
        }
    }

    /// Entries kept.
    public var count: Int {
        let count = try? connection.withLock { try $0.query("SELECT COUNT(*) FROM responses").first?.int(0) }
        return (count ?? nil) ?? 0
    }
}
