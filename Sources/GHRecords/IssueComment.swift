import Foundation

/// A conversation comment on an issue or pull request, from `GET /repos/{o}/{r}/issues/comments`.
public struct IssueComment: GHRecord {
    public static let recordType = RecordType.issueComment
    /// Its fields are its stored properties below; upserted by id; a version never replaces a newer one.
    public static let shape = RecordShape(reading: IssueComment.self, key: ["id"], version: "updated_at")

    public var id: Int64
    public var org: String
    public var repo: String
    /// The issue or pull request number the comment is on.
    public var issueNumber: Int
    public var authorLogin: String?
    public var authorType: String?
    public var body: String
    public var createdAt: Date
    public var updatedAt: Date

    /// The wire names (snake_case, as the schemas in `schemas/records` say).
    enum CodingKeys: String, CodingKey {
        case id
        case org
        case repo
        case issueNumber = "issue_number"
        case authorLogin = "author_login"
        case authorType = "author_type"
        case body
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(
        id: Int64, org: String, repo: String, issueNumber: Int, authorLogin: String?, authorType: String?,
        body: String, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.org = org
        self.repo = repo
        self.issueNumber = issueNumber
        self.authorLogin = authorLogin
        self.authorType = authorType
        self.body = body
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var naturalKey: String { "issue_comment/\(id)" }
}
