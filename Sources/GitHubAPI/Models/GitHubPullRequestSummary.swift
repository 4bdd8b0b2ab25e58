import Foundation

/// An item of `GET /repos/{o}/{r}/pulls`: enough to decide whether it is in the window.
public struct GitHubPullRequestSummary: Decodable, Sendable {
    public let id: Int64
    public let number: Int
    public let state: String
    public let updatedAt: Date
}
