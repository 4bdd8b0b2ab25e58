import Foundation

// The hand-written JSON forms of the API records (see FastJSONRecord): byte for byte what RecordCoding's
// encoder writes, which FastJSONTests pins for every type. Keys in sorted order.

extension PullRequest: FastJSONRecord {
    public func fastJSON() -> [UInt8] {
        var writer = JSONObjectWriter()
        writer.int("additions", additions)
        writer.string("author_login", authorLogin)
        writer.string("author_type", authorType)
        writer.string("base_ref", baseRef)
        writer.int("changed_files", changedFiles)
        writer.date("closed_at", closedAt)
        writer.int("comments", comments)
        writer.int("commits", commits)
        writer.date("created_at", createdAt)
        writer.int("deletions", deletions)
        writer.bool("draft", draft)
        writer.date("first_commit_at", firstCommitAt)
        writer.string("head_ref", headRef)
        writer.integer("id", id)
        writer.strings("labels", labels)
        writer.bool("merged", merged)
        writer.date("merged_at", mergedAt)
        writer.string("merged_by", mergedBy)
        writer.int("number", number)
        writer.string("org", org)
        writer.string("repo", repo)
        writer.strings("requested_reviewers", requestedReviewers)
        writer.int("review_comments", reviewComments)
        writer.string("state", state)
        writer.string("title", title)
        writer.date("updated_at", updatedAt)
        return writer.finish()
    }

    public init?(fastJSON bytes: UnsafeBufferPointer<UInt8>) {
        guard let fields = JSONObjectFields(bytes) else { return nil }
        guard let id = fields.int64("id") else { return nil }
        guard let org = fields.string("org") else { return nil }
        guard let repo = fields.string("repo") else { return nil }
        guard let number = fields.int("number") else { return nil }
        guard let title = fields.string("title") else { return nil }
        guard let state = fields.string("state") else { return nil }
        guard let authorLogin = fields.optional("author_login", fields.string) else { return nil }
        guard let authorType = fields.optional("author_type", fields.string) else { return nil }
        guard let draft = fields.bool("draft") else { return nil }
        guard let createdAt = fields.date("created_at") else { return nil }
        guard let updatedAt = fields.date("updated_at") else { return nil }
        guard let closedAt = fields.optional("closed_at", fields.date) else { return nil }
        guard let mergedAt = fields.optional("merged_at", fields.date) else { return nil }
        guard let merged = fields.bool("merged") else { return nil }
        guard let mergedBy = fields.optional("merged_by", fields.string) else { return nil }
        guard let additions = fields.int("additions") else { return nil }
        guard let deletions = fields.int("deletions") else { return nil }
        guard let changedFiles = fields.int("changed_files") else { return nil }
        guard let commits = fields.int("commits") else { return nil }
        guard let comments = fields.int("comments") else { return nil }
        guard let reviewComments = fields.int("review_comments") else { return nil }
        guard let labels = fields.strings("labels") else { return nil }
        guard let requestedReviewers = fields.strings("requested_reviewers") else { return nil }
        guard let baseRef = fields.optional("base_ref", fields.string) else { return nil }
        guard let headRef = fields.optional("head_ref", fields.string) else { return nil }
        guard let firstCommitAt = fields.optional("first_commit_at", fields.date) else { return nil }
        self.init(
            id: id, org: org, repo: repo, number: number, title: title, state: state, authorLogin: authorLogin,
            authorType: authorType, draft: draft, createdAt: createdAt, updatedAt: updatedAt, closedAt: closedAt,
            mergedAt: mergedAt, merged: merged, mergedBy: mergedBy, additions: additions, deletions: deletions,
            changedFiles: changedFiles, commits: commits, comments: comments, reviewComments: reviewComments,
            labels: labels, requestedReviewers: requestedReviewers, baseRef: baseRef, headRef: headRef,
            firstCommitAt: firstCommitAt)
    }
}

extension Commit: FastJSONRecord {
    public func fastJSON() -> [UInt8] {
        var writer = JSONObjectWriter()
        writer.int("additions", additions)
        writer.string("author_login", authorLogin)
        writer.string("author_name", authorName)
        writer.date("authored_at", authoredAt)
        writer.date("committed_at", committedAt)
        writer.string("committer_login", committerLogin)
        writer.int("deletions", deletions)
        writer.string("message", message)
        writer.string("org", org)
        writer.int("parent_count", parentCount)
        writer.string("repo", repo)
        writer.string("sha", sha)
        return writer.finish()
    }

