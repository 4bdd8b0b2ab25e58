import Collector
import EventLog
import Foundation
import GitHubAPI
import Pipeline
import SQLiteDB
import Store
import TestSupport
import Testing

/// Every SQLite file ghstats writes keeps its schema the same way: numbered steps in `schema_migrations`.
@Suite struct SchemaMigrationsTests {
    static func steps(_ path: String) throws -> [Int] {
        try SQLiteConnection(path: path).query("SELECT version FROM schema_migrations ORDER BY version")
            .compactMap { $0.int(0) }
    }

    @Test func everyStateFileRecordsItsStepsInSchemaMigrations() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try EmbeddedLog(configuration: EmbeddedLogConfiguration(path: directory.path("log.db")))
        try await log.close()
        let store = try SQLiteStore(path: directory.path("ghstats.db"))
        await store.close()
        _ = try CollectionLedger(path: directory.path("collections.db"))
        _ = try ResponseCache(path: directory.path("responses.db"))
        _ = try StreamWatermarks(path: directory.path("watermarks.db"))
        #expect(try Self.steps(directory.path("log.db")) == [1, 2])
        #expect(
            try Self.steps(directory.path("ghstats.db"))
                == Array(1...(try Self.steps(directory.path("ghstats.db")).count)))
        #expect(try Self.steps(directory.path("collections.db")) == [1, 2])
        #expect(try Self.steps(directory.path("responses.db")) == [1, 2])
        #expect(try Self.steps(directory.path("watermarks.db")) == [1, 2])
    }

    @Test func aLedgerMadeBeforeSchemaMigrationsIsTakenAsItIs() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("collections.db")
        try SQLiteConnection(path: path).execute(
            """
            CREATE TABLE collections(
                id TEXT PRIMARY KEY, organizations TEXT NOT NULL, window_spec TEXT NOT NULL, since TEXT, until TEXT,
                status TEXT NOT NULL, seeded INTEGER NOT NULL DEFAULT 0, started_at TEXT NOT NULL, finished_at TEXT,
                source TEXT NOT NULL DEFAULT 'api');
            INSERT INTO collections(id, organizations, window_spec, status, seeded, started_at)
                VALUES ('c-old', 'acme', '7d', 'running', 1, '2026-01-01T00:00:00Z');
            """)
        let ledger = try CollectionLedger(path: path)
        #expect(try await ledger.unfinished().map(\.id) == ["c-old"])
        #expect(try Self.steps(path) == [1, 2])
    }

    @Test func watermarksKeptAsEpochSecondsReadBackAsTheSameTimes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("watermarks.db")
        // A file as the first version wrote it: times as REAL seconds since 1970.
        try SQLiteConnection(path: path).execute(
            """
            CREATE TABLE stream_watermarks(
                org TEXT NOT NULL, repo TEXT NOT NULL, stream TEXT NOT NULL,
                window_start REAL, newest_updated_at REAL, completed_at TEXT,
                pending_collection TEXT, pending_window_start REAL, pending_newest REAL,
                PRIMARY KEY(org, repo, stream)) WITHOUT ROWID;
            INSERT INTO stream_watermarks VALUES
                ('acme', 'api', 'pulls', 1767225600, 1767312000, '2026-01-02T00:00:00Z', 'c-2', 1767229200, 1767315600),
                ('acme', 'web', 'pulls', NULL, 1767312001, '2026-01-02T00:00:00Z', NULL, NULL, NULL);
            """)
        let watermarks = try StreamWatermarks(path: path)
        let api = try #require(try await watermarks.mark(org: "acme", repo: "api", stream: "pulls"))
        #expect(api.windowStart == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(api.newestUpdatedAt == Date(timeIntervalSince1970: 1_767_312_000))
        let web = try #require(try await watermarks.mark(org: "acme", repo: "web", stream: "pulls"))
        #expect(web.windowStart == nil && web.newestUpdatedAt == Date(timeIntervalSince1970: 1_767_312_001))
        // The pending pass converted too: completing it makes it the mark.
        try await watermarks.complete(org: "acme", repo: "api", stream: "pulls", collection: "c-2")
        let completed = try #require(try await watermarks.mark(org: "acme", repo: "api", stream: "pulls"))
        #expect(completed.windowStart == Date(timeIntervalSince1970: 1_767_229_200))
        #expect(completed.newestUpdatedAt == Date(timeIntervalSince1970: 1_767_315_600))
        let stored = try SQLiteConnection(path: path).query(
            "SELECT newest_updated_at FROM stream_watermarks WHERE repo = 'web'")
        #expect(stored.first?.string(0) == "2026-01-02T00:00:01Z")
        #expect(try Self.steps(path) == [1, 2])
        await watermarks.close()
    }

    @Test func aFileANewerBuildMigratedFurtherIsRefusedNamingBothVersions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("watermarks.db")
        _ = try StreamWatermarks(path: path)
        try SQLiteConnection(path: path).execute(
            "INSERT INTO schema_migrations VALUES (9, 'from a newer build', '2027-01-01T00:00:00Z')")
        let error = #expect(throws: SQLiteError.self) { try StreamWatermarks(path: path) }
        #expect(error?.message == "schema version 9 is newer than the 2 this build knows")
    }
}
