import Foundation

extension GitHubShapes {
    /// A branch of a pull request (`head`, `base`): the repository it lives in and that repository's owner.
    struct Ref: Encodable {
        let label: String
        let ref: String
        let sha: String
        let user: SimpleUser
        let repo: Repository
    }

    /// A pull request as listed (pull-request-simple) or, with `detail`, as `GET /pulls/{n}` gives it.
    struct PullRequest: Encodable {
        let summary: Summary
        let detail: Detail?

        struct Summary: Encodable {
            let url: String
            let id: Int64
            let nodeId: String
            let htmlUrl: String
            let diffUrl: String
            let patchUrl: String
            let issueUrl: String
            let commitsUrl: String
            let reviewCommentsUrl: String
            let reviewCommentUrl: String
            let commentsUrl: String
            let statusesUrl: String
            let number: Int
            let state: String
            let locked: Bool
            let title: String
            let user: SimpleUser
            let body: Nullable<String>
            let labels: [Label]
            let milestone: Nullable<String>
            let activeLockReason: Nullable<String>
            let createdAt: Date
            let updatedAt: Date
            let closedAt: Nullable<Date>
            let mergedAt: Nullable<Date>
            let mergeCommitSha: Nullable<String>
            let assignee: Nullable<SimpleUser>
            let assignees: [SimpleUser]
            let requestedReviewers: [SimpleUser]
            let requestedTeams: [Team]
            let head: Ref
            let base: Ref
            /// `_links`: `self`, `html`, `issue`, `comments`, `review_comments`, `review_comment`, `commits`, `statuses`.
            let _links: [String: Link]
            let authorAssociation: String
            let autoMerge: Nullable<String>
            let draft: Bool
        }

        /// The fields only `GET /pulls/{n}` sends.
        struct Detail: Encodable {
            let merged: Bool
            let mergeable: Nullable<Bool>
            let rebaseable: Nullable<Bool>
            let mergeableState: String
            let mergedBy: Nullable<SimpleUser>
            let comments: Int
            let reviewComments: Int
            let maintainerCanModify: Bool
            let commits: Int
            let additions: Int
            let deletions: Int
            let changedFiles: Int
        }

        func encode(to encoder: any Encoder) throws {
            try summary.encode(to: encoder)
            try detail?.encode(to: encoder)
        }
    }
}
