import Foundation

/// `ghstats report`: velocity over a period per repository (human authors) or per author, as a terminal table,
/// JSON or CSV.
public struct VelocityReport: Sendable {
    /// What one line of the report is about.
    public enum Grouping: String, Sendable, CaseIterable {
        case repo
        case author
    }

    /// How the report is printed.
    public enum Format: String, Sendable, CaseIterable {
        case table
        case json
        case csv
    }

    public var since: String
    public var rows: [VelocityMetricsRow]

    /// Picks the period rows the report shows, each organisation's total last: per repository the human total
    /// (then the organisation's); per author each author across the organisation's repositories, from
    /// `organisationRows` (repository `*`), or within `repo` when one is given (then that repository's humans);
    /// bots only when `includeBots`.
    public init(
        since: String, periodRows: [VelocityMetricsRow], organisationRows: [VelocityMetricsRow] = [],
        grouping: Grouping, repo: String? = nil, includeBots: Bool = false
    ) {
        self.since = since
        self.grouping = grouping
        let shown = { (row: VelocityMetricsRow) in row.author != "*" && (includeBots || !row.isBot) }
        var lines: [VelocityMetricsRow]
        switch (grouping, repo) {
        case (.repo, let repo?):
            lines = periodRows.filter { $0.repo == repo && $0.author == "*" }
        case (.repo, nil):
            lines = periodRows.filter { $0.author == "*" } + organisationRows.filter { $0.author == "*" }
        case (.author, let repo?):
            lines = periodRows.filter { $0.repo == repo && (shown($0) || $0.author == "*") }
        case (.author, nil):
            lines = organisationRows.filter { shown($0) || $0.author == "*" }
        }
        // Totals (`*`) after the lines they add up, per organisation.
        rows = lines.sorted {
            ($0.org, $0.repo == "*" ? 1 : 0, $0.repo, $0.author == "*" ? 1 : 0, $0.author)
                < ($1.org, $1.repo == "*" ? 1 : 0, $1.repo, $1.author == "*" ? 1 : 0, $1.author)
        }
    }

    public let grouping: Grouping

    /// The columns shown, with their headings.
    static let shown: [(column: String, heading: String, hours: Bool)] = [
        ("prs_opened", "opened", false), ("prs_merged", "merged", false), ("prs_closed", "closed", false),
        ("time_to_first_review_p50_hours", "1st review p50", true), ("time_to_merge_p50_hours", "merge p50", true),
        ("time_to_merge_p90_hours", "merge p90", true), ("lead_time_p50_hours", "lead p50", true),
        ("review_turnaround_p50_hours", "turnaround p50", true),
        ("reviews_given", "reviews", false), ("comments", "comments", false), ("lines_added", "+lines", false),
        ("lines_deleted", "-lines", false), ("commits", "commits", false),
    ]

    public func render(_ format: Format) -> String {
        switch format {
        case .table: return table
        case .json: return json
        case .csv: return csv
        }
    }

    private var keyHeadings: [String] { grouping == .repo ? ["org", "repo"] : ["org", "repo", "author", "bot"] }

    private func keyCells(_ row: VelocityMetricsRow) -> [String] {
        let repo = row.repo == "*" ? "(all)" : row.repo
        let author = row.author == "*" ? "(humans)" : row.author
        return grouping == .repo ? [row.org, repo] : [row.org, repo, author, row.isBot ? "yes" : ""]
    }

    private static func cell(_ value: Double?, hours: Bool) -> String {
        guard let value else { return "-" }
        if !hours { return String(Int(value)) }
        return value < 48 ? String(format: "%.1fh", value) : String(format: "%.1fd", value / 24)
    }

    var table: String {
        let headings = keyHeadings + Self.shown.map(\.heading)
        let body = rows.map { row in keyCells(row) + Self.shown.map { Self.cell(row[$0.column], hours: $0.hours) } }
        var widths = headings.map(\.count)
        for line in body { for (index, cell) in line.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index < keyHeadings.count ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        var lines = [
            "velocity since \(since) (hours: p50/p90 by nearest rank; (all): the organisation's repositories together, "
                + "(humans): every human author together)"
        ]
        lines.append(format(headings))
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines += body.map(format)
        if body.isEmpty { lines.append("(no activity in the store for this period: collect first, or widen --since)") }
        return lines.joined(separator: "\n")
    }

    var csv: String {
        let headings = keyHeadings.map { $0 == "bot" ? "is_bot" : $0 } + VelocityMetricsSQL.metricColumns
        func escape(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = [headings.joined(separator: ",")]
        for row in rows {
            let keys = grouping == .repo ? [row.org, row.repo] : [row.org, row.repo, row.author, String(row.isBot)]
            let values = VelocityMetricsSQL.metricColumns.map { column in
                row[column].map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) } ?? ""
            }
            lines.append((keys.map(escape) + values).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    var json: String {
        let objects: [[String: Any]] = rows.map { row in
            var object: [String: Any] = ["org": row.org, "repo": row.repo, "since": since]
            if grouping == .author {
                object["author"] = row.author
                object["is_bot"] = row.isBot
            }
            for column in VelocityMetricsSQL.metricColumns { object[column] = row[column] ?? NSNull() }
            return object
        }
        let data =
            (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys]))
            ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
