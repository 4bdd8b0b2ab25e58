import GHRecords
import SQLiteDB

// Each record's table is derived from its shape; `addValues` stays hand-written (the persister's hot path binds
// each value straight to the upsert, no reflection), in the shape's field order, which `RecordFormsTests` checks
// column by column.

extension Repository: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package func addValues(to row: inout SQLiteRowBuilder) {
        row.add(id)
        row.add(org)
        row.add(repo)
        row.add(fullName)
        row.add(isPrivate)
        row.add(fork)
        row.add(archived)
        row.add(defaultBranch)
        row.add(language)
        row.add(stargazersCount)
        row.add(forksCount)
        row.add(openIssuesCount)
        row.add(createdAt)
        row.add(updatedAt)
        row.add(pushedAt)
    }
}

extension PullRequest: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package func addValues(to row: inout SQLiteRowBuilder) {
        row.add(id)
        row.add(org)
        row.add(repo)
        row.add(number)
        row.add(title)
        row.add(state)
        row.add(authorLogin)
        row.add(authorType)
        row.add(draft)
        row.add(createdAt)
        row.add(updatedAt)
        row.add(closedAt)
        row.add(mergedAt)
        row.add(merged)
        row.add(mergedBy)
        row.add(additions)
        row.add(deletions)
        row.add(changedFiles)
        row.add(commits)
        row.add(comments)
        row.add(reviewComments)
        row.add(labels)
        row.add(requestedReviewers)
        row.add(baseRef)
        row.add(headRef)
        row.add(firstCommitAt)
    }
}

extension Commit: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package func addValues(to row: inout SQLiteRowBuilder) {
        row.add(org)
        row.add(repo)
        row.add(sha)
        row.add(authorLogin)
        row.add(authorName)
        row.add(committerLogin)
        row.add(authoredAt)
        row.add(committedAt)
        row.add(message)
        row.add(parentCount)
        row.add(additions)
        row.add(deletions)
    }
}

extension Review: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package func addValues(to row: inout SQLiteRowBuilder) {
        row.add(id)
        row.add(org)
        row.add(repo)
        row.add(pullNumber)
        row.add(authorLogin)
        row.add(authorType)
        row.add(state)
        row.add(submittedAt)
        row.add(commitId)
        row.add(body)
    }
}

extension ReviewComment: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package func addValues(to row: inout SQLiteRowBuilder) {
        row.add(id)
        row.add(org)
        row.add(repo)
        row.add(pullNumber)
        row.add(reviewId)
        row.add(inReplyToId)
        row.add(authorLogin)
        row.add(authorType)
        row.add(path)
        row.add(body)
        row.add(createdAt)
        row.add(updatedAt)
    }
}

extension IssueComment: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package func addValues(to row: inout SQLiteRowBuilder) {
        row.add(id)
        row.add(org)
        row.add(repo)
        row.add(issueNumber)
        row.add(authorLogin)
        row.add(authorType)
        row.add(body)
        row.add(createdAt)
        row.add(updatedAt)
    }
}

extension GitHubEvent: StoredRecord {
    package static let storedTable = StoredTable(shape)
    package func addValues(to row: inout SQLiteRowBuilder) {
        row.add(id)
        row.add(type)
        row.add(actorLogin)
        row.add(actorId)
        row.add(org)
        row.add(repo)
        row.add(repoId)
        row.add(orgLogin)
        row.add(isPublic)
        row.add(createdAt)
        row.add(payload)
    }
}

extension GHArchiveHourRecord: StoredRecord {
    /// The owner filter sits in `owners` (migration 3); `repo` is always empty and not stored.
    package static let storedTable = StoredTable(shape, renamed: ["org": "owners"], leavingOut: ["repo"])
    package func addValues(to row: inout SQLiteRowBuilder) {
        row.add(hour)
        row.add(file)
        row.add(org)
        row.add(events)
        row.add(filteredOut)
        row.add(rejected)
    }
}
