import Foundation

/// How many items of each stream the simulator serves for a window: the truth a collection must match.
public struct SimulatedCounts: Sendable, Hashable, Codable, CustomStringConvertible {
    public var repositories = 0
    public var pullRequests = 0
    public var reviews = 0
    public var reviewComments = 0
    public var issueComments = 0
    public var commits = 0

    public init() {}

    /// Counts with GitHub's window semantics: pull requests updated since `since` (with all their reviews),
    /// comments updated since `since`, commits committed since `since`.
    public init(organizations: [SimulatedOrganization], since: Date?) {
        let since = since ?? .distantPast
        for organization in organizations {
            for repository in organization.repositories {
                repositories += 1
                let pulls = repository.pullRequests.filter { $0.updatedAt >= since }
                pullRequests += pulls.count
                reviews += pulls.reduce(0) { $0 + $1.reviews.count }
                reviewComments += repository.reviewComments.filter { $0.updatedAt >= since }.count
                issueComments += repository.issueComments.filter { $0.updatedAt >= since }.count
                commits += repository.commits.filter { $0.committedAt >= since }.count
            }
        }
    }

    public var description: String {
        "repositories \(repositories), pull_requests \(pullRequests), reviews \(reviews), "
            + "review_comments \(reviewComments), issue_comments \(issueComments), commits \(commits)"
    }
}
