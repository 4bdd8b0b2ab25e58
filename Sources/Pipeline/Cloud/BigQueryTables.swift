import GHRecords
import GoogleCloud

/// The BigQuery tables ghstats writes: one per record type (columns named as the record's JSON, so a record's
/// JSON is its row) and `metrics`. Partitioned by day on the natural timestamp, clustered by org, repo, author.
/// `schemas/bigquery/*.json` holds the same definitions (a test keeps them equal).
public enum BigQueryTables {
    typealias Field = BigQueryTable.Field

    static let repositories = BigQueryTable(
        "repositories", description: "Repositories of the collected organisations.",
        fields: [
            Field("id", "INTEGER", "REQUIRED"), Field("org", "STRING", "REQUIRED"), Field("repo", "STRING", "REQUIRED"),
            Field("full_name", "STRING", "REQUIRED"), Field("is_private", "BOOLEAN", "REQUIRED"),
            Field("fork", "BOOLEAN", "REQUIRED"), Field("archived", "BOOLEAN", "REQUIRED"),
            Field("default_branch", "STRING"), Field("language", "STRING"),
            Field("stargazers_count", "INTEGER", "REQUIRED"), Field("forks_count", "INTEGER", "REQUIRED"),
            Field("open_issues_count", "INTEGER", "REQUIRED"), Field("created_at", "TIMESTAMP"),
            Field("updated_at", "TIMESTAMP"), Field("pushed_at", "TIMESTAMP"),
        ],
        partitionedByDay: "created_at", clusteredBy: ["org", "repo"])

    static let pullRequests = BigQueryTable(
        "pull_requests", description: "Pull requests with their detail (additions, reviewers, merge).",
        fields: [
            Field("id", "INTEGER", "REQUIRED"), Field("org", "STRING", "REQUIRED"), Field("repo", "STRING", "REQUIRED"),
            Field("number", "INTEGER", "REQUIRED"), Field("title", "STRING", "REQUIRED"),
            Field("state", "STRING", "REQUIRED"), Field("author_login", "STRING"), Field("author_type", "STRING"),
            Field("draft", "BOOLEAN", "REQUIRED"), Field("created_at", "TIMESTAMP", "REQUIRED"),
            Field("updated_at", "TIMESTAMP", "REQUIRED"), Field("closed_at", "TIMESTAMP"),
            Field("merged_at", "TIMESTAMP"), Field("merged", "BOOLEAN", "REQUIRED"), Field("merged_by", "STRING"),
            Field("additions", "INTEGER", "REQUIRED"), Field("deletions", "INTEGER", "REQUIRED"),
            Field("changed_files", "INTEGER", "REQUIRED"), Field("commits", "INTEGER", "REQUIRED"),
            Field("comments", "INTEGER", "REQUIRED"), Field("review_comments", "INTEGER", "REQUIRED"),
            Field("labels", "STRING", "REPEATED"), Field("requested_reviewers", "STRING", "REPEATED"),
            Field("base_ref", "STRING"), Field("head_ref", "STRING"),
            Field("first_commit_at", "TIMESTAMP", description: "when the first commit was authored (GraphQL collections)"),
        ],
        partitionedByDay: "created_at", clusteredBy: ["org", "repo", "author_login"])

    static let commits = BigQueryTable(
        "commits", description: "Commits of the default branch in the window; additions/deletions with commit stats.",
        fields: [
            Field("org", "STRING", "REQUIRED"), Field("repo", "STRING", "REQUIRED"), Field("sha", "STRING", "REQUIRED"),
            Field("author_login", "STRING"), Field("author_name", "STRING"), Field("committer_login", "STRING"),
            Field("authored_at", "TIMESTAMP"), Field("committed_at", "TIMESTAMP"),
            Field("message", "STRING", "REQUIRED"), Field("parent_count", "INTEGER", "REQUIRED"),
            Field("additions", "INTEGER"), Field("deletions", "INTEGER"),
        ],
        partitionedByDay: "committed_at", clusteredBy: ["org", "repo", "author_login"])

