import Foundation

/// An item of `GET /repos/{o}/{r}/commits` (and, with `stats`, of `/commits/{sha}`).
public struct GitHubCommit: Decodable, Sendable {
    public struct Signature: Decodable, Sendable {
        public let name: String?
        public let email: String?
        public let date: Date?
    }
    public struct Detail: Decodable, Sendable {
        public let author: Signature?
        public let committer: Signature?
        public let message: String
    }
    public struct Parent: Decodable, Sendable { public let sha: String }
    public struct Stats: Decodable, Sendable {
        public let additions: Int?
        public let deletions: Int?
    }

    public let sha: String
    public let commit: Detail
    public let author: GitHubUser?
    public let committer: GitHubUser?
    public let parents: [Parent]?
    public let stats: Stats?
}
