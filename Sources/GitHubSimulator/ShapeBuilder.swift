import Foundation

/// Renders one repository's simulated items in GitHub's shapes.
struct ShapeBuilder {
    let apiRoot: String
    let repository: SimulatedRepository
    /// The owning organisation's account id.
    let ownerID: Int64
    /// The repository whole, as pull requests' `head.repo` and `base.repo` embed it.
    let repositoryShape: GitHubShapes.Repository

    private var repoURL: String { "\(apiRoot)/repos/\(repository.fullName)" }
    private var htmlURL: String { "https://github.com/\(repository.fullName)" }

    init(apiRoot: String, repository: SimulatedRepository, ownerID: Int64) {
        self.apiRoot = apiRoot
        self.repository = repository
        self.ownerID = ownerID
        let owner = SimulatedUser(login: repository.owner, id: ownerID, type: "Organization")
        let url = "\(apiRoot)/repos/\(repository.fullName)"
        let html = "https://github.com/\(repository.fullName)"
        repositoryShape = GitHubShapes.Repository(
            fields: GitHubShapes.Repository.Fields(
                id: repository.id, nodeId: "R_\(repository.id)", name: repository.name,
                fullName: repository.fullName, owner: GitHubShapes.SimpleUser(owner, api: apiRoot), private: false,
                htmlUrl: html, description: Nullable("Simulated \(repository.name)"), fork: false, url: url,
                gitUrl: "git://github.com/\(repository.fullName).git",
                sshUrl: "git@github.com:\(repository.fullName).git", cloneUrl: "\(html).git", svnUrl: html,
                mirrorUrl: nil, homepage: nil, language: Nullable(repository.language),
                forksCount: repository.forks, stargazersCount: repository.stargazers,
                watchersCount: repository.stargazers, size: repository.commits.count * 10, defaultBranch: "main",
                openIssuesCount: repository.openIssues, topics: [], hasIssues: true, hasProjects: false,
                hasWiki: false, hasPages: false, hasDownloads: true, archived: false, disabled: false,
                pushedAt: repository.pushedAt, createdAt: repository.createdAt, updatedAt: repository.updatedAt,
                license: nil),
            counts: GitHubShapes.Repository.Counts(
                forks: repository.forks, openIssues: repository.openIssues, watchers: repository.stargazers),
            visibility: nil)
    }

    func user(_ user: SimulatedUser) -> GitHubShapes.SimpleUser { GitHubShapes.SimpleUser(user, api: apiRoot) }

    func pullRequest(_ pull: SimulatedPullRequest, detail: Bool) -> GitHubShapes.PullRequest {
        let headSHA = pull.commits.last?.sha ?? String(repeating: "0", count: 40)
        let url = "\(repoURL)/pulls/\(pull.number)"
        let html = "\(htmlURL)/pull/\(pull.number)"
        let issue = "\(repoURL)/issues/\(pull.number)"
        let links = [
            "self": url, "html": html, "issue": issue, "comments": "\(issue)/comments",
            "review_comments": "\(url)/comments", "review_comment": "\(repoURL)/pulls/comments{/number}",
            "commits": "\(url)/commits", "statuses": "\(repoURL)/statuses/\(headSHA)",
        ].mapValues(GitHubShapes.Link.init)
        let owner = repositoryShape.fields.owner
        let summary = GitHubShapes.PullRequest.Summary(
            url: url, id: pull.id, nodeId: "PR_\(pull.id)", htmlUrl: html, diffUrl: "\(html).diff",
            patchUrl: "\(html).patch", issueUrl: issue, commitsUrl: links["commits"]!.href,
            reviewCommentsUrl: links["review_comments"]!.href, reviewCommentUrl: links["review_comment"]!.href,
            commentsUrl: links["comments"]!.href, statusesUrl: links["statuses"]!.href, number: pull.number,
            state: pull.state, locked: false, title: pull.title, user: user(pull.user),
            body: Nullable("Body of \(pull.title)"),
            labels: pull.labels.enumerated().map { index, name in
                GitHubShapes.Label(
                    id: Int64(5000 + index), nodeId: "LA_\(index)", url: "\(repoURL)/labels/\(name)", name: name,
                    color: "f29513", default: false, description: nil, archivedBy: nil)
            },
            milestone: nil, activeLockReason: nil, createdAt: pull.createdAt, updatedAt: pull.updatedAt,
            closedAt: Nullable(pull.closedAt), mergedAt: Nullable(pull.mergedAt),
            mergeCommitSha: Nullable(pull.mergedAt == nil ? nil : headSHA), assignee: nil, assignees: [],
            requestedReviewers: pull.requestedReviewers.map(user), requestedTeams: pull.requestedTeams.map(team),
            head: GitHubShapes.Ref(
                label: "\(repository.owner):\(pull.headRef)", ref: pull.headRef, sha: headSHA, user: owner,
                repo: repositoryShape),
            base: GitHubShapes.Ref(
                label: "\(repository.owner):main", ref: "main", sha: headSHA, user: owner, repo: repositoryShape),
            _links: links, authorAssociation: pull.user.type == "Bot" ? "NONE" : "MEMBER", autoMerge: nil,
            draft: pull.draft)
        guard detail else { return GitHubShapes.PullRequest(summary: summary, detail: nil) }
        let open = pull.closedAt == nil
        return GitHubShapes.PullRequest(
            summary: summary,
            detail: GitHubShapes.PullRequest.Detail(
                merged: pull.mergedAt != nil, mergeable: Nullable(open ? true : nil),
                rebaseable: Nullable(open ? true : nil), mergeableState: open ? "clean" : "unknown",
                mergedBy: Nullable(pull.mergedBy.map(user)), comments: pull.issueComments.count,
                reviewComments: pull.reviewComments.count, maintainerCanModify: false, commits: pull.commits.count,
                additions: pull.additions, deletions: pull.deletions, changedFiles: pull.changedFiles))
    }

