import Foundation

/// One numbered step of a file's schema. Every SQLite file ghstats writes records the steps it applied in its
/// `schema_migrations` table, the same way. Never edit a released step: add one.
public struct SQLiteMigration: Sendable {
    public let version: Int
    public let description: String
    private let body: @Sendable (SQLiteConnection) throws -> Void

    /// A step that runs `apply`; it must hold for a file made before the file kept `schema_migrations` too.
    public init(version: Int, description: String, apply: @escaping @Sendable (SQLiteConnection) throws -> Void) {
        self.version = version
        self.description = description
        self.body = apply
    }

    /// A step that runs `sql`.
    public init(version: Int, description: String, sql: String) {
        self.init(version: version, description: description) { try $0.execute(sql) }
    }

    /// Runs the step on `connection`, without recording it (`migrate` records what it applies).
    public func apply(to connection: SQLiteConnection) throws {
        try body(connection)
    }
}

extension SQLiteConnection {
    /// Applies the steps newer than the file's in one write transaction (processes opening a new file at the same
    /// moment take turns). A file that a newer build migrated further is refused, not misread.
    public func migrate(_ migrations: [SQLiteMigration]) throws {
        try transaction {
            try execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations(
                    version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)
                """)
            let current = try query("SELECT MAX(version) FROM schema_migrations").first?.int(0) ?? 0
            let known = migrations.map(\.version).max() ?? 0
            guard current <= known else {
                throw SQLiteError(
                    code: 1, message: "schema version \(current) is newer than the \(known) this build knows",
                    sql: nil, path: path)
            }
            for migration in migrations.sorted(by: { $0.version < $1.version }) where migration.version > current {
                try migration.apply(to: self)
                try run(
                    "INSERT INTO schema_migrations(version, description, applied_at) VALUES (?, ?, ?)",
                    [
                        .integer(Int64(migration.version)), .text(migration.description),
                        .text(Date().formatted(.iso8601)),
                    ])
            }
        }
    }
}
