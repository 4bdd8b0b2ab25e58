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

extension GitHubPullRequest {
    public func record(org: String, repo: String) -> PullRequest {
        PullRequest(
            id: id, org: org, repo: repo, number: number, title: title, state: state, authorLogin: user?.login,
            authorType: user?.type, draft: draft ?? false, createdAt: createdAt, updatedAt: updatedAt,
            closedAt: closedAt, mergedAt: mergedAt, merged: merged ?? (mergedAt != nil), mergedBy: mergedBy?.login,
            additions: additions ?? 0, deletions: deletions ?? 0, changedFiles: changedFiles ?? 0,
            commits: commits ?? 0, comments: comments ?? 0, reviewComments: reviewComments ?? 0,
            labels: (labels ?? []).map(\.name), requestedReviewers: (requestedReviewers ?? []).map(\.login),
            baseRef: base?.ref, headRef: head?.ref)
    }
}

extension GitHubReview {
    public func record(org: String, repo: String, pullNumber: Int) -> Review {
        Review(
            id: id, org: org, repo: repo, pullNumber: pullNumber, authorLogin: user?.login, authorType: user?.type,
            state: state, submittedAt: submittedAt, commitId: commitId, body: body ?? "")
    }
}

extension GitHubReviewComment {
    /// The record, or nil when `pull_request_url` names no pull request number.
    public func record(org: String, repo: String) -> ReviewComment? {
        guard let number = Self.trailingNumber(pullRequestUrl, after: "/pulls/") else { return nil }
        return ReviewComment(
            id: id, org: org, repo: repo, pullNumber: number, reviewId: pullRequestReviewId, inReplyToId: inReplyToId,
            authorLogin: user?.login, authorType: user?.type, path: path, body: body ?? "", createdAt: createdAt,
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
        return IssueComment(
            id: id, org: org, repo: repo, issueNumber: number, authorLogin: user?.login, authorType: user?.type,
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
