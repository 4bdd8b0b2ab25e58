import Foundation
import GHRecords
import SQLiteDB
import TestSupport
import Testing

@testable import Store

/// Stores written by an earlier version open with their rows, in the layout of this one.
@Suite struct SQLiteStoreMigrationTests {
    /// The secondary indexes of a store at the current version: those some query reads.
    static let secondaryIndexes: Set<String> = [
        "reviews_by_pull", "review_comments_by_pull", "issue_comments_by_issue", "dead_letters_by_collection",
        "events_by_repo", "events_by_type", "metrics_by_day",
    ]

    /// A store as the build that applied migrations up to `version` left it.
    static func store(_ path: String, atVersion version: Int) throws -> SQLiteConnection {
        let db = try SQLiteConnection(path: path)
        try db.execute(
            "CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        for migration in StoreMigrations.all where migration.version <= version {
            try migration.apply(to: db)
            try db.run(
                "INSERT INTO schema_migrations VALUES (?, ?, '2026-01-01T00:00:00Z')",
                [.integer(Int64(migration.version)), .text(migration.description)])
        }
        return db
    }

    /// A store as the build before migration 6 left it, with `events` rows in its WITHOUT ROWID table.
    static func storeAtVersionFive(_ path: String, events: [GitHubEvent]) throws {
        let db = try store(path, atVersion: 5)
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
        #expect(try await store.schemaVersion() == 7)
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

    @Test func aVersionSixStoreKeepsItsRowsAndKeyAndLosesTheIndexesNoQueryReads() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("ghstats.db")
        let pulls = (1...30).map { number in
            PullRequest(
                id: Int64(number), org: "acme", repo: "api", number: number, title: "v1", state: "open",
                authorLogin: "dev", authorType: "User", draft: false, createdAt: Date(timeIntervalSince1970: 1_000),
                updatedAt: Date(timeIntervalSince1970: 1_000), closedAt: nil, mergedAt: nil, merged: false,
                mergedBy: nil, additions: 1, deletions: 1, changedFiles: 1, commits: 1, comments: 0,
                reviewComments: 0, labels: [], requestedReviewers: [], baseRef: "main", headRef: "topic")
        }
        do {
            let db = try Self.store(path, atVersion: 6)
            for pull in pulls { try db.prepare(PullRequest.upsertSQL).execute(pull.values) }
            let indexes = try db.query("SELECT name FROM sqlite_master WHERE tbl_name = 'pull_requests'")
            #expect(indexes.contains { $0.string(0) == "pull_requests_by_author" })
        }

        let store = try SQLiteStore(path: path)
        #expect(try await store.schemaVersion() == 7)
        #expect(try await store.counts().pullRequests == 30)
        let indexes = try await store.query(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
        #expect(Set(indexes.compactMap { $0.string(0) }) == Self.secondaryIndexes)
        // The natural key still holds: a newer version of a pull request replaces its row.
        var update = pulls[6]
        update.title = "v2"
        update.updatedAt = Date(timeIntervalSince1970: 2_000)
        let newer = update
        try await store.withTransaction { db in try db.prepare(PullRequest.upsertSQL).execute(newer.values) }
        #expect(try await store.counts().pullRequests == 30)
        #expect(try await store.query("SELECT title FROM pull_requests WHERE number = 7").first?.string(0) == "v2")
    }
}
