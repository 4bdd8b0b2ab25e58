import Foundation

/// A commit on a repository's default branch, from `GET /repos/{o}/{r}/commits`.
public struct Commit: GHRecord {
    public static let recordType = RecordType.commit
    /// Its fields are its stored properties below; upserted by sha within its repository, and a listing without
    /// stats keeps those stored.
    public static let shape = RecordShape(
        reading: Commit.self, key: ["org", "repo", "sha"], enrichment: ["additions", "deletions"])

    public var org: String
    public var repo: String
    public var sha: String
    public var authorLogin: String?
    public var authorName: String?
    public var committerLogin: String?
    public var authoredAt: Date?
    public var committedAt: Date?
    public var message: String
    public var parentCount: Int
    /// Lines added; present only when commit stats are fetched.
    public var additions: Int?
    /// Lines deleted; present only when commit stats are fetched.
    public var deletions: Int?

    /// The wire names (snake_case, as the schemas in `schemas/records` say).
    enum CodingKeys: String, CodingKey {
        case org
        case repo
        case sha
        case authorLogin = "author_login"
        case authorName = "author_name"
        case committerLogin = "committer_login"
        case authoredAt = "authored_at"
        case committedAt = "committed_at"
        case message
        case parentCount = "parent_count"
        case additions
        case deletions
    }

    public init(
        org: String, repo: String, sha: String, authorLogin: String?, authorName: String?,
        committerLogin: String?, authoredAt: Date?, committedAt: Date?, message: String, parentCount: Int,
        additions: Int? = nil, deletions: Int? = nil
    ) {
        self.org = org
        self.repo = repo
        self.sha = sha
        self.authorLogin = authorLogin
        self.authorName = authorName
        self.committerLogin = committerLogin
        self.authoredAt = authoredAt
        self.committedAt = committedAt
        self.message = message
        self.parentCount = parentCount
        self.additions = additions
        self.deletions = deletions
    }

    public var naturalKey: String { "\(org)/\(repo)@\(sha)" }
}