    static let reviews = BigQueryTable(
        "reviews", description: "Pull request reviews.",
        fields: [
            Field("id", "INTEGER", "REQUIRED"), Field("org", "STRING", "REQUIRED"), Field("repo", "STRING", "REQUIRED"),
            Field("pull_number", "INTEGER", "REQUIRED"), Field("author_login", "STRING"), Field("author_type", "STRING"),
            Field("state", "STRING", "REQUIRED"), Field("submitted_at", "TIMESTAMP"), Field("commit_id", "STRING"),
            Field("body", "STRING", "REQUIRED"),
        ],
        partitionedByDay: "submitted_at", clusteredBy: ["org", "repo", "author_login"])

    static let reviewComments = BigQueryTable(
        "review_comments", description: "Inline review comments on pull requests.",
        fields: [
            Field("id", "INTEGER", "REQUIRED"), Field("org", "STRING", "REQUIRED"), Field("repo", "STRING", "REQUIRED"),
            Field("pull_number", "INTEGER", "REQUIRED"), Field("review_id", "INTEGER"),
            Field("in_reply_to_id", "INTEGER"), Field("author_login", "STRING"), Field("author_type", "STRING"),
            Field("path", "STRING"), Field("body", "STRING", "REQUIRED"), Field("created_at", "TIMESTAMP", "REQUIRED"),
            Field("updated_at", "TIMESTAMP", "REQUIRED"),
        ],
        partitionedByDay: "created_at", clusteredBy: ["org", "repo", "author_login"])

    static let issueComments = BigQueryTable(
        "issue_comments", description: "Conversation comments on issues and pull requests.",
        fields: [
            Field("id", "INTEGER", "REQUIRED"), Field("org", "STRING", "REQUIRED"), Field("repo", "STRING", "REQUIRED"),
            Field("issue_number", "INTEGER", "REQUIRED"), Field("author_login", "STRING"), Field("author_type", "STRING"),
            Field("body", "STRING", "REQUIRED"), Field("created_at", "TIMESTAMP", "REQUIRED"),
            Field("updated_at", "TIMESTAMP", "REQUIRED"),
        ],
        partitionedByDay: "created_at", clusteredBy: ["org", "repo", "author_login"])

    static let events = BigQueryTable(
        "events", description: "Public GitHub events (GH Archive, Events API format); payload as JSON.",
        fields: [
            Field("id", "STRING", "REQUIRED"), Field("type", "STRING", "REQUIRED"), Field("actor_login", "STRING"),
            Field("actor_id", "INTEGER"), Field("org", "STRING", "REQUIRED"), Field("repo", "STRING", "REQUIRED"),
            Field("repo_id", "INTEGER"), Field("org_login", "STRING"), Field("public", "BOOLEAN", "REQUIRED"),
            Field("created_at", "TIMESTAMP", "REQUIRED"), Field("payload", "JSON", "REQUIRED"),
        ],
        partitionedByDay: "created_at", clusteredBy: ["org", "repo", "actor_login"])

    static let gharchiveHours = BigQueryTable(
        "gharchive_hours", description: "GH Archive hours read to their end, per owner filter (for verify).",
        fields: [
            Field("hour", "TIMESTAMP", "REQUIRED"), Field("file", "STRING", "REQUIRED"),
            Field("org", "STRING", "REQUIRED"), Field("repo", "STRING", "REQUIRED"),
            Field("events", "INTEGER", "REQUIRED"), Field("filtered_out", "INTEGER", "REQUIRED"),
            Field("rejected", "INTEGER", "REQUIRED"),
        ],
        partitionedByDay: "hour", clusteredBy: ["org"])

    static let metrics = BigQueryTable(
        "metrics", description: "Derived velocity metrics per org, repo, author and day (definitions in schemas/metrics).",
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
