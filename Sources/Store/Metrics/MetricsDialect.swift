import Foundation
import GoogleCloud

/// Expands `VelocityMetricsSQL.template` for one store's SQL.
public enum MetricsDialect: Sendable, Equatable {
    case sqlite
    /// GoogleSQL over the tables of `dataset` (in the client's project).
    case bigQuery(dataset: String)

    /// What the rows group by: one row per day, or one per repository and author over the whole period, or one per
    /// author over the whole period across the organisation's repositories (repository `*`).
    public enum Bucket: Sendable, Equatable {
        case day
        case period
        case periodAcrossRepositories
    }

    /// The template's SELECT for `org`, counting facts on or after `since` (a `YYYY-MM-DD` day, UTC).
    public func select(org: String, since: String = "0001-01-01", bucket: Bucket = .day) -> String {
        expand(VelocityMetricsSQL.template, org: org, since: since, bucket: bucket)
    }

    func expand(_ template: String, org: String, since: String, bucket: Bucket) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            output += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let parts = rest[rest.index(after: open)..<close].split(separator: ":", omittingEmptySubsequences: false)
                .map { String($0).trimmingCharacters(in: .whitespaces) }
            output += macro(parts, org: org, since: since, bucket: bucket)
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    private func macro(_ parts: [String], org: String, since: String, bucket: Bucket) -> String {
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
        case (.sqlite, "since"): return literal(since)
        case (.bigQuery, "since"): return "DATE \(literal(since))"
        case (_, "bucket"): return bucket == .day ? "day" : macro(["since"], org: org, since: since, bucket: bucket)
        case (_, "repo"): return bucket == .periodAcrossRepositories ? literal("*") : "repo"
        default: return "{" + parts.joined(separator: ":") + "}"
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
