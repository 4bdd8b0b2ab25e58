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
        #expect(try Self.steps(directory.path("log.db")) == [1])
        #expect(
            try Self.steps(directory.path("ghstats.db"))
                == Array(1...(try Self.steps(directory.path("ghstats.db")).count)))
        #expect(try Self.steps(directory.path("collections.db")) == [1, 2])
        #expect(try Self.steps(directory.path("responses.db")) == [1, 2])
        #expect(try Self.steps(directory.path("watermarks.db")) == [1])
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

    @Test func aFileANewerBuildMigratedFurtherIsRefusedNamingBothVersions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("watermarks.db")
        _ = try StreamWatermarks(path: path)
        try SQLiteConnection(path: path).execute(
            "INSERT INTO schema_migrations VALUES (9, 'from a newer build', '2027-01-01T00:00:00Z')")
        let error = #expect(throws: SQLiteError.self) { try StreamWatermarks(path: path) }
        #expect(error?.message == "schema version 9 is newer than the 1 this build knows")
    }
}