    public init?(fastJSON bytes: UnsafeBufferPointer<UInt8>) {
        guard let fields = JSONObjectFields(bytes) else { return nil }
        guard let org = fields.string("org") else { return nil }
        guard let repo = fields.string("repo") else { return nil }
        guard let sha = fields.string("sha") else { return nil }
        guard let authorLogin = fields.optional("author_login", fields.string) else { return nil }
        guard let authorName = fields.optional("author_name", fields.string) else { return nil }
        guard let committerLogin = fields.optional("committer_login", fields.string) else { return nil }
        guard let authoredAt = fields.optional("authored_at", fields.date) else { return nil }
        guard let committedAt = fields.optional("committed_at", fields.date) else { return nil }
        guard let message = fields.string("message") else { return nil }
        guard let parentCount = fields.int("parent_count") else { return nil }
        guard let additions = fields.optional("additions", fields.int) else { return nil }
        guard let deletions = fields.optional("deletions", fields.int) else { return nil }
        self.init(
            org: org, repo: repo, sha: sha, authorLogin: authorLogin, authorName: authorName,
            committerLogin: committerLogin, authoredAt: authoredAt, committedAt: committedAt, message: message,
            parentCount: parentCount, additions: additions, deletions: deletions)
    }
}

extension Review: FastJSONRecord {
    public func fastJSON() -> [UInt8] {
        var writer = JSONObjectWriter()
        writer.string("author_login", authorLogin)
        writer.string("author_type", authorType)
        writer.string("body", body)
        writer.string("commit_id", commitId)
        writer.integer("id", id)
        writer.string("org", org)
        writer.int("pull_number", pullNumber)
        writer.string("repo", repo)
        writer.string("state", state)
        writer.date("submitted_at", submittedAt)
        return writer.finish()
    }

    public init?(fastJSON bytes: UnsafeBufferPointer<UInt8>) {
        guard let fields = JSONObjectFields(bytes) else { return nil }
        guard let id = fields.int64("id") else { return nil }
        guard let org = fields.string("org") else { return nil }
        guard let repo = fields.string("repo") else { return nil }
        guard let pullNumber = fields.int("pull_number") else { return nil }
        guard let authorLogin = fields.optional("author_login", fields.string) else { return nil }
        guard let authorType = fields.optional("author_type", fields.string) else { return nil }
        guard let state = fields.string("state") else { return nil }
        guard let submittedAt = fields.optional("submitted_at", fields.date) else { return nil }
        guard let commitId = fields.optional("commit_id", fields.string) else { return nil }
        guard let body = fields.string("body") else { return nil }
        self.init(
            id: id, org: org, repo: repo, pullNumber: pullNumber, authorLogin: authorLogin, authorType: authorType,
            state: state, submittedAt: submittedAt, commitId: commitId, body: body)
    }
}

extension ReviewComment: FastJSONRecord {
    public func fastJSON() -> [UInt8] {
        var writer = JSONObjectWriter()
        writer.string("author_login", authorLogin)
        writer.string("author_type", authorType)
        writer.string("body", body)
        writer.date("created_at", createdAt)
        writer.integer("id", id)
        writer.integer("in_reply_to_id", inReplyToId)
        writer.string("org", org)
        writer.string("path", path)
        writer.int("pull_number", pullNumber)
        writer.string("repo", repo)
        writer.integer("review_id", reviewId)
        writer.date("updated_at", updatedAt)
        return writer.finish()
    }

    public init?(fastJSON bytes: UnsafeBufferPointer<UInt8>) {
        guard let fields = JSONObjectFields(bytes) else { return nil }
        guard let id = fields.int64("id") else { return nil }
        guard let org = fields.string("org") else { return nil }
        guard let repo = fields.string("repo") else { return nil }
        guard let pullNumber = fields.int("pull_number") else { return nil }
        guard let reviewId = fields.optional("review_id", fields.int64) else { return nil }
        guard let inReplyToId = fields.optional("in_reply_to_id", fields.int64) else { return nil }
        guard let authorLogin = fields.optional("author_login", fields.string) else { return nil }
        guard let authorType = fields.optional("author_type", fields.string) else { return nil }
        guard let path = fields.optional("path", fields.string) else { return nil }
        guard let body = fields.string("body") else { return nil }
        guard let createdAt = fields.date("created_at") else { return nil }
        guard let updatedAt = fields.date("updated_at") else { return nil }
        self.init(
            id: id, org: org, repo: repo, pullNumber: pullNumber, reviewId: reviewId, inReplyToId: inReplyToId,
            authorLogin: authorLogin, authorType: authorType, path: path, body: body, createdAt: createdAt,
            updatedAt: updatedAt)
    }
}

