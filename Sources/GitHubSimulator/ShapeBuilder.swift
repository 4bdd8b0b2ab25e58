import Foundation

/// Renders one repository's simulated items in GitHub's shapes.
struct ShapeBuilder {
    let apiRoot: String
    let repository: SimulatedRepository

    private var repoURL: String { "\(apiRoot)/repos/\(repository.fullName)" }

    func user(_ user: SimulatedUser) -> GitHubShapes.User { GitHubShapes.User(user, api: apiRoot) }

    func pullRequest(_ pull: SimulatedPullRequest, detail: Bool) -> GitHubShapes.PullRequest {
        let headSHA = pull.commits.last?.sha ?? String(repeating: "0", count: 40)
        let author = user(pull.user)
        return GitHubShapes.PullRequest(
            url: "\(repoURL)/pulls/\(pull.number)", id: pull.id, nodeId: "PR_\(pull.id)",
            htmlUrl: "https://github.com/\(repository.fullName)/pull/\(pull.number)",
            issueUrl: "\(repoURL)/issues/\(pull.number)", number: pull.number, state: pull.state, locked: false,
            title: pull.title, user: author, body: "Body of \(pull.title)",
            labels: pull.labels.enumerated().map { index, name in
                GitHubShapes.Label(
                    id: Int64(5000 + index), nodeId: "LA_\(index)", name: name, color: "f29513", default: false,
                    description: nil)
            },
            createdAt: pull.createdAt, updatedAt: pull.updatedAt, closedAt: pull.closedAt, mergedAt: pull.mergedAt,
            mergeCommitSha: pull.mergedAt == nil ? nil : headSHA,
            requestedReviewers: pull.requestedReviewers.map(user),
            head: GitHubShapes.Ref(label: "\(repository.owner):\(pull.headRef)", ref: pull.headRef, sha: headSHA, user: author),
            base: GitHubShapes.Ref(label: "\(repository.owner):main", ref: "main", sha: headSHA, user: author),
            authorAssociation: pull.user.type == "Bot" ? "NONE" : "MEMBER", draft: pull.draft,
            merged: detail ? pull.mergedAt != nil : nil, mergedBy: detail ? pull.mergedBy.map(user) : nil,
            comments: detail ? pull.issueComments.count : nil, reviewComments: detail ? pull.reviewComments.count : nil,
            commits: detail ? pull.commits.count : nil, additions: detail ? pull.additions : nil,
            deletions: detail ? pull.deletions : nil, changedFiles: detail ? pull.changedFiles : nil)
    }

    func review(_ review: SimulatedReview, pullNumber: Int) -> GitHubShapes.Review {
        GitHubShapes.Review(
            id: review.id, nodeId: "PRR_\(review.id)", user: user(review.user), body: review.body, state: review.state,
            htmlUrl: "https://github.com/\(repository.fullName)/pull/\(pullNumber)#pullrequestreview-\(review.id)",
            pullRequestUrl: "\(repoURL)/pulls/\(pullNumber)", submittedAt: review.submittedAt,
            commitId: review.commitID, authorAssociation: "MEMBER")
    }

    func reviewComment(_ comment: SimulatedReviewComment) -> GitHubShapes.ReviewComment {
        GitHubShapes.ReviewComment(
            url: "\(repoURL)/pulls/comments/\(comment.id)", pullRequestReviewId: comment.reviewID, id: comment.id,
            nodeId: "PRRC_\(comment.id)", diffHunk: "@@ -1,3 +1,4 @@", path: comment.path,
            commitId: String(repeating: "a", count: 40), originalCommitId: String(repeating: "a", count: 40),
            inReplyToId: comment.inReplyTo, user: user(comment.user), body: comment.body,
            createdAt: comment.createdAt, updatedAt: comment.updatedAt,
            htmlUrl: "https://github.com/\(repository.fullName)/pull/\(comment.pullNumber)#discussion_r\(comment.id)",
            pullRequestUrl: "\(repoURL)/pulls/\(comment.pullNumber)", authorAssociation: "MEMBER", line: 2, side: "RIGHT")
    }

    func issueComment(_ comment: SimulatedIssueComment) -> GitHubShapes.IssueComment {
        GitHubShapes.IssueComment(
            id: comment.id, nodeId: "IC_\(comment.id)", url: "\(repoURL)/issues/comments/\(comment.id)",
            htmlUrl: "https://github.com/\(repository.fullName)/issues/\(comment.issueNumber)#issuecomment-\(comment.id)",
            body: comment.body, user: user(comment.user), createdAt: comment.createdAt, updatedAt: comment.updatedAt,
            issueUrl: "\(repoURL)/issues/\(comment.issueNumber)", authorAssociation: "MEMBER")
    }

    func commit(_ commit: SimulatedCommit, stats: Bool) -> GitHubShapes.Commit {
        let signature = GitHubShapes.Signature(
            name: commit.author.login.capitalized, email: "\(commit.author.login)@users.noreply.github.com",
            date: commit.committedAt)
        return GitHubShapes.Commit(
            url: "\(repoURL)/commits/\(commit.sha)", sha: commit.sha, nodeId: "C_\(commit.sha.prefix(12))",
            htmlUrl: "https://github.com/\(repository.fullName)/commit/\(commit.sha)",
            commit: GitHubShapes.CommitDetail(
                url: "\(repoURL)/git/commits/\(commit.sha)", author: signature, committer: signature,
                message: commit.message, commentCount: 0),
            author: user(commit.author), committer: user(commit.author),
            parents: commit.parentSHA.map { [GitHubShapes.Parent(sha: $0, url: "\(repoURL)/commits/\($0)")] } ?? [],
            stats: stats
                ? GitHubShapes.Stats(additions: commit.additions, deletions: commit.deletions, total: commit.additions + commit.deletions)
                : nil)
    }
}
