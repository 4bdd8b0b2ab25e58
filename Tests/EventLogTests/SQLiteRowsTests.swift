import Foundation
import SQLiteDB
import TestSupport
import Testing

/// Rows encoded ahead of their statement (off the connection's thread) run as if bound one by one, and a WAL
/// checkpointed in the background leaves commits to the writer alone.
struct SQLiteRowsTests {
    @Test func rowsEncodedAheadStoreTheirIntegersTextsAndNullsAsGiven() async throws {
        let directory = try TemporaryDirectory("ghstats-rows")
        defer { directory.remove() }
        let db = try SQLiteConnection(path: directory.path("rows.db"))
        try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, note TEXT)")
        var rows = SQLiteRows()
        let names = ["plain", "", "ünïcødé and a longer text that no small string holds", "with\0nul"]
        for (index, name) in names.enumerated() {
            rows.append { row in
                row.integer(Int64(index))
                row.text(name)
                if index.isMultiple(of: 2) { row.null() } else { row.text("note \(index)") }
            }
        }
        #expect(rows.count == names.count)
        try db.prepare("INSERT INTO t(id, name, note) VALUES (?, ?, ?)").execute(each: rows)
        let stored = try db.query("SELECT id, name, note, typeof(name) FROM t ORDER BY id")
        #expect(stored.map { $0.int64(0) } == [0, 1, 2, 3])
        #expect(stored.map { $0.string(3) } == ["text", "text", "text", "text"], "an empty text is not NULL")
        #expect(
            try db.query("SELECT length(CAST(name AS BLOB)) FROM t ORDER BY id").map { $0.int64(0) }
                == names.map { Int64($0.utf8.count) })
        #expect(stored[0].string(1) == "plain" && stored[2].string(1) == names[2])
        #expect(stored.map { $0.string(2) } == [nil, "note 1", nil, "note 3"])
    }

    @Test func aFailingRowStopsTheRunWithTheStatementsError() async throws {
        let directory = try TemporaryDirectory("ghstats-rows")
        defer { directory.remove() }
        let db = try SQLiteConnection(path: directory.path("rows.db"))
        try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        var rows = SQLiteRows()
        rows.append {
            $0.integer(1)
            $0.text("one")
        }
        rows.append {
            $0.integer(2)
            $0.null()
        }
        let error = try #require(
            throws: SQLiteError.self, performing: { try db.prepare("INSERT INTO t VALUES (?, ?)").execute(each: rows) })
        #expect(error.message.contains("NOT NULL"), "\(error)")
        #expect(error.sql?.contains("INSERT INTO t") == true)
    }

    @Test func aWALCheckpointedInTheBackgroundReachesTheFileWithoutTheWriterCheckpointing() async throws {
        let directory = try TemporaryDirectory("ghstats-checkpoint")
        defer { directory.remove() }
        let path = directory.path("store.db")
        let database = try SQLiteDatabase(path: path, checkpointsInBackground: true) {
            try $0.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        }
        func fileSize(_ path: String) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        }
        let sizeBefore = fileSize(path)
        // The writing connection no longer checkpoints on its commits (SQLite reports 0 once its hook is replaced).
        #expect(try await database.perform { try $0.query("PRAGMA wal_autocheckpoint").first?.int64(0) } == 0)
        // About 3,000 pages of rows, in commits of about 300 pages: the WAL passes the 1,000-page mark.
        let body = String(repeating: "x", count: 4_000)
        for batch in 0..<10 {
            try await database.perform { db in
                try db.transaction {
                    for index in 0..<300 {
                        try db.run("INSERT INTO t VALUES (?, ?)", [.integer(Int64(batch * 300 + index)), .text(body)])
                    }
                }
            }
        }
        // The background connection copies the WAL back: the file itself grows to hold the rows.
        let deadline = ContinuousClock.now + .seconds(30)
        while fileSize(path) < 8_000_000, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(fileSize(path) >= 8_000_000, "the file stayed \(fileSize(path)) bytes (was \(sizeBefore))")
        await database.close()
        let reopened = try SQLiteConnection(path: path)
        #expect(try reopened.query("SELECT COUNT(*) FROM t").first?.int64(0) == 3_000)
    }
}
