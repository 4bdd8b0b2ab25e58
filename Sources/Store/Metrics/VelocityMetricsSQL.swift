/// The velocity metric definitions as one SQL template for both stores (so SQLite and BigQuery cannot drift).
/// `schemas/metrics/v3.sql` (the current version) holds the same text (a test keeps them equal); `MetricsDialect` expands the macros.
///
/// Macros: `{table:T}` a store table, `{org}` the organisation literal, `{day:X}` the UTC date of timestamp X,
/// `{hours:A:B}` hours from A to B, `{p50}`/`{p90}` whether a value's rank `rn` of `n` is that nearest-rank percentile, `{true}`/`{false}`, `{int}`/`{float}` type
/// names, `{since}` the first day counted, `{until}` the first day not counted, `{bucket}` what rows group by (the day, or the whole period), `{repo}` the
/// repository a row is about (`'*'`: all of the organisation's together).
public enum VelocityMetricsSQL {
    /// The definition version written into every row; bump it (and add `schemas/metrics/vN.sql`) to change a definition.
    public static let definitionVersion = 3

    /// The metric columns, in the order the template selects them (after day, org, repo, author, is_bot, version).
    public static let metricColumns = [
        "prs_opened", "prs_merged", "prs_closed",
        "time_to_first_review_p50_hours", "time_to_first_review_p90_hours",
        "time_to_merge_p50_hours", "time_to_merge_p90_hours",
        "review_turnaround_p50_hours", "reviews_given", "comments", "lines_added", "lines_deleted", "commits",
        "lead_time_p50_hours", "lead_time_p90_hours",
    ]

    /// Every column of the `metrics` table, in order.
    public static let columns = ["day", "org", "repo", "author", "is_bot", "definition_version"] + metricColumns

