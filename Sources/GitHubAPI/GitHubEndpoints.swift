import Foundation

/// URLs of the REST endpoints ghstats reads, under one base URL.
public struct GitHubEndpoints: Sendable {
    public let baseURL: String
    public let perPage: Int

    public init(baseURL: String, perPage: Int = 100) {
        self.baseURL = baseURL
        self.perPage = min(max(perPage, 1), 100)
    }

    public func organizationRepositories(org: String) -> String {
        url("/orgs/\(escape(org))/repos", ["type": "all", "sort": "full_name"])
    }

    /// Pull requests of every state, most recently updated first (for an early stop at the window).
    public func pullRequests(owner: String, repo: String) -> String {
        url("/repos/\(escape(owner))/\(escape(repo))/pulls", ["state": "all", "sort": "updated", "direction": "desc"])
    }

    /// The most recently updated pull request alone: a cheap, cacheable probe of whether a repository's pull
    /// requests changed (any new or updated pull request changes this page).
    public func newestPullRequest(owner: String, repo: String) -> String {
        url(
            "/repos/\(escape(owner))/\(escape(repo))/pulls",
            ["state": "all", "sort": "updated", "direction": "desc", "per_page": "1"], paginated: false)
    }

    /// One commit with its stats and files.
    public func commit(owner: String, repo: String, sha: String) -> String {
        url("/repos/\(escape(owner))/\(escape(repo))/commits/\(escape(sha))", [:], paginated: false)
    }

    public func pullRequest(owner: String, repo: String, number: Int) -> String {
        url("/repos/\(escape(owner))/\(escape(repo))/pulls/\(number)", [:], paginated: false)
    }

    public func reviews(owner: String, repo: String, number: Int) -> String {
        url("/repos/\(escape(owner))/\(escape(repo))/pulls/\(number)/reviews", [:])
    }

    /// Review comments of the whole repository (one listing instead of one per pull request).
    public func reviewComments(owner: String, repo: String, since: Date?) -> String {
        var query = ["sort": "updated", "direction": "asc"]
        if let since { query["since"] = Self.timestamp(since) }
        return url("/repos/\(escape(owner))/\(escape(repo))/pulls/comments", query)
    }

    /// Issue and pull request conversation comments of the whole repository.
    public func issueComments(owner: String, repo: String, since: Date?) -> String {
        var query = ["sort": "updated", "direction": "asc"]
        if let since { query["since"] = Self.timestamp(since) }
        return url("/repos/\(escape(owner))/\(escape(repo))/issues/comments", query)
    }

    public func commits(owner: String, repo: String, since: Date?, until: Date?) -> String {
        var query: [String: String] = [:]
        if let since { query["since"] = Self.timestamp(since) }
        if let until { query["until"] = Self.timestamp(until) }
        return url("/repos/\(escape(owner))/\(escape(repo))/commits", query)
    }

    public var rateLimit: String { url("/rate_limit", [:], paginated: false) }

    /// `GET /user`: the account a token belongs to.
    public var authenticatedUser: String { url("/user", [:], paginated: false) }

    /// GitHub's timestamp form, `2024-01-31T12:00:00Z`.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    private func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(
            withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? segment
    }

    private func url(_ path: String, _ query: [String: String], paginated: Bool = true) -> String {
        var items = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        if paginated { items.append(URLQueryItem(name: "per_page", value: String(perPage))) }
        var components = URLComponents()
        components.queryItems = items
        // `+` in timestamps must survive as a literal plus, not a space.
        let query = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return query.isEmpty ? baseURL + path : "\(baseURL)\(path)?\(query)"
    }
}
