import Foundation

/// A review of a pull request, from `GET /repos/{o}/{r}/pulls/{n}/reviews`.
public struct Review: GHRecord {
    public static let recordType = RecordType.review
    /// Its fields are its stored properties below; upserted by id.
    public static let shape = RecordShape(reading: Review.self, key: ["id"])

    public var id: Int64
    public var org: String
    public var repo: String
    public var pullNumber: Int
    public var authorLogin: String?
    public var authorType: String?
    /// `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED` or `PENDING`.
    public var state: String
    public var submittedAt: Date?
    public var commitId: String?
    public var body: String

    /// The wire names (snake_case, as the schemas in `schemas/records` say).
    enum CodingKeys: String, CodingKey {
        case id
        case org
        case repo
        case pullNumber = "pull_number"
        case authorLogin = "author_login"
        case authorType = "author_type"
        case state
        case submittedAt = "submitted_at"
        case commitId = "commit_id"
        case body
    }

    public init(
        id: Int64, org: String, repo: String, pullNumber: Int, authorLogin: String?, authorType: String?,
        state: String, submittedAt: Date?, commitId: String?, body: String
    ) {
        self.id = id
        self.org = org
        self.repo = repo
        self.pullNumber = pullNumber
        self.authorLogin = authorLogin
        self.authorType = authorType
        self.state = state
        self.submittedAt = submittedAt
        self.commitId = commitId
        self.body = body
    }

    public var naturalKey: String { "review/\(id)" }
}
