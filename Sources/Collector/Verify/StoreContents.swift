import Foundation

/// What one store holds, in the shape `verify` compares with GitHub: per repository, pull request versions,
/// reviews per pull request, and the sizes of the listings only counted.
public protocol StoreContents: Sendable {
    /// `sqlite`, `gcs` or `bigquery`.
    var name: String { get }
    func repositoryCount(org: String) async throws -> Int
    /// Pull requests updated since `since` (all when nil): number → `updated_at` (ISO 8601).
    func pullRequestVersions(org: String, repo: String, since: Date?) async throws -> [Int: String]
    /// Reviews per pull request number.
    func reviewsPerPullRequest(org: String, repo: String) async throws -> [Int: Int]
    /// Conversation comments (on issues and pull requests) updated since `since`.
    func issueCommentCount(org: String, repo: String, since: Date?) async throws -> Int
    /// Review comments updated since `since`.
    func reviewCommentCount(org: String, repo: String, since: Date?) async throws -> Int
    /// Commits committed since `since`.
    func commitCount(org: String, repo: String, since: Date?) async throws -> Int
}
