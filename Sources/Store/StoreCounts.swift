/// Rows per table of the SQLite store.
public struct StoreCounts: Sendable, Hashable, CustomStringConvertible {
    public var repositories = 0
    public var pullRequests = 0
    public var reviews = 0
    public var reviewComments = 0
    public var issueComments = 0
    public var commits = 0
    public var events = 0
    public var deadLetters = 0

    public init() {}

    public var description: String {
        "repositories \(repositories), pull_requests \(pullRequests), reviews \(reviews), "
            + "review_comments \(reviewComments), issue_comments \(issueComments), commits \(commits), "
            + "events \(events), dead_letters \(deadLetters)"
    }
}
