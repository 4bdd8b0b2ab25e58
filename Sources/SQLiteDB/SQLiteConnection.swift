import CSQLite
import Foundation

/// One connection to a SQLite database file. Not thread-safe: its owner serialises access.
public final class SQLiteConnection: @unchecked Sendable {
    /// The database file's path.
    public let path: String
    let handle: OpaquePointer
    private var statementCache: [String: SQLiteStatement] = [:]
    /// What `onCommit(walPages:)` installed; kept as long as the connection.
    private var walHook: WALHook?

    /// Opens (creating it and its folder if needed) the database at `path` in WAL mode with a busy timeout.
    /// - Parameters:
    ///   - busyTimeout: how long to wait for another connection's lock, in milliseconds; default 10,000.
    ///   - synchronous: `NORMAL` (default: durable at checkpoints, safe against process crashes) or `FULL`.
    ///   - pageSize: the page size of a new file, in bytes; default 4,096 (SQLite's). A file that exists keeps its own.
    ///   - cacheKibibytes: the most this connection keeps of the file in memory; default 2,000 (SQLite's).
    public init(
        path: String, busyTimeoutMilliseconds: Int32 = 10_000, synchronous: String = "NORMAL", pageSize: Int = 4_096,
        cacheKibibytes: Int = 2_000
    ) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message, sql: nil, path: path)
        }
        self.path = path
        self.handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        // Takes effect only on a file with no tables yet, and only before it is switched to WAL.
        try execute("PRAGMA page_size=\(pageSize)")
        // Switching a new file to WAL takes a lock the busy handler does not wait for: another process opening
        // the same new file at that moment answers SQLITE_BUSY, so wait here as the busy timeout would.
        let deadline = ContinuousClock.now + .milliseconds(Int64(busyTimeoutMilliseconds))
        while true {
            do {
                try execute("PRAGMA journal_mode=WAL")
                break
            } catch let error as SQLiteError where error.code & 0xFF == SQLITE_BUSY && ContinuousClock.now < deadline {
                usleep(5_000)
            }
        }
        try execute("PRAGMA synchronous=\(synchronous)")
        try execute("PRAGMA foreign_keys=ON")
        try execute("PRAGMA cache_size=-\(cacheKibibytes)")
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that return no rows.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw SQLiteError(code: rc, message: message, sql: sql, path: path)
        }
    }

    /// A prepared statement for `sql`, cached on this connection and reset for reuse.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        if let cached = statementCache[sql] {
            cached.reset()
            return cached
        }
        let statement = try SQLiteStatement(connection: self, sql: sql)
        statementCache[sql] = statement
        return statement
    }

    /// Runs `sql` with `arguments` and returns every row.
    @discardableResult
    public func query(_ sql: String, _ arguments: [SQLiteValue] = []) throws -> [SQLiteRow] {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        var rows: [SQLiteRow] = []
        defer { statement.reset() }
        while try statement.step() {
            rows.append(statement.row())
        }
        return rows
    }

    /// Runs `sql` with `arguments`, ignoring any rows.
    public func run(_ sql: String, _ arguments: [SQLiteValue] = []) throws {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        while try statement.step() {}
    }

    /// Runs `body` in an immediate transaction: committed if it returns, rolled back if it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Calls `body` after each commit with the pages the WAL then holds, in place of SQLite's automatic checkpoint
    /// (this connection no longer copies the WAL back into the file itself).
    public func onCommit(walPages body: @escaping (Int) -> Void) {
        let hook = WALHook(body: body)
        walHook = hook
        sqlite3_wal_hook(
            handle,
            { context, _, _, pages in
                if let context { Unmanaged<WALHook>.fromOpaque(context).takeUnretainedValue().body(Int(pages)) }
                return SQLITE_OK
            }, Unmanaged.passUnretained(hook).toOpaque())
    }

    /// Copies what it can of the WAL back into the file without waiting for readers or writers (a passive
    /// checkpoint); another connection's checkpoint running at the same time is not an error.
    public func checkpointPassively() throws {
        let rc = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        guard rc == SQLITE_OK || rc & 0xFF == SQLITE_BUSY else { throw error(rc, sql: "checkpoint") }
    }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql, path: path)
    }
}

private final class WALHook {
    let body: (Int) -> Void

    init(body: @escaping (Int) -> Void) { self.body = body }
}
