import Foundation
import GHRecords
import SQLiteDB

/// How far each repository's listing streams have been collected completely: the newest `updated_at` a stream
/// published in its last complete pass, and the window start that pass covered.
///
/// Times are ISO 8601 text in whole seconds, as GitHub writes them (a window start is rounded to the hour).
/// A pass is recorded as pending when its first page is read and becomes the stream's watermark only when its
/// last page is published, so a pass that crashed half-way (its newest items stored, older ones not) never
/// moves the watermark. Kept beside the response cache, in the fetcher's state folder.
public final class StreamWatermarks: Sendable {
    /// A completed pass of one stream.
    public struct Mark: Sendable, Equatable {
        /// Start of the window the pass covered; nil for all of history.
        public let windowStart: Date?
        /// The newest `updated_at` the pass read.
        public let newestUpdatedAt: Date

        /// Whether this pass read everything a window starting at `start` needs, up to `newestUpdatedAt`.
        public func covers(windowStart start: Date?) -> Bool {
            guard let windowStart else { return true }
            guard let start else { return false }
            return windowStart <= start
        }
    }

    /// The watermarks file, used only on its own queue (never on Swift's cooperative pool).
    private let database: SQLiteDatabase

    /// Opens (creating if needed) the watermarks file.
    public init(path: String) throws {
        database = try SQLiteDatabase(path: path) { connection in
            try connection.migrate([
                SQLiteMigration(
                    version: 1, description: "stream watermarks",
                    sql: """
                        CREATE TABLE IF NOT EXISTS stream_watermarks(
                            org TEXT NOT NULL, repo TEXT NOT NULL, stream TEXT NOT NULL,
                            window_start REAL, newest_updated_at REAL, completed_at TEXT,
                            pending_collection TEXT, pending_window_start REAL, pending_newest REAL,
                            PRIMARY KEY(org, repo, stream)) WITHOUT ROWID
                        """),
                SQLiteMigration(
                    version: 2,
                    description: "times as ISO 8601 text, as in every other SQLite file (were epoch seconds)",
                    sql: """
                        CREATE TABLE stream_watermarks_v2(
                            org TEXT NOT NULL, repo TEXT NOT NULL, stream TEXT NOT NULL,
                            window_start TEXT, newest_updated_at TEXT, completed_at TEXT,
                            pending_collection TEXT, pending_window_start TEXT, pending_newest TEXT,
                            PRIMARY KEY(org, repo, stream)) WITHOUT ROWID;
                        INSERT INTO stream_watermarks_v2 SELECT org, repo, stream,
                            strftime('%Y-%m-%dT%H:%M:%SZ', window_start, 'unixepoch'),
                            strftime('%Y-%m-%dT%H:%M:%SZ', newest_updated_at, 'unixepoch'), completed_at,
                            pending_collection, strftime('%Y-%m-%dT%H:%M:%SZ', pending_window_start, 'unixepoch'),
                            strftime('%Y-%m-%dT%H:%M:%SZ', pending_newest, 'unixepoch')
                            FROM stream_watermarks;
                        DROP TABLE stream_watermarks;
                        ALTER TABLE stream_watermarks_v2 RENAME TO stream_watermarks;
                        """),
            ])
        }
    }

    /// The last complete pass of a stream, if any.
    public func mark(org: String, repo: String, stream: String) async throws -> Mark? {
        try await database.perform { db in
            let rows = try db.query(
                "SELECT window_start, newest_updated_at FROM stream_watermarks WHERE org = ? AND repo = ? AND stream = ?",
                [.text(org), .text(repo), .text(stream)])
            guard let row = rows.first, let newest = row.string(1).flatMap(ISO8601Timestamp.parse) else { return nil }
            return Mark(
                windowStart: row.string(0).flatMap(ISO8601Timestamp.parse), newestUpdatedAt: newest)
        }
    }

    /// Records that `collection` started a pass over a stream whose newest item is `newest`.
    public func begin(
        org: String, repo: String, stream: String, collection: String, windowStart: Date?, newest: Date
    ) async throws {
        let start = SQLiteValue(windowStart.map(ISO8601Timestamp.format))
        let arguments: [SQLiteValue] = [
            .text(org), .text(repo), .text(stream), .text(collection), start, .text(ISO8601Timestamp.format(newest)),
        ]
        try await database.perform { db in
            try db.run(
                """
                INSERT INTO stream_watermarks(org, repo, stream, pending_collection, pending_window_start, pending_newest)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(org, repo, stream) DO UPDATE SET pending_collection = excluded.pending_collection,
                    pending_window_start = excluded.pending_window_start, pending_newest = excluded.pending_newest
                """, arguments)
        }
    }

    /// Makes `collection`'s pending pass the stream's watermark: its last page has been read.
    /// A pass another collection started since is left pending.
    public func complete(org: String, repo: String, stream: String, collection: String) async throws {
        try await database.perform { db in
            try db.run(
                """
                UPDATE stream_watermarks SET window_start = pending_window_start, newest_updated_at = pending_newest,
                    completed_at = ?, pending_collection = NULL, pending_window_start = NULL, pending_newest = NULL
                WHERE org = ? AND repo = ? AND stream = ? AND pending_collection = ?
                """,
                [.text(ISO8601Timestamp.format(Date())), .text(org), .text(repo), .text(stream), .text(collection)])
        }
    }

    /// Closes the file once work already queued has run.
    public func close() async { await database.close() }

    /// Forgets every watermark (the next pass of every stream reads its whole window).
    public func reset() async throws {
        try await database.perform { try $0.execute("DELETE FROM stream_watermarks") }
    }
}
