/// One row of the `metrics` table: a day (or a whole period) of one author's (or, as `*`, a repository's
/// human authors') velocity in one repository.
public struct VelocityMetricsRow: Sendable, Equatable, Codable {
    /// `YYYY-MM-DD` (the first day, for a period).
    public var day: String
    public var org: String
    public var repo: String
    /// A login, or `*` for all human authors of the repository.
    public var author: String
    public var isBot: Bool
    public var definitionVersion: Int
    /// The metric values by column name (`VelocityMetricsSQL.metricColumns`); nil where nothing was measured.
    public var values: [String: Double?]

    public init(
        day: String, org: String, repo: String, author: String, isBot: Bool, definitionVersion: Int,
        values: [String: Double?]
    ) {
        self.day = day
        self.org = org
        self.repo = repo
        self.author = author
        self.isBot = isBot
        self.definitionVersion = definitionVersion
        self.values = values
    }

    /// The value of a metric column, nil where nothing was measured.
    public subscript(column: String) -> Double? { values[column] ?? nil }

    /// Builds a row from cells in `VelocityMetricsSQL.columns` order, as text (BigQuery) or numbers (SQLite).
    package init(cells: [String?], number: (Int) -> Double?) {
        day = cells[0] ?? ""
        org = cells[1] ?? ""
        repo = cells[2] ?? ""
        author = cells[3] ?? ""
        let bot = cells[4]?.lowercased()
        isBot = bot == "true" || bot == "1"
        definitionVersion = Int(cells[5] ?? "") ?? 0
        var values: [String: Double?] = [:]
        for (offset, column) in VelocityMetricsSQL.metricColumns.enumerated() {
            values[column] = number(6 + offset)
        }
        self.values = values
    }

    /// The key rows are unique by.
    public var key: String { "\(org)/\(repo)/\(author)/\(day)" }
}
