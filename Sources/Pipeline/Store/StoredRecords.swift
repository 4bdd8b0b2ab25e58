import GHRecords
import SQLiteDB

extension Repository: StoredRecord {
    static let table = "repositories"
    static let columns = [
        "org", "repo", "id", "full_name", "is_private", "fork", "archived", "default_branch", "language",
        "stargazers_count", "forks_count", "open_issues_count", "created_at", "updated_at", "pushed_at",
    ]
    static let keyColumns = ["org", "repo"]
    static let freshnessColumn: String? = nil
    var values: [SQLiteValue] {
        [
            .text(org), .text(repo), .integer(id), .text(fullName), SQLiteValue(isPrivate), SQLiteValue(fork),
            SQLiteValue(archived), SQLiteValue(defaultBranch), SQLiteValue(language), SQLiteValue(stargazersCount),
            SQLiteValue(forksCount), SQLiteValue(openIssuesCount), SQLiteDate.value(createdAt),
            SQLiteDate.value(updatedAt), SQLiteDate.value(pushedAt),
        ]
    }
}

extension PullRequest: StoredRecord {
    static let table = "pull_requests"
    static let columns = [
        "org", "repo", "number", "id", "title", "state", "author_login", "author_type", "draft", "created_at",
        "updated_at", "closed_at", "merged_at", "merged", "merged_by", "additions", "deletions", "changed_files",
        "commits", "comments", "review_comments", "labels", "requested_reviewers", "base_ref", "head_ref",
        "first_commit_at",
    ]
    static let keyColumns = ["org", "repo", "number"]
    static let freshnessColumn: String? = "updated_at"
    var values: [SQLiteValue] {
        [
            .text(org), .text(repo), SQLiteValue(number), .integer(id), .text(title), .text(state),
            SQLiteValue(authorLogin), SQLiteValue(authorType), SQLiteValue(draft), SQLiteDate.value(createdAt),
            SQLiteDate.value(updatedAt), SQLiteDate.value(closedAt), SQLiteDate.value(mergedAt), SQLiteValue(merged),
            SQLiteValue(mergedBy), SQLiteValue(additions), SQLiteValue(deletions), SQLiteValue(changedFiles),
            SQLiteValue(commits), SQLiteValue(comments), SQLiteValue(reviewComments), labels.jsonText,
            requestedReviewers.jsonText, SQLiteValue(baseRef), SQLiteValue(headRef), SQLiteDate.value(firstCommitAt),
        ]
    }
}

extension Commit: StoredRecord {
    static let table = "commits"
    static let columns = [
        "org", "repo", "sha", "author_login", "author_name", "committer_login", "authored_at", "committed_at",
        "message", "parent_count", "additions", "deletions",
    ]
    static let keyColumns = ["org", "repo", "sha"]
    static let freshnessColumn: String? = nil
    static let enrichmentColumns = ["additions", "deletions"]
    var values: [SQLiteValue] {
        [
            .text(org), .text(repo), .text(sha), SQLiteValue(authorLogin), SQLiteValue(authorName),
            SQLiteValue(committerLogin), SQLiteDate.value(authoredAt), SQLiteDate.value(committedAt), .text(message),
            SQLiteValue(parentCount), SQLiteValue(additions), SQLiteValue(deletions),
        ]
    }
}

extension Review: StoredRecord {
    static let table = "reviews"
    static let columns = [
        "id", "org", "repo", "pull_number", "author_login", "author_type", "state", "submitted_at", "commit_id", "body",
    ]
    static let keyColumns = ["id"]
    static let freshnessColumn: String? = nil
    var values: [SQLiteValue] {
        [
            .integer(id), .text(org), .text(repo), SQLiteValue(pullNumber), SQLiteValue(authorLogin),
            SQLiteValue(authorType), .text(state), SQLiteDate.value(submittedAt), SQLiteValue(commitId), .text(body),
        ]
    }
}

extension ReviewComment: StoredRecord {
    static let table = "review_comments"
    static let columns = [
        "id", "org", "repo", "pull_number", "review_id", "in_reply_to_id", "author_login", "author_type", "path",
        "body", "created_at", "updated_at",
    ]
    static let keyColumns = ["id"]
    static let freshnessColumn: String? = "updated_at"
    var values: [SQLiteValue] {
        [
            .integer(id), .text(org), .text(repo), SQLiteValue(pullNumber), SQLiteValue(reviewId),
            SQLiteValue(inReplyToId), SQLiteValue(authorLogin), SQLiteValue(authorType), SQLiteValue(path),
            .text(body), SQLiteDate.value(createdAt), SQLiteDate.value(updatedAt),
        ]
    }
}

extension IssueComment: StoredRecord {
    static let table = "issue_comments"
    static let columns = [
        "id", "org", "repo", "issue_number", "author_login", "author_type", "body", "created_at", "updated_at",
    ]
    static let keyColumns = ["id"]
    static let freshnessColumn: String? = "updated_at"
    var values: [SQLiteValue] {
        [
            .integer(id), .text(org), .text(repo), SQLiteValue(issueNumber), SQLiteValue(authorLogin),
            SQLiteValue(authorType), .text(body), SQLiteDate.value(createdAt), SQLiteDate.value(updatedAt),
        ]
    }
}

extension GitHubEvent: StoredRecord {
    static let table = "events"
    static let columns = [
        "id", "created_at", "type", "actor_login", "actor_id", "org", "repo", "repo_id", "org_login", "public", "payload",
    ]
    static let keyColumns = ["id", "created_at"]
    static let freshnessColumn: String? = nil
    var values: [SQLiteValue] {
        [
            .text(id), SQLiteDate.value(createdAt), .text(type), SQLiteValue(actorLogin), SQLiteValue(actorId), .text(org),
            .text(repo), SQLiteValue(repoId), SQLiteValue(orgLogin), SQLiteValue(isPublic), .text(payload),
        ]
    }
}

extension GHArchiveHourRecord: StoredRecord {
    static let table = "gharchive_hours"
    static let columns = ["file", "owners", "hour", "events", "filtered_out", "rejected"]
    static let keyColumns = ["file", "owners"]
    static let freshnessColumn: String? = nil
    var values: [SQLiteValue] {
        [.text(file), .text(org), SQLiteDate.value(hour), SQLiteValue(events), SQLiteValue(filteredOut), SQLiteValue(rejected)]
    }
}
