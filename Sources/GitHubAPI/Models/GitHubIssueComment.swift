import Foundation

/// An item of `GET /repos/{o}/{r}/issues/comments`.
public struct GitHubIssueComment: Decodable, Sendable {
    public let id: Int64
    public let user: GitHubUser?
    public let body: String?
    public let createdAt: Date
    public let updatedAt: Date
    public let issueUrl: String
}
