import Foundation

extension GitHubShapes {
    struct Review: Encodable {
        let id: Int64
        let nodeId: String
        /// Null when the reviewer's account was deleted.
        let user: Nullable<SimpleUser>
        let body: String
        let state: String
        let htmlUrl: String
        let pullRequestUrl: String
        /// `html` and `pull_request`.
        let _links: [String: Link]
        /// Absent on a PENDING review, as GitHub sends it.
        let submittedAt: Date?
        let commitId: String
        let authorAssociation: String
    }

    struct ReviewComment: Encodable {
        let url: String
        let pullRequestReviewId: Nullable<Int64>
        let id: Int64
        let nodeId: String
        let diffHunk: String
        let path: String
        let position: Int
        let originalPosition: Int
        let commitId: String
        let originalCommitId: String
        /// Absent unless the comment answers another.
        let inReplyToId: Int64?
        let user: SimpleUser
        let body: String
        let createdAt: Date
        let updatedAt: Date
        let htmlUrl: String
        let pullRequestUrl: String
        let authorAssociation: String
        /// `self`, `html` and `pull_request`.
        let _links: [String: Link]
        let startLine: Nullable<Int>
        let originalStartLine: Nullable<Int>
        let startSide: Nullable<String>
        let line: Int
        let originalLine: Int
        let side: String
    }

    struct IssueComment: Encodable {
        let id: Int64
        let nodeId: String
        let url: String
        let htmlUrl: String
        let body: String
        let user: SimpleUser
        let createdAt: Date
        let updatedAt: Date
        let issueUrl: String
        let authorAssociation: String
    }
}
