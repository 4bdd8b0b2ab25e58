import Foundation

extension GitHubShapes {
    /// A commit as `GET /commits` lists it and, with `stats`, as `GET /commits/{sha}` gives it.
    struct Commit: Encodable {
        struct Signature: Encodable {
            let name: String
            let email: String
            let date: Date
        }

        struct Tree: Encodable {
            let sha: String
            let url: String
        }

        struct Verification: Encodable {
            let verified: Bool
            let reason: String
            let signature: Nullable<String>
            let payload: Nullable<String>
        }

        struct Detail: Encodable {
            let url: String
            let author: Signature
            let committer: Signature
            let message: String
            let tree: Tree
            let commentCount: Int
            let verification: Verification
        }

        struct Parent: Encodable {
            let sha: String
            let url: String
        }

        struct Stats: Encodable {
            let additions: Int
            let deletions: Int
            let total: Int
        }

        let url: String
        let sha: String
        let nodeId: String
        let htmlUrl: String
        let commentsUrl: String
        let commit: Detail
        /// Null when the commit's author email belongs to no GitHub account.
        let author: Nullable<SimpleUser>
        let committer: Nullable<SimpleUser>
        let parents: [Parent]
        /// Only on `GET /commits/{sha}`.
        let stats: Stats?
    }
}
