import SQLiteDB

/// The SQLite store's schema, as numbered migrations. Never edit a released migration: add one.
enum StoreMigrations {
    static let all: [SQLiteMigration] = [
        SQLiteMigration(
            version: 1, description: "record tables, sink offsets, dead letters",
            sql: """
                CREATE TABLE repositories(
                    org TEXT NOT NULL, repo TEXT NOT NULL, id INTEGER NOT NULL, full_name TEXT NOT NULL,
                    is_private INTEGER NOT NULL, fork INTEGER NOT NULL, archived INTEGER NOT NULL,
                    default_branch TEXT, language TEXT, stargazers_count INTEGER, forks_count INTEGER,
                    open_issues_count INTEGER, created_at TEXT, updated_at TEXT, pushed_at TEXT,
                    PRIMARY KEY(org, repo));
                CREATE TABLE pull_requests(
                    org TEXT NOT NULL, repo TEXT NOT NULL, number INTEGER NOT NULL, id INTEGER NOT NULL,
                    title TEXT NOT NULL, state TEXT NOT NULL, author_login TEXT, author_type TEXT,
                    draft INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, closed_at TEXT,
                    merged_at TEXT, merged INTEGER NOT NULL, merged_by TEXT, additions INTEGER, deletions INTEGER,
                    changed_files INTEGER, commits INTEGER, comments INTEGER, review_comments INTEGER,
                    labels TEXT NOT NULL, requested_reviewers TEXT NOT NULL, base_ref TEXT, head_ref TEXT,
                    PRIMARY KEY(org, repo, number));
                CREATE INDEX pull_requests_by_created ON pull_requests(org, repo, created_at);
                CREATE INDEX pull_requests_by_merged ON pull_requests(org, merged_at);
                CREATE INDEX pull_requests_by_author ON pull_requests(author_login, created_at);
                CREATE TABLE commits(
                    org TEXT NOT NULL, repo TEXT NOT NULL, sha TEXT NOT NULL, author_login TEXT, author_name TEXT,
                    committer_login TEXT, authored_at TEXT, committed_at TEXT, message TEXT NOT NULL,
                    parent_count INTEGER NOT NULL, additions INTEGER, deletions INTEGER,
                    PRIMARY KEY(org, repo, sha));
                CREATE INDEX commits_by_committed ON commits(org, repo, committed_at);
                CREATE INDEX commits_by_author ON commits(author_login, committed_at);
                CREATE TABLE reviews(
                    id INTEGER PRIMARY KEY, org TEXT NOT NULL, repo TEXT NOT NULL, pull_number INTEGER NOT NULL,
                    author_login TEXT, author_type TEXT, state TEXT NOT NULL, submitted_at TEXT, commit_id TEXT,
                    body TEXT NOT NULL);
                CREATE INDEX reviews_by_pull ON reviews(org, repo, pull_number, submitted_at);
                CREATE INDEX reviews_by_author ON reviews(author_login, submitted_at);
                CREATE TABLE review_comments(
                    id INTEGER PRIMARY KEY, org TEXT NOT NULL, repo TEXT NOT NULL, pull_number INTEGER NOT NULL,
                    review_id INTEGER, in_reply_to_id INTEGER, author_login TEXT, author_type TEXT, path TEXT,
                    body TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
                CREATE INDEX review_comments_by_pull ON review_comments(org, repo, pull_number, created_at);
                CREATE TABLE issue_comments(
                    id INTEGER PRIMARY KEY, org TEXT NOT NULL, repo TEXT NOT NULL, issue_number INTEGER NOT NULL,
                    author_login TEXT, author_type TEXT, body TEXT NOT NULL, created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL);
                CREATE INDEX issue_comments_by_issue ON issue_comments(org, repo, issue_number, created_at);
                CREATE TABLE sink_offsets(
                    consumer_group TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
                    next_offset INTEGER NOT NULL, PRIMARY KEY(consumer_group, topic, partition)) WITHOUT ROWID;
                CREATE TABLE dead_letters(
                    topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
                    collection_id TEXT, subject TEXT NOT NULL, reason TEXT NOT NULL, error TEXT NOT NULL,
                    attempts INTEGER, payload TEXT NOT NULL, dead_lettered_at TEXT NOT NULL,
                    PRIMARY KEY(topic, partition, offset));
                CREATE INDEX dead_letters_by_collection ON dead_letters(collection_id);
                """),
        SQLiteMigration(
            version: 2, description: "events (GH Archive, the Events API)",
            sql: """
                CREATE TABLE events(
                    id TEXT NOT NULL, created_at TEXT NOT NULL, type TEXT NOT NULL, actor_login TEXT, actor_id INTEGER,
                    org TEXT NOT NULL, repo TEXT NOT NULL, repo_id INTEGER, org_login TEXT, public INTEGER NOT NULL,
                    payload TEXT NOT NULL, PRIMARY KEY(id, created_at)) WITHOUT ROWID;
                CREATE INDEX events_by_repo ON events(org, repo, created_at);
                CREATE INDEX events_by_type ON events(type, created_at);
                """),
        SQLiteMigration(
            version: 3, description: "GH Archive hours read to their end",
            sql: """
                CREATE TABLE gharchive_hours(
                    file TEXT NOT NULL, owners TEXT NOT NULL, hour TEXT NOT NULL, events INTEGER NOT NULL,
                    filtered_out INTEGER NOT NULL, rejected INTEGER NOT NULL, PRIMARY KEY(file, owners)) WITHOUT ROWID;
                """),
        SQLiteMigration(
            version: 4, description: "derived velocity metrics (schemas/metrics)",
            sql: """
                CREATE TABLE metrics(
                    day TEXT NOT NULL, org TEXT NOT NULL, repo TEXT NOT NULL, author TEXT NOT NULL,
                    is_bot INTEGER NOT NULL, definition_version INTEGER NOT NULL,
                    prs_opened INTEGER, prs_merged INTEGER, prs_closed INTEGER,
                    time_to_first_review_p50_hours REAL, time_to_first_review_p90_hours REAL,
                    time_to_merge_p50_hours REAL, time_to_merge_p90_hours REAL, review_turnaround_p50_hours REAL,
                    reviews_given INTEGER, comments INTEGER, lines_added INTEGER, lines_deleted INTEGER, commits INTEGER,
                    lead_time_p50_hours REAL, lead_time_p90_hours REAL,
                    PRIMARY KEY(org, repo, author, day)) WITHOUT ROWID;
                CREATE INDEX metrics_by_day ON metrics(org, day);
                """),
        SQLiteMigration(
            version: 5, description: "pull requests' first commit time (pull_request/2)",
            sql: "ALTER TABLE pull_requests ADD COLUMN first_commit_at TEXT;"),
        SQLiteMigration(
            version: 6, description: "events in a rowid table (rows of a few KB spilled to overflow pages without one)",
            sql: """
                ALTER TABLE events RENAME TO events_v2;
                DROP INDEX events_by_repo;
                DROP INDEX events_by_type;
                CREATE TABLE events(
                    id TEXT NOT NULL, created_at TEXT NOT NULL, type TEXT NOT NULL, actor_login TEXT, actor_id INTEGER,
                    org TEXT NOT NULL, repo TEXT NOT NULL, repo_id INTEGER, org_login TEXT, public INTEGER NOT NULL,
                    payload TEXT NOT NULL, UNIQUE(id, created_at));
                INSERT INTO events SELECT id, created_at, type, actor_login, actor_id, org, repo, repo_id, org_login,
                    public, payload FROM events_v2;
                DROP TABLE events_v2;
                CREATE INDEX events_by_repo ON events(org, repo, created_at);
                CREATE INDEX events_by_type ON events(type, created_at);
                """),
        SQLiteMigration(
            version: 7, description: "secondary indexes no query reads dropped (each cost every upsert an insert)",
            sql: """
                DROP INDEX pull_requests_by_created;
                DROP INDEX pull_requests_by_merged;
                DROP INDEX pull_requests_by_author;
                DROP INDEX commits_by_committed;
                DROP INDEX commits_by_author;
                DROP INDEX reviews_by_author;
                """),
    ]
}
