import GHRecords
import SQLiteDB

// Each record's table is derived from its shape; `values` stays hand-written (the persister's hot path builds one
// array per record, no reflection), in the shape's field order, which `RecordFormsTests` checks column by column.

extension Repository: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package var values: [SQLiteValue] {
        [
            .integer(id), .text(org), .text(repo), .text(fullName), SQLiteValue(isPrivate), SQLiteValue(fork),
            SQLiteValue(archived), SQLiteValue(defaultBranch), SQLiteValue(language), SQLiteValue(stargazersCount),
            SQLiteValue(forksCount), SQLiteValue(openIssuesCount), SQLiteDate.value(createdAt),
            SQLiteDate.value(updatedAt), SQLiteDate.value(pushedAt),
        ]
    }
}

extension PullRequest: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package var values: [SQLiteValue] {
        [
            .integer(id), .text(org), .text(repo), SQLiteValue(number), .text(title), .text(state),
            SQLiteValue(authorLogin), SQLiteValue(authorType), SQLiteValue(draft), SQLiteDate.value(createdAt),
            SQLiteDate.value(updatedAt), SQLiteDate.value(closedAt), SQLiteDate.value(mergedAt), SQLiteValue(merged),
            SQLiteValue(mergedBy), SQLiteValue(additions), SQLiteValue(deletions), SQLiteValue(changedFiles),
            SQLiteValue(commits), SQLiteValue(comments), SQLiteValue(reviewComments), labels.jsonText,
            requestedReviewers.jsonText, SQLiteValue(baseRef), SQLiteValue(headRef), SQLiteDate.value(firstCommitAt),
        ]
    }
}

extension Commit: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package var values: [SQLiteValue] {
        [
            .text(org), .text(repo), .text(sha), SQLiteValue(authorLogin), SQLiteValue(authorName),
            SQLiteValue(committerLogin), SQLiteDate.value(authoredAt), SQLiteDate.value(committedAt), .text(message),
            SQLiteValue(parentCount), SQLiteValue(additions), SQLiteValue(deletions),
        ]
    }
}

extension Review: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package var values: [SQLiteValue] {
        [
            .integer(id), .text(org), .text(repo), SQLiteValue(pullNumber), SQLiteValue(authorLogin),
            SQLiteValue(authorType), .text(state), SQLiteDate.value(submittedAt), SQLiteValue(commitId), .text(body),
        ]
    }
}

extension ReviewComment: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package var values: [SQLiteValue] {
        [
            .integer(id), .text(org), .text(repo), SQLiteValue(pullNumber), SQLiteValue(reviewId),
            SQLiteValue(inReplyToId), SQLiteValue(authorLogin), SQLiteValue(authorType), SQLiteValue(path),
            .text(body), SQLiteDate.value(createdAt), SQLiteDate.value(updatedAt),
        ]
    }
}

extension IssueComment: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package var values: [SQLiteValue] {
        [
            .integer(id), .text(org), .text(repo), SQLiteValue(issueNumber), SQLiteValue(authorLogin),
            SQLiteValue(authorType), .text(body), SQLiteDate.value(createdAt), SQLiteDate.value(updatedAt),
        ]
    }
}

extension GitHubEvent: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package var values: [SQLiteValue] {
        [
            .text(id), .text(type), SQLiteValue(actorLogin), SQLiteValue(actorId), .text(org), .text(repo),
            SQLiteValue(repoId), SQLiteValue(orgLogin), SQLiteValue(isPublic), SQLiteDate.value(createdAt),
            .text(payload),
        ]
    }
}

extension GHArchiveHourRecord: StoredRecord {
    /// The owner filter sits in `owners` (migration 3); `repo` is always empty and not stored.
    package static let storedTable = StoredTable(shape, renamed: ["org": "owners"], leavingOut: ["repo"])
    package var values: [SQLiteValue] {
        [
            SQLiteDate.value(hour), .text(file), .text(org), SQLiteValue(events), SQLiteValue(filteredOut),
            SQLiteValue(rejected),
        ]
    }
}
