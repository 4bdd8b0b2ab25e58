import Foundation

/// An item of `GET /repos/{o}/{r}/pulls/comments`.
public struct GitHubReviewComment: Decodable, Sendable {
    public let id: Int64
    public let pullRequestReviewId: Int64?
    public let inReplyToId: Int64?
    public let user: GitHubUser?
    public let path: String?
    public let body: String?
    public let createdAt: Date
    public let updatedAt: Date
    public let pullRequestUrl: String
}
