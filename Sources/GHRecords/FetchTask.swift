import Foundation

/// A unit of fetching work on the tasks topic. A handled task may emit records and child tasks.
public struct FetchTask: Codable, Sendable, Hashable {
    /// The collection this task belongs to.
    public var collectionId: String
    public var kind: FetchTaskKind
    public var org: String
    /// The repository name, for every kind but `repositories`.
    public var repo: String?
    /// The pull request number, for `pull_request_detail` and `reviews`.
    public var number: Int?
    /// The page to fetch: a full URL from a `Link` header, or nil for the first page.
    public var pageLink: String?
    /// The GraphQL cursor of the page to fetch (GraphQL listings); nil for the first page.
    public var cursor: String?
    /// The page number, for logs and keys (1 for the first page).
    public var page: Int
    /// Start of the collection window (inclusive).
    public var since: Date?
    /// End of the collection window (exclusive); nil means now.
    public var until: Date?
    /// A listing sorted by `updated_at` stops at items older than this: a complete earlier pass stored them.
    public var watermark: Date?
    /// The commit, for `commit_detail`.
    public var sha: String?
    /// Not to be handled before this time: the task was deferred while GitHub asked to wait (a rate-limit reset,
    /// `Retry-After`). Nil: at once.
    public var notBefore: Date?
    /// A repair (`verify --fix`): its records, and its child tasks' records, are published even when unchanged,
    /// to refill a store that lost them. Nil: records that repeat their latest version are left out.
    public var republish: Bool?

    /// The wire names (snake_case, as the schemas in `schemas/records` say).
    enum CodingKeys: String, CodingKey {
        case collectionId = "collection_id"
        case kind
        case org
        case repo
        case number
        case pageLink = "page_link"
        case cursor
        case page
        case since
        case until
        case watermark
        case sha
        case notBefore = "not_before"
        case republish
    }

    public init(
        collectionId: String, kind: FetchTaskKind, org: String, repo: String? = nil, number: Int? = nil,
        pageLink: String? = nil, page: Int = 1, since: Date? = nil, until: Date? = nil
    ) {
        self.collectionId = collectionId
        self.kind = kind
        self.org = org
        self.repo = repo
        self.number = number
        self.pageLink = pageLink
        self.page = page
        self.since = since
        self.until = until
    }

    /// The partition key: unique per task, so tasks spread over every partition.
    public var partitionKey: String {
        "\(org)/\(repo ?? "")/\(kind)/\(number ?? 0)/\(sha ?? "")/\(page)"
    }

    /// A readable name of the task for logs and dead letters (no secrets: URLs carry no token).
    public var summary: String {
        var text = "\(kind) \(org)"
        if let repo { text += "/\(repo)" }
        if let number { text += "#\(number)" }
        if let sha { text += "@\(sha.prefix(12))" }
        if kind == .gharchiveHour, let since { text += " \(ISO8601Timestamp.format(since))" }
        if page > 1 { text += " page \(page)" }
        return text
    }

    /// The task for the next page of a GraphQL listing.
    public func nextPage(cursor: String) -> FetchTask {
        var next = self
        next.cursor = cursor
        next.page = page + 1
        return next
    }

    /// The task for the next page of the same listing.
    public func nextPage(url: String) -> FetchTask {
        var next = self
        next.pageLink = url
        next.page = page + 1
        return next
    }
}