    public static let template = """
        -- ghstats velocity metrics, definition version 3 (see schemas/metrics/README.md): version 1 plus lead time (v2),
        -- commits of authors without a GitHub account counted by their git author name (v3).
        -- One row per day, org, repo and author, plus author '*' for all human authors of the repository.
        -- Bots are accounts whose type GitHub reports as Bot on any pull request, review or comment.
        WITH
        bots AS (
          SELECT login FROM (
            SELECT author_login AS login FROM {table:pull_requests} WHERE org = {org} AND author_type = 'Bot'
            UNION ALL SELECT author_login FROM {table:reviews} WHERE org = {org} AND author_type = 'Bot'
            UNION ALL SELECT author_login FROM {table:issue_comments} WHERE org = {org} AND author_type = 'Bot'
            UNION ALL SELECT author_login FROM {table:review_comments} WHERE org = {org} AND author_type = 'Bot'
          ) AS bot_logins WHERE login IS NOT NULL GROUP BY login
        ),
        prs AS (
          SELECT org, repo, number, author_login AS author, created_at, merged_at, closed_at, draft,
            additions, deletions, first_commit_at
          FROM {table:pull_requests} WHERE org = {org} AND author_login IS NOT NULL
        ),
        -- Each reviewer's first review of each pull request that is not their own.
        first_reviews AS (
          SELECT r.org, r.repo, r.pull_number, r.author_login AS reviewer, MIN(r.submitted_at) AS at
          FROM {table:reviews} AS r
          JOIN prs AS p ON p.org = r.org AND p.repo = r.repo AND p.number = r.pull_number
          WHERE r.org = {org} AND r.submitted_at IS NOT NULL AND r.author_login IS NOT NULL
            AND r.author_login <> p.author
          GROUP BY r.org, r.repo, r.pull_number, r.author_login
        ),
        facts AS (
          SELECT {day:created_at} AS day, org, repo, author, 'opened' AS kind, 1.0 AS value FROM prs
          UNION ALL SELECT {day:merged_at}, org, repo, author, 'merged', 1.0 FROM prs WHERE merged_at IS NOT NULL
          UNION ALL SELECT {day:closed_at}, org, repo, author, 'closed', 1.0 FROM prs
            WHERE closed_at IS NOT NULL AND merged_at IS NULL
          UNION ALL SELECT {day:merged_at}, org, repo, author, 'merge_hours', {hours:created_at:merged_at} FROM prs
            WHERE merged_at IS NOT NULL
          -- Lead time: from the first commit's authoring to the merge (pull requests whose first commit is known).
          UNION ALL SELECT {day:merged_at}, org, repo, author, 'lead_hours', {hours:first_commit_at:merged_at} FROM prs
            WHERE merged_at IS NOT NULL AND first_commit_at IS NOT NULL
          UNION ALL SELECT {day:merged_at}, org, repo, author, 'added', additions * 1.0 FROM prs WHERE merged_at IS NOT NULL
          UNION ALL SELECT {day:merged_at}, org, repo, author, 'deleted', deletions * 1.0 FROM prs WHERE merged_at IS NOT NULL
          -- Time to first review: pull requests no longer drafts, from opening to the first review by someone else,
          -- counted on the day of that review for the pull request's author.
          UNION ALL SELECT {day:f.at}, p.org, p.repo, p.author, 'first_review_hours', {hours:p.created_at:f.at}
            FROM prs AS p
            JOIN (SELECT org, repo, pull_number, MIN(at) AS at FROM first_reviews GROUP BY org, repo, pull_number) AS f
              ON f.org = p.org AND f.repo = p.repo AND f.pull_number = p.number
            WHERE p.draft = {false}
          -- Review turnaround: for the reviewer, from the pull request's opening to their first review of it.
          UNION ALL SELECT {day:f.at}, f.org, f.repo, f.reviewer, 'turnaround_hours', {hours:p.created_at:f.at}
            FROM first_reviews AS f
            JOIN prs AS p ON p.org = f.org AND p.repo = f.repo AND p.number = f.pull_number
          -- Reviews given: every review of someone else's pull request.
          UNION ALL SELECT {day:r.submitted_at}, r.org, r.repo, r.author_login, 'review', 1.0
            FROM {table:reviews} AS r
            JOIN prs AS p ON p.org = r.org AND p.repo = r.repo AND p.number = r.pull_number
            WHERE r.org = {org} AND r.submitted_at IS NOT NULL AND r.author_login IS NOT NULL
              AND r.author_login <> p.author
          UNION ALL SELECT {day:created_at}, org, repo, author_login, 'comment', 1.0 FROM {table:issue_comments}
            WHERE org = {org} AND author_login IS NOT NULL
          UNION ALL SELECT {day:created_at}, org, repo, author_login, 'comment', 1.0 FROM {table:review_comments}
            WHERE org = {org} AND author_login IS NOT NULL
          -- Commits by their GitHub author, or by the git author's name when the email belongs to no account.
          UNION ALL SELECT {day:committed_at}, org, repo, COALESCE(author_login, author_name), 'commit', 1.0
            FROM {table:commits}
            WHERE org = {org} AND committed_at IS NOT NULL AND COALESCE(author_login, author_name) IS NOT NULL
        ),
        labelled AS (
          SELECT day, org, repo, author, kind, value, author IN (SELECT login FROM bots) AS is_bot
          FROM facts WHERE day >= {since} AND day < {until}
        ),
        scoped AS (
          SELECT {bucket} AS bucket, org, {repo} AS repo, author, is_bot, kind, value FROM labelled
          UNION ALL SELECT {bucket}, org, {repo}, '*', {false}, kind, value FROM labelled WHERE is_bot = {false}
        ),
        ranked AS (
          SELECT bucket, org, repo, author, is_bot, kind, value,
            ROW_NUMBER() OVER (PARTITION BY bucket, org, repo, author, kind ORDER BY value) AS rn,
            COUNT(*) OVER (PARTITION BY bucket, org, repo, author, kind) AS n
          FROM scoped
        )
        SELECT bucket AS day, org, repo, author, is_bot, 3 AS definition_version,
          SUM(CASE WHEN kind = 'opened' THEN 1 ELSE 0 END) AS prs_opened,
          SUM(CASE WHEN kind = 'merged' THEN 1 ELSE 0 END) AS prs_merged,
          SUM(CASE WHEN kind = 'closed' THEN 1 ELSE 0 END) AS prs_closed,
          MAX(CASE WHEN kind = 'first_review_hours' AND {p50} THEN value END)
            AS time_to_first_review_p50_hours,
          MAX(CASE WHEN kind = 'first_review_hours' AND {p90} THEN value END)
            AS time_to_first_review_p90_hours,
          MAX(CASE WHEN kind = 'merge_hours' AND {p50} THEN value END) AS time_to_merge_p50_hours,
          MAX(CASE WHEN kind = 'merge_hours' AND {p90} THEN value END) AS time_to_merge_p90_hours,
          MAX(CASE WHEN kind = 'turnaround_hours' AND {p50} THEN value END)
            AS review_turnaround_p50_hours,
          SUM(CASE WHEN kind = 'review' THEN 1 ELSE 0 END) AS reviews_given,
          SUM(CASE WHEN kind = 'comment' THEN 1 ELSE 0 END) AS comments,
          CAST(SUM(CASE WHEN kind = 'added' THEN value ELSE 0 END) AS {int}) AS lines_added,
          CAST(SUM(CASE WHEN kind = 'deleted' THEN value ELSE 0 END) AS {int}) AS lines_deleted,
          SUM(CASE WHEN kind = 'commit' THEN 1 ELSE 0 END) AS commits,
          MAX(CASE WHEN kind = 'lead_hours' AND {p50} THEN value END) AS lead_time_p50_hours,
          MAX(CASE WHEN kind = 'lead_hours' AND {p90} THEN value END) AS lead_time_p90_hours
        FROM ranked
        GROUP BY bucket, org, repo, author, is_bot
        """
}
