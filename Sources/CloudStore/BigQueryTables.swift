import GHRecords
import GoogleCloud

/// The BigQuery tables ghstats writes: one per record type, its columns derived from the record's shape (named as
/// the record's JSON, so a record's JSON is its row), and `metrics`. Partitioned by day on the natural timestamp,
/// clustered by org, repo, author. `schemas/bigquery/*.json` is generated from these (`RecordFormsTests` keeps it
/// equal; `GHSTATS_WRITE_SCHEMAS=1` rewrites it).
public enum BigQueryTables {
    typealias Field = BigQueryTable.Field

    static let repositories = BigQueryTable(
        Repository.shape, description: "Repositories of the collected organisations.",
        partitionedByDay: "created_at", clusteredBy: ["org", "repo"])

    static let pullRequests = BigQueryTable(
        PullRequest.shape, description: "Pull requests with their detail (additions, reviewers, merge).",
        partitionedByDay: "created_at", clusteredBy: ["org", "repo", "author_login"],
        descriptions: ["first_commit_at": "when the first commit was authored (GraphQL collections)"])

    static let commits = BigQueryTable(
        Commit.shape,
        description: "Commits of the default branch in the window; additions/deletions with commit stats.",
        partitionedByDay: "committed_at", clusteredBy: ["org", "repo", "author_login"])

    static let reviews = BigQueryTable(
        Review.shape, description: "Pull request reviews.",
        partitionedByDay: "submitted_at", clusteredBy: ["org", "repo", "author_login"])

    static let reviewComments = BigQueryTable(
        ReviewComment.shape, description: "Inline review comments on pull requests.",
        partitionedByDay: "created_at", clusteredBy: ["org", "repo", "author_login"])

    static let issueComments = BigQueryTable(
        IssueComment.shape, description: "Conversation comments on issues and pull requests.",
        partitionedByDay: "created_at", clusteredBy: ["org", "repo", "author_login"])

    static let events = BigQueryTable(
        GitHubEvent.shape, description: "Public GitHub events (GH Archive, Events API format); payload as JSON.",
        partitionedByDay: "created_at", clusteredBy: ["org", "repo", "actor_login"], types: ["payload": "JSON"])

    static let gharchiveHours = BigQueryTable(
        GHArchiveHourRecord.shape, description: "GH Archive hours read to their end, per owner filter (for verify).",
        partitionedByDay: "hour", clusteredBy: ["org"])

    static let metrics = BigQueryTable(
        "metrics",
        description: "Derived velocity metrics per org, repo, author and day (definitions in schemas/metrics).",
        fields: [
            Field("day", "DATE", "REQUIRED"), Field("org", "STRING", "REQUIRED"), Field("repo", "STRING", "REQUIRED"),
            Field("author", "STRING", "REQUIRED", description: "login, or '*' for the whole repository"),
            Field("is_bot", "BOOLEAN", "REQUIRED"), Field("definition_version", "INTEGER", "REQUIRED"),
            Field("prs_opened", "INTEGER"), Field("prs_merged", "INTEGER"), Field("prs_closed", "INTEGER"),
            Field("time_to_first_review_p50_hours", "FLOAT"), Field("time_to_first_review_p90_hours", "FLOAT"),
            Field("time_to_merge_p50_hours", "FLOAT"), Field("time_to_merge_p90_hours", "FLOAT"),
            Field("review_turnaround_p50_hours", "FLOAT"), Field("reviews_given", "INTEGER"),
            Field("comments", "INTEGER"), Field("lines_added", "INTEGER"), Field("lines_deleted", "INTEGER"),
            Field("commits", "INTEGER"), Field("lead_time_p50_hours", "FLOAT"), Field("lead_time_p90_hours", "FLOAT"),
        ],
        partitionedByDay: "day", clusteredBy: ["org", "repo", "author"])

    /// Every table `init` creates, in order.
    public static let all: [BigQueryTable] = [
        repositories, pullRequests, commits, reviews, reviewComments, issueComments, events, gharchiveHours, metrics,
    ]

    /// The table of a record type.
    public static func table(for type: RecordType) -> BigQueryTable? {
        all.first { $0.tableId == type.pluralName }
    }
}

extension BigQueryTable {
    /// The table of a record: a column per field of its shape, in order, typed by the field's kind (`types` overrides
    /// a column's type, as `JSON` for an event's payload); a list is `REPEATED`, an optional field `NULLABLE`.
    init(
        _ shape: RecordShape, description: String, partitionedByDay partition: String, clusteredBy clustering: [String],
        types: [String: String] = [:], descriptions: [String: String] = [:]
    ) {
        for name in [partition] + clustering + Array(types.keys) + Array(descriptions.keys) where shape[name] == nil {
            preconditionFailure("table \(shape.recordType.pluralName) names '\(name)', not a field of its record")
        }
        let fields = shape.fields.map { field in
            let mode = field.kind == .strings ? "REPEATED" : field.isOptional ? "NULLABLE" : "REQUIRED"
            let type = types[field.name] ?? Self.columnType(field.kind)
            return Field(field.name, type, mode, description: descriptions[field.name])
        }
        self.init(
            shape.recordType.pluralName, description: description, fields: fields, partitionedByDay: partition,
            clusteredBy: clustering)
    }

    /// BigQuery's type for a field of `kind`.
    static func columnType(_ kind: RecordField.Kind) -> String {
        switch kind {
        case .string, .strings: return "STRING"
        case .integer: return "INTEGER"
        case .boolean: return "BOOLEAN"
        case .timestamp: return "TIMESTAMP"
        }
    }
}
