import Foundation
import SQLiteDB

/// Velocity metrics in the SQLite store: derived from its record tables, read back for reports.
public struct SQLiteMetrics: Sendable {
    let store: SQLiteStore

    public init(store: SQLiteStore) {
        self.store = store
    }

    /// Replaces `org`'s rows in `metrics` with a fresh derivation, in one transaction; returns the rows written.
    @discardableResult
    public func derive(org: String) async throws -> Int {
        let columns = VelocityMetricsSQL.columns.joined(separator: ", ")
        return try await store.withTransaction { db in
            try db.run("DELETE FROM metrics WHERE org = ?", [.text(org)])
            try db.execute("INSERT INTO metrics(\(columns)) \(MetricsDialect.sqlite.select(org: org))")
            return try db.query("SELECT COUNT(*) FROM metrics WHERE org = ?", [.text(org)]).first?.int(0) ?? 0
        }
    }

    /// The stored daily rows of `org` (optionally one repository), from `since` (`YYYY-MM-DD`) on.
    public func rows(
        org: String, repo: String? = nil, since: String = "0001-01-01"
    ) async throws -> [VelocityMetricsRow] {
        var sql = "SELECT \(VelocityMetricsSQL.columns.joined(separator: ", ")) FROM metrics WHERE org = ? AND day >= ?"
        var arguments: [SQLiteValue] = [.text(org), .text(since)]
        if let repo {
            sql += " AND repo = ?"
            arguments.append(.text(repo))
        }
        return try await store.query(sql + " ORDER BY org, repo, author, day", arguments).map(Self.row)
    }

    /// The metrics over the whole period from `since`, computed by the same definitions (percentiles over the
    /// period, not averaged from days): per repository, or across the organisation's repositories (repository `*`).
    public func period(
        org: String, since: String, acrossRepositories: Bool = false
    ) async throws
        -> [VelocityMetricsRow]
    {
        try await select(org: org, .init(since: since, bucket: .period, acrossRepositories: acrossRepositories))
    }

    /// The metrics of `org` as `scope` asks, computed from the record tables (nothing stored).
    public func select(org: String, _ scope: MetricsDialect.Scope) async throws -> [VelocityMetricsRow] {
        try await store.query(MetricsDialect.sqlite.select(org: org, scope)).map(Self.row)
    }

    /// Organisations with records in the store.
    public func organisations() async throws -> [String] {
        try await store.query(
            "SELECT DISTINCT org FROM pull_requests UNION SELECT DISTINCT org FROM commits ORDER BY 1"
        )
        .compactMap { $0.string(0) }
    }

    static func row(_ row: SQLiteRow) -> VelocityMetricsRow {
        VelocityMetricsRow(cells: (0..<6).map { row.string($0) }, number: { row.double($0) })
    }
}