    func team(_ slug: String) -> GitHubShapes.Team {
        let id = Int64(7000 + slug.utf8.reduce(0) { $0 &* 31 &+ Int($1) } % 1000)
        let url = "\(apiRoot)/organizations/\(ownerID)/team/\(id)"
        return GitHubShapes.Team(
            id: id, nodeId: "T_\(id)", name: slug.capitalized, slug: slug, description: nil, url: url,
            htmlUrl: "https://github.com/orgs/\(repository.owner)/teams/\(slug)", membersUrl: "\(url)/members{/member}",
            repositoriesUrl: "\(url)/repos", privacy: "closed", permission: "pull", type: "organization", parent: nil)
    }

    func review(_ review: SimulatedReview, pullNumber: Int) -> GitHubShapes.Review {
        let html = "\(htmlURL)/pull/\(pullNumber)#pullrequestreview-\(review.id)"
        let pullURL = "\(repoURL)/pulls/\(pullNumber)"
        return GitHubShapes.Review(
            id: review.id, nodeId: "PRR_\(review.id)", user: Nullable(review.user.map(user)), body: review.body,
            state: review.state, htmlUrl: html, pullRequestUrl: pullURL,
            _links: ["html": GitHubShapes.Link(href: html), "pull_request": GitHubShapes.Link(href: pullURL)],
            submittedAt: review.submittedAt, commitId: review.commitID, authorAssociation: "MEMBER")
    }

    func reviewComment(_ comment: SimulatedReviewComment) -> GitHubShapes.ReviewComment {
        let url = "\(repoURL)/pulls/comments/\(comment.id)"
        let html = "\(htmlURL)/pull/\(comment.pullNumber)#discussion_r\(comment.id)"
        let pullURL = "\(repoURL)/pulls/\(comment.pullNumber)"
        let sha = String(repeating: "a", count: 40)
        return GitHubShapes.ReviewComment(
            url: url, pullRequestReviewId: Nullable(comment.reviewID), id: comment.id, nodeId: "PRRC_\(comment.id)",
            diffHunk: "@@ -1,3 +1,4 @@", path: comment.path, position: 2, originalPosition: 2, commitId: sha,
            originalCommitId: sha, inReplyToId: comment.inReplyTo, user: user(comment.user), body: comment.body,
            createdAt: comment.createdAt, updatedAt: comment.updatedAt, htmlUrl: html, pullRequestUrl: pullURL,
            authorAssociation: "MEMBER",
            _links: [
                "self": GitHubShapes.Link(href: url), "html": GitHubShapes.Link(href: html),
                "pull_request": GitHubShapes.Link(href: pullURL),
            ],
            startLine: nil, originalStartLine: nil, startSide: nil, line: 2, originalLine: 2, side: "RIGHT")
    }

    func issueComment(_ comment: SimulatedIssueComment) -> GitHubShapes.IssueComment {
        GitHubShapes.IssueComment(
            id: comment.id, nodeId: "IC_\(comment.id)", url: "\(repoURL)/issues/comments/\(comment.id)",
            htmlUrl: "\(htmlURL)/issues/\(comment.issueNumber)#issuecomment-\(comment.id)",
            body: comment.body, user: user(comment.user), createdAt: comment.createdAt, updatedAt: comment.updatedAt,
            issueUrl: "\(repoURL)/issues/\(comment.issueNumber)", authorAssociation: "MEMBER")
    }

    func commit(_ commit: SimulatedCommit, stats: Bool) -> GitHubShapes.Commit {
        let signature = GitHubShapes.Commit.Signature(
            name: commit.authorName, email: commit.authorEmail, date: commit.committedAt)
        let tree = String(commit.sha.reversed())
        let account = Nullable(commit.author.map(user))
        return GitHubShapes.Commit(
            url: "\(repoURL)/commits/\(commit.sha)", sha: commit.sha, nodeId: "C_\(commit.sha.prefix(12))",
            htmlUrl: "\(htmlURL)/commit/\(commit.sha)", commentsUrl: "\(repoURL)/commits/\(commit.sha)/comments",
            commit: GitHubShapes.Commit.Detail(
                url: "\(repoURL)/git/commits/\(commit.sha)", author: signature, committer: signature,
                message: commit.message,
                tree: GitHubShapes.Commit.Tree(sha: tree, url: "\(repoURL)/git/trees/\(tree)"), commentCount: 0,
                verification: GitHubShapes.Commit.Verification(
                    verified: false, reason: "unsigned", signature: nil, payload: nil)),
            author: account, committer: account,
            parents: commit.parentSHA.map { [GitHubShapes.Commit.Parent(sha: $0, url: "\(repoURL)/commits/\($0)")] }
                ?? [],
            stats: stats
                ? GitHubShapes.Commit.Stats(
                    additions: commit.additions, deletions: commit.deletions, total: commit.additions + commit.deletions
                )
                : nil)
    }
}