extension IssueComment: FastJSONRecord {
    public func fastJSON() -> [UInt8] {
        var writer = JSONObjectWriter()
        writer.string("author_login", authorLogin)
        writer.string("author_type", authorType)
        writer.string("body", body)
        writer.date("created_at", createdAt)
        writer.integer("id", id)
        writer.int("issue_number", issueNumber)
        writer.string("org", org)
        writer.string("repo", repo)
        writer.date("updated_at", updatedAt)
        return writer.finish()
    }

    public init?(fastJSON bytes: UnsafeBufferPointer<UInt8>) {
        guard let fields = JSONObjectFields(bytes) else { return nil }
        guard let id = fields.int64("id") else { return nil }
        guard let org = fields.string("org") else { return nil }
        guard let repo = fields.string("repo") else { return nil }
        guard let issueNumber = fields.int("issue_number") else { return nil }
        guard let authorLogin = fields.optional("author_login", fields.string) else { return nil }
        guard let authorType = fields.optional("author_type", fields.string) else { return nil }
        guard let body = fields.string("body") else { return nil }
        guard let createdAt = fields.date("created_at") else { return nil }
        guard let updatedAt = fields.date("updated_at") else { return nil }
        self.init(
            id: id, org: org, repo: repo, issueNumber: issueNumber, authorLogin: authorLogin, authorType: authorType,
            body: body, createdAt: createdAt, updatedAt: updatedAt)
    }
}

extension Repository: FastJSONRecord {
    public func fastJSON() -> [UInt8] {
        var writer = JSONObjectWriter()
        writer.bool("archived", archived)
        writer.date("created_at", createdAt)
        writer.string("default_branch", defaultBranch)
        writer.bool("fork", fork)
        writer.int("forks_count", forksCount)
        writer.string("full_name", fullName)
        writer.integer("id", id)
        writer.bool("is_private", isPrivate)
        writer.string("language", language)
        writer.int("open_issues_count", openIssuesCount)
        writer.string("org", org)
        writer.date("pushed_at", pushedAt)
        writer.string("repo", repo)
        writer.int("stargazers_count", stargazersCount)
        writer.date("updated_at", updatedAt)
        return writer.finish()
    }

    public init?(fastJSON bytes: UnsafeBufferPointer<UInt8>) {
        guard let fields = JSONObjectFields(bytes) else { return nil }
        guard let id = fields.int64("id") else { return nil }
        guard let org = fields.string("org") else { return nil }
        guard let repo = fields.string("repo") else { return nil }
        guard let fullName = fields.string("full_name") else { return nil }
        guard let isPrivate = fields.bool("is_private") else { return nil }
        guard let fork = fields.bool("fork") else { return nil }
        guard let archived = fields.bool("archived") else { return nil }
        guard let defaultBranch = fields.optional("default_branch", fields.string) else { return nil }
        guard let language = fields.optional("language", fields.string) else { return nil }
        guard let stargazersCount = fields.int("stargazers_count") else { return nil }
        guard let forksCount = fields.int("forks_count") else { return nil }
        guard let openIssuesCount = fields.int("open_issues_count") else { return nil }
        guard let createdAt = fields.optional("created_at", fields.date) else { return nil }
        guard let updatedAt = fields.optional("updated_at", fields.date) else { return nil }
        guard let pushedAt = fields.optional("pushed_at", fields.date) else { return nil }
        self.init(
            id: id, org: org, repo: repo, fullName: fullName, isPrivate: isPrivate, fork: fork, archived: archived,
            defaultBranch: defaultBranch, language: language, stargazersCount: stargazersCount, forksCount: forksCount,
            openIssuesCount: openIssuesCount, createdAt: createdAt, updatedAt: updatedAt, pushedAt: pushedAt)
    }
}
