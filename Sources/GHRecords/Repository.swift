import Foundation

/// A repository of an organisation, as listed by `GET /orgs/{org}/repos`.
public struct Repository: GHRecord {
    public static let recordType = RecordType.repository
    /// Its fields are its stored properties below; upserted by name within its organisation, the last write wins.
    public static let shape = RecordShape(reading: Repository.self, key: ["org", "repo"])

    public var id: Int64
    public var org: String
    public var repo: String
    public var fullName: String
    public var isPrivate: Bool
    public var fork: Bool
    public var archived: Bool
    public var defaultBranch: String?
    public var language: String?
    public var stargazersCount: Int
    public var forksCount: Int
    public var openIssuesCount: Int
    public var createdAt: Date?
    public var updatedAt: Date?
    public var pushedAt: Date?

    /// The wire names (snake_case, as the schemas in `schemas/records` say).
    enum CodingKeys: String, CodingKey {
        case id
        case org
        case repo
        case fullName = "full_name"
        case isPrivate = "is_private"
        case fork
        case archived
        case defaultBranch = "default_branch"
        case language
        case stargazersCount = "stargazers_count"
        case forksCount = "forks_count"
        case openIssuesCount = "open_issues_count"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case pushedAt = "pushed_at"
    }

    public init(
        id: Int64, org: String, repo: String, fullName: String, isPrivate: Bool, fork: Bool, archived: Bool,
        defaultBranch: String?, language: String?, stargazersCount: Int, forksCount: Int, openIssuesCount: Int,
        createdAt: Date?, updatedAt: Date?, pushedAt: Date?
    ) {
        self.id = id
        self.org = org
        self.repo = repo
        self.fullName = fullName
        self.isPrivate = isPrivate
        self.fork = fork
        self.archived = archived
        self.defaultBranch = defaultBranch
        self.language = language
        self.stargazersCount = stargazersCount
        self.forksCount = forksCount
        self.openIssuesCount = openIssuesCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.pushedAt = pushedAt
    }

    public var naturalKey: String { "\(org)/\(repo)" }
}
