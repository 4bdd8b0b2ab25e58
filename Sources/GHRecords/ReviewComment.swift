import Foundation

/// A comment on a pull request's diff, from `GET /repos/{o}/{r}/pulls/comments`.
public struct ReviewComment: GHRecord {
    public static let recordType = RecordType.reviewComment
    /// Its fields are its stored properties below; upserted by id; a version never replaces a newer one.
    public static let shape = RecordShape(reading: ReviewComment.self, key: ["id"], version: "updated_at")

    public var id: Int64
    public var org: String
    public var repo: String
    public var pullNumber: Int
    public var reviewId: Int64?
    public var inReplyToId: Int64?
    public var authorLogin: String?
    public var authorType: String?
    public var path: String?
    public var body: String
    public var createdAt: Date
    public var updatedAt: Date

    /// The wire names (snake_case, as the schemas in `schemas/records` say).
    enum CodingKeys: String, CodingKey {
        case id
        case org
        case repo
        case pullNumber = "pull_number"
        case reviewId = "review_id"
        case inReplyToId = "in_reply_to_id"
        case authorLogin = "author_login"
        case authorType = "author_type"
        case path
        case body
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(
        id: Int64, org: String, repo: String, pullNumber: Int, reviewId: Int64?, inReplyToId: Int64?,
        authorLogin: String?, authorType: String?, path: String?, body: String, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.org = org
        self.repo = repo
        self.pullNumber = pullNumber
        self.reviewId = reviewId
        self.inReplyToId = inReplyToId
        self.authorLogin = authorLogin
        self.authorType = authorType
        self.path = path
        self.body = body
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var naturalKey: String { "review_comment/\(id)" }
}
