import Foundation
import GHRecords
import GoogleCloud

/// A query over the BigQuery `githubarchive` dataset (`day.YYYYMMDD` and `month.YYYYMM` tables: type, public,
/// payload as a JSON string, repo/actor/org records, created_at, id) for a time range, owners and event types.
/// Whole months read a month table, the other days their day tables, so a query scans no more than its range.
public struct GHArchiveQuery: Sendable, Equatable {
    /// Where the tables are: project `githubarchive`, datasets `day` and `month` (a copy elsewhere works too).
    public struct Source: Sendable, Equatable {
        public var project: String = "githubarchive"
        public var dayDataset: String = "day"
        public var monthDataset: String = "month"
        public init() {}
    }

    public var source: Source
    public var from: Date
    /// Exclusive.
    public var to: Date
    /// Owners (organisations or users) whose repositories' events are read; empty or `*` for all.
    public var owners: [String]
    /// Event types (`PushEvent` ...); empty for all.
    public var types: [String]

    public init(source: Source = .init(), from: Date, to: Date, owners: [String] = [], types: [String] = []) {
        self.source = source
        self.from = from
        self.to = to
        self.owners = owners.filter { $0 != "*" }
        self.types = types
    }

    /// The UTC days of `[since, until)` (until: now), each clipped to the range.
    public static func days(from since: Date?, until: Date?, now: Date = Date()) -> [(start: Date, end: Date)] {
        let end = until ?? now
        var start = since ?? end.addingTimeInterval(-86_400)
        var days: [(start: Date, end: Date)] = []
        while start < end {
            let nextDay = Date(
                timeIntervalSince1970: ((start.timeIntervalSince1970 / 86_400).rounded(.down) + 1) * 86_400)
            days.append((start, min(nextDay, end)))
            start = nextDay
        }
        return days
    }

    /// The tables the range touches: month tables for whole months inside it, day tables for the rest.
    public var tables: [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var tables: [String] = []
        var day = calendar.startOfDay(for: from)
        while day < to {
            let components = calendar.dateComponents([.year, .month, .day], from: day)
            if components.day == 1, let nextMonth = calendar.date(byAdding: .month, value: 1, to: day), nextMonth <= to,
                day >= from
            {
                tables.append(
                    String(
                        format: "`%@.%@.%04d%02d`", source.project, source.monthDataset, components.year!,
                        components.month!))
                day = nextMonth
                continue
            }
            tables.append(
                String(
                    format: "`%@.%@.%04d%02d%02d`", source.project, source.dayDataset, components.year!,
                    components.month!, components.day!))
            day = calendar.date(byAdding: .day, value: 1, to: day)!
        }
        return tables
    }

    /// The statement: one SELECT per table, UNION ALL, filtered to the range, owners and types.
    public var sql: String {
        var conditions = [
            "created_at >= TIMESTAMP(\(GoogleSQL.literal(ISO8601Timestamp.format(from))))",
            "created_at < TIMESTAMP(\(GoogleSQL.literal(ISO8601Timestamp.format(to))))",
        ]
        if !owners.isEmpty {
            let prefixes = owners.map { "STARTS_WITH(LOWER(repo.name), \(GoogleSQL.literal($0.lowercased() + "/")))" }
            conditions.append("(" + prefixes.joined(separator: " OR ") + ")")
        }
        if !types.isEmpty {
            conditions.append("type IN (" + types.map(GoogleSQL.literal).joined(separator: ", ") + ")")
        }
        let columns =
            "id, type, public, payload, created_at, repo.id AS repo_id, repo.name AS repo_name, "
            + "actor.id AS actor_id, actor.login AS actor_login, org.login AS org_login"
        let filter = conditions.joined(separator: " AND ")
        return tables.map { "SELECT \(columns) FROM \($0) WHERE \(filter)" }.joined(separator: "\nUNION ALL\n")
    }

    /// An event from one result row (the columns of `sql`, as BigQuery's REST answer gives them), or nil when
    /// the row has no usable id, time or repository.
    public static func event(_ row: [String?]) -> GitHubEvent? {
        guard row.count >= 10, let id = row[0], let type = row[1], let created = row[4].flatMap(timestamp),
            let name = row[6], let slash = name.firstIndex(of: "/")
        else { return nil }
        return GitHubEvent(
            id: id, type: type, actorLogin: row[8], actorId: row[7].flatMap { Int64($0) },
            org: String(name[..<slash]), repo: String(name[name.index(after: slash)...]),
            repoId: row[5].flatMap { Int64($0) },
            orgLogin: row[9], isPublic: row[2] == "true", createdAt: created, payload: row[3] ?? "{}")
    }

    /// BigQuery's REST form of a TIMESTAMP (seconds since 1970 as text, `1420113600.0`), or ISO 8601.
    static func timestamp(_ text: String) -> Date? {
        if let seconds = Double(text) { return Date(timeIntervalSince1970: seconds) }
        return ISO8601Timestamp.parse(text)
    }
}
