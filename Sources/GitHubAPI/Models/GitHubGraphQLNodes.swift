import Foundation

/// The small GraphQL shapes the pull-request queries share, with the schema's nullability.
extension GitHubGraphQLPullRequests {
    public struct Connection<Node: Decodable & Sendable>: Decodable, Sendable {
        public struct PageInfo: Decodable, Sendable {
            public let hasNextPage: Bool
            public let endCursor: String?
        }
        public let pageInfo: PageInfo?
        public let nodes: [Node?]?
        public let totalCount: Int?

        /// The nodes that are there (GitHub's `nodes` is a list of nullable nodes).
        public var items: [Node] { (nodes ?? []).compactMap { $0 } }
    }

    public struct Count: Decodable, Sendable { public let totalCount: Int }

    /// An `Actor` (`User`, `Bot`, `Mannequin`, `Organization` ...): null when the account was deleted.
    public struct Actor: Decodable, Sendable {
        public let login: String
        // swift-format-ignore: AlwaysUseLowerCamelCase
        public let __typename: String?
    }

    public struct Name: Decodable, Sendable { public let name: String }
    public struct CommitRef: Decodable, Sendable { public let oid: String }

    /// A pull request's commit (GitHub lists them oldest first).
    public struct PullRequestCommit: Decodable, Sendable {
        public struct Commit: Decodable, Sendable { public let authoredDate: Date? }
        public let commit: Commit
    }

    /// A review request: a user, bot or mannequin by login, a team by `org/slug`; null when the reviewer is gone.
    public struct ReviewRequest: Decodable, Sendable {
        public struct Reviewer: Decodable, Sendable {
            // swift-format-ignore: AlwaysUseLowerCamelCase
            public let __typename: String
            public let login: String?
            public let combinedSlug: String?
        }
        public let requestedReviewer: Reviewer?

        /// The name stored in `requested_reviewers`: REST's login for accounts, `org/slug` for teams.
        public var name: String? {
            guard let reviewer = requestedReviewer else { return nil }
            if let slug = reviewer.combinedSlug { return slug }
            return reviewer.login.map { AccountLogin.normalized($0, type: reviewer.__typename) }
        }
    }

    public struct Review: Decodable, Sendable {
        public let fullDatabaseId: GraphQLBigInt
        public let state: String
        public let body: String
        public let submittedAt: Date?
        public let author: Actor?
        public let commit: CommitRef?
        public let comments: Count
    }
}
