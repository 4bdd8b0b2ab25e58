import Foundation
import GHRecords
import SQLiteDB
import TestSupport
import Testing

@testable import Store

/// Stores written by an earlier version open with their rows, in the layout of this one.
@Suite struct SQLiteStoreMigrationTests {
    /// A store as the build before migration 6 left it, with `events` rows in its WITHOUT ROWID table.
    static func storeAtVersionFive(_ path: String, events: [GitHubEvent]) throws {
        let db = try SQLiteConnection(path: path)
        try db.execute(
            "CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        for migration in StoreMigrations.all where migration.version <= 5 {
            try db.execute(migration.sql)
            try db.run(
                "INSERT INTO schema_migrations VALUES (?, ?, '2026-01-01T00:00:00Z')",
                [.integer(Int64(migration.version)), .text(migration.description)])
        }
        for event in events { try db.prepare(GitHubEvent.upsertSQL).execute(event.values) }
    }

    static func event(_ id: Int, payload: String) -> GitHubEvent {
        GitHubEvent(
            id: "\(id)", type: id.isMultiple(of: 2) ? "PushEvent" : "WatchEvent", actorLogin: "u\(id)",
            actorId: Int64(id),
            org: "acme", repo: "api", repoId: 9, orgLogin: "acme", isPublic: true,
            createdAt: Date(timeIntervalSince1970: 1_420_113_600 + Double(id)), payload: payload)
    }

    @Test func eventsOfAVersionFiveStoreMoveToTheRowidTableWithTheirKeyAndIndexes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("ghstats.db")
        let events = (1...40).map {
            Self.event($0, payload: "{\"n\":\($0),\"text\":\"" + String(repeating: "x", count: 3_000) + "\"}")
        }
        try Self.storeAtVersionFive(path, events: events)

        let store = try SQLiteStore(path: path)
        #expect(try await store.schemaVersion() == 6)
        #expect(try await store.counts().events == 40)
        let table = try await store.query("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'")
            .first?.string(0)
        #expect(table?.contains("WITHOUT ROWID") == false)
        let indexes = try await store.query(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"
        )
        .compactMap { $0.string(0) }
        #expect(indexes.contains("events_by_repo") && indexes.contains("events_by_type"))
        #expect(
            try await store.query("SELECT payload FROM events WHERE id = '7'").first?.string(0) == events[6].payload)
        // The natural key still holds: the same event again replaces its row.
        try await store.withTransaction { db in
            try db.prepare(GitHubEvent.upsertSQL).execute(Self.event(7, payload: "{}").values)
        }
        #expect(try await store.counts().events == 40)
        #expect(try await store.query("SELECT payload FROM events WHERE id = '7'").first?.string(0) == "{}")
    }
}
