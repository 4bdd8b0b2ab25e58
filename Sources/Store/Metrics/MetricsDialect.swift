import Foundation
import GoogleCloud

/// Expands `VelocityMetricsSQL.template` for one store's SQL.
public enum MetricsDialect: Sendable, Equatable {
    case sqlite
    /// GoogleSQL over the tables of `dataset` (in the client's project).
    case bigQuery(dataset: String)

    /// What the rows group by: one row per day, per week (starting on Monday) or over the whole period.
    public enum Bucket: Sendable, Equatable {
        case day
        case week
        case period
    }

    /// What one select asks: facts from `since` (inclusive) to `until` (exclusive), `YYYY-MM-DD` days in UTC, grouped
    /// by `bucket`, per repository or across the organisation's repositories (repository `*`).
    public struct Scope: Sendable, Equatable {
        public var since: String
        public var until: String
        public var bucket: Bucket
        public var acrossRepositories: Bool

        public init(
            since: String = "0001-01-01", until: String = "9999-12-31", bucket: Bucket = .day,
            acrossRepositories: Bool = false
        ) {
            self.since = since
            self.until = until
            self.bucket = bucket
            self.acrossRepositories = acrossRepositories
        }
    }

    /// The template's SELECT for `org` over `scope` (by default every day, per repository: the `metrics` table).
    public func select(org: String, _ scope: Scope = Scope()) -> String {
        expand(VelocityMetricsSQL.template, org: org, scope: scope)
    }

    func expand(_ template: String, org: String, scope: Scope) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            output += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let parts = rest[rest.index(after: open)..<close].split(separator: ":", omittingEmptySubsequences: false)
                .map { String($0).trimmingCharacters(in: .whitespaces) }
            output += macro(parts, org: org, scope: scope)
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    private func macro(_ parts: [String], org: String, scope: Scope) -> String {
        let argument = { (index: Int) in parts.count > index ? parts[index] : "" }
        switch (self, parts[0]) {
        case (.sqlite, "table"): return argument(1)
        case (.bigQuery(let dataset), "table"): return "`\(dataset).\(argument(1))`"
        case (_, "org"): return literal(org)
        case (.sqlite, "day"): return "substr(\(argument(1)), 1, 10)"
        case (.bigQuery, "day"): return "DATE(\(argument(1)))"
        case (.sqlite, "hours"):
            return
                "((CAST(strftime('%s', \(argument(2))) AS INTEGER) - CAST(strftime('%s', \(argument(1))) AS INTEGER)) / 3600.0)"
        case (.bigQuery, "hours"): return "(TIMESTAMP_DIFF(\(argument(2)), \(argument(1)), SECOND) / 3600.0)"
        // Nearest rank without division (integer division differs between engines): rn = ceil(p * n).
        case (_, "p50"): return "(2 * rn >= n AND 2 * (rn - 1) < n)"
        case (_, "p90"): return "(10 * rn >= 9 * n AND 10 * (rn - 1) < 9 * n)"
        case (.sqlite, "true"): return "1"
        case (.sqlite, "false"): return "0"
        case (.bigQuery, "true"): return "TRUE"
        case (.bigQuery, "false"): return "FALSE"
        case (.sqlite, "int"): return "INTEGER"
        case (.bigQuery, "int"): return "INT64"
        case (.sqlite, "float"): return "REAL"
        case (.bigQuery, "float"): return "FLOAT64"
        case (_, "since"): return date(scope.since)
        case (_, "until"): return date(scope.until)
        case (_, "bucket"):
            switch (self, scope.bucket) {
            case (_, .day): return "day"
            case (.sqlite, .week):
                return "date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')"
            case (.bigQuery, .week): return "DATE_TRUNC(day, WEEK(MONDAY))"
            case (_, .period): return date(scope.since)
            }
        case (_, "repo"): return scope.acrossRepositories ? literal("*") : "repo"
        default: return "{" + parts.joined(separator: ":") + "}"
        }
    }

    /// A day (`YYYY-MM-DD`) as this dialect compares it with `{day:X}`.
    func date(_ day: String) -> String {
        switch self {
        case .sqlite: return literal(day)
        case .bigQuery: return "DATE \(literal(day))"
        }
    }

    /// A string literal in this dialect.
    public func literal(_ text: String) -> String {
        switch self {
        case .sqlite: return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case .bigQuery: return GoogleSQL.literal(text)
        }
    }
}
