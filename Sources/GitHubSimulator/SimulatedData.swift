import Foundation

/// An account of the simulated organisation.
public struct SimulatedUser: Sendable, Hashable {
    public let login: String
    public let id: Int64
    /// `User` or `Bot`.
    public let type: String

    /// The account GitHub's REST API shows in place of a deleted one (GraphQL answers `author: null`).
    public static let ghost = SimulatedUser(login: "ghost", id: 10137, type: "User")

    /// The login as GitHub's GraphQL API gives it: a bot's without REST's `[bot]` suffix (`dependabot`).
    public var graphQLLogin: String {
        type == "Bot" && login.hasSuffix("[bot]") ? String(login.dropLast(5)) : login
    }
}

public struct SimulatedReview: Sendable {
    public let id: Int64
    /// Nil when the reviewer's account was deleted: REST answers `user: null`, GraphQL `author: null`.
    public let user: SimulatedUser?
    /// `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED` or `PENDING` (not submitted: no `submitted_at`).
    public let state: String
    public let submittedAt: Date?
    public let body: String
    public let commitID: String
}

public struct SimulatedReviewComment: Sendable {
    public let id: Int64
    public let reviewID: Int64?
    public let inReplyTo: Int64?
    public let user: SimulatedUser
    public let path: String
    public let body: String
    public let createdAt: Date
    public let updatedAt: Date
    public let pullNumber: Int
}

public struct SimulatedIssueComment: Sendable {
    public let id: Int64
    public let user: SimulatedUser
    public let body: String
    public let createdAt: Date
    public let updatedAt: Date
    public let issueNumber: Int
}

public struct SimulatedCommit: Sendable {
    public let sha: String
    /// The GitHub account of the commit's author; nil when its email belongs to none (REST `author: null`).
    public let author: SimulatedUser?
    /// The git author identity (`commit.author.name` / `.email`), present with or without an account.
    public let authorName: String
    public let authorEmail: String
    public let message: String
    public var authoredAt: Date
    public let committedAt: Date
    public let parentSHA: String?
    public let additions: Int
    public let deletions: Int
}

public struct SimulatedPullRequest: Sendable {
    public let id: Int64
    public let number: Int
    public let title: String
    public let user: SimulatedUser
    public let draft: Bool
    public let createdAt: Date
    public var updatedAt: Date
    public let closedAt: Date?
    public let mergedAt: Date?
    public let mergedBy: SimulatedUser?
    public let additions: Int
    public let deletions: Int
    public let changedFiles: Int
    public let labels: [String]
    public let requestedReviewers: [SimulatedUser]
    /// Slugs of the organisation's teams asked for a review (REST `requested_teams`, GraphQL `Team` requests).
    public let requestedTeams: [String]
    public let headRef: String
    public let commits: [SimulatedCommit]
    public let reviews: [SimulatedReview]
    public let reviewComments: [SimulatedReviewComment]
    public var issueComments: [SimulatedIssueComment]

    public var state: String { closedAt == nil ? "open" : "closed" }
}

public struct SimulatedRepository: Sendable {
    public let id: Int64
    public let owner: String
    public let name: String
    public let language: String
    public let createdAt: Date
    public let pushedAt: Date
    public var updatedAt: Date
    public let stargazers: Int
    public let forks: Int
    public var pullRequests: [SimulatedPullRequest]
    /// Commits on the default branch, newest first.
    public let commits: [SimulatedCommit]
    public let reviewComments: [SimulatedReviewComment]
    public var issueComments: [SimulatedIssueComment]

    public var fullName: String { "\(owner)/\(name)" }
    public var openIssues: Int { pullRequests.filter { $0.closedAt == nil }.count }
}
