import Foundation

/// A pull request with the detail fields of `GET /repos/{o}/{r}/pulls/{n}`.
public struct PullRequest: GHRecord {
    public static let recordType = RecordType.pullRequest
    /// Its fields are its stored properties below; upserted by number within its repository, never by an older
    /// version.
    public static let shape = RecordShape(
        reading: PullRequest.self, key: ["org", "repo", "number"], version: "updated_at")

    public var id: Int64
    public var org: String
    public var repo: String
    public var number: Int
    public var title: String
    /// `open` or `closed`.
    public var state: String
    /// REST's form of the login (`dependabot[bot]` for a bot, `ghost` for a deleted account).
    public var authorLogin: String?
    /// GitHub's account type of the author: `User`, `Bot` or `Organization`.
    public var authorType: String?
    public var draft: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var closedAt: Date?
    public var mergedAt: Date?
    public var merged: Bool
    public var mergedBy: String?
    public var additions: Int
    public var deletions: Int
    public var changedFiles: Int
    public var commits: Int
    public var comments: Int
    public var reviewComments: Int
    public var labels: [String]
    /// Accounts asked for a review by login, then teams as `org/team-slug`.
    public var requestedReviewers: [String]
    public var baseRef: String?
    public var headRef: String?
    /// When the pull request's first commit was authored (GraphQL gives it; REST would need one request more,
    /// so REST-collected rows leave it nil). Added in schema version 2.
    public var firstCommitAt: Date?

    /// The wire names (snake_case, as the schemas in `schemas/records` say).
    enum CodingKeys: String, CodingKey {
        case id
        case org
        case repo
        case number
        case title
        case state
        case authorLogin = "author_login"
        case authorType = "author_type"
        case draft
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case closedAt = "closed_at"
        case mergedAt = "merged_at"
        case merged
        case mergedBy = "merged_by"
        case additions
        case deletions
        case changedFiles = "changed_files"
        case commits
        case comments
        case reviewComments = "review_comments"
        case labels
        case requestedReviewers = "requested_reviewers"
        case baseRef = "base_ref"
        case headRef = "head_ref"
        case firstCommitAt = "first_commit_at"
    }

    public init(
        id: Int64, org: String, repo: String, number: Int, title: String, state: String,
        authorLogin: String?, authorType: String?, draft: Bool, createdAt: Date, updatedAt: Date,
        closedAt: Date?, mergedAt: Date?, merged: Bool, mergedBy: String?, additions: Int, deletions: Int,
        changedFiles: Int, commits: Int, comments: Int, reviewComments: Int, labels: [String],
        requestedReviewers: [String], baseRef: String?, headRef: String?, firstCommitAt: Date? = nil
    ) {
        self.id = id
        self.org = org
        self.repo = repo
        self.number = number
        self.title = title
        self.state = state
        self.authorLogin = authorLogin
        self.authorType = authorType
        self.draft = draft
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.closedAt = closedAt
        self.mergedAt = mergedAt
        self.merged = merged
        self.mergedBy = mergedBy
        self.additions = additions
        self.deletions = deletions
        self.changedFiles = changedFiles
        self.commits = commits
        self.comments = comments
        self.reviewComments = reviewComments
        self.labels = labels
        self.requestedReviewers = requestedReviewers
        self.baseRef = baseRef
        self.headRef = headRef
        self.firstCommitAt = firstCommitAt
    }

    public var naturalKey: String { "\(org)/\(repo)#\(number)" }
}
