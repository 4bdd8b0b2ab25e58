import Foundation

/// An item of `GET /repos/{o}/{r}/pulls/{n}/reviews`.
public struct GitHubReview: Decodable, Sendable {
    public let id: Int64
    public let user: GitHubUser?
    public let body: String?
    public let state: String
    public let submittedAt: Date?
    public let commitId: String?
    public let pullRequestUrl: String?
}
