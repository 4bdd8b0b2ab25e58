import Foundation
import GHRecords

/// Mapping of GitHub's shapes to ghstats records.
extension GitHubRepository {
    public func record(org: String) -> GHRecords.Repository {
        Repository(
            id: id, org: org, repo: name, fullName: fullName, isPrivate: `private`, fork: fork,
            archived: archived ?? false, defaultBranch: defaultBranch, language: language,
            stargazersCount: stargazersCount ?? 0, forksCount: forksCount ?? 0, openIssuesCount: openIssuesCount ?? 0,
            createdAt: createdAt, updatedAt: updatedAt, pushedAt: pushedAt)
    }
}

extension GitHubUser {
    /// The author of a record: this account in REST's form, or the deleted account when GitHub sent `null`.
    static func author(_ user: GitHubUser?) -> (login: String, type: String) {
        AccountLogin.author(login: user?.login, type: user?.type)
    }
}

extension GitHubPullRequest {
    /// The record; requested reviewers are the accounts by login, then the teams as `org/slug`.
    public func record(org: String, repo: String) -> PullRequest {
        let author = GitHubUser.author(user)
        let reviewers =
            (requestedReviewers ?? []).map { AccountLogin.normalized($0.login, type: $0.type) }
            + (requestedTeams ?? []).map { "\(org)/\($0.slug)" }
        let isMerged = merged ?? (mergedAt != nil)
        return PullRequest(
            id: id, org: org, repo: repo, number: number, title: title, state: state, authorLogin: author.login,
            authorType: author.type, draft: draft ?? false, createdAt: createdAt, updatedAt: updatedAt,
            closedAt: closedAt, mergedAt: mergedAt, merged: isMerged,
            mergedBy: mergedBy.map { AccountLogin.normalized($0.login, type: $0.type) }
                ?? (isMerged ? AccountLogin.deleted : nil),
            additions: additions ?? 0, deletions: deletions ?? 0, changedFiles: changedFiles ?? 0,
            commits: commits ?? 0, comments: comments ?? 0, reviewComments: reviewComments ?? 0,
            labels: (labels ?? []).map(\.name), requestedReviewers: reviewers, baseRef: base?.ref, headRef: head?.ref)
    }
}

extension GitHubReview {
    public func record(org: String, repo: String, pullNumber: Int) -> Review {
        let author = GitHubUser.author(user)
        return Review(
            id: id, org: org, repo: repo, pullNumber: pullNumber, authorLogin: author.login, authorType: author.type,
            state: state, submittedAt: submittedAt, commitId: commitId, body: body ?? "")
    }
}

extension GitHubReviewComment {
    /// The record, or nil when `pull_request_url` names no pull request number.
    public func record(org: String, repo: String) -> ReviewComment? {
        guard let number = Self.trailingNumber(pullRequestUrl, after: "/pulls/") else { return nil }
        let author = GitHubUser.author(user)
        return ReviewComment(
            id: id, org: org, repo: repo, pullNumber: number, reviewId: pullRequestReviewId, inReplyToId: inReplyToId,
            authorLogin: author.login, authorType: author.type, path: path, body: body ?? "", createdAt: createdAt,
            updatedAt: updatedAt)
    }

    static func trailingNumber(_ url: String, after marker: String) -> Int? {
        guard let range = url.range(of: marker, options: .backwards) else { return nil }
        return Int(url[range.upperBound...].prefix { $0.isNumber })
    }
}

extension GitHubIssueComment {
    /// The record, or nil when `issue_url` names no issue number.
    public func record(org: String, repo: String) -> IssueComment? {
        guard let number = GitHubReviewComment.trailingNumber(issueUrl, after: "/issues/") else { return nil }
        let author = GitHubUser.author(user)
        return IssueComment(
            id: id, org: org, repo: repo, issueNumber: number, authorLogin: author.login,
            authorType: author.type,
            body: body ?? "", createdAt: createdAt, updatedAt: updatedAt)
    }
}

extension GitHubCommit {
    public func record(org: String, repo: String) -> Commit {
        Commit(
            org: org, repo: repo, sha: sha, authorLogin: author?.login, authorName: commit.author?.name,
            committerLogin: committer?.login, authoredAt: commit.author?.date, committedAt: commit.committer?.date,
            message: commit.message, parentCount: parents?.count ?? 0, additions: stats?.additions,
            deletions: stats?.deletions)
    }
}
