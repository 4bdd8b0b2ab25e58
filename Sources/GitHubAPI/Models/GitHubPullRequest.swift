import Foundation

/// `GET /repos/{o}/{r}/pulls/{n}`: a pull request with its detail fields.
public struct GitHubPullRequest: Decodable, Sendable {
    public struct Label: Decodable, Sendable { public let name: String }
    public struct Ref: Decodable, Sendable { public let ref: String }
    public struct Team: Decodable, Sendable { public let slug: String }

    public let id: Int64
    public let number: Int
    public let title: String
    public let state: String
    public let user: GitHubUser?
    public let draft: Bool?
    public let createdAt: Date
    public let updatedAt: Date
    public let closedAt: Date?
    public let mergedAt: Date?
    public let merged: Bool?
    public let mergedBy: GitHubUser?
    public let additions: Int?
    public let deletions: Int?
    public let changedFiles: Int?
    public let commits: Int?
    public let comments: Int?
    public let reviewComments: Int?
    public let labels: [Label]?
    public let requestedReviewers: [GitHubUser]?
    public let requestedTeams: [Team]?
    public let base: Ref?
    public let head: Ref?
}
