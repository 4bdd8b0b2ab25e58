import Foundation

/// An item of `GET /orgs/{org}/repos`.
public struct GitHubRepository: Decodable, Sendable {
    public let id: Int64
    public let name: String
    public let fullName: String
    public let owner: GitHubUser
    public let `private`: Bool
    public let fork: Bool
    public let archived: Bool?
    public let defaultBranch: String?
    public let language: String?
    public let stargazersCount: Int?
    public let forksCount: Int?
    public let openIssuesCount: Int?
    public let createdAt: Date?
    public let updatedAt: Date?
    public let pushedAt: Date?
}
